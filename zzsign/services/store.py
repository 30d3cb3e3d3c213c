"""Opening the records store: engine, schema, shipped documents, installation identity and key."""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from zzsign import __version__
from zzsign.config import DATABASE_FILE_NAME, Settings
from zzsign.domain.clock import Clock, system_clock
from zzsign.domain.documents import Agreement, DocumentIntegrityError, VersionedDocument
from zzsign.domain.messages import QT_TRANSLATE_NOOP, Message
from zzsign.pdf.seal import SealIdentity, create_seal_identity
from zzsign.security.fingerprints import certificate_sha256, public_key_fingerprint
from zzsign.security.hr_pin import HrPin
from zzsign.security.installation_keys import (
    InstallationSigner,
    SigningKeyMissingError,
    endorsement_bytes,
    key_matches_certificate,
    seal_key_name,
    signing_key_name,
)
from zzsign.security.keyring_store import KeyringUnavailableError, SecretStore
from zzsign.security.store_ties import store_tie_name, tie_store, tied_installation
from zzsign.services.backup import AutoBackups
from zzsign.services.chain_anchor import ChainAnchor
from zzsign.services.errors import StorageFaultError, StoreDamagedError, StoreUnavailableError
from zzsign.services.readiness import shipped_documents
from zzsign.store.database import (
    create_database_engine,
    is_shared_database,
    make_private_dir,
    make_session_factory,
    sqlite_path,
    store_identity,
)
from zzsign.store.errors import CORRUPT, RESTORE_FROM_BACKUP, describe_storage_failure
from zzsign.store.installations import InstallationInfo, InstallationRepository
from zzsign.store.locks import SET_UP_KEY, hold_lock
from zzsign.store.migrate import (
    DamagedDatabaseError,
    UnknownSchemaError,
    UpgradeByItError,
    check_not_damaged,
    current_revision,
    require_current_schema,
    upgrade_shared_database,
    upgrade_to_head,
)
from zzsign.store.records import AGREEMENT, DISCLOSURE, RecordRepository
from zzsign.store.sqlite_file import holds_installation

log = logging.getLogger(__name__)

KEY_MISMATCH = Message(
    QT_TRANSLATE_NOOP(
        "Messages",
        "This laptop's signing key does not match the one its records were signed with; ask IT "
        "before signing anything more (zzsign verify explains what it finds).",
    )
)
#: What the kiosk shows when the keyring lacks the key of the seal this installation's row names.
SEAL_MISSING = Message(
    QT_TRANSLATE_NOOP(
        "Messages",
        "This laptop's keyring has lost the key that seals its signed copies, so nothing will be "
        "signed; ask IT to restore the keyring, or to start a new store (zzsign restore "
        "--new-store).",
    )
)
#: What the kiosk shows when this laptop's records database was deleted or replaced.
RECORDS_MISSING = Message(
    QT_TRANSLATE_NOOP(
        "Messages",
        "This laptop's records are missing from its data folder; ask IT to restore them from the "
        "latest backup.",
    )
)
#: What the kiosk shows when the agreement or disclosure shipped with zzsign fails its check.
SHIPPED_DOCUMENTS_DAMAGED = Message(
    QT_TRANSLATE_NOOP(
        "Messages", "The agreement shipped with zzsign is damaged; ask IT to reinstall zzsign."
    )
)
#: What IT reads on the command line in that case: how to bring the records back.
RESTORE_MISSING_RECORDS = (
    "The records of this laptop are missing (its records database was deleted or replaced); "
    "to bring them back, close zzsign and run zzsign restore BACKUP with the newest file in the "
    "data folder's backups/ or a copy made by zzsign backup (to start an empty store instead, "
    "run zzsign restore --new-store)."
)


#: What the kiosk and the command line say when this laptop's keyring names an installation
#: that the records database does not hold.
UNKNOWN_INSTALLATION = Message(
    QT_TRANSLATE_NOOP(
        "Messages",
        "This laptop's keyring names an installation that this records database does not hold "
        "(the database was replaced, or zzsign is pointed at another one), so nothing will be "
        "signed; ask IT to check the database URL zzsign is given.",
    )
)


class UnknownInstallationError(StoreUnavailableError):
    """The keyring names this laptop's installation in the store, and the database does not
    hold it; nothing was created or changed, and nothing may be signed."""

    def __init__(self) -> None:
        super().__init__(UNKNOWN_INSTALLATION)


class StoreMissingError(StoreUnavailableError):
    """The keyring ties this store location to an installation whose records are not there
    (the database was deleted, emptied or replaced); nothing was created or changed.
    ``restore_steps`` is IT's sentence."""

    def __init__(self) -> None:
        super().__init__(RECORDS_MISSING)
        self.restore_steps = RESTORE_MISSING_RECORDS


@dataclass(frozen=True)
class Database:
    """An open, migrated store and the documents the kiosk shows. ``installation_id`` is this
    laptop's installation in it, as the keyring names it; None before this laptop has signed
    into the store (or when the keyring could not be read)."""

    engine: Engine
    sessions: sessionmaker[Session]
    installation_id: str | None
    agreement: Agreement
    disclosure: VersionedDocument
    settings: Settings

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()


@dataclass(frozen=True)
class Store(Database):
    """A database this installation can sign into: its keys are in the keyring."""

    installation_id: str
    signer: InstallationSigner
    secrets: SecretStore
    seal: SealIdentity
    seal_endorsement: str
    backups: AutoBackups
    anchor: ChainAnchor
    #: HR's public keys as this laptop's keyring pins them for this store (see
    #: :mod:`zzsign.security.hr_pin`): the only key it seals to, when one is pinned.
    hr_pin: HrPin

    def close(self) -> None:
        """Write the newest chain head to the keyring, let an automatic backup that is being
        made finish, then release the connections."""
        self.anchor.close()
        self.backups.wait()
        super().close()


#: Files up to this size are checked for damage before they open; larger ones (tens of thousands
#: of records: a cold read takes many seconds) are checked in the background after opening
#: when the caller asks for it (the kiosk), see :func:`check_for_damage`.
CHECK_AT_OPEN_BYTES = 256 * 2**20


def check_deferred(settings: Settings) -> bool:
    """Whether opening the store with ``full_check=False`` leaves its damage check for later."""
    path = sqlite_path(settings.database_url)
    try:
        return path is not None and path.stat().st_size > CHECK_AT_OPEN_BYTES
    except OSError:
        return False


def check_for_damage(settings: Settings) -> str | None:
    """Run SQLite's structural check on the store's file (a read-only connection; safe to run on
    another thread while the store is in use): the sentence to show if it is damaged, else None.
    A check that cannot run (busy, unreadable) is logged and counts as no news."""
    path = sqlite_path(settings.database_url)
    if path is None:
        return None
    try:
        check_not_damaged(path, busy_timeout_ms=settings.busy_timeout_ms)
    except DamagedDatabaseError:
        log.error("The records database failed SQLite's integrity check; left unchanged")
        return CORRUPT
    except (sqlite3.Error, OSError) as exc:
        log.warning("The background integrity check could not run: %s", type(exc).__name__)
    return None


def store_location(settings: Settings) -> str | None:
    """The full path of the store's SQLite file, as the keyring's tie names it (None for
    other databases: the tie, backups and restore are for SQLite stores)."""
    path = sqlite_path(settings.database_url)
    return None if path is None else os.path.realpath(path)


def check_records_in_place(settings: Settings, secrets: SecretStore) -> None:
    """Raise :class:`StoreMissingError` if the keyring ties this store location to an
    installation whose records are not in the database file there (deleted, emptied, or
    replaced by another installation's). Reads the file only, read-only; a first start (no
    tie) passes. Raises DamagedDatabaseError, KeyringUnavailableError or sqlite3 errors as
    they come."""
    location = store_location(settings)
    if location is None:
        return
    tied = tied_installation(secrets, location)
    if tied is None:
        return
    path = sqlite_path(settings.database_url)
    assert path is not None
    if not holds_installation(path, tied, busy_timeout_ms=settings.busy_timeout_ms):
        log.error(
            "The records database does not hold this laptop's installation (it was "
            "deleted or replaced); nothing was created"
        )
        raise StoreMissingError()


def open_database(
    settings: Settings,
    clock: Clock = system_clock,
    *,
    full_check: bool = True,
    secrets: SecretStore | None = None,
    new_installation: bool = False,
) -> Database:
    """Open the store, migrating it (after a backup) and registering the shipped documents.

    The kiosk shows the newest agreement version in the store: the shipped one, or a newer one
    HR has published since. A damaged database file is refused before anything opens it for
    writing (:class:`StoreDamagedError`), and left byte for byte as it was. With
    ``full_check=False`` a file larger than :data:`CHECK_AT_OPEN_BYTES` is not checked here: the
    caller runs :func:`check_for_damage` in the background.

    A shared database (PostgreSQL) is never migrated here: one that is not at this zzsign's
    schema is refused with the sentence that IT must run ``zzsign db upgrade``.

    A store whose records are missing (:func:`check_records_in_place`, with ``secrets`` or the
    keyring ``keyring`` selects) is refused with :class:`StoreMissingError` before anything is
    created. If the keyring cannot be read, that check is left out (a first start cannot be
    told apart then). ``new_installation``: IT's explicit step (``zzsign restore --new-store``)
    has moved the old files aside, and a new installation may start here.

    The result's ``installation_id`` is this laptop's installation as its keyring names it
    (:func:`this_installation`), or None: none yet (only :func:`open_store` makes one, never a
    reader), or the keyring could not be read. A keyring naming an installation the store does
    not hold is refused with :class:`UnknownInstallationError`.
    """
    try:
        agreement, disclosure = shipped_documents()
    except DocumentIntegrityError as exc:
        raise StoreUnavailableError(SHIPPED_DOCUMENTS_DAMAGED) from exc
    engine: Engine | None = None
    try:
        if not new_installation:
            _refuse_missing_records(settings, secrets)
        make_private_dir(settings.data_dir)
        # Makes the file owner-only but does not open it yet (SQLite's side files copy its mode).
        engine = create_database_engine(
            settings.database_url, busy_timeout_ms=settings.busy_timeout_ms
        )
        path = sqlite_path(settings.database_url)
        if path is not None and (full_check or not check_deferred(settings)):
            check_not_damaged(path, busy_timeout_ms=settings.busy_timeout_ms)
        if is_shared_database(settings.database_url):
            require_current_schema(engine)
        else:
            upgrade_to_head(engine, settings.backup_dir)
        sessions = make_session_factory(engine)
        now = clock()
        with sessions.begin() as session:
            hold_lock(session, SET_UP_KEY)  # two processes started together: one of each row
            records = RecordRepository(session)
            installation_id = _readable_installation(
                InstallationRepository(session),
                secrets,
                settings,
                new_installation=new_installation,
            )
            records.register_document(AGREEMENT, agreement, now)
            records.register_document(DISCLOSURE, disclosure, now)
            newest = records.newest_agreement()
            if newest is not None and newest.version > agreement.version:
                newest.third_party_clause  # noqa: B018 - refuses a version without the clause
                agreement = newest  # a version HR published after the one shipped
    except DamagedDatabaseError as exc:
        _dispose(engine)
        log.error("The records database failed SQLite's integrity check; left unchanged")
        raise StoreDamagedError(CORRUPT, RESTORE_FROM_BACKUP) from exc
    except UpgradeByItError as exc:  # a database server: IT upgrades it, never a kiosk
        _dispose(engine)
        raise StoreUnavailableError(exc.message) from exc
    except DocumentIntegrityError as exc:
        _dispose(engine)
        raise StoreUnavailableError(exc.message) from exc
    except UnknownSchemaError as exc:
        _dispose(engine)
        raise StoreUnavailableError(exc.message) from exc
    except StoreUnavailableError:
        _dispose(engine)
        raise
    except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
        _dispose(engine)
        log.error("Could not open the records store: %s", type(exc).__name__)
        raise StorageFaultError(describe_storage_failure(exc, settings.data_dir)) from exc
    return Database(engine, sessions, installation_id, agreement, disclosure, settings)


def this_installation(
    installations: InstallationRepository,
    secrets: SecretStore,
    identity: str | None,
    *,
    shared: bool,
    new_installation: bool = False,
) -> str | None:
    """This laptop's installation in the store ``installations`` reads (named ``identity``, see
    :func:`~zzsign.store.database.store_identity`), as this laptop's keyring names it; None
    if it names none yet (this laptop has not signed into this store). Call it in a transaction
    that holds the store's set-up lock.

    The keyring decides, never a row that every laptop on a shared database reads alike. A
    store made before that (its maker marked ``is_local``) keeps its identity: the first time,
    the maker's id is written to the keyring of the laptop that holds the maker's signing key
    (or, for a SQLite file, whose maker has no key yet). Raises
    :class:`UnknownInstallationError` if the keyring names an installation the store does not
    hold; ``new_installation`` (IT's ``zzsign restore --new-store``) leaves the keyring's old
    name aside. Raises KeyringUnavailableError as it comes.
    """
    if identity is not None and not new_installation:
        named = tied_installation(secrets, identity)
        if named is not None:
            if installations.get(named) is None:
                log.error("The keyring names an installation this records database does not hold")
                raise UnknownInstallationError()
            return named
    maker = installations.maker()
    if maker is None or new_installation:
        return None
    if secrets.get(signing_key_name(maker.id)) is not None or (
        maker.public_key is None and not shared
    ):
        if identity is not None:  # the app's one migration step: the keyring now names it
            tie_store(secrets, identity, maker.id)
            log.info("This laptop's installation in this store is now named by its keyring")
        return maker.id
    return None


def _readable_installation(
    installations: InstallationRepository,
    secrets: SecretStore | None,
    settings: Settings,
    *,
    new_installation: bool,
) -> str | None:
    """:func:`this_installation` for a store opened to be read: None (logged) when the keyring
    cannot be read, so that the records can still be checked and exported."""
    try:
        return this_installation(
            installations,
            secrets or SecretStore(),
            store_identity(settings.database_url),
            shared=is_shared_database(settings.database_url),
            new_installation=new_installation,
        )
    except KeyringUnavailableError as exc:
        log.warning(
            "Could not ask the keyring which installation is this laptop's: %s", type(exc).__name__
        )
        return None


@dataclass(frozen=True)
class SchemaUpgrade:
    """What ``zzsign db upgrade`` did: the schema before (None: an empty database) and after,
    and the copy taken first (SQLite only)."""

    before: str | None
    after: str
    backup: Path | None

    @property
    def changed(self) -> bool:
        """Whether the schema was changed."""
        return self.before != self.after


def upgrade_database(settings: Settings) -> SchemaUpgrade:
    """Bring the store's schema to this zzsign's (IT's ``zzsign db upgrade``): a SQLite file
    after its damage check and a backup copy, as at start-up; a PostgreSQL database under the
    schema's advisory lock, in one transaction (two upgrades at once migrate it once)."""
    engine: Engine | None = None
    try:
        make_private_dir(settings.data_dir)
        engine = create_database_engine(
            settings.database_url, busy_timeout_ms=settings.busy_timeout_ms
        )
        path = sqlite_path(settings.database_url)
        if path is not None:
            check_not_damaged(path, busy_timeout_ms=settings.busy_timeout_ms)
        if is_shared_database(settings.database_url):
            before, backup = upgrade_shared_database(engine), None
        else:
            before = current_revision(engine)
            backup = upgrade_to_head(engine, settings.backup_dir)
        after = current_revision(engine)
    except DamagedDatabaseError as exc:
        log.error("The records database failed SQLite's integrity check; left unchanged")
        raise StoreDamagedError(CORRUPT, RESTORE_FROM_BACKUP) from exc
    except UnknownSchemaError as exc:
        raise StoreUnavailableError(exc.message) from exc
    except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
        log.error("Could not upgrade the records store: %s", type(exc).__name__)
        raise StorageFaultError(describe_storage_failure(exc, settings.data_dir)) from exc
    finally:
        _dispose(engine)
    log.info("Schema upgrade: %s -> %s", before, after)
    return SchemaUpgrade(before, after or "", backup)


def _refuse_missing_records(settings: Settings, secrets: SecretStore | None) -> None:
    """:func:`check_records_in_place`, skipped (and logged) when the keyring can't be read."""
    try:
        check_records_in_place(settings, secrets or SecretStore())
    except KeyringUnavailableError as exc:
        log.warning(
            "Could not ask the keyring which installation this store holds: %s", type(exc).__name__
        )


def _dispose(engine: Engine | None) -> None:
    """Close what a failed opening left open (so that no file stays held)."""
    if engine is not None:
        engine.dispose()


def open_store(
    settings: Settings,
    secrets: SecretStore | None = None,
    clock: Clock = system_clock,
    *,
    full_check: bool = True,
    new_installation: bool = False,
) -> Store:
    """Open the store for signing as this laptop's installation there: the one its keyring
    names for this store, or a new one (keys into the keyring, then its row, complete), see
    :func:`this_installation`.

    ``full_check`` and ``new_installation``: as for :func:`open_database`.
    """
    secrets = secrets or SecretStore()
    database = open_database(
        settings, clock, full_check=full_check, secrets=secrets, new_installation=new_installation
    )
    try:
        secrets.check()
        installation_id, signer, seal, endorsement = _this_laptops_installation(
            database, secrets, clock, new_installation=new_installation
        )
        hr_pin = HrPin(secrets, store_identity(settings.database_url))
        hr_pin.read()  # now, while the keyring is open: signing never waits for it
    except KeyringUnavailableError as exc:
        database.close()
        raise StoreUnavailableError(exc.message) from exc
    except SigningKeyMissingError as exc:
        database.close()
        raise StoreUnavailableError(exc.message) from exc
    except StoreUnavailableError:
        database.close()
        raise
    except (SQLAlchemyError, OSError) as exc:
        database.close()
        raise StorageFaultError(describe_storage_failure(exc, settings.data_dir)) from exc
    return Store(
        database.engine,
        database.sessions,
        installation_id,
        database.agreement,
        database.disclosure,
        database.settings,
        signer,
        secrets,
        seal,
        endorsement,
        AutoBackups(
            settings.database_url,
            settings.backup_dir,
            clock=clock,
            busy_timeout_ms=settings.busy_timeout_ms,
        ),
        ChainAnchor(secrets, installation_id),
        hr_pin,
    )


def installation_fingerprint(store: Store) -> str:
    """This installation's key fingerprint (``SHA256:`` and 64 hex digits), as signed copies
    print it beside *Installation public key*."""
    return public_key_fingerprint(bytes.fromhex(store.signer.public_key_hex))


@contextlib.contextmanager
def held_chains(
    settings: Settings,
) -> Iterator[tuple[dict[str, str | None], Callable[[str, int], dict | None]] | None]:
    """What the store in the data folder holds of the laptops whose files are checked, to tie
    a signed copy or package to the laptop that made it: their keys (hex) by installation ID,
    and the link at a place of a laptop's chain (a dict, or None where the chain held here does
    not reach it); None where the data folder holds no store. One read of the store."""
    if not settings.data_dir.joinpath(DATABASE_FILE_NAME).exists():
        yield None
        return
    database = open_database(settings)
    try:
        with database.sessions() as db:
            records = RecordRepository(db)

            def link_at(installation_id: str, sequence: int) -> dict | None:
                held = records.link_at(installation_id, sequence)
                return None if held is None else held._asdict()

            yield InstallationRepository(db).public_keys(), link_at
    finally:
        database.close()


def _this_laptops_installation(
    database: Database, secrets: SecretStore, clock: Clock, *, new_installation: bool
) -> tuple[str, InstallationSigner, SealIdentity, str]:
    """Find this laptop's installation in the store (as its keyring names it), or make it:
    its id, signer, seal and endorsement.

    Held under the store's set-up lock: two processes of one laptop started together make one
    installation (the keyring names it before the transaction commits, so the second finds
    it), two laptops each make their own. If that transaction then fails, the keyring's new
    entry is taken back, so that it never names an installation the store does not hold.
    """
    url = database.settings.database_url
    identity = store_identity(url)
    named_now = False
    try:
        with database.sessions.begin() as session:
            hold_lock(session, SET_UP_KEY)
            records = RecordRepository(session)
            installations = InstallationRepository(session)
            installation_id = this_installation(
                installations,
                secrets,
                identity,
                shared=is_shared_database(url),
                new_installation=new_installation,
            )
            if installation_id is not None:
                return installation_id, *_installation_keys(
                    records, installations, secrets, installation_id
                )
            installation_id, signer, seal, endorsement = _new_installation(
                installations, secrets, clock
            )
            if identity is not None:
                named_now = True
                tie_store(secrets, identity, installation_id)
    except BaseException:
        if named_now and identity is not None:
            with contextlib.suppress(KeyringUnavailableError):
                secrets.delete(store_tie_name(identity))
        raise
    return installation_id, signer, seal, endorsement


def _new_installation(
    installations: InstallationRepository, secrets: SecretStore, clock: Clock
) -> tuple[str, InstallationSigner, SealIdentity, str]:
    """Make this laptop's installation in the store: its signing key and PDF seal go into the
    keyring, then its row, complete (id, public key, seal certificate and endorsement), in one
    insert. Returns its id, signer, seal and endorsement."""
    installation_id = str(uuid.uuid4())
    signer = InstallationSigner.load_or_create(secrets, installation_id, None)
    seal = create_seal_identity(installation_id)
    secrets.set(seal_key_name(installation_id), seal.private_key_pem.decode("ascii"))
    endorsement = signer.sign(
        endorsement_bytes(installation_id, certificate_sha256(seal.certificate_pem))
    )
    installations.add(
        InstallationInfo(
            installation_id,
            signer.public_key_hex,
            False,
            seal.certificate_pem.decode("ascii"),
            endorsement,
        ),
        created_at=clock(),
        app_version=__version__,
    )
    others = len(installations.all()) - 1
    log.info("Made this laptop's installation in the store (%d other installations there)", others)
    return installation_id, signer, seal, endorsement


def _installation_keys(
    records: RecordRepository,
    installations: InstallationRepository,
    secrets: SecretStore,
    installation_id: str,
) -> tuple[InstallationSigner, SealIdentity, str]:
    """The signer, seal and endorsement of this laptop's installation already in the store,
    from the keyring. The row is append-only (schema 0006): a row without this keyring's public
    key, or a seal whose key the keyring lacks, is refused (:data:`KEY_MISMATCH`,
    :data:`SEAL_MISSING`), never rewritten."""
    records.lock_chain(installation_id)
    known = installations.get(installation_id)
    assert known is not None  # this_installation found it in this transaction
    if known.public_key is None:
        raise StoreUnavailableError(KEY_MISMATCH)
    signer = InstallationSigner.load_or_create(secrets, installation_id, known.public_key)
    if known.public_key != signer.public_key_hex:
        raise StoreUnavailableError(KEY_MISMATCH)
    key_pem = secrets.get(seal_key_name(installation_id))
    if key_pem and known.seal_certificate and known.seal_endorsement:
        identity = SealIdentity(key_pem.encode("ascii"), known.seal_certificate.encode("ascii"))
        if key_matches_certificate(identity.private_key_pem, identity.certificate_pem):
            return signer, identity, known.seal_endorsement
    log.error("This laptop's keyring lacks the key of its installation's PDF seal")
    raise StoreUnavailableError(SEAL_MISSING)
