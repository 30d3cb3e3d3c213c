"""The windows a test leaves open: found after each test, so that none piles up."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication, QWidget


class LeftOpenWindowWarning(UserWarning):
    """A test left a window open (it is closed and deleted after the test)."""


#: Qt's own top-level helpers, made once and kept (a tooltip's label).
QT_HELPERS = frozenset({"QTipLabel"})


def delete_later_now() -> None:
    """Delete now every object whose ``deleteLater`` is pending (no event loop runs between
    tests to do it)."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def open_windows() -> list[QWidget]:
    """The application's top-level widgets without a parent, except Qt's own helpers, once
    the pending deletions are done."""
    if QApplication.instance() is None:
        return []
    delete_later_now()
    return [
        widget
        for widget in QApplication.topLevelWidgets()
        if widget.parentWidget() is None and widget.metaObject().className() not in QT_HELPERS
    ]
