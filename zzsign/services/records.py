"""Reading whole records back: only with HR's private key can the personal part be opened."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from zzsign.domain.canonical import sha256_hex
from zzsign.domain.documents import Agreement
from zzsign.domain.ink_code import decode_strokes
from zzsign.domain.messages import QT_TRANSLATE_NOOP, Message
from zzsign.domain.record import SignedRecord
from zzsign.domain.signature import DrawnSignature, Signature, TypedSignature
from zzsign.domain.signer import SignerDetails
from zzsign.security import sealing
from zzsign.services.record_writer import image_aad, personal_aad
from zzsign.store.records import AGREEMENT, DISCLOSURE, RecordRepository, StoredRecord

#: A record's sealed personal data does not match the commitment it was signed with.
PERSONAL_DATA_DIFFERS = Message(
    QT_TRANSLATE_NOOP("Messages", "its sealed personal data differs from what was signed")
)


class SealedContentError(Exception):
    """The sealed part of a record does not open, or does not match what was signed;
    ``message`` says which (a Message, shown translated in HR's workspace)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class OpenedPersonal:
    """A record's personal part, opened with HR's key and checked against the chain."""

    plaintext: bytes  # the exact sealed bytes (salt included) the record commits to
    personal: dict
    image: bytes  # format 1: the sealed signature image; format 2: none (b"")


def unseal_personal(stored: StoredRecord, hr_private_key: bytes) -> OpenedPersonal:
    """The personal part (and a format-1 record's signature image), checked against the signed
    commitment."""
    record_id = stored.public.record_id
    try:
        plaintext = sealing.unseal(hr_private_key, stored.sealed_personal, personal_aad(record_id))
        image = (
            b""
            if stored.sealed_signature_image is None
            else sealing.unseal(hr_private_key, stored.sealed_signature_image, image_aad(record_id))
        )
    except sealing.SealError as exc:
        raise SealedContentError(
            Message(
                QT_TRANSLATE_NOOP(
                    "Messages", "its sealed personal data does not open with HR's key"
                )
            )
        ) from exc
    if sha256_hex(plaintext) != stored.public.seal.personal_commitment:
        raise SealedContentError(PERSONAL_DATA_DIFFERS)
    personal = json.loads(plaintext)
    if stored.sealed_signature_image is not None and (
        sha256_hex(image) != personal["signature_image_sha256"]
    ):
        raise SealedContentError(
            Message(
                QT_TRANSLATE_NOOP("Messages", "its signature image differs from the one signed")
            )
        )
    return OpenedPersonal(plaintext, personal, image)


def open_record(db: Session, record_id: str, hr_private_key: bytes) -> SignedRecord:
    """The whole record, personal data included."""
    records = RecordRepository(db)
    stored = records.get(record_id)
    return record_from_parts(records, stored, unseal_personal(stored, hr_private_key))


def record_from_parts(
    records: RecordRepository, stored: StoredRecord, opened: OpenedPersonal
) -> SignedRecord:
    """Put a stored record's public part and its opened personal part back together."""
    personal, image = opened.personal, opened.image
    public = stored.public
    agreement = records.document(AGREEMENT, public.agreement_version)
    assert isinstance(agreement, Agreement)
    signer = personal["signer"]
    return SignedRecord(
        record_id=public.record_id,
        installation_id=public.installation_id,
        app_version=public.app_version,
        agreement=agreement,
        disclosure=records.document(DISCLOSURE, public.disclosure_version),
        signer=SignerDetails(
            full_name=signer["full_name"],
            work_email=signer["work_email"],
            employee_id=signer["employee_id"],
            department=public.department,
            start_date=date.fromisoformat(public.start_date),
        ),
        signature=_signature(personal["signature"], image),
        device=public.device,
        audit=public.audit,
        is_demo=public.is_demo,
        record_format=public.record_format,
    )


def _signature(data: dict, image: bytes) -> Signature:
    """The signature a personal part holds (format 2 writes its strokes compactly)."""
    if data["kind"] == DrawnSignature.kind:
        strokes = (
            decode_strokes(data["ink"]["strokes"])
            if "ink" in data
            else tuple(tuple(tuple(point) for point in stroke) for stroke in data["strokes"])
        )
        return DrawnSignature(
            strokes=strokes,
            width=data["pad"]["width"],
            height=data["pad"]["height"],
            image_png=image,
        )
    return TypedSignature(
        text=data["text"],
        font_family=data["font"]["family"],
        font_file=data["font"]["file"],
        image_png=image,
    )
