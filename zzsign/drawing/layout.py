"""The agreement laid out for the page: its exact Markdown as on screen, with page breaks that
keep headings with their text, the shaded clause whole, and no line alone at a page's edge."""

from __future__ import annotations

import functools

from PySide6.QtCore import QBuffer, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QPagedPaintDevice,
    QPainter,
    QPdfWriter,
    QTextBlock,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextOption,
)

from zzsign.drawing.agreement_look import frame_clause, scale_headings
from zzsign.drawing.fonts import paper_font
from zzsign.drawing.paper import ACCENT, css

BODY_POINT_SIZE = 10.0
#: As on screen (zzsign.views.documents): Markdown headings at a size that suits a titled page.
HEADING_SIZE_ADJUSTMENT = {1: 2, 2: 0, 3: 0}


def base_document(device: QPagedPaintDevice, page: QSizeF) -> QTextDocument:
    """An empty document laid out for ``page`` on ``device`` in the body type."""
    document = QTextDocument()
    document.documentLayout().setPaintDevice(device)
    document.setDocumentMargin(0)
    document.setDefaultFont(paper_font(BODY_POINT_SIZE))
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    document.setDefaultTextOption(option)
    document.setPageSize(page)
    return document


def agreement_document(text: str, device: QPagedPaintDevice, page: QSizeF) -> QTextDocument:
    """The agreement's exact Markdown ``text``, laid out and paginated for ``page`` at
    ``device``'s resolution; paint it, never change it.

    Laid out once per text, page size and resolution (every copy of a version has the same
    pages; HR's export makes many), on a PDF writer of its own at that resolution, kept with it.
    """
    return _laid_out(text, page.width(), page.height(), device.logicalDpiY())[-1]


@functools.lru_cache(maxsize=4)
def _laid_out(
    text: str, width: float, height: float, dpi: int
) -> tuple[QBuffer, QPdfWriter, QTextDocument]:
    """(buffer, writer, document): the layout's own device stays alive beside the document."""
    buffer = QBuffer()
    device = QPdfWriter(buffer)  # never painted on: it only measures at this resolution
    device.setResolution(dpi)
    return buffer, device, _lay_out_agreement(text, device, QSizeF(width, height))


def _lay_out_agreement(text: str, device: QPagedPaintDevice, page: QSizeF) -> QTextDocument:
    document = base_document(device, page)
    document.setMarkdown(text)
    # One edit block: the document is laid out again once for all these changes, not per change.
    edit = QTextCursor(document)
    edit.beginEditBlock()
    scale_headings(
        document, HEADING_SIZE_ADJUSTMENT, space_above=css(12), space_below=css(4), color=ACCENT
    )
    # Paragraph rhythm for paper: a little air between paragraphs and list items.
    block = document.begin()
    while block.isValid():
        if not block.blockFormat().headingLevel():
            cursor = QTextCursor(block)
            fmt = QTextBlockFormat()
            fmt.setLineHeight(118, 1)  # ProportionalHeight
            fmt.setTopMargin(0)
            fmt.setBottomMargin(css(3) if block.textList() else css(6))
            fmt.setAlignment(Qt.AlignmentFlag.AlignLeft)
            cursor.mergeBlockFormat(fmt)
        block = block.next()
    frame_clause(document, padding=css(8), border=css(0.75), space=css(4))
    edit.endEditBlock()
    paginate(document, page.height())
    return document


def _break_before(block: QTextBlock) -> None:
    fmt = QTextBlockFormat()
    fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
    QTextCursor(block).mergeBlockFormat(fmt)


def _lines_per_page(document: QTextDocument, block: QTextBlock, page_height: float) -> list[int]:
    """How many of ``block``'s lines fall on each page it touches, in order."""
    top = document.documentLayout().blockBoundingRect(block).top()
    layout = block.layout()
    pages: dict[int, int] = {}
    for i in range(layout.lineCount()):
        line = layout.lineAt(i)
        page = int((top + line.y() + line.height() / 2) // page_height)
        pages[page] = pages.get(page, 0) + 1
    return [pages[p] for p in sorted(pages)]


def paginate(document: QTextDocument, page_height: float) -> None:
    """Sensible page breaks: headings stay with what follows them, the shaded clause is never
    split, and no paragraph leaves a single line alone at the foot or head of a page."""
    layout = document.documentLayout()
    block = document.begin()
    previous: QTextBlock | None = None
    while block.isValid():
        following = block.next()
        rect = layout.blockBoundingRect(block)
        page_end = (int(rect.top() // page_height) + 1) * page_height
        frame = QTextCursor(block).currentFrame()
        if frame.parentFrame() is not None:
            # The clause's frame: keep it whole, together with its heading.
            frame_rect = layout.frameBoundingRect(frame)
            frame_end = (int(frame_rect.top() // page_height) + 1) * page_height
            if frame_rect.bottom() > frame_end and frame_rect.height() < page_height / 2:
                target = previous if previous is not None else block
                _break_before(target)
        elif block.blockFormat().headingLevel() and following.isValid():
            next_rect = layout.blockBoundingRect(following)
            lines = following.layout()
            needed = next_rect.top() + (
                lines.lineAt(1).rect().bottom() if lines.lineCount() > 1 else next_rect.height()
            )
            if rect.top() > 0 and needed > page_end:
                _break_before(block)
        else:
            split = _lines_per_page(document, block, page_height)
            if len(split) > 1 and (split[0] == 1 or split[-1] == 1):
                _break_before(block)  # the whole paragraph moves: no line left alone
        previous = block
        block = following


def used_height_on_last_page(document: QTextDocument, page_height: float) -> float:
    """How far down its last page ``document`` reaches."""
    layout = document.documentLayout()
    root = layout.frameBoundingRect(document.rootFrame())
    last = document.lastBlock()
    bottom = layout.blockBoundingRect(last).bottom()
    bottom = min(bottom, root.bottom()) if root.isValid() else bottom
    return bottom - (document.pageCount() - 1) * page_height


def paint_document_page(
    painter: QPainter, document: QTextDocument, page: int, content: QRectF
) -> None:
    """Paint page ``page`` (from 0) of a document laid out in pages into ``content``."""
    painter.save()
    painter.translate(content.left(), content.top() - page * content.height())
    document.drawContents(
        painter, QRectF(0, page * content.height(), content.width(), content.height())
    )
    painter.restore()
