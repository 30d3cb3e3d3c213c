"""Bring a database to the current schema, taking a backup copy first — never a damaged one."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, text

from zzsign.domain.messages import QT_TRANSLATE_NOOP, Message
from zzsign.store.database import is_shared_database, make_private_dir, sqlite_path
from zzsign.store.errors import SQLITE_READONLY, is_damage
from zzsign.store.locks import SCHEMA_KEY, hold_lock
from zzsign.store.readiness import SCHEMA_HEAD

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


class UnknownSchemaError(Exception):
    """The database was made by a newer zzsign (its schema revision is unknown here)."""

    message = Message(
        QT_TRANSLATE_NOOP(
            "Messages",
            "This records database was made by a newer version of zzsign; install that version "
            "(or a later one) to use it — it has not been changed.",
        )
    )


class UpgradeByItError(Exception):
    """A shared database (PostgreSQL) is not at this zzsign's schema: only IT's
    ``zzsign db upgrade`` changes it, never a kiosk's start."""

    message = Message(
        QT_TRANSLATE_NOOP(
            "Messages",
            "This records database is not set up for this version of zzsign yet; ask IT to run "
            "zzsign db upgrade on it.",
        )
    )


class DamagedDatabaseError(Exception):
    """The SQLite file fails SQLite's own structural check; it was left exactly as it was."""


def check_not_damaged(path: Path, *, busy_timeout_ms: int = 5000) -> None:
    """Raise DamagedDatabaseError if the SQLite file at ``path`` is not a sound database.

    Runs SQLite's ``quick_check`` (every page of every table and index, and the links between
    them) on a read-only connection, before anything else opens the file for writing: a
    damaged file is never migrated, switched to WAL, signed into or "repaired". A missing or
    empty file is a new store and passes. Other failures (busy, unreadable) are raised as they
    are, for the caller to describe. Costs one read of the file: about 40 ms for 2,000 records
    with their signature images (80 MB) when the file is in the page cache.
    """
    if not path.is_file() or path.stat().st_size == 0:
        return
    uri = path.resolve().as_uri() + "?mode=ro"
    try:
        with contextlib.closing(
            sqlite3.connect(uri, uri=True, timeout=busy_timeout_ms / 1000)
        ) as connection:
            found = connection.execute("PRAGMA quick_check(1)").fetchone()
    except sqlite3.DatabaseError as exc:
        if is_damage(exc):
            raise DamagedDatabaseError(type(exc).__name__) from exc
        if (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF == SQLITE_READONLY:
            return  # it needs a writer first (a hot journal to roll back): SQLite's own recovery
        raise
    if found != ("ok",):
        raise DamagedDatabaseError("quick_check")


def current_revision(engine: Engine) -> str | None:
    """The schema revision the database is at, or None for an empty database."""
    with engine.connect() as connection:
        return _revision(connection)


def _revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def require_current_schema(engine: Engine) -> None:
    """For a shared database, which the app never migrates: raise :class:`UpgradeByItError`
    unless it is at this zzsign's schema (:class:`UnknownSchemaError` if a newer one)."""
    revision = current_revision(engine)
    if revision == SCHEMA_HEAD:
        return
    if revision is not None and revision not in known_revisions():
        raise UnknownSchemaError(revision)
    raise UpgradeByItError(revision)


def backup_sqlite_file(source: Path, backup_dir: Path, label: str) -> Path:
    """A consistent copy of a SQLite file (online backup API), owner-only."""
    make_private_dir(backup_dir)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = backup_dir / f"{source.stem}-{label}-{stamp}.sqlite3"
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    target.chmod(0o600)
    return target


def _alembic_config():  # -> alembic.config.Config (imported only when needed)
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def known_revisions() -> set[str]:
    """Every schema revision this zzsign knows (a database at another was made by a newer one)."""
    from alembic.script import ScriptDirectory

    return {
        script.revision
        for script in ScriptDirectory.from_config(_alembic_config()).walk_revisions()
    }


def upgrade_to_head(engine: Engine, backup_dir: Path) -> Path | None:
    """Apply pending migrations; return the backup taken first, if any was needed.

    A shared database (PostgreSQL) is migrated under the schema's advisory lock, in one
    transaction, and has no backup taken here (IT keeps it with ``pg_dump``)."""
    if is_shared_database(str(engine.url)):
        upgrade_shared_database(engine)
        return None
    revision = current_revision(engine)
    if revision == SCHEMA_HEAD:
        return None
    if revision is not None and revision not in known_revisions():
        raise UnknownSchemaError(revision)
    backup = None
    path = sqlite_path(str(engine.url))
    if revision is not None and path is not None:
        backup = backup_sqlite_file(path, backup_dir, f"before-upgrade-from-{revision}")
    migrate(engine, "head")
    return backup


#: How long ``zzsign db upgrade`` waits for another upgrade, or for readers of a table it
#: changes, before it gives up (PostgreSQL's lock_timeout, for its transaction only).
UPGRADE_LOCK_TIMEOUT = "60s"


def upgrade_shared_database(engine: Engine) -> str | None:
    """Bring a database server's schema to the head in one transaction, holding the schema's
    advisory lock, so that two upgrades started together migrate once; returns the revision it
    was at (the second of two upgrades finds the head and changes nothing)."""
    from alembic import command

    config = _alembic_config()
    with engine.connect() as connection, connection.begin():
        if connection.dialect.name == "postgresql":
            connection.execute(text(f"SET LOCAL lock_timeout = '{UPGRADE_LOCK_TIMEOUT}'"))
        hold_lock(connection, SCHEMA_KEY)
        revision = _revision(connection)
        if revision == SCHEMA_HEAD:
            return revision
        if revision is not None and revision not in known_revisions():
            raise UnknownSchemaError(revision)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return revision


def migrate(engine: Engine, revision: str, *, down: bool = False) -> None:
    """Run the migrations up (or, with ``down``, back) to ``revision`` in one transaction, with
    SQLite's foreign-key enforcement off, as its table rebuilds ask."""
    from alembic import command

    config = _alembic_config()
    with engine.connect() as connection, _foreign_keys_off(connection), connection.begin():
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)


@contextlib.contextmanager
def _foreign_keys_off(connection) -> Iterator[None]:
    """SQLite's foreign-key enforcement off while migrating, as its table rebuilds ask (each
    migration that rebuilds a table checks every reference itself before it commits)."""
    raw = connection.connection.driver_connection
    if not isinstance(raw, sqlite3.Connection):
        yield
        return
    raw.execute("PRAGMA foreign_keys=OFF")  # outside a transaction: the connection autocommits
    try:
        yield
    finally:
        raw.execute("PRAGMA foreign_keys=ON")
