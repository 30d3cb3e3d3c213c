"""Showing versioned documents: the exact text, rendered, with the clause made distinct."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import QTextBrowser

from zzsign.domain.documents import THIRD_PARTY_CLAUSE_HEADING, Agreement, VersionedDocument

CLAUSE_BACKGROUND = QColor("#fff4cc")


def document_viewer(document: VersionedDocument, accessible_name: str) -> QTextBrowser:
    """A read-only view of ``document``'s exact text (Markdown), never fetching anything."""
    viewer = QTextBrowser()
    viewer.setOpenLinks(False)
    viewer.setOpenExternalLinks(False)
    viewer.setTabChangesFocus(True)  # Tab must move on, not trap keyboard users in the text
    # Arrow keys, Page Down and Ctrl+End move through the text for keyboard-only readers.
    viewer.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextBrowserInteraction
        | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    viewer.setAccessibleName(accessible_name)
    viewer.document().setDocumentMargin(18)
    viewer.setMarkdown(document.text)
    _scale_headings(viewer)
    if isinstance(document, Agreement):
        highlight_clause(viewer)
    return viewer


#: Qt's Markdown import scales headings by a size adjustment (h1 = +3); a page title is enough.
HEADING_SIZE_ADJUSTMENT = {1: 1, 2: 0, 3: 0}


def _scale_headings(viewer: QTextBrowser) -> None:
    """Markdown headings at a size that suits a page that already has a title."""
    block = viewer.document().begin()
    while block.isValid():
        level = block.blockFormat().headingLevel()
        if level:
            cursor = QTextCursor(block)
            cursor.movePosition(
                QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor
            )
            size = QTextCharFormat()
            size.setProperty(QTextFormat.Property.FontSizeAdjustment,
                             HEADING_SIZE_ADJUSTMENT.get(level, 0))
            cursor.mergeCharFormat(size)
            spacing = QTextBlockFormat()
            spacing.setTopMargin(14 if level > 1 else 0)
            cursor.mergeBlockFormat(spacing)
        block = block.next()


def highlight_clause(viewer: QTextBrowser) -> None:
    """Set the Third Party Information clause apart: shaded, indented, its heading in bold."""
    block = viewer.document().begin()
    while block.isValid():
        if block.text().startswith(THIRD_PARTY_CLAUSE_HEADING):
            cursor = QTextCursor(block)
            block_format = QTextBlockFormat(block.blockFormat())
            block_format.setBackground(CLAUSE_BACKGROUND)
            block_format.setLeftMargin(12)
            block_format.setRightMargin(12)
            block_format.setTopMargin(10)
            block_format.setBottomMargin(14)
            block_format.setLineHeight(125, 1)  # ProportionalHeight
            cursor.setBlockFormat(block_format)
            cursor.movePosition(
                QTextCursor.MoveOperation.Right,
                QTextCursor.MoveMode.KeepAnchor,
                len(THIRD_PARTY_CLAUSE_HEADING),
            )
            bold = QTextCharFormat()
            bold.setFontWeight(QFont.Weight.Bold)
            cursor.mergeCharFormat(bold)
            return
        block = block.next()
