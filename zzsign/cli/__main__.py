"""``python -m zzsign.cli``, the same as ``zzsign``."""

import sys

from zzsign.cli import main

if __name__ == "__main__":  # not when a worker process re-imports the main module
    sys.exit(main())
