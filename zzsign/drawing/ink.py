"""A signature's ink: the one drawing of drawn strokes, and the images of drawn and typed ones.

:func:`paint_strokes` is the only code that draws strokes: the pad while the hire signs, the
image the Review page and HR's detail pane show, and the PDF all call it, so the same strokes
give the same picture everywhere (only its placement and size differ).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QBuffer, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QPainter, QPainterPath, QPen

from zzsign.domain.signature import Point
from zzsign.drawing.fonts import handwriting_font
from zzsign.drawing.text import text_direction

INK_COLOR = QColor("#1a1a40")
#: The pen's width in the pad's pixels; it scales with the signature.
INK_WIDTH = 2.5
#: Images of a signature are made at this multiple of the pad's size (crisp on any screen).
EXPORT_SCALE = 3
#: Pixel size of a typed signature's image (before the scale).
TYPED_PIXEL_SIZE = 48
#: A typed name wider than this (about 40 letters) wraps onto more lines in its image.
TYPED_LINE_PIXELS = 20 * TYPED_PIXEL_SIZE


def stroke_path(stroke: Sequence[Point]) -> QPainterPath:
    """Smooth path through a stroke: quadratic curves between the midpoints of its segments."""
    path = QPainterPath()
    if not stroke:
        return path
    points = [QPointF(x, y) for x, y, _ in stroke]
    path.moveTo(points[0])
    if len(points) < 3:
        for point in points[1:]:
            path.lineTo(point)
        return path
    path.lineTo((points[0] + points[1]) / 2)
    for i in range(1, len(points) - 1):
        path.quadTo(points[i], (points[i] + points[i + 1]) / 2)
    path.lineTo(points[-1])
    return path


def paint_strokes(painter: QPainter, strokes: Sequence[Sequence[Point]]) -> None:
    """Draw the strokes in the ink, in the pad's pixels; the painter's transform places them.

    Each stroke is a smooth path with round caps and joins; a stroke that never moved is a dot.
    """
    pen = QPen(INK_COLOR, INK_WIDTH)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for stroke in strokes:
        if not stroke:
            continue
        if len({(x, y) for x, y, _ in stroke}) == 1:
            x, y, _ = stroke[0]
            painter.drawPoint(QPointF(x, y))  # a dot: the round cap makes it a disc
        else:
            painter.drawPath(stroke_path(stroke))
    painter.restore()


def strokes_bounds(strokes: Sequence[Sequence[Point]]) -> QRectF:
    """The smallest rectangle holding every point (at least 1 × 1); strokes must not be empty."""
    xs = [p[0] for stroke in strokes for p in stroke]
    ys = [p[1] for stroke in strokes for p in stroke]
    return QRectF(min(xs), min(ys), max(1, max(xs) - min(xs)), max(1, max(ys) - min(ys)))


def strokes_image(
    strokes: Sequence[Sequence[Point]], width: int, height: int, scale: int = EXPORT_SCALE
) -> QImage:
    """Strokes drawn on a ``width`` x ``height`` pad, as a transparent image at ``scale``x."""
    image = QImage(
        max(1, width * scale), max(1, height * scale), QImage.Format.Format_ARGB32_Premultiplied
    )
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    try:
        painter.scale(scale, scale)
        paint_strokes(painter, strokes)
    finally:
        painter.end()
    return image


def strokes_png(
    strokes: Sequence[Sequence[Point]], width: int, height: int, scale: int = EXPORT_SCALE
) -> bytes:
    """:func:`strokes_image` as PNG bytes."""
    return image_png(strokes_image(strokes, width, height, scale))


def typed_png(text: str, scale: int = EXPORT_SCALE) -> bytes:
    """``text`` in the handwriting font as a transparent PNG at ``scale``x.

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
    advance = metrics.horizontalAdvance(text)
    if advance > TYPED_LINE_PIXELS:  # a very long name wraps, to stay legible when shown small
        flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
        advance = TYPED_LINE_PIXELS
    ink = metrics.boundingRect(QRectF(0, 0, advance, 10_000), int(flags), text)
    width = max(advance, ink.width(), 1.0) + 2 * pad_x
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
    return image_png(image)


def image_png(image: QImage) -> bytes:
    """``image`` encoded as PNG."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # PySide6's stub types the format as bytes, but only a str is accepted there
    if not image.save(buffer, "PNG"):  # type: ignore[call-overload]
        raise RuntimeError("Could not encode the signature image as PNG.")
    return bytes(buffer.data().data())
