"""Voiding a record from HR's workspace: HR gives the reason; nothing is deleted."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit

from zzsign.domain.voids import REASON_MAX, REASON_MIN, clean_reason
from zzsign.views.language import translate
from zzsign.views.widgets import ErrorMessage, FittingDialog, dialog_buttons, dialog_layout

if TYPE_CHECKING:
    from zzsign.services.voiding import VoidReceipt

REASON_LABEL = QT_TRANSLATE_NOOP("VoidDialog", "Reason for voiding")
SIGNER_LABEL = QT_TRANSLATE_NOOP("VoidDialog", "Signer")
SIGNED_AT_LABEL = QT_TRANSLATE_NOOP("VoidDialog", "Signed at")
RECORD_ID_LABEL = QT_TRANSLATE_NOOP("VoidDialog", "Record ID")
CONFIRM_LABEL = QT_TRANSLATE_NOOP("VoidDialog", "Void record")
EXPLANATION = QT_TRANSLATE_NOOP(
    "VoidDialog",
    "The record is kept and marked void: nothing is deleted. Your reason, the time and who "
    "voided it become a signed entry of the record's chain, which verification checks. A record "
    "can be voided only once, and a void cannot be undone.",
)


class VoidDialog(FittingDialog):
    """Asks why a record is to be voided, then voids it through ``void``.

    The record is named by its signer, signing time and id, so that HR sees which one goes.

    ``void`` takes the reason as typed and returns the receipt, or raises a ``UserFacingError``
    whose one sentence is shown here, the typed reason staying in its field for another try.
    On success the dialog emits ``voided`` with the receipt and closes.
    """

    voided = Signal(object)

    def __init__(
        self,
        record_id: str,
        signer: str,
        signed_at: str,
        void: Callable[[str], VoidReceipt],
        parent=None,
    ) -> None:
        super().__init__(parent)
        self.record_id = record_id
        self._void = void
        self.setWindowTitle(translate("VoidDialog", CONFIRM_LABEL))
        self.setMinimumWidth(600)
        layout = dialog_layout(
            self, translate("VoidDialog", "Void this record?"), translate("VoidDialog", EXPLANATION)
        )
        form = QFormLayout()
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(10)
        self.summary: dict[str, QLabel] = {}
        for caption, text in (
            (SIGNER_LABEL, signer),
            (SIGNED_AT_LABEL, signed_at),
            (RECORD_ID_LABEL, record_id),
        ):
            value = QLabel(text)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setWordWrap(caption == SIGNER_LABEL)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAccessibleName(translate("VoidDialog", caption))
            self.summary[caption] = value  # by its English caption
            form.addRow(translate("VoidDialog", caption), value)
        self.reason = QLineEdit()
        self.reason.setAccessibleName(translate("VoidDialog", REASON_LABEL))
        self.reason.setPlaceholderText(translate("VoidDialog", "e.g. Signed under the wrong name"))
        reason_label = QLabel(translate("VoidDialog", REASON_LABEL))
        reason_label.setBuddy(self.reason)
        form.addRow(reason_label, self.reason)
        hint = QLabel(
            translate(
                "VoidDialog",
                "Required: {least} to {most} characters, saying why the record no longer stands.",
            ).format(least=REASON_MIN, most=REASON_MAX)
        )
        hint.setObjectName("muted")
        hint.setWordWrap(True)
        form.addRow("", hint)
        layout.addLayout(form)
        layout.addStretch(1)  # room a message leaves behind stays above the buttons
        self.problem = ErrorMessage()
        layout.addWidget(self.problem)
        buttons, self.confirm, _cancel = dialog_buttons(
            self, translate("VoidDialog", CONFIRM_LABEL)
        )
        self.confirm.clicked.connect(self.submit)  # Enter presses it (the dialog's default)
        layout.addLayout(buttons)
        self.reason.textEdited.connect(lambda _text: self.problem.show_message(None))
        self.reason.setFocus()

    def submit(self) -> None:
        """Check the reason, then void the record (or say, in one sentence, what to do)."""
        from zzsign.services.errors import UserFacingError

        _cleaned, problem = clean_reason(self.reason.text())
        if problem is not None:
            self._refuse(problem)
            return
        try:
            receipt = self._void(self.reason.text())
        except UserFacingError as refused:
            self._refuse(refused.message)
            return
        self.problem.show_message(None)
        self.accept()
        self.voided.emit(receipt)

    def _refuse(self, message: str) -> None:
        """Stay open with ``message``; the reason stays, selected, to be corrected or retyped."""
        self.problem.show_message(message)
        self.reason.setFocus()
        self.reason.selectAll()
