"""Locks that keep two zzsign processes of one installation from writing at cross purposes.

On SQLite every writing transaction already holds the whole file (``BEGIN IMMEDIATE``), so these
cost nothing there. On PostgreSQL they are transaction-level advisory locks
(``pg_advisory_xact_lock``), released by the commit or the rollback, so none can be left behind:

* an installation's lock — held by every chain append (read the chain's end, sign the next
  link, add it) and by the first-time creation of the installation's keys, so two processes of
  one laptop never fork its chain nor make two keys;
* the store's set-up lock — held while the installation row and the shipped documents are
  written at start-up, so two processes started together make one of each;
* the schema lock — held by ``zzsign db upgrade`` while it migrates.

A waiter waits up to the connection's ``lock_timeout`` (see
:func:`zzsign.store.database.create_database_engine`), then fails with SQLSTATE 55P03, which
:func:`zzsign.store.errors.describe_storage_failure` says is a busy database.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session


def advisory_key(name: str) -> int:
    """The signed 64-bit key of the advisory lock called ``name`` (zzsign's own key space)."""
    digest = hashlib.sha256(f"zzsign lock: {name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


SET_UP_KEY = advisory_key("store set-up")
SCHEMA_KEY = advisory_key("schema")


def hold_lock(db: Session | Connection, key: int) -> None:
    """Hold the advisory lock ``key`` until ``db``'s transaction ends (nothing on SQLite)."""
    bind = db.get_bind() if isinstance(db, Session) else db
    if bind.dialect.name != "postgresql":
        return
    db.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def lock_installation(db: Session | Connection, installation_id: str) -> None:
    """Hold ``installation_id``'s lock (its chain and its keys) for the rest of the transaction."""
    hold_lock(db, advisory_key(f"installation {installation_id}"))
