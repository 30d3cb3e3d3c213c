"""A quick, read-only look at the store's SQLite file with the standard ``sqlite3`` module.

The kiosk enables *Start* on what this finds, before SQLAlchemy and the ORM store have loaded
(they open the store properly on a thread just after). Imports nothing heavier than ``sqlite3``:
the names it reads are checked against the ORM's own by a test.
"""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass
from pathlib import Path

#: The newest migration: the schema revision a store must be at to be used without one (kept
#: here, beside the quick look, so that it needs no SQLAlchemy; a test checks it against
#: Alembic's own view of the scripts).
SCHEMA_HEAD = "0006"
#: The setting that holds the company's work email domains
#: (``zzsign.store.settings.WORK_EMAIL_DOMAINS``; a test keeps the two equal).
WORK_EMAIL_DOMAINS = "work_email_domains"
#: The kind of the agreement's rows in ``documents`` (``zzsign.store.records.AGREEMENT``).
AGREEMENT = "agreement"


@dataclass(frozen=True)
class StoredDocument:
    """One stored version of a document, as its row holds it."""

    version: int
    title: str
    text: str
    sha256: str


@dataclass(frozen=True)
class StoreGlance:
    """What a quick look at a store file found (nothing is checked beyond reading it)."""

    schema_revision: str | None
    installation_id: str | None
    installation_public_key: str | None
    hr_key_present: bool
    newest_agreement: StoredDocument | None
    work_email_domains: str | None

    @property
    def at_head(self) -> bool:
        """Whether the schema needs no migration."""
        return self.schema_revision == SCHEMA_HEAD


def glance_at_store(path: Path, *, busy_timeout_ms: int = 5000) -> StoreGlance | None:
    """Read what the kiosk needs to know from the store file at ``path`` (read-only).

    None if there is no store there yet (no file, an empty one, or one without zzsign's
    tables). SQLite's errors (busy, damaged, unreadable) are raised as they come.
    """
    if not path.is_file() or path.stat().st_size == 0:
        return None
    uri = f"{path.resolve().as_uri()}?mode=ro"
    with contextlib.closing(
        sqlite3.connect(uri, uri=True, timeout=busy_timeout_ms / 1000)
    ) as connection:
        tables = {
            name
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        if not {"alembic_version", "installations", "hr_keys", "documents"} <= tables:
            return None
        with connection:  # one read transaction: a consistent view
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            local = connection.execute(
                "SELECT id, public_key FROM installations WHERE is_local LIMIT 1"
            ).fetchone()
            hr_key = connection.execute("SELECT 1 FROM hr_keys LIMIT 1").fetchone()
            agreement = connection.execute(
                "SELECT version, title, text, sha256 FROM documents WHERE kind = ? "
                "ORDER BY version DESC LIMIT 1",
                (AGREEMENT,),
            ).fetchone()
            domains = None
            if "store_settings" in tables:
                domains = connection.execute(
                    "SELECT value FROM store_settings WHERE name = ?", (WORK_EMAIL_DOMAINS,)
                ).fetchone()
    return StoreGlance(
        schema_revision=None if revision is None else str(revision[0]),
        installation_id=None if local is None else str(local[0]),
        installation_public_key=None if local is None or local[1] is None else str(local[1]),
        hr_key_present=hr_key is not None,
        newest_agreement=None
        if agreement is None
        else StoredDocument(
            int(agreement[0]), str(agreement[1]), str(agreement[2]), str(agreement[3])
        ),
        work_email_domains=None if domains is None else str(domains[0]),
    )
