"""IT's ``zzsign db grant``: give a PostgreSQL database's kiosk role and HR role their rights
(:mod:`zzsign.store.roles` says what each may do)."""

from __future__ import annotations

import logging

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from zzsign.config import Settings
from zzsign.services.errors import StorageFaultError, StoreUnavailableError, UserFacingError
from zzsign.store.database import create_database_engine, is_postgresql
from zzsign.store.errors import describe_storage_failure
from zzsign.store.migrate import UnknownSchemaError, UpgradeByItError
from zzsign.store.roles import (
    GrantRefusedError,
    RoleNameError,
    apply_grants,
    grant_script,
)

log = logging.getLogger(__name__)

NOT_POSTGRESQL = (
    "zzsign db grant is for a PostgreSQL database (a SQLite store is one laptop's file, "
    "kept private by its folder); give it one with --database-url."
)


def roles_script(kiosk_role: str, hr_role: str) -> str:
    """The SQL that gives the two roles their rights, for IT to read or run with ``psql``."""
    try:
        return grant_script(kiosk_role, hr_role)
    except RoleNameError as exc:
        raise UserFacingError(exc.message) from exc


def grant_roles(settings: Settings, kiosk_role: str, hr_role: str) -> None:
    """Give ``kiosk_role`` and ``hr_role`` their rights on the database ``settings`` names,
    in one transaction, connected as the owner of zzsign's tables; the database must be at
    this zzsign's schema. Raises a :class:`UserFacingError`."""
    if not is_postgresql(settings.database_url):
        raise UserFacingError(NOT_POSTGRESQL)
    engine: Engine | None = None
    try:
        engine = create_database_engine(
            settings.database_url, busy_timeout_ms=settings.busy_timeout_ms
        )
        apply_grants(engine, kiosk_role, hr_role)
    except (UpgradeByItError, UnknownSchemaError) as exc:
        raise StoreUnavailableError(exc.message) from exc
    except (RoleNameError, GrantRefusedError) as exc:
        raise UserFacingError(exc.message) from exc
    except SQLAlchemyError as exc:
        log.error("Could not grant the roles their rights: %s", type(exc).__name__)
        raise StorageFaultError(describe_storage_failure(exc)) from exc
    finally:
        if engine is not None:
            engine.dispose()
    log.info("Granted the kiosk role and the HR role their rights")
