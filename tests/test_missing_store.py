"""This laptop's records gone (database deleted, emptied or replaced): said everywhere, restored
with ``zzsign restore``, and never silently replaced by a new, empty store.

The laptop signs through the real signing service with the tests' file keyring, which the
``zzsign`` commands share (run in this process, ``support.cli.zzsign_here``; a first start and a
missing password in processes of their own, as IT runs them).
"""

from __future__ import annotations

import shutil
import sqlite3

import pytest
from support.cli import cli_environment, zzsign
from support.keyrings import MemoryKeyring
from support.store import HR_PASSWORD, set_up_hr

from zzsign.config import Settings
from zzsign.security.installation_keys import signing_key_name
from zzsign.security.keyring_store import SecretStore
from zzsign.security.store_ties import store_tie_name
from zzsign.services.store import (
    RECORDS_MISSING,
    RESTORE_MISSING_RECORDS,
    StoreMissingError,
    open_store,
    store_location,
)

DATABASE = "zzsign.sqlite3"
MISSING = f"zzsign: {RESTORE_MISSING_RECORDS}\n"
NEW_PASSWORD = "a brand new HR passphrase"


def assert_restored_and_intact(run, backup_name: str) -> None:
    """``zzsign restore`` said what it restored, then verify's checks all passed."""
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == f"Restored 4 records from {backup_name}."
    assert lines[-1] == (
        "Checked 4 records and 4 chain entries, and opened 4 sealed records: all intact."
    )


def test_deleted_database_every_command_says_so_and_restore_brings_the_records_back(
    laptop_with_four_backed_up_records,
):
    laptop_with_four_backed_up_records.delete_database()

    verify = laptop_with_four_backed_up_records.zzsign("verify")
    assert (verify.returncode, verify.stdout, verify.stderr) == (1, "", MISSING)
    for command in (
        ["hr-password"],
        ["export", "--format", "csv", "--out", "x.csv"],
        ["email-domains"],
    ):
        refused = laptop_with_four_backed_up_records.zzsign(*command)
        assert (refused.returncode, refused.stderr) == (2, MISSING), command
    assert (
        not laptop_with_four_backed_up_records.database.exists()
    )  # no new, empty store was started

    backup = laptop_with_four_backed_up_records.newest_backup()
    assert backup.name.endswith("-4-records.sqlite3")
    assert_restored_and_intact(
        laptop_with_four_backed_up_records.zzsign("restore", str(backup)), backup.name
    )
    again = laptop_with_four_backed_up_records.zzsign("verify")
    assert again.returncode == 0, again.stdout + again.stderr
    assert (laptop_with_four_backed_up_records.database.stat().st_mode & 0o777) == 0o600


def test_deleted_data_folder_the_kiosk_says_so_and_stays_closed(
    qtbot, qapp, laptop_with_four_backed_up_records, tmp_path
):
    from zzsign.app import connect_store, create_application
    from zzsign.views.kiosk_window import KioskWindow

    create_application([])
    kept_elsewhere = tmp_path / "usb" / "laptop-7.sqlite3"  # IT's copy off the laptop
    kept_elsewhere.parent.mkdir()
    shutil.copyfile(laptop_with_four_backed_up_records.newest_backup(), kept_elsewhere)
    shutil.rmtree(laptop_with_four_backed_up_records.settings.data_dir)

    window = KioskWindow(idle_reset_ms=600_000)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    connect_store(
        window,
        laptop_with_four_backed_up_records.settings,
        laptop_with_four_backed_up_records.secrets,
    )
    welcome = window.wizard.welcome
    assert welcome.problem.text() == RECORDS_MISSING
    assert welcome.problem.isVisible()
    assert not welcome.start.isEnabled()
    assert window.open_hr_unlock() is None  # no HR set-up on an empty store either
    assert not laptop_with_four_backed_up_records.database.exists()

    verify = laptop_with_four_backed_up_records.zzsign("verify")
    assert (verify.returncode, verify.stderr) == (1, MISSING)
    assert_restored_and_intact(
        laptop_with_four_backed_up_records.zzsign("restore", str(kept_elsewhere)),
        kept_elsewhere.name,
    )

    ready = KioskWindow(idle_reset_ms=600_000)
    qtbot.addWidget(ready)
    ready.show()
    connect_store(
        ready,
        laptop_with_four_backed_up_records.settings,
        laptop_with_four_backed_up_records.secrets,
    )
    assert ready.wizard.welcome.start.isEnabled()


def test_database_replaced_by_an_empty_file_is_missing_and_kept_when_restored(
    laptop_with_four_backed_up_records,
):
    laptop_with_four_backed_up_records.delete_database()
    laptop_with_four_backed_up_records.database.write_bytes(b"")

    verify = laptop_with_four_backed_up_records.zzsign("verify")
    assert (verify.returncode, verify.stderr) == (1, MISSING)
    assert (
        laptop_with_four_backed_up_records.database.stat().st_size == 0
    )  # not turned into a new store

    backup = laptop_with_four_backed_up_records.newest_backup()
    assert_restored_and_intact(
        laptop_with_four_backed_up_records.zzsign("restore", str(backup)), backup.name
    )
    (kept,) = laptop_with_four_backed_up_records.settings.backup_dir.glob(
        "zzsign-replaced-*"
    )  # moved aside, not deleted
    assert kept.stat().st_size == 0


def test_database_replaced_by_another_laptops_store(laptop_with_four_backed_up_records, tmp_path):
    other = Settings.resolve(data_dir=str(tmp_path / "other"), environ={})
    other_store = open_store(other, SecretStore(backend=MemoryKeyring()))
    set_up_hr(other_store.sessions)
    other_store.close()
    laptop_with_four_backed_up_records.delete_database()
    shutil.copyfile(other.data_dir / DATABASE, laptop_with_four_backed_up_records.database)
    replaced = laptop_with_four_backed_up_records.database.read_bytes()

    verify = laptop_with_four_backed_up_records.zzsign("verify")
    assert (verify.returncode, verify.stderr) == (1, MISSING)
    assert laptop_with_four_backed_up_records.database.read_bytes() == replaced

    refused = laptop_with_four_backed_up_records.zzsign("restore", str(other.data_dir / DATABASE))
    assert refused.returncode == 1
    assert refused.stderr == (
        f"zzsign: {DATABASE} holds the records of another laptop (installation "
        f"{other_store.installation_id}), so it was not restored here; choose a backup of this "
        "laptop's records.\n"
    )
    assert laptop_with_four_backed_up_records.database.read_bytes() == replaced  # nothing moved
    backup = laptop_with_four_backed_up_records.newest_backup()
    assert_restored_and_intact(
        laptop_with_four_backed_up_records.zzsign("restore", str(backup)), backup.name
    )


def test_restore_refuses_what_is_not_a_sound_zzsign_store_and_changes_nothing(
    laptop_with_four_backed_up_records, tmp_path
):
    laptop_with_four_backed_up_records.delete_database()
    before = sorted(
        path.name for path in laptop_with_four_backed_up_records.settings.backup_dir.iterdir()
    )
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all, just a file with a hopeful name" * 100)
    stranger = tmp_path / "stranger.sqlite3"
    with sqlite3.connect(stranger) as raw:
        raw.execute("CREATE TABLE recipes (name TEXT)")
    damaged = tmp_path / "damaged.sqlite3"
    good = laptop_with_four_backed_up_records.newest_backup().read_bytes()
    damaged.write_bytes(good[: len(good) // 2])

    for path, sentence in (
        (
            junk,
            "junk.sqlite3 is damaged (it fails SQLite's integrity check), so it was not "
            "restored; choose another backup.",
        ),
        (
            damaged,
            "damaged.sqlite3 is damaged (it fails SQLite's integrity check), so it was "
            "not restored; choose another backup.",
        ),
        (
            stranger,
            "stranger.sqlite3 is not a zzsign store, so it was not restored; choose a "
            "backup that zzsign made.",
        ),
    ):
        run = laptop_with_four_backed_up_records.zzsign("restore", str(path))
        assert (run.returncode, run.stderr) == (1, f"zzsign: {sentence}\n"), run.stderr
    nowhere = laptop_with_four_backed_up_records.zzsign(
        "restore", str(tmp_path / "no-such.sqlite3")
    )
    assert (nowhere.returncode, nowhere.stderr) == (
        2,
        "zzsign: There is no file no-such.sqlite3; check the path and try again.\n",
    )
    neither = laptop_with_four_backed_up_records.zzsign("restore")
    both = laptop_with_four_backed_up_records.zzsign("restore", str(junk), "--new-store")
    for usage in (neither, both):
        assert (usage.returncode, usage.stderr) == (
            2,
            "zzsign: Give either the backup file to restore or --new-store (not both).\n",
        )
    assert not laptop_with_four_backed_up_records.database.exists()
    assert (
        sorted(
            path.name for path in laptop_with_four_backed_up_records.settings.backup_dir.iterdir()
        )
        == before
    )


def test_a_new_store_is_only_started_by_it_with_a_new_hr_password(
    laptop_with_four_backed_up_records,
):
    laptop_with_four_backed_up_records.delete_database()
    laptop_with_four_backed_up_records.database.write_bytes(
        b""
    )  # an emptied file: missing records, kept when replaced
    without = {**laptop_with_four_backed_up_records.env}
    del without["ZZSIGN_HR_PASSWORD"]
    asked = zzsign(
        without, "restore", "--new-store", "--data-dir", laptop_with_four_backed_up_records.data
    )
    assert (asked.returncode, asked.stderr) == (
        2,
        "zzsign: The HR password is needed: set ZZSIGN_HR_PASSWORD or run zzsign in a terminal.\n",
    )
    weak = laptop_with_four_backed_up_records.zzsign(
        "restore", "--new-store", ZZSIGN_HR_PASSWORD="short"
    )
    assert weak.returncode == 2 and "12 characters" in weak.stderr
    assert laptop_with_four_backed_up_records.database.stat().st_size == 0  # nothing started yet

    started = laptop_with_four_backed_up_records.zzsign(
        "restore", "--new-store", ZZSIGN_HR_PASSWORD=NEW_PASSWORD
    )
    assert started.returncode == 0, started.stderr
    assert started.stdout.startswith("Started an empty records store for this laptop")
    (kept,) = laptop_with_four_backed_up_records.settings.backup_dir.glob("zzsign-replaced-*")
    assert kept.stat().st_size == 0
    verify = laptop_with_four_backed_up_records.zzsign("verify", ZZSIGN_HR_PASSWORD=NEW_PASSWORD)
    assert verify.returncode == 0, verify.stderr
    assert verify.stdout == (
        "Checked 0 records and 0 chain entries, and opened 0 sealed records: all intact.\n"
    )
    old_password = laptop_with_four_backed_up_records.zzsign(
        "verify", ZZSIGN_HR_PASSWORD=HR_PASSWORD
    )
    assert old_password.returncode == 2  # the new store has its own HR password
    secrets = laptop_with_four_backed_up_records.secrets
    tied = secrets.get(store_tie_name(store_location(laptop_with_four_backed_up_records.settings)))
    assert tied not in (
        None,
        laptop_with_four_backed_up_records.installation_id,
    )  # tied to the new installation
    assert secrets.get(
        signing_key_name(laptop_with_four_backed_up_records.installation_id)
    )  # the old key is kept

    twice = laptop_with_four_backed_up_records.zzsign(
        "restore", "--new-store", ZZSIGN_HR_PASSWORD=NEW_PASSWORD
    )
    assert (twice.returncode, twice.stderr) == (
        2,
        "zzsign: This laptop's records are in place, so no new store was started; zzsign "
        "restore --new-store is only for records that are missing or damaged.\n",
    )

    # The old records can still come back: their key never left the keyring.
    backup = laptop_with_four_backed_up_records.newest_backup()
    assert_restored_and_intact(
        laptop_with_four_backed_up_records.zzsign("restore", str(backup)), backup.name
    )


def test_a_first_start_on_a_new_laptop_creates_the_store(tmp_path):
    env = cli_environment(tmp_path / "keyring.json")
    first = zzsign(env, "hr-password", "--data-dir", str(tmp_path / "data"))
    assert (first.returncode, first.stdout) == (0, "HR password set.\n"), first.stderr
    verify = zzsign(env, "verify", "--data-dir", str(tmp_path / "data"))
    assert verify.returncode == 0, verify.stderr
    assert (tmp_path / "data" / DATABASE).exists()


def test_the_keyring_ties_each_data_folder_to_its_own_installation(tmp_path):
    keyring = MemoryKeyring()  # one laptop, two data folders
    a, b = (Settings.resolve(data_dir=str(tmp_path / name), environ={}) for name in "ab")
    opened = [open_store(settings, SecretStore(backend=keyring)) for settings in (a, b)]
    for store in opened:
        store.close()
    assert opened[0].installation_id != opened[1].installation_id
    for path in a.data_dir.glob(DATABASE + "*"):
        path.unlink()
    with pytest.raises(StoreMissingError):
        open_store(a, SecretStore(backend=keyring))
    assert not (a.data_dir / DATABASE).exists()
    reopened = open_store(b, SecretStore(backend=keyring))
    assert reopened.installation_id == opened[1].installation_id
    reopened.close()
    # Another laptop's keyring has no tie here: for it, this is a first start.
    fresh = open_store(a, SecretStore(backend=MemoryKeyring()))
    fresh.close()


def test_restore_without_a_keyring_is_one_sentence_and_changes_nothing(
    laptop_with_four_backed_up_records,
):
    from zzsign.security.keyring_store import NO_KEYRING_MESSAGE

    laptop_with_four_backed_up_records.delete_database()
    run = laptop_with_four_backed_up_records.zzsign(
        "restore",
        str(laptop_with_four_backed_up_records.newest_backup()),
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )
    assert (run.returncode, run.stderr) == (2, f"zzsign: {NO_KEYRING_MESSAGE}\n")
    assert not laptop_with_four_backed_up_records.database.exists()
    new_store = laptop_with_four_backed_up_records.zzsign(
        "restore", "--new-store", PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring"
    )
    assert (new_store.returncode, new_store.stderr) == (2, f"zzsign: {NO_KEYRING_MESSAGE}\n")
    assert not laptop_with_four_backed_up_records.database.exists()
