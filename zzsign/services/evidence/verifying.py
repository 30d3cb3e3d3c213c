"""Verifying an evidence package on its own, on any machine and without the HR password:
manifest, keys, chain, records, sealed parts and every signed copy."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from zzsign.domain.canonical import canonical_json, sha256_hex
from zzsign.domain.record import RECORD_FORMAT_2
from zzsign.security.chain import AUDIT_FORMAT, payload_sha256
from zzsign.security.chain_check import record_problems, void_problems, walk_chain
from zzsign.security.fingerprints import certificate_sha256
from zzsign.security.installation_keys import SignatureChecker, endorsement_bytes
from zzsign.services.evidence.layout import (
    CHAIN_FORMAT,
    MANIFEST,
    MANIFEST_SIGNATURE,
    MANIFEST_SIGNATURE_CONTEXT,
    OLDER_PACKAGE_FORMATS,
    PACKAGE_FORMAT,
)
from zzsign.services.evidence.reading import NOT_A_PACKAGE, PackageReader, printable
from zzsign.services.origin import check_origin
from zzsign.services.verify import VerificationImpossibleError, VerificationReport
from zzsign.store.records import StoredLink


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


def verify_package(
    path: Path, known_keys: dict[str, str | None] | None = None, expected: str | None = None
) -> tuple[VerificationReport, PackageContents]:
    """Check a package on its own: manifest and its signature, keys, chain up to the entry the
    manifest names, records, sealed parts and every PDF; and who made it — the laptop whose key
    ``known_keys`` holds, or whose fingerprint is ``expected`` (else the report's
    ``origin_checked`` is False)."""
    reader = PackageReader(path)
    try:
        report, contents = _verify(reader)
        if not any(problem.subject == "package" for problem in report.problems):
            try:
                _check_maker(reader, contents, known_keys, expected, report)
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                report.add("package", f"its contents are malformed ({type(exc).__name__})")
        return report, contents
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
    if not isinstance(manifest, dict) or manifest.get("format") not in (
        PACKAGE_FORMAT,
        *OLDER_PACKAGE_FORMATS,
    ):
        raise VerificationImpossibleError(
            f"The file {NOT_A_PACKAGE} of a format this version of zzsign knows."
        )
    files = manifest.get("files")
    if not isinstance(files, dict):
        raise VerificationImpossibleError(
            "The package's manifest lists no files; give the package zzsign export made."
        )
    for name in sorted(reader.names - {MANIFEST, MANIFEST_SIGNATURE} - files.keys()):
        report.add("package", f"{printable(name)} is not listed in its manifest (added afterwards)")
    for name in sorted(files.keys() - reader.names):
        report.add("package", f"{printable(name)} is listed in its manifest but missing")
    for name in sorted(files.keys() & reader.names):
        if sha256_hex(reader.read(name)) != files[name]:
            report.add(
                "package", f"{printable(name)} differs from its manifest (changed afterwards)"
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


def _check_maker(
    reader: PackageReader,
    contents: PackageContents,
    known_keys: dict[str, str | None] | None,
    expected: str | None,
    report: VerificationReport,
) -> None:
    """The package is what its laptop signed — whole, its chain ending where the signed manifest
    says — and that laptop is the one known here or expected."""
    manifest = contents.manifest
    installation = manifest.get("installation_id")
    keys = [i for i in contents.installations if i.get("id") == installation]
    if not isinstance(installation, str) or len(keys) != 1:
        report.add("package", "it does not hold the key of the laptop that made it")
        return
    public_key = keys[0].get("public_key")
    check_origin(installation, public_key, known_keys, expected, report, "package")
    if manifest["format"] in OLDER_PACKAGE_FORMATS:
        report.origin_checked = False
        report.not_checked.append(
            "it was made by an older zzsign, which did not sign a package as a whole, so "
            "records dropped from its end would not show; export it again to check that"
        )
        return
    signature = (
        reader.read(MANIFEST_SIGNATURE).decode("ascii", "replace")
        if MANIFEST_SIGNATURE in reader.names
        else ""
    )
    if not SignatureChecker({installation: public_key}).is_valid(
        installation, signature.strip(), MANIFEST_SIGNATURE_CONTEXT + reader.read(MANIFEST)
    ):
        report.add("package", "its manifest is not the one its laptop signed (changed afterwards)")
        return
    links = [link for link in contents.links if link.get("installation_id") == installation]
    last = links[-1] if links else None
    head = None if last is None else {k: last[k] for k in ("sequence", "entry_sha256")}
    if head != manifest.get("chain_head"):
        signed = manifest.get("chain_head") or {}
        report.add(
            "package",
            f"its chain ends at entry {None if last is None else last['sequence']}, not at "
            f"entry {signed.get('sequence')} where its laptop signed it (entries dropped or "
            "added afterwards)",
        )
    if manifest.get("complete") is True:
        packaged = {entry["public_record"]["record_id"] for entry in contents.records}
        for link in links:
            if link["kind"] == "record" and link["subject"] not in packaged:
                report.add(
                    f"record {link['subject']}",
                    "it is in the chain but missing from a package of every record",
                )


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


def record_format_of(public: dict) -> int:
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
        record_format = record_format_of(public)
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
        report.add("package", f"{printable(name)} belongs to no record in records.json")


def _check_documents(contents: PackageContents, report: VerificationReport) -> None:
    for document in contents.documents:
        if sha256_hex(document["text"].encode("utf-8")) != document["sha256"]:
            report.add(
                f"{document['kind']} version {document['version']}",
                "its text differs from its hash",
            )
