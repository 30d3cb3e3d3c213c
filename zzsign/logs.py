"""Logging to an owner-only file in the data folder; never to the person's screen or terminal.

Log lines name events and error types only; personal data never goes into them.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

LOG_FILE_NAME = "zzsign.log"


def configure_logging(data_dir: Path) -> None:
    """Send zzsign's log to ``data_dir/zzsign.log`` (rotated), or nowhere if it can't be written."""
    try:
        data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = data_dir / LOG_FILE_NAME
        if not path.exists():
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    except OSError:
        handler = logging.NullHandler()
    # Libraries speak only when something is wrong, and never onto the person's terminal.
    for name, level in (
        ("zzsign", logging.INFO),
        ("pyhanko", logging.ERROR),
        ("pyhanko_certvalidator", logging.ERROR),
    ):
        logger = logging.getLogger(name)
        logger.setLevel(level)
        logger.propagate = False
        for old in list(logger.handlers):
            logger.removeHandler(old)
        logger.addHandler(handler)
