"""``zzsign restore``: bring this laptop's records back from a backup, or start an empty store.

Nothing is ever deleted. The database files found in the data folder (with their ``-wal``,
``-shm`` and ``-journal``) are moved aside into ``backups/`` as ``zzsign-replaced-<time>.sqlite3``
(side files keep their suffix, so the pair still opens together). The backup is copied in with
SQLite's backup API as one owner-only file, checked with ``integrity_check``, and renamed into
place. Then the keyring ties the data folder to the restored installation.

A backup is taken only if it is a sound zzsign store made by this laptop: this keyring holds the
signing key of the installation that made it. A new, empty store is started only by IT's explicit
step (``--new-store``) with a new HR password, and only where this laptop's records are missing or
damaged; the old installation's keys stay in the keyring.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from zzsign.config import Settings
from zzsign.files import sync_folder
from zzsign.security import hr_password
from zzsign.security.installation_keys import InstallationSigner, signing_key_name
from zzsign.security.keyring_store import KeyringUnavailableError, SecretStore
from zzsign.security.store_ties import tie_store
from zzsign.services.backup import checked_copy
from zzsign.services.errors import UserFacingError
from zzsign.services.hr import HrAccess, HrPasswordError
from zzsign.services.store import (
    StoreMissingError,
    check_records_in_place,
    open_store,
    store_location,
)
from zzsign.store.database import make_private_dir, sqlite_path
from zzsign.store.errors import describe_storage_failure
from zzsign.store.migrate import DamagedDatabaseError, check_not_damaged, known_revisions
from zzsign.store.sqlite_file import NotAStoreError, StoreContents, inspect_store

log = logging.getLogger(__name__)

REPLACED_PREFIX = "zzsign-replaced-"
#: The files SQLite keeps beside a database, moved aside with it.
SIDE_SUFFIXES = ("-journal", "-wal", "-shm")
SQLITE_ONLY = (
    "zzsign restore works on the SQLite store in the data folder only; restore a PostgreSQL "
    "database with pg_restore (see docs/fleet.md)."
)


class RestoreRefusedError(UserFacingError):
    """The backup cannot be restored here (damaged, not a zzsign store, another laptop's);
    nothing was changed."""


@dataclass(frozen=True)
class RestoreResult:
    """What was restored, and where the files it replaced were kept."""

    installation_id: str
    records: int
    kept: tuple[Path, ...]


def restore_backup(
    settings: Settings, secrets: SecretStore, backup: Path, *, busy_timeout_ms: int = 5000
) -> RestoreResult:
    """Put ``backup`` in place of the store in the data folder (see the module's docstring).

    Raises :class:`RestoreRefusedError` (nothing changed) if the backup is damaged, not a zzsign
    store, made by a newer zzsign or by another laptop; UserFacingError for what IT must fix
    first (no keyring, a path that is not a file).
    """
    database = _database_file(settings)
    backup = Path(backup)
    if backup.exists() and not backup.is_file():
        raise UserFacingError(
            f"{backup.name} is not a file; give the backup file to restore "
            "(a .sqlite3 file in the data folder's backups/, or one made by "
            "zzsign backup)."
        )
    if not backup.is_file():
        raise UserFacingError(f"There is no file {backup.name}; check the path and try again.")
    if database.exists() and backup.resolve() == database.resolve():
        raise UserFacingError("That is the records database itself; give a backup file.")
    contents = _check_backup(backup, busy_timeout_ms)
    try:
        secrets.check()
        ours = _this_laptops_installation(backup, contents, secrets)
    except KeyringUnavailableError as exc:
        raise UserFacingError(exc.message) from exc
    try:
        make_private_dir(settings.data_dir)
        with checked_copy(
            backup, settings.data_dir, database.name, busy_timeout_ms, in_use=False
        ) as (copy, copied):
            if copied.installation_id != contents.installation_id:  # changed while copying
                raise RestoreRefusedError(
                    f"{backup.name} changed while it was read; run zzsign restore again."
                )
            kept = set_aside(database, settings.backup_dir)
            copy.replace(database)
        sync_folder(settings.data_dir)
    except (DamagedDatabaseError, NotAStoreError, sqlite3.Error, OSError) as exc:
        log.error("Restoring a backup failed: %s", type(exc).__name__)
        raise UserFacingError(describe_storage_failure(exc, settings.data_dir)) from exc
    location = store_location(settings)
    assert location is not None
    try:
        tie_store(secrets, location, ours)
    except KeyringUnavailableError as exc:  # the file is in place; the tie is written next time
        raise UserFacingError(
            "The backup is in place, but the password store (keyring) could "
            "not be updated; unlock it and run the same zzsign restore "
            "again."
        ) from exc
    log.info("Restored a backup of %d records", copied.records)
    return RestoreResult(ours, copied.records, tuple(kept))


def _database_file(settings: Settings) -> Path:
    path = sqlite_path(settings.database_url)
    if path is None:
        raise UserFacingError(SQLITE_ONLY)
    return path


def _check_backup(backup: Path, busy_timeout_ms: int) -> StoreContents:
    """What a sound zzsign backup holds; RestoreRefusedError for anything else."""
    try:
        contents = inspect_store(backup, busy_timeout_ms=busy_timeout_ms)
    except DamagedDatabaseError as exc:
        raise RestoreRefusedError(
            f"{backup.name} is damaged (it fails SQLite's integrity check), "
            "so it was not restored; choose another backup."
        ) from exc
    except NotAStoreError as exc:
        raise RestoreRefusedError(
            f"{backup.name} is not a zzsign store, so it was not restored; "
            "choose a backup that zzsign made."
        ) from exc
    except sqlite3.Error as exc:  # busy, unreadable: IT can try again
        raise UserFacingError(
            f"{backup.name} could not be read just now "
            f"({type(exc).__name__}), so it was not restored; check that it "
            "is readable and try again."
        ) from exc
    if contents.revision not in known_revisions():
        raise RestoreRefusedError(
            f"{backup.name} was made by a newer version of zzsign; install "
            "that version (or a later one) to restore it."
        )
    return contents


def _this_laptops_installation(backup: Path, contents: StoreContents, secrets: SecretStore) -> str:
    """The backup's installation that signs with a key this laptop's keyring holds (several
    laptops may share one file, each its own installation; the maker's is tried first)."""
    for installation_id, public_key in contents.installations or (
        (contents.installation_id, contents.public_key),
    ):
        private = secrets.get(signing_key_name(installation_id))
        try:
            if private is not None and (
                InstallationSigner.from_secret(private).public_key_hex == public_key
            ):
                return installation_id
        except ValueError:  # a key in the keyring that no longer reads
            continue
    raise RestoreRefusedError(
        f"{backup.name} holds the records of another laptop (installation "
        f"{contents.installation_id}), so it was not restored here; choose a backup of this "
        "laptop's records."
    )


def set_aside(database: Path, backup_dir: Path) -> list[Path]:
    """Move ``database`` and its side files into ``backup_dir`` under one new name (never
    over another file); returns where they went. Side files go first, so that a stale WAL can
    never be left beside whatever comes in next."""
    found = [database.with_name(database.name + suffix) for suffix in SIDE_SUFFIXES]
    found = [path for path in [*found, database] if path.exists()]
    if not found:
        return []
    make_private_dir(backup_dir)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    base, number = f"{REPLACED_PREFIX}{stamp}", 1
    while any(
        backup_dir.joinpath(base + database.suffix + suffix).exists()
        for suffix in ("", *SIDE_SUFFIXES)
    ):
        number += 1
        base = f"{REPLACED_PREFIX}{stamp}-{number}"
    kept = []
    for path in found:
        target = backup_dir / (base + database.suffix + path.name.removeprefix(database.name))
        shutil.move(path, target)
        kept.append(target)
    log.info("Moved %d database files aside into the backups folder", len(kept))
    return kept


@dataclass(frozen=True)
class NewStoreResult:
    """The new installation, and where the files it replaced were kept."""

    installation_id: str
    kept: tuple[Path, ...]


def start_new_store(
    settings: Settings,
    secrets: SecretStore,
    new_hr_password: str,
    *,
    wrapping_cost: dict[str, int] | None = None,
) -> NewStoreResult:
    """IT's explicit step for a laptop whose records are missing or damaged: an empty store with
    ``new_hr_password`` set, tied in the keyring to its new installation.

    Refused (UserFacingError, nothing changed) where this laptop's records are in place, or the
    password is too weak. What was in the data folder is moved aside, never deleted.
    """
    database = _database_file(settings)
    try:
        secrets.check()
    except KeyringUnavailableError as exc:
        raise UserFacingError(exc.message) from exc
    try:
        hr_password.check_new_password(new_hr_password)
    except hr_password.WeakPasswordError as weak:
        raise HrPasswordError(weak.message) from weak
    if not _records_missing_or_damaged(settings, secrets, database):
        raise UserFacingError(
            "This laptop's records are in place, so no new store was started; "
            "zzsign restore --new-store is only for records that are missing "
            "or damaged."
        )
    kept = set_aside(database, settings.backup_dir)
    store = open_store(settings, secrets, new_installation=True)
    try:
        HrAccess(store.sessions, wrapping_cost=wrapping_cost).set_up(new_hr_password)
    finally:
        store.close()
    log.info("IT started a new store for this laptop; earlier files were kept aside")
    return NewStoreResult(store.installation_id, tuple(kept))


def restore_backup_on_this_laptop(settings: Settings, backup: Path) -> RestoreResult:
    """:func:`restore_backup` with this laptop's keyring (``zzsign restore BACKUP``)."""
    return restore_backup(settings, SecretStore(), backup)


def start_new_store_on_this_laptop(settings: Settings, new_hr_password: str) -> NewStoreResult:
    """:func:`start_new_store` with this laptop's keyring (``zzsign restore --new-store``)."""
    return start_new_store(settings, SecretStore(), new_hr_password)


def _records_missing_or_damaged(settings: Settings, secrets: SecretStore, database: Path) -> bool:
    """Whether the store in the data folder is gone, replaced, emptied or damaged (a folder
    with no store yet and no tie counts too: starting there is a first start)."""
    try:
        check_records_in_place(settings, secrets)
        check_not_damaged(database, busy_timeout_ms=settings.busy_timeout_ms)
    except (StoreMissingError, DamagedDatabaseError):
        return True
    with contextlib.suppress(OSError):
        return database.stat().st_size == 0
    return True
