"""The kiosk window: hosts one SigningWizard at a time and resets it for the next hire."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QMainWindow, QPushButton, QWidget

from zzsign.views.wizard import SigningWizard

if TYPE_CHECKING:
    from zzsign.services.hr import HrAccess
    from zzsign.services.signing import SigningService
    from zzsign.services.store import Store
    from zzsign.views.hr.unlock import HrUnlockDialog
    from zzsign.views.hr.workspace import HrWorkspace
    from zzsign.views.hr_setup import HrSetupDialog

#: How long the HR workspace stays open without input.
HR_IDLE_LOCK_MS = 5 * 60 * 1000

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

    def __init__(
        self,
        *,
        idle_reset_ms: int,
        hr_idle_lock_ms: int = HR_IDLE_LOCK_MS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("ZZ Servers — Employee Confidentiality Agreement")
        self.setMinimumSize(900, 640)
        self.resize(1100, 780)
        self._service: SigningService | None = None
        self._hr: HrAccess | None = None
        self._on_first_exposed: list[Callable[[], None]] = []
        self._unavailable: str | None = None
        self._store: Store | None = None
        self.workspace: HrWorkspace | None = None
        self.wizard: SigningWizard = self._new_wizard()
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
        self.hr_idle_timer = QTimer(self)
        self.hr_idle_timer.setSingleShot(True)
        self.hr_idle_timer.setInterval(hr_idle_lock_ms)
        self.hr_idle_timer.timeout.connect(self._hr_idle_timeout)
        hr_entry = QShortcut(QKeySequence("Ctrl+Shift+H"), self)
        hr_entry.activated.connect(self.open_hr_unlock)

    def toggle_full_screen(self) -> None:
        """F11 (or the platform's full-screen key): fill the screen, or go back to a window."""
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def when_first_exposed(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` once the window is first on screen (after its first paint)."""
        self._on_first_exposed.append(callback)

    def set_service(
        self, service: SigningService, hr: HrAccess | None = None, store: Store | None = None
    ) -> None:
        """The store is open: let hires start signing (once HR has set a password).

        With ``store``, HR can also open the HR workspace (Ctrl+Shift+H, or *HR…*).
        """
        self._service = service
        self._hr = hr
        self._store = store
        self._unavailable = None  # opened at last (after a lock or a full disk cleared, say)
        self._hr_entry.setVisible(hr is not None and store is not None)
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
        self.workspace = HrWorkspace(self._store, hr_key)
        self.workspace.lock_requested.connect(self.lock_hr)
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
        self.wizard = self._new_wizard()
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.clear()
        self.idle_timer.start()

    def set_unavailable(self, message: str) -> None:
        """The store could not be opened: keep the welcome page with one clear sentence."""
        self._unavailable = message
        self.wizard.welcome.set_unavailable(message)

    def reset(self) -> None:
        """Start over for the next hire: a brand-new wizard, the old one wiped and destroyed."""
        old = self.takeCentralWidget()
        if isinstance(old, SigningWizard):
            old.discard()
        if self._service is not None:
            self._service.refresh_agreement()  # a version HR published meanwhile, from now on
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
        self._hr_entry = self._add_hr_entry(wizard)
        self.setCentralWidget(wizard)
        wizard.show()
        return wizard

    def _add_hr_entry(self, wizard: SigningWizard) -> QPushButton:
        """A small, quiet *HR…* text button at the bottom left of the welcome page."""
        entry = QPushButton("HR…")
        entry.setObjectName("hrEntry")
        entry.setAccessibleName("HR…")
        entry.setFlat(True)
        entry.setToolTip("HR workspace (Ctrl+Shift+H)")
        entry.setCursor(Qt.CursorShape.PointingHandCursor)
        entry.setStyleSheet(
            "QPushButton#hrEntry { border: none; background: transparent; color: #8a93a3; "
            "font-size: 13px; padding: 4px 6px; min-width: 0; }"
            "QPushButton#hrEntry:focus { color: #1f5fbf; text-decoration: underline; }"
        )
        entry.clicked.connect(self.open_hr_unlock)
        entry.setVisible(self._hr is not None and self._store is not None)
        wizard.welcome.footer.insertWidget(0, entry)
        return entry

    def _hr_idle_timeout(self) -> None:
        """Lock HR's idle workspace; an export still running counts as HR being there."""
        if self.workspace is not None and self.workspace.is_exporting:
            self.hr_idle_timer.start()
            return
        self.lock_hr()

    def _idle_timeout(self) -> None:
        if self.workspace is not None:
            return
        if not self.wizard.is_pristine():
            self.reset()
        self.idle_timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Any input restarts the idle countdown; the first exposure runs the waiting callbacks."""
        kind = event.type()
        if kind in ACTIVITY_EVENTS:
            if self.workspace is not None:
                self.hr_idle_timer.start()
            else:
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
