"""Signature capture: a drawing pad (mouse, pen, touch) and a typed-name preview.

Both forms render to a crisp PNG (3x device scale, transparent background, ink only)
that the PDF layer can place on the signed agreement.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from PySide6.QtCore import (
    QBuffer,
    QElapsedTimer,
    QEvent,
    QIODevice,
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
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from zzsign.domain.signature import DrawnSignature, Point, Stroke, TypedSignature
from zzsign.rendering import (
    HANDWRITING_FONT_FILE,
    handwriting_font_family,
    stroke_path,
    text_direction,
)

#: File name of the bundled handwriting font used for typed signatures.
#: Family name the bundled font registers under.

INK_COLOR = QColor("#1a1a40")
INK_WIDTH = 2.5
GUIDE_COLOR = QColor("#c4c6d0")
HINT_COLOR = QColor("#a8abb8")
CARD_COLOR = QColor("#ffffff")
BORDER_COLOR = QColor("#d5d7e0")

PAD_MIN_SIZE = QSize(560, 180)
PAD_HINT_SIZE = QSize(640, 200)
PAD_MAX_HEIGHT = 240
TYPED_POINT_SIZE = 36
#: Pixel size used when rendering a typed signature image (before the device scale).
TYPED_PIXEL_SIZE = 48
EXPORT_SCALE = 3



# ----------------------------------------------------------------------------- rendering helpers


def _ink_pen(width: float = INK_WIDTH) -> QPen:
    pen = QPen(INK_COLOR, width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def _paint_strokes(painter: QPainter, strokes: Sequence[Sequence[Point]]) -> None:
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(_ink_pen())
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for stroke in strokes:
        if not stroke:
            continue
        if len({(x, y) for x, y, _ in stroke}) == 1:
            x, y, _ = stroke[0]
            painter.drawPoint(QPointF(x, y))  # a dot: round cap makes it a disc
        else:
            painter.drawPath(stroke_path(stroke))


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


def _image_to_png(image: QImage) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError("Could not encode the signature image as PNG.")
    return bytes(buffer.data())


def render_strokes_png(
    strokes: Sequence[Sequence[Point]], width: int, height: int, scale: int = EXPORT_SCALE
) -> bytes:
    """Render strokes drawn on a ``width`` x ``height`` pad as a transparent PNG at ``scale``x."""
    image = QImage(
        max(1, width * scale), max(1, height * scale), QImage.Format.Format_ARGB32_Premultiplied
    )
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    try:
        painter.scale(scale, scale)
        _paint_strokes(painter, strokes)
    finally:
        painter.end()
    return _image_to_png(image)


def handwriting_font(point_size: int = TYPED_POINT_SIZE) -> QFont:
    """The handwriting font at ~36 pt; glyphs it lacks fall back to Qt's font fallback."""
    font = QFont(handwriting_font_family())
    font.setStyleHint(QFont.StyleHint.Cursive)
    font.setPointSize(point_size)
    return font


def render_typed_png(text: str, scale: int = EXPORT_SCALE) -> bytes:
    """Render ``text`` in the handwriting font as a transparent PNG at ``scale``x.

    Scripts the handwriting font lacks render through Qt's font fallback; right-to-left text
    is laid out right-to-left by Qt's bidi algorithm.
    """
    font = handwriting_font()
    font.setPixelSize(TYPED_PIXEL_SIZE)
    probe = QImage(1, 1, QImage.Format.Format_ARGB32_Premultiplied)
    metrics = QFontMetricsF(font, probe)
    flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextSingleLine
    pad_x = metrics.height() * 0.5
    pad_y = metrics.height() * 0.25
    ink = metrics.boundingRect(QRectF(0, 0, 10_000, 10_000), int(flags), text)
    width = max(metrics.horizontalAdvance(text), ink.width(), 1.0) + 2 * pad_x
    height = max(metrics.height(), ink.height()) + 2 * pad_y

    image = QImage(
        max(1, round(width * scale)),
        max(1, round(height * scale)),
        QImage.Format.Format_ARGB32_Premultiplied,
    )
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        painter.scale(scale, scale)
        painter.setLayoutDirection(text_direction(text))
        painter.setFont(font)
        painter.setPen(INK_COLOR)
        painter.drawText(QRectF(0, 0, width, height), int(flags), text)
    finally:
        painter.end()
    return _image_to_png(image)


def typed_signature(text: str) -> TypedSignature:
    """Build the typed signature (NFC-normalised, stripped) with its rendered image."""
    clean = unicodedata.normalize("NFC", text).strip()
    return TypedSignature(
        text=clean,
        font_family=handwriting_font_family(),
        font_file=HANDWRITING_FONT_FILE,
        image_png=render_typed_png(clean),
    )


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
        self.setAccessibleName("Signature pad")
        self.setAccessibleDescription("Draw your signature with a mouse, pen or finger")

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
        strokes = self.strokes()
        width, height = self.width(), self.height()
        return DrawnSignature(
            strokes=strokes,
            width=width,
            height=height,
            image_png=render_strokes_png(strokes, width, height),
        )

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
                hint=None if not self.is_empty() else "Sign here",
            )
            strokes: list[list[Point]] = list(self._strokes)
            if self._current:
                strokes.append(self._current)
            _paint_strokes(painter, strokes)
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
        self.setAccessibleName("Typed signature preview")
        self.setAccessibleDescription("Your name as it will appear as your signature")

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
            f"Typed signature: {self._text}" if self._text else "No name typed yet"
        )
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Card, baseline, then the name sitting on the baseline (shrunk to fit if long)."""
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), self.palette().window())
            rect = QRectF(self.rect())
            baseline_y = _paint_card(
                painter, rect, hint=None if self._text else "Type your name to preview it"
            )
            if not self._text:
                return
            font = handwriting_font()
            metrics = QFontMetricsF(font, self)
            available = rect.width() - 2 * 56
            advance = metrics.horizontalAdvance(self._text)
            if advance > available > 0:
                font.setPointSizeF(max(10.0, font.pointSizeF() * available / advance))
                metrics = QFontMetricsF(font, self)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
            painter.setLayoutDirection(text_direction(self._text))
            painter.setFont(font)
            painter.setPen(INK_COLOR)
            box = QRectF(56, 0, available, baseline_y + metrics.descent())
            painter.drawText(
                box,
                int(
                    Qt.AlignmentFlag.AlignHCenter
                    | Qt.AlignmentFlag.AlignBottom
                    | Qt.TextFlag.TextSingleLine
                ),
                self._text,
            )
        finally:
            painter.end()
