"""Repository of signed records: writes domain records, hands back domain records."""

from __future__ import annotations

import json
import uuid
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from zzsign.domain.canonical import canonical_json
from zzsign.domain.clock import Timestamp
from zzsign.domain.documents import Agreement, DocumentIntegrityError, VersionedDocument
from zzsign.domain.record import AuditEntry, DeviceInfo, SignedRecord, Step
from zzsign.domain.signature import DrawnSignature, Signature, TypedSignature
from zzsign.domain.signer import SignerDetails
from zzsign.store.models import AuditEvent, Document, Installation, SignatureRecord

AGREEMENT = "agreement"
DISCLOSURE = "disclosure"


class RecordRepository:
    """Reads and writes records within one session (one user action)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    # -- installation ---------------------------------------------------------------------
    def local_installation_id(self, *, created_at: Timestamp, app_version: str) -> str:
        """This installation's id, created on first use."""
        existing = self._session.scalar(select(Installation.id).where(Installation.is_local))
        if existing:
            return existing
        installation = Installation(
            id=str(uuid.uuid4()),
            created_at_utc=created_at.utc_iso,
            app_version=app_version,
            is_local=True,
        )
        self._session.add(installation)
        self._session.flush()
        return installation.id

    # -- documents ------------------------------------------------------------------------
    def register_document(self, kind: str, document: VersionedDocument, at: Timestamp) -> None:
        """Store a document version; refuse one whose text differs from the stored version."""
        stored = self._session.get(Document, (kind, document.version))
        if stored is None:
            self._session.add(
                Document(
                    kind=kind,
                    version=document.version,
                    title=document.title,
                    sha256=document.sha256,
                    text=document.text,
                    registered_at_utc=at.utc_iso,
                )
            )
            self._session.flush()
        elif stored.sha256 != document.sha256:
            raise DocumentIntegrityError(
                f"The {kind} text for version {document.version} differs from the one already "
                "signed under that version; publish it as a new version."
            )

    def document(self, kind: str, version: int) -> VersionedDocument:
        """A stored document version."""
        row = self._session.get_one(Document, (kind, version))
        cls = Agreement if kind == AGREEMENT else VersionedDocument
        return cls(row.version, row.title, row.text, row.sha256)

    # -- records --------------------------------------------------------------------------
    def add(self, record: SignedRecord) -> None:
        """Append a signed record and its audit trail."""
        sequence = (
            self._session.scalar(
                select(func.max(SignatureRecord.sequence)).where(
                    SignatureRecord.installation_id == record.installation_id
                )
            )
            or 0
        ) + 1
        signed_at = record.signed_at
        row = SignatureRecord(
            id=record.record_id,
            installation_id=record.installation_id,
            sequence=sequence,
            app_version=record.app_version,
            agreement_version=record.agreement.version,
            agreement_sha256=record.agreement.sha256,
            disclosure_version=record.disclosure.version,
            disclosure_sha256=record.disclosure.sha256,
            full_name=record.signer.full_name,
            work_email=record.signer.work_email,
            employee_id=record.signer.employee_id,
            department=record.signer.department,
            start_date=record.signer.start_date.isoformat(),
            signature_kind=record.signature.kind,
            signature_json=canonical_json(record.signature.evidence()).decode("utf-8"),
            signature_png=record.signature.image_png,
            meaning=record.meaning,
            device_json=canonical_json(record.device.evidence()).decode("utf-8"),
            signed_at_utc=signed_at.utc_iso,
            signed_at_offset_minutes=signed_at.offset_minutes,
            record_sha256=record.sha256,
        )
        row.audit = [
            AuditEvent(
                position=position,
                step=entry.step.value,
                at_utc=entry.at.utc_iso,
                offset_minutes=entry.at.offset_minutes,
            )
            for position, entry in enumerate(record.audit)
        ]
        self._session.add(row)
        self._session.flush()

    def count(self) -> int:
        """How many records the store holds."""
        return self._session.scalar(select(func.count()).select_from(SignatureRecord)) or 0

    def ids(self) -> list[str]:
        """Every record id, oldest first."""
        return list(
            self._session.scalars(
                select(SignatureRecord.id).order_by(
                    SignatureRecord.signed_at_utc, SignatureRecord.sequence
                )
            )
        )

    def get(self, record_id: str) -> SignedRecord:
        """The record with ``record_id``, rebuilt as a domain object."""
        row = self._session.get_one(SignatureRecord, record_id)
        agreement = self.document(AGREEMENT, row.agreement_version)
        assert isinstance(agreement, Agreement)
        return SignedRecord(
            record_id=row.id,
            installation_id=row.installation_id,
            app_version=row.app_version,
            agreement=agreement,
            disclosure=self.document(DISCLOSURE, row.disclosure_version),
            signer=SignerDetails(
                full_name=row.full_name,
                work_email=row.work_email,
                employee_id=row.employee_id,
                department=row.department,
                start_date=date.fromisoformat(row.start_date),
            ),
            signature=_signature_from_row(row),
            device=DeviceInfo(**json.loads(row.device_json)),
            audit=tuple(
                AuditEntry(Step(event.step), Timestamp.parse(event.at_utc, event.offset_minutes))
                for event in row.audit
            ),
        )


def _signature_from_row(row: SignatureRecord) -> Signature:
    data = json.loads(row.signature_json)
    if row.signature_kind == DrawnSignature.kind:
        return DrawnSignature(
            strokes=tuple(tuple(tuple(point) for point in stroke) for stroke in data["strokes"]),
            width=data["pad"]["width"],
            height=data["pad"]["height"],
            image_png=row.signature_png,
        )
    return TypedSignature(
        text=data["text"],
        font_family=data["font"]["family"],
        font_file=data["font"]["file"],
        image_png=row.signature_png,
    )
