"""An in-memory keyring backend for tests (reusable: ``from memory_keyring import MemoryKeyring``).

Also loadable by name: ``PYTHON_KEYRING_BACKEND=memory_keyring.MemoryKeyring`` with ``tests/`` on
``PYTHONPATH``. It is never picked by keyring's automatic detection (``viable = False``), so
merely importing it cannot change which backend other code in the same process gets.
"""

from __future__ import annotations

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
