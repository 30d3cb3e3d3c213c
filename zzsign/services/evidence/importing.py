"""Importing an evidence package: verified first, then its installation, chain, records and
voids merged into the store; importing the same package again changes nothing."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from zzsign.domain.canonical import sha256_hex
from zzsign.domain.record import Step
from zzsign.security.fingerprints import public_key_fingerprint, same_fingerprint
from zzsign.services.evidence.verifying import PackageContents, record_format_of, verify_package
from zzsign.services.verify import VerificationImpossibleError
from zzsign.store.models import HrKey, LedgerEntry
from zzsign.store.records import RecordRepository, StoredLink


class ImportRefusedError(Exception):
    """The package cannot be merged; ``message`` says why in one sentence (exit code 1)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ImportResult:
    """What an import added, and what was already here."""

    records_added: int
    records_present: int
    links_added: int
    installation_added: bool


def public_from_payload(payload: dict, sealed_personal: bytes, sealed_image: bytes | None):
    """The PublicRecord a signed payload describes, exactly (its hash must come out the same)."""
    from zzsign.domain.clock import Timestamp
    from zzsign.domain.record import AuditEntry, DeviceInfo, PublicRecord, SealInfo

    sealed = payload["sealed"]
    return PublicRecord(
        record_id=payload["record_id"],
        installation_id=payload["installation_id"],
        app_version=payload["app_version"],
        is_demo=payload["is_demo"],
        agreement_version=payload["agreement"]["version"],
        agreement_sha256=payload["agreement"]["sha256"],
        disclosure_version=payload["consent"]["disclosure_version"],
        disclosure_sha256=payload["consent"]["disclosure_sha256"],
        department=payload["signer"]["department"],
        start_date=payload["signer"]["start_date"],
        signature_kind=payload["signature"]["kind"],
        meaning=payload["meaning"],
        device=DeviceInfo(**payload["device"]),
        audit=tuple(
            AuditEntry(Step(e["step"]), Timestamp.from_evidence(e["at"]))
            for e in payload["audit_trail"]
        ),
        seal=SealInfo(
            hr_key_id=sealed["hr_key_id"],
            personal_commitment=sealed["personal_commitment"],
            sealed_personal_sha256=sha256_hex(sealed_personal),
            sealed_image_sha256=None if sealed_image is None else sha256_hex(sealed_image),
            hr_key_fingerprint=sealed.get("hr_key_fingerprint"),
        ),
        record_format=record_format_of(payload),
    )


def import_package(sessions, path: Path, now, trusted: Collection[str] = ()) -> ImportResult:
    """Verify a package, then merge its installation, chain and records into the store.

    A package can be made by anyone who has seen HR's public key, so a laptop not yet known here
    is taken in only when its key's fingerprint is among ``trusted`` (read off that laptop's
    signed copies, or its own ``zzsign verify PACKAGE``); later packages from it need nothing.

    Sound only when every record can stay exactly as signed: its sealed parts are kept verbatim,
    so the store's HR key with the same id must be the same key the package's records are sealed
    to (laptops that share HR's key). Importing the same package again changes nothing; a record
    or link that exists here with different contents is refused.
    """
    from sqlalchemy.exc import IntegrityError

    from zzsign.domain.documents import Agreement, DocumentIntegrityError, VersionedDocument
    from zzsign.store.models import Installation, SignatureRecord
    from zzsign.store.records import AGREEMENT

    try:
        report, contents = verify_package(path)
    except VerificationImpossibleError as unreadable:  # one sentence: what, and what to do
        message = unreadable.message
        raise ImportRefusedError(
            f"Nothing was imported, because {message[:1].lower()}{message[1:]}"
        ) from unreadable
    if not report.intact:
        first = report.problems[0]
        more = len(report.problems) - 1
        raise ImportRefusedError(
            f"The package did not verify ({first}{f'; and {more} more' if more else ''}), so "
            "nothing was imported; zzsign verify PACKAGE lists every problem."
        )
    installation_id = contents.manifest.get("installation_id")
    installation = next((i for i in contents.installations if i["id"] == installation_id), None)
    if installation is None or not isinstance(installation_id, str):
        raise ImportRefusedError(
            "The package does not hold its installation's key, so nothing was imported."
        )
    package_ids = {entry["public_record"]["record_id"] for entry in contents.records}
    if chain_subjects(contents.links, installation_id) != package_ids:
        raise ImportRefusedError(
            "The package holds only some of its laptop's records (it was exported with "
            "filters), so nothing was imported; export an evidence package without --since, "
            "--until or --agreement-version."
        )
    missing_sealed = package_ids - contents.sealed.keys()
    if missing_sealed:
        raise ImportRefusedError(
            "The package lacks the sealed parts of some records, so nothing "
            "was imported; export it again with this version of zzsign."
        )
    hr_keys = {k["id"]: k["public_key"] for k in contents.hr_keys}
    with sessions.begin() as db:
        for key_id in {e["public_record"]["sealed"]["hr_key_id"] for e in contents.records}:
            local = db.get(HrKey, key_id)
            if local is None or local.public_key != hr_keys.get(key_id):
                raise ImportRefusedError(
                    "The package's records are sealed to a different HR key than this "
                    "laptop's, so nothing was imported; importing needs both laptops to share "
                    "HR's key."
                )
        records = RecordRepository(db)
        known = db.get(Installation, installation_id)
        if known is not None and known.public_key != installation["public_key"]:
            raise ImportRefusedError(
                f"Installation {installation_id} is known here with a different key, so nothing "
                "was imported; run zzsign verify on both laptops."
            )
        fingerprint = public_key_fingerprint(bytes.fromhex(installation["public_key"]))
        if known is None and not any(same_fingerprint(typed, fingerprint) for typed in trusted):
            raise ImportRefusedError(
                f"The package comes from a laptop this store does not know yet (installation "
                f"{installation_id}, key {fingerprint}), so nothing was imported; check that "
                "fingerprint against the Installation public key on a signed copy that laptop "
                "made, then run zzsign import again with --trust and the fingerprint."
            )
        if known is None:
            db.add(
                Installation(
                    id=installation_id,
                    created_at_utc=installation["created_at_utc"],
                    app_version=installation["app_version"],
                    is_local=False,
                    public_key=installation["public_key"],
                    seal_certificate=installation.get("seal_certificate"),
                    seal_endorsement=installation.get("seal_endorsement"),
                )
            )
            db.flush()
        try:
            for document in contents.documents:
                cls = Agreement if document["kind"] == AGREEMENT else VersionedDocument
                records.register_document(
                    document["kind"],
                    cls(
                        document["version"], document["title"], document["text"], document["sha256"]
                    ),
                    now,
                )
        except DocumentIntegrityError as exc:
            raise ImportRefusedError(
                "The package's agreement texts differ from this laptop's under the same version, "
                "so nothing was imported."
            ) from exc
        present = local_links(db, installation_id)
        new_links = []
        for link in contents.links:
            if link["installation_id"] != installation_id:
                continue
            here = present.get(link["sequence"])
            if here is None:
                new_links.append(StoredLink(**link))
            elif here != link["entry_sha256"]:
                raise ImportRefusedError(
                    f"Chain entry {link['sequence']} of installation {installation_id} differs "
                    "from the one already here, so nothing was imported; run zzsign verify."
                )
        existing = dict(
            db.execute(
                select(SignatureRecord.id, SignatureRecord.record_sha256).where(
                    SignatureRecord.installation_id == installation_id
                )
            ).all()
        )
        added = already = 0
        try:
            added, already = _add_records(records, contents, existing)
            if new_links:
                records.add_links(new_links)
            db.flush()
        except IntegrityError as exc:
            raise ImportRefusedError(
                "Some of the package's records or chain entries clash with ones already here, "
                "so nothing was imported; run zzsign verify."
            ) from exc
    return ImportResult(added, already, len(new_links), known is None)


def _add_records(records, contents: PackageContents, existing: dict[str, str]) -> tuple[int, int]:
    from zzsign.store.records import StoredRecord

    added = already = 0
    for entry in contents.records:
        payload = entry["public_record"]
        record_id = payload["record_id"]
        if record_id in existing:
            if existing[record_id] != entry["record_sha256"]:
                raise ImportRefusedError(
                    f"Record {record_id} is already here with different contents, so "
                    "nothing was imported; run zzsign verify."
                )
            already += 1
            _add_void(records, entry)
            continue
        personal, image = contents.sealed[record_id]
        public = public_from_payload(payload, personal, image)
        if public.payload() != payload or public.sha256 != entry["record_sha256"]:
            raise ImportRefusedError(
                f"Record {record_id} cannot be stored exactly as signed, so nothing was imported."
            )
        records.add_record(StoredRecord(public, public.sha256, personal, image))
        _add_void(records, entry)
        added += 1
    return added, already


def _add_void(records, entry: dict) -> None:
    """The record's void, if the package has one that this store lacks."""
    from zzsign.domain.voids import void_from_payload

    if entry.get("void") is None:
        return
    record_id = entry["public_record"]["record_id"]
    try:
        void = void_from_payload(entry["void"])
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ImportRefusedError(
            f"The void of record {record_id} cannot be stored exactly as "
            "signed, so nothing was imported."
        ) from exc
    if void.record_id != record_id:
        raise ImportRefusedError(
            f"The void of record {record_id} names another record, so nothing was imported."
        )
    if records.void_of(record_id) is None:
        records.add_void(void)


def chain_subjects(links: list[dict], installation_id: str) -> set[str]:
    """Subjects of the record links of one installation in a package's chain."""
    return {
        link["subject"]
        for link in links
        if link["installation_id"] == installation_id and link["kind"] == "record"
    }


def local_links(db, installation_id: str) -> dict[int, str]:
    """{sequence: entry hash} of an installation's links in the store."""
    rows = db.execute(
        select(LedgerEntry.sequence, LedgerEntry.entry_sha256).where(
            LedgerEntry.installation_id == installation_id
        )
    )
    return {row.sequence: row.entry_sha256 for row in rows}
