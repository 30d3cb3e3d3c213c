"""The certificate of completion reads as a document for a lawyer; the paper copy says it is one.

Real records signed through the kiosk's signing service (real chain, real keys, real seal), read
back with pypdf: what a reader of the sealed PDF, or of the printed pages, would notice.
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
import shutil
import subprocess
import unicodedata

import pytest
from pypdf import PdfReader
from support.certificate import sign

from zzsign.domain.record import DeviceInfo

PAPER_NOTICE = "Paper copy — not sealed. The sealed electronic record is kept by ZZ Servers HR"


def flat(text: str) -> str:
    """Whitespace as one space: Qt's raw PDFs (the printer's stand-in) extract spaces as tabs."""
    return " ".join(text.split())


def letters(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if ch.isalpha())


def page_texts(pdf: bytes) -> list[str]:
    return [flat(page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages]


def paper_copy(material) -> bytes:
    """The pages *Print…* sends, painted on a QPdfWriter standing in for the printer."""
    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtGui import QPdfWriter

    from zzsign.services.pdf_copy import paint_copy

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    printer = QPdfWriter(buffer)
    paint_copy(printer, material)
    del printer  # finishes the file
    return bytes(buffer.data())


def test_certificate_reads_as_a_document_for_a_lawyer(material_and_signed_copy):
    from zzsign.security.fingerprints import public_key_fingerprint

    material, pdf = material_and_signed_copy
    record = material.record
    texts = page_texts(pdf)
    certificate = texts[-1]
    assert "Certificate of completion" in certificate
    assert not any("Certificate of completion" in text for text in texts[:-1])  # one page

    # No dump artefacts: no OS account, no bare chain number, no empty "()" after the screen.
    assert not re.search(r"\broot\b", certificate), certificate
    assert "Operating-system user" not in certificate and "OS user" not in certificate
    assert "()" not in certificate
    assert "Chain position" not in certificate
    # ...but the device said plainly, and the chain position explained.
    device = record.device
    assert f"Computer name {device.hostname}" in certificate
    assert "Screen 1920 × 1080 pixels at 1× scale" in certificate
    assert material.link.sequence >= 1
    assert (
        f"Record chain Entry {material.link.sequence} in the signing laptop's chain of "
        "signed entries"
    ) in certificate
    assert "linked by hash to the entry before it" in certificate
    # The disclosure by title and version as well as by hash.
    disclosure = record.disclosure
    assert f"Disclosure shown {disclosure.title}, version {disclosure.version}" in certificate
    assert f"Disclosure hash (SHA-256) {disclosure.sha256}" in certificate
    # The fingerprint on one copyable line, exactly as `zzsign fingerprint` prints it.
    fingerprint = public_key_fingerprint(bytes.fromhex(material.installation_public_key))
    raw = PdfReader(io.BytesIO(pdf)).pages[-1].extract_text()
    assert any(line.split()[-1] == fingerprint for line in raw.splitlines() if line.split())
    # A sealed copy says what is attached and how to check it, and never that it is paper.
    assert "attached to this PDF as zzsign-record.json" in certificate
    assert "run zzsign verify on the PDF file" in certificate
    assert "Paper copy" not in " ".join(texts) and "NOT SEALED" not in " ".join(texts)


def test_certificate_keeps_every_evidence_item(material_and_signed_copy):
    """GUIDE §3's checklist, on the certificate; the OS account stays in the attached record."""
    from zzsign import __version__

    material, pdf = material_and_signed_copy
    record = material.record
    texts = page_texts(pdf)
    certificate = texts[-1]
    signer = record.signer
    for item in (
        record.record_id,
        record.installation_id,
        f"zzsign {__version__}",
        f"{record.agreement.title}, version {record.agreement.version}",
        record.agreement.sha256,
        signer.full_name,
        signer.work_email,
        signer.employee_id,
        signer.department,
        "Start date 1 December 2026",
        f"version {record.disclosure.version}",
        "Consent given",
        "Acknowledged the Third Party Information clause",
        "Acknowledged the agreement as a whole",
        "Drawn by hand on the signature pad",
        "Opened the agreement",
        "Reached the end of the agreement",
        "Signed",
        material.link.entry_sha256,
        material.public.sha256,
        record.device.hostname,
    ):
        assert item in certificate, item
    for entry in record.audit:
        assert entry.at.utc_iso in certificate  # UTC...
        assert entry.at.offset_iso in certificate  # ...and the local offset
    assert record.meaning in " ".join(texts[:-1])  # the meaning, above the signature
    attached = json.loads(PdfReader(io.BytesIO(pdf)).attachments["zzsign-record.json"][0])
    assert attached["record"]["device"]["os_user"] == "root"  # kept, just not shown


@pytest.mark.skipif(
    shutil.which("qpdf") is None, reason="qpdf is not installed (apt-get install qpdf)"
)
def test_sealed_copy_passes_qpdf_check(material_and_signed_copy, tmp_path):
    from zzsign.pdf.seal import check_seal

    material, pdf = material_and_signed_copy
    path = tmp_path / "signed.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        ["qpdf", "--check", str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert check_seal(pdf, material.seal.certificate_pem).ok


def test_paper_copy_says_unsealed_on_every_page_and_claims_no_attachment(material_and_signed_copy):
    material, sealed = material_and_signed_copy
    record = material.record
    paper = paper_copy(material)
    texts = page_texts(paper)
    assert len(texts) == len(page_texts(sealed))  # the same pages, printed
    for number, text in enumerate(texts, start=1):
        assert "PAPER COPY — NOT SEALED" in text, number  # the badge in the header
        assert f"{PAPER_NOTICE}." in text, number  # the footer
        assert record.record_id in text and f"Page {number} of {len(texts)}" in text
    certificate = texts[-1]
    assert "Certificate of completion" in certificate
    assert "This certificate is part of the paper copy above." in certificate
    assert f"{PAPER_NOTICE} (record ID {record.record_id})." in certificate
    everything = " ".join(texts)
    for claim in ("attach", "zzsign-record.json", "zzsign verify", "SIGNED COPY"):
        assert claim not in everything, claim
    assert not PdfReader(io.BytesIO(paper)).attachments
    # The evidence itself is the same as on the sealed copy.
    assert material.link.entry_sha256 in certificate and record.agreement.sha256 in certificate


def test_section_headings_have_room_above(qapp):
    from PySide6.QtCore import QBuffer, QIODevice, QSizeF
    from PySide6.QtGui import QPdfWriter
    from support.pdf import facts_for, make_record

    from zzsign.drawing.certificate import certificate_document
    from zzsign.drawing.paper import DPI

    record = make_record("Zoë Ñúñez-O'Brien", "drawn")
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(DPI)
    document = certificate_document(record, facts_for(record), writer, QSizeF(1960, 2900))
    layout = document.documentLayout()
    titles = [
        "Document",
        "Signer",
        "Consent to electronic records",
        "Audit trail",
        "Computer used",
        "Integrity",
    ]
    gaps = {}
    block, above = document.begin(), None
    while block.isValid():
        if block.text() in titles:
            gap = layout.blockBoundingRect(block).top() - layout.blockBoundingRect(above).bottom()
            gaps[block.text()] = gap * 72 / DPI  # in points
        if block.text():
            above = block
        block = block.next()
    assert list(gaps) == titles
    assert all(gap >= 8 for gap in gaps.values()), gaps


LONG_NAME = (
    "Maximiliana Alexandra Konstantina von Hohenzollern-Sigmaringen-Wittelsbach de la "
    "Cruz y Montenegro-Fitzgerald Oyelaran-Adebayo Nakamura-Abernathy"
)


@pytest.mark.parametrize(
    ("name", "typed"),
    [(LONG_NAME, True), ("محمد عبد الرحمن الحسيني", True), ("שרה בת אברהם כהן", False)],
)
def test_long_and_right_to_left_names_keep_a_one_page_certificate(qapp, name, typed):
    from support.pdf import make_record, render

    record = make_record(name, "typed" if typed else "drawn")
    long_details = dataclasses.replace(
        record.signer,
        department="Security and Compliance — Europe, Middle East and Africa",
        work_email="maximiliana.alexandra.hohenzollern-sigmaringen@onboarding.zzservers.com",
    )
    record = dataclasses.replace(
        record,
        signer=long_details,
        device=DeviceInfo(
            "kiosk-lobby-01", "kiosk", "Windows-11-10.0.22631-SP0", "1366x768 at 1.25x (DISPLAY1)"
        ),
    )
    texts = page_texts(render(record))
    certificate = texts[-1]
    assert [i for i, text in enumerate(texts) if "Certificate of completion" in text] == [
        len(texts) - 1
    ]
    for word in name.split():  # right-to-left words may extract in visual order
        assert letters(word) in letters(certificate) or letters(word)[::-1] in letters(certificate)
    assert "Operating system Windows 11 (build 10.0.22631)" in certificate
    assert "Screen 1366 × 768 pixels at 1.25× scale, display DISPLAY1" in certificate


@pytest.mark.parametrize(
    ("recorded", "shown"),
    [
        ("Linux-6.8.0-45-generic-x86_64-with-glibc2.39", "Linux 6.8.0-45-generic (x86_64)"),
        ("Windows-10-10.0.19045-SP0", "Windows 10 (build 10.0.19045)"),
        ("macOS-14.2.1-arm64-arm-64bit", "macOS 14.2.1 (arm64)"),
        ("demo", "demo"),
    ],
)
def test_operating_system_is_written_as_people_write_it(recorded, shown):
    from zzsign.drawing.certificate import plain_operating_system

    assert plain_operating_system(recorded) == shown


@pytest.mark.parametrize(
    ("recorded", "shown"),
    [
        ("1920x1080 at 1x ()", "1920 × 1080 pixels at 1× scale"),
        ("2560x1600 at 2x (eDP-1)", "2560 × 1600 pixels at 2× scale, display eDP-1"),
        ("1920x1080 at 1x", "1920 × 1080 pixels at 1× scale"),
        ("unknown", "unknown"),
    ],
)
def test_screen_is_written_without_an_empty_name(recorded, shown):
    from zzsign.drawing.certificate import plain_screen

    assert plain_screen(recorded) == shown


@pytest.mark.parametrize(
    ("record_format", "says", "never"),
    [
        (
            2,
            "The signing is one entry in the signing laptop's chain: the record it signs holds the "
            "whole audit trail above",
            "each step of its audit trail",
        ),
        (
            1,
            "The record and each step of its audit trail are entries in the signing laptop's chain",
            "is one entry",
        ),
    ],
)
def test_certificate_says_how_each_record_format_sits_in_the_chain(
    qapp, record_format, says, never
):
    """Format 1 wrote an entry per audit step; format 2 one entry whose record holds the trail."""
    from support.pdf import make_record, render

    record = dataclasses.replace(
        make_record("Zoë Ñúñez-O'Brien", "drawn"), record_format=record_format
    )
    certificate = page_texts(render(record))[-1]
    assert says in certificate
    assert never not in certificate
    assert "linked by hash to the entry before it" in certificate


def test_combined_export_says_unsealed_on_every_page_and_claims_no_attachment(
    material_and_signed_copy, service, tmp_path
):
    """HR's combined PDF keeps no seal or attachment, so each copy in it says so (as paper does)."""
    from zzsign.pdf.seal import check_seal
    from zzsign.services.export.merged_pdf import merge_signed_copies
    from zzsign.services.pdf_copy import make_export_copy

    first, sealed = material_and_signed_copy
    second = sign(service, "Ана Руиз", typed=True)
    merge_signed_copies(
        [(make_export_copy(m), m.record.signer.full_name) for m in (first, second)],
        tmp_path / "records.pdf",
    )
    pdf = (tmp_path / "records.pdf").read_bytes()
    texts = page_texts(pdf)
    per_copy = len(page_texts(sealed))
    assert len(texts) >= 2 * per_copy - 1
    notice = "Copy from a combined HR export — not sealed. The sealed electronic record is kept by"
    for number, text in enumerate(texts, start=1):
        assert "HR EXPORT — NOT SEALED" in text, number
        assert notice in text, number
    certificates = [text for text in texts if "Certificate of completion" in text]
    assert len(certificates) == 2
    for material, certificate in zip((first, second), certificates, strict=True):
        assert "This certificate is part of the exported copy above." in certificate
        assert f"(record ID {material.record.record_id})." in certificate
        assert material.record.signer.full_name in certificate  # read back with its spaces
    everything = " ".join(texts)
    for claim in ("attach", "zzsign-record.json", "zzsign verify", "SIGNED COPY", "Paper copy"):
        assert claim not in everything, claim
    assert not PdfReader(io.BytesIO(pdf)).attachments
    assert not check_seal(pdf).sealed


def test_values_and_audit_times_line_up_in_their_columns(qapp):
    """Each value starts at the value column, its wrapped lines too; every UTC time of the
    audit trail starts under the "UTC" heading."""
    from PySide6.QtCore import QBuffer, QIODevice, QSizeF
    from PySide6.QtGui import QPdfWriter
    from support.pdf import facts_for, make_record

    from zzsign.drawing.certificate import VALUE_COLUMN, certificate_document
    from zzsign.drawing.paper import DPI

    record = make_record("Zoë Ñúñez-O'Brien", "drawn")
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(DPI)
    page = QSizeF(1960, 2900)
    document = certificate_document(record, facts_for(record), writer, page)

    def x_of(block, position: int) -> float:
        """Where the character at ``position`` in ``block`` starts, across the page."""
        line = block.layout().lineForTextPosition(position)
        x = line.cursorToX(position)
        return (x[0] if isinstance(x, tuple) else x) + block.layout().position().x()

    value_starts, wrapped_starts, utc_starts = [], [], []
    block = document.begin()
    while block.isValid():
        text = block.text()
        label, tab, _ = text.partition("\t")
        if tab and label in ("Record ID", "Signature", "Consent given", "Record hash (SHA-256)"):
            value_starts.append(x_of(block, len(label) + 1))
            layout = block.layout()
            wrapped_starts += [
                layout.lineAt(i).x() + layout.position().x() for i in range(1, layout.lineCount())
            ]
        elif tab and (label == "Local time" or label[:2] == "20"):
            utc_starts.append(x_of(block, len(label) + 1))
        block = block.next()
    assert len(value_starts) == 4 and len(wrapped_starts) >= 2  # "Signature" wraps
    for x in value_starts + wrapped_starts:
        assert x == pytest.approx(page.width() * VALUE_COLUMN, abs=1)
    assert len(utc_starts) == 1 + len(record.audit)
    assert max(utc_starts) - min(utc_starts) < 1
