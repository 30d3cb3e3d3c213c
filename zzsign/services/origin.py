"""Who made a file: a signed copy or a package carries its laptop's public key itself, so it
proves only that it is consistent — until that key is the one this store knows for the laptop,
or the one the person was told to expect (the fingerprint ``zzsign fingerprint`` prints there).
"""

from __future__ import annotations

from zzsign.security.fingerprints import public_key_fingerprint, same_fingerprint
from zzsign.services.verify import VerificationReport

#: The note a report carries when its file's maker could not be confirmed.
MAKER_NOT_CHECKED = (
    "the laptop that made it is not known here, so it was checked against the key it carries "
    "itself; give --expect with the fingerprint zzsign fingerprint prints on that laptop (or "
    "verify it where that laptop's records are)"
)


def check_origin(
    installation_id: str,
    public_key_hex: str | None,
    known_keys: dict[str, str | None] | None,
    expected: str | None,
    report: VerificationReport,
    subject: str,
) -> None:
    """Confirm the laptop ``installation_id`` with key ``public_key_hex`` made the file: it
    must be ``expected`` (a fingerprint) when one is given, else the key ``known_keys`` holds
    for it; a mismatch is a problem of ``subject``, an unknown maker leaves the report's
    ``origin_checked`` False with a note."""
    try:
        public_key = bytes.fromhex(public_key_hex or "")
    except (TypeError, ValueError):
        public_key = b""
    if len(public_key) != 32:  # Ed25519
        report.add(subject, "its laptop's public key is missing or malformed")
        return
    fingerprint = public_key_fingerprint(public_key)
    if expected is not None:
        if not same_fingerprint(expected, fingerprint):
            report.add(subject, f"it was made by the laptop {fingerprint}, not the one expected")
        return
    if known_keys is not None and installation_id in known_keys:
        if known_keys[installation_id] != public_key_hex:
            report.add(subject, "it names a key that is not its installation's key (unknown key)")
        return
    report.origin_checked = False
    report.not_checked.append(MAKER_NOT_CHECKED)
