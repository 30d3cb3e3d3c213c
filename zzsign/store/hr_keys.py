"""Repository of HR's keys: append-only entries known by fingerprint, and the unlock counter.

Each entry holds HR's X25519 sealing public key and (since schema 0006) HR's Ed25519 signing
public key, with their private halves wrapped by the HR password — or, on a kiosk, without them.
A new password, a new signing key or an enrolment adds an entry; none is changed or removed. The
newest entry is HR's keys now. The failed-unlock counter is the one mutable piece, in its own
table. Hands back plain dataclasses; the only cryptography here is a fingerprint's hash.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from zzsign.domain.clock import Timestamp
from zzsign.security.fingerprints import public_key_fingerprint
from zzsign.store.models import HrKey, HrUnlockAttempts


def _fingerprint(public_key: str | None) -> str:
    """The fingerprint of a hex public key; "" for a damaged one (it then matches nothing)."""
    try:
        return public_key_fingerprint(bytes.fromhex(public_key or ""))
    except (ValueError, TypeError):
        return ""


@dataclass(frozen=True)
class HrKeyEntry:
    """An entry of HR's keys as stored (hex public keys, JSON wrapped private keys or None)."""

    id: int
    public_key: str
    wrapped_private_key: str | None
    signing_public_key: str | None = None
    wrapped_signing_key: str | None = None

    @property
    def sealing_fingerprint(self) -> str:
        """The fingerprint of the sealing key (the one format-2 records name)."""
        return _fingerprint(self.public_key)

    @property
    def holds_private_keys(self) -> bool:
        """Whether this entry holds HR's wrapped private key (an HR station's) or only HR's
        public keys (a kiosk's) — read with ``private=True`` (a public read holds none)."""
        return self.wrapped_private_key is not None


#: The columns of HR's keys anyone may read (a kiosk's database role reads only these).
_PUBLIC_COLUMNS = (HrKey.id, HrKey.public_key, HrKey.signing_public_key)


class HrKeyRepository:
    """Reads and adds HR's key entries within one session (one user action)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def newest(self, *, private: bool = False) -> HrKeyEntry | None:
        """HR's keys now (the newest entry), or None before HR has set up: the public keys,
        and with ``private`` the wrapped private keys too (which a kiosk's database role may
        not read: the server then refuses)."""
        entries = self._read(private=private, newest_first=True, limit=1)
        return entries[0] if entries else None

    def newest_of(self, sealing_fingerprint: str) -> HrKeyEntry | None:
        """The newest entry of the HR sealing key with this fingerprint (public keys), or None."""
        for entry in self.all(newest_first=True):
            if entry.sealing_fingerprint == sealing_fingerprint:
                return entry
        return None

    def all(self, *, newest_first: bool = False, private: bool = False) -> list[HrKeyEntry]:
        """Every entry, oldest first (or newest first); wrapped private keys with ``private``."""
        return self._read(private=private, newest_first=newest_first)

    def _read(
        self, *, private: bool, newest_first: bool, limit: int | None = None
    ) -> list[HrKeyEntry]:
        order = HrKey.id.desc() if newest_first else HrKey.id
        if private:
            rows = self._session.scalars(select(HrKey).order_by(order).limit(limit))
            return [_entry(row) for row in rows]
        query = select(*_PUBLIC_COLUMNS).order_by(order).limit(limit)
        return [
            HrKeyEntry(key_id, public_key, None, signing_public_key)
            for key_id, public_key, signing_public_key in self._session.execute(query)
        ]

    def fingerprints(self) -> dict[int, str]:
        """{entry id: sealing key fingerprint} of every entry (what format-2 records commit
        to; "" for a damaged key, so that the records sealed to it fail to verify)."""
        return {
            key_id: _fingerprint(public_key)
            for key_id, public_key in self._session.execute(select(HrKey.id, HrKey.public_key))
        }

    def add(
        self,
        public_key: str,
        *,
        at: Timestamp,
        wrapped_private_key: str | None = None,
        signing_public_key: str | None = None,
        wrapped_signing_key: str | None = None,
    ) -> int:
        """Add an entry, complete, in one insert (no wrapped keys: a kiosk's); returns its id."""
        row = HrKey(
            public_key=public_key,
            wrapped_private_key=wrapped_private_key,
            created_at_utc=at.utc_iso,
            signing_public_key=signing_public_key,
            wrapped_signing_key=wrapped_signing_key,
        )
        self._session.add(row)
        self._session.flush()
        return row.id

    # -- failed unlock attempts -----------------------------------------------------------
    def unlock_attempts(self, sealing_fingerprint: str) -> tuple[int, float | None]:
        """(failures in a row, POSIX time of the last) of HR's key with this fingerprint."""
        row = self._session.get(HrUnlockAttempts, sealing_fingerprint)
        return (0, None) if row is None else (row.failures, row.last_failure_at)

    def save_unlock_attempts(
        self, sealing_fingerprint: str, failures: int, last_failure_at: float | None
    ) -> None:
        """Persist the count of failed unlock attempts (none: the row goes)."""
        row = self._session.get(HrUnlockAttempts, sealing_fingerprint)
        if failures == 0:
            if row is not None:
                self._session.delete(row)
        elif row is None:
            self._session.add(
                HrUnlockAttempts(
                    fingerprint=sealing_fingerprint,
                    failures=failures,
                    last_failure_at=last_failure_at,
                )
            )
        else:
            row.failures = failures
            row.last_failure_at = last_failure_at
        self._session.flush()


def _entry(row: HrKey) -> HrKeyEntry:
    return HrKeyEntry(
        row.id,
        row.public_key,
        row.wrapped_private_key,
        row.signing_public_key,
        row.wrapped_signing_key,
    )
