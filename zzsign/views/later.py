"""Run something on the GUI thread once the event loop has handled what it already holds,
repaints included — asked for from the GUI thread or from any other."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QThread
from shiboken6 import isValid

#: The event that runs the next waiting call.
_RUN_NEXT = QEvent.Type(QEvent.registerEventType())
#: ``Qt.EventPriority.LowEventPriority.value``, the priority Qt posts repaints at (-1 in every
#: Qt): the kiosk posts here before *Start* is painted, and the Python enums of Qt's namespace
#: cost some 15 ms to make (see ``zzsign.views.widgets.show_as_written``).
LOW_EVENT_PRIORITY = -1


class _Runner(QObject):
    """Runs the waiting calls, one per event, in the order they were asked for."""

    def __init__(self) -> None:
        super().__init__()
        self.waiting: deque[tuple[QObject, Callable[[], None]]] = deque()

    def customEvent(self, event: QEvent) -> None:
        """:data:`_RUN_NEXT`: run the oldest waiting call (unless its object is gone)."""
        if event.type() == _RUN_NEXT and self.waiting:
            context, call = self.waiting.popleft()
            if isValid(context):
                call()


_runner: _Runner | None = None


def prepare() -> None:
    """Make the runner, on the GUI thread (where it lives for the rest of the process): call this
    on the GUI thread before any other thread asks for :func:`after_pending_paints`."""
    global _runner
    if _runner is None:
        application = QCoreApplication.instance()
        if application is None or QThread.currentThread() is not application.thread():
            raise RuntimeError("the runner must be made on the GUI thread")
        _runner = _Runner()


def after_pending_paints(context: QObject, call: Callable[[], None]) -> None:
    """Run ``call`` on the GUI thread after the events already waiting, repaints included,
    unless ``context`` has been destroyed by then (as ``QTimer.singleShot`` with a receiver).

    Qt posts repaints at low priority, and handles the events of one priority in the order they
    were posted; ``call`` is posted at that priority, after them. (``QTimer.singleShot(0, …)``
    runs before a waiting repaint.) Safe from any thread once :func:`prepare` has run on the
    GUI thread: nothing of Qt but the thread-safe ``postEvent`` is touched here, and whether
    ``context`` still exists is asked on the GUI thread, just before ``call``.
    """
    prepare()
    assert _runner is not None
    _runner.waiting.append((context, call))  # deque.append: atomic, safe from any thread
    QCoreApplication.postEvent(_runner, QEvent(_RUN_NEXT), LOW_EVENT_PRIORITY)
