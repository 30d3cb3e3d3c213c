"""Signatures per week, stacked by agreement version: a bar chart painted with QPainter."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from zzsign.views.language import interface_locale, number, translate

#: Colours for agreement versions, in order (calm, distinguishable, print-safe).
PALETTE = ("#1f5fbf", "#e07b39", "#2a9d8f", "#8e5bb5", "#c9a227", "#d1495b", "#5b6476")

MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 56, 24, 44, 48


def axis_ticks(peak: int, most: int = 5) -> tuple[int, int]:
    """(step, count): the smallest round step (1, 2, 5, 10, 20, 25, 50 …) that covers ``peak``
    in at most ``most`` ticks."""
    scale = 1
    while True:
        for factor in (1, 2, 2.5, 5):
            step = int(scale * factor)
            if step == scale * factor and -(-peak // step) <= most:
                return step, max(1, -(-peak // step))
        scale *= 10


def _day(day: date, format_: str) -> str:
    """``day`` in the QLocale date ``format_`` of the interface's language."""
    return interface_locale().toString(QDate(day.year, day.month, day.day), format_)


class ActivityChart(QWidget):
    """Bars per week, stacked by agreement version, with axis labels, a legend and tooltips."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(
            translate("ActivityChart", "Signatures per week, by agreement version")
        )
        self.setMouseTracking(True)
        self.setMinimumHeight(220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.weeks: dict[date, dict[int, int]] = {}
        self._bars: list[tuple[QRectF, str]] = []

    def sizeHint(self) -> QSize:
        return QSize(800, 320)

    def set_activity(self, weeks: dict[date, dict[int, int]]) -> None:
        """Show ``weeks`` (week start → {agreement version: signatures})."""
        self.weeks = dict(weeks)
        total = sum(sum(v.values()) for v in self.weeks.values())
        self.setAccessibleDescription(
            translate("ActivityChart", "{total} signatures over {weeks} weeks").format(
                total=total, weeks=len(self.weeks)
            )
            if self.weeks
            else translate("ActivityChart", "No signatures")
        )
        self.update()

    def versions(self) -> list[int]:
        """The agreement versions present, oldest first."""
        return sorted({v for counts in self.weeks.values() for v in counts})

    def colour(self, version: int) -> QColor:
        """The colour of an agreement version."""
        versions = self.versions()
        position = versions.index(version) if version in versions else 0
        return QColor(PALETTE[position % len(PALETTE)])

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        self._bars = []
        title = QFont(self.font())
        title.setPixelSize(17)
        title.setBold(True)
        painter.setFont(title)
        painter.setPen(QColor("#14213d"))
        painter.drawText(
            QRectF(16, 8, self.width() - 32, 28),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            translate("ActivityChart", "Signatures per week"),
        )
        normal = QFont(self.font())
        normal.setPixelSize(14)
        painter.setFont(normal)
        if not self.weeks:
            painter.setPen(QColor("#5b6476"))
            painter.drawText(
                self.rect(),
                Qt.AlignmentFlag.AlignCenter,
                translate("ActivityChart", "No signatures yet"),
            )
            return
        self._paint_legend(painter)
        plot = QRectF(
            MARGIN_LEFT,
            MARGIN_TOP,
            self.width() - MARGIN_LEFT - MARGIN_RIGHT,
            self.height() - MARGIN_TOP - MARGIN_BOTTOM,
        )
        step, ticks = axis_ticks(max(sum(c.values()) for c in self.weeks.values()))
        top = step * ticks
        small = QFont(self.font())
        small.setPixelSize(12)
        painter.setFont(small)
        for tick in range(ticks + 1):  # horizontal grid lines with their values
            y = plot.bottom() - plot.height() * tick / ticks
            painter.setPen(QPen(QColor("#e3e6ec"), 1))
            painter.drawLine(int(plot.left()), int(y), int(plot.right()), int(y))
            painter.setPen(QColor("#5b6476"))
            painter.drawText(
                QRectF(0, y - 9, MARGIN_LEFT - 8, 18),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                number(step * tick),
            )
        weeks = sorted(self.weeks)
        slot = plot.width() / len(weeks)
        width = max(2.0, min(48.0, slot * 0.72))
        every = max(1, int(84 // slot) + 1)  # label only as many weeks as fit
        week_label = translate("ActivityChart", "dd MMM yy", "QLocale format of a week's label")
        week_of = translate("ActivityChart", "Week of {week}: {count} signed version {version}")
        week_day = translate("ActivityChart", "dd MMM yyyy", "QLocale format, in the tooltip")
        for position, week in enumerate(weeks):
            x = plot.left() + slot * position + (slot - width) / 2
            y = plot.bottom()
            counts = self.weeks[week]
            for version in sorted(counts):
                height = plot.height() * counts[version] / top
                bar = QRectF(x, y - height, width, height)
                painter.fillRect(bar, self.colour(version))
                self._bars.append(
                    (
                        bar,
                        week_of.format(
                            week=_day(week, week_day), count=counts[version], version=version
                        ),
                    )
                )
                y -= height
            if position % every == 0:
                painter.setPen(QColor("#5b6476"))
                painter.drawText(
                    QRectF(x + width / 2 - 42, plot.bottom() + 6, 84, 18),
                    Qt.AlignmentFlag.AlignHCenter,
                    _day(week, week_label),
                )
        painter.setPen(QPen(QColor("#9aa3b2"), 1))
        painter.drawLine(
            int(plot.left()), int(plot.bottom()), int(plot.right()), int(plot.bottom())
        )
        painter.setPen(QColor("#5b6476"))
        painter.drawText(
            QRectF(plot.left(), self.height() - 22, plot.width(), 18),
            Qt.AlignmentFlag.AlignHCenter,
            translate("ActivityChart", "Week starting (Monday)"),
        )

    def _paint_legend(self, painter: QPainter) -> None:
        x = self.width() - MARGIN_RIGHT
        font = QFont(self.font())
        font.setPixelSize(14)
        painter.setFont(font)
        for version in reversed(self.versions()):
            text = translate("ActivityChart", "Version {version}").format(version=version)
            text_width = painter.fontMetrics().horizontalAdvance(text)
            x -= text_width
            painter.setPen(QColor("#1d2433"))
            painter.drawText(QRectF(x, 12, text_width + 2, 20), Qt.AlignmentFlag.AlignVCenter, text)
            x -= 18
            painter.fillRect(QRectF(x, 16, 12, 12), self.colour(version))
            x -= 20

    def bar_tooltip(self, x: float, y: float) -> str | None:
        """What the bar under (x, y) stands for."""
        for rect, text in self._bars:
            if rect.adjusted(-1, -1, 1, 1).contains(x, y):
                return text
        return None

    def mouseMoveEvent(self, event) -> None:
        point = event.position()
        text = self.bar_tooltip(point.x(), point.y())
        if text:
            QToolTip.showText(event.globalPosition().toPoint(), text, self)
        else:
            QToolTip.hideText()
        super().mouseMoveEvent(event)
