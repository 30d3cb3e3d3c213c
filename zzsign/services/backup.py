"""Backups of the SQLite store: ``zzsign backup``, and the automatic ones taken after signings.

SQLite's online backup API copies the database page by page under a read snapshot, so the copy is
consistent even while the kiosk signs (WAL: writers are not blocked). The copy is written to a
temporary file beside the target, reopened and checked with SQLite's ``integrity_check``, made
owner-only and renamed into place: an interrupted backup leaves nothing behind under the
backup's name. The copy holds only what the store holds: public keys, documents, records with
their sealed personal parts, audit events and chain links (no private key).

Automatic backups go into the data folder's ``backups/``: one after every
:data:`EVERY_SIGNINGS` signings (the newest :data:`KEEP_RECENT` are kept) and one on the first
signing of each day (the newest :data:`KEEP_DAILY` days are kept). They are made on a thread after
the signing has committed, so the hire never waits for one and a failed one never fails a
signing: it is logged, and tried again after the next signing. Rotation only ever removes
automatic backups; the copies taken before upgrades and the files ``zzsign restore`` moved aside
are never touched.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import sqlite3
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from zzsign.domain.clock import Clock, system_clock
from zzsign.files import atomic_path, sync_folder
from zzsign.services.errors import UserFacingError
from zzsign.store.database import make_private_dir, sqlite_path
from zzsign.store.migrate import DamagedDatabaseError
from zzsign.store.sqlite_file import (
    NotAStoreError,
    StoreContents,
    copy_database,
    count_records,
    inspect_store,
)

log = logging.getLogger(__name__)

#: An automatic backup is taken once this many records were signed since the last one.
EVERY_SIGNINGS = 25
#: How many of those are kept.
KEEP_RECENT = 10
#: How many daily backups (the first signing of a day) are kept: one a day, the newest days.
KEEP_DAILY = 7
#: An automatic backup is put off (until after the next signing) unless the disk would still
#: have this much free space after it, so that a backup never takes the space a signing needs.
RESERVE_FREE_BYTES = 64 * 2**20
#: A temporary file of an automatic backup this old was left by a process stopped mid-copy.
STALE_PART_SECONDS = 24 * 3600

RECENT_PREFIX = "zzsign-auto-"
DAILY_PREFIX = "zzsign-daily-"
_RECENT = re.compile(r"zzsign-auto-(\d+)-(\d{8}T\d{6}Z)-(\d+)-records\.sqlite3")
_DAILY = re.compile(r"zzsign-daily-(\d{4}-\d{2}-\d{2})\.sqlite3")


class BackupError(UserFacingError):
    """The backup could not be made; nothing was written."""


@dataclass(frozen=True)
class BackupResult:
    """What the copy holds."""

    path: Path
    records: int
    links: int


@contextlib.contextmanager
def checked_copy(
    source: Path, folder: Path, name: str, busy_timeout_ms: int, *, in_use: bool = True
) -> Iterator[tuple[Path, StoreContents]]:
    """A copy of ``source`` as an owner-only temporary file in ``folder``, reopened and checked.

    The caller renames it into place inside the ``with``; otherwise it is removed. ``in_use``:
    as for :func:`~zzsign.store.sqlite_file.copy_database`.
    """
    handle, path = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=folder)
    os.close(handle)
    temporary = Path(path)
    try:
        os.chmod(temporary, 0o600)
        copy_database(source, temporary, in_use=in_use, busy_timeout_ms=busy_timeout_ms)
        yield temporary, inspect_store(temporary, busy_timeout_ms=busy_timeout_ms)
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()  # already gone once renamed into place


def backup_store(database_url: str, out: Path, *, busy_timeout_ms: int = 5000) -> BackupResult:
    """Copy the store at ``database_url`` to ``out`` (atomically, owner-only, checked)."""
    source = sqlite_path(database_url)
    if source is None:
        raise BackupError(
            "zzsign backup copies the SQLite store only; back up a PostgreSQL database "
            "with pg_dump (see docs/fleet.md)."
        )
    if not source.is_file():
        raise BackupError("There is no zzsign store to back up here; check --data-dir.")
    out = Path(out)
    if out.resolve() == source.resolve():
        raise BackupError("The backup cannot replace the store itself; choose another --out.")
    if out.is_dir() or not out.parent.is_dir() or (out.exists() and not out.is_file()):
        raise BackupError(
            f"Cannot write the backup to {out.name}; give a file name in an "
            "existing folder for --out."
        )
    try:
        with atomic_path(out) as copy:  # renamed into place only once checked
            os.chmod(copy, 0o600)
            copy_database(source, copy, busy_timeout_ms=busy_timeout_ms)
            contents = inspect_store(copy, busy_timeout_ms=busy_timeout_ms)
    except DamagedDatabaseError as exc:
        raise BackupError(
            "The copy did not pass SQLite's integrity check; run zzsign verify on the store."
        ) from exc
    except (sqlite3.Error, NotAStoreError) as exc:
        raise BackupError(
            f"The store could not be copied ({exc.__class__.__name__}); make sure "
            "it is a zzsign store and try again."
        ) from exc
    sync_folder(out.parent)
    return BackupResult(out, contents.records, contents.links)


@dataclass(frozen=True)
class BackupPolicy:
    """When automatic backups are taken and how many are kept."""

    every_signings: int = EVERY_SIGNINGS
    keep_recent: int = KEEP_RECENT
    keep_daily: int = KEEP_DAILY
    reserve_free_bytes: int = RESERVE_FREE_BYTES


@dataclass(frozen=True, order=True)
class _Recent:
    """An automatic backup taken after signings, as its name describes it."""

    number: int
    stamp: str
    records: int
    path: Path


class AutoBackups:
    """The automatic backups of one SQLite store, made after signings (nothing for other
    databases). Safe to use from several processes on one data folder: every file appears
    whole under its name, and rotation tolerates files another process removed first."""

    def __init__(
        self,
        database_url: str,
        backup_dir: Path,
        *,
        clock: Clock = system_clock,
        policy: BackupPolicy | None = None,
        busy_timeout_ms: int = 5000,
    ) -> None:
        self.source = sqlite_path(database_url)
        self.folder = backup_dir
        self.policy = policy or BackupPolicy()
        self._clock = clock
        self._busy_timeout_ms = busy_timeout_ms
        self._thread: threading.Thread | None = None
        self._starting = threading.Lock()

    def after_signing(self) -> None:
        """A signing has committed: check on a thread whether a backup is due, and make it.

        Returns at once and never raises. While a backup is still being made, nothing more is
        started: the next signing checks again.
        """
        if self.source is None:
            return
        try:
            with self._starting:
                if self._thread is not None and self._thread.is_alive():
                    return
                self._thread = threading.Thread(target=self._run_and_log, name="zzsign-auto-backup")
                self._thread.start()
        except Exception as exc:  # no thread could start: the next signing tries again
            log.warning("Could not start the automatic backup: %s", type(exc).__name__)

    def wait(self, timeout: float | None = None) -> None:
        """Wait for the backup started by :meth:`after_signing`, if one is running."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _run_and_log(self) -> None:
        try:
            self.run_if_due()
        except Exception as exc:  # logged (the type only: never a path or a name)
            log.warning(
                "The automatic backup failed and is tried again after the next signing: %s",
                type(exc).__name__,
            )

    def run_if_due(self) -> list[Path]:
        """Make the backups that are due now, then rotate; returns the files written.

        Raises what went wrong (the caller on the thread logs it); a due backup that failed is
        still due at the next call.
        """
        source = self.source
        if source is None or not source.is_file():
            return []
        recent = self.recent()
        count = count_records(source, busy_timeout_ms=self._busy_timeout_ms)
        last_count = recent[-1].records if recent else 0
        recent_due = count - last_count >= self.policy.every_signings or count < last_count
        now = self._clock()
        today = now.local.date().isoformat()
        daily = self.folder / f"{DAILY_PREFIX}{today}.sqlite3"
        daily_due = not daily.exists()
        if not (recent_due or daily_due) or not self._room_for_a_copy(source):
            return []
        make_private_dir(self.folder)
        written: list[Path] = []
        if recent_due:
            number = recent[-1].number + 1 if recent else 1
            stamp = now.utc.strftime("%Y%m%dT%H%M%SZ")
            with self._copy(source, RECENT_PREFIX) as (copy, contents):
                path = self.folder / (
                    f"{RECENT_PREFIX}{number:06d}-{stamp}-{contents.records}-records.sqlite3"
                )
                os.replace(copy, path)
            written.append(path)
            log.info("Automatic backup %d written (%d records)", number, contents.records)
        if daily_due:
            if not written or not _linked(written[0], daily):
                with self._copy(source, DAILY_PREFIX) as (copy, _contents):
                    os.replace(copy, daily)
            written.append(daily)
            log.info("Daily automatic backup written")
        sync_folder(self.folder)
        self.rotate()
        return written

    def _copy(
        self, source: Path, prefix: str
    ) -> contextlib.AbstractContextManager[tuple[Path, StoreContents]]:
        return checked_copy(source, self.folder, prefix.rstrip("-"), self._busy_timeout_ms)

    def _room_for_a_copy(self, source: Path) -> bool:
        """Whether a copy leaves the reserve free (the store's size is what a copy needs)."""
        try:
            size = sum(path.stat().st_size for path in (source, _wal_of(source)) if path.exists())
            free = shutil.disk_usage(
                self.folder if self.folder.exists() else self.folder.parent
            ).free
        except OSError:
            return True  # let the copy itself say what is wrong
        if free - size < self.policy.reserve_free_bytes:
            log.warning(
                "Not enough free disk space for an automatic backup; tried again after "
                "the next signing"
            )
            return False
        return True

    def recent(self) -> list[_Recent]:
        """The backups taken after signings, oldest first."""
        found = []
        for path in self._names(RECENT_PREFIX):
            if match := _RECENT.fullmatch(path.name):
                found.append(_Recent(int(match[1]), match[2], int(match[3]), path))
        return sorted(found)

    def daily(self) -> list[Path]:
        """The daily backups, oldest day first."""
        return sorted(path for path in self._names(DAILY_PREFIX) if _DAILY.fullmatch(path.name))

    def _names(self, prefix: str) -> list[Path]:
        try:
            return [path for path in self.folder.iterdir() if path.name.startswith(prefix)]
        except FileNotFoundError:
            return []

    def rotate(self) -> None:
        """Keep the newest automatic backups the policy names; remove older ones, and temporary
        files of copies that a stopped process left. Nothing else in the folder is touched."""
        recent = [backup.path for backup in self.recent()]
        daily = self.daily()
        old = (
            recent[: max(len(recent) - self.policy.keep_recent, 0)]
            + daily[: max(len(daily) - self.policy.keep_daily, 0)]
        )
        cutoff = time.time() - STALE_PART_SECONDS
        for prefix in (RECENT_PREFIX, DAILY_PREFIX):
            for part in self.folder.glob(f".{prefix.rstrip('-')}.*.part"):
                with contextlib.suppress(OSError):
                    if part.stat().st_mtime < cutoff:
                        old.append(part)
        for path in old:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()


def _wal_of(database: Path) -> Path:
    return database.with_name(database.name + "-wal")


def _linked(existing: Path, name: Path) -> bool:
    """Give ``existing`` (a checked backup, never written again) a second name, if the file
    system allows; the two names are removed independently by rotation."""
    try:
        os.link(existing, name)
    except FileExistsError:
        return True  # another zzsign on this folder made today's already
    except OSError:
        return False
    return True
