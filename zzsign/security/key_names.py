"""The names of this installation's entries in the keyring (no cryptography needed to know them)."""

from __future__ import annotations

import hashlib


def signing_key_name(installation_id: str) -> str:
    """The keyring entry that holds an installation's private key."""
    return f"installation-signing-key/{installation_id}"


def chain_head_name(installation_id: str) -> str:
    """The keyring entry that remembers the newest link of an installation's chain."""
    return f"chain-head/{installation_id}"


def seal_key_name(installation_id: str) -> str:
    """The keyring entry that holds the private key of an installation's PDF seal."""
    return f"pdf-seal-key/{installation_id}"


def hr_pin_name(store_location: str) -> str:
    """The keyring entry that pins HR's public keys for the store at ``store_location`` (as
    :func:`zzsign.store.database.store_identity` names it; hashed, like the store's
    ``store-installation/`` entry, so that the name says nothing about the folder)."""
    return f"hr-keys/{hashlib.sha256(store_location.encode('utf-8')).hexdigest()}"


def hr_station_secret_name(secret_id: str) -> str:
    """The keyring entry that holds the HR station's secret joining the HR password (the id is
    random, named by the wrapped HR key of one store)."""
    return f"hr-station-secret/{secret_id}"
