"""The post-pass after Qt: one incremental update that finishes the PDF Qt wrote and seals it.

In the one update, read once by pyHanko: the ToUnicode fix (below), the document information
(title, signer, subject, signing time), the attached evidence, and the PAdES seal, whose space
is reserved rather than sized by a dry run. Qt's own bytes stay untouched underneath. A copy that
is not sealed (HR's combined PDF) gets the same finish without the attachment and the seal.

No Qt here: this module only turns bytes into bytes.
"""

from __future__ import annotations

import datetime as dt
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


def finish_and_seal(pdf: bytes, description: Description, attachment: Attachment,
                    identity: SealIdentity, *, reason: str, signed_at: dt.datetime) -> bytes:
    """The finished, sealed PDF: ``pdf`` (as Qt wrote it) with its word gaps read back as
    spaces, ``description`` as its document information, ``attachment`` embedded, and the seal
    over all of it. Raises ``SealError`` if the PDF cannot be finished or sealed."""

    def finish(writer) -> None:
        _space_not_tab_in_fonts(writer)
        _describe(writer, description)
        _attach(writer, attachment)

    return seal_update(pdf, identity, finish, reason=reason, signed_at=signed_at)


def finish(pdf: bytes, description: Description) -> bytes:
    """``pdf`` (as Qt wrote it) with its word gaps read back as spaces and ``description`` as
    its document information, in one incremental update; not sealed, nothing attached.
    Raises ValueError if the PDF cannot be read."""
    import io

    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError

    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        _space_not_tab_in_fonts(writer)
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


def _fonts(writer):
    """(reference, font) for every font the pages use, each once."""
    from pyhanko.pdf_utils.generic import DictionaryObject

    seen = set()
    pending = [writer.root["/Pages"]]
    while pending:
        node = pending.pop()
        if "/Kids" in node:
            pending.extend(kid.get_object() for kid in node["/Kids"])
            continue
        resources = node.get("/Resources", DictionaryObject()).get_object()
        fonts = resources.get("/Font", DictionaryObject()).get_object()
        for name in fonts:
            reference = fonts.raw_get(name)
            key = (reference.idnum, reference.generation)
            if key not in seen:
                seen.add(key)
                yield reference, reference.get_object()


def _space_not_tab_in_fonts(writer) -> None:
    from pyhanko.pdf_utils.generic import StreamObject, pdf_name

    for reference, font in _fonts(writer):
        if "/ToUnicode" not in font:
            continue
        cmap = font["/ToUnicode"].data
        fixed = space_not_tab(cmap)
        if fixed != cmap:
            stream = StreamObject(stream_data=fixed)
            stream.compress()
            font[pdf_name("/ToUnicode")] = writer.add_object(stream)
            writer.mark_update(reference)


def _describe(writer, description: Description) -> None:
    """The document information, in the Info dictionary; Qt's XMP packet goes (it carries the
    time of rendering, not of signing), and pyHanko writes a fresh one as it seals."""
    from pyhanko.pdf_utils.generic import DictionaryObject, pdf_date, pdf_name, pdf_string

    stamp = pdf_date(description.created)
    writer.set_info(DictionaryObject({
        pdf_name("/Title"): pdf_string(description.title),
        pdf_name("/Author"): pdf_string(description.author),
        pdf_name("/Subject"): pdf_string(description.subject),
        pdf_name("/Creator"): pdf_string(description.creator),
        pdf_name("/Producer"): pdf_string(description.producer),
        pdf_name("/CreationDate"): stamp,
        pdf_name("/ModDate"): stamp,
    }))
    if "/Metadata" in writer.root:
        del writer.root["/Metadata"]
        writer.update_root()


def _attach(writer, attachment: Attachment) -> None:
    from pyhanko.pdf_utils import embed

    data = embed.EmbeddedFileObject.from_file_data(
        writer, attachment.data, mime_type=attachment.mime_type
    )
    embed.embed_file(writer, embed.FileSpec(
        file_spec_string=attachment.name, file_name=attachment.name, embedded_data=data,
    ))


def rehearse() -> None:
    """Finish and seal a blank page with a throwaway key: loads pyHanko, asn1crypto and the
    rest, and does their first-use work, so that the first real copy does not wait for it."""
    import io

    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.writer import PdfFileWriter

    from zzsign.pdf.seal import create_seal_identity

    writer = PdfFileWriter()
    writer.insert_page(generic.DictionaryObject({
        generic.pdf_name("/Type"): generic.pdf_name("/Page"),
        generic.pdf_name("/MediaBox"): generic.ArrayObject(
            generic.NumberObject(n) for n in (0, 0, 595, 842)
        ),
        generic.pdf_name("/Resources"): generic.DictionaryObject(),
        generic.pdf_name("/Contents"): writer.add_object(generic.StreamObject(stream_data=b"")),
    }))
    blank = io.BytesIO()
    writer.write(blank)
    now = dt.datetime.now(dt.UTC)
    finish_and_seal(blank.getvalue(), Description("", "", "", "", "", now),
                    Attachment("rehearsal.json", b"{}"),
                    create_seal_identity("rehearsal", now=now), reason="rehearsal",
                    signed_at=now)
