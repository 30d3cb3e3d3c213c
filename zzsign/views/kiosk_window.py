"""The kiosk window: hosts one SigningWizard at a time and resets it for the next hire."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QObject, QSettings, QTimer
from PySide6.QtGui import (
    QClipboard,
    QCloseEvent,
    QGuiApplication,
    QKeySequence,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QPushButton, QWidget

from zzsign.files import empty_folder
from zzsign.views.language import shown, translate, use_language, use_system_language
from zzsign.views.later import after_pending_paints
from zzsign.views.screen_saver import ScreenSaverGuard
from zzsign.views.widgets import show_as_written
from zzsign.views.wizard import SigningWizard

if TYPE_CHECKING:
    from zzsign.services.hr import HrAccess
    from zzsign.services.readiness import SigningWhileOpening
    from zzsign.services.signing import SigningService
    from zzsign.services.store import Store
    from zzsign.views.hr.unlock import HrUnlockDialog
    from zzsign.views.hr.workspace import HrWorkspace
    from zzsign.views.hr_setup import HrSetupDialog
    from zzsign.views.idle_prompt import IdlePrompt

#: How long the HR workspace stays open without input.
HR_IDLE_LOCK_MS = 5 * 60 * 1000
#: How long the Done page waits without input before clearing the screen for the next person.
DONE_RESET_MS = 60 * 1000
#: The longest "Are you still there?" countdown (shorter when the idle limit itself is short).
COUNTDOWN_MS = 30 * 1000

#: The notice's width, and how far its bottom edge sits above the window's (clear of the
#: page's buttons).
NOTICE_WIDTH = 720
NOTICE_ABOVE_BOTTOM = 96

#: What a hire is told when they try to close the kiosk (translated where shown).
STAYS_OPEN = QT_TRANSLATE_NOOP(
    "KioskWindow",
    "This window stays open for the next person; HR can close it from the HR workspace.",
)
#: What a hire reads on a laptop HR has not set up yet.
NOT_READY = QT_TRANSLATE_NOOP("KioskWindow", "This laptop is not ready yet; please ask HR.")

#: Input that counts as someone being at the kiosk.
ACTIVITY_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
        QEvent.Type.TabletMove,
    }
)


def countdown_ms(idle_limit_ms: int) -> int:
    """How long the "Are you still there?" prompt counts down within an idle limit."""
    return min(COUNTDOWN_MS, idle_limit_ms // 2)


class KioskWindow(QMainWindow):
    """The signing kiosk. *Finish*, or a few idle minutes, start over with nothing kept.

    In kiosk mode (``kiosk_mode=True``) it fills the primary screen and a hire cannot close it,
    leave full screen or quit: only HR, from the unlocked HR workspace, can.
    """

    def __init__(
        self,
        *,
        idle_reset_ms: int,
        hr_idle_lock_ms: int = HR_IDLE_LOCK_MS,
        done_reset_ms: int = DONE_RESET_MS,
        kiosk_mode: bool = False,
        screen_saver: ScreenSaverGuard | None = None,
        scratch_dir: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setMinimumSize(800, 560)
        self.resize(1100, 780)
        self.kiosk_mode = kiosk_mode
        self._may_close = not kiosk_mode
        self._idle_reset_ms = idle_reset_ms
        self._done_reset_ms = done_reset_ms
        self._screen_saver = screen_saver
        self._scratch_dir = scratch_dir
        self._service: SigningService | SigningWhileOpening | None = None
        self._hr: HrAccess | None = None
        self._on_first_exposed: list[Callable[[], None]] = []
        self._closed = False  # closed for good (by HR, or not in kiosk mode)
        self._unavailable: str | None = None
        self._store: Store | None = None
        self.workspace: HrWorkspace | None = None
        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.timeout.connect(self._idle_timeout)
        self._idle_prompt: IdlePrompt | None = None  # made when first needed (see idle_prompt)
        self.notice = self._notice_banner()
        self.wizard: SigningWizard = self._new_wizard()
        self._watching_input = False  # see _watch_input; until then only the window's first
        self.restart_idle_countdown()  # exposure is watched (showEvent)
        full_screen = QShortcut(QKeySequence(QKeySequence.StandardKey.FullScreen), self)
        full_screen.activated.connect(self.toggle_full_screen)
        self.hr_idle_timer = QTimer(self)
        self.hr_idle_timer.setSingleShot(True)
        self.hr_idle_timer.setInterval(hr_idle_lock_ms)
        self.hr_idle_timer.timeout.connect(self._hr_idle_timeout)
        hr_entry = QShortcut(QKeySequence("Ctrl+Shift+H"), self)
        hr_entry.activated.connect(self.open_hr_unlock)

    def toggle_full_screen(self) -> None:
        """F11 (or the platform's full-screen key): fill the screen, or go back to a window.

        In kiosk mode the window stays full screen."""
        if self.kiosk_mode:
            return
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def show_kiosk(self) -> None:
        """Fill the primary screen (kiosk mode), or show a normal window."""
        if not self.kiosk_mode:
            self.show()
            return
        primary = QGuiApplication.primaryScreen()
        if primary is not None:
            self.setScreen(primary)
            self.setGeometry(primary.geometry())
        self.showFullScreen()

    def leave_kiosk_mode(self) -> None:
        """HR, from the unlocked workspace: an ordinary window that can be closed."""
        self.kiosk_mode = False
        self._may_close = True
        self.showNormal()
        if self.workspace is not None:
            self.workspace.set_kiosk_mode(False)

    def quit_by_hr(self) -> None:
        """HR, from the unlocked workspace: close zzsign (kiosk mode or not)."""
        self._may_close = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        """A hire cannot close the kiosk (Alt+F4, the window's ✕); otherwise wipe and close."""
        if not self._may_close:
            event.ignore()
            self.show_notice(translate("KioskWindow", STAYS_OPEN))
            return
        self.lock_hr()
        self.idle_timer.stop()
        self._hide_idle_prompt()
        self.hr_idle_timer.stop()
        self.wizard.discard()
        self.forget_traces()
        self._release_screen_saver()
        self._stop_watching_input()
        self._closed = True
        event.accept()

    def show_notice(self, message: str, timeout_ms: int = 6000) -> None:
        """One calm sentence near the bottom of the window, above the page's buttons (where
        nothing the hire reads is covered), gone after a few seconds; a Message is shown in the
        interface's language."""
        self.notice.setText(shown(message))
        self.notice.setFixedWidth(min(self.width() - 48, NOTICE_WIDTH))
        self.notice.adjustSize()
        self.notice.move(
            (self.width() - self.notice.width()) // 2,
            self.height() - self.notice.height() - NOTICE_ABOVE_BOTTOM,
        )
        self.notice.show()
        self.notice.raise_()
        self._notice_timer.start(timeout_ms)

    def _notice_banner(self) -> QLabel:
        notice = QLabel(self)
        notice.setObjectName("kioskNotice")
        notice.setWordWrap(True)
        show_as_written(notice)
        notice.setProperty("alignment", "AlignCenter")  # by name, as show_as_written says
        notice.setStyleSheet(
            "QLabel#kioskNotice { background: #14213d; color: #ffffff; border-radius: 6px; "
            "padding: 12px 18px; font-size: 15px; }"
        )
        notice.hide()
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.timeout.connect(notice.hide)
        return notice

    def showEvent(self, event: QShowEvent) -> None:
        """Watch for the window's first exposure (its own native window only, until then)."""
        super().showEvent(event)
        handle = self.windowHandle()
        if not self._watching_input and handle is not None:
            handle.installEventFilter(self)

    def _first_exposed(self) -> None:
        """On screen: run what waited for it (opening the store: *Start* enabled), then, once
        that has been painted, watch input (:meth:`_watch_input`); nothing if the window was
        closed meanwhile."""
        callbacks, self._on_first_exposed = self._on_first_exposed, []
        if self._closed:
            return  # closed meanwhile: its wizard is gone, there is nothing left to get ready
        try:
            for callback in callbacks:
                callback()
        finally:
            after_pending_paints(self, self._watch_input)

    def _watch_input(self) -> None:
        """From just after the first paints on, any input anywhere restarts the idle countdown.

        The application-wide filter is installed only now. Installed before the first paint,
        PySide spends some 25 ms wrapping that paint's events for it; installed before *Start*
        is painted enabled, the first event of an object of a class Qt keeps private (its
        animation timer) that reaches it makes PySide load every class it wraps, 20-40 ms. And
        nobody can type into a window that is not on screen yet (the idle countdown runs from
        the start; the filter only restarts it).
        """
        if self._watching_input or not self.isVisible():
            return
        self._watching_input = True
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def _stop_watching_input(self) -> None:
        """Closed: its pages are gone, so input elsewhere is none of its business (shown
        again, it watches again from its next exposure)."""
        self._watching_input = False
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def when_first_exposed(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` once the window is first on screen (after its first paint)."""
        self._on_first_exposed.append(callback)

    def set_service(
        self,
        service: SigningService | SigningWhileOpening,
        hr: HrAccess | None = None,
        store: Store | None = None,
    ) -> None:
        """The store is open, or known ready: let hires start signing (once HR has set a
        password).

        With ``store``, HR can also open the HR workspace (Ctrl+Shift+H, or *HR…*); on a laptop
        HR has not set up yet, that is also HR's way to set it up. The same ``service`` again
        (its store has now opened) leaves the hire where they are.
        """
        same = service is self._service
        self._service = service
        self._hr = hr
        self._store = store
        self._unavailable = None  # opened at last (after a lock or a full disk cleared, say)
        self._offer_hr_entry()
        if same:
            self.wizard.welcome.set_ready()
        else:
            self.wizard.set_service(service)
        self._say_if_not_ready()

    def _say_if_not_ready(self) -> None:
        """A laptop HR has not set up yet tells a hire so, in words for a hire."""
        if self._hr is None or self._hr.is_set_up():
            return
        self.wizard.welcome.set_unavailable(translate("KioskWindow", NOT_READY))

    def open_hr_setup(self) -> HrSetupDialog:
        """HR's first use on this laptop, from the HR entry: choose the HR password."""
        from zzsign.views.hr_setup import HrSetupDialog

        assert self._hr is not None
        dialog = HrSetupDialog(self._hr, self)
        dialog.accepted.connect(self._hr_set_up)
        dialog.finished.connect(dialog.deleteLater)
        dialog.setModal(True)
        dialog.show()
        return dialog

    def _hr_set_up(self) -> None:
        self.wizard.welcome.set_ready()
        self.wizard.welcome.on_enter()

    # -- the HR workspace -----------------------------------------------------------------------
    def open_hr_unlock(self) -> HrUnlockDialog | HrSetupDialog | None:
        """HR's discreet way in: the HR password (or, on first use, choosing it)."""
        if self._hr is None or self._store is None or self.workspace is not None:
            return None
        if not self._hr.is_set_up():
            return self.open_hr_setup()
        from zzsign.views.hr.unlock import HrUnlockDialog

        dialog = HrUnlockDialog(self._hr, self)
        dialog.unlocked.connect(self.show_hr_workspace)
        dialog.finished.connect(dialog.deleteLater)
        dialog.setModal(True)
        dialog.show()
        return dialog

    def show_hr_workspace(self, hr_key: bytes) -> HrWorkspace:
        """Replace the kiosk with the HR workspace (the hire's wizard is discarded)."""
        from zzsign.views.hr.workspace import HrWorkspace

        assert self._store is not None
        self.idle_timer.stop()
        old = self.takeCentralWidget()
        if isinstance(old, SigningWizard):
            old.discard()
        self._hide_idle_prompt()
        self._release_screen_saver()
        self.workspace = HrWorkspace(
            self._store, hr_key, scratch_dir=self._scratch_dir, kiosk_mode=self.kiosk_mode
        )
        self.workspace.lock_requested.connect(self.lock_hr)
        self.workspace.quit_requested.connect(self.quit_by_hr)
        self.workspace.leave_kiosk_requested.connect(self.leave_kiosk_mode)
        self.setCentralWidget(self.workspace)
        self.workspace.show()
        self.workspace.search.setFocus()
        self.hr_idle_timer.start()
        self.workspace.start_loading()
        return self.workspace

    def lock_hr(self) -> None:
        """Lock: wipe and destroy the workspace, and greet the next hire with a fresh kiosk."""
        self.hr_idle_timer.stop()
        workspace, self.workspace = self.workspace, None
        if workspace is None:
            return
        workspace.wipe()
        self.takeCentralWidget()
        workspace.hide()
        workspace.setParent(None)
        workspace.deleteLater()
        if self._service is not None:
            self._service.refresh_agreement()  # a version HR may just have published
        self.forget_traces()
        use_system_language()  # the next hire starts in the laptop's language
        self.wizard = self._new_wizard()
        self._greet_next_person()

    def set_unavailable(self, message: str) -> None:
        """The store could not be opened: keep the welcome page with one clear sentence (a
        hire already past it reads the sentence too, and keeps what they entered)."""
        self._unavailable = message
        self.wizard.welcome.set_unavailable(message)
        if self.workspace is None and not self.wizard.is_pristine():
            self.show_notice(message)

    def reset(self) -> None:
        """Start over for the next hire: a brand-new wizard, the old one wiped and destroyed."""
        old = self.takeCentralWidget()
        if isinstance(old, SigningWizard):
            old.discard()
        if self._service is not None:
            self._service.refresh_agreement()  # a version HR published meanwhile, from now on
        self._release_screen_saver()
        self.forget_traces()
        use_system_language()  # Finish, or the idle reset: back to the laptop's language
        self.wizard = self._new_wizard()
        self._greet_next_person()

    def switch_language(self, language: str) -> None:
        """The hire chose another language on the welcome page: the welcome page again, built
        in that language (nobody has started, so nothing is lost); it lasts until Finish."""
        if not self.wizard.is_pristine():
            return
        use_language(language)
        old = self.takeCentralWidget()
        if isinstance(old, SigningWizard):
            old.discard()
        self.wizard = self._new_wizard()
        self._greet_next_person()

    def _greet_next_person(self) -> None:
        """The fresh welcome page, with the keyboard focus on *Start*."""
        self.restart_idle_countdown()
        self.wizard.current_page().on_enter()
        self.activateWindow()

    def forget_traces(self) -> None:
        """Leave nothing of the last person: every clipboard (the normal one, the X11 selection
        that a middle click pastes, the macOS find buffer), the file dialogs' remembered folders
        and history, and the short-lived files in the scratch folder."""
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            for mode in clipboard_modes(clipboard):
                clipboard.clear(mode)
        forget_file_dialog_history()
        if self._scratch_dir is not None:
            empty_folder(self._scratch_dir)

    def _new_wizard(self) -> SigningWizard:
        """A fresh wizard in the interface's language (the window's title in it too)."""
        self.setWindowTitle(
            translate("KioskWindow", "ZZ Servers — Employee Confidentiality Agreement")
        )
        wizard = SigningWizard(self._service)
        if self._unavailable:
            wizard.welcome.set_unavailable(self._unavailable)
        elif self._hr is not None and not self._hr.is_set_up():
            wizard.welcome.set_unavailable(translate("KioskWindow", NOT_READY))
        wizard.finished.connect(self.reset)
        wizard.welcome.language_requested.connect(self.switch_language)
        wizard.pages.currentChanged.connect(self._page_changed)
        self._hr_entry = self._add_hr_entry(wizard)
        self._offer_hr_entry()
        self.setCentralWidget(wizard)
        wizard.show()
        if self._idle_prompt is not None:
            self._idle_prompt.raise_()
        self.notice.raise_()
        return wizard

    def _page_changed(self) -> None:
        """A hire moved on: the screen saver waits while they sign; the idle limit follows the
        page (shorter on the Done page)."""
        if self.wizard.is_pristine():
            self._release_screen_saver()
        elif self._screen_saver is not None:
            self._screen_saver.hold()
        self.restart_idle_countdown()

    def _release_screen_saver(self) -> None:
        if self._screen_saver is not None:
            self._screen_saver.release()

    def _add_hr_entry(self, wizard: SigningWizard) -> QPushButton:
        """A small, quiet *HR…* text button at the bottom left of the welcome page."""
        name = translate("KioskWindow", "HR…", "the discreet entry to the HR workspace")
        entry = QPushButton(name)
        entry.setObjectName("hrEntry")
        entry.setAccessibleName(name)
        entry.setFlat(True)
        entry.setToolTip(translate("KioskWindow", "HR workspace (Ctrl+Shift+H)"))
        entry.setStyleSheet(
            "QPushButton#hrEntry { border: none; background: transparent; color: #8a93a3; "
            "font-size: 13px; padding: 4px 6px; min-width: 0; }"
            "QPushButton#hrEntry:focus { color: #1f5fbf; text-decoration: underline; }"
        )
        entry.clicked.connect(self.open_hr_unlock)
        wizard.welcome.footer.insertWidget(0, entry)
        return entry

    def _offer_hr_entry(self) -> None:
        """*HR…* shows once the store is open (HR's way in); with the pointing hand, set only
        then (Qt's namespace is not loaded before the first paint: see show_as_written)."""
        available = self._hr is not None and self._store is not None
        if available:
            self._hr_entry.setCursor(QtCore.Qt.CursorShape.PointingHandCursor)
        self._hr_entry.setVisible(available)

    def _hr_idle_timeout(self) -> None:
        """Lock HR's idle workspace; an export still running counts as HR being there."""
        if self.workspace is not None and self.workspace.is_exporting:
            self.hr_idle_timer.start()
            return
        self.lock_hr()

    def idle_limit_ms(self) -> int:
        """How long the page on screen may sit without input before it is cleared."""
        if self.wizard.is_on_done_page():
            return min(self._done_reset_ms, self._idle_reset_ms)
        return self._idle_reset_ms

    def restart_idle_countdown(self) -> None:
        """Someone is here: hide the prompt and count the idle time from now."""
        self._hide_idle_prompt()
        limit = self.idle_limit_ms()
        self.idle_timer.start(limit - countdown_ms(limit))

    @property
    def idle_prompt(self) -> IdlePrompt:
        """The "Are you still there?" prompt over the page, made when first needed (minutes
        after the first paint, which it would only delay)."""
        if self._idle_prompt is None:
            from zzsign.views.idle_prompt import IdlePrompt

            self._idle_prompt = IdlePrompt(self)
            self._idle_prompt.expired.connect(self.reset)
        return self._idle_prompt

    def _hide_idle_prompt(self) -> None:
        if self._idle_prompt is not None:
            self._idle_prompt.hide()

    def _idle_timeout(self) -> None:
        """Idle long enough: ask "Are you still there?" before clearing a hire's screen."""
        if self.workspace is not None:
            return
        if self.wizard.is_pristine():
            self.restart_idle_countdown()
            return
        self.idle_prompt.start(countdown_ms(self.idle_limit_ms()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Any input restarts the idle countdown; the first exposure runs the waiting callbacks."""
        kind = event.type()
        if kind in ACTIVITY_EVENTS:
            if self.workspace is not None:
                self.hr_idle_timer.start()
            elif self._idle_prompt is not None and self._idle_prompt.isVisible():
                self.restart_idle_countdown()
            else:
                self.idle_timer.start()  # the interval the page's countdown set
        elif (
            kind == QEvent.Type.Expose
            and not self._watching_input
            and watched is self.windowHandle()
            and self.windowHandle().isExposed()
        ):
            watched.removeEventFilter(self)  # once: the rest is for _first_exposed
            QTimer.singleShot(0, self._first_exposed)
        return False


def clipboard_modes(clipboard: QClipboard) -> list[QClipboard.Mode]:
    """Every clipboard this platform has: the normal one, the X11 selection a middle click
    pastes, the macOS find buffer."""
    modes = [QClipboard.Mode.Clipboard]
    if clipboard.supportsSelection():
        modes.append(QClipboard.Mode.Selection)
    if clipboard.supportsFindBuffer():
        modes.append(QClipboard.Mode.FindBuffer)
    return modes


def forget_file_dialog_history() -> None:
    """Drop the folders and history Qt's file dialogs remember between uses (HR's export and
    publish dialogs; a kiosk page never opens one)."""
    settings = QSettings(QSettings.Scope.UserScope, "QtProject")
    settings.remove("FileDialog")
    settings.remove("Qt/filedialog")
    settings.sync()
