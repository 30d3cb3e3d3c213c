"""Child process of the start-up benchmark: start a window, say when it is on screen, exit.

    python bench/startup_child.py --mode bare|zzsign

Prints one line per milestone to stdout, flushed at once; the parent timestamps each line as it
arrives (its clock starts just before it spawns this process):

    PHASE <name>   milestones on the way (zzsign mode only; informative)
    EXPOSED        the top-level window received its first Expose event with isExposed() true
                   (an event filter on the window's own native window, installed after show)
    READY          (zzsign) the welcome page's Start button is painted enabled (what the hire
                   sees: they may start)
    UNAVAILABLE <message>  (zzsign) the page's sentence painted instead, before Start or after
                   it (the store, or the keyring read with it, failed to open on its thread)
    PHASE store    (zzsign, informative) the records store has opened: HR's way in is there,
                   the keyring has been read, and signing no longer waits for it (it opens on a
                   thread after Start)

then leaves with ``os._exit`` (no Qt teardown, which a user never waits for either).

``--mode zzsign`` does what ``zzsign`` (zzsign.cli:main -> zzsign.app.run_gui) does, through the
real functions: parse arguments, resolve settings (ZZSIGN_DATA_DIR from the environment), then
``zzsign.app.start_kiosk`` — the very function ``run_gui`` calls — which shows the window and opens
the store once the window has first been exposed (Start on a quick look at it, the full store
on a thread after).
``--mode bare`` is the floor: import PySide6.QtWidgets, create a QApplication, show a QWidget.
"""

from __future__ import annotations

import os
import sys


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _finish(code: int = 0) -> None:
    sys.stdout.flush()
    os._exit(code)


def _expose_watcher(window, QObject, QEvent, on_exposed):
    """An application-wide event filter that fires ``on_exposed`` once, at the first Expose
    event of ``window``'s native window that leaves it exposed (what ``waitExposed`` waits for)."""

    class ExposeWatcher(QObject):
        fired = False

        def eventFilter(self, watched, event):
            if (
                not self.fired
                and event.type() == QEvent.Type.Expose
                and (window() if callable(window) else window) is not None
                and watched is (window() if callable(window) else window).windowHandle()
                and watched.isExposed()
            ):
                self.fired = True
                on_exposed()
            return False

    return ExposeWatcher()


def _watch_handle(window, watcher, on_exposed) -> None:
    """Watch only the window's own native window (shown, not yet exposed: Qt delivers the
    Expose event in the event loop). An application-wide Python filter would itself cost
    tens of ms in the first paint of a window with many widgets (PySide wraps every event)."""
    handle = window.windowHandle()
    if handle.isExposed():
        watcher.fired = True
        on_exposed()
    else:
        handle.installEventFilter(watcher)


def run_bare() -> None:
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication([sys.argv[0]])
    window = QWidget()
    window.resize(1100, 780)

    def exposed() -> None:
        _say("EXPOSED")
        _finish()

    watcher = _expose_watcher(window, QObject, QEvent, exposed)
    window.show()
    _watch_handle(window, watcher, exposed)
    app.exec()
    _finish(3)  # the event loop ended without an exposed window


def run_zzsign() -> None:
    # -- what zzsign.cli.main does before run_gui -----------------------------------------------
    from zzsign.cli import parse_arguments

    parse_arguments([])
    from zzsign.config import Settings

    settings = Settings.resolve()  # ZZSIGN_DATA_DIR from the environment, set by the parent
    _say("PHASE settings")

    # -- zzsign.app.run_gui: the same start_kiosk, then the event loop --------------------------
    import zzsign.app as app_module

    app = app_module.create_application([sys.argv[0]])  # start_kiosk reuses this instance
    _say("PHASE application")
    from PySide6.QtCore import QEvent, QObject, QTimer

    state = {"exposed": False, "ready": False, "store": False, "unavailable": False}

    def maybe_leave() -> None:
        if state["exposed"] and ((state["ready"] and state["store"]) or state["unavailable"]):
            _finish()

    def exposed() -> None:
        _say("EXPOSED")
        state["exposed"] = True
        maybe_leave()

    holder: dict = {}
    watcher = _expose_watcher(lambda: holder.get("window"), QObject, QEvent, exposed)
    window = holder["window"] = app_module.start_kiosk(settings, [sys.argv[0]])
    _say("PHASE shown")
    _watch_handle(window, watcher, exposed)

    welcome = window.wizard.welcome

    def painted() -> None:
        if welcome.start.isEnabled():
            if state["ready"]:
                return
            _say("READY")
            state["ready"] = True
        elif welcome.problem.isVisibleTo(window):
            _say(f"UNAVAILABLE {welcome.problem.text()}")
            state["unavailable"] = True
        else:
            return
        maybe_leave()

    # Paint events of the two widgets only (not application-wide: see _watch_handle).
    paint_watcher = _paint_watcher(QObject, QEvent, painted)
    welcome.start.installEventFilter(paint_watcher)
    welcome.problem.installEventFilter(paint_watcher)

    def poll_store() -> None:  # informative: when the full store is open
        if getattr(window, "_store", None) is not None:
            _say("PHASE store")
            store_poller.stop()
            state["store"] = True
            maybe_leave()

    store_poller = QTimer()
    store_poller.setInterval(5)
    store_poller.timeout.connect(poll_store)
    store_poller.start()
    app.exec()
    _finish(3)


def _paint_watcher(QObject, QEvent, on_paint):
    """An event filter that calls ``on_paint`` after each Paint event of the watched widgets
    (posted at once: the check sees the state the widget was painted in)."""

    class PaintWatcher(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint:
                on_paint()
            return False

    return PaintWatcher()


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    args = sys.argv[1:]
    mode = args[args.index("--mode") + 1] if "--mode" in args else "zzsign"
    if mode == "bare":
        run_bare()
    elif mode == "zzsign":
        run_zzsign()
    else:
        print(f"startup_child: unknown mode {mode!r} (bare or zzsign)", file=sys.stderr)
        _finish(2)


if __name__ == "__main__":
    main()
