"""The signed agreement's pages in order: the agreement, the signature block (on a page of its
own if it does not fit under the text), the certificate of completion; header and footer on each.

Painted on a QPdfWriter for the signed copy, or for any other kind of copy (``CopyKind``): the
paper copy *Print…* sends to a QPrinter, or HR's combined export, whose every page says it is not
sealed and whose certificate claims no attachment.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QIODevice, QRectF
from PySide6.QtGui import QPagedPaintDevice, QPainter, QPdfWriter

from zzsign import __version__
from zzsign.domain.record import SignedRecord
from zzsign.drawing.certificate import CertificateFacts, certificate_document
from zzsign.drawing.fonts import paper_font
from zzsign.drawing.furniture import paint_furniture
from zzsign.drawing.layout import agreement_document, paint_document_page, used_height_on_last_page
from zzsign.drawing.paper import MUTED, mm, set_up_page
from zzsign.drawing.signature_block import SignatureBlock
from zzsign.drawing.text import draw_text
from zzsign.drawing.wording import PDF_TITLE, SIGNED_COPY, CopyKind
from zzsign.interface_language import translate

NOTE_POINT_SIZE = 8.5


def paint_signed_agreement(
    device: QPagedPaintDevice,
    record: SignedRecord,
    facts: CertificateFacts,
    *,
    kind: CopyKind = SIGNED_COPY,
) -> None:
    """Lay out and paint every page of a copy of ``kind`` on ``device``: a PDF writer, or a
    printer for *Print…*. Raises RuntimeError if the device refuses to be painted on.

    Worded in the interface's language in force (``zzsign.interface_language``; English where
    none is installed, as on the command line); the agreement is painted as HR published it.
    """
    page = set_up_page(device)
    content = page.content
    agreement = agreement_document(record.agreement.text, device, page.content.size())
    certificate = certificate_document(record, facts, device, page.content.size(), kind=kind)
    block = SignatureBlock(record, content.width(), device)

    agreement_pages = agreement.pageCount()
    used = used_height_on_last_page(agreement, content.height())
    gap = mm(8)
    block_on_new_page = used + gap + block.height > content.height()
    total = agreement_pages + int(block_on_new_page) + certificate.pageCount()

    painter = QPainter()
    if not painter.begin(device):
        raise RuntimeError("Could not start painting the signed agreement.")
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        number = 0

        def new_page() -> None:
            nonlocal number
            if number:
                device.newPage()
            number += 1
            paint_furniture(painter, record, page.sheet, number, total, kind=kind)

        for index in range(agreement_pages):
            new_page()
            paint_document_page(painter, agreement, index, content)
        if block_on_new_page:
            new_page()
            note = translate(
                "SignedCopy",
                "This signature page completes the ZZ Servers {title}, version {version}, set "
                "out on pages 1–{last_page}.",
            ).format(
                title=record.agreement.title,
                version=record.agreement.version,
                last_page=agreement_pages,
            )
            note_font = paper_font(NOTE_POINT_SIZE)
            note_h = block.text_height(note_font, note, content.width())
            draw_text(
                painter,
                QRectF(content.left(), content.top(), content.width(), note_h + 1),
                note,
                note_font,
                MUTED,
            )
            block.paint(painter, content.left(), content.top() + note_h + mm(6))
        else:
            block.paint(painter, content.left(), content.top() + used + gap)
        for index in range(certificate.pageCount()):
            new_page()
            paint_document_page(painter, certificate, index, content)
    finally:
        painter.end()


def render_pdf(
    record: SignedRecord, facts: CertificateFacts, *, kind: CopyKind = SIGNED_COPY
) -> bytes:
    """A copy of ``kind`` as Qt writes it: every page, titled; not yet finished or sealed
    (``zzsign.pdf.finish`` attaches the evidence, completes the metadata and seals)."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(PDF_TITLE)
    writer.setCreator(f"zzsign {__version__}")
    paint_signed_agreement(writer, record, facts, kind=kind)
    data = bytes(buffer.data().data())
    buffer.close()
    return data
