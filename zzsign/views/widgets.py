"""Small building blocks shared by the kiosk pages: accessible controls, headings, messages."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

ERROR_COLOUR = "#b3261e"


def visible_text(label: str) -> str:
    """A label as read aloud: without the ``&`` that marks a keyboard mnemonic."""
    return label.replace("&&", "\0").replace("&", "").replace("\0", "&")


def button(label: str, *, primary: bool = False) -> QPushButton:
    """A push button whose accessible name is its visible label."""
    widget = QPushButton(label)
    widget.setAccessibleName(visible_text(label))
    widget.setAutoDefault(True)
    widget.setMinimumHeight(38)
    widget.setMinimumWidth(120)
    if primary:
        widget.setObjectName("primary")
    return widget


def checkbox(label: str) -> QCheckBox:
    """A checkbox whose accessible name is its visible label."""
    widget = QCheckBox(label)
    widget.setAccessibleName(visible_text(label))
    return widget


def radio(label: str) -> QRadioButton:
    """A radio button whose accessible name is its visible label."""
    widget = QRadioButton(label)
    widget.setAccessibleName(visible_text(label))
    return widget


def heading(text: str) -> QLabel:
    """A page title."""
    label = QLabel(text)
    label.setObjectName("heading")
    label.setWordWrap(True)
    label.setAccessibleName(text)
    return label


def paragraph(text: str = "") -> QLabel:
    """Wrapped body text."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    return label


def dialog_layout(dialog: QDialog, title: str, explanation: str) -> QVBoxLayout:
    """A small dialog's layout, started with its heading and one explaining paragraph."""
    layout = QVBoxLayout(dialog)
    layout.setContentsMargins(28, 24, 28, 20)
    layout.setSpacing(12)
    layout.addWidget(heading(title))
    layout.addWidget(paragraph(explanation))
    return layout


def dialog_buttons(dialog: QDialog, confirm_label: str) -> tuple[QHBoxLayout, QPushButton]:
    """A dialog's footer: Cancel (rejects) and the primary button, right-aligned."""
    row = QHBoxLayout()
    row.addStretch(1)
    cancel = button("Cancel")
    cancel.clicked.connect(dialog.reject)
    confirm = button(confirm_label, primary=True)
    row.addWidget(cancel)
    row.addWidget(confirm)
    return row, confirm


class ErrorMessage(QLabel):
    """A red, one-sentence message shown next to what it is about; hidden when empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("error")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_message(self, message: str | None) -> None:
        """Show ``message``, or hide the label when it is None or empty."""
        self.setText(message or "")
        self.setAccessibleName(message or "")
        self.setVisible(bool(message))


class Page(QWidget):
    """A wizard page: a title, a body, and a footer of buttons (secondary left, primary right)."""

    title = ""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(48, 28, 48, 24)
        outer.setSpacing(14)
        outer.addWidget(heading(self.title))
        self.body = QVBoxLayout()
        self.body.setSpacing(12)
        outer.addLayout(self.body, 1)
        self.footer = QHBoxLayout()
        self.footer.setSpacing(12)
        outer.addLayout(self.footer)

    def add_footer(self, *, left: list[QPushButton], right: list[QPushButton]) -> None:
        """Lay out the footer buttons."""
        for widget in left:
            self.footer.addWidget(widget)
        self.footer.addStretch(1)
        for widget in right:
            self.footer.addWidget(widget)

    def on_enter(self) -> None:
        """Called each time the page is shown; override to set focus."""
