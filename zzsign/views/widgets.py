"""Small building blocks shared by the kiosk pages: accessible controls, headings, messages."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from zzsign.views.language import shown

ERROR_COLOUR = "#b3261e"
#: After a dialog closes, how long the keyboard must rest before the window behind it takes keys.
KEYBOARD_QUIET_MS = 600


def visible_text(label: str) -> str:
    """A label as read aloud: without the ``&`` that marks a keyboard mnemonic."""
    return label.replace("&&", "\0").replace("&", "").replace("\0", "&")


def button(label: str, *, primary: bool = False) -> QPushButton:
    """A push button whose accessible name is its visible label."""
    widget = QPushButton(label)
    widget.setAccessibleName(visible_text(label))
    widget.setAutoDefault(True)
    widget.setMinimumHeight(38)
    widget.setMinimumWidth(120)
    if primary:
        widget.setObjectName("primary")
    return widget


def checkbox(label: str) -> QCheckBox:
    """A checkbox whose accessible name is its visible label."""
    widget = QCheckBox(label)
    widget.setAccessibleName(visible_text(label))
    return widget


def radio(label: str) -> QRadioButton:
    """A radio button whose accessible name is its visible label."""
    widget = QRadioButton(label)
    widget.setAccessibleName(visible_text(label))
    return widget


def heading(text: str) -> QLabel:
    """A page title."""
    label = QLabel(text)
    label.setObjectName("heading")
    label.setWordWrap(True)
    label.setAccessibleName(text)
    return label


def show_as_written(label: QLabel) -> None:
    """Show ``label``'s text as written, never read as rich text (markup, links).

    Set by name through Qt's property system: the first page is built before the window's
    first paint, and the Python enum ``Qt.TextFormat`` would make PySide build the enums of the
    whole Qt namespace first (93 of them, some 15 ms); tests/test_start_up.py keeps it so.
    """
    label.setProperty("textFormat", "PlainText")


def paragraph(text: str = "") -> QLabel:
    """Wrapped body text."""
    label = QLabel(text)
    label.setWordWrap(True)
    show_as_written(label)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    return label


def dialog_layout(dialog: QDialog, title: str, explanation: str) -> QVBoxLayout:
    """A small dialog's layout, started with its heading and one explaining paragraph."""
    layout = QVBoxLayout(dialog)
    layout.setContentsMargins(28, 24, 28, 20)
    layout.setSpacing(12)
    layout.addWidget(heading(title))
    layout.addWidget(paragraph(explanation))
    return layout


def grow_to_fit(widget: QWidget) -> None:
    """Make ``widget`` (a window) tall enough for its wrapped text at its current width.

    A window given a minimum width no longer takes its minimum height from its layout, and Qt
    sizes it for its narrower hint width: wrapped lines below would be cut off. Call it when
    the window's layout changes (``QEvent.Type.LayoutRequest``).
    """
    needed = widget.heightForWidth(widget.width())
    if needed > widget.height():
        widget.resize(widget.width(), needed)


class FittingDialog(QDialog):
    """A dialog that grows to show every line of its wrapped text whenever its layout changes
    (see :func:`grow_to_fit`): a heading or explanation that wraps onto more lines, in a longer
    language or a larger font, is never cut off."""

    def event(self, event: QEvent) -> bool:
        """Grow to fit after Qt has laid the dialog out."""
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:
            grow_to_fit(self)
        return handled


class DialogFooter(NamedTuple):
    """A dialog's footer row and its two buttons (see :func:`dialog_buttons`)."""

    row: QHBoxLayout
    confirm: QPushButton
    cancel: QPushButton


def dialog_buttons(
    dialog: QDialog,
    confirm_label: str,
    *,
    cancel_label: str | None = None,
    on_cancel: Callable[[], object] | None = None,
) -> DialogFooter:
    """A dialog's footer: Cancel (rejects, or runs ``on_cancel``) and the primary button,
    right-aligned. The labels come translated (Cancel's own by default).

    The primary button is the dialog's default: Enter anywhere in the dialog presses it (a
    line edit passes Enter on to the dialog), never Cancel, which only a click, Space on it or
    Escape presses. Connect the primary button's ``clicked`` to the dialog's action and not a
    field's ``returnPressed`` too, or Enter would run the action twice.
    """
    row = QHBoxLayout()
    row.addStretch(1)
    keyboard_rest().watch(dialog)
    cancel = button(cancel_label or QCoreApplication.translate("Dialog", "Cancel"))
    cancel.setAutoDefault(False)
    cancel.clicked.connect(on_cancel if on_cancel is not None else dialog.reject)
    confirm = button(confirm_label, primary=True)
    confirm.setDefault(True)
    row.addWidget(cancel)
    row.addWidget(confirm)
    return DialogFooter(row, confirm, cancel)


class KeyboardRest(QObject):
    """Keeps the rest of someone's typing out of the window behind a dialog that a key closed.

    Someone typing in a dialog does not stop the instant Enter closes it: the rest of a
    password typed again, or a second Enter, would land in the page behind — a hire's field,
    or a button that Space presses. So when a key closes a dialog (Enter, Escape, Space on a
    button), key presses for the window behind it go nowhere until no key has come for
    ``KEYBOARD_QUIET_MS``; every dropped key restarts the wait. A click that closes a dialog
    is not typing, and leaves the window free at once.

    One filter for the whole application, made once and never removed (:func:`keyboard_rest`):
    a Python event filter per dialog, installed and removed as dialogs come and go, crashed
    PySide6 now and then.
    """

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._key_window: QWidget | None = None  # the window a key press is being handled in
        self._guarded: QWidget | None = None
        self._quiet = QTimer(self)
        self._quiet.setSingleShot(True)
        self._quiet.setInterval(KEYBOARD_QUIET_MS)
        self._quiet.timeout.connect(self.release)
        app.installEventFilter(self)

    @property
    def active(self) -> bool:
        """Whether keys for a window behind a closed dialog are being dropped."""
        return self._quiet.isActive()

    def watch(self, dialog: QDialog) -> None:
        """Guard the window behind ``dialog`` when a key closes it."""
        dialog.finished.connect(lambda _result: self._closed(dialog))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Note which window a key press is for; drop keys meant for a guarded window."""
        kind = event.type()
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            return False
        if not isinstance(watched, QWidget):
            return False
        window = watched.window()
        if self._guarded is not None and window is self._guarded and self._quiet.isActive():
            self._quiet.start()
            return True
        if kind == QEvent.Type.KeyPress and self._key_window is None:
            self._key_window = window
            QTimer.singleShot(0, self, self._key_handled)
        return False

    def _key_handled(self) -> None:
        self._key_window = None

    def _closed(self, dialog: QDialog) -> None:
        behind = dialog.parentWidget()
        if self._key_window is dialog and behind is not None:
            self._guarded = behind.window()
            self._quiet.start()

    def release(self) -> None:
        """The keyboard has rested: the window takes keys again."""
        self._quiet.stop()
        self._guarded = None


def keyboard_rest() -> KeyboardRest:
    """The application's one :class:`KeyboardRest` (made on first use)."""
    app = QApplication.instance()
    existing = app.findChild(KeyboardRest)
    return existing if existing is not None else KeyboardRest(app)


class ErrorMessage(QLabel):
    """A red, one-sentence message shown next to what it is about; hidden when empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("error")
        self.setWordWrap(True)
        show_as_written(self)
        self.setProperty("textInteractionFlags", "TextSelectableByMouse")  # by name, likewise
        self.hide()

    def show_message(self, message: str | None) -> None:
        """Show ``message`` (a Message in the interface's language), or hide the label when it
        is None or empty."""
        text = shown(message or "")
        self.setText(text)
        self.setAccessibleName(text)
        self.setVisible(bool(text))


class Page(QWidget):
    """A wizard page: a title, a body, and a footer of buttons (secondary left, primary right).

    ``title`` is the English source, marked ``QT_TRANSLATE_NOOP("Page", …)`` by each page and
    shown in the interface's language. A page is built in one language: to change language,
    build the page again.
    """

    title = ""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(48, 28, 48, 24)
        outer.setSpacing(14)
        outer.addWidget(heading(QCoreApplication.translate("Page", self.title)))
        self.body = QVBoxLayout()
        self.body.setSpacing(12)
        outer.addLayout(self.body, 1)
        self.footer = QHBoxLayout()
        self.footer.setSpacing(12)
        outer.addLayout(self.footer)

    def add_footer(self, *, left: list[QPushButton], right: list[QPushButton]) -> None:
        """Lay out the footer buttons."""
        for widget in left:
            self.footer.addWidget(widget)
        self.footer.addStretch(1)
        for widget in right:
            self.footer.addWidget(widget)

    def on_enter(self) -> None:
        """Called each time the page is shown; override to set focus."""
