"""The agreement's look, the same on screen, on paper and in the PDF: headings sized for a titled
page, and the Third Party Information clause framed and shaded with its heading in bold."""

from __future__ import annotations

from PySide6.QtGui import (
    QColor,
    QFont,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFrameFormat,
)

from zzsign.domain.documents import THIRD_PARTY_CLAUSE_HEADING

CLAUSE_BACKGROUND = QColor("#fff4cc")
CLAUSE_BORDER = QColor("#e8c766")


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
            size.setProperty(QTextFormat.Property.FontSizeAdjustment, size_adjustment.get(level, 0))
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
