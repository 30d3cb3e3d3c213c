"""``python -m zzsign``."""

import sys

from zzsign.cli import main

sys.exit(main())
