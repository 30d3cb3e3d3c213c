"""Opening the records store: engine, schema, shipped documents and the installation id."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from zzsign import __version__
from zzsign.config import Settings
from zzsign.domain.clock import Clock, system_clock
from zzsign.domain.documents import (
    Agreement,
    DocumentIntegrityError,
    VersionedDocument,
    latest,
    load_documents,
)
from zzsign.resources import RESOURCES_DIR
from zzsign.services.errors import StoreUnavailableError
from zzsign.store.database import create_database_engine, make_private_dir, make_session_factory
from zzsign.store.errors import describe_storage_failure
from zzsign.store.migrate import upgrade_to_head
from zzsign.store.records import AGREEMENT, DISCLOSURE, RecordRepository

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Store:
    """An open, migrated records store and what the kiosk shows from it."""

    engine: Engine
    sessions: sessionmaker[Session]
    installation_id: str
    agreement: Agreement
    disclosure: VersionedDocument

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()


def shipped_documents(resources: Path = RESOURCES_DIR) -> tuple[Agreement, VersionedDocument]:
    """The newest agreement and e-records disclosure shipped with the app, hash-checked."""
    agreement = latest(load_documents(resources / "agreements", Agreement))
    disclosure = latest(load_documents(resources / "disclosures", VersionedDocument))
    return agreement, disclosure


def open_store(settings: Settings, clock: Clock = system_clock) -> Store:
    """Open the store, migrating it (after a backup) and registering the shipped documents."""
    try:
        agreement, disclosure = shipped_documents()
    except DocumentIntegrityError as exc:
        raise StoreUnavailableError(
            "The agreement shipped with zzsign is damaged; ask IT to reinstall zzsign."
        ) from exc
    try:
        make_private_dir(settings.data_dir)
        engine = create_database_engine(
            settings.database_url, busy_timeout_ms=settings.busy_timeout_ms
        )
        upgrade_to_head(engine, settings.backup_dir)
        sessions = make_session_factory(engine)
        now = clock()
        with sessions.begin() as session:
            records = RecordRepository(session)
            installation_id = records.local_installation_id(created_at=now, app_version=__version__)
            records.register_document(AGREEMENT, agreement, now)
            records.register_document(DISCLOSURE, disclosure, now)
    except DocumentIntegrityError as exc:
        raise StoreUnavailableError(str(exc)) from exc
    except (SQLAlchemyError, OSError) as exc:
        log.error("Could not open the records store: %s", type(exc).__name__)
        raise StoreUnavailableError(describe_storage_failure(exc)) from exc
    return Store(engine, sessions, installation_id, agreement, disclosure)
