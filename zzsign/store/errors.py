"""Turn storage failures into one sentence a person can act on — no paths, no personal data.

Each sentence is a :class:`zzsign.domain.messages.Message`: English as a ``str`` (the command line
and the logs), shown in the interface's language by a view. IT's restore steps stay English."""

from __future__ import annotations

import errno
import logging
import shutil
import sqlite3
from pathlib import Path

from zzsign.domain.messages import QT_TRANSLATE_NOOP, Message

# SQLite primary result codes (https://sqlite.org/rescode.html).
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_IOERR = 5, 6, 8, 10
SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 11, 13, 14, 26
#: Extended code: the shared-memory file beside a WAL database could not grow (no space left).
SQLITE_IOERR_SHMSIZE = SQLITE_IOERR | (19 << 8)
#: Below this much free space, an I/O error from SQLite is taken for a full disk.
LOW_SPACE_BYTES = 1024 * 1024

LOCKED = Message(
    QT_TRANSLATE_NOOP(
        "Messages",
        "The records database is busy in another program; wait a moment and try again, "
        "or ask IT if this keeps happening.",
    )
)
DISK_FULL = Message(
    QT_TRANSLATE_NOOP(
        "Messages",
        "The disk is full, so the record could not be saved; ask IT to free some space.",
    )
)
READ_ONLY = Message(
    QT_TRANSLATE_NOOP(
        "Messages",
        "The records folder cannot be written to; ask IT to check its permissions or disk.",
    )
)
CORRUPT = Message(
    QT_TRANSLATE_NOOP(
        "Messages",
        "The records database is damaged; ask IT to restore it from the latest backup "
        "(it has not been changed).",
    )
)
UNKNOWN = Message(
    QT_TRANSLATE_NOOP(
        "Messages",
        "The records database could not be used because of a storage error; ask IT for help.",
    )
)
SERVER_DOWN = Message(
    QT_TRANSLATE_NOOP(
        "Messages",
        "The records database server cannot be reached; check this laptop's network "
        "connection, or ask IT to check that the server is running.",
    )
)
WRONG_PASSWORD = Message(
    QT_TRANSLATE_NOOP(
        "Messages",
        "The records database server refused zzsign's user name or password; ask IT to check "
        "the database URL zzsign is given.",
    )
)
TIMEOUT = Message(
    QT_TRANSLATE_NOOP(
        "Messages",
        "The records database server did not answer in time; try again in a moment, or ask IT "
        "to check the network and the server.",
    )
)
SERVER_READ_ONLY = Message(
    QT_TRANSLATE_NOOP(
        "Messages",
        "The records database server accepts no changes right now (it is read-only), so "
        "nothing was saved; ask IT to check the server.",
    )
)
PERMISSION_DENIED = Message(
    QT_TRANSLATE_NOOP(
        "Messages",
        "The records database server does not allow this laptop to do this; ask IT to check "
        "the laptop's database rights.",
    )
)
NO_DATABASE = Message(
    QT_TRANSLATE_NOOP(
        "Messages",
        "The records database named in zzsign's database URL does not exist on the server; "
        "ask IT to create it and run zzsign db upgrade.",
    )
)
DRIVER_MISSING = Message(
    QT_TRANSLATE_NOOP(
        "Messages",
        "zzsign cannot use PostgreSQL databases on this computer yet; ask IT to install "
        "zzsign's PostgreSQL driver (zzsign[postgresql]).",
    )
)
#: PostgreSQL's SQLSTATE codes (https://www.postgresql.org/docs/current/errcodes-appendix.html)
#: and classes (their first two characters), and the sentence each one gets.
POSTGRESQL_STATES: dict[str, Message] = {
    "08": SERVER_DOWN,  # connection exception
    "57P01": SERVER_DOWN,  # admin_shutdown
    "57P02": SERVER_DOWN,  # crash_shutdown
    "57P03": SERVER_DOWN,  # cannot_connect_now (starting up, shutting down)
    "28": WRONG_PASSWORD,  # invalid authorization specification, 28P01 invalid password
    "57014": TIMEOUT,  # query_canceled (statement_timeout)
    "25006": SERVER_READ_ONLY,  # read_only_sql_transaction (a standby, or read-only set)
    "42501": PERMISSION_DENIED,  # insufficient_privilege
    "3D000": NO_DATABASE,  # invalid_catalog_name
    "55P03": LOCKED,  # lock_not_available (lock_timeout)
    "40001": LOCKED,  # serialization_failure
    "40P01": LOCKED,  # deadlock_detected
    "53100": DISK_FULL,  # disk_full
    "XX001": CORRUPT,  # data_corrupted
    "XX002": CORRUPT,  # index_corrupted
}

log = logging.getLogger(__name__)

#: What IT reads on the command line when the database is damaged: how to restore, in one go.
RESTORE_FROM_BACKUP = (
    "The records database is damaged and zzsign has not changed it; to restore, close zzsign, "
    "move zzsign.sqlite3 and any zzsign.sqlite3-wal and -shm files out of the data folder "
    "(keep them), copy the newest backup (made by zzsign backup, or kept in the data folder's "
    "backups/) in as zzsign.sqlite3, then run zzsign verify."
)


def describe_storage_failure(exc: BaseException, data_dir: Path | None = None) -> Message:
    """One clear sentence (a Message) for a database or file-system failure.

    With ``data_dir``, an I/O error SQLite does not explain is taken for a full disk when the
    data folder's file system has (almost) no free space left.
    """
    cause: BaseException | None = exc
    while cause is not None:
        own = getattr(cause, "storage_sentence", None)  # a failure that carries its sentence
        if isinstance(own, Message):
            return own
        if _from_psycopg(cause):
            return _describe_postgresql(cause)
        if isinstance(cause, sqlite3.Error):
            extended = getattr(cause, "sqlite_errorcode", 0) or 0
            code = extended & 0xFF
            message = str(cause).lower()
            if code in (SQLITE_BUSY, SQLITE_LOCKED) or "locked" in message:
                return LOCKED
            if (
                code == SQLITE_FULL
                or extended == SQLITE_IOERR_SHMSIZE
                or ("disk is full" in message)
            ):
                return DISK_FULL
            if code in (SQLITE_READONLY, SQLITE_CANTOPEN) or "readonly" in message:
                return READ_ONLY
            if code in (SQLITE_CORRUPT, SQLITE_NOTADB) or "malformed" in message:
                return CORRUPT
            if code == SQLITE_IOERR and data_dir is not None and _almost_full(data_dir):
                return DISK_FULL
        if isinstance(cause, OSError):
            if cause.errno == errno.ENOSPC:
                return DISK_FULL
            if cause.errno in (errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOTDIR, errno.EEXIST):
                return READ_ONLY
        cause = cause.__cause__ or getattr(cause, "orig", None)
    return UNKNOWN


def _from_psycopg(exc: BaseException) -> bool:
    """Whether ``exc`` is psycopg's (the PostgreSQL driver is an extra: not imported here)."""
    return type(exc).__module__.partition(".")[0] == "psycopg"


def _describe_postgresql(exc: BaseException) -> Message:
    """The sentence for a psycopg error, by its SQLSTATE; logged with the SQLSTATE only (the
    server's own text may quote values, so it is never logged). A failure to connect has no
    SQLSTATE: libpq's text tells a refused password, a missing database and a timeout from an
    unreachable server."""
    state = getattr(exc, "sqlstate", None)
    told = "" if state else " (told by the connection failure)"
    state = state or _connection_failure_state(str(exc).lower())
    sentence = POSTGRESQL_STATES.get(state) or POSTGRESQL_STATES.get(state[:2], UNKNOWN)
    log.warning("PostgreSQL failure: %s, SQLSTATE %s%s", type(exc).__name__, state, told)
    return sentence


def _connection_failure_state(text: str) -> str:
    """The SQLSTATE behind a failure to connect, which libpq reports as text only."""
    if "password" in text or "authentication failed" in text or 'role "' in text:
        return "28P01"  # invalid_password (or an unknown user)
    if 'database "' in text and "does not exist" in text:
        return "3D000"  # invalid_catalog_name
    if "timeout" in text or "timed out" in text:
        return "57014"  # no answer in time (query_canceled is its nearest code)
    return "08001"  # sqlclient_unable_to_establish_sqlconnection


def is_damage(exc: sqlite3.Error) -> bool:
    """Whether SQLite says the file is not a database or is corrupt (as opposed to busy, etc.)."""
    code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
    return code in (SQLITE_CORRUPT, SQLITE_NOTADB) or "malformed" in str(exc).lower()


def _almost_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < LOW_SPACE_BYTES
    except OSError:
        return False
