"""SQLAlchemy 2 models: typed, append-only tables for installations, documents and records.

Personal data (name, email, employee id, signature) is never stored in the clear: it lives in
``sealed_personal`` (and, for format-1 records, ``sealed_signature_image``), encrypted to HR's
public key. Every record is an entry in its installation's hash chain (``ledger_entries``), signed
with the installation's Ed25519 key; a format-1 record's eight audit events are entries too, a
format-2 record's audit trail is inside its one signed entry.
"""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from zzsign.store.compact import HexBytes

UTC_ISO = String(27)  # 2026-11-25T02:04:26.123456Z
SHA256_HEX = String(64)
#: A SHA-256 or an Ed25519 signature of a record or a chain link: hex to the code, raw bytes on
#: disk (schema 0005).
HEX_BYTES = HexBytes()


class Base(DeclarativeBase):
    """Declarative base of every zzsign table."""


class Installation(Base):
    """An installation of zzsign that wrote records, with the public half of its signing key."""

    __tablename__ = "installations"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    created_at_utc: Mapped[str] = mapped_column(UTC_ISO)
    app_version: Mapped[str] = mapped_column(String(32))
    is_local: Mapped[bool] = mapped_column(default=False)
    public_key: Mapped[str | None] = mapped_column(String(64))  # Ed25519, raw, hex
    seal_certificate: Mapped[str | None] = mapped_column(Text)  # X.509 PEM sealing its PDFs
    seal_endorsement: Mapped[str | None] = mapped_column(String(128))  # Ed25519 sig over it


class HrKey(Base):
    """An entry of HR's keys (append-only; the newest entry is HR's keys now): the X25519
    sealing key records are sealed to, and the Ed25519 HR signing key (none in entries made
    before schema 0006), each private half wrapped by the HR password. A kiosk's entries hold
    the public halves only (its wrapped columns are NULL). Keys are known by the fingerprint
    of their public halves; ``id`` is only what a record's ``hr_key_id`` points to."""

    __tablename__ = "hr_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_key: Mapped[str] = mapped_column(String(64))  # X25519 sealing key, raw, hex
    # JSON of hr_password.WrappedKey; NULL on a kiosk
    wrapped_private_key: Mapped[str | None] = mapped_column(Text)
    created_at_utc: Mapped[str] = mapped_column(UTC_ISO)
    signing_public_key: Mapped[str | None] = mapped_column(String(64))  # Ed25519, raw, hex
    wrapped_signing_key: Mapped[str | None] = mapped_column(Text)


class HrUnlockAttempts(Base):
    """Failed HR unlock attempts in a row, per HR sealing key (by fingerprint): the one mutable
    piece of HR's state, kept apart so that ``hr_keys`` stays append-only."""

    __tablename__ = "hr_unlock_attempts"

    fingerprint: Mapped[str] = mapped_column(String(71), primary_key=True)
    failures: Mapped[int]
    last_failure_at: Mapped[float | None] = mapped_column(Float)


class Document(Base):
    """An exact version of a document shown to signers (the agreement, the disclosure)."""

    __tablename__ = "documents"

    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    version: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(SHA256_HEX)
    text: Mapped[str] = mapped_column(Text)
    registered_at_utc: Mapped[str] = mapped_column(UTC_ISO)

    __table_args__ = (UniqueConstraint("kind", "sha256", name="uq_documents_kind_sha256"),)


class SignatureRecord(Base):
    """One signed agreement: the public part of the evidence plus the sealed personal part."""

    __tablename__ = "signature_records"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    installation_id: Mapped[str] = mapped_column(ForeignKey("installations.id"))
    app_version: Mapped[str] = mapped_column(String(32))
    is_demo: Mapped[bool] = mapped_column(default=False)
    agreement_version: Mapped[int]
    agreement_sha256: Mapped[str] = mapped_column(HEX_BYTES)
    disclosure_version: Mapped[int]
    disclosure_sha256: Mapped[str] = mapped_column(HEX_BYTES)
    department: Mapped[str] = mapped_column(Text)
    start_date: Mapped[str] = mapped_column(String(10))
    signature_kind: Mapped[str] = mapped_column(String(8))
    meaning: Mapped[str] = mapped_column(Text)
    device_json: Mapped[str] = mapped_column(Text)
    signed_at_utc: Mapped[str] = mapped_column(UTC_ISO)
    signed_at_offset_minutes: Mapped[int]
    hr_key_id: Mapped[int] = mapped_column(ForeignKey("hr_keys.id"))
    sealed_personal: Mapped[bytes] = mapped_column(LargeBinary)
    sealed_signature_image: Mapped[bytes] = mapped_column(LargeBinary)  # empty in format 2
    personal_commitment: Mapped[str] = mapped_column(HEX_BYTES)
    record_sha256: Mapped[str] = mapped_column(HEX_BYTES)
    record_format: Mapped[int] = mapped_column(default=1, server_default="1")
    # format 2, written by zzsign.store.compact (format 1 keeps its trail in audit_events)
    audit_trail: Mapped[bytes | None] = mapped_column(LargeBinary)

    audit: Mapped[list[AuditEvent]] = relationship(
        back_populates="record", order_by="AuditEvent.position", lazy="selectin"
    )

    __table_args__ = (Index("ix_signature_records_signed_at_utc", "signed_at_utc"),)


class AuditEvent(Base):
    """One step of a format-1 record's audit trail (format 2 keeps it in ``audit_trail``)."""

    __tablename__ = "audit_events"

    record_id: Mapped[str] = mapped_column(ForeignKey("signature_records.id"), primary_key=True)
    position: Mapped[int] = mapped_column(primary_key=True)
    step: Mapped[str] = mapped_column(String(64))
    at_utc: Mapped[str] = mapped_column(UTC_ISO)
    offset_minutes: Mapped[int]

    record: Mapped[SignatureRecord] = relationship(back_populates="audit")


class LedgerEntry(Base):
    """A link of an installation's hash chain: what it covers, the link, and its signature."""

    __tablename__ = "ledger_entries"

    installation_id: Mapped[str] = mapped_column(ForeignKey("installations.id"), primary_key=True)
    sequence: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(String(64))
    payload_sha256: Mapped[str] = mapped_column(HEX_BYTES)
    prev_sha256: Mapped[str] = mapped_column(HEX_BYTES)
    entry_sha256: Mapped[str] = mapped_column(HEX_BYTES)
    signature: Mapped[str] = mapped_column(HEX_BYTES)  # Ed25519

    # every look-up by subject names the kind too (RecordRepository.link_for)
    __table_args__ = (UniqueConstraint("kind", "subject", name="uq_ledger_kind_subject"),)


class RecordVoid(Base):
    """A record voided by HR, with the reason; covered by a ``void`` link of the chain."""

    __tablename__ = "record_voids"

    record_id: Mapped[str] = mapped_column(ForeignKey("signature_records.id"), primary_key=True)
    reason: Mapped[str] = mapped_column(Text)
    voided_at_utc: Mapped[str] = mapped_column(UTC_ISO)
    voided_at_offset_minutes: Mapped[int]
    voided_by: Mapped[str] = mapped_column(String(64))
    installation_id: Mapped[str] = mapped_column(ForeignKey("installations.id"))


class StoreSetting(Base):
    """A setting HR keeps in the store (set with the HR password), as text under its name."""

    __tablename__ = "store_settings"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    changed_at_utc: Mapped[str] = mapped_column(UTC_ISO)


#: Tables whose rows may never be changed or deleted once written.
APPEND_ONLY_TABLES = (
    "installations",
    "hr_keys",
    "documents",
    "signature_records",
    "audit_events",
    "ledger_entries",
    "record_voids",
)
