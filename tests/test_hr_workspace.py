"""The HR workspace, as HR meets it at the kiosk: unlock, find, inspect, lock."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QTextEdit
from support.hr import NAMES, opened, unlock

from zzsign.services.hr_workspace import check_record, load_rows
from zzsign.views.hr.unlock import HrUnlockDialog
from zzsign.views.hr.workspace import HrWorkspace
from zzsign.views.wizard import SigningWizard


def everything_on_screen(window) -> str:
    """All text any widget in the window holds, visible or not, and every cell of any table."""
    parts = [w.text() for w in window.findChildren(QLabel)]
    parts += [w.text() for w in window.findChildren(QLineEdit)]
    parts += [w.toPlainText() for w in window.findChildren(QTextEdit)]
    parts += [w.currentText() for w in window.findChildren(QComboBox)]
    return "\n".join(parts)


def table_names(workspace: HrWorkspace) -> set[str]:
    model = workspace.model
    return {model.row_at(i).full_name for i in range(model.rowCount())}


def test_the_right_password_opens_the_workspace_with_every_record(
    qtbot, kiosk_over_three_signed_records, three_signed_record_ids
):
    assert kiosk_over_three_signed_records.findChild(QLabel, "hrTitle") is None
    workspace = opened(qtbot, kiosk_over_three_signed_records)
    assert kiosk_over_three_signed_records.centralWidget() is workspace
    assert table_names(workspace) == set(NAMES)
    assert workspace.count.text() == "3 records"
    assert workspace.search.accessibleName() == "Search records"
    assert workspace.lock.accessibleName() == "Lock"


def test_a_wrong_password_says_so_and_stays_locked(qtbot, kiosk_over_three_signed_records):
    dialog = unlock(qtbot, kiosk_over_three_signed_records, "not the password at all")
    assert dialog.isVisible()
    assert dialog.problem.isVisible()
    assert "HR password is not correct" in dialog.problem.text()
    assert kiosk_over_three_signed_records.workspace is None
    assert isinstance(kiosk_over_three_signed_records.centralWidget(), SigningWizard)
    dialog.reject()


def test_while_the_password_is_checked_unlock_says_so_and_cannot_be_pressed_again(
    qtbot, kiosk_over_three_signed_records, monkeypatch
):
    """Opening HR's key takes about a second (argon2id at 256 MiB): meanwhile the button reads
    Checking…, greyed, and the pointer is busy; afterwards it is Unlock again."""
    from PySide6.QtWidgets import QApplication

    dialog = kiosk_over_three_signed_records.open_hr_unlock()
    seen = []
    real_unlock = dialog._hr.unlock

    def watched_unlock(password: str) -> bytes:
        cursor = QApplication.overrideCursor()
        seen.append((dialog.confirm.text(), dialog.confirm.isEnabled(), cursor and cursor.shape()))
        return real_unlock(password)

    monkeypatch.setattr(dialog._hr, "unlock", watched_unlock)
    dialog.password.setText("not the password at all")
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    assert seen == [("Checking…", False, Qt.CursorShape.WaitCursor)]
    assert (dialog.confirm.text(), dialog.confirm.isEnabled()) == ("Unlock", True)
    assert QApplication.overrideCursor() is None
    dialog.reject()


def test_the_shortcut_and_the_quiet_button_lead_to_the_password(
    qtbot, kiosk_over_three_signed_records
):
    entry = kiosk_over_three_signed_records._hr_entry
    assert entry.isVisible() and entry.accessibleName() == "HR…"
    qtbot.mouseClick(entry, Qt.MouseButton.LeftButton)
    dialogs = [
        d for d in kiosk_over_three_signed_records.findChildren(HrUnlockDialog) if d.isVisible()
    ]
    assert len(dialogs) == 1
    dialogs[0].reject()


def test_typing_narrows_the_table_and_a_row_shows_its_intact_details(
    qtbot, kiosk_over_three_signed_records
):
    workspace = opened(qtbot, kiosk_over_three_signed_records)
    qtbot.keyClicks(workspace.search, "zo")
    assert table_names(workspace) == {"Zoë Ñúñez-O'Brien"}
    workspace.search.clear()
    workspace.search.insert("ольга")  # as an input method types it
    assert table_names(workspace) == {"Ольга Петрова"}
    assert workspace.count.text() == "1 of 3 records"
    workspace.table.selectRow(0)
    detail = workspace.detail
    assert detail.name.text() == "Ольга Петрова"
    assert detail.values["Work email"].text() == "ingrid@zzservers.com"
    assert detail.values["Department"].text() == "Finance"
    assert "intact" in detail.verification.text()
    assert "signed" in detail.timeline.text()
    assert detail.signature.isVisible()
    workspace.search.clear()
    assert len(table_names(workspace)) == 3


def test_the_activity_chart_has_this_weeks_signatures(qtbot, kiosk_over_three_signed_records):
    workspace = opened(qtbot, kiosk_over_three_signed_records)
    weeks = workspace.chart.weeks
    assert sum(sum(counts.values()) for counts in weeks.values()) == 3
    assert workspace.chart.versions() == [workspace.model.row_at(0).agreement_version]


def test_lock_returns_to_a_fresh_kiosk_with_nothing_of_hr_left(
    qtbot, kiosk_over_three_signed_records
):
    workspace = opened(qtbot, kiosk_over_three_signed_records)
    workspace.table.selectRow(0)
    assert any(name in everything_on_screen(kiosk_over_three_signed_records) for name in NAMES)
    qtbot.mouseClick(workspace.lock, Qt.MouseButton.LeftButton)
    assert kiosk_over_three_signed_records.workspace is None
    assert isinstance(kiosk_over_three_signed_records.centralWidget(), SigningWizard)
    assert kiosk_over_three_signed_records.wizard.is_pristine()
    screen = everything_on_screen(kiosk_over_three_signed_records)
    assert not any(name in screen for name in NAMES)
    assert workspace.model.rowCount() == 0
    assert not any(workspace._key)


def test_idle_minutes_lock_the_workspace(qtbot, kiosk_over_three_signed_records):
    kiosk_over_three_signed_records.hr_idle_timer.setInterval(200)
    workspace = opened(qtbot, kiosk_over_three_signed_records)
    workspace.table.selectRow(0)
    qtbot.waitUntil(lambda: kiosk_over_three_signed_records.workspace is None, timeout=5_000)
    assert isinstance(kiosk_over_three_signed_records.centralWidget(), SigningWizard)
    assert not any(name in everything_on_screen(kiosk_over_three_signed_records) for name in NAMES)


def test_signed_pdf_is_made_again_into_a_private_file(
    qtbot, kiosk_over_three_signed_records, tmp_path
):
    workspace = opened(qtbot, kiosk_over_three_signed_records)
    seen = []
    workspace._open_file = seen.append
    workspace.table.selectRow(0)
    path = workspace.open_signed_pdf(workspace.detail.record_id)
    assert path is not None and seen == [path]
    assert path.read_bytes().startswith(b"%PDF")
    assert path.stat().st_mode & 0o077 == 0
    workspace.lock.click()
    assert not path.exists()


def test_rows_stream_in_batches_and_each_record_checks_out(
    store, settings, three_signed_record_ids, hr_key
):
    batches = list(load_rows(settings.database_url, hr_key, batch=2, first_batch=1))
    assert [len(b) for b in batches] == [1, 2]
    assert {r.full_name for b in batches for r in b} == set(NAMES)
    assert all(check_record(store.sessions, rid, hr_key).intact for rid in three_signed_record_ids)
