"""Rendering the signed agreement as PDF: agreement pages, signature block, certificate page.

Everything is drawn with QtGui only (QTextDocument laid out on a QPdfWriter, QPainter for the
page furniture and the signature), so it runs in the kiosk, the CLI and tests alike, as long as
a :class:`~PySide6.QtGui.QGuiApplication` exists (the caller creates it; fonts need it).

* The agreement text is the version's exact Markdown, laid out by ``QTextDocument.setMarkdown``
  as on screen: headings scaled the same way, the Third Party Information clause shaded
  (#fff4cc) with its heading words in bold.
* The signature block follows the text and is never split across pages: drawn signatures are
  painted as smooth vector paths from their strokes; typed ones as real text in the bundled
  handwriting font (glyphs it lacks fall back to the system fonts).
* The last page is the certificate of completion: who signed what, when, where and how, and
  how to check it, written for a reader such as a lawyer rather than as a data dump.
* A printed copy (``paper_copy``) has no seal and no attachment: every page and the certificate
  say "Paper copy — not sealed" and where the sealed electronic record is kept.
* Then pypdf embeds the canonical record as ``zzsign-record.json`` and sets the metadata.

Text is real text in embedded (subset) fonts, so names in any script extract as typed: Latin,
Cyrillic, Greek and CJK come back in logical order; Arabic and Hebrew come back with every
letter but, depending on the extractor, possibly in visual (right-to-left reversed) order, and
Arabic may come back as presentation forms (NFKC gives the typed letters back).
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextBlock,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextOption,
)

from zzsign import __version__
from zzsign.domain.clock import Timestamp
from zzsign.domain.record import SignedRecord, Step
from zzsign.domain.signature import DrawnSignature, Point, TypedSignature
from zzsign.rendering import (
    SCRIPT_FONT_FAMILIES,
    frame_clause,
    handwriting_font_family,
    load_bundled_fonts,
    scale_headings,
    stroke_path,
    text_direction,
)
from zzsign.security.sealing import public_key_fingerprint

ATTACHMENT_NAME = "zzsign-record.json"
PDF_TITLE = "Employee Confidentiality Agreement — signed copy"
#: What a printed copy says about itself, under every page and on its certificate (there with
#: the record ID; in the footer the record ID is on the line above).
PAPER_COPY_NOTICE = "Paper copy — not sealed. The sealed electronic record is kept by ZZ Servers HR"

#: Resolution of the PDF's user space as QPainter sees it (device pixels per inch).
DPI = 300
#: Page margins in millimetres: the text area, inside which header and footer sit apart.
MARGIN_LEFT_MM = 22.0
MARGIN_RIGHT_MM = 22.0
MARGIN_TOP_MM = 28.0  # the running header sits in the top 28 mm
MARGIN_BOTTOM_MM = 24.0  # the footer sits in the bottom 24 mm

BODY_FAMILIES = ["DejaVu Sans", "Noto Sans", *SCRIPT_FONT_FAMILIES, "WenQuanYi Micro Hei",
                 "Noto Sans CJK SC"]
MONO_FAMILIES = ["DejaVu Sans Mono", "WenQuanYi Micro Hei Mono", "DejaVu Sans"]
BODY_POINT_SIZE = 10.0
#: The certificate's type sizes, largest first: the first that fits it on one page is used.
CERTIFICATE_POINT_SIZES = (8.5, 8.0, 7.5)


INK = QColor("#1a1a40")
TEXT = QColor("#1f2330")
MUTED = QColor("#5d6275")
RULE = QColor("#c9ccd6")
ACCENT = QColor("#1f3a68")
CARD = QColor("#f5f7fb")
DEMO = QColor("#b3261e")
SIGNED = QColor("#2e7d4f")  # the "signed copy" badge
PAPER = QColor("#8a5a00")  # the paper copy's "not sealed" marks

#: As on screen (zzsign.views.documents): Markdown headings at a size that suits a titled page.
HEADING_SIZE_ADJUSTMENT = {1: 2, 2: 0, 3: 0}

STEP_LABELS = {
    Step.OPENED: "Opened the agreement",
    Step.DETAILS_ENTERED: "Entered signer details",
    Step.CONSENTED: "Consented to electronic records",
    Step.REACHED_END: "Reached the end of the agreement",
    Step.ACKNOWLEDGED_CLAUSE: "Acknowledged the Third Party Information clause",
    Step.ACKNOWLEDGED_AGREEMENT: "Acknowledged the agreement as a whole",
    Step.SIGNATURE_ADOPTED: "Adopted the signature",
    Step.SIGNED: "Signed",
}



@dataclass(frozen=True)
class CertificateFacts:
    """What the certificate shows beyond the record itself."""

    record_sha256: str  # SHA-256 of the public canonical record (hex)
    chain_position: int  # the record's link position in the installation chain
    chain_entry_sha256: str
    installation_public_key: str  # Ed25519 raw, hex
    attachment_json: bytes  # canonical JSON to embed as "zzsign-record.json"


# ----------------------------------------------------------------------------- small helpers


def _mm(mm: float) -> float:
    """Millimetres in device pixels."""
    return mm * DPI / 25.4


def _pt(points: float) -> float:
    """Points in device pixels."""
    return points * DPI / 72


def _css(points: float) -> float:
    """Points as the CSS pixels (1/96 in) that QTextDocument formats use on any device."""
    return points * 96 / 72


def _font(size_pt: float, *, bold: bool = False, families: Sequence[str] = BODY_FAMILIES) -> QFont:
    load_bundled_fonts()
    font = QFont()
    font.setFamilies(list(families))
    font.setPointSizeF(size_pt)
    # No discretionary ligatures ("fi", "fl"): text extraction must give back the letters typed.
    # Required ligatures (Arabic lam-alef) are "rlig" and stay.
    font.setFeature(QFont.Tag.fromString("liga"), 0)
    if bold:
        font.setWeight(QFont.Weight.Bold)
    return font


def local_time(stamp: Timestamp) -> str:
    """``25 November 2026, 14:04:26 (UTC+01:00)``."""
    local = stamp.local
    return f"{local.day} {local:%B %Y, %H:%M:%S} (UTC{stamp.offset_iso})"


def short_local_time(stamp: Timestamp) -> str:
    """``2026-11-25 14:04:26 +01:00``: local time with its UTC offset, compact."""
    return f"{stamp.local:%Y-%m-%d %H:%M:%S} {stamp.offset_iso}"


def pdf_date(stamp: Timestamp) -> str:
    """A PDF date string (``D:YYYYMMDDHHmmSS+HH'mm'``) in the signer's local time."""
    hours, minutes = stamp.offset_iso[1:].split(":")
    return f"D:{stamp.local:%Y%m%d%H%M%S}{stamp.offset_iso[0]}{hours}'{minutes}'"


def _strokes_bounds(strokes: Sequence[Sequence[Point]]) -> QRectF:
    xs = [p[0] for stroke in strokes for p in stroke]
    ys = [p[1] for stroke in strokes for p in stroke]
    return QRectF(min(xs), min(ys), max(1, max(xs) - min(xs)), max(1, max(ys) - min(ys)))


# ----------------------------------------------------------------------------- the agreement


def _scale_headings(document: QTextDocument) -> None:
    scale_headings(document, HEADING_SIZE_ADJUSTMENT, space_above=_css(12),
                   space_below=_css(4), color=ACCENT)


def _highlight_clause(document: QTextDocument) -> None:
    frame_clause(document, padding=_css(8), border=_css(0.75), space=_css(4))


def _base_document(writer: QPdfWriter, page: QSizeF) -> QTextDocument:
    document = QTextDocument()
    document.documentLayout().setPaintDevice(writer)
    document.setDocumentMargin(0)
    document.setDefaultFont(_font(BODY_POINT_SIZE))
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    document.setDefaultTextOption(option)
    document.setPageSize(page)
    return document


def agreement_document(record: SignedRecord, writer: QPdfWriter, page: QSizeF) -> QTextDocument:
    """The agreement's exact Markdown, laid out for ``page`` on ``writer``."""
    document = _base_document(writer, page)
    document.setMarkdown(record.agreement.text)
    _scale_headings(document)
    # Paragraph rhythm for paper: a little air between paragraphs and list items.
    block = document.begin()
    while block.isValid():
        if not block.blockFormat().headingLevel():
            cursor = QTextCursor(block)
            fmt = QTextBlockFormat()
            fmt.setLineHeight(118, 1)  # ProportionalHeight
            fmt.setTopMargin(0)
            fmt.setBottomMargin(_css(3) if block.textList() else _css(6))
            fmt.setAlignment(Qt.AlignmentFlag.AlignLeft)
            cursor.mergeBlockFormat(fmt)
        block = block.next()
    _highlight_clause(document)
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


def _used_height_on_last_page(document: QTextDocument, page_height: float) -> float:
    layout = document.documentLayout()
    root = layout.frameBoundingRect(document.rootFrame())
    last = document.lastBlock()
    bottom = layout.blockBoundingRect(last).bottom()
    bottom = min(bottom, root.bottom()) if root.isValid() else bottom
    return bottom - (document.pageCount() - 1) * page_height


# ----------------------------------------------------------------------------- the signature block


@dataclass
class _SignatureBlock:
    """The signature block laid out at a width; paint it at any top."""

    record: SignedRecord
    width: float
    device: QPdfWriter

    def __post_init__(self) -> None:
        self.title_font = _font(12, bold=True)
        self.meaning_font = _font(10)
        self.caption_font = _font(7)
        self.name_font = _font(11, bold=True)
        self.value_font = _font(10)
        self.small_font = _font(8)
        self.pad = _mm(4)
        self.left_width = self.width * 0.56
        self.right_x = self.left_width + _mm(10)
        self.right_width = self.width - self.right_x
        record = self.record
        signed = record.signed_at
        self.name_field = (
            "Printed name", record.signer.full_name, self.name_font, record.signer.work_email
        )
        self.date_field = (
            "Date and time of signing", f"Signed on {local_time(signed)}", self.value_font,
            f"{signed.utc_iso} (UTC)",
        )
        self.title_h = self._height(self.title_font, "Signature", self.width) + _mm(3)
        self.meaning_h = (
            self._height(self.meaning_font, record.meaning, self.width - 2 * self.pad - _mm(2))
            + 2 * self.pad
        )
        self.signature_h = _mm(30)
        self.details_h = max(
            self._field_height(self.name_field, self.left_width),
            self._field_height(self.date_field, self.right_width),
        )
        self.acks = [
            (STEP_LABELS[step], short_local_time(record.at(step)))
            for step in (Step.CONSENTED, Step.REACHED_END, Step.ACKNOWLEDGED_CLAUSE,
                         Step.ACKNOWLEDGED_AGREEMENT)
        ]
        self.ack_line_h = QFontMetricsF(self.small_font, self.device).height() * 1.35
        self.acks_h = _mm(7) + self.ack_line_h * (len(self.acks) + 1)
        self.height = (
            self.title_h + self.meaning_h + _mm(4) + self.signature_h + _mm(2.5) + self.details_h
            + self.acks_h
        )

    def _height(self, font: QFont, text: str, width: float) -> float:
        return QFontMetricsF(font, self.device).boundingRect(
            QRectF(0, 0, width, 100_000), int(Qt.TextFlag.TextWordWrap), text
        ).height()

    def _field_height(self, field: tuple[str, str, QFont, str], width: float) -> float:
        caption, value, font, extra = field
        return (
            self._height(self.caption_font, caption.upper(), width) + _mm(1.2)
            + self._height(font, value, width) + _mm(0.8)
            + self._height(self.small_font, extra, width)
        )

    def _paint_field(self, painter: QPainter, left: float, top: float, width: float,
                     field: tuple[str, str, QFont, str]) -> None:
        caption, value, font, extra = field
        y = top
        for text, use, color, gap in (
            (caption.upper(), self.caption_font, MUTED, _mm(1.2)),
            (value, font, TEXT, _mm(0.8)),
            (extra, self.small_font, MUTED, 0.0),
        ):
            height = self._height(use, text, width)
            _draw_text(painter, QRectF(left, y, width, height + 1), text, use, color)
            y += height + gap

    def paint(self, painter: QPainter, left: float, top: float) -> None:
        record = self.record
        width = self.width
        y = top
        _draw_text(painter, QRectF(left, y, width, self.title_h), "Signature", self.title_font,
                   ACCENT)
        y += self.title_h

        # The meaning of the signature, as displayed above the pad.
        box = QRectF(left, y, width, self.meaning_h)
        painter.setPen(QPen(RULE, _pt(0.6)))
        painter.setBrush(CARD)
        painter.drawRoundedRect(box, _mm(1.2), _mm(1.2))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(ACCENT)
        painter.drawRect(QRectF(left, y, _mm(1.2), self.meaning_h))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        _draw_text(painter, box.adjusted(self.pad + _mm(2), self.pad, -self.pad, -self.pad),
                   record.meaning, self.meaning_font, TEXT)
        y += self.meaning_h + _mm(4)

        # The signature itself, resting on the signature line.
        sig_area = QRectF(left + _mm(7), y, self.left_width - _mm(9), self.signature_h - _mm(2))
        if isinstance(record.signature, DrawnSignature):
            _paint_strokes(painter, record.signature, sig_area)
        else:
            _paint_typed(painter, record.signature, sig_area)
        line_y = y + self.signature_h
        painter.setPen(QPen(MUTED, _pt(0.8)))
        painter.drawLine(QPointF(left, line_y), QPointF(left + self.left_width, line_y))
        _draw_text(painter, QRectF(left + _mm(0.5), line_y - _mm(5.5), _mm(5), _mm(5)), "×",
                   _font(10), MUTED)

        # Beside the signature: how it was made.
        method = (
            "Drawn by hand on the kiosk's signature pad and reproduced here from its recorded "
            "vector strokes."
            if isinstance(record.signature, DrawnSignature)
            else f"Typed by the signer and adopted as their signature, shown in the "
                 f"{record.signature.font_family} handwriting font."
        )
        method_h = self._height(self.small_font, method, self.right_width)
        caption_h = self._height(self.caption_font, "SIGNATURE METHOD", self.right_width)
        method_top = line_y - method_h - caption_h - _mm(3)
        _draw_text(painter, QRectF(left + self.right_x, method_top, self.right_width,
                                   caption_h + 1), "SIGNATURE METHOD", self.caption_font, MUTED)
        _draw_text(painter, QRectF(left + self.right_x, method_top + caption_h + _mm(1.2),
                                   self.right_width, method_h + 1), method, self.small_font,
                   MUTED)
        painter.setPen(QPen(RULE, _pt(0.6)))
        painter.drawLine(QPointF(left + self.right_x, line_y),
                         QPointF(left + width, line_y))

        # Under the line: printed name on the left, date and time on the right.
        y = line_y + _mm(2.5)
        self._paint_field(painter, left, y, self.left_width, self.name_field)
        self._paint_field(painter, left + self.right_x, y, self.right_width, self.date_field)

        # Before signing, the signer confirmed each of these (full audit trail: last page).
        y += self.details_h + _mm(7)
        _draw_text(painter, QRectF(left, y, width, self.ack_line_h), "BEFORE SIGNING, THE SIGNER",
                   self.caption_font, MUTED)
        for label, when in self.acks:
            y += self.ack_line_h
            _draw_text(painter, QRectF(left, y, width * 0.65, self.ack_line_h), f"✓  {label}",
                       self.small_font, TEXT)
            _draw_text(painter, QRectF(left + self.right_x, y, self.right_width,
                                       self.ack_line_h), when, self.small_font, MUTED)


def _draw_text(painter: QPainter, rect: QRectF, text: str, font: QFont, color: QColor) -> None:
    """Wrapped text in its own direction, flush left (RTL names read right to left)."""
    painter.save()
    painter.setFont(font)
    painter.setPen(color)
    option = QTextOption(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute
                         | Qt.AlignmentFlag.AlignTop)
    option.setTextDirection(text_direction(text))
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    painter.drawText(rect, text, option)
    painter.restore()


def _paint_strokes(painter: QPainter, signature: DrawnSignature, area: QRectF) -> None:
    """The drawn strokes as vector paths, fitted into ``area`` and resting on its bottom."""
    strokes = [s for s in signature.strokes if s]
    if not strokes:
        return
    bounds = _strokes_bounds(strokes)
    # Pad pixels are ~1/96 in: keep the natural size unless it does not fit.
    natural = DPI / 96
    scale = min(natural * 1.25, area.width() / bounds.width(), area.height() / bounds.height())
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.translate(area.left(), area.bottom() - bounds.height() * scale)
    painter.scale(scale, scale)
    painter.translate(-bounds.left(), -bounds.top())
    pen = QPen(INK, max(2.5, _pt(1.1) / scale))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for stroke in strokes:
        if len({(x, y) for x, y, _ in stroke}) == 1:
            painter.drawPoint(QPointF(stroke[0][0], stroke[0][1]))
        else:
            painter.drawPath(stroke_path(stroke))
    painter.restore()


def _paint_typed(painter: QPainter, signature: TypedSignature, area: QRectF) -> None:
    """The typed name as vector text in the handwriting font, fitted into ``area``."""
    families = [handwriting_font_family(), *BODY_FAMILIES]
    size = 28.0
    font = _font(size, families=families)
    metrics = QFontMetricsF(font, painter.device())
    advance = metrics.horizontalAdvance(signature.text)
    if advance > area.width():
        size = max(12.0, size * area.width() / advance)
        font = _font(size, families=families)
        metrics = QFontMetricsF(font, painter.device())
    painter.save()
    painter.setFont(font)
    painter.setPen(INK)
    option = QTextOption(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute
                         | Qt.AlignmentFlag.AlignBottom)
    option.setTextDirection(text_direction(signature.text))
    option.setWrapMode(QTextOption.WrapMode.NoWrap)
    rect = QRectF(area.left(), area.bottom() - metrics.height() + metrics.descent() * 0.6,
                  area.width(), metrics.height())
    painter.drawText(rect, signature.text, option)
    painter.restore()


# ----------------------------------------------------------------------------- the certificate


def _px(points: float) -> str:
    """A CSS length for Qt rich text, whose margins take pixels (a ``pt`` margin is ignored)."""
    return f"{round(_css(points))}px"


def _mono(text: str, *, nowrap: bool = False) -> str:
    wrap = " white-space: nowrap;" if nowrap else ""
    return (f'<span style="font-family: \'DejaVu Sans Mono\'; font-size: 7.5pt;{wrap}">'
            f"{text}</span>")


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _name_html(text: str) -> str:
    direction = "rtl" if text_direction(text) is Qt.LayoutDirection.RightToLeft else "ltr"
    return f'<span dir="{direction}">{_esc(text)}</span>'


def _rows(rows: Sequence[tuple[str, str]]) -> str:
    """Label and value rows; values flush left, a right-to-left name too (as it is signed)."""
    cells = []
    for i, (label, value) in enumerate(rows):
        shade = ' bgcolor="#f3f5f9"' if i % 2 == 0 else ""
        cells.append(
            f'<tr><td width="29%"{shade} style="color:#5d6275;">{_esc(label)}</td>'
            f'<td{shade} align="left">{value}</td></tr>'
        )
    return (
        '<table width="100%" cellspacing="0" cellpadding="2" '
        'style="border-collapse: collapse;">' + "".join(cells) + "</table>"
    )


def _section(title: str) -> str:
    """A section heading, with room above it."""
    return (
        f'<h3 style="font-size: 10pt; color: #1f3a68; margin-top: {_px(10)}; '
        f'margin-bottom: {_px(3)};">{_esc(title)}</h3>'
    )


def _box(text: str, *, background: str, color: str) -> str:
    """A shaded box across the page around ``text`` (already rich text)."""
    return (
        f'<table width="100%" cellspacing="0" cellpadding="6" style="margin-top: {_px(4)};">'
        f'<tr><td bgcolor="{background}" style="color: {color};">{text}</td></tr></table>'
    )


def _explanation(text: str, *, space_above: bool = False) -> str:
    """A sentence of explanation across the page, in the muted colour."""
    top = _px(5) if space_above else "0"
    return (
        f'<p style="color: #5d6275; margin-top: {top}; margin-bottom: {_px(3)};">'
        f"{_esc(text)}</p>"
    )


_PLATFORM = re.compile(
    r"(?P<system>[A-Za-z]+)-(?P<release>.+?)-(?P<machine>x86_64|amd64|AMD64|arm64|aarch64"
    r"|i[3-6]86|armv\w+)(?:-.*)?"
)
_WINDOWS = re.compile(r"Windows-(?P<edition>[^-]+)-(?P<build>[\d.]+)(?:-.*)?")
_SCREEN = re.compile(r"(?P<width>\d+)x(?P<height>\d+) at (?P<scale>[\d.]+)x(?: \((?P<name>.*)\))?")


def plain_operating_system(platform_text: str) -> str:
    """Python's ``platform.platform()`` as a person writes it, e.g. ``Linux 6.8.0-45-generic
    (x86_64)``, ``Windows 10 (build 10.0.19045)``; anything else as recorded."""
    if windows := _WINDOWS.fullmatch(platform_text):
        return f"Windows {windows['edition']} (build {windows['build']})"
    if other := _PLATFORM.fullmatch(platform_text):
        return f"{other['system']} {other['release']} ({other['machine']})"
    return platform_text


def plain_screen(screen_text: str) -> str:
    """``1920x1080 at 1x (eDP-1)`` as ``1920 × 1080 pixels at 1× scale, display eDP-1`` (no
    display part when the screen has no name); anything else as recorded."""
    screen = _SCREEN.fullmatch(screen_text)
    if screen is None:
        return screen_text
    plain = f"{screen['width']} × {screen['height']} pixels at {screen['scale']}× scale"
    name = (screen["name"] or "").strip()
    return f"{plain}, display {name}" if name else plain


def certificate_html(record: SignedRecord, facts: CertificateFacts, *,
                     paper_copy: bool = False) -> str:
    """The certificate of completion as Qt rich text (``paper_copy``: for a printer, so it
    says it is unsealed and claims no attachment)."""
    signer = record.signer
    consented = record.at(Step.CONSENTED)
    signature = record.signature
    if isinstance(signature, DrawnSignature):
        sig_text = (
            f"Drawn by hand on the signature pad ({len(signature.strokes)} strokes, "
            f"{signature.point_count} points, pad {signature.width} × {signature.height}); "
            "reproduced from the recorded vector strokes"
        )
    else:
        sig_text = (
            f"Typed name adopted as the signature, shown in the {_esc(signature.font_family)} "
            f"font ({_esc(signature.font_file)})"
        )
    what = "paper copy" if paper_copy else "signed copy"
    intro = (
        f"This certificate is part of the {what} above. It records who signed, what was "
        "signed, and when, where and how each step was completed."
    )
    if not paper_copy:
        intro += f" The complete record is attached to this PDF as {ATTACHMENT_NAME}."
    parts = [
        f'<p style="font-size: 18pt; font-weight: bold; color: #1f3a68; '
        f'margin-bottom: {_px(2)};">Certificate of completion</p>',
        f'<p style="color: #5d6275; margin-top: 0;">{intro}</p>',
        _box(f"<b>Completed.</b> {_name_html(signer.full_name)} signed the ZZ Servers "
             f"{_esc(record.agreement.title)}, version {record.agreement.version}, on "
             f"{local_time(record.signed_at)}.", background="#eaf4ee", color="#1e5a37"),
    ]
    if paper_copy:
        notice = f"{PAPER_COPY_NOTICE} (record ID {record.record_id})."
        parts.append(_box(f"<b>{_esc(notice)}</b> Ask HR to check this copy against it.",
                          background="#fff4cc", color="#5c4400"))
    if record.is_demo:
        parts.append('<p style="color:#b3261e; font-weight:bold;">DEMONSTRATION RECORD — '
                     "not a real signing.</p>")
    # How to check it: a sealed copy checks itself; a paper copy says so in its notice above.
    how_to_check = [] if paper_copy else [_explanation(
        "To check this copy, run zzsign verify on the PDF file: it checks the seal, the attached "
        "record and its chain entry.", space_above=True,
    )]
    device = record.device
    parts += [
        _section("Document"),
        _rows([
            ("Record ID", _mono(_esc(record.record_id))),
            ("Agreement", f"ZZ Servers {_esc(record.agreement.title)}, "
                          f"version {record.agreement.version}"),
            ("Agreement hash (SHA-256)", _mono(record.agreement.sha256)),
            ("Signature", sig_text),
        ]),
        _section("Signer"),
        _rows([
            ("Full legal name", _name_html(signer.full_name)),
            ("Work email", _esc(signer.work_email)),
            ("Employee ID", _esc(signer.employee_id) if signer.employee_id else "—"),
            ("Department", _esc(signer.department)),
            ("Start date", f"{signer.start_date.day} {signer.start_date:%B %Y}"),
        ]),
        _section("Consent to electronic records"),
        _rows([
            ("Disclosure shown", f"{_esc(record.disclosure.title)}, version "
                                 f"{record.disclosure.version}"),
            ("Disclosure hash (SHA-256)", _mono(record.disclosure.sha256)),
            ("Consent given", f"{local_time(consented)}<br>"
                              f"{_mono(consented.utc_iso)} UTC"),
        ]),
        _section("Audit trail"),
        _timeline(record),
        _section("Computer used"),
        _rows([
            ("Computer name", _esc(device.hostname)),
            ("Operating system", _esc(plain_operating_system(device.os))),
            ("Screen", _esc(plain_screen(device.screen))),
        ]),
        _section("Integrity"),
        _explanation(
            "Each record and each step of its audit trail is an entry in the signing laptop's "
            "chain, signed with the key below and linked by hash to the entry before it, so a "
            "record changed, removed or slipped in later breaks the chain."
        ),
        _rows([
            ("Application", f"zzsign {_esc(record.app_version)}"),
            ("Installation ID", _mono(_esc(record.installation_id))),
            ("Installation public key",
             _mono(_esc(public_key_fingerprint(bytes.fromhex(facts.installation_public_key))),
                   nowrap=True)),
            ("Record chain",
             f"Entry {facts.chain_position} in the signing laptop's chain of signed entries"),
            ("Chain entry hash (SHA-256)", _mono(facts.chain_entry_sha256)),
            ("Record hash (SHA-256)", _mono(facts.record_sha256)),
        ]),
        *how_to_check,
    ]
    return "".join(parts)


def _timeline(record: SignedRecord) -> str:
    head = (
        '<tr><td width="41%" bgcolor="#e6eaf2" style="font-weight:bold;">Step</td>'
        '<td width="31%" bgcolor="#e6eaf2" style="font-weight:bold;">Local time</td>'
        '<td width="28%" bgcolor="#e6eaf2" style="font-weight:bold;">UTC</td></tr>'
    )
    rows = []
    for i, entry in enumerate(record.audit):
        shade = ' bgcolor="#f3f5f9"' if i % 2 == 1 else ""
        rows.append(
            f"<tr><td{shade}>{_esc(STEP_LABELS.get(entry.step, entry.step.value))}</td>"
            f"<td{shade}>{short_local_time(entry.at)}</td>"
            f"<td{shade}>{_mono(entry.at.utc_iso)}</td></tr>"
        )
    return (
        '<table width="100%" cellspacing="0" cellpadding="2" style="border-collapse: collapse;">'
        + head + "".join(rows) + "</table>"
    )


def certificate_document(record: SignedRecord, facts: CertificateFacts, writer: QPdfWriter,
                         page: QSizeF, *, paper_copy: bool = False) -> QTextDocument:
    """The certificate of completion laid out for ``page`` on ``writer``: on one page, in a
    slightly smaller type if long details need it; on more pages if even that is too small."""
    html = certificate_html(record, facts, paper_copy=paper_copy)
    for size in CERTIFICATE_POINT_SIZES:
        document = _base_document(writer, page)
        document.setDefaultFont(_font(size))
        document.setDefaultStyleSheet("td { vertical-align: top; }")
        document.setHtml(html)
        if document.pageCount() == 1:
            break
    return document


# ----------------------------------------------------------------------------- page furniture


def _paint_furniture(painter: QPainter, record: SignedRecord, page_rect: QRectF,
                     index: int, total: int, *, paper_copy: bool = False) -> None:
    left = _mm(MARGIN_LEFT_MM)
    right = page_rect.width() - _mm(MARGIN_RIGHT_MM)
    width = right - left
    agreement = record.agreement

    # Header: the badge ("signed copy", or "paper copy — not sealed") on the right, who and
    # what on the left in the room the badge leaves.
    header_base = _mm(17)
    badge_text = "PAPER COPY — NOT SEALED" if paper_copy else "SIGNED COPY"
    if record.is_demo:
        badge_text = f"DEMO — {badge_text}"
    badge_font = _font(7.5, bold=True)
    badge_font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 110)
    metrics = QFontMetricsF(badge_font, painter.device())
    badge_w = metrics.horizontalAdvance(badge_text) + _mm(5)
    badge_h = metrics.height() + _mm(1.6)
    badge = QRectF(right - badge_w, header_base - badge_h + _mm(0.4), badge_w, badge_h)
    color = DEMO if record.is_demo else PAPER if paper_copy else SIGNED
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(color, _pt(0.8)))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRoundedRect(badge, badge_h / 2, badge_h / 2)
    painter.setFont(badge_font)
    painter.drawText(badge, int(Qt.AlignmentFlag.AlignCenter), badge_text)

    title_font = _font(9, bold=True)
    title_metrics = QFontMetricsF(title_font, painter.device())
    title_w = width - badge_w - _mm(4)
    title = title_metrics.elidedText(
        f"ZZ Servers — {agreement.title}, version {agreement.version}",
        Qt.TextElideMode.ElideMiddle, title_w,
    )
    painter.setFont(title_font)
    painter.setPen(ACCENT)
    title_h = title_metrics.height()
    painter.drawText(QRectF(left, header_base - title_h, title_w, title_h),
                     int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom), title)

    painter.setPen(QPen(RULE, _pt(0.6)))
    painter.drawLine(QPointF(left, header_base + _mm(2.5)), QPointF(right, header_base + _mm(2.5)))

    # Footer: the record id on the left, "Page i of n" on the right; a paper copy says under
    # them that it is not sealed and who keeps the sealed record.
    footer_top = page_rect.height() - _mm(MARGIN_BOTTOM_MM) + _mm(8)
    painter.drawLine(QPointF(left, footer_top), QPointF(right, footer_top))
    painter.setFont(_font(7.5))
    painter.setPen(MUTED)
    footer_h = QFontMetricsF(painter.font(), painter.device()).height() * 1.3
    painter.drawText(
        QRectF(left, footer_top + _mm(1.5), width - _mm(25), footer_h),
        int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
        f"Record {record.record_id} · signed {record.signed_at.utc_iso[:10]} UTC",
    )
    painter.drawText(
        QRectF(left, footer_top + _mm(1.5), width, footer_h),
        int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop),
        f"Page {index} of {total}",
    )
    if paper_copy:
        painter.setFont(_font(7.5, bold=True))
        painter.setPen(PAPER)
        painter.drawText(
            QRectF(left, footer_top + _mm(1.5) + footer_h, width, footer_h),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
            f"{PAPER_COPY_NOTICE}.",
        )


def _paint_document_page(painter: QPainter, document: QTextDocument, page: int,
                         content: QRectF) -> None:
    painter.save()
    painter.translate(content.left(), content.top() - page * content.height())
    document.drawContents(painter, QRectF(0, page * content.height(), content.width(),
                                          content.height()))
    painter.restore()


# ----------------------------------------------------------------------------- the PDF


def _qt_pdf(record: SignedRecord, facts: CertificateFacts) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(PDF_TITLE)
    writer.setCreator(f"zzsign {__version__}")
    paint_signed_agreement(writer, record, facts)
    data = bytes(buffer.data())
    buffer.close()
    return data


def paint_signed_agreement(
    device: QPagedPaintDevice,
    record: SignedRecord,
    facts: CertificateFacts,
    *,
    paper_copy: bool = False,
) -> None:
    """Lay out and paint every page on ``device``: a PDF writer, or a printer for *Print…*.

    ``paper_copy``: the pages go to a printer, so they say they are an unsealed paper copy and
    claim no attachment.
    """
    device.setResolution(DPI)  # type: ignore[attr-defined]  # QPdfWriter and QPrinter have it
    device.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    device.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    writer = device

    page_rect = QRectF(0, 0, writer.width(), writer.height())
    content = QRectF(
        _mm(MARGIN_LEFT_MM),
        _mm(MARGIN_TOP_MM),
        page_rect.width() - _mm(MARGIN_LEFT_MM) - _mm(MARGIN_RIGHT_MM),
        page_rect.height() - _mm(MARGIN_TOP_MM) - _mm(MARGIN_BOTTOM_MM),
    )
    page_size = QSizeF(content.width(), content.height())

    agreement = agreement_document(record, writer, page_size)
    certificate = certificate_document(record, facts, writer, page_size,
                                       paper_copy=paper_copy)
    block = _SignatureBlock(record, content.width(), writer)

    agreement_pages = agreement.pageCount()
    used = _used_height_on_last_page(agreement, content.height())
    gap = _mm(8)
    block_on_new_page = used + gap + block.height > content.height()
    total = agreement_pages + int(block_on_new_page) + certificate.pageCount()

    painter = QPainter()
    if not painter.begin(writer):
        raise RuntimeError("Could not start painting the signed agreement.")
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        number = 0

        def new_page() -> None:
            nonlocal number
            if number:
                writer.newPage()
            number += 1
            _paint_furniture(painter, record, page_rect, number, total,
                             paper_copy=paper_copy)

        for page in range(agreement_pages):
            new_page()
            _paint_document_page(painter, agreement, page, content)
        if block_on_new_page:
            new_page()
            note = (
                f"This signature page completes the ZZ Servers {record.agreement.title}, "
                f"version {record.agreement.version}, set out on pages 1–{agreement_pages}."
            )
            note_h = block._height(_font(8.5), note, content.width())
            _draw_text(painter, QRectF(content.left(), content.top(), content.width(),
                                       note_h + 1), note, _font(8.5), MUTED)
            block.paint(painter, content.left(), content.top() + note_h + _mm(6))
        else:
            block.paint(painter, content.left(), content.top() + used + gap)
        for page in range(certificate.pageCount()):
            new_page()
            _paint_document_page(painter, certificate, page, content)
    finally:
        painter.end()




_TAB = b"<0009>"
_SPACE = b"<0020>"


def _space_not_tab(cmap: bytes) -> bytes:
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


def _fix_to_unicode(writer: object) -> None:
    from pypdf.generic import NameObject, StreamObject

    for obj in writer._objects:  # type: ignore[attr-defined]
        if isinstance(obj, dict) and obj.get("/Type") == "/Font" and "/ToUnicode" in obj:
            stream = obj["/ToUnicode"].get_object()
            if isinstance(stream, StreamObject):
                data = stream.get_data()
                fixed = _space_not_tab(data)
                if fixed != data:
                    stream.set_data(fixed)
                    if NameObject("/Filter") in stream:
                        del stream[NameObject("/Filter")]


def render_signed_agreement(record: SignedRecord, facts: CertificateFacts) -> bytes:
    """The signed agreement as PDF bytes: agreement pages, signature block, certificate page,
    the JSON attachment and metadata. Not yet sealed (another module adds the PAdES seal).

    Needs a QGuiApplication (or QApplication) to exist: the caller creates it.
    """
    from pypdf import PdfReader, PdfWriter  # heavy: not paid before the first window

    raw = _qt_pdf(record, facts)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(raw)))
    _fix_to_unicode(writer)
    # Qt's XMP packet carries the render time, not the signing time: the Info dictionary below
    # is the one source of metadata.
    if "/Metadata" in writer.root_object:
        del writer.root_object["/Metadata"]
    writer.add_attachment(ATTACHMENT_NAME, facts.attachment_json)
    stamp = pdf_date(record.signed_at)
    agreement = record.agreement
    writer.add_metadata({
        "/Title": PDF_TITLE,
        "/Author": record.signer.full_name,
        "/Subject": f"ZZ Servers {agreement.title}, version {agreement.version}, "
                    f"record {record.record_id}",
        "/Creator": f"zzsign {__version__}",
        "/Producer": f"zzsign {__version__} (Qt, pypdf)",
        "/CreationDate": stamp,
        "/ModDate": stamp,
    })
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


__all__ = ["ATTACHMENT_NAME", "CertificateFacts", "render_signed_agreement"]
