"""Signed copies without a store: a record built through the kiosk's session, rendered and sealed
as the kiosk does; a PDF's text read back, and ``qpdf --check`` on it."""

from __future__ import annotations

import functools
import io
import math
import shutil
import subprocess
import unicodedata
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from support.store import walk_to_signature
from zzsign.domain.canonical import canonical_json
from zzsign.domain.clock import Timestamp
from zzsign.domain.documents import Agreement, VersionedDocument, latest, load_documents
from zzsign.domain.record import DeviceInfo, SignedRecord, SigningSession, Step
from zzsign.domain.signature import DrawnSignature, TypedSignature
from zzsign.domain.signer import SignerDetails
from zzsign.resources import RESOURCES_DIR


def make_record(name: str, kind: str) -> SignedRecord:
    """A real record, built through the session the kiosk uses."""
    agreement = latest(load_documents(RESOURCES_DIR / "agreements", Agreement))
    disclosure = latest(load_documents(RESOURCES_DIR / "disclosures", VersionedDocument))
    start = datetime(2026, 11, 25, 13, 4, 26, 123456, tzinfo=UTC)
    ticks = iter(range(1, 100))

    def clock() -> Timestamp:
        return Timestamp(start + timedelta(seconds=13 * next(ticks)), -300)

    session = SigningSession(agreement=agreement, disclosure=disclosure)
    session.mark(Step.OPENED, clock())
    session.signer = SignerDetails(
        name,
        "new.hire@zzservers.com",
        "E-7" if kind == "drawn" else None,
        "Finance",
        date(2026, 12, 1),
    )
    walk_to_signature(session, clock)
    if kind == "drawn":
        strokes = (
            tuple((20 + i * 10, int(110 + 45 * math.sin(i / 2.5)), i * 16) for i in range(50)),
            tuple((140 + i * 8, int(70 + i * 3), 1000 + i * 16) for i in range(25)),
        )
        session.signature = DrawnSignature(strokes, 600, 200, b"\x89PNG not used")
    else:
        session.signature = TypedSignature(
            name, "Dancing Script", "DancingScript-Regular.otf", b"\x89PNG not used"
        )
    session.mark(Step.SIGNATURE_ADOPTED, clock())
    return session.complete(
        signed_at=clock(),
        installation_id="3f1c2a9e-7b4d-4c1e-9a55-0d2e8f6b7c31",
        app_version="0.1.0",
        device=DeviceInfo("kiosk-lobby-01", "kiosk", "Linux-6.8-x86_64", "1920x1080 at 1x"),
    )


def facts_for(record: SignedRecord):
    """The certificate page's facts for ``record``, as the store would give them."""
    from zzsign.drawing.certificate import CertificateFacts

    return CertificateFacts(
        record_sha256="a1" * 32,
        chain_position=17,
        chain_entry_sha256="c3" * 32,
        installation_public_key="5e" * 32,
        attachment_json=canonical_json(record.evidence()),
    )


@functools.cache
def seal_identity():
    """One sealing identity for every copy rendered here (as an installation has one)."""
    from zzsign.pdf.seal import create_seal_identity

    return create_seal_identity("3f1c2a9e-7b4d-4c1e-9a55-0d2e8f6b7c31")


def render(record: SignedRecord) -> bytes:
    """The sealed copy of ``record``, made as the kiosk makes it."""
    from zzsign.services.pdf_copy import render_signed_copy

    return render_signed_copy(record, facts_for(record), seal_identity())


def page_texts(pdf: bytes) -> list[str]:
    """The text of each page of ``pdf``, as pypdf extracts it."""
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def letters(text: str) -> str:
    """The letters of ``text``, compatibility-normalised (Arabic presentation forms → letters)."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if ch.isalpha())


def qpdf_check(path: Path) -> None:
    """``qpdf --check`` finds nothing wrong with the PDF at ``path``."""
    if shutil.which("qpdf") is None:
        pytest.skip("qpdf is not installed (apt-get install qpdf)")
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
