"""Turn storage failures into one sentence a person can act on — no paths, no personal data."""

from __future__ import annotations

import errno
import sqlite3

# SQLite primary result codes (https://sqlite.org/rescode.html).
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_IOERR = 5, 6, 8, 10
SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 11, 13, 14, 26

LOCKED = (
    "The records database is busy in another program; wait a moment and try again, "
    "or ask IT if this keeps happening."
)
DISK_FULL = "The disk is full, so the record could not be saved; ask IT to free some space."
READ_ONLY = (
    "The records folder cannot be written to; ask IT to check its permissions or disk."
)
CORRUPT = (
    "The records database is damaged; ask IT to restore it from the latest backup "
    "(it has not been changed)."
)
UNKNOWN = "The records database could not be used because of a storage error; ask IT for help."


def describe_storage_failure(exc: BaseException) -> str:
    """One clear sentence for a database or file-system failure."""
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, sqlite3.Error):
            code = getattr(cause, "sqlite_errorcode", 0) & 0xFF
            message = str(cause).lower()
            if code in (SQLITE_BUSY, SQLITE_LOCKED) or "locked" in message:
                return LOCKED
            if code == SQLITE_FULL or "disk is full" in message:
                return DISK_FULL
            if code in (SQLITE_READONLY, SQLITE_CANTOPEN) or "readonly" in message:
                return READ_ONLY
            if code in (SQLITE_CORRUPT, SQLITE_NOTADB) or "malformed" in message:
                return CORRUPT
        if isinstance(cause, OSError):
            if cause.errno == errno.ENOSPC:
                return DISK_FULL
            if cause.errno in (errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOTDIR, errno.EEXIST):
                return READ_ONLY
        cause = cause.__cause__ or getattr(cause, "orig", None)
    return UNKNOWN
