"""Writing an evidence package: this installation's matching records, their sealed parts and
signed copies, its chain, keys and documents, every file listed with its hash in the manifest."""

from __future__ import annotations

import hashlib
import json
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from sqlalchemy import select

from zzsign.domain.canonical import canonical_json, sha256_hex
from zzsign.services.evidence.layout import (
    CHAIN_FORMAT,
    MANIFEST,
    MANIFEST_SIGNATURE,
    MANIFEST_SIGNATURE_CONTEXT,
    PACKAGE_FORMAT,
)
from zzsign.services.export.json_records import (
    JSON_TAIL,
    installation_entries,
    json_head,
    json_record,
    record_entry,
)
from zzsign.services.export.output import ExportProgress, atomic_output, reported
from zzsign.services.export.selection import ExportFilter, matching_local_ids, store_url
from zzsign.store.database import snapshot_sessions
from zzsign.store.models import Document, HrKey
from zzsign.store.records import RecordRepository


class _HashingWriter:
    """A zip member being written, hashed on the way."""

    def __init__(self, member) -> None:
        self._member = member
        self.hash = hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.hash.update(data)
        return self._member.write(data)


@dataclass
class _PackageWriter:
    archive: zipfile.ZipFile
    files: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, data: bytes, compress: bool = True) -> None:
        kind = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
        self.archive.writestr(_info(name, kind), data)
        self.files[name] = sha256_hex(data)

    def stream(self, name: str, write: Callable[[_HashingWriter], object]) -> object:
        with self.archive.open(_info(name, zipfile.ZIP_DEFLATED), "w", force_zip64=True) as m:
            writer = _HashingWriter(m)
            result = write(writer)
        self.files[name] = writer.hash.hexdigest()
        return result


def _info(name: str, kind: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = kind
    info.external_attr = 0o600 << 16
    return info


def export_evidence(
    store,
    hr_private_key: bytes,
    chosen: ExportFilter,
    path: Path,
    progress: ExportProgress | None = None,
) -> tuple[int, int]:
    """Write an evidence package of this installation's matching records; (exported, left out).

    Records signed on other laptops (imported here) are left out: their copies can only be
    sealed by the laptop that signed them. Everything comes from one read snapshot. Each record
    is handled once — its entry of records.json (kept meanwhile in an anonymous temporary file
    beside the package, copied in at the end), its sealed parts and its signed copy — and
    ``progress`` is told after each. Needs a QGuiApplication for the PDF copies, on its thread.
    """
    from zzsign.services.pdf_copy import make_signed_copy, material_from_store

    installation = store.installation_id
    sessions, release = snapshot_sessions(store_url(store))
    try:
        with (
            atomic_output(path) as temporary,
            zipfile.ZipFile(temporary, "w", allowZip64=True) as archive,
            sessions() as db,
            tempfile.TemporaryFile(dir=temporary.parent) as listing,
        ):
            package = _PackageWriter(archive)
            records = RecordRepository(db)
            ids, foreign = matching_local_ids(records, installation, chosen)
            listing.write(json_head(db, {installation}))
            for position, record_id in enumerate(reported(ids, len(ids), progress)):
                stored = records.get(record_id)
                listing.write(json_record(record_entry(records, stored, hr_private_key), position))
                material = material_from_store(
                    db, record_id, hr_private_key, store.seal, store.seal_endorsement
                )
                package.add(f"sealed/{record_id}.personal", stored.sealed_personal)
                if stored.sealed_signature_image is not None:  # format 2 keeps no image
                    package.add(f"sealed/{record_id}.image", stored.sealed_signature_image)
                package.add(f"records/{record_id}.pdf", make_signed_copy(material), compress=False)
            listing.write(JSON_TAIL)
            package.stream("records.json", lambda out: _copy_file(listing, out))
            head = package.stream(
                "chain.json", lambda out: _write_chain(records, installation, out)
            )
            for entry in installation_entries(db, {installation}):
                package.add(f"keys/{installation}.json", canonical_json(entry))
            package.add(
                "hr_keys.json",
                canonical_json(
                    [
                        {"id": k.id, "public_key": k.public_key}
                        for k in db.scalars(select(HrKey).order_by(HrKey.id))
                    ]
                ),
            )
            package.add(
                "documents.json",
                canonical_json(
                    [
                        {
                            "kind": d.kind,
                            "version": d.version,
                            "title": d.title,
                            "sha256": d.sha256,
                            "text": d.text,
                        }
                        for d in db.scalars(
                            select(Document).order_by(Document.kind, Document.version)
                        )
                    ]
                ),
            )
            manifest = {
                "format": PACKAGE_FORMAT,
                "installation_id": installation,
                "complete": chosen.is_everything,
                "filters": {
                    "since": chosen.since and chosen.since.isoformat(),
                    "until": chosen.until and chosen.until.isoformat(),
                    "agreement_version": chosen.agreement_version,
                    "dates": "local" if chosen.local_dates else "utc",
                },
                "chain_head": head,
                "files": package.files,
            }
            manifest_bytes = json.dumps(manifest, indent=1, sort_keys=True).encode()
            package.add(MANIFEST, manifest_bytes)
            package.add(
                MANIFEST_SIGNATURE,
                store.signer.sign(MANIFEST_SIGNATURE_CONTEXT + manifest_bytes).encode("ascii"),
            )
    finally:
        release()
    return len(ids), foreign


def _copy_file(source: IO[bytes], out: _HashingWriter, chunk: int = 1024**2) -> None:
    """The whole of ``source``, from its start, into ``out``."""
    source.seek(0)
    while data := source.read(chunk):
        out.write(data)


def _write_chain(
    records: RecordRepository, installation: str, out: _HashingWriter
) -> dict[str, object] | None:
    """The installation's chain as chain.json; its last entry (sequence and hash), which the
    signed manifest names, or None for a chain with no entry."""
    out.write(b'{"format":"' + CHAIN_FORMAT.encode() + b'","links":[')
    last = None
    for link in records.links():
        if link.installation_id != installation:
            continue
        out.write((b",\n" if last else b"\n") + canonical_json(link._asdict()))
        last = link
    out.write(b"\n]}\n")
    return None if last is None else {"sequence": last.sequence, "entry_sha256": last.entry_sha256}
