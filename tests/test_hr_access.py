"""The HR password: set once, unlocks HR's key, grows a delay after wrong tries, can change."""

from __future__ import annotations

import pytest
from support.hr import try_three_wrong_passwords_then_one_more
from support.postgres_cluster import BOTH_BACKENDS
from support.store import HR_PASSWORD

from zzsign.services.hr import HrAccess, HrNotSetUpError, HrPasswordError
from zzsign.store.hr_keys import HrKeyRepository


@BOTH_BACKENDS
def test_not_set_up_yet_says_what_to_do(settings, secrets):
    from zzsign.services.store import open_store

    fresh = open_store(settings, secrets)
    access = HrAccess(fresh.sessions)
    assert not access.is_set_up()
    with pytest.raises(HrNotSetUpError, match="HR must first set the HR password"):
        access.unlock("anything at all")
    fresh.close()


def test_password_is_never_stored_in_plaintext(store, settings):
    store.engine.dispose()
    raw = b"".join(p.read_bytes() for p in settings.data_dir.glob("zzsign.sqlite3*"))
    assert HR_PASSWORD.encode() not in raw


@BOTH_BACKENDS
def test_wrong_passwords_bring_a_growing_delay(hr_access_and_clock, store):
    access, clock = hr_access_and_clock
    try_three_wrong_passwords_then_one_more(access)  # even the right one then waits
    clock.now += 1.5
    with pytest.raises(HrPasswordError, match="Wait 2 seconds"):
        access.unlock("wrong again")
    clock.now += 1.0
    with pytest.raises(HrPasswordError, match="wait"):
        access.unlock(HR_PASSWORD)
    clock.now += 2.0
    assert len(access.unlock(HR_PASSWORD)) == 32
    with store.sessions() as db:
        keys = HrKeyRepository(db)
        assert keys.unlock_attempts(keys.newest().sealing_fingerprint) == (0, None)  # reset


@BOTH_BACKENDS
def test_delay_survives_a_restart(hr_access_and_clock, store):
    access, clock = hr_access_and_clock
    for _ in range(5):
        clock.now += 100
        with pytest.raises(HrPasswordError):
            access.unlock("wrong")
    restarted = HrAccess(store.sessions, now=clock)
    with pytest.raises(HrPasswordError, match="wait"):
        restarted.unlock(HR_PASSWORD)


@BOTH_BACKENDS
def test_change_password_rewraps_the_same_key(hr_access_and_clock):
    access, _ = hr_access_and_clock
    key = access.unlock(HR_PASSWORD)
    access.change_password(HR_PASSWORD, "a brand new HR passphrase")
    assert access.unlock("a brand new HR passphrase") == key
    with pytest.raises(HrPasswordError, match="not correct"):
        access.unlock(HR_PASSWORD)


def test_weak_new_password_is_refused_with_what_to_fix(hr_access_and_clock):
    access, _ = hr_access_and_clock
    with pytest.raises(HrPasswordError, match="at least 12 characters"):
        access.change_password(HR_PASSWORD, "short")
    assert access.unlock(HR_PASSWORD)


@BOTH_BACKENDS
def test_set_up_twice_is_refused(hr_access_and_clock):
    access, _ = hr_access_and_clock
    with pytest.raises(HrPasswordError, match="already set"):
        access.set_up("another long password")
