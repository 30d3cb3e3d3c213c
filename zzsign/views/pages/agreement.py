"""Page 4: the full agreement; Continue only once the end is reached and both ticks are given."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QLabel, QWidget

from zzsign.domain.documents import Agreement, Section
from zzsign.views.documents import binding_text_note, document_viewer
from zzsign.views.language import translate
from zzsign.views.widgets import Page, button, checkbox

CLAUSE_NAME = QT_TRANSLATE_NOOP("AgreementPage", "I acknowledge the Third Party Information clause")
AGREEMENT_LABEL = QT_TRANSLATE_NOOP(
    "AgreementPage", "I have read the whole agreement and agree to be bound by it"
)
SCROLL_HINT = QT_TRANSLATE_NOOP("AgreementPage", "Scroll to the end of the agreement to continue.")
END_REACHED = QT_TRANSLATE_NOOP("AgreementPage", "You have reached the end of the agreement.")
#: End and Home in the text go to its end and start, as in a web page or a PDF viewer (in a text
#: with a keyboard cursor they would only reach the end or start of a line).
_WHOLE_TEXT_MOVES = {
    Qt.Key.Key_End: QTextCursor.MoveOperation.End,
    Qt.Key.Key_Home: QTextCursor.MoveOperation.Start,
}


def clause_label(section: Section | None) -> str:
    """The clause's acknowledgement, naming the section the clause stands in (in the
    interface's language; the section's title as the agreement has it).

    "… clause (section 4)"; for an unnumbered section, "… (in the section “Duties”)"; no
    section, or one titled after the clause itself, names the clause alone.
    """
    if section is None:
        return translate("AgreementPage", CLAUSE_NAME)
    if section.number:
        return translate(
            "AgreementPage", "I acknowledge the Third Party Information clause (section {number})"
        ).format(number=section.number)
    if section.title.casefold().rstrip(".") != "third party information":
        return translate(
            "AgreementPage",
            "I acknowledge the Third Party Information clause (in the section “{title}”)",
        ).format(title=section.title)
    return translate("AgreementPage", CLAUSE_NAME)


class AgreementPage(Page):
    """The agreement text with a scroll gate and two acknowledgements.

    The gate opens once the last line of the text has been on screen, however it got there
    (keys, wheel, scroll bar, a screen reader, or a window tall enough to show it all): it
    watches the vertical scroll bar's value and range, and nothing else.
    """

    title = QT_TRANSLATE_NOOP("Page", "Read the agreement")
    reached_end = Signal()
    clause_acknowledged = Signal()
    agreement_acknowledged = Signal()
    completed = Signal()
    back_requested = Signal()

    def __init__(self, agreement: Agreement, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        name = translate("AgreementPage", "{title}, version {version}").format(
            title=agreement.title, version=agreement.version
        )
        self.viewer = document_viewer(agreement, name)
        self.viewer.installEventFilter(self)
        self.body.addWidget(self.viewer, 1)
        binding = binding_text_note()
        if binding is not None:
            self.body.addWidget(binding)
        self.hint = QLabel(translate("AgreementPage", SCROLL_HINT))
        self.hint.setWordWrap(True)
        self.hint.setObjectName("muted")
        self.body.addWidget(self.hint)
        self.acknowledge_clause = checkbox(clause_label(agreement.third_party_clause_section))
        self.acknowledge_agreement = checkbox(translate("AgreementPage", AGREEMENT_LABEL))
        for box in (self.acknowledge_clause, self.acknowledge_agreement):
            box.setEnabled(False)
            box.toggled.connect(self._update)
            self.body.addWidget(box, 0, Qt.AlignmentFlag.AlignLeft)  # its focus ring hugs it
        self.acknowledge_clause.toggled.connect(lambda on: on and self.clause_acknowledged.emit())
        self.acknowledge_agreement.toggled.connect(
            lambda on: on and self.agreement_acknowledged.emit()
        )
        self.back = button(translate("AgreementPage", "Back"))
        self.back.clicked.connect(self.back_requested)
        self.next = button(translate("AgreementPage", "Continue"), primary=True)
        self.next.setEnabled(False)
        self.next.clicked.connect(self.completed)
        self.add_footer(left=[self.back], right=[self.next])

        self.has_reached_end = False
        bar = self.viewer.verticalScrollBar()
        bar.valueChanged.connect(self._check_end)
        bar.rangeChanged.connect(self._check_end)

    def end_in_view(self) -> bool:
        """Whether the last line of the text is on screen now."""
        document = self.viewer.document()
        last_line = document.documentLayout().blockBoundingRect(document.lastBlock())
        shown_down_to = self.viewer.verticalScrollBar().value() + self.viewer.viewport().height()
        return shown_down_to >= last_line.bottom() - 1  # a pixel's rounding

    def _check_end(self, *_args: int) -> None:
        if self.has_reached_end or not self.isVisible() or not self.end_in_view():
            return
        self.has_reached_end = True
        self.hint.setText(translate("AgreementPage", END_REACHED))
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

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """End and Home in the text move to its end and start (the gate sees the scroll)."""
        if (
            watched is self.viewer
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            == Qt.KeyboardModifier.NoModifier
            and event.key() in _WHOLE_TEXT_MOVES
        ):
            self.viewer.moveCursor(_WHOLE_TEXT_MOVES[Qt.Key(event.key())])
            return True
        return super().eventFilter(watched, event)

    def on_enter(self) -> None:
        self.viewer.setFocus()
        self._check_end()
