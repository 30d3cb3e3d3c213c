"""Shared fixtures: offscreen Qt, a real SQLite store in a temporary folder, the kiosk window."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

from collections.abc import Iterator
from pathlib import Path

import pytest

from zzsign.config import Settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings pointing at a fresh data folder."""
    return Settings.resolve(data_dir=str(tmp_path / "data"), environ={})


@pytest.fixture
def store(settings: Settings) -> Iterator[object]:
    """An open, migrated store backed by a real SQLite file."""
    from zzsign.services.store import open_store

    opened = open_store(settings)
    yield opened
    opened.close()


@pytest.fixture
def service(store):
    """The signing service over the test store."""
    from zzsign.services.signing import SigningService

    return SigningService(store)


@pytest.fixture
def kiosk(qtbot, qapp, service):
    """The kiosk window, styled, shown and ready to sign."""
    from zzsign.app import create_application
    from zzsign.views.kiosk_window import KioskWindow

    create_application([])
    window = KioskWindow(idle_reset_ms=60_000)
    qtbot.addWidget(window)
    window.set_service(service)
    window.show()
    qtbot.waitExposed(window)
    return window
