"""HR's way in from the kiosk: the HR password unlocks HR's key and so the workspace."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import QFormLayout, QLineEdit

from zzsign.views.language import translate
from zzsign.views.widgets import ErrorMessage, FittingDialog, dialog_buttons, dialog_layout

if TYPE_CHECKING:
    from zzsign.services.hr import HrAccess

PASSWORD_LABEL = QT_TRANSLATE_NOOP("HrUnlockDialog", "HR password")


class HrUnlockDialog(FittingDialog):
    """Asks for the HR password; on success emits ``unlocked`` with HR's private key."""

    unlocked = Signal(bytes)

    def __init__(self, hr: HrAccess, parent=None) -> None:
        super().__init__(parent)
        self._hr = hr
        self.setWindowTitle(translate("HrUnlockDialog", "HR workspace"))
        self.setMinimumWidth(480)
        layout = dialog_layout(
            self,
            translate("HrUnlockDialog", "Open the HR workspace"),
            translate(
                "HrUnlockDialog",
                "For HR only. The workspace locks itself after a few idle minutes, and "
                "when you choose Lock.",
            ),
        )
        form = QFormLayout()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        password_label = translate("HrUnlockDialog", PASSWORD_LABEL)
        self.password.setAccessibleName(password_label)
        form.addRow(password_label, self.password)
        layout.addLayout(form)
        self.problem = ErrorMessage()
        layout.addWidget(self.problem)
        buttons, self.confirm, _cancel = dialog_buttons(self, translate("HrUnlockDialog", "Unlock"))
        self.confirm.clicked.connect(self.submit)  # Enter presses it (the dialog's default)
        layout.addLayout(buttons)
        self.rejected.connect(self.password.clear)
        self.password.setFocus()

    def submit(self) -> None:
        """Try the password: open the workspace, or say what is wrong (and how long to wait)."""
        from zzsign.services.errors import UserFacingError

        try:
            key = self._hr.unlock(self.password.text())
        except UserFacingError as refused:
            self.password.clear()
            self.problem.show_message(refused.message)
            self.password.setFocus()  # the dialog stays open for another try
            return
        self.password.clear()
        self.problem.show_message(None)
        self.accept()
        self.unlocked.emit(key)
