"""How a typed name fits the space above a signature line, on screen and on paper.

A name is shown whole, never cut: on one line, shrunk as far as a readable size; a name too long
for that wraps onto more lines (at word boundaries, inside a word only when one word is wider
than the line) at the largest size whose lines fit the height, down to a smallest size.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPaintDevice, QTextLayout, QTextOption

#: Each try at a wrapped layout is this many points smaller than the one before.
_WRAPPED_STEP_PT = 0.5


@dataclass(frozen=True)
class TypedFit:
    """The font a typed name is drawn in, and whether its lines wrap (then paint it with
    :func:`typed_text_option`'s wrap mode)."""

    font: QFont
    wraps: bool


def typed_text_option(
    alignment: Qt.AlignmentFlag, direction: Qt.LayoutDirection, *, wraps: bool
) -> QTextOption:
    """The text option that paints a :class:`TypedFit`: ``alignment``, the name's own
    ``direction``, and wrapping at word boundaries (or anywhere in an over-long word) when the
    fit wraps."""
    option = QTextOption(alignment)
    option.setTextDirection(direction)
    option.setWrapMode(
        QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere if wraps else QTextOption.WrapMode.NoWrap
    )
    return option


def fit_typed_name(
    text: str,
    font: QFont,
    width: float,
    height: float,
    device: QPaintDevice,
    *,
    smallest_one_line_pt: float,
    smallest_pt: float,
) -> TypedFit:
    """Fit ``text`` into ``width`` × ``height`` (in ``device`` units), starting from ``font``.

    One line at ``font``'s size, or shrunk to fit down to ``smallest_one_line_pt``; failing that,
    wrapped lines at the largest size from ``smallest_one_line_pt`` down to ``smallest_pt`` whose
    lines fit ``height`` (at ``smallest_pt`` if none does: the name stays whole even if it then
    runs above the space).
    """
    largest = font.pointSizeF()
    advance = QFontMetricsF(font, device).horizontalAdvance(text)
    if advance <= width:
        return TypedFit(font, wraps=False)
    shrunk = QFont(font)
    shrunk.setPointSizeF(max(smallest_one_line_pt, largest * width / advance))
    if QFontMetricsF(shrunk, device).horizontalAdvance(text) <= width:
        return TypedFit(shrunk, wraps=False)
    size = min(largest, smallest_one_line_pt)
    while True:
        wrapped = QFont(font)
        wrapped.setPointSizeF(size)
        if size <= smallest_pt or _wrapped_height(text, wrapped, width, device) <= height:
            return TypedFit(wrapped, wraps=True)
        size = max(smallest_pt, size - _WRAPPED_STEP_PT)


def _wrapped_height(text: str, font: QFont, width: float, device: QPaintDevice) -> float:
    layout = QTextLayout(text, font, device)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    top = 0.0
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        line.setPosition(QPointF(0, top))
        top += line.height()
    layout.endLayout()
    return top
