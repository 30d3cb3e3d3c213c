"""The PyInstaller bundle (packaging/zzsign.spec) builds, and runs as it would on a laptop: from
its own folder far from the checkout, with none of our Python on the path, its secrets in a
real Secret Service keyring (gnome-keyring on a private D-Bus session bus, as a desktop login
has it), its window on a real X11 display.

Built once per run (about a minute on 2 cores). Needs the build extra (PyInstaller) and
Debian's dbus, gnome-keyring and xvfb, which .ci/run installs; without them the module is
skipped on a developer's machine and fails in CI.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
from support.store import HR_PASSWORD

from zzsign import __version__

pytestmark = [pytest.mark.slow, pytest.mark.bundle]


def run(bundle: Path, environment: dict[str, str], *args: str, cwd: Path):
    """``zzsign ARGS`` from the bundle, in ``cwd``."""
    return subprocess.run(
        [str(bundle / "zzsign"), *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=180,
        stdin=subprocess.DEVNULL,
    )


def test_the_bundle_prints_its_version(bundle, tmp_path):
    shown = run(bundle, {"PATH": "/usr/bin:/bin"}, "--version", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout == f"zzsign {__version__}\n"


def test_the_bundle_carries_the_compiled_translations(bundle):
    """The Spanish catalogue compiled at build time, and Qt's own for the standard buttons, both
    where the program looks for them (importlib.resources; QLibraryInfo)."""
    internal = bundle / "_internal"
    assert (internal / "zzsign" / "shipped" / "translations" / "zzsign_es.qm").is_file()
    assert (internal / "PySide6" / "Qt" / "translations" / "qtbase_es.qm").is_file()
    assert not list(internal.rglob("zzsign_*.ts"))


def test_the_bundle_signs_and_verifies_with_the_desktop_keyring(bundle, desktop_session, tmp_path):
    """Demo records signed through the real signing code with the shipped agreement, their
    keys in the session's keyring, then the store and an evidence package verified."""
    environment = {
        **desktop_session,
        "ZZSIGN_DATA_DIR": str(tmp_path / "data"),
        "ZZSIGN_HR_PASSWORD": HR_PASSWORD,
        "QT_QPA_PLATFORM": "offscreen",
    }

    listed = run(bundle, environment, "agreement", "list", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert "Employee Confidentiality Agreement" in listed.stdout
    demo = run(bundle, environment, "demo", "--signatures", "3", cwd=tmp_path)
    assert demo.returncode == 0, demo.stderr
    assert "Signed 3 demo records" in demo.stdout
    keyrings = Path(desktop_session["HOME"]) / ".local" / "share" / "keyrings"
    assert any(keyrings.glob("*.keyring")), "the keys did not go to the Secret Service keyring"

    verified = run(bundle, environment, "verify", cwd=tmp_path)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "all intact" in verified.stdout
    package = tmp_path / "evidence.zip"
    exported = run(
        bundle, environment, "export", "--format", "evidence", "--out", str(package), cwd=tmp_path
    )
    assert exported.returncode == 0, exported.stderr
    checked = run(bundle, environment, "verify", str(package), cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_bundled_kiosk_window_starts_on_x11(bundle, desktop_session, x11_display, tmp_path):
    """``zzsign --kiosk`` on X11 (xcb, the Qt platform a GNOME-on-Xorg laptop uses) gets as
    far as opening the store, which happens once the window has been painted, and is still
    running with no unexpected error logged a moment later."""
    data = tmp_path / "data"
    environment = {
        **desktop_session,
        "DISPLAY": x11_display,
        "QT_QPA_PLATFORM": "xcb",
        "ZZSIGN_DATA_DIR": str(data),
    }
    kiosk = subprocess.Popen(
        [str(bundle / "zzsign"), "--kiosk"],
        cwd=tmp_path,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not (data / "zzsign.sqlite3").exists() and kiosk.poll() is None:
            assert time.monotonic() < deadline, "the kiosk never opened its store"
            time.sleep(0.2)
        time.sleep(2)  # a failure right after opening is logged by then (never a false alarm)
        assert kiosk.poll() is None, kiosk.communicate()[1][-3000:]
    finally:
        kiosk.terminate()
        kiosk.communicate(timeout=30)
    log = (data / "zzsign.log").read_text()
    assert "Unexpected error" not in log, log[-3000:]
