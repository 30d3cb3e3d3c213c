"""HR's way in from the kiosk: the HR password unlocks HR's key and so the workspace."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import QApplication, QFormLayout, QLineEdit

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
        self._checking = translate("HrUnlockDialog", "Checking…")
        self.confirm.setMinimumWidth(  # wide enough for both of its words: it never jumps
            max(
                self.confirm.sizeHint().width(),
                self.confirm.fontMetrics().horizontalAdvance(self._checking)
                + self.confirm.sizeHint().width()
                - self.confirm.fontMetrics().horizontalAdvance(self.confirm.text()),
            )
        )
        self.confirm.clicked.connect(self.submit)  # Enter presses it (the dialog's default)
        layout.addLayout(buttons)
        self.rejected.connect(self.password.clear)
        self.password.setFocus()

    def submit(self) -> None:
        """Try the password: open the workspace, or say what is wrong (and how long to wait).

        Opening HR's key takes about a second by design (argon2id at 256 MiB): meanwhile the
        button says so, greyed, and the pointer is busy, so HR does not press again."""
        from zzsign.services.errors import UserFacingError

        unlock_text = self.confirm.text()
        self.confirm.setText(self._checking)
        self.confirm.setEnabled(False)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        self.repaint()  # painted now: the check below holds this thread for about a second
        try:
            key = self._hr.unlock(self.password.text())
        except UserFacingError as refused:
            self.password.clear()
            self.problem.show_message(refused.message)
            self.password.setFocus()  # the dialog stays open for another try
            return
        finally:
            QApplication.restoreOverrideCursor()
            self.confirm.setText(unlock_text)
            self.confirm.setEnabled(True)
        self.password.clear()
        self.problem.show_message(None)
        self.accept()
        self.unlocked.emit(key)
