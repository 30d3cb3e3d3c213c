"""The signed agreement PDF: pages, certificate, attachment, metadata, fonts, any script."""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import subprocess

import pytest
from support.pdf import facts_for, letters, make_record, page_texts, render

from zzsign.domain.canonical import canonical_json
from zzsign.domain.documents import Agreement
from zzsign.domain.record import SignedRecord

pypdf = pytest.importorskip("pypdf")

NAMES = [
    ("Zoë Ñúñez-O'Brien", "drawn"),
    ("Ольга Петрова", "typed"),
    ("Σοφία Παπαδοπούλου", "drawn"),
    ("محمد الحسيني", "typed"),
    ("שרה כהן", "drawn"),
    ("王小明", "typed"),
]
RTL = {"محمد الحسيني", "שרה כהן"}
CLAUSE_START = "Third Party Information. I recognize"


def get_pdf(qapp, cache: dict, name: str, kind: str) -> tuple[SignedRecord, bytes]:
    if name not in cache:
        record = make_record(name, kind)
        cache[name] = (record, render(record))
    return cache[name]


@pytest.mark.parametrize(("name", "kind"), NAMES)
def test_pdf_holds_agreement_signature_and_certificate(
    qapp, rendered_copies_by_test_name, name, kind
):
    record, pdf = get_pdf(qapp, rendered_copies_by_test_name, name, kind)
    texts = page_texts(pdf)
    assert len(texts) >= 2
    everything = "\n".join(texts)
    flat = " ".join(everything.split())
    assert CLAUSE_START in flat
    assert record.meaning in flat
    assert "Page 1 of" in texts[0] and f"Page {len(texts)} of {len(texts)}" in texts[-1]
    assert all(record.record_id in text for text in texts)  # the footer, on every page

    last = texts[-1]
    assert "Certificate of completion" in last
    assert record.record_id in last
    assert record.agreement.sha256 in last.replace("\n", "")
    assert "a1" * 32 in last.replace("\n", "") and "c3" * 32 in last.replace("\n", "")

    if name in RTL:
        # Extraction of right-to-left text may come back in visual order: every letter is there.
        for fragment in name.split():
            assert letters(fragment) in letters(last) or letters(fragment)[::-1] in letters(last)
    else:
        assert name in last
        # The signature block (before the certificate) prints the name as typed too.
        assert name in "\n".join(texts[:-1])


def test_each_version_of_the_agreement_is_laid_out_from_its_own_text(
    qapp, rendered_copies_by_test_name
):
    """The agreement's layout is kept between copies: a copy of the same version shows the same
    pages; a copy of another version shows that version's words, never the kept ones."""
    import dataclasses

    record, pdf = get_pdf(qapp, rendered_copies_by_test_name, *NAMES[0])
    again = render(record)
    assert page_texts(again)[:2] == page_texts(pdf)[:2]
    agreement = record.agreement
    text = agreement.text.replace("## ", "## Amended: ", 1)
    assert text != agreement.text
    amended = Agreement.from_text(agreement.version + 1, agreement.title, text)
    newer = " ".join(
        " ".join(page_texts(render(dataclasses.replace(record, agreement=amended)))).split()
    )
    assert "Amended: " in newer and f"version {amended.version}" in newer
    assert "Amended: " not in " ".join(page_texts(render(record)))


def test_signature_block_states_when_with_time_zone(qapp, rendered_copies_by_test_name):
    record, pdf = get_pdf(qapp, rendered_copies_by_test_name, *NAMES[0])
    flat = " ".join("\n".join(page_texts(pdf)).split())
    assert "Signed on 25 November 2026, 08:06:10 (UTC-05:00)" in flat
    assert record.signed_at.utc_iso in flat


def test_attachment_round_trips_and_metadata_is_set(qapp, rendered_copies_by_test_name):
    record, pdf = get_pdf(qapp, rendered_copies_by_test_name, *NAMES[1])
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert reader.attachments["zzsign-record.json"] == [canonical_json(record.evidence())]
    meta = reader.metadata
    assert meta.title == "Employee Confidentiality Agreement — signed copy"
    assert meta.author == record.signer.full_name
    assert record.record_id in meta.subject and "version 1" in meta.subject
    assert meta.creator.startswith("zzsign ")
    assert meta["/CreationDate"] == "D:20261125080610-05'00'"
    assert meta.creation_date == record.signed_at.utc.replace(microsecond=0)


@pytest.mark.skipif(
    shutil.which("qpdf") is None, reason="qpdf is not installed (apt-get install qpdf)"
)
@pytest.mark.parametrize(("name", "kind"), [NAMES[0], NAMES[3], NAMES[5]])
def test_qpdf_check_passes(qapp, rendered_copies_by_test_name, tmp_path, name, kind):
    _, pdf = get_pdf(qapp, rendered_copies_by_test_name, name, kind)
    path = tmp_path / "signed.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        ["qpdf", "--check", str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(
    shutil.which("pdffonts") is None,
    reason="pdffonts is not installed (apt-get install poppler-utils)",
)
@pytest.mark.parametrize(("name", "kind"), NAMES)
def test_every_font_is_embedded(qapp, rendered_copies_by_test_name, tmp_path, name, kind):
    _, pdf = get_pdf(qapp, rendered_copies_by_test_name, name, kind)
    path = tmp_path / "signed.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = [line for line in out.splitlines()[2:] if line.strip()]
    assert rows, out
    for row in rows:
        # columns: name type encoding emb sub uni object ID — read from the right.
        emb = row.split()[-5]
        assert emb == "yes", row


def test_clause_is_shaded_on_its_page(qapp, rendered_copies_by_test_name):
    """The clause's page paints the #fff4cc shading the screen uses; no other page does."""
    _, pdf = get_pdf(qapp, rendered_copies_by_test_name, *NAMES[0])
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    shaded = []
    for index, page in enumerate(reader.pages):
        content = page.get_contents().get_data().decode("latin-1")
        if re.search(r"(?<![\d.])1 0\.9568\d* 0\.8\d* (rg|sc|scn)\b", content):
            shaded.append(index)
    clause_pages = [
        i for i, text in enumerate(page_texts(pdf)) if CLAUSE_START in " ".join(text.split())
    ]
    assert shaded == clause_pages


def test_typed_signature_is_vector_text_in_the_handwriting_font(
    qapp, rendered_copies_by_test_name, tmp_path
):
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts is not installed (apt-get install poppler-utils)")
    # A Latin name: the bundled handwriting font has no Cyrillic, CJK, ... (those fall back).
    pdf = render(make_record("Zoë Ñúñez-O'Brien", "typed"))
    path = tmp_path / "signed.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "DancingScript" in out
    without = render(make_record("Zoë Ñúñez-O'Brien", "drawn"))
    path.write_bytes(without)
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "DancingScript" not in out


def test_certificate_prints_the_installation_fingerprint_on_one_line(
    qapp, rendered_copies_by_test_name
):
    """``SHA256:`` and 64 hex digits, alone on its line, as ``zzsign fingerprint`` prints it."""
    _, pdf = get_pdf(qapp, rendered_copies_by_test_name, *NAMES[0])
    last = pypdf.PdfReader(io.BytesIO(pdf)).pages[-1].extract_text()
    printed = [line.split()[-1] for line in last.splitlines() if "SHA256:" in line]
    assert printed == ["SHA256:" + hashlib.sha256(bytes.fromhex("5e" * 32)).hexdigest()]


def test_warm_up_runs_once_in_the_background_and_a_failure_only_logs(monkeypatch, caplog):
    from zzsign.pdf import finish
    from zzsign.services import pdf_copy

    monkeypatch.setattr(pdf_copy, "_warm_up_thread", None)
    rehearsed = []
    monkeypatch.setattr(finish, "rehearse", lambda: rehearsed.append(True))
    thread = pdf_copy.warm_up()
    assert pdf_copy.warm_up() is thread and thread.daemon
    thread.join(timeout=30)
    assert rehearsed == [True]

    def broken() -> None:
        raise RuntimeError("no PDF library today")

    monkeypatch.setattr(pdf_copy, "_warm_up_thread", None)
    monkeypatch.setattr(finish, "rehearse", broken)
    pdf_copy.warm_up().join(timeout=30)
    assert "Warming up the PDF libraries failed: RuntimeError" in caplog.text
    assert "no PDF library today" not in caplog.text


def test_a_rehearsal_seals_a_blank_page():
    from zzsign.pdf.finish import rehearse

    rehearse()  # raises if any part of the post-pass cannot run


def test_word_gaps_read_back_as_spaces_by_editing_only_the_tounicode_cmaps(qapp):
    """Qt's own bytes: DejaVu Sans draws TAB and SPACE with one glyph and Qt maps it back to
    TAB. The fix swaps it to SPACE inside the ToUnicode CMaps only, keeping every length (so
    Qt's cross-reference offsets stay right), before the one pyHanko pass."""
    from zzsign.drawing.signed_agreement import render_pdf
    from zzsign.pdf.finish import space_not_tab_in_pdf

    record = make_record("Zoë Ñúñez-O'Brien", "drawn")
    raw = render_pdf(record, facts_for(record))
    fixed = space_not_tab_in_pdf(raw)

    assert "\t" in "".join(page_texts(raw))  # what Qt alone gives
    texts = page_texts(fixed)
    assert "\t" not in "".join(texts)
    assert "Page 1 of" in texts[0] and "Certificate of completion" in texts[-1]
    assert len(fixed) == len(raw)
    cmaps = [(m.start(), m.end()) for m in re.finditer(rb"begincmap.*?endcmap", raw, re.S)]
    changed = [i for i, (a, b) in enumerate(zip(raw, fixed, strict=True)) if a != b]
    assert changed and all(any(s <= i < e for s, e in cmaps) for i in changed)
    assert pypdf.PdfReader(io.BytesIO(fixed), strict=True).pages  # the xref still holds


def test_a_typed_name_too_long_for_one_line_is_signed_whole(qapp):
    """The longest name the form takes (200 characters) is written whole above the signature
    line, on several lines in the handwriting font — not one line running past the column's
    edge, where the page cuts it off."""
    name = ("Wolfeschlegelsteinhausenbergerdorff Oyelaran-Adebayo " * 4)[:200].strip()
    page = pypdf.PdfReader(io.BytesIO(render(make_record(name, "typed")))).pages[-2]
    handwriting: list[tuple[float, str]] = []

    def keep_handwriting(text, cm, tm, font, size):
        if font is not None and "DancingScript" in str(font.get("/BaseFont", "")) and text.strip():
            handwriting.append((round(tm[5] * cm[3] + cm[5], 1), text))

    page.extract_text(visitor_text=keep_handwriting)
    assert letters("".join(text for _, text in handwriting)) == letters(name)
    assert len({baseline for baseline, _ in handwriting}) >= 3
