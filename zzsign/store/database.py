"""The engine: SQLite in WAL mode with full fsync, owner-only files, immediate transactions."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases and in-memory SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def make_private_dir(path: Path) -> None:
    """Create ``path`` (and parents) readable only by its owner."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)


def _make_private_file(path: Path) -> None:
    if not path.exists():
        # Create it empty with owner-only permissions before SQLite opens it.
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    os.chmod(path, 0o600)


def create_database_engine(url: str, *, busy_timeout_ms: int = 5000) -> Engine:
    """An engine for ``url``; for SQLite, durable (WAL, synchronous=FULL) and owner-only."""
    path = sqlite_path(url)
    if path is None:
        return create_engine(url)
    make_private_dir(path.parent)
    _make_private_file(path)
    engine = create_engine(url, connect_args={"timeout": busy_timeout_ms / 1000})

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        # Let SQLAlchemy's "begin" event open transactions, so that they are IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: object) -> None:
        # Take the write lock up front: a deferred transaction that reads and then writes can
        # fail with SQLITE_BUSY that no timeout resolves when another process writes meanwhile.
        connection.exec_driver_sql("BEGIN IMMEDIATE")  # type: ignore[attr-defined]

    return engine


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
    """
    if sqlite_path(database_url) is None:
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
