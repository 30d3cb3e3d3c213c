"""``zzsign verify FILE.pdf``: is this signed copy sealed, intact, and tied to its chain?"""

from __future__ import annotations

import base64
import io
import json

from zzsign.domain.canonical import canonical_json, sha256_hex
from zzsign.pdf.seal import check_seal
from zzsign.security.chain_check import single_link_problems
from zzsign.security.fingerprints import certificate_sha256
from zzsign.security.installation_keys import SignatureChecker, endorsement_bytes
from zzsign.services.origin import check_origin
from zzsign.services.pdf_copy import ATTACHMENT_NAME, EVIDENCE_FORMAT
from zzsign.services.verify import VerificationImpossibleError, VerificationReport
from zzsign.store.records import StoredLink

NOT_A_PDF = "is not a PDF file; give the signed copy (.pdf) zzsign made."


def _evidence(pdf: bytes) -> dict | None:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        attachments = PdfReader(io.BytesIO(pdf)).attachments
        data = attachments.get(ATTACHMENT_NAME)
        return json.loads(data[0]) if data else None
    except (PyPdfError, ValueError, KeyError, IndexError):
        return None


def verify_pdf(
    pdf: bytes, known_keys: dict[str, str | None] | None = None, expected: str | None = None
) -> VerificationReport:
    """Check the seal and the embedded record; ``known_keys`` are installation keys known here,
    ``expected`` the fingerprint of the laptop that should have made it (see
    :func:`zzsign.services.origin.check_origin`)."""
    if not pdf.startswith(b"%PDF-"):
        raise VerificationImpossibleError(f"The file {NOT_A_PDF}")
    report = VerificationReport()
    seal = check_seal(pdf)
    for problem in seal.problems:
        report.add("document", problem)
    evidence = _evidence(pdf)
    if evidence is None or evidence.get("format") != EVIDENCE_FORMAT:
        report.add("document", "it carries no zzsign record, so it cannot be tied to a signing")
        return report
    try:
        _check_evidence(evidence, seal.signer_certificate_pem, known_keys, report, expected)
    except (KeyError, TypeError, ValueError) as exc:
        report.add("document", f"its embedded record is malformed ({type(exc).__name__})")
    return report


def _check_evidence(
    evidence: dict,
    signer_certificate_pem: bytes | None,
    known_keys: dict[str, str | None] | None,
    report: VerificationReport,
    expected: str | None = None,
) -> None:
    public, link, installation = (
        evidence["public_record"],
        evidence["chain_link"],
        evidence["installation"],
    )
    record_id = public["record_id"]
    subject = f"record {record_id}"
    report.records, report.links = 1, 1
    public_sha256 = sha256_hex(canonical_json(public))
    if link["payload_sha256"] != public_sha256 or link["subject"] != record_id:
        report.add(subject, "its embedded record differs from the one in its chain entry")
    checker = SignatureChecker({installation["id"]: installation["public_key"]})
    if link["installation_id"] != installation["id"]:
        report.add(subject, "its chain entry has a bad signature")
    else:
        for what in single_link_problems(StoredLink(**link), checker):
            report.add(subject, what)
    plaintext = base64.b64decode(evidence["personal_plaintext"])
    if sha256_hex(plaintext) != public["sealed"]["personal_commitment"]:
        report.add(subject, "the signer's details differ from those that were signed")
    _check_readable_record(evidence["record"], public, json.loads(plaintext), subject, report)
    if signer_certificate_pem is not None:
        if certificate_sha256(signer_certificate_pem) != installation["seal_certificate_sha256"]:
            report.add(subject, "it is sealed by a certificate that is not its installation's")
        elif not checker.is_valid(
            installation["id"],
            installation["seal_endorsement"],
            endorsement_bytes(installation["id"], installation["seal_certificate_sha256"]),
        ):
            report.add(subject, "its installation did not vouch for the certificate sealing it")
    check_origin(
        installation["id"], installation["public_key"], known_keys, expected, report, subject
    )


def _check_readable_record(
    readable: dict, public: dict, personal: dict, subject: str, report: VerificationReport
) -> None:
    """The human-readable record must say what the signed parts say."""
    signer = readable["signer"]
    expected = {
        "record id": (readable["record_id"], public["record_id"]),
        "name": (signer["full_name"], personal["signer"]["full_name"]),
        "work email": (signer["work_email"], personal["signer"]["work_email"]),
        "employee ID": (signer["employee_id"], personal["signer"]["employee_id"]),
        "department": (signer["department"], public["signer"]["department"]),
        "start date": (signer["start_date"], public["signer"]["start_date"]),
        "agreement": (readable["agreement"]["sha256"], public["agreement"]["sha256"]),
        "audit trail": (readable["audit_trail"], public["audit_trail"]),
    }
    for label, (shown, signed) in expected.items():
        if shown != signed:
            report.add(subject, f"the {label} it shows differs from what was signed")
