"""Run on a real X11 display (Xvfb): the kiosk clears the primary selection between hires.

Started by tests/test_kiosk_mode.py with DISPLAY set and QT_QPA_PLATFORM=xcb. Prints one line,
``selection before: … after: …``, and exits 0 when the selection is empty after the reset.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QClipboard
from PySide6.QtWidgets import QApplication

from zzsign.app import create_application
from zzsign.views.kiosk_window import KioskWindow


def main() -> int:
    app = create_application(sys.argv[:1])
    clipboard = app.clipboard()
    if not clipboard.supportsSelection():
        print("no selection clipboard on this platform")
        return 2
    window = KioskWindow(idle_reset_ms=60_000)
    window.show()
    clipboard.setText("zoe.nunez@zzservers.com", QClipboard.Mode.Selection)
    clipboard.setText("Zoë Núñez", QClipboard.Mode.Clipboard)
    QApplication.processEvents()
    before = clipboard.text(QClipboard.Mode.Selection)
    window.reset()
    QApplication.processEvents()
    after = (clipboard.text(QClipboard.Mode.Selection), clipboard.text(QClipboard.Mode.Clipboard))
    print(f"selection before: {before!r} after: {after!r}")
    return 0 if before and after == ("", "") else 1


if __name__ == "__main__":
    sys.exit(main())
