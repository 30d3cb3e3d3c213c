"""Text in its own direction: which way a name reads, and wrapped text painted that way."""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QTextOption


def text_direction(text: str) -> Qt.LayoutDirection:
    """Direction of the first strongly directional character (Unicode bidi rule P2)."""
    for char in text:
        bidi = unicodedata.bidirectional(char)
        if bidi == "L":
            return Qt.LayoutDirection.LeftToRight
        if bidi in ("R", "AL"):
            return Qt.LayoutDirection.RightToLeft
    return Qt.LayoutDirection.LeftToRight


def draw_text(painter: QPainter, rect: QRectF, text: str, font: QFont, color: QColor) -> None:
    """Wrapped text in its own direction, flush left (RTL names read right to left)."""
    painter.save()
    painter.setFont(font)
    painter.setPen(color)
    option = QTextOption(
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignTop
    )
    option.setTextDirection(text_direction(text))
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    painter.drawText(rect, text, option)
    painter.restore()
