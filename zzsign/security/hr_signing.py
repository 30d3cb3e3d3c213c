"""HR's Ed25519 signing key: it signs what HR gives out (enrolment files), and names HR.

HR's fingerprint is the fingerprint of this key's public half (not of the X25519 sealing key):
the signing key vouches for everything else HR hands a kiosk — the sealing key among them — so
a fingerprint checked by hand must cover it, or a file carrying HR's real sealing key beside
someone else's signing key would pass.
"""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

_RAW = (serialization.Encoding.Raw, serialization.PublicFormat.Raw)


@dataclass(frozen=True)
class HrSigningKeyPair:
    """A raw 32-byte Ed25519 key pair."""

    private_key: bytes
    public_key: bytes

    def __repr__(self) -> str:  # never print the private key by accident
        return f"HrSigningKeyPair(public_key={self.public_key.hex()})"


def generate_signing_key_pair() -> HrSigningKeyPair:
    """A new HR signing key pair."""
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return HrSigningKeyPair(private, key.public_key().public_bytes(*_RAW))


def sign(private_key: bytes, data: bytes) -> bytes:
    """HR's signature of ``data`` (64 bytes)."""
    return Ed25519PrivateKey.from_private_bytes(private_key).sign(data)


def is_valid(public_key: bytes, signature: bytes, data: bytes) -> bool:
    """Whether ``signature`` is HR's signature of ``data`` under ``public_key``."""
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


def public_key_of(private_key: bytes) -> bytes:
    """The raw public half of a raw private signing key."""
    return Ed25519PrivateKey.from_private_bytes(private_key).public_key().public_bytes(*_RAW)
