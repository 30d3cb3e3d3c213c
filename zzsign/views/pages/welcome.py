"""Page 1: what this is, how long it takes, and a Start button."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget

from zzsign.views.widgets import ErrorMessage, Page, button, paragraph

WELCOME_TEXT = (
    "Welcome to ZZ Servers. Before you start work, every employee reads and signs the Employee "
    "Confidentiality Agreement. It explains how we protect our customers' information, their "
    "accounts and their communications, and what that asks of you."
)
STEPS_TEXT = (
    "It takes about 10 minutes. You will enter your details, agree to sign electronically, read "
    "the agreement, and sign it with a mouse, pen, finger or your keyboard. At the end you can "
    "save or print a signed copy."
)
PRIVACY_TEXT = (
    "This computer is shared. When you finish, or after a few minutes without activity, "
    "everything you entered is cleared from the screen."
)


class WelcomePage(Page):
    """The first page the next hire sees."""

    title = "Employee Confidentiality Agreement"
    start_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for text in (WELCOME_TEXT, STEPS_TEXT, PRIVACY_TEXT):
            self.body.addWidget(paragraph(text))
        self.status = QLabel("Getting ready…")
        self.status.setObjectName("muted")
        self.body.addWidget(self.status)
        self.problem = ErrorMessage()
        self.body.addWidget(self.problem)
        self.body.addStretch(1)
        self.start = button("Start", primary=True)
        self.start.setEnabled(False)
        self.start.clicked.connect(self.start_requested)
        self.add_footer(left=[], right=[self.start])

    def set_ready(self) -> None:
        """The store is open: signing can begin."""
        self.status.hide()
        self.problem.show_message(None)
        self.start.setEnabled(True)

    def set_unavailable(self, message: str) -> None:
        """Signing cannot start (the store could not be opened, or HR has not set this laptop
        up): say why in words for a hire, and keep Start disabled."""
        self.status.hide()
        self.problem.show_message(message)
        self.start.setEnabled(False)

    def on_enter(self) -> None:
        if self.start.isEnabled():
            self.start.setFocus()
