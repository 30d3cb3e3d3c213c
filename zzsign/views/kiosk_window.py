"""The kiosk window: hosts one SigningWizard at a time and resets it for the next hire."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from zzsign.views.wizard import SigningWizard

if TYPE_CHECKING:
    from zzsign.services.hr import HrAccess
    from zzsign.services.signing import SigningService
    from zzsign.views.hr_setup import HrSetupDialog

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


class KioskWindow(QMainWindow):
    """The signing kiosk. *Finish*, or a few idle minutes, start over with nothing kept."""

    def __init__(self, *, idle_reset_ms: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("ZZ Servers — Employee Confidentiality Agreement")
        self.setMinimumSize(900, 640)
        self.resize(1100, 780)
        self._service: SigningService | None = None
        self._hr: HrAccess | None = None
        self._on_first_exposed: list[Callable[[], None]] = []
        self._unavailable: str | None = None
        self.wizard = self._new_wizard()
        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.setInterval(idle_reset_ms)
        self.idle_timer.timeout.connect(self._idle_timeout)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.idle_timer.start()
        full_screen = QShortcut(QKeySequence(QKeySequence.StandardKey.FullScreen), self)
        full_screen.activated.connect(self.toggle_full_screen)

    def toggle_full_screen(self) -> None:
        """F11 (or the platform's full-screen key): fill the screen, or go back to a window."""
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def when_first_exposed(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` once the window is first on screen (after its first paint)."""
        self._on_first_exposed.append(callback)

    def set_service(self, service: SigningService, hr: HrAccess | None = None) -> None:
        """The store is open: let hires start signing (once HR has set a password)."""
        self._service = service
        self._hr = hr
        self.wizard.set_service(service)
        self._offer_hr_setup_if_needed()

    def _offer_hr_setup_if_needed(self) -> None:
        if self._hr is None or self._hr.is_set_up():
            return
        from zzsign.services.hr import NOT_SET_UP

        self.wizard.welcome.set_needs_hr_setup(NOT_SET_UP)

    def open_hr_setup(self) -> HrSetupDialog:
        """Show the first-use HR password dialog (modeless, so the kiosk stays responsive)."""
        from zzsign.views.hr_setup import HrSetupDialog

        assert self._hr is not None
        dialog = HrSetupDialog(self._hr, self)
        dialog.accepted.connect(self.wizard.welcome.set_ready)
        dialog.setModal(True)
        dialog.show()
        return dialog

    def set_unavailable(self, message: str) -> None:
        """The store could not be opened: keep the welcome page with one clear sentence."""
        self._unavailable = message
        self.wizard.welcome.set_unavailable(message)

    def reset(self) -> None:
        """Start over for the next hire: a brand-new wizard, the old one wiped and destroyed."""
        old = self.takeCentralWidget()
        if isinstance(old, SigningWizard):
            old.discard()
        self.wizard = self._new_wizard()
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.clear()
        self.idle_timer.start()

    def _new_wizard(self) -> SigningWizard:
        wizard = SigningWizard(self._service)
        if self._unavailable:
            wizard.welcome.set_unavailable(self._unavailable)
        wizard.finished.connect(self.reset)
        wizard.welcome.hr_setup_requested.connect(self.open_hr_setup)
        self.setCentralWidget(wizard)
        wizard.show()
        return wizard

    def _idle_timeout(self) -> None:
        if not self.wizard.is_pristine():
            self.reset()
        self.idle_timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Any input restarts the idle countdown; the first exposure runs the waiting callbacks."""
        kind = event.type()
        if kind in ACTIVITY_EVENTS:
            self.idle_timer.start()
        elif (
            kind == QEvent.Type.Expose
            and self._on_first_exposed
            and watched is self.windowHandle()
            and self.windowHandle().isExposed()
        ):
            callbacks, self._on_first_exposed = self._on_first_exposed, []
            for callback in callbacks:
                QTimer.singleShot(0, callback)
        return False
