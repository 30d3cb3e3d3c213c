"""The signing use case: from a completed kiosk session to a durable, sealed, chained record."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy.exc import SQLAlchemyError

from zzsign import __version__
from zzsign.domain.clock import Clock, Timestamp, system_clock
from zzsign.domain.documents import Agreement, VersionedDocument
from zzsign.domain.messages import QT_TRANSLATE_NOOP, Message
from zzsign.domain.record import SignedRecord, SigningSession, Step
from zzsign.security.keyring_store import KeyringUnavailableError
from zzsign.services.backup import AutoBackups
from zzsign.services.device import describe_device
from zzsign.services.email_domains import allowed_email_domains
from zzsign.services.errors import SigningFailedError, UserFacingError
from zzsign.services.hr import HrKeyNotPinnedError, HrNotSetUpError
from zzsign.services.record_writer import AppendedRecord, append_record, remember_chain_head
from zzsign.services.store import Store
from zzsign.store.errors import describe_storage_failure
from zzsign.store.records import RecordRepository

if TYPE_CHECKING:  # the PDF libraries load after the kiosk is ready (pdf_copy.warm_up)
    from zzsign.services.pdf_copy import CopyMaterial

log = logging.getLogger(__name__)

COPY_FAILED = Message(
    QT_TRANSLATE_NOOP(
        "Messages",
        "Your copy could not be made just now, but your signature is saved; ask HR for a "
        "copy quoting the record ID.",
    )
)


class CopyFailedError(UserFacingError):
    """The PDF copy could not be made (the record itself is safe)."""


@dataclass(frozen=True)
class SigningReceipt:
    """What the Done page shows (the record id and when), and what its PDF copy is made from.

    It holds the hire's data: the kiosk drops it with everything else when the next hire begins.
    """

    record_id: str
    signed_at: Timestamp
    record_sha256: str
    record: SignedRecord = field(repr=False)
    appended: AppendedRecord = field(repr=False)


class SigningService:
    """Starts kiosk sessions and turns completed ones into committed records."""

    def __init__(
        self, store: Store, clock: Clock = system_clock, *, backups: AutoBackups | None = None
    ) -> None:
        """``backups``: the automatic backups taken after signings (by default, the store's
        own, on the schedule of :mod:`zzsign.services.backup`)."""
        self._store = store
        self._agreement = store.agreement
        self.clock = clock
        self._refusal: str | None = None
        self._email_domains: tuple[str, ...] = ()
        self.backups = backups or store.backups

    def refuse_signing(self, message: str) -> None:
        """From now on, refuse to sign with ``message`` (the store was found damaged)."""
        self._refusal = message

    @property
    def agreement(self) -> Agreement:
        """The agreement version the kiosk shows."""
        return self._agreement

    def refresh_agreement(self) -> Agreement:
        """Take up a version HR published since the store was opened (call between hires).

        If the store can't be read just now, the kiosk keeps showing the version it has.
        """
        try:
            with self._store.sessions() as db:
                newest = RecordRepository(db).newest_agreement()
        except SQLAlchemyError as exc:
            log.warning("Could not look for a newer agreement: %s", type(exc).__name__)
            return self._agreement
        if newest is not None and newest.version > self._agreement.version:
            newest.third_party_clause  # noqa: B018 - a version without the clause is never shown
            self._agreement = newest
        return self._agreement

    def email_domains(self) -> tuple[str, ...]:
        """The company's work email domains HR has named (empty: any domain is accepted).

        Read from the store each time (HR may change them while the kiosk runs); if the store
        can't be read just now, the list last read is used.
        """
        try:
            self._email_domains = allowed_email_domains(self._store.sessions)
        except SQLAlchemyError as exc:
            log.warning("Could not read the work email domains: %s", type(exc).__name__)
        return self._email_domains

    @property
    def disclosure(self) -> VersionedDocument:
        """The electronic-records disclosure the kiosk shows."""
        return self._store.disclosure

    def start_session(self) -> SigningSession:
        """A new, empty session for the next hire, opened now."""
        session = SigningSession(agreement=self._agreement, disclosure=self._store.disclosure)
        session.mark(Step.OPENED, self.clock())
        return session

    def sign(self, session: SigningSession, *, screen: str) -> SigningReceipt:
        """Seal the session into a record and commit it durably, in one transaction.

        When this returns, the record is on disk (WAL, synchronous=FULL). When it raises
        :class:`SigningFailedError`, nothing was written and the session is unchanged.
        """
        if self._refusal is not None:
            raise SigningFailedError(self._refusal)
        record = session.complete(
            signed_at=self.clock(),
            installation_id=self._store.installation_id,
            app_version=__version__,
            device=describe_device(screen),
        )
        try:
            pinned = self._store.hr_pin.read()
            with self._store.sessions.begin() as db:
                appended = append_record(db, record, self._store.signer, pinned)
        except (HrNotSetUpError, HrKeyNotPinnedError) as exc:
            raise SigningFailedError(exc.message) from exc
        except KeyringUnavailableError as exc:
            raise SigningFailedError(exc.message) from exc
        except (SQLAlchemyError, OSError) as exc:
            log.error("Signing failed: %s", type(exc).__name__)
            raise SigningFailedError(describe_storage_failure(exc)) from exc
        remember_chain_head(self._store, appended.head)  # written after Done is painted
        log.info("Record %s committed", record.record_id)
        self.backups.after_signing()  # on a thread; never delays or fails the signing
        return SigningReceipt(
            record.record_id, record.signed_at, appended.public.sha256, record, appended
        )

    def copy_material(self, receipt: SigningReceipt) -> CopyMaterial:
        """What the hire's signed copy is made of (held only until the next hire begins)."""
        from zzsign.services.pdf_copy import CopyMaterial

        store = self._store
        return CopyMaterial(
            record=receipt.record,
            public=receipt.appended.public,
            personal_plaintext=receipt.appended.personal_plaintext,
            link=receipt.appended.link,
            installation_public_key=store.signer.public_key_hex,
            seal=store.seal,
            seal_endorsement=store.seal_endorsement,
            hr_fingerprint=receipt.appended.hr_fingerprint,
        )

    def signed_copy(self, receipt: SigningReceipt) -> bytes:
        """The hire's sealed PDF copy of what they just signed."""
        from zzsign.pdf.seal import SealError
        from zzsign.services.pdf_copy import make_signed_copy

        try:
            return make_signed_copy(self.copy_material(receipt))
        except (SealError, ValueError, OSError) as exc:
            log.error("Could not make the signed copy: %s", type(exc).__name__)
            raise CopyFailedError(COPY_FAILED) from exc
