"""Automatic backups: after every 25 signings and once a day, rotated, each checked and whole.

Every test signs through the real SigningService over a real store; backups are made on a thread
after the signing returns, so each test waits for it (``service.backups.wait()``) before looking.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import stat
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from support.store import signed_session

from zzsign.domain.clock import Timestamp
from zzsign.services import backup as backup_module
from zzsign.services.backup import AutoBackups, BackupPolicy, backup_store
from zzsign.services.signing import SigningService
from zzsign.services.verify import verify_database

LOCAL = timezone(timedelta(hours=1))


class SteppingClock:
    """A clock that stands still until the test moves it on."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> Timestamp:
        return Timestamp.from_local(self.now)

    def next_day(self) -> None:
        self.now += timedelta(days=1)


def sign(service: SigningService, name: str = "Ingrid Øvergård") -> str:
    """One hire signs; returns when the automatic backup it started (if any) is done."""
    record_id = service.sign(signed_session(service, name), screen="x").record_id
    service.backups.wait(60)
    return record_id


def names(folder: Path, prefix: str) -> list[str]:
    return sorted(path.name for path in folder.glob(f"{prefix}*"))


def records_in(path: Path) -> int:
    """The records a backup holds, after SQLite's full integrity check of the file passes."""
    with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)], path.name
        return raw.execute("SELECT count(*) FROM signature_records").fetchone()[0]


def test_a_backup_is_taken_after_every_25_signings(store, settings):
    service = SigningService(store)  # the default schedule, as the kiosk has it
    signed = [sign(service, f"Hire {n}") for n in range(1, 25)]
    assert names(settings.backup_dir, "zzsign-auto-") == []
    assert len(names(settings.backup_dir, "zzsign-daily-")) == 1  # the day's first signing

    signed.append(sign(service, "Hire 25"))
    (name,) = names(settings.backup_dir, "zzsign-auto-")
    assert name.startswith("zzsign-auto-000001-") and name.endswith("-25-records.sqlite3")
    backup = settings.backup_dir / name
    assert records_in(backup) == 25
    # The last signing is in it: verify (the keyring's anchor included) finds nothing missing.
    report = verify_database(f"sqlite:///{backup}", secrets=store.secrets)
    assert report.intact, report.problems
    assert report.records == 25


def test_a_daily_backup_is_taken_at_the_first_signing_of_each_day(store, settings):
    clock = SteppingClock(datetime(2026, 11, 25, 9, 0, tzinfo=LOCAL))
    service = SigningService(
        store, clock, backups=AutoBackups(settings.database_url, settings.backup_dir, clock=clock)
    )
    for n in range(3):
        sign(service, f"Morning hire {n}")
    assert names(settings.backup_dir, "zzsign-") == ["zzsign-daily-2026-11-25.sqlite3"]
    assert records_in(settings.backup_dir / "zzsign-daily-2026-11-25.sqlite3") == 1

    clock.now = datetime(2026, 11, 26, 0, 30, tzinfo=LOCAL)  # still the 25th in UTC
    sign(service, "Early hire")
    sign(service, "Late hire")
    assert names(settings.backup_dir, "zzsign-") == [
        "zzsign-daily-2026-11-25.sqlite3",
        "zzsign-daily-2026-11-26.sqlite3",
    ]
    assert records_in(settings.backup_dir / "zzsign-daily-2026-11-26.sqlite3") == 4


def test_rotation_keeps_the_newest_ten_and_seven_days_and_touches_nothing_else(
    store, settings, secrets
):
    clock = SteppingClock(datetime(2026, 11, 1, 10, 0, tzinfo=LOCAL))
    service = SigningService(
        store,
        clock,
        backups=AutoBackups(
            settings.database_url,
            settings.backup_dir,
            clock=clock,
            policy=BackupPolicy(every_signings=1),
        ),
    )
    # Copies made before an upgrade, a store restore set aside, and IT's own copy.
    settings.backup_dir.mkdir(mode=0o700)
    others = [
        "zzsign-before-upgrade-from-0001-20261020T080000Z.sqlite3",
        "zzsign-replaced-20261021T080000Z.sqlite3",
        "zzsign-replaced-20261021T080000Z.sqlite3-wal",
        "copy-made-by-it.sqlite3",
    ]
    for other in others:
        backup_store(settings.database_url, settings.backup_dir / other)
    kept_bytes = {other: (settings.backup_dir / other).read_bytes() for other in others}

    for day in range(12):
        sign(service, f"Hire of day {day + 1}")
        clock.next_day()

    recent = names(settings.backup_dir, "zzsign-auto-")
    assert [name.split("-")[2] for name in recent] == [f"{n:06d}" for n in range(3, 13)]
    assert [records_in(settings.backup_dir / name) for name in recent] == list(range(3, 13))
    daily = names(settings.backup_dir, "zzsign-daily-")
    assert daily == [f"zzsign-daily-2026-11-{day:02d}.sqlite3" for day in range(6, 13)]
    assert [records_in(settings.backup_dir / name) for name in daily] == list(range(6, 13))
    for other, data in kept_bytes.items():
        assert (settings.backup_dir / other).read_bytes() == data, other
    assert not list(settings.backup_dir.glob(".*"))  # no temporary file left behind
    newest = settings.backup_dir / recent[-1]
    report = verify_database(f"sqlite:///{newest}", secrets=secrets)
    assert report.intact and report.records == 12, report.problems


def test_backups_are_owner_only(store, settings):
    service = SigningService(
        store,
        backups=AutoBackups(
            settings.database_url, settings.backup_dir, policy=BackupPolicy(every_signings=1)
        ),
    )
    sign(service)
    assert stat.S_IMODE(settings.backup_dir.stat().st_mode) == 0o700
    files = list(settings.backup_dir.iterdir())
    assert len(files) == 2
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name


def test_the_hire_never_waits_for_a_backup(store, settings, monkeypatch):
    """A backup that takes its time runs after sign() has returned (the Done page is up)."""
    release = threading.Event()
    copying = threading.Event()
    real_copy = backup_module.copy_database

    def slow_copy(*args, **kwargs):
        copying.set()
        assert release.wait(30)
        return real_copy(*args, **kwargs)

    monkeypatch.setattr(backup_module, "copy_database", slow_copy)
    service = SigningService(store)
    receipt = service.sign(signed_session(service), screen="x")  # returns, backup still going
    assert receipt.record_id
    assert copying.wait(30)
    assert names(settings.backup_dir, "zzsign-daily-") == []
    second = service.sign(signed_session(service, "Next Hire"), screen="x")  # not held up
    assert second.record_id
    release.set()
    service.backups.wait(60)
    (daily,) = names(settings.backup_dir, "zzsign-daily-")
    assert records_in(settings.backup_dir / daily) == 2  # the store as it was when copied


def test_a_failed_backup_never_fails_a_signing_and_is_made_after_the_next(store, settings, caplog):
    settings.backup_dir.write_bytes(b"")  # a file where the backups folder should be
    service = SigningService(store)
    with caplog.at_level(logging.INFO, logger="zzsign"):
        sign(service, "Ludmila Secretname")
    assert settings.backup_dir.is_file()
    assert "automatic backup failed" in caplog.text
    for secret in ("Ludmila", "Secretname", "ingrid@", str(settings.data_dir)):
        assert secret not in caplog.text

    settings.backup_dir.unlink()
    sign(service, "Next Hire")
    (daily,) = names(settings.backup_dir, "zzsign-daily-")
    assert records_in(settings.backup_dir / daily) == 2


def test_no_backup_takes_the_space_the_next_signing_needs(store, settings, caplog):
    service = SigningService(
        store,
        backups=AutoBackups(
            settings.database_url,
            settings.backup_dir,
            policy=BackupPolicy(reserve_free_bytes=2**62),
        ),
    )  # more than any disk has
    with caplog.at_level(logging.INFO, logger="zzsign"):
        sign(service)
    assert not settings.backup_dir.exists()
    assert "Not enough free disk space for an automatic backup" in caplog.text


def test_other_databases_get_no_automatic_backup(tmp_path):
    backups = AutoBackups("postgresql+psycopg://kiosk@127.0.0.1/zzsign", tmp_path / "backups")
    backups.after_signing()
    backups.wait()
    assert backups.run_if_due() == []
    assert not (tmp_path / "backups").exists()


@pytest.mark.parametrize("left_by", ["zzsign-auto", "zzsign-daily"])
def test_a_copy_cut_short_by_a_stopped_process_is_cleared_a_day_later(store, settings, left_by):
    service = SigningService(store)
    sign(service)
    part = settings.backup_dir / f".{left_by}.abc123.part"
    part.write_bytes(b"half a copy")
    fresh = settings.backup_dir / f".{left_by}.def456.part"
    fresh.write_bytes(b"another process is writing this one")
    day_old = (datetime.now() - timedelta(days=2)).timestamp()
    os.utime(part, (day_old, day_old))
    service.backups.rotate()
    assert not part.exists()
    assert fresh.exists()
