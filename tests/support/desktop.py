"""What the tests that leave offscreen Qt need: a fresh desktop login (HOME in a temporary folder,
a private D-Bus session bus with gnome-keyring unlocked on it), a virtual X11 screen, and the
PyInstaller bundle built. The fixtures over them (``desktop_session``, ``x11_display``,
``bundle``) are in ``tests/conftest.py``.

Missing tools skip the test on a developer's machine and fail it in CI (``CI`` set).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from support import PROJECT

KEYRING_PASSWORD = "kiosk-login-password"


def missing(what: str) -> None:
    """Skip on a developer's machine; in CI a missing tool is a failure, not a silent skip."""
    if os.environ.get("CI"):
        pytest.fail(f"CI needs {what} for the bundle test", pytrace=False)
    pytest.skip(f"needs {what}")


def build_bundle(out: Path) -> Path:
    """The bundle, built by packaging/build_bundle.py into ``out`` and moved to a folder of its
    own (as install.sh puts it in /opt/zzsign), the build's scratch folder deleted."""
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        missing("PyInstaller (pip install -e '.[build]')")
    built = subprocess.run(
        [
            sys.executable,
            str(PROJECT / "packaging" / "build_bundle.py"),
            "--dist",
            str(out / "dist"),
            "--work",
            str(out / "work"),
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    installed = out / "opt" / "zzsign"
    installed.parent.mkdir()
    shutil.move(out / "dist" / "zzsign", installed)
    shutil.rmtree(out / "work")
    return installed


@contextlib.contextmanager
def desktop_session(folder: Path) -> Iterator[dict[str, str]]:
    """The environment of a fresh desktop login: HOME in ``folder``, a private D-Bus session
    bus with gnome-keyring unlocked on it, and nothing of this checkout or venv."""
    for tool in ("dbus-run-session", "gnome-keyring-daemon"):
        if shutil.which(tool) is None:
            missing(f"{tool} (Debian's dbus and gnome-keyring)")
    home = folder / "home"
    home.mkdir()
    runtime = folder / "run"
    runtime.mkdir(mode=0o700)
    environment = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home),
        "XDG_RUNTIME_DIR": str(runtime),
        "LANG": "C.UTF-8",
    }
    # The bus lives as long as `cat` waits on our pipe; closing it ends the bus and the keyring.
    session = subprocess.Popen(
        [
            "dbus-run-session",
            "--",
            "sh",
            "-c",
            'echo "$DBUS_SESSION_BUS_ADDRESS"; printf %s "$0" | '
            "gnome-keyring-daemon --unlock --components=secrets >/dev/null && echo ready; exec cat",
            KEYRING_PASSWORD,
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=environment,
    )
    try:
        address = session.stdout.readline().strip()
        assert session.stdout.readline().strip() == "ready", "gnome-keyring did not start"
        yield {**environment, "DBUS_SESSION_BUS_ADDRESS": address}
    finally:
        session.stdin.close()
        try:
            session.wait(timeout=30)
        except subprocess.TimeoutExpired:
            session.kill()
            session.wait()


@contextlib.contextmanager
def x11_display() -> Iterator[str]:
    """A virtual X11 screen (Xvfb) the size of a small laptop, on a display number of its own
    (Xvfb picks a free one and says which once it accepts connections)."""
    if shutil.which("Xvfb") is None:
        missing("Xvfb (Debian's xvfb)")
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", "1", "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        yield f":{server.stdout.readline().strip()}"
    finally:
        server.terminate()
        server.wait(timeout=30)
