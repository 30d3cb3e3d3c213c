"""Thin launcher: ``python main.py`` is the same as ``zzsign``."""

import sys

from zzsign.cli import main

if __name__ == "__main__":
    if getattr(sys, "frozen", False):  # the bundle: a big export's worker processes start here
        import multiprocessing

        multiprocessing.freeze_support()
    sys.exit(main())
