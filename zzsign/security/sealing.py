"""Sealing of personal data to HR's public key (X25519 + HKDF-SHA256 + AES-256-GCM).

The kiosk holds only HR's *public* key, so it can seal a signer's name, email, employee id and
signature image but cannot read them back. Only the holder of HR's private key (itself wrapped
under the HR password, see ``hr_password``) can unseal.

Sealed blob layout (``SEAL_FORMAT_VERSION`` 1)::

    version (1 byte) || ephemeral X25519 public key (32) || nonce (12) || AES-GCM ciphertext+tag

The AES key is ``HKDF-SHA256(X25519(eph, recipient), salt = eph_pub || recipient_pub,
info = b"zzsign seal v1")``. The caller's ``associated_data`` (e.g. the record id and field name)
is authenticated as AES-GCM AAD, so a blob cannot be moved to another record or field.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from zzsign.security.fingerprints import public_key_fingerprint

SEAL_FORMAT_VERSION = 1

KEY_LENGTH = 32
NONCE_LENGTH = 12
TAG_LENGTH = 16
_HKDF_INFO = b"zzsign seal v1"
_HEADER_LENGTH = 1 + KEY_LENGTH + NONCE_LENGTH
MIN_SEALED_LENGTH = _HEADER_LENGTH + TAG_LENGTH

_RAW = serialization.Encoding.Raw
_RAW_PUBLIC = serialization.PublicFormat.Raw


class SealError(Exception):
    """A sealed blob could not be opened: wrong key, tampered, truncated or unknown version.

    Messages never contain key material or plaintext.
    """


@dataclass(frozen=True)
class HrKeyPair:
    """HR's X25519 key pair as raw 32-byte keys."""

    private_key: bytes
    public_key: bytes

    def __repr__(self) -> str:  # never print the private key by accident
        return f"HrKeyPair(public_key={public_key_fingerprint(self.public_key)!r})"


def generate_hr_key_pair() -> HrKeyPair:
    """Create a fresh HR key pair."""
    private = X25519PrivateKey.generate()
    return HrKeyPair(
        private_key=private.private_bytes(
            _RAW, serialization.PrivateFormat.Raw, serialization.NoEncryption()
        ),
        public_key=private.public_key().public_bytes(_RAW, _RAW_PUBLIC),
    )


def _derive_key(shared_secret: bytes, ephemeral_public: bytes, recipient_public: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(),
        length=KEY_LENGTH,
        salt=ephemeral_public + recipient_public,
        info=_HKDF_INFO,
    ).derive(shared_secret)


def seal(recipient_public_key: bytes, plaintext: bytes, associated_data: bytes) -> bytes:
    """Encrypt ``plaintext`` so that only the holder of the matching private key can read it.

    Raises ``ValueError`` if ``recipient_public_key`` is not a 32-byte X25519 public key.
    """
    if len(recipient_public_key) != KEY_LENGTH:
        raise ValueError("The HR public key must be 32 bytes.")
    recipient = X25519PublicKey.from_public_bytes(bytes(recipient_public_key))
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes(_RAW, _RAW_PUBLIC)
    shared = ephemeral.exchange(recipient)  # ValueError for a low-order (invalid) public key
    key = _derive_key(shared, ephemeral_public, bytes(recipient_public_key))
    nonce = os.urandom(NONCE_LENGTH)
    ciphertext = AESGCM(key).encrypt(nonce, bytes(plaintext), bytes(associated_data))
    return bytes([SEAL_FORMAT_VERSION]) + ephemeral_public + nonce + ciphertext


@functools.lru_cache(maxsize=2)
def _recipient(private_key: bytes) -> tuple[X25519PrivateKey, bytes]:
    """The key object and raw public key for a private key (built once: exports open many)."""
    private = X25519PrivateKey.from_private_bytes(private_key)
    return private, private.public_key().public_bytes(_RAW, _RAW_PUBLIC)


def unseal(recipient_private_key: bytes, sealed: bytes, associated_data: bytes) -> bytes:
    """Open a blob made by :func:`seal`; raises :class:`SealError` if it cannot be opened."""
    sealed = bytes(sealed)
    if len(recipient_private_key) != KEY_LENGTH:
        raise SealError("The HR private key must be 32 bytes.")
    if not sealed:
        raise SealError("The sealed data is empty.")
    if sealed[0] != SEAL_FORMAT_VERSION:
        raise SealError(f"The sealed data has an unknown format version ({sealed[0]}).")
    if len(sealed) < MIN_SEALED_LENGTH:
        raise SealError("The sealed data is truncated.")
    ephemeral_public = sealed[1 : 1 + KEY_LENGTH]
    nonce = sealed[1 + KEY_LENGTH : _HEADER_LENGTH]
    ciphertext = sealed[_HEADER_LENGTH:]
    try:
        private, recipient_public = _recipient(bytes(recipient_private_key))
        shared = private.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
    except ValueError:
        raise SealError("The sealed data is damaged (invalid ephemeral key).") from None
    key = _derive_key(shared, ephemeral_public, recipient_public)
    try:
        return AESGCM(key).decrypt(nonce, ciphertext, bytes(associated_data))
    except InvalidTag:
        raise SealError(
            "The sealed data could not be opened: wrong key, wrong record, or tampered data."
        ) from None
