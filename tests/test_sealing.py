"""Sealing of personal fields to HR's X25519 key."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zzsign.security.fingerprints import public_key_fingerprint
from zzsign.security.sealing import (
    SEAL_FORMAT_VERSION,
    SealError,
    generate_hr_key_pair,
    seal,
    unseal,
)

KEYS = generate_hr_key_pair()
OTHER_KEYS = generate_hr_key_pair()
AD = b"record:6f1c2d9e-0000-4000-8000-000000000001:full_name"
NAME = "Zoë Ångström-Nguyễn 王小明".encode()
SEALED_NAME = seal(KEYS.public_key, NAME, AD)


def _png_like(size: int = 100 * 1024) -> bytes:
    return b"\x89PNG\r\n\x1a\n" + os.urandom(size - 8)


def test_key_pair_has_raw_32_byte_keys_and_differs_each_time():
    assert len(KEYS.private_key) == 32
    assert len(KEYS.public_key) == 32
    assert KEYS.private_key != KEYS.public_key
    assert generate_hr_key_pair().private_key != KEYS.private_key


def test_key_pair_repr_does_not_show_private_key():
    assert KEYS.private_key.hex() not in repr(KEYS)
    assert repr(KEYS.private_key) not in repr(KEYS)


@pytest.mark.parametrize("plaintext", [NAME, b"", _png_like()], ids=["unicode", "empty", "png"])
def test_round_trip(plaintext):
    sealed = seal(KEYS.public_key, plaintext, AD)
    assert unseal(KEYS.private_key, sealed, AD) == plaintext


def test_layout_is_version_ephemeral_key_nonce_ciphertext_tag():
    assert SEALED_NAME[0] == SEAL_FORMAT_VERSION == 1
    assert len(SEALED_NAME) == 1 + 32 + 12 + len(NAME) + 16


def test_two_seals_of_same_plaintext_differ():
    first = seal(KEYS.public_key, NAME, AD)
    second = seal(KEYS.public_key, NAME, AD)
    assert first != second
    assert first[1:33] != second[1:33]  # fresh ephemeral key each call


def test_sealed_bytes_do_not_contain_plaintext():
    email = b"new.hire@zzservers.example"
    sealed = seal(KEYS.public_key, email, AD)
    assert email not in sealed
    assert b"new.hire" not in sealed
    assert NAME not in SEALED_NAME


def test_wrong_private_key_raises():
    with pytest.raises(SealError):
        unseal(OTHER_KEYS.private_key, SEALED_NAME, AD)


def test_wrong_associated_data_raises():
    other_record = b"record:6f1c2d9e-0000-4000-8000-000000000002:full_name"
    with pytest.raises(SealError):
        unseal(KEYS.private_key, SEALED_NAME, other_record)
    with pytest.raises(SealError):
        unseal(KEYS.private_key, SEALED_NAME, b"")


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_any_single_byte_flip_is_detected(data):
    index = data.draw(st.integers(min_value=0, max_value=len(SEALED_NAME) - 1), label="index")
    mask = data.draw(st.integers(min_value=1, max_value=255), label="mask")
    tampered = bytearray(SEALED_NAME)
    tampered[index] ^= mask
    with pytest.raises(SealError):
        unseal(KEYS.private_key, bytes(tampered), AD)


def test_every_byte_position_flip_is_detected():
    for index in range(len(SEALED_NAME)):
        tampered = bytearray(SEALED_NAME)
        tampered[index] ^= 0x01
        with pytest.raises(SealError):
            unseal(KEYS.private_key, bytes(tampered), AD)


@settings(max_examples=100, deadline=None)
@given(length=st.integers(min_value=0, max_value=len(SEALED_NAME) - 1))
def test_truncation_is_detected(length):
    with pytest.raises(SealError):
        unseal(KEYS.private_key, SEALED_NAME[:length], AD)


def test_appended_bytes_are_detected():
    with pytest.raises(SealError):
        unseal(KEYS.private_key, SEALED_NAME + b"\x00", AD)


@pytest.mark.parametrize("version", [0, 2, 255])
def test_unknown_version_byte_raises(version):
    with pytest.raises(SealError, match="version"):
        unseal(KEYS.private_key, bytes([version]) + SEALED_NAME[1:], AD)


def test_seal_error_message_has_no_secrets():
    with pytest.raises(SealError) as excinfo:
        unseal(OTHER_KEYS.private_key, SEALED_NAME, AD)
    message = str(excinfo.value)
    assert message
    for secret in (OTHER_KEYS.private_key.hex(), KEYS.private_key.hex(), "Zoë", AD.decode()):
        assert secret not in message


def test_bad_public_key_length_is_rejected():
    with pytest.raises(ValueError):
        seal(KEYS.public_key[:31], NAME, AD)


def test_bad_private_key_length_is_seal_error():
    with pytest.raises(SealError):
        unseal(KEYS.private_key[:31], SEALED_NAME, AD)


def test_fingerprint_format_and_distinctness():
    fingerprint = public_key_fingerprint(KEYS.public_key)
    assert fingerprint.startswith("SHA256:")
    digest = fingerprint.removeprefix("SHA256:")
    assert len(digest) == 64
    assert int(digest, 16) >= 0 and digest == digest.lower()
    assert fingerprint == public_key_fingerprint(KEYS.public_key)
    assert fingerprint != public_key_fingerprint(OTHER_KEYS.public_key)
    # Known answer: SHA-256 of 32 zero bytes.
    assert public_key_fingerprint(bytes(32)) == (
        "SHA256:66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925"
    )


def test_a_sealed_blob_opens_by_its_documented_layout_without_zzsign():
    """HR (or an auditor) can open a record with bare primitives, following the module's
    documented layout and key derivation, should zzsign itself ever be unavailable."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric.x25519 import (
        X25519PrivateKey,
        X25519PublicKey,
    )
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    version, ephemeral, nonce, ciphertext = (
        SEALED_NAME[0],
        SEALED_NAME[1:33],
        SEALED_NAME[33:45],
        SEALED_NAME[45:],
    )
    assert version == 1
    shared = X25519PrivateKey.from_private_bytes(KEYS.private_key).exchange(
        X25519PublicKey.from_public_bytes(ephemeral)
    )
    key = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=ephemeral + KEYS.public_key,
        info=b"zzsign seal v1",
    ).derive(shared)
    assert AESGCM(key).decrypt(nonce, ciphertext, AD) == NAME
