"""Showing versioned documents: the exact text, rendered, with the clause made distinct."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QTextBrowser

from zzsign.domain.documents import Agreement, VersionedDocument
from zzsign.services.drawing import frame_clause, scale_headings
from zzsign.views.language import SOURCE_LANGUAGE, current_language

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


def binding_text_note() -> QLabel | None:
    """In a translated interface: a line saying that the document beside it is shown as HR
    published it, untranslated, and that this text is the one that binds. None in English
    (the documents' own language)."""
    if current_language() == SOURCE_LANGUAGE:
        return None
    text = QCoreApplication.translate(
        "Documents",
        "This text is shown exactly as HR published it, without translation: it is "
        "the text you agree to and sign.",
    )
    note = QLabel(text)
    note.setObjectName("muted")
    note.setWordWrap(True)
    note.setTextFormat(Qt.TextFormat.PlainText)
    note.setAccessibleName(text)
    return note
