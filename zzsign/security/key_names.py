"""The names of this installation's entries in the keyring (no cryptography needed to know them)."""

from __future__ import annotations


def signing_key_name(installation_id: str) -> str:
    """The keyring entry that holds an installation's private key."""
    return f"installation-signing-key/{installation_id}"


def chain_head_name(installation_id: str) -> str:
    """The keyring entry that remembers the newest link of an installation's chain."""
    return f"chain-head/{installation_id}"


def seal_key_name(installation_id: str) -> str:
    """The keyring entry that holds the private key of an installation's PDF seal."""
    return f"pdf-seal-key/{installation_id}"


def hr_station_secret_name(secret_id: str) -> str:
    """The keyring entry that holds the HR station's secret joining the HR password (the id is
    random, named by the wrapped HR key of one store)."""
    return f"hr-station-secret/{secret_id}"
