"""Thin launcher: ``python main.py`` is the same as ``zzsign``."""

import sys

from zzsign.cli import main

if __name__ == "__main__":
    sys.exit(main())
