"""The engine: SQLite in WAL mode with full fsync, owner-only files, immediate transactions;
or PostgreSQL (psycopg 3), waiting a bounded time for the server and for locks."""

from __future__ import annotations

import os
import random
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from zzsign.files import make_private_folder
from zzsign.store.errors import DRIVER_MISSING, SQLITE_BUSY, SQLITE_LOCKED


class DriverMissingError(SQLAlchemyError):
    """The URL names PostgreSQL, and psycopg (the extra ``zzsign[postgresql]``) is missing."""

    storage_sentence = DRIVER_MISSING


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases and in-memory SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def store_identity(url: str) -> str | None:
    """What names the store at ``url`` wherever it is reached from: a SQLite file's full path
    (links resolved), or a database server's backend, host, port and database (not the user,
    password or options, which may differ between laptops). None for in-memory SQLite. The
    keyring remembers this laptop's installation per store under it."""
    path = sqlite_path(url)
    if path is not None:
        return os.path.realpath(path)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return None
    host = (parsed.host or str(parsed.query.get("host") or "")).lower()
    port = parsed.port or parsed.query.get("port") or 5432
    return f"{parsed.get_backend_name()}://{host}:{port}/{parsed.database or ''}"


def is_shared_database(url: str) -> bool:
    """Whether ``url`` names a database server (PostgreSQL) rather than this laptop's own SQLite
    file: such a database is migrated only by IT's ``zzsign db upgrade``, never at start-up."""
    return make_url(url).get_backend_name() != "sqlite"


def is_postgresql(url: str) -> bool:
    """Whether ``url`` names a PostgreSQL database."""
    return make_url(url).get_backend_name() == "postgresql"


#: How long a first connection to a database server may take before it counts as a timeout.
CONNECT_TIMEOUT_S = 10


def _postgresql_options(url: str, busy_timeout_ms: int) -> dict:
    """Engine options for PostgreSQL: a bounded wait for the server and for locks (as SQLite's
    busy timeout), a connection checked before use (the server may have restarted since), and
    the application's name in the server's views. Values given in the URL win."""
    given = make_url(url).query
    connect_args: dict[str, object] = {"application_name": "zzsign"}
    if "connect_timeout" not in given:
        connect_args["connect_timeout"] = CONNECT_TIMEOUT_S
    if "options" not in given:
        connect_args["options"] = f"-c lock_timeout={int(busy_timeout_ms)}"
    return {"connect_args": connect_args, "pool_pre_ping": True}


def _postgresql_engine(url: str, busy_timeout_ms: int, **options: object) -> Engine:
    """A PostgreSQL engine through psycopg 3 (also for a URL that names no driver:
    ``postgresql://…``); :class:`DriverMissingError` if psycopg is not installed."""
    parsed = make_url(url)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    try:
        return create_engine(parsed, **_postgresql_options(url, busy_timeout_ms), **options)
    except ImportError as exc:
        raise DriverMissingError(type(exc).__name__) from exc


#: Create a folder (and parents) readable only by its owner.
make_private_dir = make_private_folder


def _make_private_file(path: Path) -> None:
    if not path.exists():
        # Create it empty with owner-only permissions before SQLite opens it.
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    os.chmod(path, 0o600)


def create_database_engine(url: str, *, busy_timeout_ms: int = 5000) -> Engine:
    """An engine for ``url``; for SQLite, durable (WAL, synchronous=FULL) and owner-only; for
    PostgreSQL, through psycopg 3 with bounded waits for the server and for locks."""
    path = sqlite_path(url)
    if path is None:
        if is_postgresql(url):
            return _postgresql_engine(url, busy_timeout_ms)
        return create_engine(url)
    make_private_dir(path.parent)
    _make_private_file(path)
    engine = create_engine(url, connect_args={"timeout": busy_timeout_ms / 1000})

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        # Let SQLAlchemy's "begin" event open transactions, so that they are IMMEDIATE.
        dbapi_connection.isolation_level = None
        switch_to_wal(dbapi_connection, busy_timeout_ms)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        # Take the write lock up front: a deferred transaction that reads and then writes can
        # fail with SQLITE_BUSY that no timeout resolves when another process writes meanwhile.
        begin_immediate(connection, busy_timeout_ms)

    return engine


#: How long a writer waits between two tries for the write lock (seconds, picked at random).
WRITE_LOCK_RETRY = (0.001, 0.004)


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    return code in (SQLITE_BUSY, SQLITE_LOCKED) or "locked" in str(exc).lower()


def switch_to_wal(dbapi_connection: sqlite3.Connection, busy_timeout_ms: int) -> None:
    """``PRAGMA journal_mode=WAL``, retried while another process holds the file.

    On a new database, the first switch to WAL needs the file to itself, and SQLite answers
    "database is locked" at once, without waiting, when another process is opening it at the
    same moment (two kiosks first started together). Once the file is in WAL mode the pragma
    changes nothing and does not wait.
    """
    deadline = time.monotonic() + busy_timeout_ms / 1000
    while True:
        try:
            dbapi_connection.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc) or time.monotonic() >= deadline:
                raise
        time.sleep(random.uniform(*WRITE_LOCK_RETRY))


def begin_immediate(connection: Connection, busy_timeout_ms: int) -> None:
    """``BEGIN IMMEDIATE``, waiting up to ``busy_timeout_ms`` for the write lock, fairly.

    SQLite's own busy handler backs off to 100 ms between tries, so with several processes
    writing, one that has waited long keeps losing the lock to newcomers that retry within a
    millisecond, and can wait past any timeout (seen: 4.6 s of 5 with eight kiosks signing at
    once). Here every waiter retries every few milliseconds, so each has the same chance at
    every release. The last try goes through SQLAlchemy, so that a lock still held at the end
    raises its usual OperationalError ("database is locked"), which services turn into a
    sentence.
    """
    raw = connection.connection.dbapi_connection
    if not isinstance(raw, sqlite3.Connection):  # not pysqlite: SQLite's own waiting
        connection.exec_driver_sql("BEGIN IMMEDIATE")
        return
    deadline = time.monotonic() + busy_timeout_ms / 1000
    raw.execute("PRAGMA busy_timeout=0")
    try:
        while time.monotonic() < deadline:
            try:
                raw.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc):
                    break  # let SQLAlchemy raise it, wrapped
            time.sleep(random.uniform(*WRITE_LOCK_RETRY))
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    finally:
        raw.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions whose objects stay readable after commit (services turn them into dataclasses)."""
    return sessionmaker(engine, expire_on_commit=False)


def snapshot_sessions(
    database_url: str, *, busy_timeout_ms: int = 5000
) -> tuple[sessionmaker[Session], Callable[[], None]]:
    """Read-only sessions that each see one snapshot and never hold the write lock.

    The writing engine opens every transaction with ``BEGIN IMMEDIATE`` (right for writes). A
    long read — verify, an export — must not hold that lock, or the kiosk could not sign
    meanwhile: here each transaction is a deferred ``BEGIN`` with ``query_only``, and in WAL mode
    a reader sees one consistent snapshot while writers go on. Returns the factory and a function
    that releases the connections.

    On PostgreSQL each transaction is ``REPEATABLE READ READ ONLY``: one snapshot for the whole
    read (at READ COMMITTED, each statement would see the links and records committed since the
    one before, and verify would report a chain that is only growing as broken).
    """
    if is_postgresql(database_url):
        engine = _postgresql_engine(
            database_url,
            busy_timeout_ms,
            isolation_level="REPEATABLE READ",
            execution_options={"postgresql_readonly": True},
        )
    elif sqlite_path(database_url) is None:
        engine = create_engine(database_url)
    else:
        engine = create_engine(database_url)

        @event.listens_for(engine, "connect")
        def _configure(dbapi_connection: sqlite3.Connection, _record: object) -> None:
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA query_only=ON")
            cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(connection: object) -> None:
            connection.exec_driver_sql("BEGIN")  # type: ignore[attr-defined]

    return sessionmaker(engine), engine.dispose
