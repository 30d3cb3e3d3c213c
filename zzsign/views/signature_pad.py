"""Signature capture: a drawing pad (mouse, pen, touch) and a typed-name preview.

The ink is drawn by the same code as the PDF's (``zzsign.drawing.ink``, reached through
``services.drawing``); so is each signature's image, a crisp transparent PNG (3x the pad).
"""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import (
    QCoreApplication,
    QElapsedTimer,
    QEvent,
    QPointF,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from zzsign.domain.signature import DrawnSignature, Point, Stroke
from zzsign.services.drawing import (
    INK_COLOR,
    drawn_signature,
    fit_typed_name,
    handwriting_font,
    paint_strokes,
    text_direction,
    typed_text_option,
)

GUIDE_COLOR = QColor("#c4c6d0")
HINT_COLOR = QColor("#a8abb8")
CARD_COLOR = QColor("#ffffff")
BORDER_COLOR = QColor("#d5d7e0")

PAD_MIN_SIZE = QSize(560, 180)
PAD_HINT_SIZE = QSize(640, 200)
PAD_MAX_HEIGHT = 240


# ----------------------------------------------------------------------------- the card


def _paint_card(painter: QPainter, rect: QRectF, *, hint: str | None) -> float:
    """Paint the white card, baseline and "×"; return the baseline's y."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(BORDER_COLOR, 1))
    painter.setBrush(CARD_COLOR)
    painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)

    margin = 28.0
    baseline_y = rect.top() + rect.height() * 0.72
    painter.setPen(QPen(GUIDE_COLOR, 1))
    painter.drawLine(
        QPointF(rect.left() + margin, baseline_y), QPointF(rect.right() - margin, baseline_y)
    )
    small = QFont(painter.font())
    small.setPixelSize(18)
    painter.setFont(small)
    painter.setPen(HINT_COLOR)
    painter.drawText(
        QRectF(rect.left() + margin, baseline_y - 28, 24, 24),
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
        "×",
    )
    if hint:
        hint_font = QFont(painter.font())
        hint_font.setPixelSize(13)
        painter.setFont(hint_font)
        painter.drawText(
            QRectF(rect.left(), baseline_y + 6, rect.width(), 22),
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
            hint,
        )
    return baseline_y


# ----------------------------------------------------------------------------- widgets


class SignaturePad(QWidget):
    """A white card to sign on with a mouse, a pen (tablet) or a finger (touch)."""

    #: Emitted when a stroke ends and when the pad is cleared.
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._strokes: list[list[Point]] = []
        self._current: list[Point] | None = None
        self._device: str | None = None  # "mouse", "tablet" or "touch" while a stroke is drawn
        self._touch_id: int | None = None
        self._clock = QElapsedTimer()
        self._clock.start()

        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # never traps Tab
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setMinimumSize(PAD_MIN_SIZE)
        self.setMaximumHeight(PAD_MAX_HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(QCoreApplication.translate("SignaturePad", "Signature pad"))
        self.setAccessibleDescription(
            QCoreApplication.translate(
                "SignaturePad", "Draw your signature with a mouse, pen or finger"
            )
        )
        self._hint = QCoreApplication.translate("SignaturePad", "Sign here")

    def sizeHint(self) -> QSize:
        """Preferred size: wide and fairly short."""
        return PAD_HINT_SIZE

    # -- state ---------------------------------------------------------------------------------

    def is_empty(self) -> bool:
        """True when nothing has been drawn since the last clear."""
        return not self._strokes and not self._current

    def clear(self) -> None:
        """Remove all strokes and restart the stroke clock."""
        self._strokes.clear()
        self._current = None
        self._device = None
        self._touch_id = None
        self._clock.restart()
        self.update()
        self.changed.emit()

    def strokes(self) -> tuple[Stroke, ...]:
        """Finished strokes as integer (x, y, t_ms) points."""
        return tuple(tuple(stroke) for stroke in self._strokes)

    def to_signature(self) -> DrawnSignature:
        """The drawn signature with its strokes and a 3x transparent PNG of the ink."""
        return drawn_signature(self.strokes(), self.width(), self.height())

    # -- stroke building -----------------------------------------------------------------------

    def _point(self, pos: QPointF) -> Point:
        x = min(max(round(pos.x()), 0), max(self.width() - 1, 0))
        y = min(max(round(pos.y()), 0), max(self.height() - 1, 0))
        return (x, y, int(self._clock.elapsed()))

    def _begin(self, device: str, pos: QPointF) -> None:
        self._device = device
        self._current = [self._point(pos)]
        self.update()

    def _extend(self, pos: QPointF) -> None:
        if self._current is None:
            return
        point = self._point(pos)
        if point[:2] != self._current[-1][:2]:
            self._current.append(point)
            self.update()

    def _end(self, pos: QPointF | None) -> None:
        if self._current is None:
            return
        if pos is not None:
            self._extend(pos)
        self._strokes.append(self._current)
        self._current = None
        self._device = None
        self._touch_id = None
        self.update()
        self.changed.emit()

    def _cancel(self) -> None:
        self._current = None
        self._device = None
        self._touch_id = None
        self.update()

    # -- input ---------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Start a stroke with the left button."""
        if event.button() == Qt.MouseButton.LeftButton and self._device is None:
            self._begin("mouse", event.position())
            event.accept()
        else:
            event.ignore()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Extend the mouse stroke."""
        if self._device == "mouse":
            self._extend(event.position())
            event.accept()
        else:
            event.ignore()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """Finish the mouse stroke."""
        if self._device == "mouse" and event.button() == Qt.MouseButton.LeftButton:
            self._end(event.position())
            event.accept()
        else:
            event.ignore()

    def tabletEvent(self, event: QTabletEvent) -> None:
        """Pen input; accepted so Qt doesn't also synthesise mouse events."""
        kind = event.type()
        if kind == QEvent.Type.TabletPress and self._device is None:
            self._begin("tablet", event.position())
        elif kind == QEvent.Type.TabletMove and self._device == "tablet":
            self._extend(event.position())
        elif kind == QEvent.Type.TabletRelease and self._device == "tablet":
            self._end(event.position())
        event.accept()

    def event(self, event: QEvent) -> bool:
        """Touch input: the first touch point draws, further fingers are ignored."""
        kind = event.type()
        if kind in (
            QEvent.Type.TouchBegin,
            QEvent.Type.TouchUpdate,
            QEvent.Type.TouchEnd,
            QEvent.Type.TouchCancel,
        ):
            assert isinstance(event, QTouchEvent)
            self._touch(event)
            event.accept()
            return True
        return super().event(event)

    def _touch(self, event: QTouchEvent) -> None:
        kind = event.type()
        if kind == QEvent.Type.TouchCancel:
            if self._device == "touch":
                self._cancel()
            return
        points = event.points()
        if self._device is None and kind == QEvent.Type.TouchBegin and points:
            self._touch_id = points[0].id()
            self._begin("touch", points[0].position())
            return
        if self._device != "touch":
            return
        ours = [p for p in points if p.id() == self._touch_id]
        if not ours:
            if kind == QEvent.Type.TouchEnd:
                self._end(None)
            return
        point = ours[0]
        if kind == QEvent.Type.TouchEnd or point.state() == point.State.Released:
            self._end(point.position())
        else:
            self._extend(point.position())

    # -- painting ------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        """White card, baseline, hint when empty, then the ink."""
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), self.palette().window())
            _paint_card(
                painter,
                QRectF(self.rect()),
                hint=None if not self.is_empty() else self._hint,
            )
            strokes: list[list[Point]] = list(self._strokes)
            if self._current:
                strokes.append(self._current)
            paint_strokes(painter, strokes)
        finally:
            painter.end()


class TypedSignaturePreview(QWidget):
    """The typed name shown large in the handwriting font, on the same card as the pad."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self.setMinimumSize(PAD_MIN_SIZE)
        self.setMaximumHeight(PAD_MAX_HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAccessibleName(
            QCoreApplication.translate("TypedSignaturePreview", "Typed signature preview")
        )
        self.setAccessibleDescription(
            QCoreApplication.translate(
                "TypedSignaturePreview", "Your name as it will appear as your signature"
            )
        )
        self._hint = QCoreApplication.translate(
            "TypedSignaturePreview", "Type your name to preview it"
        )

    def sizeHint(self) -> QSize:
        """Same footprint as the signature pad."""
        return PAD_HINT_SIZE

    def text(self) -> str:
        """The text shown (NFC-normalised, stripped)."""
        return self._text

    def set_text(self, text: str) -> None:
        """Show ``text`` in the handwriting font."""
        self._text = unicodedata.normalize("NFC", text).strip()
        self.setAccessibleDescription(
            QCoreApplication.translate("TypedSignaturePreview", "Typed signature: {name}").format(
                name=self._text
            )
            if self._text
            else QCoreApplication.translate("TypedSignaturePreview", "No name typed yet")
        )
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Card, baseline, then the name sitting on the baseline (shrunk to fit if long)."""
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), self.palette().window())
            rect = QRectF(self.rect())
            baseline_y = _paint_card(painter, rect, hint=None if self._text else self._hint)
            if not self._text:
                return
            available = rect.width() - 2 * 56
            if available <= 0:
                return
            fit = fit_typed_name(
                self._text,
                handwriting_font(),
                available,
                baseline_y - 8,
                self,
                smallest_one_line_pt=14.0,
                smallest_pt=9.0,
            )
            metrics = QFontMetricsF(fit.font, self)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
            painter.setFont(fit.font)
            painter.setPen(INK_COLOR)
            bottom = baseline_y + metrics.descent()
            top = 8 if fit.wraps else bottom - metrics.height()
            painter.drawText(
                QRectF(56, top, available, bottom - top),
                self._text,
                typed_text_option(
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                    text_direction(self._text),
                    wraps=fit.wraps,
                ),
            )
        finally:
            painter.end()
