"""Page 7: the record id and the hire's own copy (USB drive or printer); Finish clears everything.

A hire never sees a path, a file browser or a print dialog: drives are offered by label and
printers by name, on the page itself. Finish is not a default button, so Enter never ends the
session, and Finish with no copy taken asks once whether to leave without one.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from zzsign.domain.clock import Timestamp
from zzsign.services.removable_media import RemovableDrive, removable_drives
from zzsign.views.language import long_date_at_time, shown, translate
from zzsign.views.widgets import ErrorMessage, Page, button, paragraph

SAVE_LABEL = QT_TRANSLATE_NOOP("DonePage", "Save to USB drive")
PRINT_LABEL = QT_TRANSLATE_NOOP("DonePage", "Print…")
FINISH_LABEL = QT_TRANSLATE_NOOP("DonePage", "Finish")
LEAVE_LABEL = QT_TRANSLATE_NOOP("DonePage", "Leave without a copy")
TAKE_LABEL = QT_TRANSLATE_NOOP("DonePage", "Take a copy")
NO_DRIVE = QT_TRANSLATE_NOOP(
    "DonePage", "No USB drive is plugged in; plug one in to save your copy on it."
)
LEAVE_QUESTION = QT_TRANSLATE_NOOP(
    "DonePage", "Leave without a copy? HR keeps your signed record and can give you one."
)
#: How often the page looks for a USB drive plugged in while it is on screen.
DRIVE_POLL_MS = 1500


def paper_printers() -> list[str]:
    """The printers a hire may use (imported on first use: printing loads the PDF renderer)."""
    from zzsign.views.printing import paper_printers as listed

    return listed()


def not_a_default_button(widget: QPushButton) -> QPushButton:
    """A button that Enter never presses (Space and a click still do)."""
    widget.setAutoDefault(False)
    widget.setDefault(False)
    return widget


class ChoiceRow(QWidget):
    """A question and one button per answer, on the page itself (drives, printers)."""

    #: Answers per line, so that many printers wrap instead of widening the page.
    COLUMNS = 3

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(10)
        self.prompt = QLabel()
        self.prompt.setTextFormat(Qt.TextFormat.PlainText)
        self.prompt.setMinimumHeight(38)  # level with the first line of answers
        row.addWidget(self.prompt, 0, Qt.AlignmentFlag.AlignTop)
        self._grid = QGridLayout()
        self._grid.setSpacing(10)
        row.addLayout(self._grid)
        row.addStretch(1)
        self._answers: list[QPushButton] = []
        self.hide()

    def offer(self, prompt: str, answers: list[str], chosen: Callable[[int], None]) -> None:
        """Ask ``prompt``; pressing answer ``i`` hides the row and calls ``chosen(i)``."""
        self.withdraw()
        self.prompt.setText(prompt)
        for index, answer in enumerate(answers):
            choice = button(answer)
            choice.clicked.connect(lambda _checked=False, i=index: self._choose(chosen, i))
            self._grid.addWidget(choice, index // self.COLUMNS, index % self.COLUMNS)
            self._answers.append(choice)
        self.show()
        if self._answers:
            self._answers[0].setFocus()

    def answers(self) -> list[QPushButton]:
        """The answer buttons on offer, in order."""
        return list(self._answers)

    def withdraw(self) -> None:
        """Hide the question and drop its answers (deleted once their click is handled)."""
        for answer in self._answers:
            self._grid.removeWidget(answer)
            answer.hide()
            answer.deleteLater()
        self._answers = []
        self.hide()

    def _choose(self, chosen: Callable[[int], None], index: int) -> None:
        self.withdraw()
        chosen(index)


class DonePage(Page):
    """The agreement is signed and saved; the hire may take a copy, then Finish."""

    title = QT_TRANSLATE_NOOP("Page", "Signed — thank you")
    finished = Signal()
    #: The hire chose a drive to save their copy on.
    save_requested = Signal(object)  # RemovableDrive
    #: The hire chose a printer (by name) to print their copy on.
    print_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        #: Replaced in tests: the drives plugged in now, and the printers a hire may use.
        self.find_drives: Callable[[], list[RemovableDrive]] = removable_drives
        self.find_printers: Callable[[], list[str]] = paper_printers
        self.drives: list[RemovableDrive] = []
        self.copy_taken = False
        self._asked_to_leave = False
        self._choosing_drive = False

        self.summary = paragraph()
        self.body.addWidget(self.summary)
        self.record_id = QLabel()
        self.record_id.setObjectName("recordId")
        self.record_id.setTextFormat(Qt.TextFormat.PlainText)
        self.record_id.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.record_id.setAccessibleName(translate("DonePage", "Record ID"))
        self.body.addWidget(self.record_id)
        self.body.addWidget(
            paragraph(
                translate(
                    "DonePage",
                    "Take your own copy of the signed agreement: save it to a USB drive, or print "
                    "it. HR keeps the signed record; quote the record ID above if you ever need "
                    "another copy.",
                )
            )
        )

        actions = QHBoxLayout()
        actions.setSpacing(12)
        self.save = button(translate("DonePage", SAVE_LABEL), primary=True)
        self.save.clicked.connect(self._save_pressed)
        self.print = button(translate("DonePage", PRINT_LABEL))
        self.print.clicked.connect(self._print_pressed)
        actions.addWidget(self.save)
        actions.addWidget(self.print)
        actions.addStretch(1)
        self.body.addLayout(actions)
        self.drive_status = QLabel()
        self.drive_status.setObjectName("muted")
        self.drive_status.setWordWrap(True)
        self.drive_status.setTextFormat(Qt.TextFormat.PlainText)
        self.body.addWidget(self.drive_status)
        self.choice = ChoiceRow()
        self.body.addWidget(self.choice)
        self.copy_status = QLabel()
        self.copy_status.setWordWrap(True)
        self.copy_status.setTextFormat(Qt.TextFormat.PlainText)
        self.copy_status.setStyleSheet("color: #1b5e20; font-weight: 600;")
        self.copy_status.hide()
        self.body.addWidget(self.copy_status)
        self.problem = ErrorMessage()
        self.body.addWidget(self.problem)
        self.leave_question = self._leave_question()
        self.body.addWidget(self.leave_question)
        self.body.addStretch(1)
        self.body.addWidget(
            paragraph(
                translate(
                    "DonePage",
                    "Press Finish when you are done; the screen will be cleared for the next "
                    "person.",
                )
            )
        )
        self.finish = not_a_default_button(button(translate("DonePage", FINISH_LABEL)))
        self.finish.clicked.connect(self._finish_pressed)
        self.add_footer(left=[], right=[self.finish])

        self._drive_poll = QTimer(self)
        self._drive_poll.setInterval(DRIVE_POLL_MS)
        self._drive_poll.timeout.connect(self.refresh_drives)

    def _leave_question(self) -> QFrame:
        """The one-time question when Finish is pressed before any copy was taken."""
        frame = QFrame()
        frame.setObjectName("leaveQuestion")
        frame.setStyleSheet(
            "QFrame#leaveQuestion { background: #fff8e1; border: 1px solid "
            "#e0c36a; border-radius: 6px; }"
        )
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(10)
        question = QLabel(translate("DonePage", LEAVE_QUESTION))
        question.setWordWrap(True)
        question.setTextFormat(Qt.TextFormat.PlainText)
        question.setStyleSheet("font-weight: 600; background: transparent;")
        question.setAccessibleName(translate("DonePage", LEAVE_QUESTION))
        layout.addWidget(question)
        row = QHBoxLayout()
        row.setSpacing(12)
        self.take_copy = button(translate("DonePage", TAKE_LABEL))
        self.take_copy.clicked.connect(self._take_a_copy)
        self.leave = not_a_default_button(button(translate("DonePage", LEAVE_LABEL)))
        self.leave.clicked.connect(self.finished)
        row.addWidget(self.take_copy)
        row.addWidget(self.leave)
        row.addStretch(1)
        layout.addLayout(row)
        frame.hide()
        return frame

    # -- what the wizard tells the page -----------------------------------------------------
    def show_receipt(self, record_id: str, signed_at: Timestamp) -> None:
        """Show which record was saved and when."""
        saved = translate("DonePage", "Your signed agreement was saved on {when} (UTC{offset}).")
        self.summary.setText(
            saved.format(when=long_date_at_time(signed_at.local), offset=signed_at.offset_iso)
        )
        self.record_id.setText(
            translate("DonePage", "Record ID: {record_id}").format(record_id=record_id)
        )

    def show_copy_result(self, message: str, *, failed: bool = False) -> None:
        """Say what happened to the copy. A success counts as a copy taken; a failure leaves
        an earlier success on screen (that copy is still there)."""
        self.problem.show_message(message if failed else None)
        if failed:
            return
        self.copy_status.setText(shown(message))
        self.copy_status.setAccessibleName(shown(message))
        self.copy_status.show()
        self.copy_taken = True
        self.leave_question.hide()

    # -- drives ---------------------------------------------------------------------------------
    @property
    def is_watching_drives(self) -> bool:
        """True while the page looks for drives being plugged in (only while it is shown)."""
        return self._drive_poll.isActive()

    def refresh_drives(self) -> None:
        """Look for USB drives (every couple of seconds while the page is on screen)."""
        try:
            drives = self.find_drives()
        except OSError:
            drives = []
        if drives == self.drives and self.drive_status.text():
            return
        self.drives = drives
        if self.choice.isVisible() and self._choosing_drive:
            self.choice.withdraw()  # the drives changed under the question
        self.save.setEnabled(bool(drives))
        if not drives:
            self.drive_status.setText(translate("DonePage", NO_DRIVE))
        elif len(drives) == 1:
            self.drive_status.setText(
                translate("DonePage", "USB drive {label} is plugged in.").format(
                    label=drives[0].label
                )
            )
        else:
            labels = ", ".join(drive.label for drive in drives)
            self.drive_status.setText(
                translate("DonePage", "USB drives plugged in: {labels}.").format(labels=labels)
            )
        self.drive_status.setAccessibleName(self.drive_status.text())

    def _save_pressed(self) -> None:
        self.refresh_drives()
        drives = list(self.drives)
        if not drives:
            self.problem.show_message(translate("DonePage", NO_DRIVE))
        elif len(drives) == 1:
            self.save_requested.emit(drives[0])
        else:
            self._choosing_drive = True
            self.choice.offer(
                translate("DonePage", "Which USB drive?"),
                [drive.label for drive in drives],
                lambda i: self.save_requested.emit(drives[i]),
            )

    # -- printers -------------------------------------------------------------------------------
    def _print_pressed(self) -> None:
        from zzsign.views.printing import NO_PRINTER

        printers = self.find_printers()
        if not printers:
            self.show_copy_result(NO_PRINTER, failed=True)
        elif len(printers) == 1:
            self.print_requested.emit(printers[0])
        else:
            self._choosing_drive = False
            self.choice.offer(
                translate("DonePage", "Which printer?"),
                printers,
                lambda i: self.print_requested.emit(printers[i]),
            )

    # -- leaving --------------------------------------------------------------------------------
    def _finish_pressed(self) -> None:
        if self.copy_taken or self._asked_to_leave:
            self.finished.emit()
            return
        self._asked_to_leave = True
        self.choice.withdraw()
        self.leave_question.show()
        self.take_copy.setFocus()

    def _take_a_copy(self) -> None:
        self.leave_question.hide()
        (self.save if self.save.isEnabled() else self.print).setFocus()

    # -- being on screen ------------------------------------------------------------------------
    def on_enter(self) -> None:
        if not self.is_watching_drives:  # shown already looked (showEvent)
            self.refresh_drives()
        (self.save if self.save.isEnabled() else self.print).setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        """Start looking for drives plugged in while the page is shown."""
        super().showEvent(event)
        self.refresh_drives()
        self._drive_poll.start()

    def hideEvent(self, event: QHideEvent) -> None:
        """Stop looking once the page is left."""
        self._drive_poll.stop()
        super().hideEvent(event)
