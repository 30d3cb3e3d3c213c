"""Child programs the tests start by path (``python PROGRAMS / "name.py" ...``): each puts
``tests/`` on its own path if it needs ``support``."""

from __future__ import annotations

from pathlib import Path

PROGRAMS = Path(__file__).resolve().parent
