"""A keyring backend kept in a JSON file, so that CLI tests can run zzsign in several processes.

Test-only (``PYTHON_KEYRING_BACKEND=file_keyring.FileKeyring`` with ``tests/`` on PYTHONPATH and
``ZZSIGN_TEST_KEYRING_FILE`` naming the file). Never picked by keyring's automatic detection.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import keyring.backend
import keyring.errors


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

    def get_password(self, service: str, username: str) -> str | None:
        """The stored password, or None."""
        return self._load().get(f"{service}\\n{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        """Store a password."""
        data = self._load()
        data[f"{service}\\n{username}"] = password
        self._path.write_text(json.dumps(data))

    def delete_password(self, service: str, username: str) -> None:
        """Remove a password."""
        data = self._load()
        if data.pop(f"{service}\\n{username}", None) is None:
            raise keyring.errors.PasswordDeleteError("no such password")
        self._path.write_text(json.dumps(data))
