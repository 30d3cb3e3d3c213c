"""Exporting from HR's workspace: the dialog, its progress bar and Cancel, read back for real."""

from __future__ import annotations

import csv
import errno
import zipfile
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget
from support.exports import DEMO_RECORDS, EARLY_IN_TOKYO, LATE_IN_CALIFORNIA
from support.hr import dialog_for
from support.pdf import qpdf_check

from zzsign.services.export import kinds
from zzsign.services.export import rows as export_rows
from zzsign.services.hr_workspace import load_rows
from zzsign.views.hr.export_dialog import (
    CANCELLED_MESSAGE,
    NOT_APPLIED_NOTE,
    PARTIAL_PACKAGE_NOTE,
    UNEXPECTED_MESSAGE,
    ExportDialog,
    State,
)
from zzsign.views.hr.record_table_model import RecordFilter

ALL_RECORDS = DEMO_RECORDS + 2


def click_export(qtbot, dialog: ExportDialog) -> None:
    assert dialog.export_button.accessibleName() == "Export…"
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_csv_from_the_dialog_reads_back_with_every_record(
    qtbot, store, hr_key, records_either_side_of_midnight, empty_export_folder
):
    target = empty_export_folder / "records.csv"
    dialog = dialog_for(qtbot, store, hr_key, target)
    seen = []
    dialog.progressed.connect(lambda done, total: seen.append((done, total)))
    click_export(qtbot, dialog)

    assert dialog.outcome.text() == f"Exported {ALL_RECORDS} records to {target}."
    assert dialog.state is State.DONE and dialog.close_button.isVisible()
    assert not dialog.export_button.isVisible() and not dialog.problem.isVisible()
    (caption, suggested, name_filter) = dialog.asked[0]
    assert suggested.suffix == ".csv" and "*.csv" in name_filter and "CSV" in caption
    rows = read_csv(target)
    assert len(rows) == ALL_RECORDS
    assert {row["record_id"] for row in rows} >= set(records_either_side_of_midnight.values())
    assert {row["full_name"] for row in rows} >= set(records_either_side_of_midnight)
    assert seen[0] == (0, ALL_RECORDS) and seen[-1] == (ALL_RECORDS, ALL_RECORDS)
    assert leftovers(empty_export_folder) == ["records.csv"]
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert not any(dialog._key)  # HR's key is wiped when the dialog closes


def test_the_tables_dates_and_version_are_honoured_as_the_table_shows_them(
    qtbot, store, hr_key, records_either_side_of_midnight, settings, empty_export_folder
):
    # 1 July 2025 on the signer's clock: Tokyo's early signer is in, California's late one
    # (1 July in UTC, but 30 June on her clock) is out — as in HR's table.
    shown = RecordFilter(since=date(2025, 7, 1), until=date(2025, 7, 1), version=1)
    rows = [row for batch in load_rows(settings.database_url, hr_key) for row in batch]
    in_table = {rows[i].record_id for i in shown.apply(rows)}
    assert records_either_side_of_midnight[EARLY_IN_TOKYO[0]] in in_table
    assert records_either_side_of_midnight[LATE_IN_CALIFORNIA[0]] not in in_table

    target = empty_export_folder / "first-of-july.csv"
    dialog = dialog_for(qtbot, store, hr_key, target, shown)
    assert dialog.dates.text().startswith("On 2025-07-01 (the date on the signer's clock")
    assert dialog.version.text() == "Version 1 only"
    click_export(qtbot, dialog)
    assert {row["record_id"] for row in read_csv(target)} == in_table

    # A range and a version no record has.
    spring = RecordFilter(since=date(2025, 6, 30), until=date(2025, 7, 1))
    target = empty_export_folder / "around-midnight.csv"
    dialog = dialog_for(qtbot, store, hr_key, target, spring)
    click_export(qtbot, dialog)
    exported = {row["record_id"] for row in read_csv(target)}
    assert exported == {rows[i].record_id for i in spring.apply(rows)}
    assert set(records_either_side_of_midnight.values()) <= exported

    target = empty_export_folder / "no-such-version.csv"
    dialog = dialog_for(qtbot, store, hr_key, target, RecordFilter(version=99))
    click_export(qtbot, dialog)
    assert dialog.outcome.text() == f"Exported 0 records to {target}."
    assert read_csv(target) == []


def test_search_and_status_are_said_not_to_apply_and_a_filtered_package_is_flagged(
    qtbot, store, hr_key, empty_export_folder
):
    plain = dialog_for(qtbot, store, hr_key, empty_export_folder / "x.csv")
    assert plain.not_applied.isHidden() and plain.partial_package.isHidden()
    assert plain.dates.text() == "Any date" and plain.version.text() == "Every version"
    plain.select_format("evidence")
    assert plain.partial_package.isHidden()  # no filter: a complete package

    narrowed = dialog_for(
        qtbot,
        store,
        hr_key,
        empty_export_folder / "x.csv",
        RecordFilter(text="smith", status="void", version=1),
    )
    assert narrowed.not_applied.isVisible() and narrowed.not_applied.text() == NOT_APPLIED_NOTE
    assert narrowed.partial_package.isHidden()
    narrowed.select_format("evidence")
    assert narrowed.partial_package.isVisible()
    assert narrowed.partial_package.text() == PARTIAL_PACKAGE_NOTE
    labels = [b.accessibleName() for b in narrowed.formats.buttons()]
    assert labels == [b.text() for b in narrowed.formats.buttons()]
    assert labels[0] == "CSV — for Excel or LibreOffice"


def test_pdf_from_the_dialog_has_a_bookmark_per_signer_and_passes_qpdf(
    qtbot, store, hr_key, records_either_side_of_midnight, empty_export_folder
):
    from pypdf import PdfReader

    target = empty_export_folder / "signed copies.pdf"
    shown = RecordFilter(since=date(2025, 6, 30), until=date(2025, 7, 1))
    dialog = dialog_for(qtbot, store, hr_key, target, shown, kind="pdf")
    click_export(qtbot, dialog)
    assert dialog.state is State.DONE, dialog.problem.text()
    qpdf_check(target)
    reader = PdfReader(target)
    titles = [item.title for item in reader.outline]
    count = len(titles)
    assert dialog.outcome.text() == f"Exported {count} records to {target}."
    assert f"{LATE_IN_CALIFORNIA[0]} — 2025-06-30" in titles
    assert f"{EARLY_IN_TOKYO[0]} — 2025-07-01" in titles
    pages = [reader.get_destination_page_number(item) for item in reader.outline]
    assert pages == sorted(pages) and pages[0] == 0 and len(set(pages)) == count
    assert LATE_IN_CALIFORNIA[0] in "".join(
        reader.pages[p].extract_text()
        for p in range(
            pages[titles.index(f"{LATE_IN_CALIFORNIA[0]} — 2025-06-30")], len(reader.pages)
        )
    )
    assert leftovers(empty_export_folder) == ["signed copies.pdf"]


@pytest.mark.parametrize("kind", kinds.EXPORT_KINDS)
def test_cancel_after_the_first_record_leaves_no_file(
    qtbot, store, hr_key, records_either_side_of_midnight, empty_export_folder, kind
):
    target = empty_export_folder / f"records.{kind}"
    dialog = dialog_for(qtbot, store, hr_key, target, kind=kind)
    seen = []

    def click_cancel_after_the_first(done: int, total: int) -> None:
        seen.append((done, total))
        if done == 1 and len(seen) == 2:  # the first run only
            assert dialog.is_running and not dialog.export_button.isEnabled()
            qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)

    dialog.progressed.connect(click_cancel_after_the_first)
    click_export(qtbot, dialog)

    assert seen == [(0, ALL_RECORDS), (1, ALL_RECORDS)]  # stopped before the next record
    assert dialog.outcome.text() == CANCELLED_MESSAGE
    assert dialog.state is State.IDLE and dialog.isVisible()
    assert leftovers(empty_export_folder) == []  # no file, no temporary file
    click_export(qtbot, dialog)  # and HR can start again
    assert dialog.state is State.DONE and target.is_file()
    assert leftovers(empty_export_folder) == [target.name]


def test_escape_while_running_cancels_instead_of_closing(
    qtbot, store, hr_key, records_either_side_of_midnight, empty_export_folder
):
    (empty_export_folder / "records.xlsx").write_bytes(b"an earlier export")
    dialog = dialog_for(qtbot, store, hr_key, empty_export_folder / "records.xlsx", kind="xlsx")

    def press_escape(done: int, _total: int) -> None:
        if done == 3:
            qtbot.keyClick(dialog, Qt.Key.Key_Escape)
            dialog.close()

    dialog.progressed.connect(press_escape)
    click_export(qtbot, dialog)
    assert dialog.isVisible() and dialog.outcome.text() == CANCELLED_MESSAGE
    assert leftovers(empty_export_folder) == ["records.xlsx"]
    assert (empty_export_folder / "records.xlsx").read_bytes() == b"an earlier export"


def test_a_folder_that_does_not_exist_gives_one_sentence_and_no_file(
    qtbot, store, hr_key, records_either_side_of_midnight, empty_export_folder
):
    dialog = dialog_for(qtbot, store, hr_key, empty_export_folder / "gone" / "records.csv")
    click_export(qtbot, dialog)
    assert dialog.problem.isVisible()
    assert dialog.problem.text() == (
        "The folder for records.csv does not exist; create it or choose another folder."
    )
    assert dialog.state is State.IDLE and dialog.export_button.isEnabled()
    assert not dialog.outcome.isVisible()
    assert leftovers(empty_export_folder) == []


@pytest.mark.parametrize(
    ("failure", "message"),
    [
        (
            OSError(errno.ENOSPC, "No space left on device"),
            "records.csv could not be written (No space left on device), so nothing was saved; "
            "free some space or choose another folder.",
        ),
        (RuntimeError("something nobody expected"), UNEXPECTED_MESSAGE),
    ],
)
def test_a_failure_midway_gives_one_sentence_and_leaves_no_file(
    qtbot,
    store,
    hr_key,
    records_either_side_of_midnight,
    empty_export_folder,
    monkeypatch,
    failure,
    message,
):
    calls = []
    real = export_rows.neutralise

    def failing(value: str) -> str:
        calls.append(value)
        if len(calls) > 60:  # the header and a few rows are written already
            raise failure
        return real(value)

    monkeypatch.setattr(export_rows, "neutralise", failing)
    dialog = dialog_for(qtbot, store, hr_key, empty_export_folder / "records.csv")
    click_export(qtbot, dialog)
    assert dialog.problem.text() == message
    assert message.count(". ") == 0 and message.endswith(".")
    assert "something nobody expected" not in dialog.problem.text()
    assert leftovers(empty_export_folder) == []


def test_evidence_package_from_the_dialog_verifies(
    qtbot, store, hr_key, records_either_side_of_midnight, empty_export_folder
):
    from zzsign.services.evidence.verifying import verify_package

    target = empty_export_folder / "evidence.zip"
    dialog = dialog_for(qtbot, store, hr_key, target, kind="evidence")
    click_export(qtbot, dialog)
    assert dialog.outcome.text() == f"Exported {ALL_RECORDS} records to {target}."
    report, contents = verify_package(target)
    assert report.intact, report.problems
    assert len(contents.records) == ALL_RECORDS
    with zipfile.ZipFile(target) as package:
        assert len([n for n in package.namelist() if n.endswith(".pdf")]) == ALL_RECORDS
    assert leftovers(empty_export_folder) == ["evidence.zip"]


def test_enter_exports_even_with_cancel_focused_and_its_closing_enter_stays_in_the_dialog(
    qtbot, store, hr_key, records_either_side_of_midnight, empty_export_folder
):
    """Enter never presses Cancel; the Enter that closes the finished dialog (and any key
    typed right after it) never reaches the workspace behind."""
    from zzsign.views.widgets import KEYBOARD_QUIET_MS

    behind = QWidget()  # the workspace, with a field the next keys would land in
    field = QLineEdit(behind)
    qtbot.addWidget(behind)
    behind.show()
    target = empty_export_folder / "records.csv"
    dialog = ExportDialog(store, hr_key, RecordFilter(), behind, choose_path=lambda *_args: target)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.cancel_button.setFocus()
    qtbot.keyClick(dialog.cancel_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.state is State.DONE)
    assert len(read_csv(target)) == ALL_RECORDS
    assert dialog.close_button.hasFocus()
    qtbot.keyClick(dialog.close_button, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    behind.activateWindow()
    field.setFocus()
    qtbot.keyClicks(field, "x")
    assert field.text() == ""  # typed while the keyboard had not rested: dropped
    qtbot.wait(KEYBOARD_QUIET_MS + 200)
    qtbot.keyClicks(field, "y")
    assert field.text() == "y"


def test_every_format_hint_shows_all_its_lines(qtbot, store, hr_key, empty_export_folder):
    """The hints under the formats wrap; none is cut off at the dialog's width."""
    from zzsign.app import create_application

    create_application([])  # the kiosk's style: its fonts wrap the hints onto more lines
    dialog = dialog_for(qtbot, store, hr_key, empty_export_folder / "records.csv")
    hints = dialog.findChildren(QLabel, "formatHint")
    assert len(hints) == 5

    def all_lines_shown() -> None:
        for hint in hints:
            assert hint.height() >= hint.heightForWidth(hint.width()), hint.text()

    qtbot.waitUntil(all_lines_shown, timeout=2000)  # once the dialog's layout has settled
