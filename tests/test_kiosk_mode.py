"""Kiosk mode: a hire cannot leave the signing flow; nothing of one hire is left for the next."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit
from support import PROJECT
from support.hr import unlock_hr
from support.kiosk import Hire, KioskDriver
from support.programs import PROGRAMS

from zzsign.config import Settings
from zzsign.services.hr import HrAccess
from zzsign.views.kiosk_window import (
    NOT_READY,
    STAYS_OPEN,
    KioskWindow,
    clipboard_modes,
    countdown_ms,
)
from zzsign.views.pages.details import DetailsPage
from zzsign.views.pages.welcome import WelcomePage


class RecordingScreenSaver:
    """Stands in for the desktop: remembers whether the screen saver is held off."""

    def __init__(self) -> None:
        self.holding = False
        self.holds = 0

    def hold(self) -> None:
        if not self.holding:
            self.holds += 1
        self.holding = True

    def release(self) -> None:
        self.holding = False


# -- kiosk mode -------------------------------------------------------------------------------
def test_kiosk_mode_fills_the_primary_screen(kiosk_in_kiosk_mode):
    assert kiosk_in_kiosk_mode.isFullScreen()
    assert kiosk_in_kiosk_mode.screen() is QGuiApplication.primaryScreen()


@pytest.mark.parametrize("attempt", ["window close (✕ or Alt+F4)", "F11", "Escape"])
def test_a_hire_cannot_close_or_leave_the_kiosk(qtbot, kiosk_in_kiosk_mode, attempt):
    driver = KioskDriver(qtbot, kiosk_in_kiosk_mode)
    driver.click("Start")
    driver.type_into("Full legal name", "Ana Lúcia")
    if attempt.startswith("window close"):
        assert kiosk_in_kiosk_mode.close() is False  # what the window manager's close request does
        assert kiosk_in_kiosk_mode.notice.isVisible()
        assert kiosk_in_kiosk_mode.notice.text() == STAYS_OPEN
    else:
        key = Qt.Key.Key_F11 if attempt == "F11" else Qt.Key.Key_Escape
        qtbot.keyClick(driver.control("Full legal name"), key)
    assert kiosk_in_kiosk_mode.isVisible() and kiosk_in_kiosk_mode.isFullScreen()
    assert isinstance(driver.page, DetailsPage)
    assert driver.control("Full legal name").text() == "Ana Lúcia"


def test_only_hr_can_quit_the_kiosk(qtbot, kiosk_in_kiosk_mode):
    workspace = unlock_hr(qtbot, kiosk_in_kiosk_mode)
    assert workspace.quit.isVisible() and workspace.leave_kiosk.isVisible()
    qtbot.mouseClick(workspace.quit, Qt.MouseButton.LeftButton)
    assert not kiosk_in_kiosk_mode.isVisible()


def test_hr_can_leave_kiosk_mode_and_then_the_window_closes_normally(qtbot, kiosk_in_kiosk_mode):
    workspace = unlock_hr(qtbot, kiosk_in_kiosk_mode)
    qtbot.mouseClick(workspace.leave_kiosk, Qt.MouseButton.LeftButton)
    assert not kiosk_in_kiosk_mode.isFullScreen()
    assert not workspace.quit.isVisible()
    assert kiosk_in_kiosk_mode.close() is True


def test_without_kiosk_mode_it_is_an_ordinary_window(make_kiosk, qtbot):
    window = make_kiosk()
    assert not window.isFullScreen()
    window.toggle_full_screen()
    assert window.isFullScreen()
    window.toggle_full_screen()
    assert not window.isFullScreen()
    workspace = unlock_hr(qtbot, window)
    assert not workspace.quit.isVisible()
    assert window.close() is True


def test_kiosk_mode_from_the_command_line_or_the_environment(monkeypatch):
    from zzsign.cli import build_parser

    assert build_parser().parse_args(["--kiosk"]).kiosk is True
    assert Settings.resolve(data_dir="/tmp/x", kiosk=True, environ={}).kiosk
    assert Settings.resolve(data_dir="/tmp/x", environ={"ZZSIGN_KIOSK": "1"}).kiosk
    assert not Settings.resolve(data_dir="/tmp/x", environ={"ZZSIGN_KIOSK": "0"}).kiosk
    assert not Settings.resolve(data_dir="/tmp/x", environ={}).kiosk


# -- the screen saver -------------------------------------------------------------------------
def test_the_screen_saver_waits_while_a_hire_signs_and_only_then(make_kiosk, qtbot):
    screen_saver = RecordingScreenSaver()
    window = make_kiosk(screen_saver=screen_saver)
    driver = KioskDriver(qtbot, window)
    assert not screen_saver.holding  # nobody is signing
    driver.walk_to_review(Hire())
    driver.click("Sign agreement")
    assert screen_saver.holding and screen_saver.holds == 1
    window.reset()  # Finish, or the idle reset
    assert not screen_saver.holding
    driver.click("Start")
    assert screen_saver.holding
    unlock_hr(qtbot, window)  # HR's workspace: nobody is signing
    assert not screen_saver.holding


@pytest.mark.skipif(shutil.which("dbus-daemon") is None, reason="needs dbus-daemon")
def test_the_desktop_screen_saver_is_inhibited_over_d_bus_and_released(qapp, tmp_path):
    """Against a real D-Bus daemon and a service speaking org.freedesktop.ScreenSaver."""
    from PySide6.QtDBus import QDBusConnection, QDBusMessage

    from zzsign.views.screen_saver import FreedesktopScreenSaver

    bus = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    service = None
    try:
        address = bus.stdout.readline().strip()
        service = subprocess.Popen(
            [sys.executable, str(PROGRAMS / "fake_screen_saver.py"), address],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert service.stdout.readline().strip() == "ready"
        guard = FreedesktopScreenSaver(address)
        guard.hold()
        holder = guard.bus_name
        assert holder
        assert service.stdout.readline().startswith("inhibit zzsign: A new hire")
        observer = QDBusConnection.connectToBus(address, "test-observer")

        def on_bus(name: str) -> bool:
            message = QDBusMessage.createMethodCall(
                "org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus",
                "NameHasOwner",
            )
            message.setArguments([name])
            return bool(observer.call(message).arguments()[0])

        assert on_bus(holder)
        guard.release()
        assert not guard.holding
        # The desktop lifts an inhibition when its holder leaves the bus.
        deadline = 50
        while on_bus(holder) and deadline:
            QApplication.processEvents()
            deadline -= 1
        assert not on_bus(holder)
        QDBusConnection.disconnectFromBus("test-observer")
    finally:
        if service is not None:
            service.kill()
            service.wait()
        bus.kill()
        bus.wait()


# -- "Are you still there?" ------------------------------------------------------------------
def test_idle_asks_are_you_still_there_with_a_countdown_then_clears(make_kiosk, qtbot):
    window = make_kiosk(idle_reset_ms=2400)
    driver = KioskDriver(qtbot, window)
    driver.click("Start")
    driver.type_into("Full legal name", "Søren Kierkegaard")
    qtbot.waitUntil(window.idle_prompt.isVisible, timeout=3000)
    headings = [label.text() for label in window.idle_prompt.findChildren(QLabel)]
    assert "Are you still there?" in headings
    text = window.idle_prompt.message.text()
    assert "this screen will be cleared in 2 seconds" in text
    assert isinstance(driver.page, DetailsPage)  # not yet cleared: the hire can carry on
    qtbot.waitUntil(lambda: isinstance(driver.page, WelcomePage), timeout=3000)
    assert not window.idle_prompt.isVisible()
    assert "Søren" not in "".join(e.text() for e in window.findChildren(QLineEdit))


def test_any_input_during_the_countdown_keeps_the_hire_s_entries(make_kiosk, qtbot):
    window = make_kiosk(idle_reset_ms=2400)
    driver = KioskDriver(qtbot, window)
    driver.click("Start")
    driver.type_into("Full legal name", "Søren")
    qtbot.waitUntil(window.idle_prompt.isVisible, timeout=3000)
    qtbot.keyClicks(driver.control("Full legal name"), " K")
    assert not window.idle_prompt.isVisible()
    assert driver.control("Full legal name").text() == "Søren K"
    qtbot.wait(1500)  # past the moment the first countdown would have cleared the screen
    assert isinstance(driver.page, DetailsPage)


def test_the_idle_prompt_shows_the_seconds_left(make_kiosk, qtbot):
    window = make_kiosk()
    driver = KioskDriver(qtbot, window)
    driver.click("Start")
    window.idle_prompt.start(30_000)
    assert window.idle_prompt.isVisible()
    assert window.idle_prompt.geometry() == window.rect()
    assert "cleared in 30 seconds" in window.idle_prompt.message.text()
    window.restart_idle_countdown()
    assert not window.idle_prompt.isVisible()


def test_the_welcome_page_never_counts_down(make_kiosk, qtbot):
    window = make_kiosk(idle_reset_ms=600)
    qtbot.wait(900)
    assert not window.idle_prompt.isVisible()
    assert isinstance(window.wizard.current_page(), WelcomePage)


def test_the_done_page_is_cleared_after_a_minute(make_kiosk, qtbot):
    window = make_kiosk(idle_reset_ms=180_000)
    driver = KioskDriver(qtbot, window)
    assert window.idle_limit_ms() == 180_000
    driver.walk_to_review(Hire())
    driver.click("Sign agreement")
    assert window.idle_limit_ms() == 60_000
    assert window.idle_timer.interval() == 60_000 - countdown_ms(60_000)


# -- nothing of one hire is left for the next -------------------------------------------------
def test_finish_leaves_the_focus_on_start(make_kiosk, qtbot):
    window = make_kiosk()
    driver = KioskDriver(qtbot, window)
    driver.click("Start")
    driver.type_into("Full legal name", "Ana")
    window.reset()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.wizard.welcome.start)


def test_every_clipboard_and_the_file_dialog_history_are_cleared(make_kiosk, qtbot, tmp_path):
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))
    history = QSettings(QSettings.Scope.UserScope, "QtProject")
    history.setValue("FileDialog/history", [str(tmp_path / "hire-copy.pdf")])
    history.setValue("FileDialog/lastVisited", str(tmp_path))
    history.sync()
    window = make_kiosk()
    clipboard = QGuiApplication.clipboard()
    modes = clipboard_modes(clipboard)
    for mode in modes:
        clipboard.setText("zoe.nunez@zzservers.com", mode)
    window.reset()
    for mode in modes:
        assert clipboard.text(mode) == ""
    remembered = QSettings(QSettings.Scope.UserScope, "QtProject")
    assert remembered.value("FileDialog/history") is None
    assert remembered.value("FileDialog/lastVisited") is None


def test_hr_s_copies_live_in_the_private_scratch_folder_and_go_at_lock_close_and_start(
    make_kiosk, qtbot, service, store, settings
):
    from support.store import signed_session

    record_id = service.sign(signed_session(service, "Ingrid Øvergård"), screen="x").record_id
    opened: list[Path] = []
    window = make_kiosk(scratch_dir=settings.scratch_dir)
    workspace = unlock_hr(qtbot, window)
    workspace._open_file = opened.append
    path = workspace.open_signed_pdf(record_id)
    assert path is not None and path.is_file()
    assert settings.scratch_dir in path.parents
    assert path.stat().st_mode & 0o077 == 0
    assert settings.scratch_dir.stat().st_mode & 0o777 == 0o700
    window.lock_hr()
    assert list(settings.scratch_dir.iterdir()) == []

    # Whatever a crash left behind is gone at the next start, and at close.
    leftover = settings.scratch_dir / "hr-crashed" / "zzsign-x.pdf"
    leftover.parent.mkdir()
    leftover.write_bytes(b"%PDF-1.7 left by a crash")
    from zzsign.app import start_kiosk

    started = start_kiosk(settings, [], secrets=store.secrets, screen_saver=RecordingScreenSaver())
    qtbot.addWidget(started)
    assert list(settings.scratch_dir.iterdir()) == []
    leftover.parent.mkdir()
    leftover.write_bytes(b"%PDF-1.7")
    assert started.close()
    assert list(settings.scratch_dir.iterdir()) == []


# -- a laptop HR has not set up -----------------------------------------------------------------
def test_a_laptop_not_set_up_tells_a_hire_to_ask_hr_and_offers_no_set_up(
    qtbot, qapp, settings, secrets
):
    from zzsign.services.signing import SigningService
    from zzsign.services.store import open_store

    fresh = open_store(settings, secrets)
    try:
        window = KioskWindow(idle_reset_ms=60_000)
        qtbot.addWidget(window)
        window.set_service(SigningService(fresh), HrAccess(fresh.sessions), fresh)
        window.show()
        welcome = window.wizard.welcome
        assert welcome.problem.text() == NOT_READY
        assert not welcome.start.isEnabled()
        assert "zzsign" not in welcome.problem.text()
        window.reset()  # the next hire's wizard says it too
        assert window.wizard.welcome.problem.text() == NOT_READY
        # HR's own way in still sets the laptop up.
        dialog = window.open_hr_unlock()
        assert dialog.windowTitle() == "Set up for HR"
    finally:
        fresh.close()


def test_the_x11_selection_that_a_middle_click_pastes_is_cleared_too(x11_display):
    """On a real X11 display, where the primary selection exists (offscreen Qt has none)."""
    import os

    environment = {
        **os.environ,
        "DISPLAY": x11_display,
        "QT_QPA_PLATFORM": "xcb",
        "PYTHONPATH": str(PROJECT),
    }
    result = subprocess.run(
        [sys.executable, str(PROGRAMS / "x11_selection_check.py")],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "after: ('', '')" in result.stdout


def test_temporary_files_of_the_kiosk_go_to_the_scratch_folder(settings, monkeypatch):
    """A print job's spool file (Qt) or any tempfile (Python) lands in the owner-only scratch
    folder, which is emptied between hires, never in /tmp."""
    import tempfile

    from PySide6.QtCore import QDir, QTemporaryFile

    from zzsign.app import keep_temporary_files_in

    monkeypatch.setenv("TMPDIR", "/tmp")
    monkeypatch.setattr(tempfile, "tempdir", None)
    keep_temporary_files_in(settings.scratch_dir)
    try:
        assert Path(tempfile.gettempdir()) == settings.scratch_dir
        assert Path(QDir.tempPath()) == settings.scratch_dir
        spool = QTemporaryFile()
        assert spool.open()
        assert Path(spool.fileName()).parent == settings.scratch_dir
        spool.close()
        assert settings.scratch_dir.stat().st_mode & 0o777 == 0o700
    finally:
        tempfile.tempdir = None
