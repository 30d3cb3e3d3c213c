"""A wheel built from the project installs and runs from any folder: the agreement, fonts and
icons of resources/ travel inside it (as the package zzsign.shipped), not beside a checkout."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from support import TESTS
from support.store import HR_PASSWORD

PROJECT = TESTS.parent


@pytest.mark.slow
def test_the_wheel_holds_the_shipped_files(unpacked_wheel):
    shipped = unpacked_wheel / "zzsign" / "shipped"
    for name in (
        "agreements/confidentiality-v1.md",
        "agreements/manifest.json",
        "disclosures/manifest.json",
        "fonts/DancingScript-Regular.otf",
        "icons/chevron-down.svg",
    ):
        assert (shipped / name).is_file(), name
    assert (unpacked_wheel / "zzsign" / "store" / "migrations" / "script.py.mako").is_file()


@pytest.mark.slow
def test_an_installed_wheel_runs_from_any_folder(unpacked_wheel, tmp_path):
    """Far from the checkout, with only the unpacked wheel on the path: the store opens with the
    shipped agreement (HR sets the password, the agreement is listed) and a store verifies."""
    elsewhere = tmp_path / "somewhere-else"
    elsewhere.mkdir()
    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(unpacked_wheel), str(TESTS)]),
        "PYTHON_KEYRING_BACKEND": "support.keyrings.FileKeyring",
        "ZZSIGN_TEST_KEYRING_FILE": str(tmp_path / "keyring.json"),
        "ZZSIGN_HR_PASSWORD": HR_PASSWORD,
        "ZZSIGN_DATA_DIR": str(tmp_path / "data"),
        "QT_QPA_PLATFORM": "offscreen",
    }

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "zzsign", *args],
            cwd=elsewhere,
            capture_output=True,
            text=True,
            env=environment,
            timeout=180,
        )

    where = subprocess.run(
        [sys.executable, "-c", "import zzsign; print(zzsign.__file__)"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=environment,
    )
    assert Path(where.stdout.strip()).is_relative_to(unpacked_wheel)
    assert run("--version").stdout.startswith("zzsign ")
    set_up = run("hr-password")
    assert set_up.returncode == 0, set_up.stderr
    listed = run("agreement", "list")
    assert listed.returncode == 0, listed.stderr
    assert "Employee Confidentiality Agreement" in listed.stdout
    demo = run("demo", "--signatures", "2")
    assert demo.returncode == 0, demo.stderr
    verified = run("verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "all intact" in verified.stdout


@pytest.mark.slow
def test_an_installed_wheel_speaks_spanish(unpacked_wheel, tmp_path):
    """The wheel carries the Spanish catalogue compiled at build time (no .ts, no compiling on
    the laptop): a welcome page built in Spanish has its Spanish Start button."""
    assert (unpacked_wheel / "zzsign" / "shipped" / "translations" / "zzsign_es.qm").is_file()
    assert not list(unpacked_wheel.rglob("*.ts"))
    script = (
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from zzsign.views import language\n"
        "assert language.use_language('es') == 'es'\n"
        "print(language.catalogue('es'))\n"
        "from zzsign.views.pages.welcome import WelcomePage\n"
        "print(WelcomePage().start.accessibleName())\n"
    )
    environment = {
        **os.environ,
        "PYTHONPATH": str(unpacked_wheel),
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    shown = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )
    assert shown.returncode == 0, shown.stderr
    catalogue, start = shown.stdout.splitlines()
    assert Path(catalogue).is_relative_to(unpacked_wheel)
    assert start == "Empezar"
    assert not (tmp_path / "cache").exists()  # nothing compiled on the laptop
