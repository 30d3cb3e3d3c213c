"""Holding off the screen saver while a hire is signing, where the platform allows it.

On Linux desktops this is the freedesktop ``org.freedesktop.ScreenSaver`` D-Bus service (GNOME,
KDE, Xfce and others provide it). Each hold is made on a bus connection of its own, and released
by closing that connection: the desktop drops an inhibition when its owner leaves the bus, so
there is no cookie to hand back (and no unsigned-integer marshalling to get wrong). On Windows,
``SetThreadExecutionState`` keeps the display on. Elsewhere, or with no session bus, nothing
happens: the screen saver is a comfort, never a condition for signing.
"""

from __future__ import annotations

import itertools
import logging
import sys
from typing import Protocol

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

log = logging.getLogger(__name__)

APPLICATION = "zzsign"
#: Why the screen saver is held off, as the desktop lists it (in the interface's language).
REASON = QT_TRANSLATE_NOOP(
    "ScreenSaver", "A new hire is reading and signing the confidentiality agreement"
)
SERVICE = "org.freedesktop.ScreenSaver"
PATH = "/org/freedesktop/ScreenSaver"

_connection_numbers = itertools.count(1)


class ScreenSaverGuard(Protocol):
    """Something that can hold off the screen saver and let it go again."""

    @property
    def holding(self) -> bool:
        """Whether a hold has been asked for and not released."""

    def hold(self) -> None:
        """Hold off the screen saver (doing it twice holds it once)."""

    def release(self) -> None:
        """Let the screen saver come back (harmless when not holding)."""


class FreedesktopScreenSaver:
    """``org.freedesktop.ScreenSaver.Inhibit`` on a private connection to the session bus.

    ``bus_address``: the bus to use (tests give a private bus); the session bus by default.
    """

    def __init__(self, bus_address: str | None = None) -> None:
        self._address = bus_address
        self._connection_name: str | None = None
        self._pending: object | None = None

    @property
    def holding(self) -> bool:
        """Whether a hold has been asked for and not released."""
        return self._connection_name is not None

    @property
    def bus_name(self) -> str | None:
        """The unique bus name of the connection that holds the inhibition, while it does."""
        if self._connection_name is None:
            return None
        from PySide6.QtDBus import QDBusConnection

        return QDBusConnection(self._connection_name).baseService()

    def hold(self) -> None:
        """Ask the desktop to hold off its screen saver (without waiting for its answer)."""
        if self._connection_name is not None:
            return
        from PySide6.QtDBus import QDBusConnection, QDBusMessage

        name = f"zzsign-screen-saver-{next(_connection_numbers)}"
        if self._address is None:
            connection = QDBusConnection.connectToBus(QDBusConnection.BusType.SessionBus, name)
        else:
            connection = QDBusConnection.connectToBus(self._address, name)
        if not connection.isConnected():
            QDBusConnection.disconnectFromBus(name)
            log.info("No session bus: the screen saver is not held off")
            return
        message = QDBusMessage.createMethodCall(SERVICE, PATH, SERVICE, "Inhibit")
        message.setArguments([APPLICATION, QCoreApplication.translate("ScreenSaver", REASON)])
        self._pending = connection.asyncCall(message)  # kept until released
        self._connection_name = name

    def release(self) -> None:
        """Let the screen saver come back: leaving the bus ends the inhibition."""
        name, self._connection_name = self._connection_name, None
        self._pending = None
        if name is not None:
            from PySide6.QtDBus import QDBusConnection

            QDBusConnection.disconnectFromBus(name)


class WindowsDisplayRequired:
    """``SetThreadExecutionState``: keep the display on while a hire signs."""

    ES_CONTINUOUS = 0x80000000
    ES_DISPLAY_REQUIRED = 0x00000002

    def __init__(self) -> None:
        self._holding = False

    @property
    def holding(self) -> bool:
        """Whether the display is being kept on."""
        return self._holding

    def hold(self) -> None:
        """Keep the display on."""
        import ctypes

        ctypes.windll.kernel32.SetThreadExecutionState(  # type: ignore[attr-defined]
            self.ES_CONTINUOUS | self.ES_DISPLAY_REQUIRED
        )
        self._holding = True

    def release(self) -> None:
        """Let the display sleep again."""
        import ctypes

        if self._holding:
            ctypes.windll.kernel32.SetThreadExecutionState(  # type: ignore[attr-defined]
                self.ES_CONTINUOUS
            )
        self._holding = False


def screen_saver_guard() -> ScreenSaverGuard | None:
    """The platform's way of holding off the screen saver, or None where there is none."""
    try:
        if sys.platform == "win32":
            return WindowsDisplayRequired()
        if sys.platform.startswith("linux"):
            return FreedesktopScreenSaver()
    except Exception as exc:  # a missing D-Bus module or library must not stop the kiosk
        log.info("No screen saver inhibition here: %s", type(exc).__name__)
    return None
