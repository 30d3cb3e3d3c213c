"""Page 4: the full agreement; Continue only once the end is reached and both ticks are given."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget

from zzsign.domain.documents import Agreement
from zzsign.views.documents import document_viewer
from zzsign.views.widgets import Page, button, checkbox

CLAUSE_LABEL = "I acknowledge the Third Party Information clause (section 4)"
AGREEMENT_LABEL = "I have read the whole agreement and agree to be bound by it"
SCROLL_HINT = "Scroll to the end of the agreement to continue."
END_REACHED = "You have reached the end of the agreement."


class AgreementPage(Page):
    """The agreement text with a scroll gate and two acknowledgements."""

    title = "Read the agreement"
    reached_end = Signal()
    clause_acknowledged = Signal()
    agreement_acknowledged = Signal()
    completed = Signal()
    back_requested = Signal()

    def __init__(self, agreement: Agreement, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.viewer = document_viewer(agreement, f"{agreement.title}, version {agreement.version}")
        self.body.addWidget(self.viewer, 1)
        self.hint = QLabel(SCROLL_HINT)
        self.hint.setObjectName("muted")
        self.body.addWidget(self.hint)
        self.acknowledge_clause = checkbox(CLAUSE_LABEL)
        self.acknowledge_agreement = checkbox(AGREEMENT_LABEL)
        for box in (self.acknowledge_clause, self.acknowledge_agreement):
            box.setEnabled(False)
            box.toggled.connect(self._update)
            self.body.addWidget(box)
        self.acknowledge_clause.toggled.connect(
            lambda on: on and self.clause_acknowledged.emit()
        )
        self.acknowledge_agreement.toggled.connect(
            lambda on: on and self.agreement_acknowledged.emit()
        )
        self.back = button("Back")
        self.back.clicked.connect(self.back_requested)
        self.next = button("Continue", primary=True)
        self.next.setEnabled(False)
        self.next.clicked.connect(self.completed)
        self.add_footer(left=[self.back], right=[self.next])

        self.has_reached_end = False
        bar = self.viewer.verticalScrollBar()
        bar.valueChanged.connect(self._check_end)
        bar.rangeChanged.connect(self._check_end)

    def _check_end(self, *_args: int) -> None:
        bar = self.viewer.verticalScrollBar()
        if self.has_reached_end or not self.isVisible() or bar.value() < bar.maximum():
            return
        self.has_reached_end = True
        self.hint.setText(END_REACHED)
        for box in (self.acknowledge_clause, self.acknowledge_agreement):
            box.setEnabled(True)
        self.reached_end.emit()
        self._update()

    def _update(self) -> None:
        self.next.setEnabled(
            self.has_reached_end
            and self.acknowledge_clause.isChecked()
            and self.acknowledge_agreement.isChecked()
        )

    def on_enter(self) -> None:
        self.viewer.setFocus()
        self._check_end()
