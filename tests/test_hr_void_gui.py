"""Voiding a record from HR's workspace: a reason, a signed chain entry, nothing deleted."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from support.hr import NAMES, opened
from support.store import drop_triggers

from zzsign.security.chain import LinkKind
from zzsign.services.hr_workspace import (
    SIGNED,
    VOID,
    check_record,
    filter_rows,
    load_rows,
    record_void,
)
from zzsign.services.verify import verify_store
from zzsign.services.voiding import void_record
from zzsign.store.errors import DISK_FULL
from zzsign.store.records import RecordRepository
from zzsign.views.hr.record_table_model import COLUMN_STATUS, RecordFilter, RecordTableModel
from zzsign.views.hr.void_dialog import CONFIRM_LABEL, REASON_LABEL, VoidDialog
from zzsign.views.hr.workspace import VOID_BUTTON_LABEL, HrWorkspace

REASON = "Signed under a colleague's name by mistake"
VICTIM = "Ольга Петрова"


def select(workspace: HrWorkspace, name: str) -> None:
    """Select the row of ``name`` (which must be shown)."""
    model = workspace.model
    position = next(i for i in range(model.rowCount()) if model.row_at(i).full_name == name)
    workspace.table.selectRow(position)
    assert workspace.detail.name.text() == name


def status_shown(workspace: HrWorkspace, name: str) -> str:
    """The Status cell of ``name``'s row, as the table shows it."""
    model = workspace.model
    position = next(i for i in range(model.rowCount()) if model.row_at(i).full_name == name)
    return model.data(model.index(position, COLUMN_STATUS))


def open_dialog(qtbot, workspace: HrWorkspace) -> VoidDialog:
    """Press *Void record…* in the detail pane, as HR would."""
    void = workspace.detail.void_button
    assert void.isVisible() and void.isEnabled()
    assert void.text() == void.accessibleName() == VOID_BUTTON_LABEL
    qtbot.mouseClick(void, Qt.MouseButton.LeftButton)
    dialog = workspace.void_dialog
    assert isinstance(dialog, VoidDialog) and dialog.isVisible()
    return dialog


def give_reason(qtbot, dialog: VoidDialog, reason: str) -> None:
    dialog.reason.clear()
    qtbot.keyClicks(dialog.reason, reason)
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)


def stored_void(store, record_id: str):
    with store.sessions() as db:
        return RecordRepository(db).void_of(record_id)


def chain_head(store) -> tuple[int, str]:
    with store.sessions() as db:
        return RecordRepository(db).chain_head(store.installation_id)


# -- the whole path, through the GUI ------------------------------------------------------------
def test_voiding_from_the_detail_pane_marks_it_void_everywhere_and_deletes_nothing(
    qtbot, kiosk_over_three_signed_records, store, secrets, hr_key, three_signed_records_by_name
):
    workspace = opened(qtbot, kiosk_over_three_signed_records)
    select(workspace, VICTIM)
    dialog = open_dialog(qtbot, workspace)
    assert dialog.reason.accessibleName() == REASON_LABEL
    assert dialog.confirm.accessibleName() == CONFIRM_LABEL
    qtbot.waitUntil(dialog.reason.hasFocus, timeout=2_000)  # HR can type at once
    shown = "\n".join(label.text() for label in dialog.findChildren(QLabel))
    assert (
        "nothing is deleted" in shown
        and three_signed_records_by_name[VICTIM] in shown
        and VICTIM in shown
    )

    give_reason(qtbot, dialog, f"  {REASON}  ")
    assert not dialog.isVisible()
    assert workspace.void_dialog is None
    # The table says so at once, the others are untouched.
    assert status_shown(workspace, VICTIM) == "Void"
    assert {status_shown(workspace, n) for n in NAMES if n != VICTIM} == {"Signed"}
    # The detail pane shows when, by whom and why, and no longer offers to void.
    detail = workspace.detail
    assert detail.record_id == three_signed_records_by_name[VICTIM]
    assert detail.void_notice.isVisible()
    assert detail.void_notice.text().startswith("Voided on ")
    assert f"by HR.\nReason: {REASON}" in detail.void_notice.text()
    assert detail.void_notice.accessibleName() == detail.void_notice.text()
    assert "— Void" in detail.values["Signed at"].text()
    assert detail.timeline.text().splitlines()[-1].endswith("voided by HR")
    assert not detail.void_button.isVisible()
    assert "intact" in detail.verification.text()

    # The store: the record is still there, the void is a signed link of the chain.
    with store.sessions() as db:
        records = RecordRepository(db)
        assert records.count() == 3
        assert records.has_record(three_signed_records_by_name[VICTIM])
        assert records.void_of(three_signed_records_by_name[VICTIM]).reason == REASON
        link = records.link_for(LinkKind.VOID.value, three_signed_records_by_name[VICTIM])
        assert records.chain_head(store.installation_id) == (link.sequence, link.entry_sha256)
    report = verify_store(store.sessions, secrets=secrets, hr_private_key=hr_key)
    assert report.intact, report.problems
    assert report.voided == 1 and report.records == 3


def test_enter_in_the_reason_voids_with_the_keyboard_alone(
    qtbot, kiosk_over_three_signed_records, store, three_signed_records_by_name
):
    workspace = opened(qtbot, kiosk_over_three_signed_records)
    select(workspace, VICTIM)
    dialog = open_dialog(qtbot, workspace)
    qtbot.keyClicks(dialog.reason, "Duplicate record")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert stored_void(store, three_signed_records_by_name[VICTIM]).reason == "Duplicate record"


@pytest.mark.parametrize(
    "reason, says",
    [
        ("", "at least 3 characters"),
        ("  ok  ", "at least 3 characters"),
        ("wrong\u202eperson", "invisible control character"),
        ("x" * 501, "at most 500 characters"),
    ],
)
def test_an_unusable_reason_is_refused_with_a_message_and_nothing_is_written(
    qtbot, kiosk_over_three_signed_records, store, three_signed_records_by_name, reason, says
):
    workspace = opened(qtbot, kiosk_over_three_signed_records)
    select(workspace, VICTIM)
    head = chain_head(store)
    dialog = open_dialog(qtbot, workspace)
    dialog.reason.setText(reason)  # as pasted
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.problem.isVisible() and says in dialog.problem.text()
    assert dialog.problem.text().count(".") == 1  # one sentence
    assert dialog.reason.text() == reason  # what HR typed stays
    assert stored_void(store, three_signed_records_by_name[VICTIM]) is None
    assert chain_head(store) == head
    assert status_shown(workspace, VICTIM) == "Signed"
    dialog.reason.setText("")
    qtbot.keyClicks(dialog.reason, "Typing again")
    assert not dialog.problem.isVisible()  # the message goes once HR corrects it
    dialog.reject()


def test_a_failed_void_says_what_to_do_and_keeps_the_typed_reason(
    qtbot, kiosk_over_three_signed_records, store, three_signed_records_by_name, monkeypatch
):
    from sqlalchemy.exc import OperationalError

    def disk_full(self, entry):
        raise OperationalError(
            "INSERT INTO record_voids", {}, sqlite3.OperationalError("database or disk is full")
        )

    workspace = opened(qtbot, kiosk_over_three_signed_records)
    select(workspace, VICTIM)
    head = chain_head(store)
    dialog = open_dialog(qtbot, workspace)
    monkeypatch.setattr(RecordRepository, "add_void", disk_full)
    give_reason(qtbot, dialog, REASON)
    assert dialog.isVisible()
    assert dialog.problem.text() == DISK_FULL
    assert dialog.reason.text() == REASON
    assert status_shown(workspace, VICTIM) == "Signed"
    assert workspace.detail.void_button.isVisible()
    assert stored_void(store, three_signed_records_by_name[VICTIM]) is None
    assert chain_head(store) == head

    monkeypatch.undo()  # IT freed some space: the same reason, one more click
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert stored_void(store, three_signed_records_by_name[VICTIM]).reason == REASON
    assert status_shown(workspace, VICTIM) == "Void"


def test_a_record_cannot_be_voided_twice_from_the_gui(
    qtbot, kiosk_over_three_signed_records, store, three_signed_records_by_name
):
    workspace = opened(qtbot, kiosk_over_three_signed_records)
    select(workspace, VICTIM)
    give_reason(qtbot, open_dialog(qtbot, workspace), REASON)
    assert not workspace.detail.void_button.isVisible()
    other = next(n for n in NAMES if n != VICTIM)
    select(workspace, other)
    assert workspace.detail.void_button.isVisible()
    assert not workspace.detail.void_notice.isVisible()
    select(workspace, VICTIM)  # opened again, read afresh from the store
    assert not workspace.detail.void_button.isVisible()
    assert REASON in workspace.detail.void_notice.text()


def test_a_void_made_elsewhere_meanwhile_shows_when_the_record_is_opened(
    qtbot, kiosk_over_three_signed_records, store, three_signed_records_by_name
):
    """The workspace reads through snapshots: each opening must see voids committed since."""
    workspace = opened(qtbot, kiosk_over_three_signed_records)
    select(workspace, VICTIM)  # the reader's connection has been used once already
    assert workspace.detail.void_button.isVisible()
    void_record(store, three_signed_records_by_name[VICTIM], "Voided from the command line")
    other = next(n for n in NAMES if n != VICTIM)
    select(workspace, other)
    select(workspace, VICTIM)
    assert "Voided from the command line" in workspace.detail.void_notice.text()
    assert not workspace.detail.void_button.isVisible()
    assert status_shown(workspace, VICTIM) == "Void"


def test_the_void_status_filter_shows_only_voided_rows(
    qtbot, kiosk_over_three_signed_records, store, three_signed_records_by_name
):
    void_record(store, three_signed_records_by_name[VICTIM], REASON)
    workspace = opened(qtbot, kiosk_over_three_signed_records)
    assert status_shown(workspace, VICTIM) == "Void"  # loaded with the table
    workspace.status.setCurrentIndex(workspace.status.findData(VOID))
    assert workspace.status.currentText() == "Void"
    model = workspace.model
    assert [model.row_at(i).full_name for i in range(model.rowCount())] == [VICTIM]
    assert workspace.count.text() == "1 of 3 records"
    workspace.status.setCurrentIndex(workspace.status.findData(SIGNED))
    assert {model.row_at(i).full_name for i in range(model.rowCount())} == set(NAMES) - {VICTIM}

    # Voided from the GUI while "Signed" is shown: the row stays in view, marked Void ...
    second = model.row_at(0).full_name
    select(workspace, second)
    give_reason(qtbot, open_dialog(qtbot, workspace), "Wrong start date")
    assert status_shown(workspace, second) == "Void"
    assert model.rowCount() == 2
    # ... and the Void filter then shows both voided records.
    workspace.status.setCurrentIndex(workspace.status.findData(VOID))
    assert {model.row_at(i).full_name for i in range(model.rowCount())} == {VICTIM, second}


def test_locking_closes_the_dialog_and_forgets_the_reason(
    qtbot, kiosk_over_three_signed_records, store, three_signed_records_by_name
):
    workspace = opened(qtbot, kiosk_over_three_signed_records)
    select(workspace, VICTIM)
    dialog = open_dialog(qtbot, workspace)
    qtbot.keyClicks(dialog.reason, REASON)
    qtbot.mouseClick(workspace.lock, Qt.MouseButton.LeftButton)
    assert kiosk_over_three_signed_records.workspace is None
    assert not dialog.isVisible() and dialog.reason.text() == ""
    assert stored_void(store, three_signed_records_by_name[VICTIM]) is None


# -- the services behind it, without widgets ----------------------------------------------------
def test_rows_carry_the_void_status_from_the_same_snapshot(
    store, settings, three_signed_records_by_name, hr_key
):
    void_record(store, three_signed_records_by_name[VICTIM], REASON)
    rows = [
        r
        for batch in load_rows(settings.database_url, hr_key, batch=2, first_batch=1)
        for r in batch
    ]
    assert {r.full_name: r.status for r in rows} == {
        name: VOID if name == VICTIM else SIGNED for name in NAMES
    }
    assert {r.status_label for r in rows} == {"Void", "Signed"}
    assert [rows[i].full_name for i in filter_rows(rows, status=VOID)] == [VICTIM]


def test_record_void_reads_the_void_through_a_fresh_snapshot(
    store, settings, three_signed_records_by_name
):
    from zzsign.services.hr_workspace import open_readers

    readers, release = open_readers(settings.database_url)
    try:
        assert record_void(readers, three_signed_records_by_name[VICTIM]) is None
        receipt = void_record(store, three_signed_records_by_name[VICTIM], REASON)
        void = record_void(readers, three_signed_records_by_name[VICTIM])
        assert void is not None
        assert (void.reason, void.voided_by, void.at) == (REASON, "HR", receipt.voided_at)
    finally:
        release()


@pytest.mark.parametrize(
    "statement, what",
    [
        (
            "UPDATE record_voids SET reason = 'Nothing happened'",
            "its void (reason, time or who voided it) was changed",
        ),
        ("DELETE FROM record_voids", "its void was deleted (its chain entry remains)"),
        ("DELETE FROM ledger_entries WHERE kind = 'void'", "its void is not in the chain"),
    ],
)
def test_the_records_own_check_catches_a_tampered_void(
    store, three_signed_records_by_name, hr_key, statement, what
):
    victim = three_signed_records_by_name[VICTIM]
    void_record(store, victim, REASON)
    assert check_record(store.sessions, victim, hr_key).intact
    with sqlite3.connect(store.engine.url.database) as connection:
        drop_triggers(connection)
        connection.execute(statement)
    check = check_record(store.sessions, victim, hr_key)
    assert not check.intact
    assert any(what in problem for problem in check.problems), check.problems


def test_the_model_changes_a_status_in_place_and_keeps_the_selection(qtbot, qapp):
    from support.hr import SAMPLE

    model = RecordTableModel()
    model.append_rows(SAMPLE)
    model.set_filter(RecordFilter(status=SIGNED))
    target = model.row_at(1)
    changed = []
    model.dataChanged.connect(lambda first, last: changed.append((first.row(), last.row())))
    assert model.set_status(target.record_id, VOID)
    assert changed == [(1, 1)]
    assert model.row_at(1).record_id == target.record_id
    assert model.data(model.index(1, COLUMN_STATUS)) == "Void"
    assert not model.set_status("no such record", VOID)
    model.sort(COLUMN_STATUS, Qt.SortOrder.AscendingOrder)  # the sort key was updated too
    assert model.row_at(model.rowCount() - 1).record_id == target.record_id
    model.set_filter(RecordFilter(status=VOID))
    assert target.record_id in {model.row_at(i).record_id for i in range(model.rowCount())}
