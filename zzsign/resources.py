"""Where the files shipped with zzsign (agreements, fonts, icons) live.

They are kept in resources/ at the top of the repository and installed as the data-only
package ``zzsign.shipped`` (setup.py), so the same lookup serves a checkout, an editable
install, a wheel installed anywhere, and a PyInstaller bundle.
"""

from importlib.resources import files
from pathlib import Path

RESOURCES_DIR = Path(str(files("zzsign.shipped")))
FONTS_DIR = RESOURCES_DIR / "fonts"
ICONS_DIR = RESOURCES_DIR / "icons"
