"""Settings resolved once at start-up from the command line, the environment and the platform."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "zzsign"
APP_AUTHOR = "ZZ Servers"
DEFAULT_IDLE_RESET_SECONDS = 180
DATABASE_FILE_NAME = "zzsign.sqlite3"
#: Values of ZZSIGN_KIOSK that turn kiosk mode on.
TRUE_WORDS = frozenset({"1", "true", "yes", "on"})


def default_database_url(data_dir: Path) -> str:
    """The SQLite file in the data directory."""
    return f"sqlite:///{data_dir / DATABASE_FILE_NAME}"


@dataclass(frozen=True)
class Settings:
    """Where zzsign keeps its data and how the kiosk behaves."""

    data_dir: Path
    database_url: str
    idle_reset_seconds: int = DEFAULT_IDLE_RESET_SECONDS
    busy_timeout_ms: int = 5000
    #: Kiosk mode: full screen, and only HR (with the password) can leave it or quit.
    kiosk: bool = False

    @property
    def backup_dir(self) -> Path:
        """Where copies of the database are kept (before every schema upgrade)."""
        return self.data_dir / "backups"

    @property
    def scratch_dir(self) -> Path:
        """Owner-only folder for short-lived files (HR's copies opened in a viewer); wiped on
        Lock, on close and at start."""
        return self.data_dir / "tmp"

    @classmethod
    def resolve(
        cls,
        *,
        data_dir: str | None = None,
        database_url: str | None = None,
        kiosk: bool = False,
        environ: Mapping[str, str] = os.environ,
    ) -> Settings:
        """Command-line values win over ``ZZSIGN_*`` variables, which win over defaults."""
        chosen = data_dir or environ.get("ZZSIGN_DATA_DIR")
        if chosen:
            directory = Path(chosen).expanduser().resolve()
        else:
            import platformdirs

            directory = Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
        url = database_url or environ.get("ZZSIGN_DATABASE_URL") or default_database_url(directory)
        idle = int(environ.get("ZZSIGN_IDLE_RESET_SECONDS", DEFAULT_IDLE_RESET_SECONDS))
        kiosk = kiosk or environ.get("ZZSIGN_KIOSK", "").strip().lower() in TRUE_WORDS
        return cls(
            data_dir=directory, database_url=url, idle_reset_seconds=max(idle, 10), kiosk=kiosk
        )
