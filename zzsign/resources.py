"""Where the files shipped with zzsign (agreements, fonts, icons) live."""

from pathlib import Path

RESOURCES_DIR = Path(__file__).resolve().parents[1] / "resources"
FONTS_DIR = RESOURCES_DIR / "fonts"
ICONS_DIR = RESOURCES_DIR / "icons"
