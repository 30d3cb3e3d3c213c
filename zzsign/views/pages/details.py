"""Page 2: the hire's details, validated inline with a message next to each field."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from zzsign.domain.signer import DEPARTMENTS, DetailsForm, Field
from zzsign.views.language import shown, translate
from zzsign.views.widgets import ErrorMessage, Page, button, paragraph

#: Each field's label (the domain's English names, marked for translation here).
FIELD_LABELS = {
    Field.FULL_NAME: QT_TRANSLATE_NOOP("DetailsPage", "Full legal name"),
    Field.WORK_EMAIL: QT_TRANSLATE_NOOP("DetailsPage", "Work email"),
    Field.EMPLOYEE_ID: QT_TRANSLATE_NOOP("DetailsPage", "Employee ID (optional)"),
    Field.DEPARTMENT: QT_TRANSLATE_NOOP("DetailsPage", "Department"),
    Field.START_DATE: QT_TRANSLATE_NOOP("DetailsPage", "Start date"),
}
#: The departments offered, for translation: the record keeps the English name whatever the
#: interface's language, so HR finds one department under one name.
DEPARTMENT_NAMES = (
    QT_TRANSLATE_NOOP("DetailsPage", "Customer Support"),
    QT_TRANSLATE_NOOP("DetailsPage", "Engineering"),
    QT_TRANSLATE_NOOP("DetailsPage", "Finance"),
    QT_TRANSLATE_NOOP("DetailsPage", "Human Resources"),
    QT_TRANSLATE_NOOP("DetailsPage", "Network Operations"),
    QT_TRANSLATE_NOOP("DetailsPage", "Sales and Marketing"),
    QT_TRANSLATE_NOOP("DetailsPage", "Security and Compliance"),
)


class DetailsPage(Page):
    """Full legal name, work email, employee id, department and start date."""

    title = QT_TRANSLATE_NOOP("Page", "Your details")
    submitted = Signal(object)  # SignerDetails
    back_requested = Signal()

    def __init__(
        self, today: date, parent: QWidget | None = None, *, email_domains: Sequence[str] = ()
    ) -> None:
        """``email_domains``: the company's email domains HR has named (none: any domain)."""
        super().__init__(parent)
        self._today = today
        self._email_domains = tuple(email_domains)
        self.body.addWidget(
            paragraph(
                translate(
                    "DetailsPage", "Enter your details as they appear on your employment paperwork."
                )
            )
        )
        self.full_name = QLineEdit()
        self.work_email = QLineEdit()
        example_domain = self._email_domains[0] if self._email_domains else "zzservers.com"
        self.work_email.setPlaceholderText(
            translate("DetailsPage", "name@{domain}").format(domain=example_domain)
        )
        self.employee_id = QLineEdit()
        self.department = QComboBox()
        self.department.setEditable(True)
        self.department.addItem("", "")
        for name in DEPARTMENTS:
            self.department.addItem(translate("DetailsPage", name), name)
        self.department.setCurrentIndex(0)
        self.department.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.start_date = QDateEdit()
        self.start_date.setCalendarPopup(True)
        # Month names in the interface's language (its locale is the default one).
        self.start_date.setDisplayFormat(
            translate("DetailsPage", "d MMMM yyyy", "QDateEdit display format of the start date")
        )
        self.start_date.setDate(QDate(today.year, today.month, today.day))

        self.inputs: dict[Field, QWidget] = {
            Field.FULL_NAME: self.full_name,
            Field.WORK_EMAIL: self.work_email,
            Field.EMPLOYEE_ID: self.employee_id,
            Field.DEPARTMENT: self.department,
            Field.START_DATE: self.start_date,
        }
        self.errors: dict[Field, ErrorMessage] = {}
        form = QGridLayout()
        form.setVerticalSpacing(6)
        form.setHorizontalSpacing(18)
        form.setColumnStretch(1, 1)
        for row, (field, widget) in enumerate(self.inputs.items()):
            caption = translate("DetailsPage", FIELD_LABELS[field])
            widget.setAccessibleName(caption)
            widget.setMinimumWidth(420)
            label = QLabel(caption)
            label.setBuddy(widget)
            label.setFixedHeight(widget.sizeHint().height())
            column = QVBoxLayout()
            column.setSpacing(2)
            column.addWidget(widget)
            error = ErrorMessage()
            column.addWidget(error)
            self.errors[field] = error
            form.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            form.addLayout(column, row, 1)
        if (editor := self.department.lineEdit()) is not None:
            editor.setAccessibleName(translate("DetailsPage", FIELD_LABELS[Field.DEPARTMENT]))
        self.body.addLayout(form)
        self.body.addStretch(1)

        self.back = button(translate("DetailsPage", "Back"))
        self.back.clicked.connect(self.back_requested)
        self.next = button(translate("DetailsPage", "Continue"), primary=True)
        self.next.clicked.connect(self.submit)
        self.add_footer(left=[self.back], right=[self.next])
        for line_edit in (
            self.full_name,
            self.work_email,
            self.employee_id,
            self.department.lineEdit(),
        ):
            line_edit.returnPressed.connect(self.submit)
        # A message disappears as soon as the person starts correcting that field.
        for field, editor in (
            (Field.FULL_NAME, self.full_name),
            (Field.WORK_EMAIL, self.work_email),
            (Field.EMPLOYEE_ID, self.employee_id),
            (Field.DEPARTMENT, self.department.lineEdit()),
        ):
            editor.textEdited.connect(lambda _text, f=field: self.errors[f].show_message(None))
        self.start_date.dateChanged.connect(
            lambda _date: self.errors[Field.START_DATE].show_message(None)
        )

    def form(self) -> DetailsForm:
        """What is on screen now."""
        qdate = self.start_date.date()
        return DetailsForm(
            full_name=self.full_name.text(),
            work_email=self.work_email.text(),
            employee_id=self.employee_id.text(),
            department=self._department(),
            start_date=date(qdate.year(), qdate.month(), qdate.day()) if qdate.isValid() else None,
        )

    def _department(self) -> str:
        """The department typed or chosen; one offered by name is recorded in English."""
        text = self.department.currentText()
        offered = self.department.findText(text, Qt.MatchFlag.MatchFixedString)
        return self.department.itemData(offered) if text and offered > 0 else text

    def submit(self) -> None:
        """Validate; show a message beside each field at fault, or emit the details."""
        details, problems = self.form().validate(self._today, self._email_domains)
        for field, error in self.errors.items():
            error.show_message(problems.get(field))
            self.inputs[field].setAccessibleDescription(shown(problems.get(field, "")))
        if details is None:
            first = next(f for f in self.inputs if f in problems)
            self.inputs[first].setFocus()
            return
        self.submitted.emit(details)

    def on_enter(self) -> None:
        self.full_name.setFocus()
