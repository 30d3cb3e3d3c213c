"""The HR station's secret: kept in its keyring, it joins the HR password, so that a copied
database alone allows no password guess; wraps made before keep opening, and are made stronger
at their next unlock."""

from __future__ import annotations

import json
import shutil

import pytest
from support.hr import try_three_wrong_passwords_then_one_more
from support.keyrings import FileKeyring, MemoryKeyring
from support.store import CHEAP_WRAPPING, HR_PASSWORD

from zzsign.config import Settings
from zzsign.security import hr_password
from zzsign.security.key_names import hr_station_secret_name
from zzsign.security.keyring_store import LOCKED_MESSAGE, SERVICE_NAME, SecretStore
from zzsign.services.hr import STATION_SECRET_MISSING, HrAccess, HrPasswordError
from zzsign.services.store import open_database, open_store
from zzsign.store.hr_keys import HrKeyRepository

NEW_PASSWORD = "tiger lily mango ferry"


def stored_wrap(sessions) -> dict:
    """HR's wrapped sealing key as the database holds it (in the newest entry of HR's keys)."""
    with sessions() as db:
        return json.loads(HrKeyRepository(db).newest(private=True).wrapped_private_key)


def failed_unlocks(sessions) -> int:
    with sessions() as db:
        keys = HrKeyRepository(db)
        return keys.unlock_attempts(keys.newest().sealing_fingerprint)[0]


def test_the_hr_password_set_on_the_hr_station_is_joined_by_a_secret_in_its_keyring(
    hr_station_with_keyring, keyring_backend, secrets
):
    store, access, _ = hr_station_with_keyring
    wrap = stored_wrap(store.sessions)
    assert wrap["v"] == 2
    kept = keyring_backend.passwords[(SERVICE_NAME, hr_station_secret_name(wrap["station_secret"]))]
    assert kept not in json.dumps(wrap)
    key = access.unlock(HR_PASSWORD)
    # Another HrAccess on this computer (the app started again) reads the secret back.
    assert HrAccess(store.sessions, secrets=secrets).unlock(HR_PASSWORD) == key


def test_a_copied_database_does_not_open_on_another_computer_even_with_the_right_password(
    hr_station_with_keyring, settings, tmp_path
):
    store, access, _ = hr_station_with_keyring
    store.close()
    copied = tmp_path / "copied"
    shutil.copytree(settings.data_dir, copied)
    elsewhere = open_database(
        Settings.resolve(data_dir=str(copied), environ={}),
        secrets=SecretStore(backend=MemoryKeyring()),
    )
    try:
        for keyring in (SecretStore(backend=MemoryKeyring()), None):
            with pytest.raises(HrPasswordError) as refused:
                HrAccess(elsewhere.sessions, secrets=keyring).unlock(HR_PASSWORD)
            assert refused.value.message == STATION_SECRET_MISSING
        assert failed_unlocks(elsewhere.sessions) == 0  # no password was tried
        # Offline, without the secret, even the right password opens nothing.
        wrapped = hr_password.WrappedKey.from_json(json.dumps(stored_wrap(elsewhere.sessions)))
        guessed = hr_password.StationSecret(wrapped.station_secret_id, bytes(32))
        with pytest.raises(hr_password.WrongPasswordError):
            hr_password.unwrap_private_key(wrapped, HR_PASSWORD, station_secret=guessed)
    finally:
        elsewhere.close()
    assert access.unlock(HR_PASSWORD)  # the HR station itself still opens it


def test_the_missing_sentence_says_what_to_do():
    assert STATION_SECRET_MISSING.count(".") == 1
    assert "use the HR station" in STATION_SECRET_MISSING
    assert "restore the HR station's keyring from the copy kept with its backups" in (
        STATION_SECRET_MISSING
    )


def test_wrong_passwords_are_still_paced_with_the_station_secret(hr_station_with_keyring):
    store, access, clock = hr_station_with_keyring
    try_three_wrong_passwords_then_one_more(access)
    clock.now += 1.5
    assert len(access.unlock(HR_PASSWORD)) == 32
    assert failed_unlocks(store.sessions) == 0


def test_a_wrap_made_before_opens_and_is_wrapped_again_at_the_new_cost_in_its_format(
    store, secrets
):
    """The ``store`` fixture's HR password was set the old way: format 1, no station secret,
    the cheapest cost. It opens as before, and its next unlock where HR works wraps it again
    at today's cost; it stays format 1, so that it still opens on every laptop sharing it."""
    before = stored_wrap(store.sessions)
    assert before["v"] == 1 and before["time_cost"] == 1
    old_way_key = HrAccess(store.sessions).unlock(HR_PASSWORD)
    assert stored_wrap(store.sessions) == before  # no keyring given: nothing rewritten
    stronger = {**CHEAP_WRAPPING, "time_cost": 2}
    access = HrAccess(store.sessions, wrapping_cost=stronger, secrets=secrets)
    assert access.unlock(HR_PASSWORD) == old_way_key
    after = stored_wrap(store.sessions)
    assert (after["v"], after["time_cost"]) == (1, 2) and after["salt"] != before["salt"]
    assert HrAccess(store.sessions, wrapping_cost=stronger, secrets=secrets).unlock(
        HR_PASSWORD
    ) == (old_way_key)
    assert stored_wrap(store.sessions) == after  # wrapped again once only
    assert HrAccess(store.sessions).unlock(HR_PASSWORD) == old_way_key  # any laptop, as before


def test_a_new_password_adds_the_station_secret_to_a_wrap_made_before(
    store, secrets, keyring_backend
):
    access = HrAccess(store.sessions, wrapping_cost=CHEAP_WRAPPING, secrets=secrets)
    key = access.unlock(HR_PASSWORD)
    access.change_password(HR_PASSWORD, NEW_PASSWORD)
    after = stored_wrap(store.sessions)
    assert after["v"] == 2
    assert (SERVICE_NAME, hr_station_secret_name(after["station_secret"])) in (
        keyring_backend.passwords
    )
    assert HrAccess(store.sessions, secrets=secrets).unlock(NEW_PASSWORD) == key
    with pytest.raises(HrPasswordError) as refused:
        HrAccess(store.sessions).unlock(NEW_PASSWORD)  # without this keyring: no longer
    assert refused.value.message == STATION_SECRET_MISSING


def test_a_wrap_made_before_still_opens_while_the_keyring_is_locked(
    store, secrets, keyring_backend
):
    keyring_backend.locked = True
    access = HrAccess(store.sessions, wrapping_cost=CHEAP_WRAPPING, secrets=secrets)
    assert len(access.unlock(HR_PASSWORD)) == 32


def test_with_the_keyring_locked_the_hr_station_says_to_unlock_it(
    hr_station_with_keyring, secrets, keyring_backend
):
    store, _, _ = hr_station_with_keyring
    keyring_backend.locked = True
    with pytest.raises(HrPasswordError) as refused:
        HrAccess(store.sessions, secrets=secrets).unlock(HR_PASSWORD)
    assert refused.value.message == LOCKED_MESSAGE
    assert failed_unlocks(store.sessions) == 0


def test_changing_the_password_keeps_the_station_secret(hr_station_with_keyring, secrets):
    store, access, _ = hr_station_with_keyring
    key = access.unlock(HR_PASSWORD)
    secret_id = stored_wrap(store.sessions)["station_secret"]
    with pytest.raises(HrPasswordError, match="company's or zzsign's name"):
        access.change_password(HR_PASSWORD, "zzservers2026")
    access.change_password(HR_PASSWORD, NEW_PASSWORD)
    assert stored_wrap(store.sessions)["station_secret"] == secret_id
    assert HrAccess(store.sessions, secrets=secrets).unlock(NEW_PASSWORD) == key


def test_the_set_up_refuses_zzservers2026_and_keeps_nothing(settings, secrets, keyring_backend):
    opened = open_store(settings, secrets)
    try:
        access = HrAccess(opened.sessions, wrapping_cost=CHEAP_WRAPPING, secrets=secrets)
        assert access.password_problem("zzservers2026").startswith(
            "Choose an HR password without the company's or zzsign's name"
        )
        assert access.password_problem(NEW_PASSWORD) is None
        with pytest.raises(HrPasswordError, match="company's or zzsign's name"):
            access.set_up("zzservers2026")
        assert not access.is_set_up()
        assert not any(name.startswith("hr-station") for _, name in keyring_backend.passwords)
    finally:
        opened.close()


def test_the_secret_lives_in_a_real_keyring_backend_across_processes(
    settings, tmp_path, monkeypatch
):
    """support.keyrings.FileKeyring, the keyring the command-line tests share between
    processes: what one HrAccess keeps there, a fresh one reads back; without it, one sentence."""
    keyring_file = tmp_path / "keyring.json"
    monkeypatch.setenv("ZZSIGN_TEST_KEYRING_FILE", str(keyring_file))
    opened = open_store(settings, SecretStore(backend=FileKeyring()))
    try:
        HrAccess(
            opened.sessions,
            wrapping_cost=CHEAP_WRAPPING,
            secrets=SecretStore(backend=FileKeyring()),
        ).set_up(HR_PASSWORD)
        secret_id = stored_wrap(opened.sessions)["station_secret"]
        name = f"{SERVICE_NAME}\\n{hr_station_secret_name(secret_id)}"
        saved = json.loads(keyring_file.read_text())
        assert name in saved and HR_PASSWORD not in keyring_file.read_text()
        assert HrAccess(opened.sessions, secrets=SecretStore(backend=FileKeyring())).unlock(
            HR_PASSWORD
        )
        del saved[name]
        keyring_file.write_text(json.dumps(saved))
        with pytest.raises(HrPasswordError) as refused:
            HrAccess(opened.sessions, secrets=SecretStore(backend=FileKeyring())).unlock(
                HR_PASSWORD
            )
        assert refused.value.message == STATION_SECRET_MISSING
    finally:
        opened.close()


def test_the_next_unlock_raises_a_cheap_wrap_to_the_measured_cost(store, secrets):
    """The one test here at full cost (argon2id t=3, 256 MiB: about a second): a wrap made at
    a lower cost is wrapped again at today's default by its next unlock where HR works."""
    key = HrAccess(store.sessions, secrets=secrets).unlock(HR_PASSWORD)
    after = stored_wrap(store.sessions)
    assert (after["v"], after["time_cost"], after["memory_cost_kib"], after["parallelism"]) == (
        1,
        hr_password.DEFAULT_TIME_COST,
        256 * 1024,
        1,
    )
    assert HrAccess(store.sessions).unlock(HR_PASSWORD) == key
