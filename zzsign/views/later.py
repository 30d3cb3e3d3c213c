"""Run something once the event loop has handled what it already holds, repaints included."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from shiboken6 import isValid

#: The event that runs the next waiting call.
_RUN_NEXT = QEvent.Type(QEvent.registerEventType())


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


def after_pending_paints(context: QObject, call: Callable[[], None]) -> None:
    """Run ``call`` on the GUI thread after the events already waiting, repaints included,
    unless ``context`` has been destroyed by then (as ``QTimer.singleShot`` with a receiver).

    Qt posts repaints at low priority, and handles the events of one priority in the order they
    were posted; ``call`` is posted at that priority, after them. (``QTimer.singleShot(0, …)``
    runs before a waiting repaint.) Call this on the GUI thread.
    """
    global _runner
    if _runner is None:
        _runner = _Runner()
    _runner.waiting.append((context, call))
    QCoreApplication.postEvent(_runner, QEvent(_RUN_NEXT), Qt.EventPriority.LowEventPriority.value)
