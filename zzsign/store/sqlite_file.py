"""SQLite files handled outside the engine: consistent copies, their checks, and what a file holds.

Each connection here opens a file that exists (``mode=ro`` or ``mode=rw`` URIs, so a missing file
is never created), does one job and is closed. Files are read through a read-only connection, and
through a read-write one with ``query_only`` only if they need SQLite's own recovery first (a hot
journal). The store in use is read the other way round: a read-write connection with
``query_only`` (read-only where the folder cannot be written), because the last connection to
close checkpoints the WAL into the file only if it can write.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from zzsign.store.errors import SQLITE_CANTOPEN, SQLITE_READONLY, is_damage
from zzsign.store.migrate import DamagedDatabaseError

#: Tables every zzsign schema has had since the first one (0001).
CORE_TABLES = frozenset(
    {
        "alembic_version",
        "installations",
        "hr_keys",
        "documents",
        "signature_records",
        "audit_events",
        "ledger_entries",
    }
)

_T = TypeVar("_T")


class NotAStoreError(Exception):
    """A sound SQLite database that is not a zzsign store (tables or installation missing)."""


@dataclass(frozen=True)
class StoreContents:
    """What a zzsign database file holds, read from the file itself."""

    revision: str
    installation_id: str
    public_key: str | None
    records: int
    links: int
    #: Every installation in the file, (id, public key), the maker (above) first: several
    #: laptops may share one file, each its own installation.
    installations: tuple[tuple[str, str | None], ...] = ()


def _connect(path: Path, mode: str, busy_timeout_ms: int) -> sqlite3.Connection:
    connection = sqlite3.connect(
        f"{path.resolve().as_uri()}?mode={mode}", uri=True, timeout=busy_timeout_ms / 1000
    )
    if mode == "rw":
        connection.execute("PRAGMA query_only=ON")
    return connection


#: The order of connection modes for a file at rest, and for the store in use.
AT_REST, IN_USE = ("ro", "rw"), ("rw", "ro")


def _read(
    path: Path,
    job: Callable[[sqlite3.Connection], _T],
    busy_timeout_ms: int,
    modes: tuple[str, ...] = AT_REST,
) -> _T:
    """``job`` run on a reading connection to ``path`` (the first of ``modes`` that can read
    it); damage raises DamagedDatabaseError."""
    for mode in modes:
        try:
            with contextlib.closing(_connect(path, mode, busy_timeout_ms)) as connection:
                return job(connection)
        except sqlite3.DatabaseError as exc:
            if is_damage(exc):
                raise DamagedDatabaseError(type(exc).__name__) from exc
            code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
            if mode == modes[-1] or code not in (SQLITE_READONLY, SQLITE_CANTOPEN):
                raise
    raise AssertionError("unreachable")


def _tables(connection: sqlite3.Connection) -> set[str]:
    return {
        name
        for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }


def holds_installation(path: Path, installation_id: str, *, busy_timeout_ms: int = 5000) -> bool:
    """Whether the store at ``path`` holds the installation ``installation_id``; False if the
    file is missing or empty, or is no zzsign store. Raises DamagedDatabaseError if it is
    damaged."""
    if not path.is_file() or path.stat().st_size == 0:
        return False

    def read(connection: sqlite3.Connection) -> bool:
        if "installations" not in _tables(connection):
            return False
        row = connection.execute(
            "SELECT 1 FROM installations WHERE id = ?", (installation_id,)
        ).fetchone()
        return row is not None

    return _read(path, read, busy_timeout_ms)


def count_records(path: Path, *, busy_timeout_ms: int = 5000) -> int:
    """How many signed records the store in use at ``path`` holds."""
    return _read(
        path,
        lambda c: c.execute("SELECT count(*) FROM signature_records").fetchone()[0],
        busy_timeout_ms,
        IN_USE,
    )


def inspect_store(path: Path, *, busy_timeout_ms: int = 5000) -> StoreContents:
    """Check the whole file with SQLite's ``integrity_check`` and read what it holds.

    Raises DamagedDatabaseError if the check fails, NotAStoreError if the file is a sound
    database but not a zzsign store.
    """

    def read(connection: sqlite3.Connection) -> StoreContents:
        if connection.execute("PRAGMA integrity_check(1)").fetchone() != ("ok",):
            raise DamagedDatabaseError("integrity_check")
        if not CORE_TABLES.issubset(_tables(connection)):
            raise NotAStoreError("tables missing")
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        local = connection.execute(
            "SELECT id, public_key FROM installations WHERE is_local LIMIT 1"
        ).fetchone()
        if revision is None or local is None:
            raise NotAStoreError("no schema revision or no installation")
        records = connection.execute("SELECT count(*) FROM signature_records").fetchone()[0]
        links = connection.execute("SELECT count(*) FROM ledger_entries").fetchone()[0]
        installations = connection.execute(
            "SELECT id, public_key FROM installations ORDER BY is_local DESC, created_at_utc, id"
        ).fetchall()
        return StoreContents(
            str(revision[0]),
            str(local[0]),
            local[1],
            records,
            links,
            tuple((str(found[0]), found[1]) for found in installations),
        )

    return _read(path, read, busy_timeout_ms)


def copy_database(
    source: Path, target: Path, *, in_use: bool = True, busy_timeout_ms: int = 5000
) -> None:
    """Copy the database at ``source`` into the new file ``target`` with SQLite's online backup
    API (one consistent snapshot, even while others write), as one self-contained file (no
    WAL), flushed to disk. ``in_use``: ``source`` is the store (not a file at rest, such as a
    backup being restored). The caller checks the copy and puts it in place."""
    with contextlib.closing(sqlite3.connect(target)) as copy:

        def back_up(original: sqlite3.Connection) -> None:
            original.backup(copy)

        _read(source, back_up, busy_timeout_ms, IN_USE if in_use else AT_REST)
        copy.execute("PRAGMA journal_mode=DELETE")
    with open(target, "rb+") as written:
        os.fsync(written.fileno())
