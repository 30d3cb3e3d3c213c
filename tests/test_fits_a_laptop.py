"""Every kiosk page and the HR workspace fit a laptop screen: nothing a person must reach is cut
off at 1280×720 or 1366×768, full screen or in a window (title bar and panel taken off)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QDateEdit,
    QLineEdit,
    QWidget,
)
from support.kiosk import Hire, KioskDriver
from support.store import HR_PASSWORD

#: Full screen, a maximised window under a title bar and a panel (about 60 px), and a screen
#: scaled to 125 % (what is left in logical pixels).
SIZES = {
    "1280x720": (1280, 720),
    "1280x720-windowed": (1280, 660),
    "1366x768": (1366, 768),
    "1366x768-windowed": (1366, 708),
    "1366x768-at-125%": (1093, 614),
}
CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QDateEdit)


def inside_a_scroll_area(widget: QWidget, top: QWidget) -> bool:
    """Whether ``widget`` lives in a scrolled viewport below ``top`` (it can be scrolled to)."""
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def cut_off(window: QWidget) -> list[str]:
    """The visible controls that do not lie wholly inside the window (and are not scrollable)."""
    bounds = QRect(QPoint(0, 0), window.size())
    problems = []
    for kind in CONTROLS:
        for control in window.findChildren(kind):
            if not control.isVisibleTo(window) or inside_a_scroll_area(control, window):
                continue
            if control.parentWidget() is not None and isinstance(
                control.parentWidget(), CONTROLS
            ):  # a combo box's own line edit
                continue
            where = QRect(control.mapTo(window, QPoint(0, 0)), control.size())
            if not bounds.contains(where):
                name = control.accessibleName() or control.objectName() or type(control).__name__
                problems.append(f"{name} at {where.getRect()} outside {bounds.getRect()}")
    return problems


def settle(window: QWidget, size: tuple[int, int]) -> None:
    """Make the window ``size``; a page whose layout needs more cannot, and fails here."""
    window.resize(*size)
    for _ in range(3):
        QApplication.processEvents()
    assert (window.width(), window.height()) == size, "the page needs more room than the screen"


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
def test_the_window_can_be_as_small_as_a_laptop_screen(kiosk_that_never_idles, size):
    minimum = kiosk_that_never_idles.minimumSizeHint().expandedTo(
        kiosk_that_never_idles.minimumSize()
    )
    assert minimum.width() <= size[0] and minimum.height() <= size[1]


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
def test_every_kiosk_page_fits(qtbot, kiosk_that_never_idles, size):
    window = kiosk_that_never_idles
    driver = KioskDriver(qtbot, window)
    settle(window, size)
    seen = {}

    def look(name: str) -> None:
        settle(window, size)
        seen[name] = cut_off(window)

    look("welcome")
    driver.click("Start")
    look("details")
    driver.click("Continue")  # every field empty: every message beside its field
    look("details with errors")
    hire = Hire()
    driver.type_into("Full legal name", hire.full_name)
    driver.type_into("Work email", hire.work_email)
    driver.type_into("Department", hire.department)
    driver.click("Continue")
    look("consent")
    driver.click("I do not agree")
    look("declined")
    driver.click("Go back")
    driver.consent()
    look("agreement")
    driver.read_and_acknowledge()
    look("sign")
    driver.sign_typed(hire.full_name)
    look("review")
    driver.click("Sign agreement")
    look("done")
    window.wizard.done.finish.click()  # Finish with no copy: the question
    look("done, leave without a copy?")
    assert {page: problems for page, problems in seen.items() if problems} == {}


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
def test_the_hr_workspace_fits(qtbot, kiosk_that_never_idles, service, size):
    from support.store import signed_session

    service.sign(signed_session(service, "Ingrid Øvergård"), screen="x")
    window = kiosk_that_never_idles
    dialog = window.open_hr_unlock()
    dialog.password.setText(HR_PASSWORD)
    dialog.confirm.click()
    workspace = window.workspace
    qtbot.waitUntil(lambda: not workspace.is_loading)
    workspace.table.selectRow(0)
    seen = {}
    for index in range(workspace.tabs.count()):
        workspace.tabs.setCurrentIndex(index)
        settle(window, size)
        seen[workspace.tabs.tabText(index)] = cut_off(window)
    assert {tab: problems for tab, problems in seen.items() if problems} == {}
