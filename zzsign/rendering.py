"""Drawing shared by the screen and the PDF (QtGui only): the agreement's look, signature strokes.

One place decides how the Third Party Information clause is set apart and how a drawn stroke is
smoothed, so that the kiosk, the printed page and the PDF copy all show the same thing.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QPainterPath,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFrameFormat,
)

from zzsign.domain.documents import THIRD_PARTY_CLAUSE_HEADING
from zzsign.domain.signature import Point
from zzsign.resources import FONTS_DIR

CLAUSE_BACKGROUND = QColor("#fff4cc")
CLAUSE_BORDER = QColor("#e8c766")
HANDWRITING_FONT_FILE = "DancingScript-Regular.otf"  # SIL OFL, resources/fonts/
HANDWRITING_FONT_FAMILY = "Dancing Script"

#: Shipped so that names in these scripts render on every laptop, on screen and in the PDF,
#: whatever fonts the system has (SIL OFL, resources/fonts/Noto-OFL.txt).
SCRIPT_FONT_FILES = (
    "NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-Bold.ttf",
    "NotoSansThai-Regular.ttf", "NotoSansThai-Bold.ttf",
)
SCRIPT_FONT_FAMILIES = ("Noto Sans Devanagari", "Noto Sans Thai")

_loaded: dict[str, list[str]] | None = None


def load_bundled_fonts() -> dict[str, list[str]]:
    """Register the fonts shipped in resources/fonts with Qt, once: {file name: its families}.

    Needs a QGuiApplication. A file that cannot be loaded maps to no family (Qt then
    substitutes another font).
    """
    global _loaded
    if _loaded is None:
        _loaded = {}
        for name in (HANDWRITING_FONT_FILE, *SCRIPT_FONT_FILES):
            font_id = QFontDatabase.addApplicationFont(str(FONTS_DIR / name))
            _loaded[name] = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return _loaded


def handwriting_font_family() -> str:
    """The bundled handwriting font's family name (loaded on first use).

    Needs a QGuiApplication. Falls back to the family's name if the file can't be loaded (Qt
    then substitutes a font).
    """
    families = load_bundled_fonts()[HANDWRITING_FONT_FILE]
    return families[0] if families else HANDWRITING_FONT_FAMILY


def text_direction(text: str) -> Qt.LayoutDirection:
    """Direction of the first strongly directional character (Unicode bidi rule P2)."""
    for char in text:
        bidi = unicodedata.bidirectional(char)
        if bidi == "L":
            return Qt.LayoutDirection.LeftToRight
        if bidi in ("R", "AL"):
            return Qt.LayoutDirection.RightToLeft
    return Qt.LayoutDirection.LeftToRight


def stroke_path(stroke: Sequence[Point]) -> QPainterPath:
    """Smooth path through a stroke: quadratic curves between the midpoints of its segments."""
    path = QPainterPath()
    if not stroke:
        return path
    points = [QPointF(x, y) for x, y, _ in stroke]
    path.moveTo(points[0])
    if len(points) < 3:
        for point in points[1:]:
            path.lineTo(point)
        return path
    path.lineTo((points[0] + points[1]) / 2)
    for i in range(1, len(points) - 1):
        path.quadTo(points[i], (points[i] + points[i + 1]) / 2)
    path.lineTo(points[-1])
    return path


def scale_headings(
    document: QTextDocument,
    size_adjustment: dict[int, int],
    *,
    space_above: float,
    space_below: float = 0,
    color: QColor | None = None,
) -> None:
    """Markdown headings sized for a page that has its own title (Qt makes h1 +3 by default)."""
    block = document.begin()
    while block.isValid():
        level = block.blockFormat().headingLevel()
        if level:
            cursor = QTextCursor(block)
            cursor.movePosition(
                QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor
            )
            size = QTextCharFormat()
            size.setProperty(QTextFormat.Property.FontSizeAdjustment,
                             size_adjustment.get(level, 0))
            if color is not None:
                size.setForeground(color)
            cursor.mergeCharFormat(size)
            spacing = QTextBlockFormat()
            spacing.setTopMargin(space_above if level > 1 else 0)
            spacing.setBottomMargin(space_below)
            cursor.mergeBlockFormat(spacing)
        block = block.next()


def frame_clause(document: QTextDocument, *, padding: float, border: float, space: float) -> bool:
    """Set the Third Party Information clause apart: framed and shaded, its heading in bold.

    The text itself is not changed. Returns False if the document has no such clause.
    """
    block = document.begin()
    while block.isValid():
        if block.text().startswith(THIRD_PARTY_CLAUSE_HEADING):
            cursor = QTextCursor(block)
            cursor.movePosition(
                QTextCursor.MoveOperation.Right,
                QTextCursor.MoveMode.KeepAnchor,
                len(THIRD_PARTY_CLAUSE_HEADING),
            )
            bold = QTextCharFormat()
            bold.setFontWeight(QFont.Weight.Bold)
            cursor.mergeCharFormat(bold)
            line = QTextBlockFormat()
            line.setLineHeight(125, 1)  # 1 = QTextBlockFormat.ProportionalHeight
            line.setTopMargin(0)
            line.setBottomMargin(0)
            cursor = QTextCursor(block)
            cursor.mergeBlockFormat(line)
            cursor.movePosition(
                QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor
            )
            frame = QTextFrameFormat()
            frame.setBackground(CLAUSE_BACKGROUND)
            frame.setBorder(border)
            frame.setBorderBrush(CLAUSE_BORDER)
            frame.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
            frame.setPadding(padding)
            frame.setTopMargin(space)
            frame.setBottomMargin(space / 2)
            cursor.insertFrame(frame)
            return True
        block = block.next()
    return False


def clause_frame_background(document: QTextDocument) -> QColor | None:
    """The background of the frame around the clause (None if it is not framed)."""
    found = document.find(THIRD_PARTY_CLAUSE_HEADING)
    if found.isNull():
        return None
    frame = found.currentFrame()
    if frame is None or frame == document.rootFrame():
        return None
    return frame.frameFormat().background().color()
