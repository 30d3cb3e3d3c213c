"""Showing versioned documents: the exact text, rendered, with the clause made distinct."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTextBrowser

from zzsign.domain.documents import Agreement, VersionedDocument
from zzsign.services.drawing import frame_clause, scale_headings

#: Qt's Markdown import scales headings by a size adjustment (h1 = +3); a page title is enough.
HEADING_SIZE_ADJUSTMENT = {1: 1, 2: 0, 3: 0}


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
    scale_headings(viewer.document(), HEADING_SIZE_ADJUSTMENT, space_above=14)
    if isinstance(document, Agreement):
        frame_clause(viewer.document(), padding=10, border=1, space=6)
    return viewer

