"""First HR use on this laptop: choose the HR password (typed twice)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QFormLayout, QLineEdit

from zzsign.views.widgets import ErrorMessage, dialog_buttons, dialog_layout

if TYPE_CHECKING:
    from zzsign.services.hr import HrAccess

NEW_LABEL = "New HR password"
REPEAT_LABEL = "Repeat the HR password"


class HrSetupDialog(QDialog):
    """Asks HR for a new password and creates HR's key with it."""

    def __init__(self, hr: HrAccess, parent=None) -> None:
        super().__init__(parent)
        self._hr = hr
        self.setWindowTitle("Set up for HR")
        self.setMinimumWidth(520)
        layout = dialog_layout(
            self,
            "Set the HR password",
            "Signed records are sealed so that only HR can read them. Choose the password HR "
            "will use to open them: at least 12 characters. Keep it safe — without it nobody, "
            "not even IT, can read the signers' names."
        )
        form = QFormLayout()
        self.password = QLineEdit()
        self.repeat = QLineEdit()
        for field, label in ((self.password, NEW_LABEL), (self.repeat, REPEAT_LABEL)):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setAccessibleName(label)
            form.addRow(label, field)
        layout.addLayout(form)
        self.problem = ErrorMessage()
        layout.addWidget(self.problem)
        buttons, self.confirm = dialog_buttons(self, "Set password")
        self.confirm.clicked.connect(self.submit)
        layout.addLayout(buttons)
        self.repeat.returnPressed.connect(self.submit)

    def submit(self) -> None:
        """Check the two entries match, then set the password (or say what to fix)."""
        from zzsign.services.errors import UserFacingError

        if self.password.text() != self.repeat.text():
            self.problem.show_message("The two passwords are different; type the same one twice.")
            return
        try:
            self._hr.set_up(self.password.text())
        except UserFacingError as refused:
            self.problem.show_message(refused.message)
            return
        self.password.clear()
        self.repeat.clear()
        self.accept()
