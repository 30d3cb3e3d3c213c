"""Which installation's records a store location holds, as this laptop's keyring remembers it.

The records database can be deleted or replaced by anyone who reaches the data folder; the
keyring cannot be reached that way. So the keyring keeps, for each store location (the database
file's full path), the id of the installation whose records are there. A store found missing,
empty or of another installation at a location the keyring ties to an installation is this
laptop's records gone missing, never a new laptop. The entry is per location, so one keyring
serves several data folders; it is written when the store is opened for signing.
"""

from __future__ import annotations

import hashlib

from zzsign.security.keyring_store import SecretStore


def store_tie_name(location: str) -> str:
    """The keyring entry that names the installation kept at ``location`` (a hash, so that the
    entry's name is short and says nothing about the folder)."""
    return f"store-installation/{hashlib.sha256(location.encode('utf-8')).hexdigest()}"


def tied_installation(secrets: SecretStore, location: str) -> str | None:
    """The installation id the keyring ties to ``location``; None on a first start there."""
    return secrets.get(store_tie_name(location)) or None


def tie_store(secrets: SecretStore, location: str, installation_id: str) -> None:
    """Remember that ``location`` holds ``installation_id``'s records (written only if new)."""
    if tied_installation(secrets, location) != installation_id:
        secrets.set(store_tie_name(location), installation_id)
