"""Start-up of the kiosk in two steps: a quick answer to "can a hire start?", then the store.

:func:`check_readiness` answers in milliseconds, from a read-only look at the store file and the
keyring, without SQLAlchemy: the store is at the current schema, HR has set it up, this laptop's
signing key is in the keyring, and the keyring ties the file to this installation. On that
answer the kiosk enables *Start* and builds its pages, while the store opens properly on a
thread. :class:`SigningWhileOpening` is the signing service the kiosk uses meanwhile: it shows
what the quick look found, and signing waits for the opened store. If the store then fails to
open, signing is refused with the store's own sentence; nothing the hire typed is touched.

Any other answer (a first start, an upgrade to make, a damaged file, a locked keyring, another
kind of database) is None: the store is then opened as before, and says itself what is wrong.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from zzsign.config import DATABASE_FILE_NAME, Settings, default_database_url
from zzsign.domain.clock import Clock, system_clock
from zzsign.domain.documents import (
    Agreement,
    DocumentIntegrityError,
    VersionedDocument,
    latest,
    load_documents,
)
from zzsign.resources import RESOURCES_DIR
from zzsign.security.key_names import signing_key_name
from zzsign.security.keyring_store import KeyringUnavailableError, SecretStore
from zzsign.security.store_ties import tied_installation
from zzsign.services.email_domains import parse_email_domains
from zzsign.services.errors import SigningFailedError
from zzsign.store.readiness import glance_at_store

if TYPE_CHECKING:
    from zzsign.domain.record import SigningSession
    from zzsign.services.pdf_copy import CopyMaterial
    from zzsign.services.signing import SigningReceipt, SigningService

log = logging.getLogger(__name__)


def shipped_documents(resources: Path = RESOURCES_DIR) -> tuple[Agreement, VersionedDocument]:
    """The newest agreement and e-records disclosure shipped with the app, hash-checked."""
    agreement = latest(load_documents(resources / "agreements", Agreement))
    disclosure = latest(load_documents(resources / "disclosures", VersionedDocument))
    return agreement, disclosure


@dataclass(frozen=True)
class Readiness:
    """What the kiosk's pages show until the store is open: the same as the store would give."""

    agreement: Agreement
    disclosure: VersionedDocument
    email_domains: tuple[str, ...]


def check_readiness(settings: Settings, secrets: SecretStore) -> Readiness | None:
    """The kiosk may let a hire start now (see the module's text); None if that cannot be told
    quickly, or is not so: then open the store to learn why."""
    if settings.database_url != default_database_url(settings.data_dir):
        return None  # another database: only the store itself can tell
    path = settings.data_dir / DATABASE_FILE_NAME
    try:
        agreement, disclosure = shipped_documents()
        installation_id = tied_installation(secrets, os.path.realpath(path))
        if installation_id is None:
            return None
        glance = glance_at_store(path, installation_id, busy_timeout_ms=settings.busy_timeout_ms)
        if (
            glance is None
            or not glance.at_head
            or glance.installation_id is None
            or glance.installation_public_key is None
            or not glance.hr_key_present
        ):
            return None
        if secrets.get(signing_key_name(installation_id)) is None:
            return None
        newest = glance.newest_agreement
        if newest is not None and newest.version > agreement.version:
            agreement = Agreement(newest.version, newest.title, newest.text, newest.sha256)
            agreement.third_party_clause  # noqa: B018 - a version without it is never shown
    except (DocumentIntegrityError, KeyringUnavailableError, sqlite3.Error, OSError) as exc:
        log.info("Start-up: the store will say itself how it is (%s)", type(exc).__name__)
        return None
    return Readiness(agreement, disclosure, parse_email_domains(glance.work_email_domains))


class SigningWhileOpening:
    """The kiosk's signing service from the moment *Start* is enabled on a quick answer.

    Until the store is open, the pages are built from the :class:`Readiness`; from then on,
    everything goes to the store's :class:`SigningService`. :meth:`sign` waits for the store
    (it is opened on a thread, and usually long open when a hire reaches *Sign*); if it could
    not be opened, signing is refused with the store's own sentence and the session is left as
    it was. :meth:`opened`, :meth:`failed` and :meth:`reopening` may be called from any thread.
    """

    def __init__(self, readiness: Readiness, clock: Clock = system_clock) -> None:
        self.readiness = readiness
        self.clock = clock
        self._service: SigningService | None = None
        self._failure: str | None = None
        self._refusal: str | None = None
        self._settled = threading.Event()

    # -- what the thread that opens the store reports ------------------------------------------
    def opened(self, service: SigningService) -> None:
        """The store is open: sign with ``service`` from now on."""
        if self._refusal is not None:
            service.refuse_signing(self._refusal)
        self._service = service
        self._failure = None
        self._settled.set()

    def failed(self, message: str) -> None:
        """The store could not be opened: refuse signing with ``message``."""
        self._failure = message
        self._settled.set()

    def reopening(self) -> None:
        """Opening again (after a fault that may clear): signing waits for the outcome."""
        if self._service is None:
            self._settled.clear()

    @property
    def service(self) -> SigningService | None:
        """The store's signing service, once the store is open."""
        return self._service

    # -- what the kiosk's pages ask -----------------------------------------------------------
    @property
    def agreement(self) -> Agreement:
        """The agreement version the kiosk shows."""
        service = self._service
        return self.readiness.agreement if service is None else service.agreement

    @property
    def disclosure(self) -> VersionedDocument:
        """The electronic-records disclosure the kiosk shows."""
        service = self._service
        return self.readiness.disclosure if service is None else service.disclosure

    def refresh_agreement(self) -> Agreement:
        """Take up a version HR published since (once the store is open)."""
        service = self._service
        return self.readiness.agreement if service is None else service.refresh_agreement()

    def email_domains(self) -> tuple[str, ...]:
        """The company's work email domains (as read at start-up until the store is open)."""
        service = self._service
        return self.readiness.email_domains if service is None else service.email_domains()

    def start_session(self) -> SigningSession:
        """A new, empty session for the next hire, opened now."""
        service = self._service
        if service is not None:
            return service.start_session()
        from zzsign.domain.record import SigningSession, Step

        session = SigningSession(agreement=self.agreement, disclosure=self.disclosure)
        session.mark(Step.OPENED, self.clock())
        return session

    def refuse_signing(self, message: str) -> None:
        """From now on, refuse to sign with ``message`` (the store was found damaged)."""
        self._refusal = message
        service = self._service
        if service is not None:
            service.refuse_signing(message)

    def sign(self, session: SigningSession, *, screen: str) -> SigningReceipt:
        """Sign with the opened store, waiting for it if it is still opening; raises
        :class:`SigningFailedError` with the store's sentence if it could not be opened."""
        return self._opened_service().sign(session, screen=screen)

    def copy_material(self, receipt: SigningReceipt) -> CopyMaterial:
        """What the hire's signed copy is made of."""
        return self._opened_service().copy_material(receipt)

    def signed_copy(self, receipt: SigningReceipt) -> bytes:
        """The hire's sealed PDF copy of what they just signed."""
        return self._opened_service().signed_copy(receipt)

    def _opened_service(self) -> SigningService:
        self._settled.wait()
        service = self._service
        if service is None:
            raise SigningFailedError(self._failure or "")
        return service
