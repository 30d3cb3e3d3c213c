"""Page 7: confirmation with the record id, the hire's signed copy; Finish clears everything."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QWidget

from zzsign.domain.clock import Timestamp
from zzsign.views.widgets import ErrorMessage, Page, button, paragraph

SAVE_LABEL = "Save a copy…"
PRINT_LABEL = "Print…"


def ask_where_to_save(parent: QWidget, suggested: str) -> str | None:
    """The system's Save dialog; None if the person cancels."""
    path, _filter = QFileDialog.getSaveFileName(
        parent, "Save your signed copy", suggested, "PDF documents (*.pdf)"
    )
    return path or None


class DonePage(Page):
    """The agreement is signed and saved; the hire may take a copy."""

    title = "Signed — thank you"
    finished = Signal()
    save_requested = Signal()
    print_requested = Signal()

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
                "Take your own copy of the signed agreement: save it (for example to a USB "
                "drive) or print it. Human Resources keeps the signed record; quote the record "
                "ID above if you ever need another copy."
            )
        )
        actions = QHBoxLayout()
        self.save = button(SAVE_LABEL)
        self.save.clicked.connect(self.save_requested)
        self.print = button(PRINT_LABEL)
        self.print.clicked.connect(self.print_requested)
        actions.addWidget(self.save)
        actions.addWidget(self.print)
        actions.addStretch(1)
        self.body.addLayout(actions)
        self.copy_status = QLabel()
        self.copy_status.setObjectName("muted")
        self.copy_status.setWordWrap(True)
        self.body.addWidget(self.copy_status)
        self.problem = ErrorMessage()
        self.body.addWidget(self.problem)
        self.body.addWidget(
            paragraph("Press Finish when you are done; the screen will be cleared for the next "
                      "person.")
        )
        self.body.addStretch(1)
        self.finish = button("Finish", primary=True)
        self.finish.clicked.connect(self.finished)
        self.add_footer(left=[], right=[self.finish])
        #: Replaced in tests; asks where to save.
        self.choose_path: Callable[[QWidget, str], str | None] = ask_where_to_save

    def show_receipt(self, record_id: str, signed_at: Timestamp) -> None:
        """Show which record was saved and when."""
        when = signed_at.local.strftime("%d %B %Y at %H:%M:%S")
        self.summary.setText(
            f"Your signed agreement was saved on {when} (UTC{signed_at.offset_iso})."
        )
        self.record_id.setText(f"Record ID: {record_id}")

    def show_copy_result(self, message: str, *, failed: bool = False) -> None:
        """Say what happened to the copy (saved where, printed, or what went wrong)."""
        self.problem.show_message(message if failed else None)
        self.copy_status.setText("" if failed else message)

    def on_enter(self) -> None:
        self.finish.setFocus()


def suggested_file_name(signed_at: Timestamp) -> str:
    """A file name that says what the copy is, without the hire's name in it."""
    name = f"ZZ Servers Confidentiality Agreement (signed {signed_at.local:%Y-%m-%d}).pdf"
    return str(Path.home() / name)
