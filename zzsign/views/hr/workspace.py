"""HR's workspace: every record in a table, a detail pane, and the signing activity at a glance."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from zzsign.files import make_private_folder
from zzsign.services.drawing import signature_image
from zzsign.services.hr_workspace import (
    SIGNED,
    STATUS_LABELS,
    UNREADABLE,
    VOID,
    RecordRow,
    check_record,
    load_rows,
    open_readers,
    record_detail,
    record_void,
    signed_copy,
    week_start,
    weekly_activity,
)
from zzsign.views.hr.activity_chart import ActivityChart
from zzsign.views.hr.agreements_tab import AgreementsTab
from zzsign.views.hr.export_dialog import ExportDialog, PathChooser, ask_where_to_save
from zzsign.views.hr.record_table_model import (
    COLUMN_SIGNED_AT,
    COLUMN_STATUS,
    RecordFilter,
    RecordTableModel,
    status_name,
)
from zzsign.views.hr.void_dialog import VoidDialog
from zzsign.views.language import number, shown, translate
from zzsign.views.widgets import button

if TYPE_CHECKING:
    from zzsign.domain.voids import VoidEntry
    from zzsign.services.store import Store
    from zzsign.services.voiding import VoidReceipt

SEARCH_LABEL = QT_TRANSLATE_NOOP("HrWorkspace", "Search records")
FROM_LABEL = QT_TRANSLATE_NOOP("HrWorkspace", "Signed from")
TO_LABEL = QT_TRANSLATE_NOOP("HrWorkspace", "Signed to")
VERSION_LABEL = QT_TRANSLATE_NOOP("HrWorkspace", "Version")
VOID_BUTTON_LABEL = QT_TRANSLATE_NOOP("HrWorkspace", "Void record…")
STATUS_LABEL = QT_TRANSLATE_NOOP("HrWorkspace", "Status")
ALL_VERSIONS = QT_TRANSLATE_NOOP("HrWorkspace", "All versions")
ALL_STATUSES = QT_TRANSLATE_NOOP("HrWorkspace", "All statuses")
NO_DATE = QDate(2000, 1, 1)
#: The activity tiles' captions (English sources: :attr:`HrWorkspace.tiles` is keyed by them).
TILES = (
    QT_TRANSLATE_NOOP("HrWorkspace", "Signatures in all"),
    QT_TRANSLATE_NOOP("HrWorkspace", "This week"),
    QT_TRANSLATE_NOOP("HrWorkspace", "Last 4 weeks"),
    QT_TRANSLATE_NOOP("HrWorkspace", "Weekly average"),
)
#: The audit trail's steps as the timeline names them (the domain's Step values).
STEP_NAMES = {
    "opened": QT_TRANSLATE_NOOP("AuditStep", "opened"),
    "details_entered": QT_TRANSLATE_NOOP("AuditStep", "details entered"),
    "consented_to_electronic_records": QT_TRANSLATE_NOOP(
        "AuditStep", "consented to electronic records"
    ),
    "reached_end_of_agreement": QT_TRANSLATE_NOOP("AuditStep", "reached end of agreement"),
    "acknowledged_third_party_clause": QT_TRANSLATE_NOOP(
        "AuditStep", "acknowledged third party clause"
    ),
    "acknowledged_agreement": QT_TRANSLATE_NOOP("AuditStep", "acknowledged agreement"),
    "signature_adopted": QT_TRANSLATE_NOOP("AuditStep", "signature adopted"),
    "signed": QT_TRANSLATE_NOOP("AuditStep", "signed"),
}
#: Rows in the first batch (on screen at once), and how long each later loading step may take.
FIRST_ROWS = 40
LOAD_SLICE_SECONDS = 0.03

WORKSPACE_STYLE = """
QWidget#hrHeader { background: #14213d; }
QWidget#hrHeader QLabel { color: #ffffff; }
QLabel#hrTitle { font-size: 20px; font-weight: 600; }
QLabel#hrCount { color: #c9d6f5; font-size: 14px; }
QTableView {
    background: #ffffff; alternate-background-color: #f3f5f9; gridline-color: #e3e6ec;
    border: 1px solid #d5d9e2; selection-background-color: #1f5fbf; selection-color: #ffffff;
    font-size: 14px;
}
QHeaderView::section {
    background: #eef1f6; color: #14213d; font-weight: 600; border: none;
    border-right: 1px solid #d5d9e2; border-bottom: 1px solid #d5d9e2; padding: 6px 8px;
}
QFrame#detail { background: #ffffff; border: 1px solid #d5d9e2; border-radius: 6px; }
QFrame#tile { background: #ffffff; border: 1px solid #d5d9e2; border-radius: 6px; }
QLabel#tileValue { font-size: 30px; font-weight: 600; color: #14213d; }
QLabel#detailName { font-size: 20px; font-weight: 600; color: #14213d; }
QLabel#fieldLabel { color: #5b6476; }
QLabel#intact { color: #1b6e3a; font-weight: 600; }
QLabel#problem { color: #b3261e; font-weight: 600; }
QLabel#voidNotice {
    background: #fdf0ef; border: 1px solid #f0c2bd; border-left: 4px solid #b3261e;
    border-radius: 4px; padding: 10px 12px; color: #5c1712;
}
QLabel#signature { background: #ffffff; border: 1px solid #e3e6ec; border-radius: 4px; }
QTabWidget::pane { border: none; }
QTabBar::tab { padding: 8px 18px; font-weight: 600; color: #5b6476; }
QTabBar::tab:selected { color: #14213d; border-bottom: 3px solid #1f5fbf; }
"""


def _selectable(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    flags = Qt.TextInteractionFlag
    label.setTextInteractionFlags(flags.TextSelectableByMouse | flags.TextSelectableByKeyboard)
    return label


def open_in_system_viewer(path: Path) -> None:
    """Open a file with the desktop's viewer."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def void_summary(void: VoidEntry) -> str:
    """When, by whom and why a record was voided, as the detail pane says it."""
    return translate("HrWorkspace", "Voided on {when} by {who}.\nReason: {reason}").format(
        when=f"{void.at.local:%Y-%m-%d %H:%M} {void.at.offset_iso}",
        who=void.voided_by,
        reason=void.reason,
    )


def step_name(step: str) -> str:
    """An audit step as the timeline names it, in the interface's language."""
    return translate("AuditStep", STEP_NAMES.get(step, step.replace("_", " ")))


class RecordDetail(QFrame):
    """Everything about the selected record: fields, signature, audit timeline, verification."""

    #: The fields' captions (English sources: :attr:`values` is keyed by them).
    FIELDS = (
        QT_TRANSLATE_NOOP("RecordDetail", "Record ID"),
        QT_TRANSLATE_NOOP("RecordDetail", "Signed at"),
        QT_TRANSLATE_NOOP("RecordDetail", "Work email"),
        QT_TRANSLATE_NOOP("RecordDetail", "Employee ID"),
        QT_TRANSLATE_NOOP("RecordDetail", "Department"),
        QT_TRANSLATE_NOOP("RecordDetail", "Start date"),
        QT_TRANSLATE_NOOP("RecordDetail", "Agreement"),
        QT_TRANSLATE_NOOP("RecordDetail", "Consent"),
        QT_TRANSLATE_NOOP("RecordDetail", "Signature"),
        QT_TRANSLATE_NOOP("RecordDetail", "Meaning"),
        QT_TRANSLATE_NOOP("RecordDetail", "Device"),
        QT_TRANSLATE_NOOP("RecordDetail", "Installation"),
    )

    open_pdf_requested = Signal(str)
    void_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detail")
        self.record_id: str | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(20, 16, 20, 16)
        outer.setSpacing(10)
        self.placeholder = QLabel(translate("RecordDetail", "Select a record to see its details."))
        self.placeholder.setObjectName("muted")
        outer.addWidget(self.placeholder)
        self.name = _selectable()
        self.name.setObjectName("detailName")
        outer.addWidget(self.name)
        self.verification = _selectable()
        outer.addWidget(self.verification)
        self.void_notice = _selectable()
        self.void_notice.setObjectName("voidNotice")
        outer.addWidget(self.void_notice)
        form = QFormLayout()
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(6)
        self.values: dict[str, QLabel] = {}
        for field in self.FIELDS:
            caption = QLabel(translate("RecordDetail", field))
            caption.setObjectName("fieldLabel")
            value = _selectable()
            value.setAccessibleName(translate("RecordDetail", field))
            self.values[field] = value
            form.addRow(caption, value)
        outer.addLayout(form)
        self.signature = QLabel()
        self.signature.setObjectName("signature")
        self.signature.setAccessibleName(translate("RecordDetail", "Signature image"))
        self.signature.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.signature.setMinimumHeight(90)
        outer.addWidget(self.signature)
        timeline_caption = QLabel(translate("RecordDetail", "Audit timeline"))
        timeline_caption.setObjectName("fieldLabel")
        outer.addWidget(timeline_caption)
        self.timeline = _selectable()
        self.timeline.setAccessibleName(translate("RecordDetail", "Audit timeline"))
        self.timeline.setStyleSheet("font-family: 'DejaVu Sans Mono', monospace; font-size: 13px;")
        outer.addWidget(self.timeline)
        actions = QHBoxLayout()
        actions.setSpacing(10)
        self.open_pdf = button(translate("RecordDetail", "Open signed PDF"))
        self.open_pdf.clicked.connect(lambda: self.open_pdf_requested.emit(self.record_id or ""))
        actions.addWidget(self.open_pdf)
        self.void_button = button(translate("HrWorkspace", VOID_BUTTON_LABEL))
        self.void_button.setToolTip(
            translate("RecordDetail", "Mark this record void, with a reason; nothing is deleted")
        )
        self.void_button.clicked.connect(lambda: self.void_requested.emit(self.record_id or ""))
        actions.addWidget(self.void_button)
        actions.addStretch(1)
        outer.addLayout(actions)
        self.pdf_status = _selectable()
        self.pdf_status.setObjectName("muted")
        outer.addWidget(self.pdf_status)
        outer.addStretch(1)
        self.clear()

    def _parts(self) -> list[QWidget]:
        return [
            self.name,
            self.verification,
            self.void_notice,
            self.signature,
            self.timeline,
            self.open_pdf,
            *self.values.values(),
        ]

    def clear(self) -> None:
        """Show nothing (no record selected, or the workspace is locking)."""
        self.record_id = None
        for label in (
            self.name,
            self.verification,
            self.void_notice,
            self.timeline,
            self.pdf_status,
            *self.values.values(),
        ):
            label.setText("")
        self.signature.clear()
        self.placeholder.show()
        for widget in self._parts():
            widget.setVisible(False)
        self._show_nested_rows(False)

    def _show_nested_rows(self, visible: bool) -> None:
        """Show or hide the widgets in the pane's nested row layouts."""
        for row in range(self.layout().count()):
            item = self.layout().itemAt(row)
            if item.layout() is not None:
                for i in range(item.layout().count()):
                    child = item.layout().itemAt(i).widget()
                    if child is not None:
                        child.setVisible(visible)

    def show_record(self, record, status: str, check, void: VoidEntry | None = None) -> None:
        """Show ``record`` (a SignedRecord), its status, its verification and its void, if any.

        A signed record that stands offers *Void record…*; a voided one says instead when, by
        whom and why it was voided.
        """
        from zzsign.domain.record import Step

        self.placeholder.hide()
        self._show_nested_rows(True)
        for widget in self._parts():
            widget.setVisible(True)
        self.record_id = record.record_id
        signer = record.signer
        self.name.setText(signer.full_name)
        self.name.setAccessibleName(signer.full_name)
        signed = record.signed_at
        consent = record.at(Step.CONSENTED)
        device = record.device
        values = {
            "Record ID": record.record_id,
            "Signed at": f"{signed.local:%Y-%m-%d %H:%M:%S} {signed.offset_iso} — "
            f"{status_name(status)}\n{signed.utc_iso} (UTC)",
            "Work email": signer.work_email,
            "Employee ID": signer.employee_id or "—",
            "Department": translate("DetailsPage", signer.department),
            "Start date": signer.start_date.isoformat(),
            "Agreement": translate("RecordDetail", "Version {version}: {title}").format(
                version=record.agreement.version, title=record.agreement.title
            )
            + f"\nSHA-256 {record.agreement.sha256[:32]}\n{record.agreement.sha256[32:]}",
            "Consent": translate("RecordDetail", "Disclosure version {version}, accepted").format(
                version=record.disclosure.version
            )
            + f"\n{consent.local:%Y-%m-%d %H:%M:%S} {consent.offset_iso}",
            "Signature": (
                translate("RecordDetail", "Drawn")
                if record.signature.kind == "drawn"
                else translate("RecordDetail", "Typed")
            ),
            "Meaning": record.meaning,
            "Device": f"{device.hostname} · {device.os_user} · {device.os} · {device.screen}",
            "Installation": f"{record.installation_id}\nzzsign {record.app_version}"
            + (translate("RecordDetail", " · demo data") if record.is_demo else ""),
        }
        for field, text in values.items():
            self.values[field].setText(text)
        pixmap = QPixmap()
        if pixmap.loadFromData(signature_image(record.signature)):
            self.signature.setPixmap(
                pixmap.scaled(
                    min(340, pixmap.width()),
                    min(110, pixmap.height()),
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            self.signature.setText(
                translate("RecordDetail", "(the signature image cannot be shown)")
            )
        steps = [
            f"{entry.at.local:%Y-%m-%d %H:%M:%S} {entry.at.offset_iso}  "
            f"{step_name(entry.step.value)}"
            for entry in record.audit
        ]
        if void is not None:
            voided = translate("RecordDetail", "voided by {who}").format(who=void.voided_by)
            steps.append(f"{void.at.local:%Y-%m-%d %H:%M:%S} {void.at.offset_iso}  {voided}")
        self.timeline.setText("\n".join(steps))
        self.void_notice.setText("" if void is None else void_summary(void))
        self.void_notice.setAccessibleName(self.void_notice.text())
        self.void_notice.setVisible(void is not None)
        self.void_button.setVisible(void is None and status == SIGNED)
        summary = shown(check.summary)
        self.verification.setText(("✔ " if check.intact else "✖ ") + summary)
        self.verification.setObjectName("intact" if check.intact else "problem")
        self.verification.setAccessibleName(summary)
        self.verification.style().unpolish(self.verification)
        self.verification.style().polish(self.verification)
        self.pdf_status.setText("")


class HrWorkspace(QWidget):
    """The unlocked workspace. ``wipe()`` forgets everything; the kiosk then deletes it."""

    lock_requested = Signal()
    quit_requested = Signal()
    leave_kiosk_requested = Signal()
    loading_finished = Signal()

    def __init__(
        self,
        store: Store,
        hr_key: bytes,
        *,
        open_file: Callable[[Path], None] = open_in_system_viewer,
        choose_export_path: PathChooser = ask_where_to_save,
        batch: int = 100,
        scratch_dir: Path | None = None,
        kiosk_mode: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setStyleSheet(WORKSPACE_STYLE)
        self._scratch_dir = scratch_dir
        self._store = store
        self._key = bytearray(hr_key)
        self._open_file = open_file
        self._choose_export_path = choose_export_path
        self._database_url = store.engine.url.render_as_string(hide_password=False)
        self._readers, self._release_readers = open_readers(self._database_url)
        self._temp_dir: Path | None = None
        self._batches: Iterator[list[RecordRow]] | None = None
        self._batch = batch
        self.void_dialog: VoidDialog | None = None
        self.export_dialog: ExportDialog | None = None
        self.model = RecordTableModel(self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._header())
        self.set_kiosk_mode(kiosk_mode)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._records_tab(), translate("HrWorkspace", "Records"))
        self.chart = ActivityChart()
        activity = QWidget()
        activity_layout = QVBoxLayout(activity)
        activity_layout.setContentsMargins(24, 16, 24, 16)
        activity_layout.setSpacing(16)
        tiles = QHBoxLayout()
        tiles.setSpacing(16)
        self.tiles: dict[str, QLabel] = {}
        for caption in TILES:
            tile = QFrame()
            tile.setObjectName("tile")
            column = QVBoxLayout(tile)
            column.setContentsMargins(18, 12, 18, 12)
            value = QLabel("–")
            value.setObjectName("tileValue")
            value.setAccessibleName(translate("HrWorkspace", caption))
            label = QLabel(translate("HrWorkspace", caption))
            label.setObjectName("fieldLabel")
            column.addWidget(value)
            column.addWidget(label)
            self.tiles[caption] = value
            tiles.addWidget(tile)
        activity_layout.addLayout(tiles)
        activity_layout.addWidget(self.chart, 1)
        self.tabs.addTab(activity, translate("HrWorkspace", "Activity"))
        self.agreements = AgreementsTab(store)
        self.tabs.addTab(self.agreements, translate("HrWorkspace", "Agreements"))
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(16, 8, 16, 12)
        body_layout.addWidget(self.tabs)
        layout.addWidget(body, 1)
        self._load_timer = QTimer(self)
        self._load_timer.setInterval(0)
        self._load_timer.timeout.connect(self._load_next_batch)

    # -- building -----------------------------------------------------------------------------
    def _header(self) -> QWidget:
        header = QWidget()
        header.setObjectName("hrHeader")
        header.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        row = QHBoxLayout(header)
        row.setContentsMargins(24, 10, 16, 10)
        title = QLabel(translate("HrWorkspace", "HR workspace"))
        title.setObjectName("hrTitle")
        row.addWidget(title)
        row.addSpacing(16)
        self.count = QLabel(translate("HrWorkspace", "Loading records…"))
        self.count.setObjectName("hrCount")
        row.addWidget(self.count)
        row.addStretch(1)
        self.export = button(translate("HrWorkspace", "Export…"))
        self.export.setToolTip(
            translate(
                "HrWorkspace", "Export the records the date and version filters select (Ctrl+E)"
            )
        )
        self.export.setShortcut("Ctrl+E")
        self.export.clicked.connect(self.open_export)
        row.addWidget(self.export)
        row.addSpacing(8)
        self.leave_kiosk = button(translate("HrWorkspace", "Leave kiosk mode"))
        self.leave_kiosk.setToolTip(
            translate("HrWorkspace", "Make zzsign an ordinary window that can be closed")
        )
        self.leave_kiosk.clicked.connect(self.leave_kiosk_requested)
        row.addWidget(self.leave_kiosk)
        self.quit = button(translate("HrWorkspace", "Quit zzsign"))
        self.quit.setToolTip(
            translate(
                "HrWorkspace",
                "Close zzsign on this laptop (hires cannot sign until it is started again)",
            )
        )
        self.quit.clicked.connect(self.quit_requested)
        row.addWidget(self.quit)
        row.addSpacing(8)
        self.lock = button(translate("HrWorkspace", "Lock"))
        self.lock.setToolTip(
            translate("HrWorkspace", "Lock the workspace and return to the kiosk (Ctrl+L)")
        )
        self.lock.setShortcut("Ctrl+L")
        self.lock.clicked.connect(self.lock_requested)
        row.addWidget(self.lock)
        return header

    def set_kiosk_mode(self, kiosk_mode: bool) -> None:
        """In kiosk mode HR can leave it or quit from here (a hire cannot close the window)."""
        self.leave_kiosk.setVisible(kiosk_mode)
        self.quit.setVisible(kiosk_mode)

    def _records_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.setSpacing(8)
        filters = QHBoxLayout()
        filters.setSpacing(8)
        self.search = QLineEdit()
        self.search.setPlaceholderText(translate("HrWorkspace", SEARCH_LABEL))
        self.search.setAccessibleName(translate("HrWorkspace", SEARCH_LABEL))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(200)
        self.search.textChanged.connect(self._apply_filter)
        layout.addWidget(self.search)
        self.since = self._date_edit(FROM_LABEL)
        self.until = self._date_edit(TO_LABEL)
        for label, edit in ((FROM_LABEL, self.since), (TO_LABEL, self.until)):
            caption = QLabel(translate("HrWorkspace", label))
            caption.setBuddy(edit)
            filters.addWidget(caption)
            filters.addWidget(edit)
        self.version = QComboBox()
        self.version.setAccessibleName(translate("HrWorkspace", VERSION_LABEL))
        self.version.setToolTip(translate("HrWorkspace", "Agreement version"))
        self.version.addItem(translate("HrWorkspace", ALL_VERSIONS), None)
        self.version.currentIndexChanged.connect(self._apply_filter)
        self.status = QComboBox()
        self.status.setAccessibleName(translate("HrWorkspace", STATUS_LABEL))
        self.status.addItem(translate("HrWorkspace", ALL_STATUSES), None)
        for status in STATUS_LABELS:
            self.status.addItem(status_name(status), status)
        self.status.currentIndexChanged.connect(self._apply_filter)
        for label, combo in ((VERSION_LABEL, self.version), (STATUS_LABEL, self.status)):
            caption = QLabel(translate("HrWorkspace", label))
            caption.setBuddy(combo)
            filters.addWidget(caption)
            filters.addWidget(combo)
        filters.addStretch(1)
        layout.addLayout(filters)

        self.table = QTableView()
        self.table.setAccessibleName(translate("HrWorkspace", "Records"))
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COLUMN_SIGNED_AT, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        vertical = self.table.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(30)
        horizontal = self.table.horizontalHeader()
        horizontal.setHighlightSections(False)
        horizontal.setStretchLastSection(True)
        for column, width in enumerate((190, 190, 230, 124, 150, 90, 90)):
            self.table.setColumnWidth(column, width)
        # Status next to the name: on a laptop-sized screen the last columns are out of view.
        horizontal.moveSection(horizontal.visualIndex(COLUMN_STATUS), 2)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)

        self.detail = RecordDetail()
        self.detail.open_pdf_requested.connect(self.open_signed_pdf)
        self.detail.void_requested.connect(self.open_void_dialog)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.detail)
        scroll.setMinimumWidth(490)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([880, 480])
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)
        return tab

    def _date_edit(self, label: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setAccessibleName(translate("HrWorkspace", label))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setMinimumDate(NO_DATE)
        edit.setSpecialValueText(translate("HrWorkspace", "Any date"))
        edit.setDate(NO_DATE)
        edit.dateChanged.connect(self._apply_filter)
        return edit

    # -- loading ------------------------------------------------------------------------------
    def start_loading(self) -> None:
        """Begin streaming the records in (the first batch right away)."""
        self._batches = load_rows(
            self._database_url, bytes(self._key), batch=self._batch, first_batch=FIRST_ROWS
        )
        self._load_next_batch()
        if self._batches is not None:
            self._load_timer.start()

    @property
    def is_loading(self) -> bool:
        """Whether records are still coming in."""
        return self._batches is not None

    def _load_next_batch(self) -> None:
        """Take rows for about one frame's worth of time, then let the event loop run."""
        if self._batches is None:
            return
        first = self.model.total == 0
        started = time.perf_counter()
        rows: list[RecordRow] = []
        finished = False
        while not rows or (not first and time.perf_counter() - started < LOAD_SLICE_SECONDS):
            batch = next(self._batches, None)
            if batch is None:
                finished = True
                break
            rows.extend(batch)
        self.model.append_rows(rows)
        if first:  # something to look at already
            self._show_activity()
        if finished:
            self._batches = None
            self._load_timer.stop()
            self._loaded()
        else:
            self._update_count()

    def _loaded(self) -> None:
        versions = sorted({r.agreement_version for r in self.model.rows if r.agreement_version})
        for version in versions:
            if self.version.findData(version) < 0:
                self.version.addItem(
                    translate("HrWorkspace", "Version {version}").format(version=version), version
                )
        self._show_activity()
        self._update_count()
        self.loading_finished.emit()

    def _show_activity(self) -> None:
        weeks = weekly_activity(self.model.rows)
        self.chart.set_activity(weeks)
        this_week = week_start(date.today())
        counts = {week: sum(by_version.values()) for week, by_version in weeks.items()}
        total = sum(counts.values())
        recent = sum(n for week, n in counts.items() if (this_week - week).days < 28)
        values = (total, counts.get(this_week, 0), recent, total / len(counts) if counts else 0)
        for caption, value in zip(TILES, values, strict=True):
            self.tiles[caption].setText(number(value, decimals=1))

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total
        loading = translate("HrWorkspace", " — loading…") if self.is_loading else ""
        if shown == total:
            text = (
                translate("HrWorkspace", "1 record")
                if total == 1
                else translate("HrWorkspace", "{total} records")
            )
        else:
            text = (
                translate("HrWorkspace", "{shown} of 1 record")
                if total == 1
                else translate("HrWorkspace", "{shown} of {total} records")
            )
        self.count.setText(text.format(shown=number(shown), total=number(total)) + loading)

    # -- filtering and details ---------------------------------------------------------------
    def current_filter(self) -> RecordFilter:
        """The filter the controls describe."""

        def day(edit: QDateEdit) -> date | None:
            value = edit.date()
            return None if value == NO_DATE else date(value.year(), value.month(), value.day())

        return RecordFilter(
            self.search.text(),
            day(self.since),
            day(self.until),
            self.version.currentData(),
            self.status.currentData(),
        )

    def _apply_filter(self, *_args) -> None:
        selected = self.detail.record_id
        self.model.set_filter(self.current_filter())
        self._update_count()
        if selected is not None:
            position = self.model.position_of(selected)
            if position is not None:
                self.table.selectRow(position)

    def _current_changed(self, current, _previous) -> None:
        if not current.isValid():
            return
        row = self.model.row_at(current.row())
        if row.record_id != self.detail.record_id:
            self.show_detail(row)

    def show_detail(self, row: RecordRow) -> None:
        """Open, check and show one record."""
        from zzsign.services.records import SealedContentError

        key = bytes(self._key)
        check = check_record(self._readers, row.record_id, key)
        try:
            record = record_detail(self._readers, row.record_id, key)
        except (KeyError, SealedContentError):
            self.detail.clear()
            summary = shown(check.summary)
            self.detail.placeholder.setText(
                translate("HrWorkspace", "This record cannot be opened: {why}").format(
                    why=summary[0].lower() + summary[1:]
                )
            )
            return
        void = record_void(self._readers, row.record_id)
        status = row.status or SIGNED
        if void is not None and status != UNREADABLE:
            status = VOID  # voided since the table was loaded (from the CLI, say)
        if status != row.status:
            self.model.set_status(row.record_id, status)
        self.detail.show_record(record, status, check, void)

    # -- voiding ------------------------------------------------------------------------------
    def open_void_dialog(self, record_id: str) -> VoidDialog | None:
        """Ask for the reason to void ``record_id`` (a window-modal dialog; returns it)."""
        row = next((r for r in self.model.rows if r.record_id == record_id), None)
        if row is None:
            return None
        if self.void_dialog is not None:
            self.void_dialog.reject()
        dialog = VoidDialog(
            record_id,
            row.full_name,
            row.signed_at_local,
            lambda reason: self.void_record(record_id, reason),
            self,
        )
        dialog.voided.connect(self._record_voided)
        dialog.finished.connect(dialog.deleteLater)
        dialog.finished.connect(lambda _result: self._forget_void_dialog(dialog))
        dialog.setModal(True)
        self.void_dialog = dialog
        dialog.show()
        return dialog

    def _forget_void_dialog(self, dialog: VoidDialog) -> None:
        if self.void_dialog is dialog:
            self.void_dialog = None

    def void_record(self, record_id: str, reason: str) -> VoidReceipt:
        """Void ``record_id`` for ``reason`` in the store (raises the service's UserFacingError)."""
        from zzsign.services.voiding import void_record

        return void_record(self._store, record_id, reason)

    def _record_voided(self, receipt: VoidReceipt) -> None:
        """Show the void at once: the row's status, and the detail pane read afresh."""
        self.model.set_status(receipt.record_id, VOID)
        if self.detail.record_id == receipt.record_id:
            row = next(r for r in self.model.rows if r.record_id == receipt.record_id)
            self.show_detail(row)
        self.table.setFocus()

    def open_signed_pdf(self, record_id: str) -> Path | None:
        """Make the record's signed copy again and open it (a private temporary file)."""
        if not record_id:
            return None
        try:
            pdf = signed_copy(
                self._readers,
                record_id,
                bytes(self._key),
                self._store.seal,
                self._store.seal_endorsement,
            )
        except Exception as exc:  # one sentence for HR, the type for the log
            import logging

            logging.getLogger(__name__).error("Signed copy failed: %s", type(exc).__name__)
            self.detail.pdf_status.setText(
                translate("HrWorkspace", "The signed copy could not be made; ask IT.")
            )
            return None
        if self._temp_dir is None:
            if self._scratch_dir is not None:
                make_private_folder(self._scratch_dir)
            self._temp_dir = Path(tempfile.mkdtemp(prefix="hr-", dir=self._scratch_dir))
        path = self._temp_dir / f"zzsign-{record_id}.pdf"
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(pdf)
        self.detail.pdf_status.setText(translate("HrWorkspace", "Opened in the PDF viewer."))
        self._open_file(path)
        return path

    # -- exporting ----------------------------------------------------------------------------
    def open_export(self) -> ExportDialog:
        """Open the export dialog for the records the current date and version filters select."""
        if self.export_dialog is not None:
            if self.export_dialog.is_running:
                self.export_dialog.raise_()
                return self.export_dialog
            self.export_dialog.close()
        dialog = ExportDialog(
            self._store,
            bytes(self._key),
            self.current_filter(),
            self,
            choose_path=self._choose_export_path,
        )
        dialog.finished.connect(dialog.deleteLater)
        dialog.finished.connect(lambda _result: self._forget_export_dialog(dialog))
        self.export_dialog = dialog
        dialog.open()
        return dialog

    @property
    def is_exporting(self) -> bool:
        """Whether an export is under way (the idle lock waits for it)."""
        return self.export_dialog is not None and self.export_dialog.is_running

    def _forget_export_dialog(self, dialog: ExportDialog) -> None:
        if self.export_dialog is dialog:
            self.export_dialog = None

    # -- locking ------------------------------------------------------------------------------
    def wipe(self) -> None:
        """Forget everything: rows, details, inputs, HR's key, temporary copies, connections."""
        self._load_timer.stop()
        if self.export_dialog is not None:
            self.export_dialog.discard()  # a running export stops at its next record
        self.agreements.wipe()
        if self.void_dialog is not None:
            self.void_dialog.reason.clear()
            self.void_dialog.reject()
        if self._batches is not None:
            self._batches.close()  # type: ignore[attr-defined]
            self._batches = None
        self.table.setModel(None)
        self.model.clear()
        self.detail.clear()
        self.chart.set_activity({})
        for tile in self.tiles.values():
            tile.setText("–")
        for editor in self.findChildren(QLineEdit):
            editor.setText("")
        for index, _ in enumerate(self._key):
            self._key[index] = 0
        if self._temp_dir is not None:
            shutil.rmtree(self._temp_dir, ignore_errors=True)
            self._temp_dir = None
        self._release_readers()
