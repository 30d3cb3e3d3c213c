""" "Are you still there?": the visible countdown before the kiosk clears a hire's screen."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from zzsign.views.widgets import button, heading, paragraph

QUESTION = QT_TRANSLATE_NOOP("IdlePrompt", "Are you still there?")
STILL_HERE_LABEL = QT_TRANSLATE_NOOP("IdlePrompt", "I'm still here")


def countdown_text(seconds: int) -> str:
    """What the prompt says with ``seconds`` left, in the interface's language.

    One sentence for one second and one for more: the plural rule of English and Spanish.
    """
    if seconds == 1:
        text = QCoreApplication.translate(
            "IdlePrompt",
            "To protect your details, this screen will be cleared in 1 second. "
            "Touch the screen, move the mouse or press any key to carry on.",
        )
    else:
        text = QCoreApplication.translate(
            "IdlePrompt",
            "To protect your details, this screen will be cleared in {seconds} "
            "seconds. Touch the screen, move the mouse or press any key to carry on.",
        )
    return text.format(seconds=seconds)


class IdlePrompt(QWidget):
    """A dimmed layer over the whole window with a card that counts down, second by second.

    It never takes the keyboard focus, so a hire who starts typing again simply carries on
    (the window treats any input as presence and hides the prompt). ``expired`` is emitted when
    the count reaches zero.
    """

    expired = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("idleLayer")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(
            "QWidget#idleLayer { background: rgba(20, 33, 61, 150); }"
            "QFrame#idleCard { background: #ffffff; border-radius: 10px; }"
        )
        outer = QVBoxLayout(self)
        outer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        card = QFrame()
        card.setObjectName("idleCard")
        card.setMinimumWidth(520)
        card.setMaximumWidth(600)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(32, 28, 32, 24)
        layout.setSpacing(14)
        self.question = heading(QUESTION)
        layout.addWidget(self.question)
        self.message = paragraph()
        layout.addWidget(self.message)
        self.still_here = button(STILL_HERE_LABEL, primary=True)
        self.still_here.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.still_here.clicked.connect(self.hide)
        layout.addWidget(self.still_here, 0, Qt.AlignmentFlag.AlignRight)
        outer.addWidget(card)
        self._left_ms = 0
        self._tick = QTimer(self)
        self._tick.timeout.connect(self._count_down)
        parent.installEventFilter(self)
        self.hide()

    @property
    def seconds_left(self) -> int:
        """Seconds (rounded up) before the screen is cleared; 0 when the prompt is not shown."""
        return self._whole_seconds() if self.isVisible() else 0

    def _whole_seconds(self) -> int:
        return -(-self._left_ms // 1000)

    def start(self, countdown_ms: int) -> None:
        """Show the prompt and count down from ``countdown_ms``, a second at a time."""
        self._left_ms = max(int(countdown_ms), 1)
        self._speak_current_language()
        self.message.setText(countdown_text(self._whole_seconds()))
        self.setGeometry(self.parentWidget().rect())
        self.show()
        self.raise_()
        self._tick.start(min(1000, self._left_ms))

    def _speak_current_language(self) -> None:
        """The prompt lives as long as the window, across hires who may choose another
        language: its words are set afresh each time it appears."""
        question = QCoreApplication.translate("IdlePrompt", QUESTION)
        self.question.setText(question)
        self.question.setAccessibleName(question)
        self.message.setAccessibleName(question)
        still_here = QCoreApplication.translate("IdlePrompt", STILL_HERE_LABEL)
        self.still_here.setText(still_here)
        self.still_here.setAccessibleName(still_here)

    def hideEvent(self, event) -> None:
        """Hidden (someone is there, or the screen was cleared): stop counting."""
        self._tick.stop()
        super().hideEvent(event)

    def _count_down(self) -> None:
        self._left_ms -= self._tick.interval()
        if self._left_ms <= 0:
            self.hide()
            self.expired.emit()
            return
        self.message.setText(countdown_text(self._whole_seconds()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Keep covering the whole window when it is resized."""
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.parentWidget().rect())
        return False
