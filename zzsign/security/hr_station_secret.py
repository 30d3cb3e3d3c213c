"""The HR station's secret in its keyring: the "pepper" that joins the HR password.

Made when HR sets the password (or at the first unlock of a wrap made before), kept only in the
keyring of the computer where HR works, under :func:`key_names.hr_station_secret_name` of a
random id that the wrapped HR key names. A copy of the database alone then gives no way to test
a password guess; see :mod:`zzsign.security.hr_password` for the construction.
"""

from __future__ import annotations

import logging

from zzsign.security.hr_password import StationSecret
from zzsign.security.key_names import hr_station_secret_name
from zzsign.security.keyring_store import FAILED_MESSAGE, KeyringUnavailableError, SecretStore

log = logging.getLogger(__name__)


def read_station_secret(secrets: SecretStore, secret_id: str) -> StationSecret | None:
    """The secret called ``secret_id`` in this keyring; None if it is not there (or is not a
    secret of ours). Raises :class:`KeyringUnavailableError` when the keyring cannot be read."""
    text = secrets.get(hr_station_secret_name(secret_id))
    if text is None:
        return None
    try:
        return StationSecret.from_text(secret_id, text)
    except ValueError:
        log.warning("The HR station secret in the keyring is malformed; treated as missing")
        return None


def keep_new_station_secret(secrets: SecretStore) -> StationSecret:
    """A new random secret, written to the keyring and read back (so that a keyring that drops
    what it is given is found now, not when HR next unlocks). Raises
    :class:`KeyringUnavailableError` when it cannot be kept."""
    secret = StationSecret.new()
    secrets.set(hr_station_secret_name(secret.secret_id), secret.to_text())
    if read_station_secret(secrets, secret.secret_id) != secret:
        log.warning("The keyring did not keep the HR station secret it was given")
        raise KeyringUnavailableError(FAILED_MESSAGE)
    return secret
