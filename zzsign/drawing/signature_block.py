"""The signature block under the agreement: the meaning of the signature, the signature itself
on its line, the printed name, the date and time, and what the signer confirmed before signing.

A drawn signature is painted from its strokes by :func:`zzsign.drawing.ink.paint_strokes` (as
on screen); a typed one as real text in the handwriting font (glyphs it lacks fall back to the
paper copy's fonts).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPagedPaintDevice, QPainter, QPen

from zzsign.domain.messages import Message
from zzsign.domain.record import SignedRecord, Step
from zzsign.domain.signature import DrawnSignature, Point, TypedSignature
from zzsign.drawing.dates import local_time, short_local_time
from zzsign.drawing.fonts import BODY_FAMILIES, handwriting_font_family, paper_font
from zzsign.drawing.ink import INK_COLOR, paint_strokes, strokes_bounds
from zzsign.drawing.paper import ACCENT, CARD, DPI, MUTED, RULE, TEXT, mm, pt
from zzsign.drawing.text import draw_text, text_direction
from zzsign.drawing.typed_fit import fit_typed_name, typed_text_option
from zzsign.drawing.wording import CONTEXT, STEP_LABELS
from zzsign.interface_language import translate

#: What the block lists as confirmed before signing (the full audit trail is on the certificate).
CONFIRMED_STEPS = (
    Step.CONSENTED,
    Step.REACHED_END,
    Step.ACKNOWLEDGED_CLAUSE,
    Step.ACKNOWLEDGED_AGREEMENT,
)
#: Pad pixels are ~1/96 in: a drawn signature keeps up to 1.25× its natural size on paper.
LARGEST_DRAWN_SCALE = DPI / 96 * 1.25
TYPED_POINT_SIZE = 28.0
SMALLEST_TYPED_POINT_SIZE = 12.0
#: A name too long for one line at 12 pt wraps, at 12 pt or smaller down to this.
SMALLEST_WRAPPED_TYPED_POINT_SIZE = 8.0

#: A labelled value under the signature line: caption, value, the value's font, a line below.
Field = tuple[str, str, QFont, str]


@dataclass
class SignatureBlock:
    """The signature block laid out at a width on ``device``; paint it at any top."""

    record: SignedRecord
    width: float
    device: QPagedPaintDevice

    def __post_init__(self) -> None:
        self.title_font = paper_font(12, bold=True)
        self.meaning_font = paper_font(10)
        self.caption_font = paper_font(7)
        self.name_font = paper_font(11, bold=True)
        self.value_font = paper_font(10)
        self.small_font = paper_font(8)
        self.pad = mm(4)
        self.left_width = self.width * 0.56
        self.right_x = self.left_width + mm(10)
        self.right_width = self.width - self.right_x
        record = self.record
        signed = record.signed_at
        self.name_field: Field = (
            translate("SignedCopy", "Printed name"),
            record.signer.full_name,
            self.name_font,
            record.signer.work_email,
        )
        self.date_field: Field = (
            translate("SignedCopy", "Date and time of signing"),
            translate("SignedCopy", "Signed on {when}").format(when=local_time(signed)),
            self.value_font,
            f"{signed.utc_iso} (UTC)",
        )
        self.title = translate("SignedCopy", "Signature")
        self.title_h = self.text_height(self.title_font, self.title, self.width) + mm(3)
        # The meaning as recorded (English, the evidence); on a copy in another language, its
        # rendering under it, as the hire read it on screen.
        self.meaning = str(record.meaning)
        self.gloss = meaning_gloss(record.meaning)
        inside = self.width - 2 * self.pad - mm(2)
        self.meaning_text_h = self.text_height(self.meaning_font, self.meaning, inside)
        self.gloss_h = (
            0.0
            if self.gloss is None
            else mm(1.5) + self.text_height(self.small_font, self.gloss, inside)
        )
        self.meaning_h = self.meaning_text_h + self.gloss_h + 2 * self.pad
        self.signature_h = mm(30)
        self.details_h = max(
            self._field_height(self.name_field, self.left_width),
            self._field_height(self.date_field, self.right_width),
        )
        self.acks = [
            (translate(CONTEXT, STEP_LABELS[step]), short_local_time(record.at(step)))
            for step in CONFIRMED_STEPS
        ]
        small_line = QFontMetricsF(self.small_font, self.device).height()
        self.ack_line_h = small_line * 1.35
        #: Each confirmation wraps short of the times' column (a longer language takes lines).
        self.ack_label_w = self.right_x - mm(3)
        self.ack_rows_h = [
            self.text_height(self.small_font, f"✓  {label}", self.ack_label_w)
            + self.ack_line_h
            - small_line
            for label, _when in self.acks
        ]
        self.acks_h = mm(7) + self.ack_line_h + sum(self.ack_rows_h)
        self.height = (
            self.title_h
            + self.meaning_h
            + mm(4)
            + self.signature_h
            + mm(2.5)
            + self.details_h
            + self.acks_h
        )

    def text_height(self, font: QFont, text: str, width: float) -> float:
        """Height of ``text`` wrapped at ``width`` in ``font`` on this block's device."""
        return (
            QFontMetricsF(font, self.device)
            .boundingRect(QRectF(0, 0, width, 100_000), int(Qt.TextFlag.TextWordWrap), text)
            .height()
        )

    def _field_height(self, field: Field, width: float) -> float:
        caption, value, font, extra = field
        return (
            self.text_height(self.caption_font, caption.upper(), width)
            + mm(1.2)
            + self.text_height(font, value, width)
            + mm(0.8)
            + self.text_height(self.small_font, extra, width)
        )

    def _paint_field(
        self, painter: QPainter, left: float, top: float, width: float, field: Field
    ) -> None:
        caption, value, font, extra = field
        y = top
        for text, use, color, gap in (
            (caption.upper(), self.caption_font, MUTED, mm(1.2)),
            (value, font, TEXT, mm(0.8)),
            (extra, self.small_font, MUTED, 0.0),
        ):
            height = self.text_height(use, text, width)
            draw_text(painter, QRectF(left, y, width, height + 1), text, use, color)
            y += height + gap

    def paint(self, painter: QPainter, left: float, top: float) -> None:
        """Paint the block with its top left corner at (``left``, ``top``)."""
        record = self.record
        width = self.width
        y = top
        draw_text(
            painter, QRectF(left, y, width, self.title_h), self.title, self.title_font, ACCENT
        )
        y += self.title_h

        # The meaning of the signature, as displayed above the pad.
        box = QRectF(left, y, width, self.meaning_h)
        painter.setPen(QPen(RULE, pt(0.6)))
        painter.setBrush(CARD)
        painter.drawRoundedRect(box, mm(1.2), mm(1.2))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(ACCENT)
        painter.drawRect(QRectF(left, y, mm(1.2), self.meaning_h))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        inside = box.adjusted(self.pad + mm(2), self.pad, -self.pad, -self.pad)
        draw_text(painter, inside, self.meaning, self.meaning_font, TEXT)
        if self.gloss is not None:
            draw_text(
                painter,
                inside.adjusted(0, self.meaning_text_h + mm(1.5), 0, 0),
                self.gloss,
                self.small_font,
                MUTED,
            )
        y += self.meaning_h + mm(4)

        # The signature itself, resting on the signature line.
        sig_area = QRectF(left + mm(7), y, self.left_width - mm(9), self.signature_h - mm(2))
        if isinstance(record.signature, DrawnSignature):
            paint_drawn(painter, record.signature.strokes, sig_area)
        else:
            paint_typed(painter, record.signature, sig_area)
        line_y = y + self.signature_h
        painter.setPen(QPen(MUTED, pt(0.8)))
        painter.drawLine(QPointF(left, line_y), QPointF(left + self.left_width, line_y))
        draw_text(
            painter,
            QRectF(left + mm(0.5), line_y - mm(5.5), mm(5), mm(5)),
            "×",
            paper_font(10),
            MUTED,
        )

        # Beside the signature: how it was made.
        method = (
            translate(
                "SignedCopy",
                "Drawn by hand on the kiosk's signature pad and reproduced here from its "
                "recorded vector strokes.",
            )
            if isinstance(record.signature, DrawnSignature)
            else translate(
                "SignedCopy",
                "Typed by the signer and adopted as their signature, shown in the {family} "
                "handwriting font.",
            ).format(family=record.signature.font_family)
        )
        method_caption = translate("SignedCopy", "SIGNATURE METHOD")
        method_h = self.text_height(self.small_font, method, self.right_width)
        caption_h = self.text_height(self.caption_font, method_caption, self.right_width)
        method_top = line_y - method_h - caption_h - mm(3)
        draw_text(
            painter,
            QRectF(left + self.right_x, method_top, self.right_width, caption_h + 1),
            method_caption,
            self.caption_font,
            MUTED,
        )
        draw_text(
            painter,
            QRectF(
                left + self.right_x,
                method_top + caption_h + mm(1.2),
                self.right_width,
                method_h + 1,
            ),
            method,
            self.small_font,
            MUTED,
        )
        painter.setPen(QPen(RULE, pt(0.6)))
        painter.drawLine(QPointF(left + self.right_x, line_y), QPointF(left + width, line_y))

        # Under the line: printed name on the left, date and time on the right.
        y = line_y + mm(2.5)
        self._paint_field(painter, left, y, self.left_width, self.name_field)
        self._paint_field(painter, left + self.right_x, y, self.right_width, self.date_field)

        # Before signing, the signer confirmed each of these (full audit trail: last page).
        y += self.details_h + mm(7)
        draw_text(
            painter,
            QRectF(left, y, width, self.ack_line_h),
            translate("SignedCopy", "BEFORE SIGNING, THE SIGNER"),
            self.caption_font,
            MUTED,
        )
        y += self.ack_line_h
        for (label, when), row_h in zip(self.acks, self.ack_rows_h, strict=True):
            draw_text(
                painter,
                QRectF(left, y, self.ack_label_w, row_h),
                f"✓  {label}",
                self.small_font,
                TEXT,
            )
            draw_text(
                painter,
                QRectF(left + self.right_x, y, self.right_width, self.ack_line_h),
                when,
                self.small_font,
                MUTED,
            )
            y += row_h


def meaning_gloss(meaning: str) -> str | None:
    """On a copy in another language than English: the meaning's rendering in that language,
    and that the English above is what was recorded; None on an English copy (or a meaning
    that has no rendering)."""
    if not isinstance(meaning, Message):
        return None
    rendering = meaning.translated(translate)
    if rendering == str(meaning):
        return None
    return translate(
        "SignedCopy", "Translation: “{rendering}” The English above is what was recorded."
    ).format(rendering=rendering)


def paint_drawn(painter: QPainter, strokes: Sequence[Sequence[Point]], area: QRectF) -> None:
    """The strokes fitted into ``area``, resting on its bottom, at most
    :data:`LARGEST_DRAWN_SCALE` × their size on the pad (drawn as on screen)."""
    strokes = [s for s in strokes if s]
    if not strokes:
        return
    bounds = strokes_bounds(strokes)
    scale = min(LARGEST_DRAWN_SCALE, area.width() / bounds.width(), area.height() / bounds.height())
    painter.save()
    painter.translate(area.left(), area.bottom() - bounds.height() * scale)
    painter.scale(scale, scale)
    painter.translate(-bounds.left(), -bounds.top())
    paint_strokes(painter, strokes)
    painter.restore()


def paint_typed(painter: QPainter, signature: TypedSignature, area: QRectF) -> None:
    """The typed name as vector text in the handwriting font, fitted whole into ``area``
    (:func:`fit_typed_name`: one line, shrunk, or wrapped when very long)."""
    fit = fit_typed_name(
        signature.text,
        paper_font(TYPED_POINT_SIZE, families=[handwriting_font_family(), *BODY_FAMILIES]),
        area.width(),
        area.height(),
        painter.device(),
        smallest_one_line_pt=SMALLEST_TYPED_POINT_SIZE,
        smallest_pt=SMALLEST_WRAPPED_TYPED_POINT_SIZE,
    )
    metrics = QFontMetricsF(fit.font, painter.device())
    painter.save()
    painter.setFont(fit.font)
    painter.setPen(INK_COLOR)
    option = typed_text_option(
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignBottom,
        text_direction(signature.text),
        wraps=fit.wraps,
    )
    bottom = area.bottom() + metrics.descent() * 0.6  # the name rests on the signature line
    top = area.top() if fit.wraps else bottom - metrics.height()
    painter.drawText(QRectF(area.left(), top, area.width(), bottom - top), signature.text, option)
    painter.restore()
