"""The drawing the screens use, from ``zzsign.drawing``: views reach it only through here (and
*Print…* through ``pdf_copy``), so a screen draws with the very code the PDF draws with.

* the agreement's look: headings sized for a titled page, the clause framed and shaded;
* the hire's signature as it is made, drawn or typed, each with the image every screen shows;
* the ink while the hire draws (the one drawing of strokes), the typed preview's font and
  direction.

QtGui only; needs a QGuiApplication.
"""

from __future__ import annotations

import unicodedata

from zzsign.domain.signature import DrawnSignature, Stroke, TypedSignature
from zzsign.drawing.agreement_look import frame_clause, scale_headings
from zzsign.drawing.fonts import HANDWRITING_FONT_FILE, handwriting_font, handwriting_font_family
from zzsign.drawing.ink import INK_COLOR, paint_strokes, strokes_png, typed_png
from zzsign.drawing.text import text_direction
from zzsign.drawing.typed_fit import fit_typed_name, typed_text_option

__all__ = [
    "INK_COLOR",
    "drawn_signature",
    "fit_typed_name",
    "frame_clause",
    "handwriting_font",
    "paint_strokes",
    "scale_headings",
    "signature_image",
    "text_direction",
    "typed_signature",
    "typed_text_option",
]


def drawn_signature(strokes: tuple[Stroke, ...], width: int, height: int) -> DrawnSignature:
    """The signature drawn on a ``width`` x ``height`` pad, with its image: the one the Review
    page and HR's detail pane show, drawn by :func:`paint_strokes` as the PDF draws it."""
    return DrawnSignature(
        strokes=strokes, width=width, height=height, image_png=strokes_png(strokes, width, height)
    )


def signature_image(signature: DrawnSignature | TypedSignature) -> bytes:
    """The signature's image (PNG), made again from what the record keeps — the strokes, or the
    typed text — exactly as :func:`drawn_signature` and :func:`typed_signature` make it for the
    Review page (records keep no image)."""
    if isinstance(signature, DrawnSignature):
        return strokes_png(signature.strokes, signature.width, signature.height)
    return typed_png(signature.text)


def typed_signature(text: str) -> TypedSignature:
    """The typed signature (NFC-normalised, stripped) in the handwriting font, with its image."""
    clean = unicodedata.normalize("NFC", text).strip()
    return TypedSignature(
        text=clean,
        font_family=handwriting_font_family(),
        font_file=HANDWRITING_FONT_FILE,
        image_png=typed_png(clean),
    )
