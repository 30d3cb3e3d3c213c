"""Keyring backends for tests: secrets in memory, or in a JSON file several processes share.

``MemoryKeyring`` keeps secrets in a dict, one per instance. ``FileKeyring`` keeps them in the
JSON file named by ``ZZSIGN_TEST_KEYRING_FILE``, so that CLI tests can run zzsign in several
processes: ``PYTHON_KEYRING_BACKEND=support.keyrings.FileKeyring`` with ``tests/`` on
``PYTHONPATH`` (``support.keyrings.MemoryKeyring`` loads by name the same way). Neither is ever
picked by keyring's automatic detection (``viable = False``), so merely importing this module
cannot change which backend other code in the same process gets.

The file keyring is safe for several processes at once, and for a process killed with SIGKILL at
any moment: a change is a read-modify-write under an exclusive ``flock`` on a side file
(``<file>.lock``; the kernel drops the lock when its holder dies), and the new contents replace
the old file with one ``os.replace``, so a reader sees either the old file or the new one, never
half of one.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import keyring.backend
import keyring.errors


class MemoryKeyring(keyring.backend.KeyringBackend):
    """Secrets in a dict, one per instance. Set ``locked = True`` to make every call fail."""

    priority = 1  # recommended, like a real OS keyring
    viable = False  # keep it out of keyring's automatic detection

    def __init__(self) -> None:
        super().__init__()
        self.locked: bool = False
        self.passwords: dict[tuple[str, str], str] = {}

    def _refuse_if_locked(self) -> None:
        if self.locked:
            raise keyring.errors.KeyringLocked("memory keyring is locked")

    def get_password(self, service: str, username: str) -> str | None:
        """The stored password, or None."""
        self._refuse_if_locked()
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        """Store a password."""
        self._refuse_if_locked()
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        """Remove a password; PasswordDeleteError if absent, like the real backends."""
        self._refuse_if_locked()
        try:
            del self.passwords[(service, username)]
        except KeyError:
            raise keyring.errors.PasswordDeleteError("no such password") from None


class FileKeyring(keyring.backend.KeyringBackend):
    """Secrets in a JSON file named by ZZSIGN_TEST_KEYRING_FILE."""

    priority = 1
    viable = False

    @property
    def _path(self) -> Path:
        return Path(os.environ["ZZSIGN_TEST_KEYRING_FILE"])

    def _load(self) -> dict[str, str]:
        try:
            return json.loads(self._path.read_text())
        except FileNotFoundError:
            return {}

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the exclusive lock that serialises changes across processes."""
        descriptor = os.open(f"{self._path}.lock", os.O_CREAT | os.O_RDWR, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            yield
        finally:
            os.close(descriptor)  # closing releases the lock

    def _store(self, data: dict[str, str]) -> None:
        """Replace the file with ``data`` in one step (call with the lock held)."""
        descriptor, temporary = tempfile.mkstemp(
            dir=self._path.parent, prefix=f".{self._path.name}.", suffix=".tmp"
        )
        try:
            with os.fdopen(descriptor, "w") as handle:
                json.dump(data, handle)
            os.replace(temporary, self._path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
            raise

    def get_password(self, service: str, username: str) -> str | None:
        """The stored password, or None."""
        return self._load().get(f"{service}\\n{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        """Store a password."""
        with self._locked():
            data = self._load()
            data[f"{service}\\n{username}"] = password
            self._store(data)

    def delete_password(self, service: str, username: str) -> None:
        """Remove a password."""
        with self._locked():
            data = self._load()
            if data.pop(f"{service}\\n{username}", None) is None:
                raise keyring.errors.PasswordDeleteError("no such password")
            self._store(data)
