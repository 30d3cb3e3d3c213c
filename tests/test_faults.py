"""Faults a kiosk laptop meets, as the person at it (or IT at the command line) meets them.

Each fault gives one clear sentence, keeps what the hire typed on screen, and loses nothing
already stored: every test ends by checking the earlier records with ``verify`` (chain,
signatures, sealed personal data, the keyring's anchor).

The faults are real where this machine allows: a full disk is a small tmpfs filled to the last
byte, a read-only folder is that tmpfs remounted read-only, a lock is held by another process,
damage is done to the bytes of a real database file. Where ``mount`` is not permitted (a CI
runner that is not root, or a container without the capability), the disk-full and read-only
tests fall back to faults injected into SQLite (``max_page_count``, ``query_only``) or to file
permissions; the test id says which path ran (``[tmpfs-filled]`` or ``[sqlite-max-page-count]``,
``[tmpfs-remounted-read-only]``, ``[chmod-read-only]`` or ``[sqlite-query-only]``).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import keyring.backends.fail
import pytest
from sqlalchemy import event
from support.cli import zzsign_here
from support.kiosk import Hire, KioskDriver
from support.laptops import (
    DATABASE,
    EARLIER,
    Laptop,
    assert_nothing_lost,
    assert_sign_refused_and_entries_kept,
    damaged,
    laptop_at,
    locked_by_another_process,
)
from support.small_disk import CAN_MOUNT, SmallDisk
from support.store import CHEAP_WRAPPING, HR_PASSWORD, signed_session

from zzsign.domain.clock import Timestamp
from zzsign.security.keyring_store import LOCKED_MESSAGE, NO_KEYRING_MESSAGE, SecretStore
from zzsign.services.errors import SigningFailedError
from zzsign.services.hr import HrAccess
from zzsign.services.signing import SigningService
from zzsign.services.store import open_store
from zzsign.store.errors import (
    CORRUPT,
    DISK_FULL,
    LOCKED,
    READ_ONLY,
    RESTORE_FROM_BACKUP,
)
from zzsign.store.records import RecordRepository
from zzsign.views.kiosk_window import KioskWindow
from zzsign.views.pages.done import DonePage

TESTS = Path(__file__).parent


# -- can this machine make real faults? (tests/support/small_disk.py) ------------------------
DISK_FULL_PATH = "tmpfs-filled" if CAN_MOUNT else "sqlite-max-page-count"
if CAN_MOUNT:
    READ_ONLY_PATH = "tmpfs-remounted-read-only"
elif hasattr(os, "geteuid") and os.geteuid() != 0:
    READ_ONLY_PATH = "chmod-read-only"
else:
    READ_ONLY_PATH = "sqlite-query-only"


# -- a store with earlier records, a kiosk over it, and the proof that nothing was lost -----------


def kiosk_over(qtbot, laptop: Laptop, clock=None) -> KioskDriver:
    """The kiosk window on the laptop's store, with HR's way in."""
    window = KioskWindow(idle_reset_ms=600_000, hr_idle_lock_ms=600_000)
    qtbot.addWidget(window)
    service = SigningService(laptop.store, clock) if clock else SigningService(laptop.store)
    window.set_service(
        service, HrAccess(laptop.store.sessions, wrapping_cost=CHEAP_WRAPPING), laptop.store
    )
    window.show()
    qtbot.waitExposed(window)
    return KioskDriver(qtbot, window)


# -- disk full -------------------------------------------------------------------------------------
@pytest.mark.parametrize("how", [DISK_FULL_PATH])
def test_full_disk_at_signing_says_so_keeps_entries_and_signs_once_there_is_space(
    qtbot, qapp, tmp_path, small_disk, how
):
    laptop = laptop_at(small_disk.root / "data" if small_disk else tmp_path / "data")
    driver = kiosk_over(qtbot, laptop)
    hire = Hire()
    driver.walk_to_review(hire)
    laptop.store.engine.dispose()  # as after a restart: the WAL is checkpointed and emptied
    if small_disk:
        with laptop.store.sessions() as db:  # the kiosk's connection is open again...
            RecordRepository(db).count()
        small_disk.fill()  # ...and then the disk fills up, to the last byte
    else:

        @event.listens_for(laptop.store.engine, "connect")
        def _no_more_pages(dbapi_connection, _record):
            pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
            dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

    assert_sign_refused_and_entries_kept(driver, hire, DISK_FULL)

    if small_disk:
        small_disk.free()
    else:
        event.remove(laptop.store.engine, "connect", _no_more_pages)
        laptop.store.engine.dispose()
    driver.click("Sign agreement")
    assert isinstance(driver.page, DonePage)
    assert_nothing_lost(laptop, expected_records=3)


@pytest.mark.skipif(
    not CAN_MOUNT,
    reason="a disk full at start-up needs a small tmpfs to fill "
    "(mount is not permitted here); the signing-time test injects its fault",
)
@pytest.mark.parametrize("how", ["tmpfs-filled"])
def test_full_disk_at_start_up_says_so_and_changes_nothing(qtbot, qapp, small_disk, how):
    from zzsign.app import connect_store

    laptop = laptop_at(small_disk.root / "data")
    laptop.store.close()
    before = laptop.database_file.read_bytes()
    small_disk.fill()
    window = KioskWindow(idle_reset_ms=600_000)
    qtbot.addWidget(window)
    window.show()
    connect_store(window, laptop.settings, laptop.secrets)
    welcome = window.wizard.welcome
    assert welcome.problem.text() == DISK_FULL
    assert not welcome.start.isEnabled()
    assert laptop.database_file.read_bytes() == before
    small_disk.free()
    assert_nothing_lost(laptop, expected_records=2)


# -- read-only data folder -------------------------------------------------------------------------
@contextlib.contextmanager
def read_only_folder(laptop: Laptop, disk: SmallDisk | None) -> Iterator[None]:
    """The data folder cannot be written to while inside (the way READ_ONLY_PATH names)."""
    laptop.store.engine.dispose()  # a file system with files open for writing cannot go read-only
    folder = laptop.settings.data_dir
    if READ_ONLY_PATH == "tmpfs-remounted-read-only":
        assert disk is not None
        disk.read_only(True)
        try:
            yield
        finally:
            disk.read_only(False)
    elif READ_ONLY_PATH == "chmod-read-only":
        modes = {path: path.stat().st_mode for path in [folder, *folder.iterdir()]}
        for path in modes:
            path.chmod(0o500 if path.is_dir() else 0o400)
        try:
            yield
        finally:
            for path, mode in modes.items():
                path.chmod(mode)
    else:

        @event.listens_for(laptop.store.engine, "connect")
        def _query_only(dbapi_connection, _record):
            dbapi_connection.execute("PRAGMA query_only=ON")

        try:
            yield
        finally:
            event.remove(laptop.store.engine, "connect", _query_only)
            laptop.store.engine.dispose()


@pytest.mark.parametrize("how", [READ_ONLY_PATH])
def test_read_only_data_folder_at_signing_says_so_keeps_entries_and_signs_after(
    qtbot, qapp, tmp_path, small_disk, how
):
    laptop = laptop_at(small_disk.root / "data" if small_disk else tmp_path / "data")
    driver = kiosk_over(qtbot, laptop)
    hire = Hire(full_name="Søren Kierkegaard-Ødegård", employee_id="E-77")
    driver.walk_to_review(hire)
    with read_only_folder(laptop, small_disk):
        assert_sign_refused_and_entries_kept(driver, hire, READ_ONLY)
    driver.click("Sign agreement")
    assert isinstance(driver.page, DonePage)
    assert_nothing_lost(laptop, expected_records=3)


@pytest.mark.skipif(
    READ_ONLY_PATH != "tmpfs-remounted-read-only",
    reason="a read-only file system needs mount, which is not permitted here; "
    "file modes are no fault at start-up: zzsign makes its own folder and file "
    "owner-writable again (the signing-time test covers the fallback)",
)
@pytest.mark.parametrize("how", [READ_ONLY_PATH])
def test_read_only_data_folder_at_start_up_says_so_and_changes_nothing(
    qtbot, qapp, tmp_path, small_disk, how
):
    from zzsign.app import connect_store

    laptop = laptop_at(small_disk.root / "data" if small_disk else tmp_path / "data")
    laptop.store.close()
    before = laptop.database_file.read_bytes()
    window = KioskWindow(idle_reset_ms=600_000)
    qtbot.addWidget(window)
    window.show()
    with read_only_folder(laptop, small_disk):
        connect_store(window, laptop.settings, laptop.secrets)
        assert window.wizard.welcome.problem.text() == READ_ONLY
        assert not window.wizard.welcome.start.isEnabled()
    assert laptop.database_file.read_bytes() == before
    assert_nothing_lost(laptop, expected_records=2)


# -- locked by another process ---------------------------------------------------------------------


def test_database_locked_by_another_process_keeps_entries_and_signs_after(qtbot, qapp, tmp_path):
    laptop = laptop_at(tmp_path / "data", busy_timeout_ms=200)
    driver = kiosk_over(qtbot, laptop)
    hire = Hire(full_name="Nguyễn Thị Minh Khai")
    driver.walk_to_review(hire)
    with locked_by_another_process(laptop.database_file):
        assert_sign_refused_and_entries_kept(driver, hire, LOCKED)
    driver.click("Sign agreement")
    assert isinstance(driver.page, DonePage)
    assert_nothing_lost(laptop, expected_records=3)


def test_database_locked_by_another_process_at_start_up_says_so_then_opens_by_itself(
    qtbot, qapp, tmp_path
):
    from zzsign.app import connect_store

    laptop = laptop_at(tmp_path / "data", busy_timeout_ms=200)
    laptop.store.close()
    window = KioskWindow(idle_reset_ms=600_000)
    qtbot.addWidget(window)
    window.show()
    welcome = window.wizard.welcome
    with locked_by_another_process(laptop.database_file):
        connect_store(window, laptop.settings, laptop.secrets, retry_ms=300)
        assert welcome.problem.text() == LOCKED
        assert not welcome.start.isEnabled()
        qtbot.wait(700)  # tries again meanwhile, still locked: still says so
        assert welcome.problem.text() == LOCKED and not welcome.start.isEnabled()
    # Released: the kiosk opens the store on its next try, no restart needed.
    qtbot.waitUntil(lambda: welcome.start.isEnabled(), timeout=10_000)
    assert not welcome.problem.isVisible()
    window.reset()  # the next hire's welcome page is clean too
    assert window.wizard.welcome.start.isEnabled()
    assert not window.wizard.welcome.problem.isVisible()
    assert_nothing_lost(laptop, expected_records=2)


# -- a damaged database file -----------------------------------------------------------------------


def test_damaged_database_is_refused_at_start_up_and_never_changed(qtbot, qapp, damaged_laptop):
    from zzsign.app import connect_store

    laptop, bad = damaged_laptop

    def backups() -> dict[str, bytes]:  # the automatic ones, taken while the laptop signed
        return {path.name: path.read_bytes() for path in laptop.settings.backup_dir.iterdir()}

    before = backups()
    window = KioskWindow(idle_reset_ms=600_000)
    qtbot.addWidget(window)
    window.show()
    connect_store(window, laptop.settings, laptop.secrets)
    welcome = window.wizard.welcome
    assert welcome.problem.text() == CORRUPT
    assert welcome.problem.isVisible()
    assert not welcome.start.isEnabled()
    assert window.open_hr_unlock() is None  # HR's workspace stays shut too
    assert laptop.database_file.read_bytes() == bad  # byte for byte: not migrated, not "repaired"
    assert backups() == before  # no copy of it is made, nor over a good backup's name
    wal = laptop.database_file.with_name(DATABASE + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0


def test_a_big_store_is_checked_in_the_background_and_a_damaged_one_refuses_signing(
    qtbot, qapp, tmp_path, monkeypatch
):
    # Above CHECK_AT_OPEN_BYTES (here: any size) the kiosk opens at once and checks the file on
    # a thread while hires read; a damaged page then stops signing with the same sentence.
    from zzsign.app import connect_store
    from zzsign.services import store as store_service

    laptop = laptop_at(tmp_path / "data")
    laptop.store.close()
    laptop.database_file.write_bytes(damaged(laptop.database_file.read_bytes(), "damaged-page"))
    monkeypatch.setattr(store_service, "CHECK_AT_OPEN_BYTES", 0)
    window = KioskWindow(idle_reset_ms=600_000)
    qtbot.addWidget(window)
    window.show()
    connect_store(window, laptop.settings, laptop.secrets)
    welcome = window.wizard.welcome
    qtbot.waitUntil(lambda: welcome.problem.text() == CORRUPT, timeout=10_000)
    assert welcome.problem.isVisible() and not welcome.start.isEnabled()
    service = window._service
    with pytest.raises(SigningFailedError, match="damaged"):
        service.sign(signed_session(service, "Late Hire"), screen="x")


def test_a_sound_big_store_checked_in_the_background_signs_as_usual(
    qtbot, qapp, tmp_path, monkeypatch
):
    from zzsign.app import check_in_background, connect_store
    from zzsign.services import store as store_service

    laptop = laptop_at(tmp_path / "data")
    laptop.store.close()
    monkeypatch.setattr(store_service, "CHECK_AT_OPEN_BYTES", 0)
    threads = []
    monkeypatch.setattr(
        "zzsign.app.check_in_background", lambda *a: threads.append(check_in_background(*a))
    )
    window = KioskWindow(idle_reset_ms=600_000)
    qtbot.addWidget(window)
    window.show()
    connect_store(window, laptop.settings, laptop.secrets)
    assert len(threads) == 1
    threads[0].join(10)
    qapp.processEvents()
    assert window.wizard.welcome.start.isEnabled()
    service = window._service
    assert service.sign(signed_session(service, "Next Hire"), screen="x").record_id


@pytest.mark.parametrize(
    "verb", [["verify"], ["export", "--format", "csv", "--out", "x.csv"]], ids=["verify", "export"]
)
def test_it_is_told_how_to_restore_a_damaged_database(
    damaged_laptop, it_cli_environment, tmp_path, verb
):
    laptop, bad = damaged_laptop
    if verb[0] == "export":
        verb = [*verb[:-1], str(tmp_path / "x.csv")]
    result = zzsign_here(it_cli_environment, *verb, "--data-dir", str(laptop.settings.data_dir))
    assert result.returncode == 2
    assert result.stderr == f"zzsign: {RESTORE_FROM_BACKUP}\n"
    assert result.stdout == ""
    assert laptop.database_file.read_bytes() == bad
    assert not (tmp_path / "x.csv").exists()


def test_restoring_the_latest_backup_as_it_says_brings_back_what_the_backup_holds(
    qtbot, qapp, tmp_path
):
    """IT follows RESTORE_FROM_BACKUP word for word. What was signed after the backup is gone,
    and ``verify`` says so (the keyring remembers the chain went further)."""
    from zzsign.app import connect_store
    from zzsign.services.backup import backup_store
    from zzsign.services.verify import verify_database

    laptop = laptop_at(tmp_path / "data")
    backup = backup_store(laptop.settings.database_url, tmp_path / "nightly.sqlite3")
    assert backup.records == 2
    service = SigningService(laptop.store)
    later = service.sign(signed_session(service, "Signed After The Backup"), screen="x")
    laptop.store.close()
    laptop.database_file.write_bytes(damaged(laptop.database_file.read_bytes(), "damaged-page"))

    # "move zzsign.sqlite3 and any zzsign.sqlite3-wal and -shm files out of the data folder
    # (keep them), copy the newest backup ... in as zzsign.sqlite3"
    kept = tmp_path / "damaged"
    kept.mkdir()
    for path in laptop.settings.data_dir.glob(DATABASE + "*"):
        shutil.move(path, kept / path.name)
    shutil.copyfile(backup.path, laptop.database_file)

    window = KioskWindow(idle_reset_ms=600_000)
    qtbot.addWidget(window)
    window.show()
    connect_store(window, laptop.settings, laptop.secrets)
    assert window.wizard.welcome.start.isEnabled()  # the kiosk is ready for the next hire

    # "then run zzsign verify": both records of the backup are intact; the later one is missing.
    store = open_store(laptop.settings, laptop.secrets)
    try:
        hr_key = HrAccess(store.sessions).unlock(HR_PASSWORD)
        report = verify_database(
            laptop.settings.database_url, secrets=laptop.secrets, hr_private_key=hr_key
        )
        with store.sessions() as db:
            assert sorted(RecordRepository(db).ids()) == sorted(laptop.earlier)
    finally:
        store.close()
    assert report.sealed_checked == 2
    assert [p.what for p in report.problems] == [
        f"chain entries after position 2 are missing (this laptop signed up to "
        f"{later.appended.link.sequence})"
    ]


# -- the keyring -----------------------------------------------------------------------------------
def test_keyring_locked_after_start_up_signing_goes_on_and_the_anchor_catches_up(
    qtbot, qapp, tmp_path
):
    """The installation key was read when the kiosk started; a keyring locked later stops
    nothing. Only the copy of the newest chain entry kept in the keyring lags, until the next
    signing with the keyring open."""
    from zzsign.security.installation_keys import chain_head_name

    laptop = laptop_at(tmp_path / "data")
    head_name = chain_head_name(laptop.store.installation_id)
    laptop.store.anchor.flush()
    anchor_before = laptop.secrets.get(head_name)
    driver = kiosk_over(qtbot, laptop)
    laptop.keyring.locked = True
    driver.walk_to_review(Hire())
    driver.click("Sign agreement")
    assert isinstance(driver.page, DonePage)
    laptop.store.anchor.flush()  # the keyring's copy is written on a thread: refused
    laptop.keyring.locked = False
    assert laptop.secrets.get(head_name) == anchor_before  # lagging, not wrong
    driver.finish()
    driver.walk_to_review(Hire(full_name="Second Hire"))
    driver.click("Sign agreement")
    assert isinstance(driver.page, DonePage)
    laptop.store.anchor.flush()
    assert laptop.secrets.get(head_name).startswith("4:")  # 4 records, one chain entry each
    assert_nothing_lost(laptop, expected_records=4)


@pytest.mark.parametrize(
    ("backend", "sentence"),
    [
        ("locked", LOCKED_MESSAGE),
        ("none", NO_KEYRING_MESSAGE),
    ],
    ids=["locked", "none"],
)
def test_keyring_locked_or_missing_at_start_up_says_so_and_keeps_hr_out(
    qtbot, qapp, tmp_path, backend, sentence
):
    from zzsign.app import connect_store

    laptop = laptop_at(tmp_path / "data")
    laptop.store.close()
    if backend == "locked":
        laptop.keyring.locked = True
        secrets = laptop.secrets
    else:
        secrets = SecretStore(backend=keyring.backends.fail.Keyring())
    window = KioskWindow(idle_reset_ms=600_000)
    qtbot.addWidget(window)
    window.show()
    connect_store(window, laptop.settings, secrets)
    assert window.wizard.welcome.problem.text() == sentence
    assert not window.wizard.welcome.start.isEnabled()
    assert window.open_hr_unlock() is None
    laptop.keyring.locked = False
    assert_nothing_lost(laptop, expected_records=2)


def test_hr_unlocks_the_workspace_while_the_keyring_is_locked(qtbot, qapp, tmp_path):
    """HR's key is wrapped by the HR password in the store, not kept in the keyring."""
    laptop = laptop_at(tmp_path / "data")
    driver = kiosk_over(qtbot, laptop)
    laptop.keyring.locked = True
    dialog = driver.window.open_hr_unlock()
    dialog.password.setText(HR_PASSWORD)
    dialog.confirm.click()
    workspace = driver.window.workspace
    assert workspace is not None
    qtbot.waitUntil(lambda: not workspace.is_loading, timeout=10_000)
    rows = {workspace.model.row_at(i).full_name for i in range(workspace.model.rowCount())}
    assert rows == set(EARLIER)
    driver.window.lock_hr()
    laptop.keyring.locked = False
    assert_nothing_lost(laptop, expected_records=2)


LOCKED_KEYRING_CLI = """
import sys
import keyring
from support.keyrings import MemoryKeyring
locked = MemoryKeyring()
locked.locked = True
keyring.set_keyring(locked)
from zzsign.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize(
    ("backend", "sentence"),
    [
        ("locked", LOCKED_MESSAGE),
        ("none", NO_KEYRING_MESSAGE),
    ],
    ids=["locked", "none"],
)
def test_verify_without_a_usable_keyring_checks_the_rest_and_says_what_it_could_not(
    tmp_path, it_cli_environment, backend, sentence
):
    laptop = laptop_at(tmp_path / "data")
    laptop.store.close()
    args = ["verify", "--data-dir", str(laptop.settings.data_dir)]
    if backend == "locked":
        result = subprocess.run(
            [sys.executable, "-c", LOCKED_KEYRING_CLI, *args],
            capture_output=True,
            text=True,
            env=it_cli_environment,
            timeout=120,
            stdin=subprocess.DEVNULL,
        )
    else:
        result = zzsign_here(
            {**it_cli_environment, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}, *args
        )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "Checked 2 records and 2 chain entries, and opened 2 sealed records: all intact."
    )
    assert result.stderr == f"Not checked: this laptop's keyring could not be read: {sentence}\n"


def test_a_command_that_signs_without_a_keyring_is_one_sentence(tmp_path, it_cli_environment):
    laptop = laptop_at(tmp_path / "data")
    laptop.store.close()
    result = zzsign_here(
        {**it_cli_environment, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"},
        "void",
        laptop.earlier[0],
        "--reason",
        "Signed twice by mistake",
        "--data-dir",
        str(laptop.settings.data_dir),
    )
    assert result.returncode == 2
    assert result.stderr == f"zzsign: {NO_KEYRING_MESSAGE}\n"
    assert_nothing_lost(laptop, expected_records=2)


# -- the clock moved backwards ---------------------------------------------------------------------
class ManualClock:
    """A clock the test sets; it reads one second later on each call, like a real one."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> Timestamp:
        self.now += timedelta(seconds=1)
        return Timestamp(self.now, 60)

    def move_back(self, by: timedelta) -> None:
        self.now -= by


def test_clock_moved_back_between_hires_is_recorded_as_it_read(qtbot, qapp, tmp_path):
    """A signing whose clock reads earlier than the previous record's is accepted and keeps the
    time the clock gave: the chain's sequence proves the order, the times are what the laptop
    showed. Verify passes, HR's table sorts by the recorded times, the signed copy verifies."""
    from zzsign.services.hr_workspace import check_record, load_rows, signed_copy
    from zzsign.services.verify_file import verify_pdf
    from zzsign.store.database import snapshot_sessions

    clock = ManualClock(datetime(2026, 11, 25, 9, 0, tzinfo=UTC))
    laptop = laptop_at(tmp_path / "data", clock=clock)
    clock.move_back(timedelta(days=3))  # NTP correction, a dead CMOS battery, a person
    driver = kiosk_over(qtbot, laptop, clock)
    driver.walk_to_review(Hire(full_name="Back In Time"))
    driver.click("Sign agreement")
    assert isinstance(driver.page, DonePage)

    hr_key = HrAccess(laptop.store.sessions).unlock(HR_PASSWORD)
    rows = [row for batch in load_rows(laptop.settings.database_url, hr_key) for row in batch]
    assert [row.full_name for row in rows] == ["Ольга Петрова", "Ingrid Øvergård", "Back In Time"]
    assert rows[-1].signed_at_utc.startswith("2026-11-22T09:00")  # as the clock read
    with laptop.store.sessions() as db:
        records = RecordRepository(db)
        newest = records.chain_head(laptop.store.installation_id)
        link = records.link_for("record", rows[-1].record_id)
    assert link.sequence == newest[0] == 3  # signed last, whatever its time says
    readers, release = snapshot_sessions(laptop.settings.database_url)
    try:
        assert check_record(readers, rows[-1].record_id, hr_key).intact
    finally:
        release()
    pdf = signed_copy(
        laptop.store.sessions,
        rows[-1].record_id,
        hr_key,
        laptop.store.seal,
        laptop.store.seal_endorsement,
    )
    known = {laptop.store.installation_id: laptop.store.signer.public_key_hex}
    copy_report = verify_pdf(pdf, known)
    assert copy_report.intact, copy_report.problems
    assert_nothing_lost(laptop, expected_records=3)


def test_clock_moved_back_in_the_middle_of_a_signing_is_kept_in_the_audit_trail(
    qtbot, qapp, tmp_path
):
    from zzsign.services.records import open_record

    clock = ManualClock(datetime(2026, 11, 25, 9, 0, tzinfo=UTC))
    laptop = laptop_at(tmp_path / "data", clock=clock)
    driver = kiosk_over(qtbot, laptop, clock)
    hire = Hire(full_name="Mid Signing")
    driver.enter_details(hire)
    clock.move_back(timedelta(hours=1))
    driver.consent()
    driver.read_and_acknowledge()
    driver.sign_typed(hire.full_name)
    driver.click("Sign agreement")
    assert isinstance(driver.page, DonePage)
    hr_key = HrAccess(laptop.store.sessions).unlock(HR_PASSWORD)
    record_id = driver.window.wizard.done.record_id.text().removeprefix("Record ID: ")
    with laptop.store.sessions() as db:
        audit = open_record(db, record_id, hr_key).audit
    times = [entry.at.utc for entry in audit]
    assert times != sorted(times)  # kept as the clock read, not "corrected"
    assert_nothing_lost(laptop, expected_records=3)


# -- the table in docs/reliability.md stays true ---------------------------------------------------
def test_reliability_table_quotes_each_sentence_and_names_tests_that_exist():
    import re

    from zzsign.security.installation_keys import SigningKeyMissingError
    from zzsign.services.store import UNKNOWN_INSTALLATION
    from zzsign.store.migrate import UnknownSchemaError

    table = (TESTS.parent / "docs" / "reliability.md").read_text(encoding="utf-8")
    for sentence in (
        DISK_FULL,
        READ_ONLY,
        LOCKED,
        CORRUPT,
        RESTORE_FROM_BACKUP,
        LOCKED_MESSAGE,
        NO_KEYRING_MESSAGE,
        UnknownSchemaError.message,
        SigningKeyMissingError.message,
        UNKNOWN_INSTALLATION,
    ):
        assert f'"{sentence}"' in table or f'"zzsign: {sentence}"' in table, sentence
    named = re.findall(r"`tests/((?:stress/)?test_\w+\.py)::(test_\w+)", table)
    assert len(named) >= 25
    for file, name in named:
        assert f"def {name}(" in (TESTS / file).read_text(encoding="utf-8"), (file, name)
