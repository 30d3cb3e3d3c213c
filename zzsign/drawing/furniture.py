"""Every page's furniture: the running header (what was signed, and a badge saying what kind of
copy it is) and the footer (record ID, page number; on an unsealed copy, that it is not sealed)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPen

from zzsign.domain.record import SignedRecord
from zzsign.drawing.fonts import paper_font
from zzsign.drawing.paper import (
    ACCENT,
    DEMO,
    MARGIN_BOTTOM_MM,
    MARGIN_LEFT_MM,
    MARGIN_RIGHT_MM,
    MUTED,
    PAPER,
    RULE,
    SIGNED,
    mm,
    pt,
)
from zzsign.drawing.wording import CONTEXT, SIGNED_COPY, CopyKind
from zzsign.interface_language import translate


def paint_furniture(
    painter: QPainter,
    record: SignedRecord,
    sheet: QRectF,
    index: int,
    total: int,
    *,
    kind: CopyKind = SIGNED_COPY,
) -> None:
    """Header and footer of page ``index`` of ``total`` on a ``sheet`` (device pixels), for a
    copy of ``kind``."""
    left = mm(MARGIN_LEFT_MM)
    right = sheet.width() - mm(MARGIN_RIGHT_MM)
    width = right - left
    agreement = record.agreement

    # Header: the badge ("signed copy", or "paper copy — not sealed"...) on the right, who and
    # what on the left in the room the badge leaves.
    header_base = mm(17)
    badge_text = translate(CONTEXT, kind.badge)
    if record.is_demo:
        badge_text = translate("SignedCopy", "DEMO — {badge}").format(badge=badge_text)
    badge_font = paper_font(7.5, bold=True)
    badge_font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 110)
    metrics = QFontMetricsF(badge_font, painter.device())
    badge_w = metrics.horizontalAdvance(badge_text) + mm(5)
    badge_h = metrics.height() + mm(1.6)
    badge = QRectF(right - badge_w, header_base - badge_h + mm(0.4), badge_w, badge_h)
    color = DEMO if record.is_demo else SIGNED if kind.sealed else PAPER
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(color, pt(0.8)))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRoundedRect(badge, badge_h / 2, badge_h / 2)
    painter.setFont(badge_font)
    painter.drawText(badge, int(Qt.AlignmentFlag.AlignCenter), badge_text)

    title_font = paper_font(9, bold=True)
    title_metrics = QFontMetricsF(title_font, painter.device())
    title_w = width - badge_w - mm(4)
    title = title_metrics.elidedText(
        translate("SignedCopy", "ZZ Servers — {title}, version {version}").format(
            title=agreement.title, version=agreement.version
        ),
        Qt.TextElideMode.ElideMiddle,
        title_w,
    )
    painter.setFont(title_font)
    painter.setPen(ACCENT)
    title_h = title_metrics.height()
    painter.drawText(
        QRectF(left, header_base - title_h, title_w, title_h),
        int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom),
        title,
    )

    painter.setPen(QPen(RULE, pt(0.6)))
    painter.drawLine(QPointF(left, header_base + mm(2.5)), QPointF(right, header_base + mm(2.5)))

    # Footer: the record id on the left, "Page i of n" on the right; an unsealed copy says
    # under them that it is not sealed and who keeps the sealed record.
    footer_top = sheet.height() - mm(MARGIN_BOTTOM_MM) + mm(8)
    painter.drawLine(QPointF(left, footer_top), QPointF(right, footer_top))
    painter.setFont(paper_font(7.5))
    painter.setPen(MUTED)
    footer_h = QFontMetricsF(painter.font(), painter.device()).height() * 1.3
    painter.drawText(
        QRectF(left, footer_top + mm(1.5), width - mm(25), footer_h),
        int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
        translate("SignedCopy", "Record {record_id} · signed {day} UTC").format(
            record_id=record.record_id, day=record.signed_at.utc_iso[:10]
        ),
    )
    painter.drawText(
        QRectF(left, footer_top + mm(1.5), width, footer_h),
        int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop),
        translate("SignedCopy", "Page {number} of {total}").format(number=index, total=total),
    )
    if kind.unsealed_notice is not None:
        # On two lines if a language needs them (the bottom margin has room for both).
        painter.setFont(paper_font(7.5, bold=True))
        painter.setPen(PAPER)
        painter.drawText(
            QRectF(left, footer_top + mm(1.5) + footer_h, width, 2 * footer_h),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap),
            f"{translate(CONTEXT, kind.unsealed_notice)}.",
        )
