"""Page 3: the ESIGN-style disclosure and consent; and the polite end if the hire declines."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import QWidget

from zzsign.domain.documents import VersionedDocument
from zzsign.views.documents import binding_text_note, document_viewer
from zzsign.views.language import translate
from zzsign.views.widgets import Page, button, checkbox, paragraph

CONSENT_LABEL = QT_TRANSLATE_NOOP(
    "ConsentPage", "I agree to receive and sign this agreement electronically"
)


class ConsentPage(Page):
    """The disclosure, a tick to agree, and a way to decline."""

    title = QT_TRANSLATE_NOOP("Page", "Signing electronically")
    consented = Signal()
    declined = Signal()
    back_requested = Signal()

    def __init__(self, disclosure: VersionedDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.viewer = document_viewer(
            disclosure, translate("ConsentPage", "Electronic records disclosure")
        )
        self.body.addWidget(self.viewer, 1)
        binding = binding_text_note()
        if binding is not None:
            self.body.addWidget(binding)
        self.agree = checkbox(translate("ConsentPage", CONSENT_LABEL))
        self.body.addWidget(self.agree, 0, Qt.AlignmentFlag.AlignLeft)  # its focus ring hugs it
        self.back = button(translate("ConsentPage", "Back"))
        self.back.clicked.connect(self.back_requested)
        self.decline = button(translate("ConsentPage", "I do not agree"))
        self.decline.clicked.connect(self.declined)
        self.next = button(translate("ConsentPage", "Continue"), primary=True)
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

    title = QT_TRANSLATE_NOOP("Page", "No problem — you can sign on paper")
    finished = Signal()
    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.body.addWidget(
            paragraph(
                translate(
                    "DeclinedPage",
                    "You chose not to sign electronically, and that is completely fine. Please ask "
                    "Human Resources for the paper version of the Employee Confidentiality "
                    "Agreement; they will go through it with you.",
                )
            )
        )
        self.body.addWidget(
            paragraph(
                translate(
                    "DeclinedPage",
                    "Nothing you entered here has been saved. Press Finish to clear the "
                    "screen, or Go back if you chose this by mistake.",
                )
            )
        )
        self.body.addStretch(1)
        self.back = button(translate("DeclinedPage", "Go back"))
        self.back.clicked.connect(self.back_requested)
        self.finish = button(translate("DeclinedPage", "Finish"), primary=True)
        self.finish.clicked.connect(self.finished)
        self.add_footer(left=[self.back], right=[self.finish])

    def on_enter(self) -> None:
        self.finish.setFocus()
