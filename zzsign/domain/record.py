"""A signing in progress, and the signed record it becomes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from zzsign.domain.canonical import canonical_json, sha256_hex
from zzsign.domain.clock import Timestamp, offset_text
from zzsign.domain.documents import Agreement, VersionedDocument
from zzsign.domain.signature import Signature
from zzsign.domain.signer import SignerDetails

RECORD_FORMAT = "zzsign.record/1"
PERSONAL_FORMAT = "zzsign.personal/1"
RECORD_FORMAT_2 = "zzsign.record/2"
PERSONAL_FORMAT_2 = "zzsign.personal/2"
#: The format new records are written in. Format 1 (nine chain entries a signing, the signature
#: image sealed beside the strokes) is still read and verified under its own rules.
CURRENT_FORMAT = 2


class Step(StrEnum):
    """The steps of the audit trail, in the order the flow visits them."""

    OPENED = "opened"
    DETAILS_ENTERED = "details_entered"
    CONSENTED = "consented_to_electronic_records"
    REACHED_END = "reached_end_of_agreement"
    ACKNOWLEDGED_CLAUSE = "acknowledged_third_party_clause"
    ACKNOWLEDGED_AGREEMENT = "acknowledged_agreement"
    SIGNATURE_ADOPTED = "signature_adopted"
    SIGNED = "signed"


@dataclass(frozen=True)
class AuditEntry:
    """One step of the audit trail and when it happened."""

    step: Step
    at: Timestamp

    def evidence(self) -> dict[str, object]:
        """Canonical form."""
        return audit_entry_evidence(self.step.value, self.at.utc_iso, self.at.offset_minutes)


def audit_entry_evidence(step: str, utc_iso: str, offset_minutes: int) -> dict[str, object]:
    """The canonical form of one audit step, from plain values (see :meth:`AuditEntry.evidence`;
    verify builds it straight from a stored row)."""
    return {"step": step, "at": {"utc": utc_iso, "offset": offset_text(offset_minutes)}}


@dataclass(frozen=True)
class DeviceInfo:
    """The computer the agreement was signed on."""

    hostname: str
    os_user: str
    os: str
    screen: str

    def evidence(self) -> dict[str, str]:
        """Canonical form."""
        return {
            "hostname": self.hostname,
            "os_user": self.os_user,
            "os": self.os,
            "screen": self.screen,
        }


class IncompleteSigningError(ValueError):
    """The flow tried to sign before every required step was done."""


@dataclass
class SigningSession:
    """Everything one hire has done so far at the kiosk. Dropped whole on reset."""

    agreement: Agreement
    disclosure: VersionedDocument
    signer: SignerDetails | None = None
    signature: Signature | None = None
    audit: list[AuditEntry] = field(default_factory=list)

    def mark(self, step: Step, at: Timestamp) -> None:
        """Record that ``step`` was completed; the first completion is the one kept."""
        if not self.has(step):
            self.audit.append(AuditEntry(step, at))

    def has(self, step: Step) -> bool:
        """Whether ``step`` has been completed."""
        return any(entry.step is step for entry in self.audit)

    def at(self, step: Step) -> Timestamp:
        """When ``step`` was completed."""
        for entry in self.audit:
            if entry.step is step:
                return entry.at
        raise IncompleteSigningError(f"The step {step.value!r} has not been completed.")

    def missing_steps(self) -> list[Step]:
        """Steps before signing that are not yet done."""
        return [s for s in Step if s is not Step.SIGNED and not self.has(s)]

    def complete(
        self,
        *,
        signed_at: Timestamp,
        installation_id: str,
        app_version: str,
        device: DeviceInfo,
        record_id: str | None = None,
        is_demo: bool = False,
    ) -> SignedRecord:
        """Complete the signing: the immutable record of everything that happened."""
        missing = self.missing_steps()
        if missing or self.signer is None or self.signature is None:
            names = ", ".join(s.value for s in missing) or "signer details or signature"
            raise IncompleteSigningError(f"Cannot sign before completing: {names}.")
        audit = (*self.audit, AuditEntry(Step.SIGNED, signed_at))
        return SignedRecord(
            record_id=record_id or str(uuid.uuid4()),
            installation_id=installation_id,
            app_version=app_version,
            agreement=self.agreement,
            disclosure=self.disclosure,
            signer=self.signer,
            signature=self.signature,
            device=device,
            audit=audit,
            is_demo=is_demo,
            record_format=CURRENT_FORMAT,
        )


@dataclass(frozen=True)
class SealInfo:
    """How a record's personal part was sealed: the public facts that bind it to the record.

    Format 1 also sealed the signature image (``sealed_image_sha256``); format 2 seals no image
    and names the fingerprint of the HR key it is sealed to (``hr_key_fingerprint``).
    """

    hr_key_id: int
    personal_commitment: str  # SHA-256 of the salted personal plaintext
    sealed_personal_sha256: str
    sealed_image_sha256: str | None = None
    hr_key_fingerprint: str | None = None

    def evidence(self) -> dict[str, object]:
        """Canonical form."""
        if self.hr_key_fingerprint is not None:
            return {
                "hr_key_id": self.hr_key_id,
                "hr_key_fingerprint": self.hr_key_fingerprint,
                "personal_commitment": self.personal_commitment,
                "sealed_personal_sha256": self.sealed_personal_sha256,
            }
        return {
            "hr_key_id": self.hr_key_id,
            "personal_commitment": self.personal_commitment,
            "sealed_personal_sha256": self.sealed_personal_sha256,
            "sealed_signature_image_sha256": self.sealed_image_sha256,
        }


@dataclass(frozen=True)
class PublicRecord:
    """What the store keeps in the clear: everything but the signer's identity and signature."""

    record_id: str
    installation_id: str
    app_version: str
    is_demo: bool
    agreement_version: int
    agreement_sha256: str
    disclosure_version: int
    disclosure_sha256: str
    department: str
    start_date: str
    signature_kind: str
    meaning: str
    device: DeviceInfo
    audit: tuple[AuditEntry, ...]
    seal: SealInfo
    record_format: int = 1

    def at(self, step: Step) -> Timestamp:
        """When ``step`` happened."""
        return next(entry.at for entry in self.audit if entry.step is step)

    def payload(self) -> dict[str, object]:
        """The canonical public record, hashed into the installation's chain.

        Both formats hold the whole audit trail; format 2 differs only in its ``format`` and in
        what ``sealed`` names (see :class:`SealInfo`).
        """
        return record_payload(
            self.record_format,
            self.record_id,
            self.installation_id,
            self.app_version,
            self.is_demo,
            self.agreement_version,
            self.agreement_sha256,
            self.disclosure_version,
            self.disclosure_sha256,
            self.department,
            self.start_date,
            self.signature_kind,
            self.meaning,
            self.device.evidence(),
            [entry.evidence() for entry in self.audit],
            self.seal.evidence(),
        )

    @cached_property
    def sha256(self) -> str:
        """SHA-256 of the canonical public record."""
        return sha256_hex(canonical_json(self.payload()))


def record_payload(
    record_format: int,
    record_id: str,
    installation_id: str,
    app_version: str,
    is_demo: bool,
    agreement_version: int,
    agreement_sha256: str,
    disclosure_version: int,
    disclosure_sha256: str,
    department: str,
    start_date: str,
    signature_kind: str,
    meaning: str,
    device: dict[str, str],
    audit_trail: list[dict[str, object]],
    sealed: dict[str, object],
) -> dict[str, object]:
    """The canonical public record from plain values: the one definition behind
    :meth:`PublicRecord.payload` (verify builds it straight from a stored row). ``audit_trail``
    holds :func:`audit_entry_evidence` of each step; the first consent is the one named."""
    consented = next(entry["at"] for entry in audit_trail if entry["step"] == Step.CONSENTED.value)
    return {
        "format": RECORD_FORMAT_2 if record_format == 2 else RECORD_FORMAT,
        "record_id": record_id,
        "installation_id": installation_id,
        "app_version": app_version,
        "is_demo": is_demo,
        "agreement": {"version": agreement_version, "sha256": agreement_sha256},
        "consent": {
            "disclosure_version": disclosure_version,
            "disclosure_sha256": disclosure_sha256,
            "accepted_at": consented,
        },
        "signer": {"department": department, "start_date": start_date},
        "signature": {"kind": signature_kind},
        "meaning": meaning,
        "device": device,
        "audit_trail": audit_trail,
        "sealed": sealed,
    }


@dataclass(frozen=True)
class SignedRecord:
    """The evidence of one signing (GUIDE.md section 3), immutable once made."""

    record_id: str
    installation_id: str
    app_version: str
    agreement: Agreement
    disclosure: VersionedDocument
    signer: SignerDetails
    signature: Signature
    device: DeviceInfo
    audit: tuple[AuditEntry, ...]
    is_demo: bool = False
    record_format: int = CURRENT_FORMAT

    def at(self, step: Step) -> Timestamp:
        """When ``step`` happened."""
        return next(entry.at for entry in self.audit if entry.step is step)

    @property
    def signed_at(self) -> Timestamp:
        """When the hire pressed *Sign agreement*."""
        return self.at(Step.SIGNED)

    @property
    def meaning(self) -> str:
        """The meaning of the signature as displayed."""
        return self.agreement.meaning

    def personal_plaintext(self, salt: bytes) -> bytes:
        """The personal part, salted, as the canonical bytes that are sealed to HR.

        Format 2 holds the signature itself (strokes written compactly, or the typed text and
        its font) and nothing rendered from it.
        """
        common = {
            "record_id": self.record_id,
            "salt": salt.hex(),
            "signer": {
                "full_name": self.signer.full_name,
                "work_email": self.signer.work_email,
                "employee_id": self.signer.employee_id,
            },
        }
        if self.record_format == 2:
            return canonical_json(
                {
                    **common,
                    "format": PERSONAL_FORMAT_2,
                    "signature": self.signature.compact_evidence(),
                }
            )
        return canonical_json(
            {
                **common,
                "format": PERSONAL_FORMAT,
                "signature": self.signature.evidence(),
                "signature_image_sha256": sha256_hex(self.signature.image_png),
            }
        )

    def public_part(self, seal: SealInfo) -> PublicRecord:
        """The record as the store keeps it in the clear."""
        return PublicRecord(
            record_id=self.record_id,
            installation_id=self.installation_id,
            app_version=self.app_version,
            is_demo=self.is_demo,
            agreement_version=self.agreement.version,
            agreement_sha256=self.agreement.sha256,
            disclosure_version=self.disclosure.version,
            disclosure_sha256=self.disclosure.sha256,
            department=self.signer.department,
            start_date=self.signer.start_date.isoformat(),
            signature_kind=self.signature.kind,
            meaning=self.meaning,
            device=self.device,
            audit=self.audit,
            seal=seal,
            record_format=self.record_format,
        )

    def evidence(self) -> dict[str, object]:
        """The whole record, personal data included: every item of the evidence checklist."""
        return {
            "format": RECORD_FORMAT_2 if self.record_format == 2 else RECORD_FORMAT,
            "record_id": self.record_id,
            "installation_id": self.installation_id,
            "app_version": self.app_version,
            "agreement": {
                "version": self.agreement.version,
                "title": self.agreement.title,
                "sha256": self.agreement.sha256,
            },
            "consent": {
                "disclosure_version": self.disclosure.version,
                "disclosure_sha256": self.disclosure.sha256,
                "accepted_at": self.at(Step.CONSENTED).evidence(),
            },
            "acknowledgements": {
                "third_party_clause": self.at(Step.ACKNOWLEDGED_CLAUSE).evidence(),
                "agreement": self.at(Step.ACKNOWLEDGED_AGREEMENT).evidence(),
            },
            "signer": self.signer.evidence(),
            "signature": self.signature.evidence()
            if self.record_format == 2
            else {
                **self.signature.evidence(),
                "image_sha256": sha256_hex(self.signature.image_png),
            },
            "meaning": self.meaning,
            "timestamps": {
                "opened": self.at(Step.OPENED).evidence(),
                "consented": self.at(Step.CONSENTED).evidence(),
                "reached_end": self.at(Step.REACHED_END).evidence(),
                "signed": self.signed_at.evidence(),
            },
            "device": self.device.evidence(),
            "audit_trail": [entry.evidence() for entry in self.audit],
        }
