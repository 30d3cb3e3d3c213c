"""The command line as IT meets it."""

from __future__ import annotations

import os
import subprocess
import sys

from zzsign import __version__


def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "zzsign", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **env},
    )


def test_version():
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"zzsign {__version__}"


def test_help_names_the_data_dir_option():
    result = run("--help")
    assert result.returncode == 0
    assert "--data-dir" in result.stdout and "ZZSIGN_DATA_DIR" in result.stdout


def test_unknown_option_is_a_usage_error():
    result = run("--frobnicate")
    assert result.returncode == 2
    assert "unrecognized arguments" in result.stderr


def test_window_appears_before_database_libraries_are_loaded(tmp_path):
    code = (
        "import sys\n"
        "from zzsign.app import create_application\n"
        "from zzsign.views.kiosk_window import KioskWindow\n"
        "app = create_application([])\n"
        "w = KioskWindow(idle_reset_ms=1000); w.show(); app.processEvents()\n"
        "print(sorted(m for m in ('sqlalchemy', 'alembic', 'pypdf') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
