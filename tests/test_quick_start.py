"""Start-up in two steps (issue 11, point 8): *Start* is enabled on a quick, read-only look at the
store file, while the store itself opens on a thread, and the keyring with it; signing waits for
it. If it then fails to open (the file, a lock, the keyring, the signing key), the kiosk says so
in the store's own sentence, keeps what the hire entered, and never signs."""

from __future__ import annotations

import dataclasses
import sqlite3
import threading

import keyring.backends.fail
import pytest
from support.keyrings import MemoryKeyring
from support.kiosk import Hire, KioskDriver
from support.laptops import (
    assert_nothing_lost,
    assert_sign_refused_and_entries_kept,
    damaged,
    laptop_at,
    locked_by_another_process,
)
from support.store import drop_triggers, set_up_hr

from zzsign.config import Settings
from zzsign.security.installation_keys import SigningKeyMissingError
from zzsign.security.key_names import signing_key_name
from zzsign.security.keyring_store import LOCKED_MESSAGE, NO_KEYRING_MESSAGE, SecretStore
from zzsign.services import store as store_service
from zzsign.services.email_domains import allowed_email_domains, set_email_domains
from zzsign.services.readiness import check_readiness
from zzsign.store import readiness as store_readiness
from zzsign.store.errors import CORRUPT, LOCKED
from zzsign.views.kiosk_window import KioskWindow
from zzsign.views.pages.done import DonePage
from zzsign.views.pages.review import ReviewPage


def kiosk_getting_ready(
    qtbot, laptop, retry_ms: int = 10_000, secrets: SecretStore | None = None
) -> KioskDriver:
    """A kiosk window on screen over ``laptop``'s closed store, started as ``zzsign`` starts
    (with ``secrets``, or the laptop's keyring)."""
    from zzsign.app import get_ready

    laptop.store.close()
    window = KioskWindow(idle_reset_ms=600_000)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    get_ready(window, laptop.settings, secrets or laptop.secrets, retry_ms=retry_ms)
    return KioskDriver(qtbot, window)


def test_start_comes_before_the_store_is_open_and_signing_waits_for_it(
    qtbot, qapp, tmp_path, store_opening_held
):
    laptop = laptop_at(tmp_path / "data")
    driver = kiosk_getting_ready(qtbot, laptop)
    window = driver.window
    assert driver.is_enabled("Start")  # on the quick look alone: the store is still opening
    assert window._store is None
    assert not driver.is_shown("HR…")  # HR's way in comes with the store
    window.reset()  # the next hire's fresh pages (an idle reset, say) need no store either
    assert driver.is_enabled("Start")
    hire = Hire(full_name="Chidinma Okonkwo-Adeyemi")
    driver.walk_to_review(hire)
    assert window._store is None  # still opening: *Sign* will wait for it
    threading.Timer(0.3, store_opening_held.set).start()
    driver.click("Sign agreement")
    assert isinstance(driver.page, DonePage)
    qtbot.waitUntil(lambda: window._store is not None, timeout=10_000)
    driver.finish()
    assert driver.is_shown("HR…") and driver.is_enabled("Start")
    assert_nothing_lost(laptop, expected_records=3)


def test_a_store_that_then_fails_to_open_says_so_keeps_the_entries_and_never_signs(
    qtbot, qapp, tmp_path, store_opening_held
):
    # A damaged page in the records table: the quick look does not read it, the full opening's
    # check finds it.
    laptop = laptop_at(tmp_path / "data")
    laptop.store.close()
    bad = damaged(laptop.database_file.read_bytes(), "damaged-page")
    laptop.database_file.write_bytes(bad)
    driver = kiosk_getting_ready(qtbot, laptop)
    window = driver.window
    assert driver.is_enabled("Start")
    hire = Hire(full_name="Åsa Lindqvist", employee_id="E-12")
    driver.enter_details(hire)  # Start, and the details
    store_opening_held.set()
    qtbot.waitUntil(lambda: window.notice.isVisible(), timeout=10_000)
    assert window.notice.text() == CORRUPT  # where the hire is, in the kiosk's one sentence
    driver.consent()
    driver.read_and_acknowledge()
    driver.sign_typed(hire.full_name)
    assert isinstance(driver.page, ReviewPage)
    assert_sign_refused_and_entries_kept(driver, hire, CORRUPT)
    assert window.open_hr_unlock() is None  # HR's workspace stays shut too
    driver.window.reset()  # the next hire finds the sentence on the welcome page, as today
    welcome = window.wizard.welcome
    assert welcome.problem.text() == CORRUPT and welcome.problem.isVisible()
    assert not welcome.start.isEnabled()
    assert laptop.database_file.read_bytes() == bad  # never changed


@pytest.mark.parametrize(
    ("how", "sentence"),
    [
        ("keyring locked", LOCKED_MESSAGE),
        ("no keyring", NO_KEYRING_MESSAGE),
        ("signing key gone", SigningKeyMissingError.message),
    ],
)
def test_a_keyring_that_fails_on_the_opening_thread_says_so_keeps_the_entries_and_never_signs(
    qtbot, qapp, tmp_path, store_opening_held, how, sentence
):
    # The quick look reads no keyring: Start is enabled, and the keyring's answer comes from the
    # store's opening, on its thread, the way a store that fails to open is said.
    laptop = laptop_at(tmp_path / "data")
    laptop.store.close()  # its anchor written while the keyring is still open
    secrets = laptop.secrets
    key_name = ("zzsign", signing_key_name(laptop.store.installation_id))
    if how == "keyring locked":
        laptop.keyring.locked = True
    elif how == "no keyring":
        secrets = SecretStore(backend=keyring.backends.fail.Keyring())
    else:
        signing_key = laptop.keyring.passwords.pop(key_name)
    driver = kiosk_getting_ready(qtbot, laptop, retry_ms=100, secrets=secrets)
    window = driver.window
    assert driver.is_enabled("Start")
    hire = Hire(full_name="Mthunzi Dlamini", employee_id="E-7")
    driver.enter_details(hire)
    store_opening_held.set()
    qtbot.waitUntil(lambda: window.notice.isVisible(), timeout=10_000)
    assert window.notice.text() == sentence
    driver.consent()
    driver.read_and_acknowledge()
    driver.sign_typed(hire.full_name)
    assert_sign_refused_and_entries_kept(driver, hire, sentence)
    assert window.open_hr_unlock() is None  # HR's way in stays shut
    window.reset()  # the next hire meets the sentence on the welcome page, Start disabled
    welcome = window.wizard.welcome
    assert welcome.problem.text() == sentence and welcome.problem.isVisible()
    assert not welcome.start.isEnabled()
    # Not tried again by itself, even once the keyring is back (trying could prompt for its
    # password every few seconds): the sentence stays until the kiosk is started again.
    laptop.keyring.locked = False
    if how == "signing key gone":
        laptop.keyring.passwords[key_name] = signing_key
    qtbot.wait(500)
    assert window._store is None and welcome.problem.text() == sentence
    assert_nothing_lost(laptop, expected_records=2)


def test_records_replaced_are_found_on_the_opening_thread_and_the_file_is_left_alone(
    qtbot, qapp, tmp_path
):
    # Another installation's records in this laptop's place: only the keyring's tie tells.
    laptop = laptop_at(tmp_path / "data")
    laptop.store.close()
    with sqlite3.connect(laptop.database_file) as raw:
        drop_triggers(raw)  # installations are append-only (schema 0006)
        raw.execute("UPDATE installations SET id = 'someone-else' WHERE is_local")
    raw.close()
    replaced = laptop.database_file.read_bytes()
    driver = kiosk_getting_ready(qtbot, laptop)
    welcome = driver.window.wizard.welcome
    qtbot.waitUntil(lambda: welcome.problem.text() == store_service.RECORDS_MISSING)
    assert not welcome.start.isEnabled()
    assert driver.window.open_hr_unlock() is None
    assert laptop.database_file.read_bytes() == replaced


def test_a_lock_met_after_start_is_tried_again_and_the_hire_then_signs(qtbot, qapp, tmp_path):
    laptop = laptop_at(tmp_path / "data", busy_timeout_ms=200)
    hire = Hire(full_name="Nguyễn Thị Minh Khai")
    with locked_by_another_process(laptop.database_file):
        driver = kiosk_getting_ready(qtbot, laptop, retry_ms=300)
        window = driver.window
        assert driver.is_enabled("Start")  # readers are not held up by the lock
        driver.walk_to_review(hire)
        qtbot.waitUntil(lambda: window.wizard.welcome.problem.text() == LOCKED, timeout=10_000)
        assert_sign_refused_and_entries_kept(driver, hire, LOCKED)
    # Released: the next try opens the store, and the same hire signs with what they entered.
    qtbot.waitUntil(lambda: window._store is not None, timeout=10_000)
    driver.click("Sign agreement")
    assert isinstance(driver.page, DonePage)
    driver.finish()
    assert driver.is_enabled("Start") and not window.wizard.welcome.problem.isVisible()
    assert_nothing_lost(laptop, expected_records=3)


# -- the quick look ------------------------------------------------------------------------------
def test_the_quick_look_shows_what_the_store_would(closed_store_set_up_by_hr):
    settings, backend, store = closed_store_set_up_by_hr
    set_email_domains(store.sessions, ["ZZServers.com", "zz.example"])
    domains = allowed_email_domains(store.sessions)
    store.close()
    backend.locked = True  # the quick look reads the store file only; the keyring is for later
    readiness = check_readiness(settings)
    assert readiness is not None
    assert readiness.agreement == store.agreement
    assert readiness.disclosure == store.disclosure
    assert readiness.email_domains == domains == ("zzservers.com", "zz.example")


@pytest.mark.parametrize(
    "how",
    [
        "first start",
        "HR not set up",
        "another database",
        "older schema",
    ],
)
def test_the_quick_look_leaves_anything_unusual_to_the_store(tmp_path, how):
    """Each of these makes the kiosk open the store before Start (which then says why)."""
    backend = MemoryKeyring()
    secrets = SecretStore(backend=backend)
    settings = Settings.resolve(data_dir=str(tmp_path / "data"), environ={})
    if how != "first start":
        store = store_service.open_store(settings, secrets)
        if how != "HR not set up":
            set_up_hr(store.sessions)
        store.close()
        if how == "another database":
            settings = dataclasses.replace(
                settings, database_url=f"sqlite:///{settings.data_dir / 'zzsign.sqlite3'}?x=1"
            )
        elif how == "older schema":
            with sqlite3.connect(settings.data_dir / "zzsign.sqlite3") as raw:
                raw.execute("UPDATE alembic_version SET version_num = '0003'")
    assert check_readiness(settings) is None


def test_the_quick_look_reads_the_names_the_store_uses():
    from zzsign.store.records import AGREEMENT
    from zzsign.store.settings import WORK_EMAIL_DOMAINS

    assert store_readiness.WORK_EMAIL_DOMAINS == WORK_EMAIL_DOMAINS
    assert store_readiness.AGREEMENT == AGREEMENT
