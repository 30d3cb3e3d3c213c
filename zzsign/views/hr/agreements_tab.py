"""HR's *Agreements* tab: every agreement version with its hash and signatures, and publishing.

*Publish new version…* asks for a Markdown or HTML file, sanitises it through the agreements
service and previews it (``publish_dialog``); once published, the kiosk shows the new version
from the next hire on, and records signed earlier stay tied to their own version.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont, QFontDatabase, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from zzsign.services.agreements import (
    AgreementVersionInfo,
    PublicationRefusedError,
    prepare_publication,
    read_publication_file,
    read_versions,
)
from zzsign.services.errors import UserFacingError
from zzsign.views.hr.publish_dialog import PublishDialog
from zzsign.views.language import number, translate
from zzsign.views.widgets import ErrorMessage, button, paragraph

if TYPE_CHECKING:
    from zzsign.domain.documents import Agreement
    from zzsign.services.store import Database

COLUMNS = (
    QT_TRANSLATE_NOOP("AgreementsTab", "Version"),
    QT_TRANSLATE_NOOP("AgreementsTab", "Title"),
    QT_TRANSLATE_NOOP("AgreementsTab", "Published"),
    QT_TRANSLATE_NOOP("AgreementsTab", "Signatures"),
    QT_TRANSLATE_NOOP("AgreementsTab", "At the kiosk"),
    QT_TRANSLATE_NOOP("AgreementsTab", "SHA-256"),
)
(COLUMN_VERSION, COLUMN_TITLE, COLUMN_PUBLISHED, COLUMN_SIGNATURES, COLUMN_KIOSK, COLUMN_SHA256) = (
    range(len(COLUMNS))
)
#: The widest a title column gets before long titles are cut short (with "…").
TITLE_COLUMN_MAX_WIDTH = 360
SHOWN_AT_KIOSK = QT_TRANSLATE_NOOP("AgreementsTab", "Shown at the kiosk")
EARLIER_VERSION = QT_TRANSLATE_NOOP("AgreementsTab", "Earlier version")
PUBLISH_LABEL = QT_TRANSLATE_NOOP("AgreementsTab", "Publish new version…")
FILE_FILTER = QT_TRANSLATE_NOOP("AgreementsTab", "Agreement text (*.md *.markdown *.html *.htm)")
#: The title a first published version is offered (the agreement's own, in its own language).
DEFAULT_TITLE = "Employee Confidentiality Agreement"
INTRODUCTION = QT_TRANSLATE_NOOP(
    "AgreementsTab",
    "New hires read and sign the newest version. Every record stays tied to the version it was "
    "signed under, identified by the SHA-256 of its exact text.",
)

_Index = QModelIndex | QPersistentModelIndex


def local_time(utc_iso: str) -> str:
    """A stored UTC time (``…Z``) as this computer's local date and time."""
    try:
        moment = datetime.fromisoformat(utc_iso.replace("Z", "+00:00"))
    except ValueError:
        return utc_iso
    return f"{moment.astimezone():%Y-%m-%d %H:%M}"


class AgreementVersionsModel(QAbstractTableModel):
    """The agreement versions, newest first; the newest is the one the kiosk shows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._versions: list[AgreementVersionInfo] = []
        self._monospace = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self._monospace.setFixedPitch(True)
        self._bold = QFont()
        self._bold.setBold(True)

    def set_versions(self, versions: list[AgreementVersionInfo]) -> None:
        """Show ``versions`` (in any order)."""
        self.beginResetModel()
        self._versions = sorted(versions, key=lambda v: v.version, reverse=True)
        self.endResetModel()

    def version_at(self, row: int) -> AgreementVersionInfo:
        """The version shown in ``row``."""
        return self._versions[row]

    def row_of(self, version: int) -> int | None:
        """The row showing ``version``, if any."""
        return next((row for row, v in enumerate(self._versions) if v.version == version), None)

    def newest(self) -> AgreementVersionInfo | None:
        """The newest version (the kiosk's), or None if there is none."""
        return self._versions[0] if self._versions else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._versions)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return translate("AgreementsTab", COLUMNS[section])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        info = self._versions[index.row()]
        column = index.column()
        newest = index.row() == 0
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return {
                COLUMN_VERSION: str(info.version),
                COLUMN_TITLE: info.title,
                COLUMN_PUBLISHED: local_time(info.published_at),
                COLUMN_SIGNATURES: number(info.signatures),
                COLUMN_SHA256: info.sha256,
                COLUMN_KIOSK: translate(
                    "AgreementsTab", SHOWN_AT_KIOSK if newest else EARLIER_VERSION
                ),
            }[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COLUMN_PUBLISHED:
                return translate("AgreementsTab", "{when} (UTC)").format(when=info.published_at)
            if column == COLUMN_SHA256:
                return translate(
                    "AgreementsTab", "{digest}\nSHA-256 of the exact text (Ctrl+C copies it)"
                ).format(digest=info.sha256)
            return None
        if role == Qt.ItemDataRole.FontRole:
            if column == COLUMN_SHA256:
                return self._monospace
            return self._bold if newest and column in (COLUMN_VERSION, COLUMN_KIOSK) else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            COLUMN_VERSION,
            COLUMN_SIGNATURES,
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def choose_agreement_file(parent: QWidget) -> Path | None:
    """Ask HR for the new agreement's Markdown or HTML file (None if they cancel)."""
    name, _ = QFileDialog.getOpenFileName(
        parent,
        translate("AgreementsTab", "Choose the new agreement text"),
        "",
        translate("AgreementsTab", FILE_FILTER),
    )
    return Path(name) if name else None


class AgreementsTab(QWidget):
    """The versions table and *Publish new version…*.

    ``choose_file`` asks for the file to publish; tests pass their own instead of the native
    file chooser. The preview dialog, while open, is ``publish_dialog``.
    """

    def __init__(
        self,
        store: Database,
        parent: QWidget | None = None,
        *,
        choose_file: Callable[[QWidget], Path | None] = choose_agreement_file,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self.choose_file = choose_file
        self.publish_dialog: PublishDialog | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.setSpacing(10)

        top = QHBoxLayout()
        top.setSpacing(16)
        introduction = paragraph(translate("AgreementsTab", INTRODUCTION))
        introduction.setObjectName("muted")
        top.addWidget(introduction, 1)
        self.publish_button = button(translate("AgreementsTab", PUBLISH_LABEL), primary=True)
        self.publish_button.setToolTip(
            translate("AgreementsTab", "Publish a new version from a Markdown or HTML file")
        )
        self.publish_button.clicked.connect(self.start_publishing)
        top.addWidget(self.publish_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)

        self.problem = ErrorMessage()
        layout.addWidget(self.problem)
        self.note = paragraph()
        self.note.setObjectName("intact")
        self.note.hide()
        layout.addWidget(self.note)

        self.model = AgreementVersionsModel(self)
        self.table = QTableView()
        self.table.setAccessibleName(translate("AgreementsTab", "Agreement versions"))
        self.table.setStyleSheet("QTableView::item { padding: 0 8px; }")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(30)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # a hash keeps both its ends
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)  # the hash: in full when there is room
        layout.addWidget(self.table, 1)
        hint = QLabel(translate("AgreementsTab", "Select a hash and press Ctrl+C to copy it."))
        hint.setObjectName("muted")
        layout.addWidget(hint)
        self.refresh()

    # -- the list -------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the versions and their signature counts again."""
        try:
            versions = read_versions(self._store.sessions)
        except UserFacingError as failure:
            self.problem.show_message(failure.message)
            return
        self.model.set_versions(versions)
        self._fit_columns()

    def showEvent(self, event: QShowEvent) -> None:
        """Fit the columns again once the workspace's style (bold, padded headers) applies."""
        super().showEvent(event)
        self._fit_columns()

    def _fit_columns(self) -> None:
        for column in range(COLUMN_SHA256):
            self.table.resizeColumnToContents(column)
        if self.table.columnWidth(COLUMN_TITLE) > TITLE_COLUMN_MAX_WIDTH:
            self.table.setColumnWidth(COLUMN_TITLE, TITLE_COLUMN_MAX_WIDTH)

    # -- publishing -----------------------------------------------------------------------
    def start_publishing(self) -> PublishDialog | None:
        """Ask for a file, sanitise it and open its preview (None if refused or cancelled)."""
        self.problem.show_message(None)
        self.note.hide()
        path = self.choose_file(self)
        if path is None:
            return None
        try:
            sanitised = prepare_publication(read_publication_file(path), path.name)
        except PublicationRefusedError as refused:
            self.problem.show_message(refused.message)
            return None
        self.refresh()  # the suggested number must follow anything published meanwhile
        newest = self.model.newest()
        dialog = PublishDialog(
            self._store.sessions,
            sanitised,
            source_name=path.name,
            suggested_version=newest.version + 1 if newest else 1,
            suggested_title=newest.title if newest else DEFAULT_TITLE,
            parent=self,
        )
        dialog.published.connect(self._published)
        dialog.finished.connect(self._dialog_closed)
        self.publish_dialog = dialog
        dialog.open()
        return dialog

    def _dialog_closed(self, _result: int) -> None:
        dialog, self.publish_dialog = self.publish_dialog, None
        if dialog is not None:
            dialog.deleteLater()

    def _published(self, agreement: Agreement) -> None:
        self.refresh()
        row = self.model.row_of(agreement.version)
        if row is not None:
            self.table.setCurrentIndex(self.model.index(row, COLUMN_VERSION))
        self.note.setText(
            translate(
                "AgreementsTab",
                "Version {version} is published. The kiosk shows it from the next "
                "hire on; records signed earlier stay tied to their version.",
            ).format(version=agreement.version)
        )
        self.note.show()

    # -- locking --------------------------------------------------------------------------
    def wipe(self) -> None:
        """Close any preview and forget what is shown (the workspace is locking)."""
        if self.publish_dialog is not None:
            self.publish_dialog.reject()
        self.model.set_versions([])
        self.problem.show_message(None)
        self.note.hide()
