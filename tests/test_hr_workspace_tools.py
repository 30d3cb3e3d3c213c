"""HR's workspace as one place: its Export… button, its Agreements tab, and locking mid-export."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from support.kiosk import open_kiosk
from support.store import signed_session

from zzsign.views.hr.export_dialog import State
from zzsign.views.hr.workspace import HrWorkspace
from zzsign.views.wizard import SigningWizard

NAMES = ("Ingrid Øvergård", "Ольга Петрова", "Zoë Ñúñez-O'Brien")


@pytest.fixture
def signed(service) -> list[str]:
    return [service.sign(signed_session(service, name), screen="x").record_id for name in NAMES]


@pytest.fixture
def workspace(qtbot, qapp, store, hr_key, signed, tmp_path) -> HrWorkspace:
    """The workspace on its own, its save dialog answering ``tmp_path / "out" / <name>``."""
    out = tmp_path / "out"
    out.mkdir()

    def choose(_parent, _caption, suggested: Path, _filter) -> Path:
        return out / suggested.name

    view = HrWorkspace(store, hr_key, choose_export_path=choose)
    qtbot.addWidget(view)
    view.resize(1400, 860)
    view.show()
    view.start_loading()
    qtbot.waitUntil(lambda: not view.is_loading)
    return view


def kiosk_with_workspace(qtbot, service, store, hr_key):
    """The kiosk with HR's workspace open and loaded."""
    kiosk = open_kiosk(qtbot, service, store)
    workspace = kiosk.show_hr_workspace(hr_key)
    qtbot.waitUntil(lambda: not workspace.is_loading)
    return kiosk, workspace


def test_export_button_opens_the_dialog_with_the_tables_version_filter(qtbot, workspace, tmp_path):
    assert workspace.export.accessibleName() == "Export…"
    workspace.version.setCurrentIndex(workspace.version.findData(1))
    qtbot.mouseClick(workspace.export, Qt.MouseButton.LeftButton)
    dialog = workspace.export_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.version.text() == "Version 1 only"
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.state is State.DONE
    assert dialog.outcome.text().startswith(f"Exported {len(NAMES)} records to ")
    assert (tmp_path / "out").iterdir().__next__().suffix == ".csv"


def test_agreements_tab_lists_the_version_the_kiosk_shows(workspace):
    titles = [workspace.tabs.tabText(i) for i in range(workspace.tabs.count())]
    assert titles == ["Records", "Activity", "Agreements"]
    model = workspace.agreements.model
    assert model.rowCount() == 1
    row = [model.index(0, c).data() for c in range(model.columnCount())]
    assert "1" in row and str(len(NAMES)) in row


def test_locking_during_an_export_cancels_it_and_leaves_no_file(
    qtbot, qapp, service, store, hr_key, signed, tmp_path
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
    qtbot, qapp, service, store, hr_key, signed, tmp_path
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
