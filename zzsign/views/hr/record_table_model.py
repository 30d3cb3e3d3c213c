"""HR's table of records: rows arrive in batches; filtering and sorting work on an index list.

The model keeps plain :class:`RecordRow` objects and a list of the indices that pass the filter,
in display order. No widget per row, no proxy model calling back into Python per comparison:
sorting and filtering 100,000 rows is a list operation.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from itertools import pairwise
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from zzsign.services.hr_workspace import SIGNED, UNREADABLE, VOID, RecordRow, filter_rows
from zzsign.views.language import translate

COLUMN_SIGNED_AT = 0
COLUMN_NAME = 1
COLUMN_EMAIL = 2
COLUMN_EMPLOYEE_ID = 3
COLUMN_DEPARTMENT = 4
COLUMN_VERSION = 5
COLUMN_STATUS = 6

HEADERS = (
    QT_TRANSLATE_NOOP("RecordTableModel", "Signed at"),
    QT_TRANSLATE_NOOP("RecordTableModel", "Name"),
    QT_TRANSLATE_NOOP("RecordTableModel", "Email"),
    QT_TRANSLATE_NOOP("RecordTableModel", "Employee ID"),
    QT_TRANSLATE_NOOP("RecordTableModel", "Department"),
    QT_TRANSLATE_NOOP("RecordTableModel", "Agreement version"),
    QT_TRANSLATE_NOOP("RecordTableModel", "Status"),
)

#: The word shown for each status (the services' STATUS_LABELS, marked for translation here).
STATUS_NAMES = {
    SIGNED: QT_TRANSLATE_NOOP("RecordStatus", "Signed"),
    VOID: QT_TRANSLATE_NOOP("RecordStatus", "Void"),
    UNREADABLE: QT_TRANSLATE_NOOP("RecordStatus", "Damaged"),
}


def status_name(status: str) -> str:
    """A record's status as shown, in the interface's language."""
    return translate("RecordStatus", STATUS_NAMES.get(status, status.capitalize()))


#: What each column shows, and what it sorts by.
_DISPLAY: tuple[Callable[[RecordRow], str], ...] = (
    lambda r: r.signed_at_local,
    lambda r: r.full_name,
    lambda r: r.work_email,
    lambda r: r.employee_id,
    lambda r: r.department,
    lambda r: str(r.agreement_version) if r.agreement_version else "",
    lambda r: status_name(r.status),
)
_SORT_KEY: tuple[Callable[[RecordRow], Any], ...] = (
    lambda r: r.signed_at_utc,
    lambda r: r.search_key,
    lambda r: r.work_email.casefold(),
    lambda r: r.employee_id.casefold(),
    lambda r: r.department.casefold(),
    lambda r: r.agreement_version,
    lambda r: r.status,
)

#: The record id of a row (Qt.ItemDataRole.UserRole).
RECORD_ID_ROLE = Qt.ItemDataRole.UserRole


class RecordFilter:
    """What HR has asked to see."""

    def __init__(
        self,
        text: str = "",
        since: date | None = None,
        until: date | None = None,
        version: int | None = None,
        status: str | None = None,
    ) -> None:
        self.text, self.since, self.until = text, since, until
        self.version, self.status = version, status

    def apply(self, rows: Sequence[RecordRow], candidates=None) -> list[int]:
        """Indices of ``rows`` that pass."""
        return filter_rows(
            rows, self.text, self.since, self.until, self.version, self.status, candidates
        )


class RecordTableModel(QAbstractTableModel):
    """All records HR can see, filtered and sorted; rows are appended as they are unsealed."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[RecordRow] = []
        self._visible: list[int] = []
        self._filter = RecordFilter()
        self._sort_column = COLUMN_SIGNED_AT
        self._sort_order = Qt.SortOrder.DescendingOrder
        self._sort_keys: dict[int, list[Any]] = {}  # column → the sort key of every row

    # -- reading ------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (
                translate("RecordTableModel", HEADERS[section])
                if 0 <= section < len(HEADERS)
                else None
            )
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._visible):
            return None
        row = self._rows[self._visible[index.row()]]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _DISPLAY[column](row)
        if role == RECORD_ID_ROLE:
            return row.record_id
        if role == Qt.ItemDataRole.ToolTipRole and column == COLUMN_SIGNED_AT:
            return translate("RecordTableModel", "{when} (UTC)").format(when=row.signed_at_utc)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COLUMN_VERSION:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def row_at(self, position: int) -> RecordRow:
        """The record shown at table row ``position``."""
        return self._rows[self._visible[position]]

    @property
    def rows(self) -> list[RecordRow]:
        """Every loaded row, filtered or not."""
        return self._rows

    @property
    def total(self) -> int:
        """How many records are loaded (before filtering)."""
        return len(self._rows)

    def position_of(self, record_id: str) -> int | None:
        """The table row showing ``record_id``, if it passes the filter."""
        for position, source in enumerate(self._visible):
            if self._rows[source].record_id == record_id:
                return position
        return None

    # -- changing -----------------------------------------------------------------------------
    def append_rows(self, rows: Sequence[RecordRow]) -> None:
        """Add a batch of loaded rows (those passing the filter appear, in sort order)."""
        if not rows:
            return
        start = len(self._rows)
        self._rows.extend(rows)
        passing = self._filter.apply(self._rows, range(start, len(self._rows)))
        if not passing:
            return
        first = len(self._visible)
        self.beginInsertRows(QModelIndex(), first, first + len(passing) - 1)
        self._visible.extend(passing)
        self.endInsertRows()
        # Rows come from the store newest first: in the default order they only ever append.
        keys = self._keys(self._sort_column)
        run = [keys[i] for i in self._visible[max(first - 1, 0) :]]
        if self._sort_order == Qt.SortOrder.DescendingOrder:
            in_order = all(a >= b for a, b in pairwise(run))
        else:
            in_order = all(a <= b for a, b in pairwise(run))
        if not in_order:
            self._resort()

    def set_status(self, record_id: str, status: str) -> bool:
        """Give the row of ``record_id`` a new status in place (False if no such row is loaded).

        The row stays where it is even if the filter would now hide it, so that what HR just
        changed does not vanish from under the pointer; the filter applies from its next change.
        """
        source = next((i for i, row in enumerate(self._rows) if row.record_id == record_id), None)
        if source is None:
            return False
        if self._rows[source].status == status:
            return True
        self._rows[source] = replace(self._rows[source], status=status)
        keys = self._sort_keys.get(COLUMN_STATUS)
        if keys is not None and source < len(keys):
            keys[source] = _SORT_KEY[COLUMN_STATUS](self._rows[source])
        if source in self._visible:
            position = self._visible.index(source)
            self.dataChanged.emit(self.index(position, 0), self.index(position, len(HEADERS) - 1))
            if self._sort_column == COLUMN_STATUS:
                self._resort()
        return True

    def clear(self) -> None:
        """Forget every row."""
        self.beginResetModel()
        self._rows = []
        self._visible = []
        self._sort_keys = {}
        self.endResetModel()

    def set_filter(self, record_filter: RecordFilter) -> None:
        """Show only the rows that pass ``record_filter``."""
        self._filter = record_filter
        self.beginResetModel()
        self._visible = record_filter.apply(self._rows)
        self._sort_visible()
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(HEADERS):
            return
        self._sort_column, self._sort_order = column, order
        self._resort()

    def _keys(self, column: int) -> list[Any]:
        """The sort key of every row for ``column`` (computed once, extended as rows come)."""
        keys = self._sort_keys.setdefault(column, [])
        if len(keys) < len(self._rows):
            key = _SORT_KEY[column]
            keys.extend(key(row) for row in self._rows[len(keys) :])
        return keys

    def _sort_visible(self) -> None:
        # Already sorted runs (the rows so far, a new batch) make this a cheap merge.
        self._visible.sort(
            key=self._keys(self._sort_column).__getitem__,
            reverse=self._sort_order == Qt.SortOrder.DescendingOrder,
        )

    def _resort(self) -> None:
        """Re-sort, keeping selections and the current row on the same records."""
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        sources = [
            self._visible[p.row()] if p.row() < len(self._visible) else None for p in persistent
        ]
        self._sort_visible()
        if persistent:
            where = {source: position for position, source in enumerate(self._visible)}
            self.changePersistentIndexList(
                persistent,
                [
                    self.index(where[s], p.column()) if s in where else QModelIndex()
                    for p, s in zip(persistent, sources, strict=True)
                ],
            )
        self.layoutChanged.emit()
