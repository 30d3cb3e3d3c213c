"""The post-pass after Qt: one incremental update that finishes the PDF Qt wrote and seals it.

First the ToUnicode fix (:func:`space_not_tab_in_pdf`), made in Qt's own bytes: same-length
edits inside its (uncompressed) ToUnicode CMaps, so every offset Qt wrote stays right. Then one
incremental update, read once by pyHanko: the document information (title, signer, subject,
signing time), the attached evidence, and the PAdES seal, whose space is reserved rather than
sized by a dry run. A copy that is not sealed (HR's combined PDF) gets the same finish without
the attachment and the seal.

No Qt here: this module only turns bytes into bytes.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from zzsign.pdf.seal import SealIdentity, seal_update

_TAB = b"<0009>"
_SPACE = b"<0020>"


@dataclass(frozen=True)
class Description:
    """What the PDF says about itself in its document information."""

    title: str
    author: str
    subject: str
    creator: str  # the application that made the content
    producer: str  # the software that wrote the PDF (pyHanko adds itself)
    created: dt.datetime  # timezone-aware: written in this offset


@dataclass(frozen=True)
class Attachment:
    """A file carried inside the PDF."""

    name: str
    data: bytes
    mime_type: str = "application/json"


def finish_and_seal(
    pdf: bytes,
    description: Description,
    attachment: Attachment,
    identity: SealIdentity,
    *,
    reason: str,
    signed_at: dt.datetime,
) -> bytes:
    """The finished, sealed PDF: ``pdf`` (as Qt wrote it) with its word gaps read back as
    spaces, ``description`` as its document information, ``attachment`` embedded, and the seal
    over all of it. Raises ``SealError`` if the PDF cannot be finished or sealed."""

    def finish(writer) -> None:
        _describe(writer, description)
        _attach(writer, attachment)

    return seal_update(
        space_not_tab_in_pdf(pdf), identity, finish, reason=reason, signed_at=signed_at
    )


def finish(pdf: bytes, description: Description) -> bytes:
    """``pdf`` (as Qt wrote it) with its word gaps read back as spaces and ``description`` as
    its document information, in one incremental update; not sealed, nothing attached.
    Raises ValueError if the PDF cannot be read."""
    import io

    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError

    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(space_not_tab_in_pdf(pdf)), strict=False)
        _describe(writer, description)
        output = io.BytesIO()
        writer.write(output)
    except (PdfError, KeyError, TypeError) as exc:
        raise ValueError(f"the PDF could not be finished: {exc}") from exc
    return output.getvalue()


def space_not_tab(cmap: bytes) -> bytes:
    """Map the space glyph back to U+0020 in a ToUnicode CMap.

    Fonts such as DejaVu Sans draw TAB and SPACE with one glyph, and Qt's reverse mapping picks
    TAB, so extractors would read every word gap as a tab. zzsign never draws tabs.
    """
    lines = []
    for line in cmap.split(b"\n"):
        if _TAB in line:
            if b"[" in line:  # <first> <last> [<dst> <dst> ...]
                head, _, array = line.partition(b"[")
                line = head + b"[" + array.replace(_TAB, _SPACE)
            else:  # bfchar "<src> <dst>" or bfrange "<first> <last> <dst>": the last is <dst>
                parts = line.split(b" ")
                if len(parts) >= 2 and parts[-1] == _TAB:
                    line = b" ".join([*parts[:-1], _SPACE])
        lines.append(line)
    return b"\n".join(lines)


#: A font's ToUnicode CMap, by object number.
_TO_UNICODE = re.compile(rb"/ToUnicode\s+(\d+)\s+0\s+R")
#: The start of an object holding a stream of known length, as Qt writes it.
_STREAM_OBJECT = re.compile(rb"(\d+)\s+0\s+obj\s*<<\s*/Length\s+(\d+)\s*>>\s*stream\r?\n")
_START_XREF = re.compile(rb"startxref\s+(\d+)\s*%%EOF\s*$")
_XREF_SECTION = re.compile(rb"(\d+) (\d+)\s*\n")


def space_not_tab_in_pdf(pdf: bytes) -> bytes:
    """``pdf`` as Qt wrote it, with :func:`space_not_tab` applied to the body (``begincmap`` to
    ``endcmap``) of every font's ToUnicode CMap, found through the cross-reference table.

    The edits keep every length, so the offsets in Qt's cross-reference table stay right. A
    CMap that is compressed or not where the table says is left as it is.
    """
    sections = _xref_sections(pdf)
    fixed = bytearray(pdf)
    for number in {int(match[1]) for match in _TO_UNICODE.finditer(pdf)}:
        offset = _offset(pdf, sections, number)
        stream = _STREAM_OBJECT.match(pdf, offset) if offset is not None else None
        if stream is None or int(stream[1]) != number:
            continue
        end = stream.end() + int(stream[2])
        body_start = pdf.find(b"begincmap", stream.end(), end)
        body_end = pdf.find(b"endcmap", body_start, end)
        if body_start < 0 or body_end < 0:
            continue
        body = space_not_tab(pdf[body_start:body_end])
        if len(body) == body_end - body_start:  # always: the edits keep every length
            fixed[body_start:body_end] = body
    return bytes(fixed)


def _xref_sections(pdf: bytes) -> list[tuple[int, int, int]]:
    """(first object number, count, where its entries start) of each subsection of the classic
    cross-reference table that ends a PDF as Qt writes it; none if there is no such table."""
    start = _START_XREF.search(pdf, max(0, len(pdf) - 64))
    if start is None or not pdf.startswith(b"xref", int(start[1])):
        return []
    sections = []
    position = pdf.index(b"\n", int(start[1])) + 1
    while section := _XREF_SECTION.match(pdf, position):
        first, count = int(section[1]), int(section[2])
        sections.append((first, count, section.end()))
        position = section.end() + 20 * count  # "oooooooooo ggggg n \n": 20 bytes an entry
    return sections


def _offset(pdf: bytes, sections: list[tuple[int, int, int]], number: int) -> int | None:
    """Where object ``number`` starts, by the cross-reference ``sections``; None if it is not
    in use there."""
    for first, count, entries in sections:
        if first <= number < first + count:
            entry = pdf[entries + 20 * (number - first) : entries + 20 * (number - first + 1)]
            return int(entry[:10]) if entry[17:18] == b"n" and entry[:10].isdigit() else None
    return None


def _describe(writer, description: Description) -> None:
    """The document information, in the Info dictionary; Qt's XMP packet goes (it carries the
    time of rendering, not of signing), and pyHanko writes a fresh one as it seals."""
    from pyhanko.pdf_utils.generic import DictionaryObject, pdf_date, pdf_name, pdf_string

    stamp = pdf_date(description.created)
    writer.set_info(
        DictionaryObject(
            {
                pdf_name("/Title"): pdf_string(description.title),
                pdf_name("/Author"): pdf_string(description.author),
                pdf_name("/Subject"): pdf_string(description.subject),
                pdf_name("/Creator"): pdf_string(description.creator),
                pdf_name("/Producer"): pdf_string(description.producer),
                pdf_name("/CreationDate"): stamp,
                pdf_name("/ModDate"): stamp,
            }
        )
    )
    if "/Metadata" in writer.root:
        del writer.root["/Metadata"]
        writer.update_root()


def _attach(writer, attachment: Attachment) -> None:
    from pyhanko.pdf_utils import embed

    data = embed.EmbeddedFileObject.from_file_data(
        writer, attachment.data, mime_type=attachment.mime_type
    )
    embed.embed_file(
        writer,
        embed.FileSpec(
            file_spec_string=attachment.name,
            file_name=attachment.name,
            embedded_data=data,
        ),
    )


def rehearse() -> None:
    """Finish and seal a blank page with a throwaway key: loads pyHanko, asn1crypto and the
    rest, and does their first-use work, so that the first real copy does not wait for it."""
    import io

    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.writer import PdfFileWriter

    from zzsign.pdf.seal import create_seal_identity

    writer = PdfFileWriter()
    writer.insert_page(
        generic.DictionaryObject(
            {
                generic.pdf_name("/Type"): generic.pdf_name("/Page"),
                generic.pdf_name("/MediaBox"): generic.ArrayObject(
                    generic.NumberObject(n) for n in (0, 0, 595, 842)
                ),
                generic.pdf_name("/Resources"): generic.DictionaryObject(),
                generic.pdf_name("/Contents"): writer.add_object(
                    generic.StreamObject(stream_data=b"")
                ),
            }
        )
    )
    blank = io.BytesIO()
    writer.write(blank)
    now = dt.datetime.now(dt.UTC)
    finish_and_seal(
        blank.getvalue(),
        Description("", "", "", "", "", now),
        Attachment("rehearsal.json", b"{}"),
        create_seal_identity("rehearsal", now=now),
        reason="rehearsal",
        signed_at=now,
    )
