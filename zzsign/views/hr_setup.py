"""First HR use on this laptop: choose the HR password (typed twice)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit

from zzsign.views.language import shown, translate
from zzsign.views.widgets import ErrorMessage, FittingDialog, dialog_buttons, dialog_layout

if TYPE_CHECKING:
    from zzsign.services.hr import HrAccess

NEW_LABEL = QT_TRANSLATE_NOOP("HrSetupDialog", "New HR password")
REPEAT_LABEL = QT_TRANSLATE_NOOP("HrSetupDialog", "Repeat the HR password")
#: The live hint under the new password, before anything is typed and once it is strong enough.
STRENGTH_ADVICE = QT_TRANSLATE_NOOP(
    "HrSetupDialog", "Four or more unrelated words make a strong HR password."
)
STRONG_ENOUGH = QT_TRANSLATE_NOOP("HrSetupDialog", "Strong enough.")


class HrSetupDialog(FittingDialog):
    """Asks HR for a new password and creates HR's key with it."""

    def __init__(self, hr: HrAccess, parent=None) -> None:
        super().__init__(parent)
        self._hr = hr
        self.setWindowTitle(translate("HrSetupDialog", "Set up for HR"))
        self.setMinimumWidth(520)
        layout = dialog_layout(
            self,
            translate("HrSetupDialog", "Set the HR password"),
            translate(
                "HrSetupDialog",
                "Signed records are sealed so that only HR can read them. Choose the password HR "
                "will use to open them: at least 12 characters. Keep it safe — without it nobody, "
                "not even IT, can read the signers' names.",
            ),
        )
        form = QFormLayout()
        self.password = QLineEdit()
        self.repeat = QLineEdit()
        for field, source in ((self.password, NEW_LABEL), (self.repeat, REPEAT_LABEL)):
            label = translate("HrSetupDialog", source)
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setAccessibleName(label)
            form.addRow(label, field)
            if field is self.password:
                self.strength = QLabel()
                self.strength.setObjectName("muted")
                self.strength.setWordWrap(True)
                form.addRow("", self.strength)
        self.password.textChanged.connect(self._show_strength)
        self._show_strength("")
        layout.addLayout(form)
        self.problem = ErrorMessage()
        layout.addWidget(self.problem)
        buttons, self.confirm, _cancel = dialog_buttons(
            self, translate("HrSetupDialog", "Set password")
        )
        self.confirm.clicked.connect(self.submit)  # Enter presses it (the dialog's default)
        layout.addLayout(buttons)
        self.password.setFocus()

    def submit(self) -> None:
        """Check the two entries match, then set the password (or say what to fix).

        A refusal keeps the dialog open with one sentence and puts the cursor where the fix
        goes, emptying what must be typed afresh (a password cannot be seen to be corrected):
        the repeat when it is missing or different, both when the password itself is refused.
        """
        from zzsign.services.errors import UserFacingError

        if self.password.text() and not self.repeat.text():
            self._refuse(
                translate("HrSetupDialog", "Type the HR password again in {field}.").format(
                    field=translate("HrSetupDialog", REPEAT_LABEL)
                ),
                self.repeat,
            )
            return
        if self.password.text() != self.repeat.text():
            self._refuse(
                translate(
                    "HrSetupDialog",
                    "The two passwords are different; type the same password again in {field}.",
                ).format(field=translate("HrSetupDialog", REPEAT_LABEL)),
                self.repeat,
            )
            return
        try:
            self._hr.set_up(self.password.text())
        except UserFacingError as refused:
            self._refuse(refused.message, self.password, self.repeat)
            return
        self.password.clear()
        self.repeat.clear()
        self.accept()

    def _show_strength(self, password: str) -> None:
        """Say, as HR types, whether the new password would be taken, and if not why (the
        sentence *Set password* would give)."""
        if not password:
            hint = translate("HrSetupDialog", STRENGTH_ADVICE)
        else:
            problem = self._hr.password_problem(password)
            hint = translate("HrSetupDialog", STRONG_ENOUGH) if problem is None else shown(problem)
        self.strength.setText(hint)
        self.strength.setAccessibleName(hint)

    def _refuse(self, message: str, *retype: QLineEdit) -> None:
        """Stay open with ``message``; empty the ``retype`` fields and put the cursor in the
        first of them."""
        self.problem.show_message(message)
        for field in retype:
            field.clear()
        retype[0].setFocus()
