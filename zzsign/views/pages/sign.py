"""Page 5: sign — drawn with mouse, pen or touch, or typed in a handwriting font."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from zzsign.domain.documents import Agreement
from zzsign.domain.signature import Signature, typed_name_problem
from zzsign.domain.signer import MAX_LENGTH, Field
from zzsign.services.drawing import typed_signature
from zzsign.views.language import signature_meaning, translate
from zzsign.views.signature_pad import SignaturePad, TypedSignaturePreview
from zzsign.views.widgets import ErrorMessage, Page, button, paragraph, radio

DRAW_LABEL = QT_TRANSLATE_NOOP("SignPage", "Draw my signature")
TYPE_LABEL = QT_TRANSLATE_NOOP("SignPage", "Type my signature")
TYPED_NAME_LABEL = QT_TRANSLATE_NOOP("SignPage", "Type your full legal name")
#: Room for the longest legal name with spaces to spare; a longer paste is cut here rather than
#: drawn (a name tens of thousands of characters long is too wide to render as an image).
TYPED_NAME_MAX_LENGTH = 2 * MAX_LENGTH[Field.FULL_NAME]


class SignPage(Page):
    """The meaning of the signature above it, then a pad or a typed name."""

    title = QT_TRANSLATE_NOOP("Page", "Sign the agreement")
    adopted = Signal(object)  # Signature
    back_requested = Signal()

    def __init__(self, agreement: Agreement, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full_name = ""
        # In another language than English: its rendering, and that the English is recorded.
        rendering, recorded = signature_meaning(agreement.meaning)
        self.meaning = QLabel(rendering)
        self.meaning.setObjectName("meaning")
        self.meaning.setWordWrap(True)
        self.body.addWidget(self.meaning)
        #: Under a translated meaning: the English wording the record keeps (None in English).
        self.meaning_recorded: QLabel | None = None
        if recorded is not None:
            self.meaning_recorded = paragraph(recorded)
            self.meaning_recorded.setObjectName("muted")
            self.body.addWidget(self.meaning_recorded)

        choice = QHBoxLayout()
        self.draw_choice = radio(translate("SignPage", DRAW_LABEL))
        self.type_choice = radio(translate("SignPage", TYPE_LABEL))
        self._choices = QButtonGroup(self)
        for option in (self.draw_choice, self.type_choice):
            self._choices.addButton(option)
            choice.addWidget(option)
        choice.addStretch(1)
        self.body.addLayout(choice)

        self.modes = QStackedWidget()
        draw = QWidget()
        draw_layout = QHBoxLayout(draw)
        draw_layout.setContentsMargins(0, 0, 0, 0)
        self.pad = SignaturePad()
        draw_layout.addWidget(self.pad, 1)
        self.clear = button(translate("SignPage", "Clear"))
        self.clear.clicked.connect(self.pad.clear)
        draw_layout.addWidget(self.clear)
        self.modes.addWidget(draw)

        typed = QWidget()
        typed_layout = QHBoxLayout(typed)
        typed_layout.setContentsMargins(0, 0, 0, 0)
        column = QWidget()
        column_layout = QVBoxLayout(column)
        column_layout.setContentsMargins(0, 0, 0, 0)
        label = QLabel(translate("SignPage", TYPED_NAME_LABEL))
        self.typed_name = QLineEdit()
        self.typed_name.setMaxLength(TYPED_NAME_MAX_LENGTH)
        self.typed_name.setAccessibleName(translate("SignPage", TYPED_NAME_LABEL))
        label.setBuddy(self.typed_name)
        self.preview = TypedSignaturePreview()
        self.typed_name.textChanged.connect(self.preview.set_text)
        self.typed_name.textChanged.connect(self._typed_name_changed)
        self.typed_name.returnPressed.connect(self.submit)
        column_layout.addWidget(label)
        column_layout.addWidget(self.typed_name)
        column_layout.addWidget(self.preview)
        typed_layout.addWidget(column)
        self.modes.addWidget(typed)
        self.body.addWidget(self.modes)

        self.problem = ErrorMessage()
        self.body.addWidget(self.problem)
        self.body.addStretch(1)

        self.draw_choice.toggled.connect(lambda on: on and self._show_mode(0))
        self.type_choice.toggled.connect(lambda on: on and self._show_mode(1))
        self.draw_choice.setChecked(True)
        self.pad.changed.connect(lambda: self.problem.show_message(None))

        self.back = button(translate("SignPage", "Back"))
        self.back.clicked.connect(self.back_requested)
        self.next = button(translate("SignPage", "Continue"), primary=True)
        self.next.clicked.connect(self.submit)
        self.add_footer(left=[self.back], right=[self.next])

    def set_full_name(self, full_name: str) -> None:
        """The legal name a typed signature must match."""
        self._full_name = full_name

    def _typed_name_changed(self, text: str) -> None:
        """A message about the typed name goes as soon as the name typed is right."""
        if self.problem.text() and typed_name_problem(text, self._full_name) is None:
            self.problem.show_message(None)

    def _show_mode(self, index: int) -> None:
        self.modes.setCurrentIndex(index)
        self.problem.show_message(None)
        if index == 1:
            self.typed_name.setFocus()

    def signature(self) -> Signature:
        """The signature currently on screen (drawn or typed)."""
        if self.type_choice.isChecked():
            return typed_signature(self.typed_name.text())
        return self.pad.to_signature()

    def submit(self) -> None:
        """Refuse an empty or trivial signature with a message; otherwise adopt it."""
        signature = self.signature()
        if self.recheck(signature):
            self.adopted.emit(signature)

    def recheck(self, signature: Signature | None = None) -> bool:
        """Check the signature on screen against the legal name (it may just have changed).

        Shows what to fix, or clears the message; True if the signature can be adopted.
        """
        problem = (signature or self.signature()).problem(self._full_name)
        self.problem.show_message(problem)
        return problem is None

    def on_enter(self) -> None:
        (self.typed_name if self.type_choice.isChecked() else self.draw_choice).setFocus()
