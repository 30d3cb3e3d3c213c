"""A stand-in for the desktop's ``org.freedesktop.ScreenSaver`` service, on a private bus.

Run as a program with the bus address as its argument. It prints one line per event, flushed:
``ready``, then ``inhibit <application>: <reason>`` for each Inhibit call.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import ClassInfo, QCoreApplication, QObject, Slot
from PySide6.QtDBus import QDBusConnection


def say(line: str) -> None:
    print(line, flush=True)


@ClassInfo({"D-Bus Interface": "org.freedesktop.ScreenSaver"})
class ScreenSaver(QObject):
    def __init__(self) -> None:
        super().__init__()
        self._cookies = 0

    @Slot(str, str, result="uint")
    def Inhibit(self, application: str, reason: str) -> int:
        self._cookies += 1
        say(f"inhibit {application}: {reason}")
        return self._cookies


def main() -> None:
    app = QCoreApplication(sys.argv[:1])
    connection = QDBusConnection.connectToBus(sys.argv[1], "fake-screen-saver")
    service = ScreenSaver()
    connection.registerObject(
        "/org/freedesktop/ScreenSaver", service, QDBusConnection.RegisterOption.ExportAllSlots
    )
    if not connection.registerService("org.freedesktop.ScreenSaver"):
        say("failed " + connection.lastError().message())
        return
    say("ready")
    app.exec()


if __name__ == "__main__":
    main()
