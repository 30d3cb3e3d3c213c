"""Page 3: the ESIGN-style disclosure and consent; and the polite end if the hire declines."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QWidget

from zzsign.domain.documents import VersionedDocument
from zzsign.views.documents import document_viewer
from zzsign.views.widgets import Page, button, checkbox, paragraph

CONSENT_LABEL = "I agree to receive and sign this agreement electronically"


class ConsentPage(Page):
    """The disclosure, a tick to agree, and a way to decline."""

    title = "Signing electronically"
    consented = Signal()
    declined = Signal()
    back_requested = Signal()

    def __init__(self, disclosure: VersionedDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.viewer = document_viewer(disclosure, "Electronic records disclosure")
        self.body.addWidget(self.viewer, 1)
        self.agree = checkbox(CONSENT_LABEL)
        self.body.addWidget(self.agree, 0, Qt.AlignmentFlag.AlignLeft)  # its focus ring hugs it
        self.back = button("Back")
        self.back.clicked.connect(self.back_requested)
        self.decline = button("I do not agree")
        self.decline.clicked.connect(self.declined)
        self.next = button("Continue", primary=True)
        self.next.setEnabled(False)
        self.agree.toggled.connect(self.next.setEnabled)
        self.next.clicked.connect(self.consented)
        self.add_footer(left=[self.back], right=[self.decline, self.next])

    def on_enter(self) -> None:
        self.agree.setFocus()


class DeclinedPage(Page):
    """Shown when the hire declines electronic records: nothing personal was kept.

    *Go back* undoes a mis-click: the consent page again, with everything entered still there.
    """

    title = "No problem — you can sign on paper"
    finished = Signal()
    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.body.addWidget(
            paragraph(
                "You chose not to sign electronically, and that is completely fine. Please ask "
                "Human Resources for the paper version of the Employee Confidentiality Agreement; "
                "they will go through it with you."
            )
        )
        self.body.addWidget(
            paragraph("Nothing you entered here has been saved. Press Finish to clear the "
                      "screen, or Go back if you chose this by mistake.")
        )
        self.body.addStretch(1)
        self.back = button("Go back")
        self.back.clicked.connect(self.back_requested)
        self.finish = button("Finish", primary=True)
        self.finish.clicked.connect(self.finished)
        self.add_footer(left=[self.back], right=[self.finish])

    def on_enter(self) -> None:
        self.finish.setFocus()
