"""SQLAlchemy 2 models: typed, append-only tables for installations, documents and records."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

UTC_ISO = String(27)  # 2026-11-25T02:04:26.123456Z
SHA256_HEX = String(64)


class Base(DeclarativeBase):
    """Declarative base of every zzsign table."""


class Installation(Base):
    """This laptop's installation of zzsign (one row per installation that wrote records)."""

    __tablename__ = "installations"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    created_at_utc: Mapped[str] = mapped_column(UTC_ISO)
    app_version: Mapped[str] = mapped_column(String(32))
    is_local: Mapped[bool] = mapped_column(default=False)


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
    """One signed agreement: every item of the evidence checklist."""

    __tablename__ = "signature_records"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    installation_id: Mapped[str] = mapped_column(ForeignKey("installations.id"))
    sequence: Mapped[int]
    app_version: Mapped[str] = mapped_column(String(32))
    agreement_version: Mapped[int]
    agreement_sha256: Mapped[str] = mapped_column(SHA256_HEX)
    disclosure_version: Mapped[int]
    disclosure_sha256: Mapped[str] = mapped_column(SHA256_HEX)
    full_name: Mapped[str] = mapped_column(Text)
    work_email: Mapped[str] = mapped_column(Text)
    employee_id: Mapped[str | None] = mapped_column(Text)
    department: Mapped[str] = mapped_column(Text)
    start_date: Mapped[str] = mapped_column(String(10))
    signature_kind: Mapped[str] = mapped_column(String(8))
    signature_json: Mapped[str] = mapped_column(Text)
    signature_png: Mapped[bytes] = mapped_column(LargeBinary)
    meaning: Mapped[str] = mapped_column(Text)
    device_json: Mapped[str] = mapped_column(Text)
    signed_at_utc: Mapped[str] = mapped_column(UTC_ISO)
    signed_at_offset_minutes: Mapped[int]
    record_sha256: Mapped[str] = mapped_column(SHA256_HEX)

    audit: Mapped[list[AuditEvent]] = relationship(
        back_populates="record", order_by="AuditEvent.position", lazy="selectin"
    )

    __table_args__ = (
        UniqueConstraint("installation_id", "sequence", name="uq_records_installation_sequence"),
        Index("ix_signature_records_signed_at_utc", "signed_at_utc"),
    )


class AuditEvent(Base):
    """One step of a record's audit trail."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    record_id: Mapped[str] = mapped_column(ForeignKey("signature_records.id"))
    position: Mapped[int]
    step: Mapped[str] = mapped_column(String(64))
    at_utc: Mapped[str] = mapped_column(UTC_ISO)
    offset_minutes: Mapped[int]

    record: Mapped[SignatureRecord] = relationship(back_populates="audit")

    __table_args__ = (UniqueConstraint("record_id", "position", name="uq_audit_record_position"),)


#: Tables whose rows may never be changed or deleted once written.
APPEND_ONLY_TABLES = ("documents", "signature_records", "audit_events")
