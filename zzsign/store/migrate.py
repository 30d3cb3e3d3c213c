"""Bring a database to the current schema, taking a backup copy first."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, inspect, text

from zzsign.store.database import make_private_dir, sqlite_path

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
#: The newest migration; a test checks it against Alembic's own view of the scripts.
SCHEMA_HEAD = "0002"


class UnknownSchemaError(Exception):
    """The database was made by a newer zzsign (its schema revision is unknown here)."""

    message = (
        "This records database was made by a newer version of zzsign; install that version "
        "(or a later one) to use it — it has not been changed."
    )


def current_revision(engine: Engine) -> str | None:
    """The schema revision the database is at, or None for an empty database."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def backup_sqlite_file(source: Path, backup_dir: Path, label: str) -> Path:
    """A consistent copy of a SQLite file (online backup API), owner-only."""
    make_private_dir(backup_dir)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = backup_dir / f"{source.stem}-{label}-{stamp}.sqlite3"
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    target.chmod(0o600)
    return target


def upgrade_to_head(engine: Engine, backup_dir: Path) -> Path | None:
    """Apply pending migrations; return the backup taken first, if any was needed."""
    revision = current_revision(engine)
    if revision == SCHEMA_HEAD:
        return None
    from alembic import command  # imported only when there is work to do
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    known = {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}
    if revision is not None and revision not in known:
        raise UnknownSchemaError(revision)
    backup = None
    path = sqlite_path(str(engine.url))
    if revision is not None and path is not None:
        backup = backup_sqlite_file(path, backup_dir, f"before-upgrade-from-{revision}")
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return backup
