"""Fingerprints, the one way zzsign names a key or a certificate to people and in records.

A fingerprint is ``SHA256:`` and the 64 lowercase hex digits of SHA-256 over the raw public key
(installation and HR keys) or the certificate's DER encoding (the PDF-sealing certificate). The
CLI prints it alone on a line; signed copies print it on one copyable line.
"""

from __future__ import annotations

import hashlib

PREFIX = "SHA256:"


def public_key_fingerprint(public_key: bytes) -> str:
    """The fingerprint of a raw public key (Ed25519 or X25519, 32 bytes)."""
    return PREFIX + hashlib.sha256(bytes(public_key)).hexdigest()


def certificate_sha256(certificate_pem: bytes) -> str:
    """Hex SHA-256 of a PEM X.509 certificate's DER encoding (the fingerprint's digits).

    Raises ValueError if ``certificate_pem`` is not a PEM certificate.
    """
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    try:
        certificate = x509.load_pem_x509_certificate(certificate_pem)
    except ValueError as exc:
        raise ValueError("not a PEM X.509 certificate") from exc
    return hashlib.sha256(certificate.public_bytes(serialization.Encoding.DER)).hexdigest()


def certificate_fingerprint(certificate_pem: bytes) -> str:
    """The fingerprint of a PEM X.509 certificate; raises ValueError if it is not one."""
    return PREFIX + certificate_sha256(certificate_pem)


def same_fingerprint(typed: str, fingerprint: str) -> bool:
    """Whether ``typed`` (as copied: spaces, line breaks and case aside) names ``fingerprint``."""
    return "".join(typed.split()).lower() == fingerprint.lower()
