"""Evidence packages: a .zip that proves its records on any machine, without the HR password.

Layout (every path listed with its SHA-256 in ``manifest.json``)::

    manifest.json                {"format": "zzsign.evidence/1", "installation_id", "complete",
                                  "filters", "files": {path: sha256}}
    records.json                 as ``zzsign export --format json`` (this installation's records)
    records/<id>.pdf             each record's sealed signed copy (PAdES, evidence attached)
    sealed/<id>.personal         the record's sealed personal part, exactly as stored
    sealed/<id>.image            its sealed signature image, exactly as stored (format-1 records)
    chain.json                   every link of the installation's chain (complete, so it verifies)
    keys/<installation>.json     public key, seal certificate (PEM) and its endorsement
    hr_keys.json                 HR's public key(s) the sealed parts are sealed to
    documents.json               the exact texts of the agreement and disclosure versions signed

Reading a package never extracts to disk: members are read into memory with size caps, and a
package with absolute or ``..`` member names, duplicate names, more than 2 GB uncompressed or a
suspicious compression ratio is refused.
"""

from __future__ import annotations

import hashlib
import json
import stat
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO

from sqlalchemy import select

from zzsign.domain.canonical import canonical_json, sha256_hex
from zzsign.domain.record import RECORD_FORMAT_2, Step
from zzsign.security.chain import AUDIT_FORMAT, payload_sha256
from zzsign.security.chain_check import record_problems, void_problems, walk_chain
from zzsign.security.fingerprints import (
    certificate_sha256,
    public_key_fingerprint,
    same_fingerprint,
)
from zzsign.security.installation_keys import SignatureChecker, endorsement_bytes
from zzsign.services.export import (
    JSON_TAIL,
    ExportFilter,
    ExportProgress,
    atomic_output,
    installation_entries,
    json_head,
    json_record,
    matching_local_ids,
    record_entry,
    reported,
    store_url,
)
from zzsign.services.verify import VerificationImpossibleError, VerificationReport
from zzsign.store.database import snapshot_sessions
from zzsign.store.models import Document, HrKey, LedgerEntry
from zzsign.store.records import RecordRepository, StoredLink

PACKAGE_FORMAT = "zzsign.evidence/1"
CHAIN_FORMAT = "zzsign.chain-export/1"
MANIFEST = "manifest.json"
MAX_TOTAL_BYTES = 2 * 1024**3
MAX_MEMBER_BYTES = 512 * 1024**2
MAX_RATIO = 200  # deflate rarely beats 10:1 on this content; bombs reach 1000:1
MAX_MEMBERS = 1_000_000
NOT_A_PACKAGE = "is not a zzsign evidence package"
EXPORT_AGAIN = "export it again on the laptop that made it"


# -- writing ------------------------------------------------------------------
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
            package.stream("chain.json", lambda out: _write_chain(records, installation, out))
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
                "files": package.files,
            }
            package.add(MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode())
    finally:
        release()
    return len(ids), foreign


def _copy_file(source: IO[bytes], out: _HashingWriter, chunk: int = 1024**2) -> None:
    """The whole of ``source``, from its start, into ``out``."""
    source.seek(0)
    while data := source.read(chunk):
        out.write(data)


def _write_chain(records: RecordRepository, installation: str, out: _HashingWriter) -> int:
    out.write(b'{"format":"' + CHAIN_FORMAT.encode() + b'","links":[')
    count = 0
    for link in records.links():
        if link.installation_id != installation:
            continue
        out.write((b",\n" if count else b"\n") + canonical_json(link._asdict()))
        count += 1
    out.write(b"\n]}\n")
    return count


# -- reading safely ------------------------------------------------------------------
class PackageReader:
    """A package's members, read into memory only, within size limits."""

    def __init__(self, path: Path) -> None:
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise VerificationImpossibleError(
                f"The file {NOT_A_PACKAGE} (not a readable .zip); "
                "give the package zzsign export made."
            ) from exc
        infos = self._zip.infolist()
        if len(infos) > MAX_MEMBERS:
            self._refuse("it has too many files")
        total = 0
        self.names: set[str] = set()
        for info in infos:
            name = info.filename
            parts = PurePosixPath(name).parts
            if (
                name.startswith(("/", "\\"))
                or "\\" in name
                or ".." in parts
                or (parts and ":" in parts[0])
            ):
                self._refuse(f"it holds a file with an unsafe name ({name[:80]!r})")
            if name in self.names:
                self._refuse(f"it holds the file {name[:80]!r} twice")
            kind = stat.S_IFMT(info.external_attr >> 16)
            if kind and kind not in (stat.S_IFREG, stat.S_IFDIR):
                self._refuse(f"it holds a link or special file ({name[:80]!r})")
            if info.file_size > MAX_MEMBER_BYTES or (
                info.file_size > 1024**2 and info.file_size > MAX_RATIO * max(info.compress_size, 1)
            ):
                self._refuse(f"the file {name[:80]!r} unpacks to a suspicious size")
            total += info.file_size
            self.names.add(name)
        if total > MAX_TOTAL_BYTES:
            self._refuse("it unpacks to more than 2 GB")

    def _refuse(self, why: str) -> None:
        self._zip.close()
        raise VerificationImpossibleError(
            f"The package was not opened: {why}; give the package zzsign export made."
        )

    def read(self, name: str) -> bytes:
        """A member's bytes (at most its declared size; CRC checked by zipfile)."""
        info = self._zip.getinfo(name)
        try:
            with self._zip.open(info) as member:
                data = member.read(info.file_size + 1)
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
            raise VerificationImpossibleError(
                f"The package is damaged: {_printable(name)} cannot be read; {EXPORT_AGAIN}."
            ) from exc
        except (NotImplementedError, RuntimeError) as exc:  # unknown compression, encryption
            raise VerificationImpossibleError(
                f"The package is not one zzsign made: {_printable(name)} is encrypted or "
                "compressed in a way zzsign does not write."
            ) from exc
        if len(data) != info.file_size:
            raise VerificationImpossibleError(
                f"The package is damaged: {_printable(name)} has the wrong size; {EXPORT_AGAIN}."
            )
        return data

    def json(self, name: str):
        """A member parsed as JSON."""
        try:
            return json.loads(self.read(name))
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:
            raise VerificationImpossibleError(
                f"The package is damaged: {_printable(name)} is not valid JSON; {EXPORT_AGAIN}."
            ) from exc

    def close(self) -> None:
        """Release the file."""
        self._zip.close()


def _printable(name: str) -> str:
    """A member name as it may be shown: quoted and cut short if it is odd or long."""
    return name if name.isprintable() and len(name) <= 80 else repr(name[:80])


# -- verifying ------------------------------------------------------------------
@dataclass
class PackageContents:
    """What a verified package holds, parsed (for import)."""

    manifest: dict
    installations: list[dict]
    links: list[dict]
    records: list[dict]
    hr_keys: list[dict]
    documents: list[dict]
    sealed: dict[str, tuple[bytes, bytes | None]]  # personal part, and a format-1 image


def verify_package(path: Path) -> tuple[VerificationReport, PackageContents]:
    """Check a package on its own: manifest, keys, chain, records, sealed parts and every PDF."""
    reader = PackageReader(path)
    try:
        return _verify(reader)
    finally:
        reader.close()


def _verify(reader: PackageReader) -> tuple[VerificationReport, PackageContents]:
    report = VerificationReport()
    if MANIFEST not in reader.names:
        raise VerificationImpossibleError(
            f"The file {NOT_A_PACKAGE} (it has no manifest.json); "
            "give the package zzsign export made."
        )
    manifest = reader.json(MANIFEST)
    if not isinstance(manifest, dict) or manifest.get("format") != PACKAGE_FORMAT:
        raise VerificationImpossibleError(
            f"The file {NOT_A_PACKAGE} of a format this version of zzsign knows."
        )
    files = manifest.get("files")
    if not isinstance(files, dict):
        raise VerificationImpossibleError(
            "The package's manifest lists no files; give the package zzsign export made."
        )
    for name in sorted(reader.names - {MANIFEST} - files.keys()):
        report.add(
            "package", f"{_printable(name)} is not listed in its manifest (added afterwards)"
        )
    for name in sorted(files.keys() - reader.names):
        report.add("package", f"{_printable(name)} is listed in its manifest but missing")
    for name in sorted(files.keys() & reader.names):
        if sha256_hex(reader.read(name)) != files[name]:
            report.add(
                "package", f"{_printable(name)} differs from its manifest (changed afterwards)"
            )
    try:
        contents = _contents(reader, manifest)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        report.add("package", f"its contents are malformed ({type(exc).__name__})")
        return report, PackageContents(manifest, [], [], [], [], [], {})
    try:
        checker = _check_keys(contents.installations, report)
        payloads, by_record = _check_chain(contents.links, checker, report)
        _check_records(reader, contents, payloads, by_record, report)
        _check_documents(contents, report)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        report.add("package", f"its contents are malformed ({type(exc).__name__})")
    return report, contents


def _contents(reader: PackageReader, manifest: dict) -> PackageContents:
    keys = sorted(n for n in reader.names if n.startswith("keys/") and n.endswith(".json"))
    records = reader.json("records.json")
    if records.get("format") != "zzsign.export/1":
        raise ValueError("records.json")
    chain = reader.json("chain.json")
    if chain.get("format") != CHAIN_FORMAT:
        raise ValueError("chain.json")
    sealed = {}
    for entry in records["records"]:
        record_id = entry["public_record"]["record_id"]
        personal, image = f"sealed/{record_id}.personal", f"sealed/{record_id}.image"
        if personal in reader.names:
            sealed[record_id] = (
                reader.read(personal),
                reader.read(image) if image in reader.names else None,
            )
    return PackageContents(
        manifest=manifest,
        installations=[reader.json(n) for n in keys],
        links=chain["links"],
        records=records["records"],
        hr_keys=reader.json("hr_keys.json") if "hr_keys.json" in reader.names else [],
        documents=reader.json("documents.json") if "documents.json" in reader.names else [],
        sealed=sealed,
    )


def _check_keys(installations: list[dict], report: VerificationReport) -> SignatureChecker:
    checker = SignatureChecker({i["id"]: i["public_key"] for i in installations})
    for installation in installations:
        subject = f"installation {installation['id']}"
        if not checker.knows(installation["id"]):
            report.add(subject, "its public key is missing or malformed")
        elif installation.get("seal_certificate") and not checker.is_valid(
            installation["id"],
            installation.get("seal_endorsement") or "",
            endorsement_bytes(
                installation["id"],
                certificate_sha256(installation["seal_certificate"].encode("ascii")),
            ),
        ):
            report.add(subject, "it did not vouch for its seal certificate (bad endorsement)")
    return checker


def _check_chain(
    links: list[dict], checker: SignatureChecker, report: VerificationReport
) -> tuple[dict[tuple[str, str], str], dict[str, dict]]:
    walk = walk_chain(
        (StoredLink(**link) for link in links),
        checker,
        report.add,
        unknown_key="its links are signed by a key the package does not hold",
    )
    report.links += walk.links
    by_record = {link["subject"]: link for link in links if link["kind"] == "record"}
    return walk.payloads, by_record


def _record_format(public: dict) -> int:
    """The format a record's signed payload says it is in."""
    return 2 if public.get("format") == RECORD_FORMAT_2 else 1


def _check_records(
    reader: PackageReader,
    contents: PackageContents,
    payloads: dict[tuple[str, str], str],
    by_record: dict[str, dict],
    report: VerificationReport,
) -> None:
    import base64

    from zzsign.services.verify_file import _check_readable_record, _evidence, verify_pdf

    known = {i["id"]: i["public_key"] for i in contents.installations}
    pdfs = {n for n in reader.names if n.startswith("records/") and n.endswith(".pdf")}
    for entry in contents.records:
        report.records += 1
        public = entry["public_record"]
        record_id = public["record_id"]
        subject = f"record {record_id}"
        record_format = _record_format(public)
        public_sha256 = sha256_hex(canonical_json(public))
        audit = (
            []
            if record_format == 2
            else [
                (
                    position,
                    step["step"],
                    payload_sha256(
                        {
                            "format": AUDIT_FORMAT,
                            "record_id": record_id,
                            "position": position,
                            **step,
                        }
                    ),
                )
                for position, step in enumerate(public["audit_trail"])
            ]
        )
        problems = record_problems(
            record_id, record_format, public_sha256, audit, lambda *key: payloads.get(key)
        )
        for what in problems:
            report.add(subject, what)
        link = by_record.get(record_id)
        if not problems and (
            entry["chain_link"] != link or entry["record_sha256"] != public_sha256
        ):
            report.add(subject, "its own copy of its chain entry differs from the chain")
        void = entry.get("void")
        for what in void_problems(
            None if void is None else payload_sha256(void), payloads.get(("void", record_id))
        ):
            report.add(subject, what.replace("was deleted", "is missing from the package"))
        plaintext = base64.b64decode(entry["personal_plaintext"])
        if sha256_hex(plaintext) != public["sealed"]["personal_commitment"]:
            report.add(subject, "the signer's details differ from those that were signed")
        else:
            _check_readable_record(entry["record"], public, json.loads(plaintext), subject, report)
        if record_id in contents.sealed:
            personal, image = contents.sealed[record_id]
            image_sha256 = None if image is None else sha256_hex(image)
            if (sha256_hex(personal), image_sha256) != (
                public["sealed"]["sealed_personal_sha256"],
                public["sealed"].get("sealed_signature_image_sha256"),
            ):
                report.add(subject, "its sealed parts differ from those that were signed")
        name = f"records/{record_id}.pdf"
        if name not in pdfs:
            report.add(subject, "its signed copy (PDF) is missing from the package")
            continue
        pdfs.discard(name)
        pdf = reader.read(name)
        try:
            checked = verify_pdf(pdf, known)
        except VerificationImpossibleError:
            report.add(subject, "its signed copy is not a PDF")
            continue
        for problem in checked.problems:
            report.add(subject, f"signed copy: {problem.what}")
        embedded = _evidence(pdf)
        if embedded is not None and embedded.get("chain_link") != link:
            report.add(subject, "its signed copy names a different chain entry")
    for name in sorted(pdfs):
        report.add("package", f"{_printable(name)} belongs to no record in records.json")


def _check_documents(contents: PackageContents, report: VerificationReport) -> None:
    for document in contents.documents:
        if sha256_hex(document["text"].encode("utf-8")) != document["sha256"]:
            report.add(
                f"{document['kind']} version {document['version']}",
                "its text differs from its hash",
            )


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


# -- importing ------------------------------------------------------------------
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
        record_format=_record_format(payload),
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
