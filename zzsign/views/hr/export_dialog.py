"""Exporting records from HR's workspace: a format, the filters that apply, a place, then a bar.

How an export runs: on the GUI thread, because the PDF copies are rendered with QtGui, which
belongs to that thread — and so all five kinds run the same way. This is Qt's documented pattern
for a long operation in a modal dialog (as with ``QProgressDialog``): the export's progress
callback moves the bar and lets Qt process pending events (at most every 50 ms), so *Cancel*
stays responsive; once *Cancel* was clicked, the next callback raises ``ExportCancelled``, and
the service removes its temporary file. The file appears at its place only when complete.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QStandardPaths, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QFileDialog,
    QFormLayout,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from zzsign.services.errors import UserFacingError
from zzsign.services.export.kinds import export_records
from zzsign.services.export.output import ExportCancelled, ExportResult
from zzsign.services.export.selection import ExportFilter
from zzsign.views.language import number, translate
from zzsign.views.widgets import (
    ErrorMessage,
    FittingDialog,
    button,
    dialog_buttons,
    dialog_layout,
    paragraph,
    radio,
)

if TYPE_CHECKING:
    from zzsign.services.store import Store
    from zzsign.views.hr.record_table_model import RecordFilter

log = logging.getLogger(__name__)

DIALOG_TITLE = QT_TRANSLATE_NOOP("ExportDialog", "Export records")
EXPLANATION = QT_TRANSLATE_NOOP(
    "ExportDialog",
    "Save the records in one file, for an auditor, payroll or an archive. The file appears "
    "only when it is complete; if the export stops, nothing is left behind.",
)
EXPORT_LABEL = QT_TRANSLATE_NOOP("ExportDialog", "Export…")
CANCEL_LABEL = QT_TRANSLATE_NOOP("ExportDialog", "Cancel")
CLOSE_LABEL = QT_TRANSLATE_NOOP("ExportDialog", "Close")
PROGRESS_LABEL = QT_TRANSLATE_NOOP("ExportDialog", "Export progress")
DATES_LABEL = QT_TRANSLATE_NOOP("ExportDialog", "Signed")
VERSION_LABEL = QT_TRANSLATE_NOOP("ExportDialog", "Agreement version")
CANCELLED_MESSAGE = QT_TRANSLATE_NOOP("ExportDialog", "Export cancelled; no file was written.")
UNEXPECTED_MESSAGE = QT_TRANSLATE_NOOP(
    "ExportDialog",
    "The export failed unexpectedly, so no file was written; try again, or ask IT to look at "
    "zzsign's log.",
)
NOT_APPLIED_NOTE = QT_TRANSLATE_NOOP(
    "ExportDialog",
    "Your search text and status filter do not apply: exports select records by signing date "
    "and agreement version only (each record's status is in the export).",
)
PARTIAL_PACKAGE_NOTE = QT_TRANSLATE_NOOP(
    "ExportDialog",
    "A filtered evidence package verifies on any computer, but another laptop cannot import "
    "it; clear the date and version filters for a complete one.",
)
#: How often, at most, the export stops to let Qt draw and handle clicks (seconds).
EVENTS_INTERVAL = 0.05

EXPORT_STYLE = """
QLabel#section { font-weight: 600; color: #14213d; font-size: 16px; }
QLabel#formatHint { color: #5b6476; font-size: 13px; margin-left: 30px; }
QLabel#note { color: #5b6476; font-size: 13px; }
QLabel#done { color: #1b6e3a; font-weight: 600; }
QLabel#stopped { color: #14213d; font-weight: 600; }
QProgressBar {
    border: 1px solid #b9c0cc; border-radius: 5px; background: #ffffff; min-height: 22px;
    text-align: center;
}
QProgressBar::chunk { background: #1f5fbf; border-radius: 4px; }
"""


@dataclass(frozen=True)
class ExportFormat:
    """One kind of export as HR chooses it."""

    kind: str  # as zzsign export --format names it
    label: str  # label, hint and name_filter: English sources, shown translated
    hint: str
    suffix: str
    name_filter: str
    file_stem: str


FORMATS = (
    ExportFormat(
        "csv",
        QT_TRANSLATE_NOOP("ExportDialog", "CSV — for Excel or LibreOffice"),
        QT_TRANSLATE_NOOP(
            "ExportDialog",
            "One row per record. A name that looks like a formula "
            "gets a leading ' so it stays text.",
        ),
        ".csv",
        QT_TRANSLATE_NOOP("ExportDialog", "CSV files (*.csv)"),
        "zzsign-records",
    ),
    ExportFormat(
        "xlsx",
        QT_TRANSLATE_NOOP("ExportDialog", "Excel workbook (.xlsx)"),
        QT_TRANSLATE_NOOP(
            "ExportDialog", "One sheet, one row per record; every cell is plain text."
        ),
        ".xlsx",
        QT_TRANSLATE_NOOP("ExportDialog", "Excel workbooks (*.xlsx)"),
        "zzsign-records",
    ),
    ExportFormat(
        "json",
        QT_TRANSLATE_NOOP("ExportDialog", "JSON — for other software"),
        QT_TRANSLATE_NOOP(
            "ExportDialog",
            "Everything each record holds, with its hashes and its place in the chain.",
        ),
        ".json",
        QT_TRANSLATE_NOOP("ExportDialog", "JSON files (*.json)"),
        "zzsign-records",
    ),
    ExportFormat(
        "pdf",
        QT_TRANSLATE_NOOP("ExportDialog", "PDF — every signed copy in one file"),
        QT_TRANSLATE_NOOP(
            "ExportDialog",
            "A bookmark per signer. Records signed on other laptops "
            "are left out: their copies are sealed by the laptop that signed them.",
        ),
        ".pdf",
        QT_TRANSLATE_NOOP("ExportDialog", "PDF files (*.pdf)"),
        "zzsign-signed-copies",
    ),
    ExportFormat(
        "evidence",
        QT_TRANSLATE_NOOP("ExportDialog", "Evidence package (.zip) — for auditors and lawyers"),
        QT_TRANSLATE_NOOP(
            "ExportDialog",
            "Signed copies, records and their hash chain; zzsign "
            "verify checks it on any computer, without the HR password. This laptop's "
            "records only.",
        ),
        ".zip",
        QT_TRANSLATE_NOOP("ExportDialog", "Evidence packages (*.zip)"),
        "zzsign-evidence",
    ),
)

#: Asks where to save: (parent, caption, suggested path, name filter) → the path, or None.
PathChooser = Callable[[QWidget, str, Path, str], Path | None]


def ask_where_to_save(
    parent: QWidget, caption: str, suggested: Path, name_filter: str
) -> Path | None:
    """The platform's save dialog (it asks before replacing a file); None if HR cancels."""
    chosen, _filter = QFileDialog.getSaveFileName(parent, caption, str(suggested), name_filter)
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix else path.with_suffix(suggested.suffix)


def export_filter_for(shown: RecordFilter) -> ExportFilter:
    """The part of the table's filter an export can honour: dates (as the table shows them,
    on the signer's clock) and agreement version."""
    return ExportFilter(shown.since, shown.until, shown.version, local_dates=True)


def _tr(text: str) -> str:
    """A constant marked ``QT_TRANSLATE_NOOP("ExportDialog", …)``, translated."""
    return translate("ExportDialog", text)


def describe_dates(chosen: ExportFilter) -> str:
    """The date range in words."""
    since = chosen.since.isoformat() if chosen.since else None
    until = chosen.until.isoformat() if chosen.until else None
    if since and until and since != until:
        text = translate("ExportDialog", "From {since} to {until}")
    elif since and until:
        text = translate("ExportDialog", "On {since}")
    elif since:
        text = translate("ExportDialog", "On or after {since}")
    elif until:
        text = translate("ExportDialog", "On or before {until}")
    else:
        return translate("ExportDialog", "Any date")
    basis = (
        translate("ExportDialog", " (the date on the signer's clock, as in the table)")
        if chosen.local_dates
        else translate("ExportDialog", " (UTC)")
    )
    return text.format(since=since, until=until) + basis


def describe_version(chosen: ExportFilter) -> str:
    """The agreement version in words."""
    if chosen.agreement_version is None:
        return translate("ExportDialog", "Every version")
    return translate("ExportDialog", "Version {version} only").format(
        version=chosen.agreement_version
    )


def finished_sentence(result: ExportResult) -> str:
    """What a finished export says: how many records, where, and what was left out (one
    sentence for one record and one for more: the plural rule of English and Spanish)."""
    count = number(result.exported)
    if result.exported == 1:
        text = translate("ExportDialog", "Exported 1 record to {path}.")
    else:
        text = translate("ExportDialog", "Exported {count} records to {path}.")
    text = text.format(count=count, path=result.path)
    if result.left_out == 1:
        text += translate(
            "ExportDialog",
            " Left out 1 record signed on other laptops: make "
            "their copies on the laptop that signed them.",
        )
    elif result.left_out:
        text += translate(
            "ExportDialog",
            " Left out {count} records signed on other laptops: "
            "make their copies on the laptop that signed them.",
        ).format(count=number(result.left_out))
    return text


class State(Enum):
    """Where the dialog is."""

    IDLE = "idle"
    RUNNING = "running"
    DONE = "done"


class ExportDialog(FittingDialog):
    """Choose a format, see which of the table's filters apply, choose a file, export.

    ``store`` is the open store, ``hr_key`` HR's private key (the dialog keeps its own copy and
    wipes it when it closes), ``record_filter`` what the workspace's table shows. Open it with
    ``open()`` (window-modal). ``choose_path`` replaces the save dialog (tests).
    ``progressed(done, total)`` follows a running export; ``exported`` carries the
    :class:`ExportResult` of a finished one.
    """

    progressed = Signal(int, int)
    exported = Signal(object)

    def __init__(
        self,
        store: Store,
        hr_key: bytes,
        record_filter: RecordFilter,
        parent: QWidget | None = None,
        *,
        choose_path: PathChooser = ask_where_to_save,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._key = bytearray(hr_key)
        self._choose_path = choose_path
        self.chosen = export_filter_for(record_filter)
        self.state = State.IDLE
        self._cancel_requested = False
        self._events_at = 0.0
        self.setWindowTitle(_tr(DIALOG_TITLE))
        self.setStyleSheet(EXPORT_STYLE)
        self.setMinimumWidth(640)
        layout = dialog_layout(self, _tr(DIALOG_TITLE), _tr(EXPLANATION))

        layout.addWidget(self._section(translate("ExportDialog", "Format")))
        self.formats = QButtonGroup(self)
        self.format_buttons: dict[str, QWidget] = {}
        options = QVBoxLayout()
        options.setSpacing(6)
        for position, choice in enumerate(FORMATS):
            option = radio(_tr(choice.label))
            option.setAccessibleDescription(_tr(choice.hint))
            hint = QLabel(_tr(choice.hint))
            hint.setObjectName("formatHint")
            hint.setWordWrap(True)
            self.formats.addButton(option, position)
            self.format_buttons[choice.kind] = option
            pair = QVBoxLayout()
            pair.setSpacing(0)
            pair.addWidget(option)
            pair.addWidget(hint)
            options.addLayout(pair)
        layout.addLayout(options)
        self.formats.button(0).setChecked(True)
        self.formats.idToggled.connect(self._format_changed)

        layout.addWidget(self._section(translate("ExportDialog", "Which records")))
        form = QFormLayout()
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(4)
        self.dates = self._value(describe_dates(self.chosen), DATES_LABEL)
        self.version = self._value(describe_version(self.chosen), VERSION_LABEL)
        for caption, value in ((DATES_LABEL, self.dates), (VERSION_LABEL, self.version)):
            label = QLabel(_tr(caption))
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            form.addRow(label, value)
        layout.addLayout(form)
        self.not_applied = self._note(_tr(NOT_APPLIED_NOTE))
        self.not_applied.setVisible(
            bool(record_filter.text.strip()) or record_filter.status is not None
        )
        layout.addWidget(self.not_applied)
        self.partial_package = self._note(_tr(PARTIAL_PACKAGE_NOTE))
        layout.addWidget(self.partial_package)

        self.bar = QProgressBar()
        self.bar.setAccessibleName(_tr(PROGRESS_LABEL))
        self.bar.setTextVisible(False)
        layout.addSpacing(4)
        layout.addWidget(self.bar)
        self.status = paragraph()
        self.status.setObjectName("muted")
        layout.addWidget(self.status)
        self.outcome = paragraph()
        self.outcome.setObjectName("done")
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.outcome)
        self.problem = ErrorMessage()
        layout.addWidget(self.problem)
        layout.addStretch(1)

        footer = dialog_buttons(
            self, _tr(EXPORT_LABEL), cancel_label=_tr(CANCEL_LABEL), on_cancel=self.cancel
        )
        self.cancel_button, self.export_button = footer.cancel, footer.confirm
        self.export_button.clicked.connect(self.choose_and_export)
        self.close_button = button(_tr(CLOSE_LABEL), primary=True)
        self.close_button.clicked.connect(self.accept)
        footer.row.addWidget(self.close_button)
        layout.addLayout(footer.row)
        self.finished.connect(self._wipe_key)
        self._show_state(State.IDLE)
        self._say()
        self._format_changed()

    # -- building -----------------------------------------------------------------------------
    @staticmethod
    def _section(text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName("section")
        return label

    @staticmethod
    def _value(text: str, name: str) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setAccessibleName(name)
        return label

    @staticmethod
    def _note(text: str) -> QLabel:
        label = paragraph(text)
        label.setObjectName("note")
        return label

    # -- reading ------------------------------------------------------------------------------
    @property
    def selected_format(self) -> ExportFormat:
        """The format whose option is checked."""
        return FORMATS[max(self.formats.checkedId(), 0)]

    def select_format(self, kind: str) -> None:
        """Check the option of ``kind`` (one of ``zzsign export --format``'s names)."""
        self.format_buttons[kind].setChecked(True)  # type: ignore[attr-defined]

    def suggested_path(self) -> Path:
        """Where the save dialog starts: the Documents folder, a dated name for the format."""
        folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        ) or str(Path.home())
        choice = self.selected_format
        return Path(folder) / f"{choice.file_stem}-{date.today().isoformat()}{choice.suffix}"

    # -- states -------------------------------------------------------------------------------
    def _format_changed(self, *_args) -> None:
        self.partial_package.setVisible(
            self.selected_format.kind == "evidence" and not self.chosen.is_everything
        )

    def _show_state(self, state: State) -> None:
        self.state = state
        running = state is State.RUNNING
        for option in self.formats.buttons():
            option.setEnabled(state is State.IDLE)
        self.bar.setVisible(running)
        self.status.setVisible(running)
        self.export_button.setVisible(state is not State.DONE)
        self.export_button.setEnabled(state is State.IDLE)
        self.cancel_button.setVisible(state is not State.DONE)
        self.cancel_button.setEnabled(True)
        self.close_button.setVisible(state is State.DONE)
        if state is State.DONE:
            self.close_button.setFocus()

    def _say(
        self, outcome: str = "", problem: str | None = None, *, finished: bool = False
    ) -> None:
        self.outcome.setObjectName("done" if finished else "stopped")
        self.outcome.style().unpolish(self.outcome)
        self.outcome.style().polish(self.outcome)
        self.outcome.setText(outcome)
        self.outcome.setAccessibleName(outcome)
        self.outcome.setVisible(bool(outcome))
        self.problem.show_message(problem)

    # -- running ------------------------------------------------------------------------------
    def choose_and_export(self) -> ExportResult | None:
        """Ask where to save, then export there; None if HR chose no file or it did not finish."""
        if self.state is not State.IDLE:
            return None
        choice = self.selected_format
        kind = _tr(choice.label).split(" — ")[0]
        path = self._choose_path(
            self,
            translate("ExportDialog", "Save the {kind} export as").format(kind=kind),
            self.suggested_path(),
            _tr(choice.name_filter),
        )
        if path is None:
            return None
        return self.export_to(path)

    def export_to(self, path: Path) -> ExportResult | None:
        """Run the export to ``path`` with the bar and *Cancel*; the outcome in one sentence."""
        choice = self.selected_format
        self._cancel_requested = False
        self._events_at = 0.0
        self._say()
        self.bar.setRange(0, 0)  # busy until the number of records is known
        self.status.setText(translate("ExportDialog", "Finding the records…"))
        self._show_state(State.RUNNING)
        QApplication.processEvents()
        try:
            result = export_records(
                self._store, bytes(self._key), self.chosen, choice.kind, Path(path), self._progress
            )
        except ExportCancelled:
            self._show_state(State.IDLE)
            self._say(_tr(CANCELLED_MESSAGE))
            return None
        except UserFacingError as failure:
            self._show_state(State.IDLE)
            self._say(problem=failure.message)
            return None
        except Exception as failure:  # one sentence for HR, the type for the log
            log.error("Export failed: %s", type(failure).__name__)
            self._show_state(State.IDLE)
            self._say(problem=_tr(UNEXPECTED_MESSAGE))
            return None
        self._show_state(State.DONE)
        self._say(finished_sentence(result), finished=True)
        self.exported.emit(result)
        return result

    def _progress(self, done: int, total: int) -> None:
        """The export's progress callback (once a record): stop if asked to; show it and let
        Qt breathe every ``EVENTS_INTERVAL``, at the start and at the end."""
        if self._cancel_requested:
            raise ExportCancelled
        self.progressed.emit(done, total)
        now = time.monotonic()
        if done == 0 or done >= total or now - self._events_at >= EVENTS_INTERVAL:
            self._events_at = now
            self._show_progress(done, total)
            QApplication.processEvents()
        if self._cancel_requested:
            raise ExportCancelled

    def _show_progress(self, done: int, total: int) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done if total else 1)
        if total == 1:
            written = translate("ExportDialog", "{done} of 1 record written…")
        else:
            written = translate("ExportDialog", "{done} of {total} records written…")
        self.status.setText(written.format(done=number(done), total=number(total)))

    @property
    def is_running(self) -> bool:
        """Whether an export is under way."""
        return self.state is State.RUNNING

    def cancel(self) -> None:
        """*Cancel*: stop a running export (nothing is written), or else close the dialog."""
        if self.is_running:
            self._cancel_requested = True
            self.cancel_button.setEnabled(False)
            self.status.setText(translate("ExportDialog", "Cancelling…"))
        else:
            self.reject()

    def discard(self) -> None:
        """The workspace is locking: stop any export, hide at once and forget HR's key."""
        if self.is_running:
            self._cancel_requested = True
        self.hide()
        self._wipe_key()
        if not self.is_running:
            super().reject()

    def reject(self) -> None:
        """Escape and the window's close button cancel a running export instead of closing."""
        if self.is_running:
            self.cancel()
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.is_running:
            self.cancel()
            event.ignore()
            return
        super().closeEvent(event)

    def _wipe_key(self, *_args) -> None:
        for index, _ in enumerate(self._key):
            self._key[index] = 0
