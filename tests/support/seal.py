"""Sealed PDFs without a store: a blank agreement-like PDF, and the byte ranges its seal signs."""

from __future__ import annotations

import datetime as dt
import io
import re

from pypdf import PdfWriter

#: When the test seals are made.
SIGNED_AT = dt.datetime(2025, 3, 4, 5, 6, 7, tzinfo=dt.UTC)
#: The word a seal check uses for a changed document.
CHANGED = "changed"


def blank_pdf(pages: int = 2) -> bytes:
    """A PDF of ``pages`` blank A4 pages, titled as the agreement is."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": "Employee Confidentiality Agreement", "/Author": "ZZ Servers"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def byte_ranges(pdf: bytes) -> list[tuple[int, int]]:
    """The signed ranges (start, end) of the last signature in ``pdf``."""
    matches = list(re.finditer(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", pdf))
    assert matches, "no /ByteRange in the sealed PDF"
    a, b, c, d = (int(g) for g in matches[-1].groups())
    return [(a, a + b), (c, c + d)]


def signed_positions_of(pdf: bytes) -> list[int]:
    """Every byte position the last signature in ``pdf`` covers."""
    positions = [p for start, end in byte_ranges(pdf) for p in range(start, end)]
    (_, first_end), (second_start, _) = byte_ranges(pdf)
    # the gap between the ranges is exactly the /Contents hex string <...>
    assert pdf[first_end : first_end + 1] == b"<"
    assert pdf[second_start - 1 : second_start] == b">"
    return positions
