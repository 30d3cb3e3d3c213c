"""The signed PDF copy: rendered from the record, carrying its evidence, sealed by the installation.

The database is the record; the PDF is its faithful rendering. The kiosk makes the copy at the
moment of signing (it still holds the hire's details then), and HR can make it again at any time
from the database with the HR password.
"""

from __future__ import annotations

import base64
from dataclasses import asdict, dataclass

from sqlalchemy.orm import Session

from zzsign.domain.canonical import canonical_json
from zzsign.domain.record import PublicRecord, SignedRecord
from zzsign.pdf.seal import SealIdentity, seal_pdf
from zzsign.security.installation_keys import certificate_sha256
from zzsign.services.records import record_from_parts, unseal_personal
from zzsign.store.records import RecordRepository, StoredLink

ATTACHMENT_NAME = "zzsign-record.json"
EVIDENCE_FORMAT = "zzsign.pdf-evidence/1"


@dataclass(frozen=True)
class CopyMaterial:
    """Everything a signed copy is made of."""

    record: SignedRecord
    public: PublicRecord
    personal_plaintext: bytes
    link: StoredLink
    installation_public_key: str
    seal: SealIdentity
    seal_endorsement: str


def evidence_json(material: CopyMaterial) -> bytes:
    """The JSON attached to the PDF: enough to check the copy against the chain on any machine.

    ``record`` is the whole record for people to read; ``public_record`` and
    ``personal_plaintext`` are the exact bytes the chain commits to; ``chain_link`` is the
    installation's signed link; ``installation`` names the key and vouches for the seal.
    """
    return canonical_json(
        {
            "format": EVIDENCE_FORMAT,
            "record": material.record.evidence(),
            "public_record": material.public.payload(),
            "personal_plaintext": base64.b64encode(material.personal_plaintext).decode("ascii"),
            "chain_link": asdict(material.link),
            "installation": {
                "id": material.record.installation_id,
                "public_key": material.installation_public_key,
                "seal_certificate_sha256": certificate_sha256(material.seal.certificate_pem),
                "seal_endorsement": material.seal_endorsement,
            },
        }
    )


def certificate_facts(material: CopyMaterial):  # -> zzsign.pdf.render.CertificateFacts
    """What the certificate page shows beyond the record, and the evidence to attach."""
    from zzsign.pdf.render import CertificateFacts

    return CertificateFacts(
        record_sha256=material.public.sha256,
        chain_position=material.link.sequence,
        chain_entry_sha256=material.link.entry_sha256,
        installation_public_key=material.installation_public_key,
        attachment_json=evidence_json(material),
    )


def make_signed_copy(material: CopyMaterial) -> bytes:
    """Render, attach the evidence, and seal: the finished PDF (needs a QGuiApplication)."""
    from zzsign.pdf.render import render_signed_agreement

    pdf = render_signed_agreement(material.record, certificate_facts(material))
    return seal_pdf(
        pdf,
        material.seal,
        reason=material.record.meaning,
        signed_at=material.record.signed_at.utc,
    )


def material_from_store(
    db: Session,
    record_id: str,
    hr_private_key: bytes,
    seal: SealIdentity,
    seal_endorsement: str,
) -> CopyMaterial:
    """Gather a stored record's copy material again (HR's key opens the personal part)."""
    records = RecordRepository(db)
    stored = records.get(record_id)
    opened = unseal_personal(stored, hr_private_key)
    record = record_from_parts(records, stored, opened)
    installation = next(i for i in records.installations() if i.id == record.installation_id)
    return CopyMaterial(
        record=record,
        public=stored.public,
        personal_plaintext=opened.plaintext,
        link=records.link_for("record", record_id),
        installation_public_key=installation.public_key or "",
        seal=seal,
        seal_endorsement=seal_endorsement,
    )
