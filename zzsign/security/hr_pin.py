"""HR's public keys pinned in this laptop's keyring, per store: the keys a kiosk seals to.

Anyone who can write the records database can add an entry to its ``hr_keys``; the keyring is
this laptop's own. So enrolment (``zzsign enrol``), HR's set-up on this laptop and HR's unlock
on it write HR's public keys here, and a laptop that holds a pin seals only to the pinned key.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from zzsign.security.fingerprints import public_key_fingerprint
from zzsign.security.key_names import hr_pin_name
from zzsign.security.keyring_store import SecretStore


@dataclass(frozen=True)
class PinnedHrKeys:
    """HR's public keys as pinned (hex): the X25519 sealing key and the Ed25519 signing key
    (None when pinned before HR had one)."""

    sealing_public_key: str
    signing_public_key: str | None

    @property
    def sealing_fingerprint(self) -> str:
        """The sealing key's fingerprint (what records name)."""
        return public_key_fingerprint(bytes.fromhex(self.sealing_public_key))

    @property
    def fingerprint(self) -> str | None:
        """HR's fingerprint: of the signing key (None without one)."""
        if self.signing_public_key is None:
            return None
        return public_key_fingerprint(bytes.fromhex(self.signing_public_key))

    def names_another_hr_than(self, wanted: PinnedHrKeys) -> bool:
        """Whether these keys are another HR's than ``wanted`` (keys of the same sealing key
        without a signing key, pinned before HR had one, are the same HR's)."""
        return self.sealing_public_key != wanted.sealing_public_key or (
            self.signing_public_key not in (None, wanted.signing_public_key)
        )

    def to_json(self) -> str:
        """The keyring entry's text."""
        return json.dumps(
            {"sealing": self.sealing_public_key, "signing": self.signing_public_key},
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> PinnedHrKeys | None:
        """Parse :meth:`to_json`'s text; None if it is not that (a damaged entry)."""
        try:
            data = json.loads(text)
            sealing, signing = data["sealing"], data["signing"]
            bytes.fromhex(sealing)
            if signing is not None:
                bytes.fromhex(signing)
        except (ValueError, TypeError, KeyError):
            return None
        return cls(sealing, signing)


class HrPin:
    """The pin of HR's public keys for one store in this laptop's keyring.

    The keyring is read once (the kiosk reads the pin at every signing, and a keyring call
    can cost milliseconds); the pin then changes only through :meth:`write` — a pin written
    by another process (``zzsign enrol`` while the kiosk runs) is read at the next start.
    Reading raises :class:`~zzsign.security.keyring_store.KeyringUnavailableError` as it
    comes (and is tried again at the next read).
    """

    def __init__(self, secrets: SecretStore, store_location: str | None) -> None:
        """``store_location``: the store's identity (None: an in-memory store, never pinned)."""
        self._secrets = secrets
        self._name = None if store_location is None else hr_pin_name(store_location)
        self._read = self._name is None
        self._known: PinnedHrKeys | None = None

    def read(self) -> PinnedHrKeys | None:
        """HR's pinned public keys, or None if this laptop has pinned none for this store.
        A damaged entry reads as a pin of no key (nothing matches it)."""
        if self._read or self._name is None:
            return self._known
        text = self._secrets.get(self._name)
        if text is not None:
            self._known = PinnedHrKeys.from_json(text) or PinnedHrKeys("", None)
        self._read = True
        return self._known

    def write(self, keys: PinnedHrKeys) -> None:
        """Pin ``keys`` (replacing any pin)."""
        if self._name is None:
            return
        self._secrets.set(self._name, keys.to_json())
        self._known = keys
        self._read = True
