"""Page 7: confirmation with the record id; Finish clears everything for the next hire."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QWidget

from zzsign.domain.clock import Timestamp
from zzsign.views.widgets import Page, button, paragraph


class DonePage(Page):
    """The agreement is signed and saved."""

    title = "Signed — thank you"
    finished = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = paragraph()
        self.body.addWidget(self.summary)
        self.record_id = QLabel()
        self.record_id.setObjectName("recordId")
        self.record_id.setTextFormat(Qt.TextFormat.PlainText)
        self.record_id.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.record_id.setAccessibleName("Record ID")
        self.body.addWidget(self.record_id)
        self.body.addWidget(
            paragraph(
                "Human Resources keeps the signed record. Quote the record ID above if you ever "
                "need a copy. Press Finish when you are done; the screen will be cleared for the "
                "next person."
            )
        )
        self.body.addStretch(1)
        self.finish = button("Finish", primary=True)
        self.finish.clicked.connect(self.finished)
        self.add_footer(left=[], right=[self.finish])

    def show_receipt(self, record_id: str, signed_at: Timestamp) -> None:
        """Show which record was saved and when."""
        when = signed_at.local.strftime("%d %B %Y at %H:%M:%S")
        self.summary.setText(
            f"Your signed agreement was saved on {when} (UTC{signed_at.offset_iso})."
        )
        self.record_id.setText(f"Record ID: {record_id}")

    def on_enter(self) -> None:
        self.finish.setFocus()
