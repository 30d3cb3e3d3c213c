"""HR's record table model and the row services behind it, tested without any widget."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, Qt
from support.hr import SAMPLE, row

from zzsign.services.hr_workspace import filter_rows, weekly_activity
from zzsign.views.hr.record_table_model import (
    COLUMN_EMAIL,
    COLUMN_NAME,
    COLUMN_SIGNED_AT,
    COLUMN_STATUS,
    COLUMN_VERSION,
    HEADERS,
    RECORD_ID_ROLE,
    RecordFilter,
    RecordTableModel,
)


def cell(model: RecordTableModel, position: int, column: int, role=Qt.ItemDataRole.DisplayRole):
    return model.data(model.index(position, column), role)


def test_counts_and_headers(record_table_of_sample_rows):
    assert record_table_of_sample_rows.rowCount() == 4
    assert record_table_of_sample_rows.columnCount() == len(HEADERS) == 7
    assert (
        record_table_of_sample_rows.rowCount(record_table_of_sample_rows.index(0, 0)) == 0
    )  # a table, not a tree
    assert [
        record_table_of_sample_rows.headerData(c, Qt.Orientation.Horizontal) for c in range(7)
    ] == [
        "Signed at",
        "Name",
        "Email",
        "Employee ID",
        "Department",
        "Agreement version",
        "Status",
    ]
    assert record_table_of_sample_rows.headerData(0, Qt.Orientation.Vertical) is None


def test_newest_first_by_default_with_display_and_id_roles(record_table_of_sample_rows):
    assert cell(record_table_of_sample_rows, 0, COLUMN_NAME) == "李小龍"
    assert cell(record_table_of_sample_rows, 0, COLUMN_STATUS) == "Void"
    assert cell(record_table_of_sample_rows, 3, COLUMN_SIGNED_AT) == "2026-11-02 10:01 +01:00"
    assert cell(
        record_table_of_sample_rows, 3, COLUMN_SIGNED_AT, Qt.ItemDataRole.ToolTipRole
    ).endswith("(UTC)")
    assert cell(record_table_of_sample_rows, 3, COLUMN_VERSION) == "1"
    assert cell(record_table_of_sample_rows, 3, COLUMN_EMAIL, RECORD_ID_ROLE) == SAMPLE[0].record_id
    assert record_table_of_sample_rows.data(QModelIndex()) is None


def test_sorts_by_any_column(record_table_of_sample_rows):
    record_table_of_sample_rows.sort(COLUMN_NAME, Qt.SortOrder.AscendingOrder)
    assert cell(record_table_of_sample_rows, 0, COLUMN_NAME) == "Ingrid Øvergård"
    record_table_of_sample_rows.sort(COLUMN_VERSION, Qt.SortOrder.DescendingOrder)
    assert {cell(record_table_of_sample_rows, i, COLUMN_VERSION) for i in range(2)} == {"2"}
    record_table_of_sample_rows.sort(COLUMN_SIGNED_AT, Qt.SortOrder.AscendingOrder)
    assert cell(record_table_of_sample_rows, 0, COLUMN_NAME) == "Zoë Ñúñez-O'Brien"


def test_filters_by_text_dates_version_and_status(record_table_of_sample_rows):
    record_table_of_sample_rows.set_filter(RecordFilter("zoë"))
    assert [
        cell(record_table_of_sample_rows, i, COLUMN_NAME)
        for i in range(record_table_of_sample_rows.rowCount())
    ] == ["Zoë Ñúñez-O'Brien"]
    record_table_of_sample_rows.set_filter(RecordFilter("ОЛЬГА"))  # case-insensitive in any script
    assert record_table_of_sample_rows.rowCount() == 1
    record_table_of_sample_rows.set_filter(RecordFilter("engineering"))  # the department too
    assert record_table_of_sample_rows.rowCount() == 2  # rows 1 and 4 (n % 3 == 1)
    record_table_of_sample_rows.set_filter(
        RecordFilter(since=date(2026, 11, 9), until=date(2026, 11, 16))
    )
    assert record_table_of_sample_rows.rowCount() == 2
    record_table_of_sample_rows.set_filter(RecordFilter(version=2))
    assert record_table_of_sample_rows.rowCount() == 2
    record_table_of_sample_rows.set_filter(RecordFilter(status="void"))
    assert (
        cell(record_table_of_sample_rows, 0, COLUMN_NAME) == "李小龍"
        and record_table_of_sample_rows.rowCount() == 1
    )
    record_table_of_sample_rows.set_filter(RecordFilter())
    assert record_table_of_sample_rows.rowCount() == 4


def test_rows_arriving_later_respect_filter_and_sort(record_table_of_sample_rows):
    record_table_of_sample_rows.set_filter(RecordFilter("person"))
    assert record_table_of_sample_rows.rowCount() == 4  # every email holds "person"
    record_table_of_sample_rows.append_rows([row(60, "Late Arrival", day=30)])
    assert record_table_of_sample_rows.rowCount() == 5
    assert cell(record_table_of_sample_rows, 0, COLUMN_NAME) == "Late Arrival"  # newest first still
    record_table_of_sample_rows.set_filter(RecordFilter("nobody"))
    record_table_of_sample_rows.append_rows([row(61, day=3)])
    assert record_table_of_sample_rows.rowCount() == 0 and record_table_of_sample_rows.total == 6
    record_table_of_sample_rows.clear()
    assert record_table_of_sample_rows.rowCount() == 0 and record_table_of_sample_rows.total == 0


def test_nfc_and_nfd_names_match():
    decomposed = "Zoe\u0308"  # "Zoë" typed with a combining diaeresis
    assert filter_rows(SAMPLE, decomposed) == [0]


def test_weekly_activity_counts_by_week_and_version():
    weeks = weekly_activity([*SAMPLE, row(5, day=30, version=3)])
    assert weeks == {  # weeks start on Monday; an empty week in between is kept
        date(2026, 11, 2): {1: 1},
        date(2026, 11, 9): {2: 1},
        date(2026, 11, 16): {2: 1, 1: 1},
        date(2026, 11, 23): {},
        date(2026, 11, 30): {3: 1},
    }


def test_filtering_100k_rows_finds_every_match(qapp):
    """Every match among 100,000 rows, and only those (how quickly: bench/hr_bench.py's
    ``hr_filter`` row, on a real store)."""
    rows = [row(n, day=1 + n % 28, version=1 + n % 3) for n in range(100_000)]
    model = RecordTableModel()
    model.append_rows(rows)
    model.set_filter(RecordFilter("person4242"))
    assert model.rowCount() == 11  # person4242 and person42420..42429
    matches = filter_rows(rows, "engineering", since=date(2026, 11, 10), version=2)
    expected = [
        i
        for i, r in enumerate(rows)
        if r.department == "Engineering"
        and r.agreement_version == 2
        and r.signed_at_local >= "2026-11-10"
    ]
    assert matches and matches == expected


def test_the_chart_axis_is_round_and_bars_have_tooltips(qtbot):
    from zzsign.views.hr.activity_chart import ActivityChart, axis_ticks

    assert axis_ticks(1) == (1, 1)
    assert axis_ticks(7) == (2, 4)
    assert axis_ticks(101) == (25, 5)
    chart = ActivityChart()
    qtbot.addWidget(chart)
    chart.resize(800, 320)
    chart.set_activity(weekly_activity(SAMPLE))
    chart.grab()  # paints, which lays out the bars
    assert chart.versions() == [1, 2]
    tips = [chart.bar_tooltip(rect.center().x(), rect.center().y()) for rect, _ in chart._bars]
    assert "Week of 16 Nov 2026: 1 signed version 2" in tips
    assert chart.accessibleDescription() == "4 signatures over 3 weeks"
