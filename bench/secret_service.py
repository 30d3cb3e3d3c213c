"""Run a benchmark in a child process against a real Secret Service keyring, as on a laptop.

gnome-keyring's Secret Service runs on its own ``dbus-run-session`` bus, its login keyring
unlocked, with HOME and the XDG folders in a temporary folder: the user's own keyring and
session bus are never touched. The child writes its results as JSON to the file named by its
last argument; :func:`run_json` returns them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: The password of the temporary login keyring.
KEYRING_PASSWORD = "zzsign bench keyring"

#: What the child must not inherit: another keyring choice or bus, the tests' keyring file.
_NOT_INHERITED = ("PYTHON_KEYRING_BACKEND", "ZZSIGN_TEST_KEYRING_FILE", "DBUS_SESSION_BUS_ADDRESS")


def run_json(
    command: list[str], *, env: dict[str, str] | None = None, timeout: float = 600
) -> dict:
    """Run ``command`` + [a JSON file] under the Secret Service; return what it wrote there.

    ``env`` is added to this process's environment (without ``PYTHON_KEYRING_BACKEND``, so
    ``keyring`` chooses its backend by itself unless ``env`` names one). Raises RuntimeError
    when dbus or gnome-keyring is missing, or when the child fails.
    """
    for tool in ("dbus-run-session", "gnome-keyring-daemon"):
        if shutil.which(tool) is None:
            raise RuntimeError(f"{tool} is not installed (Debian: dbus, gnome-keyring)")
    with tempfile.TemporaryDirectory(prefix="zzsign-bench-ss-") as tmp:
        home = Path(tmp)
        runtime = home / "run"
        runtime.mkdir(mode=0o700)
        out = home / "result.json"
        child_env = {k: v for k, v in os.environ.items() if k not in _NOT_INHERITED}
        child_env.update(
            HOME=str(home),
            XDG_RUNTIME_DIR=str(runtime),
            XDG_DATA_HOME=str(home / "data"),
            XDG_CONFIG_HOME=str(home / "config"),
            XDG_CACHE_HOME=str(home / "cache"),
            ZZSIGN_BENCH_KEYRING_PASSWORD=KEYRING_PASSWORD,
            **(env or {}),
        )
        script = (
            'printf %s "$ZZSIGN_BENCH_KEYRING_PASSWORD" | gnome-keyring-daemon --unlock '
            '--components=secrets >/dev/null && exec "$@"'
        )
        done = subprocess.run(
            ["dbus-run-session", "--", "sh", "-c", script, "sh", *command, str(out)],
            env=child_env,
            cwd=ROOT,
            capture_output=True,
            timeout=timeout,
        )
        if done.returncode != 0 or not out.exists():
            raise RuntimeError(
                f"the benchmark under gnome-keyring exited {done.returncode}: "
                + done.stderr.decode("utf-8", "replace").strip()[-1500:]
            )
        return json.loads(out.read_text())
