"""The signed PDF copy: rendered from the record, carrying its evidence, sealed by the installation.

The database is the record; the PDF is its faithful rendering. The kiosk makes the copy at the
moment of signing (it still holds the hire's details then), and HR can make it again at any time
from the database with the HR password. Views reach the drawing through here (*Print…*).

Making a copy: Qt paints the pages (``zzsign.drawing``), then one post-pass finishes and seals
them (``zzsign.pdf.finish``). :func:`warm_up` loads the PDF libraries ahead of the first copy.
Copies that cannot carry the seal (*Print…*, HR's combined PDF) say on every page that they are
not sealed (``zzsign.drawing.wording.CopyKind``).
"""

from __future__ import annotations

import base64
import logging
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from zzsign import __version__
from zzsign.domain.canonical import canonical_json
from zzsign.domain.record import PublicRecord, SignedRecord
from zzsign.drawing.wording import (
    ATTACHMENT_NAME,
    EXPORT_COPY,
    PAPER_COPY,
    PDF_TITLE,
    CopyKind,
)
from zzsign.pdf.seal import SealIdentity
from zzsign.security.fingerprints import certificate_sha256, public_key_fingerprint
from zzsign.services.records import record_from_parts, unseal_personal
from zzsign.store.hr_keys import HrKeyRepository
from zzsign.store.installations import InstallationRepository
from zzsign.store.records import RecordRepository, StoredLink

if TYPE_CHECKING:
    from PySide6.QtGui import QPagedPaintDevice

    from zzsign.drawing.certificate import CertificateFacts
    from zzsign.pdf.finish import Description

__all__ = [
    "ATTACHMENT_NAME",
    "EVIDENCE_FORMAT",
    "CopyMaterial",
    "certificate_facts",
    "evidence_json",
    "make_export_copy",
    "make_signed_copy",
    "material_from_store",
    "paint_copy",
    "render_signed_copy",
    "warm_up",
]

log = logging.getLogger(__name__)

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
    #: HR's fingerprint (of HR's signing key), None if HR's keys there predate it
    hr_fingerprint: str | None = None


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
            "chain_link": material.link._asdict(),
            "installation": {
                "id": material.record.installation_id,
                "public_key": material.installation_public_key,
                "seal_certificate_sha256": certificate_sha256(material.seal.certificate_pem),
                "seal_endorsement": material.seal_endorsement,
            },
        }
    )


def certificate_facts(material: CopyMaterial) -> CertificateFacts:
    """What the certificate page shows beyond the record, and the evidence to attach."""
    from zzsign.drawing.certificate import CertificateFacts

    return CertificateFacts(
        record_sha256=material.public.sha256,
        chain_position=material.link.sequence,
        chain_entry_sha256=material.link.entry_sha256,
        installation_public_key=material.installation_public_key,
        attachment_json=evidence_json(material),
        hr_fingerprint=material.hr_fingerprint,
    )


def make_signed_copy(material: CopyMaterial) -> bytes:
    """Render, attach the evidence, and seal: the finished PDF (needs a QGuiApplication).

    Raises ``SealError`` if the PDF cannot be sealed.
    """
    return render_signed_copy(material.record, certificate_facts(material), material.seal)


def make_export_copy(material: CopyMaterial) -> bytes:
    """The copy's pages for HR's combined PDF (needs a QGuiApplication): every page says it is
    an unsealed exported copy, since merging keeps neither the seal nor the attachment; the
    text reads back as typed. Not sealed, nothing attached."""
    from zzsign.drawing.signed_agreement import render_pdf
    from zzsign.pdf.finish import finish

    record = material.record
    return finish(
        render_pdf(record, certificate_facts(material), kind=EXPORT_COPY), _description(record)
    )


def _description(record: SignedRecord) -> Description:
    from zzsign.pdf.finish import Description

    agreement = record.agreement
    return Description(
        title=PDF_TITLE,
        author=record.signer.full_name,
        subject=f"ZZ Servers {agreement.title}, version {agreement.version}, "
        f"record {record.record_id}",
        creator=f"zzsign {__version__}",
        producer=f"zzsign {__version__} (Qt)",
        created=record.signed_at.local,
    )


def render_signed_copy(record: SignedRecord, facts: CertificateFacts, seal: SealIdentity) -> bytes:
    """The sealed PDF of ``record``: Qt paints the pages, then one post-pass attaches
    ``facts.attachment_json``, completes the document information and seals with ``seal``."""
    from zzsign.drawing.signed_agreement import render_pdf
    from zzsign.pdf.finish import Attachment, finish_and_seal

    return finish_and_seal(
        render_pdf(record, facts),
        _description(record),
        Attachment(ATTACHMENT_NAME, facts.attachment_json),
        seal,
        reason=record.meaning,
        signed_at=record.signed_at.utc,
    )


def paint_copy(
    device: QPagedPaintDevice, material: CopyMaterial, kind: CopyKind = PAPER_COPY
) -> None:
    """Paint the pages of a copy of ``kind`` on ``device`` (for *Print…*: a printer, and an
    unsealed paper copy that claims no attachment). Raises RuntimeError if the device refuses
    to be painted on."""
    from zzsign.drawing.signed_agreement import paint_signed_agreement

    paint_signed_agreement(device, material.record, certificate_facts(material), kind=kind)


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
    installation = InstallationRepository(db).get(record.installation_id)
    assert installation is not None  # a record's installation is a foreign key
    return CopyMaterial(
        record=record,
        public=stored.public,
        personal_plaintext=opened.plaintext,
        link=records.link_for("record", record_id),
        installation_public_key=installation.public_key or "",
        seal=seal,
        seal_endorsement=seal_endorsement,
        hr_fingerprint=hr_fingerprint_of(db, stored.public.seal.hr_key_id),
    )


def hr_fingerprint_of(db: Session, hr_key_id: int) -> str | None:
    """HR's fingerprint (of HR's signing key) behind the HR sealing key a record names by
    ``hr_key_id``; None if HR has no signing key beside it."""
    keys = HrKeyRepository(db)
    entry = keys.newest_of(keys.fingerprints().get(hr_key_id, ""))
    if entry is None or entry.signing_public_key is None:
        return None
    return public_key_fingerprint(bytes.fromhex(entry.signing_public_key))


# ----------------------------------------------------------------------------- warming up

_warm_up_lock = threading.Lock()
_warm_up_thread: threading.Thread | None = None


def warm_up() -> threading.Thread:
    """Load the PDF libraries (pyHanko, asn1crypto, ...) and do their first-use work on a
    background thread, once per process, so the first hire's copy is quick.

    Call it once the window is on screen; it returns the (started) thread at once. Nothing a
    hire entered is touched: it seals a blank page with a throwaway key.
    """
    global _warm_up_thread
    with _warm_up_lock:
        if _warm_up_thread is None:
            _warm_up_thread = threading.Thread(
                target=_warm_pdf_libraries, name="zzsign-pdf-warm-up", daemon=True
            )
            _warm_up_thread.start()
        return _warm_up_thread


def _warm_pdf_libraries() -> None:
    try:
        from zzsign.pdf.finish import rehearse

        rehearse()
    except Exception as exc:  # a warm-up must never disturb the kiosk; a real copy reports
        log.warning("Warming up the PDF libraries failed: %s", type(exc).__name__)
