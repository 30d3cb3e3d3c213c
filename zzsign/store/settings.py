"""Repository: the settings HR keeps in the store, each a text value under a name."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from zzsign.domain.clock import Timestamp
from zzsign.store.models import StoreSetting

#: The company's work email domains, as a JSON list of strings.
WORK_EMAIL_DOMAINS = "work_email_domains"


class SettingsRepository:
    """Reads and writes settings within one session (one user action)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, name: str) -> str | None:
        """The value stored under ``name``, or None if it is not set."""
        return self._session.scalar(select(StoreSetting.value).where(StoreSetting.name == name))

    def put(self, name: str, value: str, at: Timestamp) -> None:
        """Store ``value`` under ``name``, replacing any earlier value."""
        row = self._session.get(StoreSetting, name)
        if row is None:
            self._session.add(StoreSetting(name=name, value=value, changed_at_utc=at.utc_iso))
        else:
            row.value = value
            row.changed_at_utc = at.utc_iso
        self._session.flush()

    def remove(self, name: str) -> None:
        """Forget the setting ``name`` (nothing happens if it is not set)."""
        self._session.execute(delete(StoreSetting).where(StoreSetting.name == name))
