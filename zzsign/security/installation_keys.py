"""This installation's Ed25519 signing key: created once, kept only in the OS keyring."""

from __future__ import annotations

import base64
import logging
import os
from collections.abc import Callable

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from zzsign.domain.canonical import canonical_json
from zzsign.domain.messages import QT_TRANSLATE_NOOP, Message
from zzsign.security.key_names import (  # noqa: F401 - their home; imported from here too
    chain_head_name,
    seal_key_name,
    signing_key_name,
)
from zzsign.security.keyring_store import SecretStore

log = logging.getLogger(__name__)


class SigningKeyMissingError(Exception):
    """The store knows this installation's public key but the keyring lost the private key."""

    message = Message(
        QT_TRANSLATE_NOOP(
            "Messages",
            "This laptop's signing key is missing from the password store (keyring), so new "
            "records cannot be signed; ask IT to restore the keyring or use a new data folder.",
        )
    )


def endorsement_bytes(installation_id: str, certificate_sha256: str) -> bytes:
    """What an installation signs to vouch for the certificate that seals its PDFs."""
    return canonical_json(
        {
            "format": "zzsign.seal-endorsement/1",
            "installation_id": installation_id,
            "certificate_sha256": certificate_sha256,
        }
    )


def key_matches_certificate(private_key_pem: bytes, certificate_pem: bytes) -> bool:
    """Whether a PEM private key is the one whose public half a PEM certificate carries."""
    from cryptography import x509

    try:
        key = serialization.load_pem_private_key(private_key_pem, password=None)
        certificate = x509.load_pem_x509_certificate(certificate_pem)
    except ValueError:
        return False
    spki = serialization.PublicFormat.SubjectPublicKeyInfo
    return key.public_key().public_bytes(serialization.Encoding.DER, spki) == (
        certificate.public_key().public_bytes(serialization.Encoding.DER, spki)
    )


def _raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


class InstallationSigner:
    """Signs chain links with the installation's private key."""

    def __init__(self, private_key: Ed25519PrivateKey) -> None:
        self._private_key = private_key
        self.public_key_hex = _raw_public(private_key.public_key()).hex()

    def sign(self, data: bytes) -> str:
        """Hex Ed25519 signature of ``data``."""
        return self._private_key.sign(data).hex()

    @classmethod
    def from_secret(cls, secret: str) -> InstallationSigner:
        """The signer for a private key as kept in the keyring (base64 of the raw key)."""
        return cls(Ed25519PrivateKey.from_private_bytes(base64.b64decode(secret)))

    @classmethod
    def load_or_create(
        cls, secrets: SecretStore, installation_id: str, known_public_key: str | None
    ) -> InstallationSigner:
        """The key from the keyring; a new one if this installation has none yet.

        Raises :class:`SigningKeyMissingError` if the store already has a public key but the
        keyring has no private key for it (never silently starts a new identity).
        """
        stored = secrets.get(signing_key_name(installation_id))
        if stored is not None:
            return cls.from_secret(stored)
        if known_public_key is not None:
            raise SigningKeyMissingError()
        key = Ed25519PrivateKey.generate()
        raw = key.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )
        secrets.set(signing_key_name(installation_id), base64.b64encode(raw).decode("ascii"))
        return cls(key)


#: From this many signatures on, :meth:`SignatureChecker.are_valid` spreads them over one thread
#: per CPU: ``cryptography`` releases the GIL while it verifies an Ed25519 signature (two threads
#: measured 1.85x one), and threads cost nothing to start, so this is small.
PARALLEL_FROM = 64


class SignatureChecker:
    """Verifies link signatures against known public keys, caching the key objects."""

    def __init__(self, public_keys: dict[str, str | None]) -> None:
        self._public_keys = dict(public_keys)
        self._keys: dict[str, Ed25519PublicKey] = {}
        for installation, hex_key in public_keys.items():
            try:
                self._keys[installation] = Ed25519PublicKey.from_public_bytes(
                    bytes.fromhex(hex_key or "")
                )
            except ValueError:
                continue  # a missing or malformed key is an unknown key

    def knows(self, installation_id: str) -> bool:
        """Whether a public key is known for ``installation_id``."""
        return installation_id in self._keys

    def is_valid(self, installation_id: str, signature_hex: str, data: bytes) -> bool:
        """True when ``signature_hex`` is the installation's signature over ``data``."""
        try:
            self._keys[installation_id].verify(bytes.fromhex(signature_hex), data)
        except (InvalidSignature, ValueError, KeyError):
            return False
        return True

    def are_valid(self, items: list[tuple[str, str, bytes]]) -> list[bool]:
        """:meth:`is_valid` of every (installation id, signature hex, data), in order.

        Many signatures are checked in slices on one thread per CPU (Ed25519 verification
        releases the GIL).
        """
        return self.start_checking(items)()

    def start_checking(self, items: list[tuple[str, str, bytes]]) -> Callable[[], list[bool]]:
        """Start :meth:`are_valid` of ``items`` on threads and return at once; calling the
        result waits for the answers (in order). Meanwhile this thread may do other work (verify
        reads and hashes the records while the signatures are checked)."""
        workers = min(os.cpu_count() or 1, 8)
        if len(items) < PARALLEL_FROM or workers < 2:
            known = [self.is_valid(*item) for item in items]
            return lambda: known
        from concurrent.futures import ThreadPoolExecutor

        size = -(-len(items) // workers)
        slices = [items[i : i + size] for i in range(0, len(items), size)]
        pool = ThreadPoolExecutor(workers, thread_name_prefix="zzsign-verify")
        futures = [
            pool.submit(lambda chunk: [self.is_valid(*item) for item in chunk], chunk)
            for chunk in slices
        ]
        pool.shutdown(wait=False)

        def answers() -> list[bool]:
            return [valid for future in futures for valid in future.result()]

        return answers
