"""HR password: wraps HR's private key (argon2id + AES-256-GCM) and paces wrong attempts.

The HR password is never stored. HR's 32-byte private key is encrypted under a key derived from the
password with argon2id; the argon2 parameters travel with the wrapped key so they can be raised
later without breaking old wraps. Changing the password re-wraps this one key; the sealed records
(see ``sealing``) are untouched.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import unicodedata
from dataclasses import dataclass

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from zzsign.domain.messages import QT_TRANSLATE_NOOP, Message

MIN_PASSWORD_LENGTH = 12

# argon2id defaults (RFC 9106 "second recommended option" is t=3, m=64 MiB).
DEFAULT_TIME_COST = 3
DEFAULT_MEMORY_COST_KIB = 65536
DEFAULT_PARALLELISM = 1

# Bounds accepted from a stored WrappedKey, so a doctored file can't make us allocate 1 TB.
MAX_TIME_COST = 100
MAX_MEMORY_COST_KIB = 4 * 1024 * 1024  # 4 GiB
MAX_PARALLELISM = 64

SALT_LENGTH = 16
NONCE_LENGTH = 12
PRIVATE_KEY_LENGTH = 32
_CIPHERTEXT_LENGTH = PRIVATE_KEY_LENGTH + 16  # key + GCM tag
_AAD = b"zzsign hr key v1"
_FORMAT_VERSION = 1
_KDF_NAME = "argon2id"

# Delay policy for wrong passwords.
FREE_FAILURES = 3
MAX_DELAY_SECONDS = 300.0


class WrongPasswordError(Exception):
    """The HR password does not unlock the HR key."""

    def __init__(self, message: str = "The HR password is not correct.") -> None:
        super().__init__(message)
        self.message = message


class WeakPasswordError(Exception):
    """A proposed HR password is too weak; ``message`` says in one sentence what to fix (a
    :class:`zzsign.domain.messages.Message`: English, shown translated by a view)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _normalise(password: str) -> str:
    return unicodedata.normalize("NFC", password)


def check_new_password(password: str) -> None:
    """Raise :class:`WeakPasswordError` unless ``password`` is acceptable as a new HR password.

    Length is counted in characters after NFC normalisation, so "Ü" counts once however typed.
    """
    normalised = _normalise(password)
    if len(normalised) < MIN_PASSWORD_LENGTH:
        raise WeakPasswordError(
            Message(
                QT_TRANSLATE_NOOP(
                    "Messages", "Choose an HR password of at least {minimum} characters."
                ),
                minimum=MIN_PASSWORD_LENGTH,
            )
        )
    if not normalised.strip():
        raise WeakPasswordError(
            Message(QT_TRANSLATE_NOOP("Messages", "Choose an HR password that is not only spaces."))
        )
    if len(set(normalised)) == 1:
        raise WeakPasswordError(
            Message(
                QT_TRANSLATE_NOOP(
                    "Messages", "Choose an HR password that is not one character repeated."
                )
            )
        )


def _derive(password: str, salt: bytes, time_cost: int, memory_cost_kib: int, parallelism: int):
    return hash_secret_raw(
        secret=_normalise(password).encode("utf-8"),
        salt=salt,
        time_cost=time_cost,
        memory_cost=memory_cost_kib,
        parallelism=parallelism,
        hash_len=32,
        type=Type.ID,
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(value: object, name: str) -> bytes:
    if not isinstance(value, str):
        raise ValueError(f"Wrapped HR key field {name!r} must be a base64 string.")
    try:
        return base64.b64decode(value.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise ValueError(f"Wrapped HR key field {name!r} is not valid base64.") from None


def _int_field(data: dict, name: str, low: int, high: int) -> int:
    value = data.get(name)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"Wrapped HR key field {name!r} must be an integer from {low} to {high}.")
    return value


@dataclass(frozen=True)
class WrappedKey:
    """HR's private key, encrypted under a key derived from the HR password with argon2id."""

    salt: bytes
    time_cost: int
    memory_cost_kib: int
    parallelism: int
    nonce: bytes
    ciphertext: bytes

    def to_json(self) -> str:
        """Serialise with base64 for bytes and a stable key order (sorted)."""
        return json.dumps(
            {
                "v": _FORMAT_VERSION,
                "kdf": _KDF_NAME,
                "salt": _b64(self.salt),
                "time_cost": self.time_cost,
                "memory_cost_kib": self.memory_cost_kib,
                "parallelism": self.parallelism,
                "nonce": _b64(self.nonce),
                "ciphertext": _b64(self.ciphertext),
            },
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> WrappedKey:
        """Parse :meth:`to_json` output; raises ``ValueError`` on anything malformed."""
        try:
            data = json.loads(text)
        except (TypeError, ValueError):
            raise ValueError("The wrapped HR key is not valid JSON.") from None
        if not isinstance(data, dict):
            raise ValueError("The wrapped HR key must be a JSON object.")
        if data.get("v") != _FORMAT_VERSION or isinstance(data.get("v"), bool):
            raise ValueError("The wrapped HR key has an unknown format version.")
        if data.get("kdf") != _KDF_NAME:
            raise ValueError("The wrapped HR key uses an unknown key-derivation function.")
        parallelism = _int_field(data, "parallelism", 1, MAX_PARALLELISM)
        wrapped = cls(
            salt=_unb64(data.get("salt"), "salt"),
            time_cost=_int_field(data, "time_cost", 1, MAX_TIME_COST),
            memory_cost_kib=_int_field(
                data, "memory_cost_kib", 8 * parallelism, MAX_MEMORY_COST_KIB
            ),
            parallelism=parallelism,
            nonce=_unb64(data.get("nonce"), "nonce"),
            ciphertext=_unb64(data.get("ciphertext"), "ciphertext"),
        )
        if len(wrapped.salt) < SALT_LENGTH:
            raise ValueError(f"The wrapped HR key salt must be at least {SALT_LENGTH} bytes.")
        if len(wrapped.nonce) != NONCE_LENGTH:
            raise ValueError(f"The wrapped HR key nonce must be {NONCE_LENGTH} bytes.")
        if len(wrapped.ciphertext) != _CIPHERTEXT_LENGTH:
            raise ValueError(f"The wrapped HR key ciphertext must be {_CIPHERTEXT_LENGTH} bytes.")
        return wrapped


def wrap_private_key(
    private_key: bytes,
    password: str,
    *,
    time_cost: int = DEFAULT_TIME_COST,
    memory_cost_kib: int = DEFAULT_MEMORY_COST_KIB,
    parallelism: int = DEFAULT_PARALLELISM,
) -> WrappedKey:
    """Encrypt HR's 32-byte private key under ``password`` (checked with check_new_password)."""
    if len(private_key) != PRIVATE_KEY_LENGTH:
        raise ValueError(f"The HR private key must be {PRIVATE_KEY_LENGTH} bytes.")
    check_new_password(password)
    salt = os.urandom(SALT_LENGTH)
    nonce = os.urandom(NONCE_LENGTH)
    key = _derive(password, salt, time_cost, memory_cost_kib, parallelism)
    ciphertext = AESGCM(key).encrypt(nonce, bytes(private_key), _AAD)
    return WrappedKey(
        salt=salt,
        time_cost=time_cost,
        memory_cost_kib=memory_cost_kib,
        parallelism=parallelism,
        nonce=nonce,
        ciphertext=ciphertext,
    )


def unwrap_private_key(wrapped: WrappedKey, password: str) -> bytes:
    """Return HR's private key; raises :class:`WrongPasswordError` if ``password`` is wrong."""
    key = _derive(
        password, wrapped.salt, wrapped.time_cost, wrapped.memory_cost_kib, wrapped.parallelism
    )
    try:
        return AESGCM(key).decrypt(wrapped.nonce, wrapped.ciphertext, _AAD)
    except InvalidTag:
        raise WrongPasswordError() from None


def rewrap(
    wrapped: WrappedKey,
    old_password: str,
    new_password: str,
    *,
    time_cost: int | None = None,
    memory_cost_kib: int | None = None,
    parallelism: int | None = None,
) -> WrappedKey:
    """Re-wrap the same private key under ``new_password`` with a fresh salt and nonce.

    Checks the new password first (WeakPasswordError), then the old one (WrongPasswordError).
    The argon2 parameters are kept from ``wrapped`` unless given.
    """
    check_new_password(new_password)
    private_key = unwrap_private_key(wrapped, old_password)
    return wrap_private_key(
        private_key,
        new_password,
        time_cost=wrapped.time_cost if time_cost is None else time_cost,
        memory_cost_kib=wrapped.memory_cost_kib if memory_cost_kib is None else memory_cost_kib,
        parallelism=wrapped.parallelism if parallelism is None else parallelism,
    )


def delay_after_failures(failures: int) -> float:
    """Seconds to wait before the next attempt after ``failures`` consecutive wrong passwords.

    0 for the first 3 failures, then 1, 2, 4, 8 ... seconds, capped at 300.
    """
    if failures <= FREE_FAILURES:
        return 0.0
    exponent = failures - FREE_FAILURES - 1
    if exponent >= 9:  # 2**9 = 512 > cap; avoids huge integers
        return MAX_DELAY_SECONDS
    return min(MAX_DELAY_SECONDS, float(2**exponent))


@dataclass(frozen=True)
class AttemptState:
    """Failed HR unlock attempts, persisted by the caller.

    Persisting it means restarting the app doesn't reset the delay.
    """

    failures: int = 0
    last_failure_at: float | None = None  # POSIX seconds

    def seconds_to_wait(self, now: float) -> float:
        """Seconds until the next attempt is allowed (0 if allowed now).

        If the clock went backwards, the wait is never longer than the delay itself.
        """
        if self.last_failure_at is None:
            return 0.0
        delay = delay_after_failures(self.failures)
        return max(0.0, min(delay, self.last_failure_at + delay - now))

    def after_failure(self, now: float) -> AttemptState:
        return AttemptState(failures=self.failures + 1, last_failure_at=now)

    def after_success(self) -> AttemptState:
        return AttemptState()
