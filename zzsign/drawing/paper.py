"""The page of the signed copy: A4 at 300 DPI, its margins, units and colours."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QMarginsF, QRectF
from PySide6.QtGui import QColor, QPagedPaintDevice, QPageLayout, QPageSize

#: Resolution of the PDF's user space as QPainter sees it (device pixels per inch).
DPI = 300
#: Page margins in millimetres: the text area, inside which header and footer sit apart.
MARGIN_LEFT_MM = 22.0
MARGIN_RIGHT_MM = 22.0
MARGIN_TOP_MM = 28.0  # the running header sits in the top 28 mm
MARGIN_BOTTOM_MM = 24.0  # the footer sits in the bottom 24 mm

TEXT = QColor("#1f2330")
MUTED = QColor("#5d6275")
RULE = QColor("#c9ccd6")
ACCENT = QColor("#1f3a68")
CARD = QColor("#f5f7fb")
DEMO = QColor("#b3261e")
SIGNED = QColor("#2e7d4f")  # the "signed copy" badge
PAPER = QColor("#8a5a00")  # the paper copy's "not sealed" marks


def mm(millimetres: float) -> float:
    """Millimetres in device pixels."""
    return millimetres * DPI / 25.4


def pt(points: float) -> float:
    """Points in device pixels."""
    return points * DPI / 72


def css(points: float) -> float:
    """Points as the CSS pixels (1/96 in) that QTextDocument formats use on any device."""
    return points * 96 / 72


@dataclass(frozen=True)
class Page:
    """A page of the copy in device pixels: the whole sheet and the text area inside margins."""

    sheet: QRectF
    content: QRectF


def set_up_page(device: QPagedPaintDevice) -> Page:
    """Make ``device`` (a PDF writer or a printer) A4 at :data:`DPI` without its own margins."""
    device.setResolution(DPI)  # type: ignore[attr-defined]  # QPdfWriter and QPrinter have it
    device.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    device.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    sheet = QRectF(0, 0, device.width(), device.height())
    content = QRectF(
        mm(MARGIN_LEFT_MM),
        mm(MARGIN_TOP_MM),
        sheet.width() - mm(MARGIN_LEFT_MM) - mm(MARGIN_RIGHT_MM),
        sheet.height() - mm(MARGIN_TOP_MM) - mm(MARGIN_BOTTOM_MM),
    )
    return Page(sheet, content)
