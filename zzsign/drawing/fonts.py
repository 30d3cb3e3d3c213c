"""Fonts: the ones shipped in resources/fonts, the handwriting font, and the paper copy's type.

Needs a QGuiApplication (the caller creates it).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QFont, QFontDatabase

from zzsign.resources import FONTS_DIR

HANDWRITING_FONT_FILE = "DancingScript-Regular.otf"  # SIL OFL, resources/fonts/
HANDWRITING_FONT_FAMILY = "Dancing Script"
#: The handwriting font's size on screen (the typed-signature preview).
HANDWRITING_POINT_SIZE = 36

#: Shipped so that names in these scripts render on every laptop, on screen and in the PDF,
#: whatever fonts the system has (SIL OFL, resources/fonts/Noto-OFL.txt).
SCRIPT_FONT_FILES = (
    "NotoSansDevanagari-Regular.ttf",
    "NotoSansDevanagari-Bold.ttf",
    "NotoSansThai-Regular.ttf",
    "NotoSansThai-Bold.ttf",
)
SCRIPT_FONT_FAMILIES = ("Noto Sans Devanagari", "Noto Sans Thai")

#: The paper copy's text, with fallbacks for the scripts a name may be written in.
BODY_FAMILIES = [
    "DejaVu Sans",
    "Noto Sans",
    *SCRIPT_FONT_FAMILIES,
    "WenQuanYi Micro Hei",
    "Noto Sans CJK SC",
]
MONO_FAMILIES = ["DejaVu Sans Mono", "WenQuanYi Micro Hei Mono", "DejaVu Sans"]

_loaded: dict[str, list[str]] | None = None


def load_bundled_fonts() -> dict[str, list[str]]:
    """Register the fonts shipped in resources/fonts with Qt, once: {file name: its families}.

    A file that cannot be loaded maps to no family (Qt then substitutes another font).
    """
    global _loaded
    if _loaded is None:
        _loaded = {}
        for name in (HANDWRITING_FONT_FILE, *SCRIPT_FONT_FILES):
            font_id = QFontDatabase.addApplicationFont(str(FONTS_DIR / name))
            _loaded[name] = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return _loaded


def handwriting_font_family() -> str:
    """The bundled handwriting font's family name (loaded on first use).

    Falls back to the family's name if the file can't be loaded (Qt then substitutes a font).
    """
    families = load_bundled_fonts()[HANDWRITING_FONT_FILE]
    return families[0] if families else HANDWRITING_FONT_FAMILY


def handwriting_font(point_size: int = HANDWRITING_POINT_SIZE) -> QFont:
    """The handwriting font at ``point_size``; glyphs it lacks fall back to Qt's font fallback."""
    font = QFont(handwriting_font_family())
    font.setStyleHint(QFont.StyleHint.Cursive)
    font.setPointSize(point_size)
    return font


def paper_font(
    size_pt: float, *, bold: bool = False, families: Sequence[str] = BODY_FAMILIES
) -> QFont:
    """A font of the paper copy: ``families`` in order, at ``size_pt``, never with "fi"-style
    ligatures (text extraction must give back the letters typed)."""
    load_bundled_fonts()
    font = QFont()
    font.setFamilies(list(families))
    font.setPointSizeF(size_pt)
    # No discretionary ligatures ("fi", "fl"): text extraction must give back the letters typed.
    # Required ligatures (Arabic lam-alef) are "rlig" and stay.
    font.setFeature(QFont.Tag.fromString("liga"), 0)
    if bold:
        font.setWeight(QFont.Weight.Bold)
    return font
