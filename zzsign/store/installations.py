"""Repository of the installations that write into a store (append-only rows, one insert each).

Hands back plain dataclasses; knows nothing of cryptography.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from zzsign.domain.clock import Timestamp
from zzsign.store.models import Installation


@dataclass(frozen=True)
class InstallationInfo:
    """An installation: the public half of its signing key (hex) and its PDF seal certificate."""

    id: str
    public_key: str | None
    is_local: bool
    seal_certificate: str | None = None
    seal_endorsement: str | None = None


class InstallationRepository:
    """Reads and adds installations within one session (one user action). A row is written
    complete, once: the table refuses every UPDATE and DELETE (schema 0006)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, installation_id: str) -> InstallationInfo | None:
        """The installation ``installation_id``; None if this store does not hold it."""
        found = self.all(only=installation_id)
        return found[0] if found else None

    def maker(self) -> InstallationInfo | None:
        """The installation marked ``is_local``: the one that made this store (a store made
        before identities came from the keyring names this laptop so); None if none is marked.
        Which installation is this laptop's is the keyring's to say, not this row's."""
        row = self._session.scalar(select(Installation.id).where(Installation.is_local).limit(1))
        return None if row is None else self.get(row)

    def add(
        self, installation: InstallationInfo, *, created_at: Timestamp, app_version: str
    ) -> None:
        """Add a new installation, complete (id, public key, seal certificate and its
        endorsement), in one insert. The first installation of a store is marked as its maker
        (``is_local``), so that an older zzsign, and the quick look at a SQLite file, find it."""
        self._session.execute(
            insert(Installation).values(
                id=installation.id,
                created_at_utc=created_at.utc_iso,
                app_version=app_version,
                is_local=self.maker() is None,
                public_key=installation.public_key,
                seal_certificate=installation.seal_certificate,
                seal_endorsement=installation.seal_endorsement,
            )
        )

    def all(self, only: str | None = None) -> list[InstallationInfo]:
        """Every installation that wrote records into this store (``only``: just that one)."""
        table = Installation.__table__.c
        query = select(
            table.id,
            table.public_key,
            table.is_local,
            table.seal_certificate,
            table.seal_endorsement,
        )
        if only is not None:
            query = query.where(table.id == only)
        rows = self._session.execute(query)
        return [
            InstallationInfo(r.id, r.public_key, r.is_local, r.seal_certificate, r.seal_endorsement)
            for r in rows
        ]

    def public_keys(self) -> dict[str, str | None]:
        """{installation id: public key (hex)} of every installation."""
        return {i.id: i.public_key for i in self.all()}
