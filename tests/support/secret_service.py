"""A real GNOME Keyring Secret Service on a private D-Bus session bus, for the tests against it.

``SecretServiceDaemons`` starts its own ``dbus-daemon`` (with no service directories, so nothing
is D-Bus-activated behind our back — in particular no gcr prompter, which makes unlock prompts
fail at once instead of waiting for a user) and ``gnome-keyring-daemon --foreground --unlock``
with HOME and the XDG dirs in a temporary folder, so the real user's keyring is never touched.
The fixtures over it (``daemons``, ``unlocked``) are in ``tests/conftest.py``.
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

PASSWORD = b"test-password"


SECRETS_BUS_NAME = "org.freedesktop.secrets"


START_TIMEOUT = 15.0


BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={socket_dir}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


class SecretServiceDaemons:
    """A private session bus and a gnome-keyring-daemon on it, both our child processes."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.home = root / "home"
        self.home.mkdir()
        runtime = root / "run"
        runtime.mkdir(mode=0o700)
        config = root / "bus.conf"
        config.write_text(BUS_CONFIG.format(socket_dir=root))
        self.bus = subprocess.Popen(
            [
                "dbus-daemon",
                f"--config-file={config}",
                "--nofork",
                "--nopidfile",
                "--print-address=1",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        assert self.bus.stdout is not None
        self.address = self.bus.stdout.readline().decode().strip()
        if not self.address:
            self.bus.kill()
            pytest.fail("dbus-daemon did not print its address")
        self.env = {
            **{k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")},
            "DBUS_SESSION_BUS_ADDRESS": self.address,
            "HOME": str(self.home),
            "XDG_RUNTIME_DIR": str(runtime),
            "XDG_DATA_HOME": str(self.home / ".local" / "share"),
            "XDG_CONFIG_HOME": str(self.home / ".config"),
            "XDG_CACHE_HOME": str(self.home / ".cache"),
        }
        self.keyring: subprocess.Popen[bytes] | None = None

    def _secrets_on_bus(self) -> bool:
        from jeepney import DBus
        from jeepney.io.blocking import open_dbus_connection

        with open_dbus_connection(self.address) as connection:
            reply = connection.send_and_get_reply(DBus().NameHasOwner(SECRETS_BUS_NAME))
        return bool(reply.body[0])

    def _wait_for_bus_name(self, present: bool) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while self._secrets_on_bus() != present:
            if present and self.keyring is not None and self.keyring.poll() is not None:
                pytest.fail(f"gnome-keyring-daemon exited with {self.keyring.returncode}")
            if time.monotonic() > deadline:
                pytest.fail(f"{SECRETS_BUS_NAME} {'never came' if present else 'never left'}")
            time.sleep(0.02)

    def start_keyring(self, *, unlock: bool = True) -> None:
        """Start gnome-keyring-daemon; with ``unlock`` the login keyring opens with PASSWORD."""
        self.stop_keyring()
        command = ["gnome-keyring-daemon", "--foreground", "--components=secrets"]
        if unlock:
            command.append("--unlock")
        self.keyring = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=self.env,
        )
        assert self.keyring.stdin is not None
        if unlock:
            self.keyring.stdin.write(PASSWORD)
        self.keyring.stdin.close()
        self._wait_for_bus_name(present=True)

    def stop_keyring(self) -> None:
        """Stop gnome-keyring-daemon (if running) and wait until it has left the bus."""
        if self.keyring is None:
            return
        stop_process(self.keyring)
        self.keyring = None
        self._wait_for_bus_name(present=False)

    def stop(self) -> None:
        """Stop both daemons."""
        if self.keyring is not None:
            stop_process(self.keyring)
            self.keyring = None
        stop_process(self.bus)


def stop_process(process: subprocess.Popen[bytes]) -> None:
    """Terminate ``process`` (kill it if it does not stop) and close its pipes."""
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)
    for stream in (process.stdin, process.stdout, process.stderr):
        if stream is not None:
            stream.close()


def login_collection_is_locked() -> bool:
    """True if the login collection of the keyring this process talks to is locked."""
    import secretstorage

    connection = secretstorage.dbus_init()
    try:
        return secretstorage.get_default_collection(connection).is_locked()
    finally:
        connection.close()
