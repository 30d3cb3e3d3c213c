"""HR's workspace as one place: its Export… button, its Agreements tab, and locking mid-export."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from support.kiosk import open_kiosk

from zzsign.views.hr.export_dialog import State
from zzsign.views.wizard import SigningWizard

NAMES = ("Ingrid Øvergård", "Ольга Петрова", "Zoë Ñúñez-O'Brien")


def kiosk_with_workspace(qtbot, service, store, hr_key):
    """The kiosk with HR's workspace open and loaded."""
    kiosk = open_kiosk(qtbot, service, store)
    workspace = kiosk.show_hr_workspace(hr_key)
    qtbot.waitUntil(lambda: not workspace.is_loading)
    return kiosk, workspace


def test_export_button_opens_the_dialog_with_the_tables_version_filter(
    qtbot, hr_workspace_with_three_records, tmp_path
):
    assert hr_workspace_with_three_records.export.accessibleName() == "Export…"
    hr_workspace_with_three_records.version.setCurrentIndex(
        hr_workspace_with_three_records.version.findData(1)
    )
    qtbot.mouseClick(hr_workspace_with_three_records.export, Qt.MouseButton.LeftButton)
    dialog = hr_workspace_with_three_records.export_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.version.text() == "Version 1 only"
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.state is State.DONE
    assert dialog.outcome.text().startswith(f"Exported {len(NAMES)} records to ")
    assert (tmp_path / "out").iterdir().__next__().suffix == ".csv"


def test_agreements_tab_lists_the_version_the_kiosk_shows(hr_workspace_with_three_records):
    titles = [
        hr_workspace_with_three_records.tabs.tabText(i)
        for i in range(hr_workspace_with_three_records.tabs.count())
    ]
    assert titles == ["Records", "Activity", "Agreements"]
    model = hr_workspace_with_three_records.agreements.model
    assert model.rowCount() == 1
    row = [model.index(0, c).data() for c in range(model.columnCount())]
    assert "1" in row and str(len(NAMES)) in row


def test_locking_during_an_export_cancels_it_and_leaves_no_file(
    qtbot, qapp, service, store, hr_key, three_signed_record_ids, tmp_path
):
    kiosk, workspace = kiosk_with_workspace(qtbot, service, store, hr_key)
    dialog = workspace.open_export()
    dialog.select_format("pdf")
    target = tmp_path / "all.pdf"

    def lock_after_first(done: int, _total: int) -> None:
        if done == 1 and kiosk.workspace is not None:
            kiosk.lock_hr()  # Ctrl+L, or the idle lock, while the export runs

    dialog.progressed.connect(lock_after_first)
    assert dialog.export_to(target) is None
    assert not target.exists() and list(tmp_path.glob("*.pdf*")) == []
    assert kiosk.workspace is None
    assert isinstance(kiosk.centralWidget(), SigningWizard)
    assert not dialog.isVisible()
    assert not any(dialog._key)
    for _ in range(3):  # the workspace and its dialog are deleted without a crash
        QApplication.processEvents()


def test_the_idle_lock_waits_for_a_running_export(
    qtbot, qapp, service, store, hr_key, three_signed_record_ids, tmp_path
):
    kiosk, workspace = kiosk_with_workspace(qtbot, service, store, hr_key)
    dialog = workspace.open_export()
    dialog.select_format("pdf")
    kiosk.hr_idle_timer.start(30)  # HR goes idle just as the export starts
    target = tmp_path / "all.pdf"
    result = dialog.export_to(target)  # ~100 ms a copy: the 30 ms idle timer fires meanwhile
    assert result is not None and target.exists()
    assert kiosk.workspace is workspace  # not locked under the running export
    qtbot.waitUntil(lambda: kiosk.workspace is None, timeout=5000)  # but locked once idle
