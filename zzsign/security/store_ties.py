"""Which installation is this laptop's in a store, as this laptop's keyring remembers it.

The records database can be deleted or replaced by anyone who reaches the data folder, and a
database server is shared by several laptops; the keyring is this laptop's own. So the keyring
keeps, for each store (a SQLite file's full path, or a database server's backend, host, port
and database name: :func:`zzsign.store.database.store_identity`), the id of this laptop's
installation there — its identity in that store, beside its signing key. No row of the database
decides it. A SQLite store found missing, empty or without that installation is this laptop's
records gone missing, never a new laptop; a database server without it is refused with one
sentence. The entry is per store, so one keyring serves several data folders and databases; it
is written when this laptop first signs into the store (or, for a store made before, at its
first start with this version).
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
