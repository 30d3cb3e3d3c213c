"""A laptop that signed four records with automatic backups, for the missing-store tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from support.cli import zzsign_here
from support.keyrings import FileKeyring
from support.laptops import DATABASE
from zzsign.config import Settings
from zzsign.security.keyring_store import SecretStore


@dataclass
class Laptop:
    """A laptop that signed four records, with automatic backups after every two."""

    settings: Settings
    env: dict[str, str]
    keyring_file: Path
    installation_id: str
    records: list[str]

    @property
    def data(self) -> str:
        return str(self.settings.data_dir)

    @property
    def database(self) -> Path:
        return self.settings.data_dir / DATABASE

    @property
    def secrets(self) -> SecretStore:
        return SecretStore(backend=FileKeyring())

    def newest_backup(self) -> Path:
        return sorted(self.settings.backup_dir.glob("zzsign-auto-*"))[-1]

    def zzsign(self, *args: str, **env: str):
        """``zzsign ARGS --data-dir`` this laptop's folder, in this process (``zzsign_here``), in
        the laptop's environment changed by ``env``."""
        return zzsign_here({**self.env, **env}, *args, "--data-dir", self.data)

    def delete_database(self) -> None:
        for path in self.settings.data_dir.glob(DATABASE + "*"):
            path.unlink()
