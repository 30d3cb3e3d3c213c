"""HR's side of the kiosk: unlocking the workspace, the export dialog, sample table rows."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from support.store import HR_PASSWORD
from zzsign.services.hr_workspace import RecordRow
from zzsign.views.hr.export_dialog import ExportDialog
from zzsign.views.hr.record_table_model import RecordFilter
from zzsign.views.hr.unlock import HrUnlockDialog
from zzsign.views.hr.workspace import HrWorkspace
from zzsign.views.kiosk_window import KioskWindow

#: The signers of the records HR's workspace tests sign.
NAMES = ("Ingrid Øvergård", "Ольга Петрова", "Zoë Ñúñez-O'Brien")


def unlock(qtbot, window, password: str = HR_PASSWORD) -> HrUnlockDialog:
    """Open HR's unlock dialog, type ``password`` and click to confirm."""
    dialog = window.open_hr_unlock()
    assert isinstance(dialog, HrUnlockDialog)
    assert dialog.password.accessibleName() == "HR password"
    dialog.password.setText(password)
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    return dialog


def opened(qtbot, window) -> HrWorkspace:
    """HR's workspace, unlocked with the HR password and its records loaded."""
    unlock(qtbot, window)
    workspace = window.workspace
    assert isinstance(workspace, HrWorkspace)
    qtbot.waitUntil(lambda: not workspace.is_loading, timeout=10_000)
    return workspace


def unlock_hr(qtbot, window: KioskWindow) -> HrWorkspace:
    """HR's workspace, unlocked by typing the HR password and pressing Return."""
    dialog = window.open_hr_unlock()
    dialog.password.setText(HR_PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.workspace is not None)
    return window.workspace


def dialog_for(
    qtbot, store, hr_key, target: Path, shown: RecordFilter | None = None, kind: str = "csv"
) -> ExportDialog:
    """The export dialog, shown, its save dialog answering ``target``."""
    asked = []

    def choose(_parent, caption, suggested, name_filter):
        asked.append((caption, suggested, name_filter))
        return target

    dialog = ExportDialog(store, hr_key, shown or RecordFilter(), choose_path=choose)
    dialog.asked = asked
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.select_format(kind)
    return dialog


def row(n: int, name: str = "", *, day: int = 1, version: int = 1, status: str = "signed"):
    """A row of HR's record table, for person ``n``."""
    return RecordRow(
        record_id=f"00000000-0000-4000-8000-{n:012d}",
        signed_at_utc=f"2026-11-{day:02d}T09:{n % 60:02d}:00.000000Z",
        signed_at_local=f"2026-11-{day:02d} 10:{n % 60:02d} +01:00",
        full_name=name or f"Person {n}",
        work_email=f"person{n}@zzservers.com",
        employee_id=f"E-{n}",
        department=("Finance", "Engineering", "Support")[n % 3],
        agreement_version=version,
        status=status,
    )


SAMPLE = [
    row(1, "Zoë Ñúñez-O'Brien", day=2),
    row(2, "Ingrid Øvergård", day=9, version=2),
    row(3, "Ольга Петрова", day=16, version=2),
    row(4, "李小龍", day=17, status="void"),
]


class FakeTime:
    """A clock for HrAccess that stands still until a test moves ``now`` (seconds)."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def try_three_wrong_passwords_then_one_more(access, password: str = HR_PASSWORD) -> None:
    """Three wrong HR passwords cost nothing; the fourth brings a 1-second delay, which even
    the right ``password`` must then wait out (``access``'s clock not moved meanwhile)."""
    import pytest

    from zzsign.services.hr import HrPasswordError

    for _ in range(3):
        with pytest.raises(HrPasswordError, match="not correct"):
            access.unlock("not the password")
    with pytest.raises(HrPasswordError, match=r"Wait 1 second before"):
        access.unlock("still not it")
    with pytest.raises(HrPasswordError, match=r"wait 1 second and try again"):
        access.unlock(password)
