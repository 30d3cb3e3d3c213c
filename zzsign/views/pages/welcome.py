"""Page 1: what this is, how long it takes, a Start button, and the language switch."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import QLabel, QWidget

from zzsign.views.language import LANGUAGE_NAMES, current_language, offered_languages, translate
from zzsign.views.widgets import ErrorMessage, Page, button, paragraph

WELCOME_TEXT = QT_TRANSLATE_NOOP(
    "WelcomePage",
    "Welcome to ZZ Servers. Before you start work, every employee reads and signs the Employee "
    "Confidentiality Agreement. It explains how we protect our customers' information, their "
    "accounts and their communications, and what that asks of you.",
)
STEPS_TEXT = QT_TRANSLATE_NOOP(
    "WelcomePage",
    "It takes about 10 minutes. You will enter your details, agree to sign electronically, read "
    "the agreement, and sign it with a mouse, pen, finger or your keyboard. At the end you can "
    "save or print a signed copy.",
)
PRIVACY_TEXT = QT_TRANSLATE_NOOP(
    "WelcomePage",
    "This computer is shared. When you finish, or after a few minutes without activity, "
    "everything you entered is cleared from the screen.",
)


class WelcomePage(Page):
    """The first page the next hire sees.

    When more than one language is offered, a button per other language (named in that
    language: "Español") asks for the interface in it: ``language_requested`` carries its
    code, and the window builds the wizard again in that language (the page holds nothing
    typed). With only English offered there is no switch.
    """

    title = QT_TRANSLATE_NOOP("Page", "Employee Confidentiality Agreement")
    start_requested = Signal()
    language_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for text in (WELCOME_TEXT, STEPS_TEXT, PRIVACY_TEXT):
            self.body.addWidget(paragraph(translate("WelcomePage", text)))
        self.status = QLabel(translate("WelcomePage", "Getting ready…"))
        self.status.setObjectName("muted")
        self.body.addWidget(self.status)
        self.problem = ErrorMessage()
        self.body.addWidget(self.problem)
        self.body.addStretch(1)
        #: One button per other offered language, by its code.
        self.languages = {
            code: button(LANGUAGE_NAMES[code])
            for code in offered_languages()
            if code != current_language()
        }
        for code, switch in self.languages.items():
            switch.clicked.connect(lambda _checked=False, c=code: self.language_requested.emit(c))
        self.start = button(translate("WelcomePage", "Start"), primary=True)
        self.start.setEnabled(False)
        self.start.clicked.connect(self.start_requested)
        self.add_footer(left=list(self.languages.values()), right=[self.start])

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
