"""HR password: wraps HR's private key (argon2id + AES-256-GCM) and paces wrong attempts.

The HR password is never stored. HR's 32-byte private key is encrypted under a key derived from the
password with argon2id; the argon2 parameters travel with the wrapped key so they can be raised
later without breaking old wraps. Changing the password re-wraps this one key; the sealed records
(see ``sealing``) are untouched.

Format 2 (``"v": 2``) adds the HR station's secret: 32 random bytes kept in the HR station's
keyring (a "pepper", :class:`StationSecret`), named in the wrap by its id. The wrapping key is
then ``HKDF-SHA256(ikm=argon2id(password), salt=station secret)``: HKDF's extract step is HMAC
keyed by the secret, so without it the key is unpredictable whatever the password, and a copied
database alone allows no offline guess at all; with it, every guess still costs a full argon2id.
Format 1 wraps (no station secret) keep unwrapping as before.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from zzsign.domain.messages import QT_TRANSLATE_NOOP, Message

MIN_PASSWORD_LENGTH = 12

#: A new HR password must need at least 10**10 guesses by zxcvbn's estimate (its score 4). The
#: copied database needs the HR station's keyring too (format 2); whoever has both pays one
#: argon2id below per guess, about 0.8 CPU-seconds: 10**10 guesses are some 250 CPU-years,
#: where zxcvbn's score 3 (10**8) would fall to a hundred cores in a fortnight.
MIN_GUESSES_LOG10 = 10
#: zxcvbn scores no more than this many characters (it refuses longer input); the first 72
#: characters of a longer password are scored.
_SCORED_LENGTH = 72
#: Words an attacker would try first on this company's HR password (zxcvbn's user inputs).
COMPANY_WORDS = ("ZZ Servers", "zzservers", "zz-servers", "zz servers", "zzsign", "zzservers.com")

# argon2id defaults, measured on the HR station's kind of laptop (2 cores, 24 GB, Python 3.11,
# argon2-cffi, time.process_time, 5 runs each, 2026-11-29, machine shared and busy):
#   t=3  64 MiB: 0.136-0.162 s CPU (median 0.154)   - the former default (RFC 9106's second option)
#   t=2 256 MiB: 0.522-0.579 s (median 0.558)
#   t=3 256 MiB: 0.773-0.810 s (median 0.784)      - chosen: ~0.8 s CPU, ~1 s wall, 256 MiB
#   t=4 256 MiB: 1.024-1.063 s (median 1.048)
#   t=2 512 MiB: 1.208-1.374 s (median 1.246)
#   t=3 512 MiB: 1.759-2.074 s (median 1.830)
# HR waits about a second at unlock; a guesser pays 256 MiB and ~0.8 CPU-second per guess.
DEFAULT_TIME_COST = 3
DEFAULT_MEMORY_COST_KIB = 256 * 1024
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
_AAD_V2 = b"zzsign hr key v2"
_FORMAT_VERSION = 1
_FORMAT_WITH_STATION_SECRET = 2
_KDF_NAME = "argon2id"
_HKDF_INFO = b"zzsign hr key v2: HR password and HR station secret"
STATION_SECRET_LENGTH = 32
_STATION_SECRET_ID = re.compile(r"[0-9a-f]{32}")

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


class StationSecretMissingError(Exception):
    """A format-2 wrap needs the HR station's secret, and it was not given (or another one was):
    the password cannot even be checked here."""


@dataclass(frozen=True)
class StationSecret:
    """The HR station's secret that joins the HR password (kept in its keyring, never stored in
    the database): ``secret_id`` names it in the wrap and in the keyring, ``value`` is 32 bytes."""

    secret_id: str
    value: bytes

    @classmethod
    def new(cls) -> StationSecret:
        """A fresh random secret and id."""
        return cls(os.urandom(16).hex(), os.urandom(STATION_SECRET_LENGTH))

    def to_text(self) -> str:
        """The value as the keyring keeps it (base64)."""
        return _b64(self.value)

    @classmethod
    def from_text(cls, secret_id: str, text: str) -> StationSecret:
        """Read back :meth:`to_text`; ``ValueError`` if it is not 32 bytes of base64."""
        value = _unb64(text, "station secret")
        if len(value) != STATION_SECRET_LENGTH:
            raise ValueError(f"The HR station secret must be {STATION_SECRET_LENGTH} bytes.")
        return cls(secret_id, value)


def _normalise(password: str) -> str:
    return unicodedata.normalize("NFC", password)


def check_new_password(password: str, user_inputs: Iterable[str] = ()) -> None:
    """Raise :class:`WeakPasswordError` unless ``password`` is acceptable as a new HR password.

    Length is counted in characters after NFC normalisation, so "Ü" counts once however typed.
    Then zxcvbn estimates the guesses needed, knowing :data:`COMPANY_WORDS` and ``user_inputs``
    (the store's email domains, say); below 10**MIN_GUESSES_LOG10 the sentence names what made
    it easy to guess (our own sentences: zxcvbn's English feedback cannot be translated).
    """
    problem = new_password_problem(password, user_inputs)
    if problem is not None:
        raise WeakPasswordError(problem)


def new_password_problem(password: str, user_inputs: Iterable[str] = ()) -> Message | None:
    """The one sentence saying why ``password`` is refused as a new HR password, or None if it
    is acceptable (for a hint shown as HR types; :func:`check_new_password` raises it)."""
    normalised = _normalise(password)
    if len(normalised) < MIN_PASSWORD_LENGTH:
        return Message(
            QT_TRANSLATE_NOOP(
                "Messages", "Choose an HR password of at least {minimum} characters."
            ),
            minimum=MIN_PASSWORD_LENGTH,
        )
    if not normalised.strip():
        return Message(
            QT_TRANSLATE_NOOP("Messages", "Choose an HR password that is not only spaces.")
        )
    if len(set(normalised)) == 1:
        return Message(
            QT_TRANSLATE_NOOP(
                "Messages", "Choose an HR password that is not one character repeated."
            )
        )
    from zxcvbn import zxcvbn  # ~80 ms to import: only when a password is chosen

    words = [*COMPANY_WORDS, *(word for word in user_inputs if word)]
    estimate = zxcvbn(normalised[:_SCORED_LENGTH], user_inputs=words)
    if estimate["guesses_log10"] >= MIN_GUESSES_LOG10:
        return None
    return _easy_to_guess_because(estimate["sequence"])


#: What made a password easy to guess, by zxcvbn's match, most telling first; each sentence says
#: what to do instead.
_WEAKNESSES = (
    (
        lambda match: match.get("dictionary_name") == "user_inputs",
        QT_TRANSLATE_NOOP(
            "Messages",
            "Choose an HR password without the company's or zzsign's name in it, for example "
            "four or more unrelated words.",
        ),
    ),
    (
        lambda match: match.get("dictionary_name") == "passwords",
        QT_TRANSLATE_NOOP(
            "Messages",
            "Choose an HR password that is not built on a commonly used password, for example "
            "four or more unrelated words.",
        ),
    ),
    (
        lambda match: match["pattern"] == "spatial",
        QT_TRANSLATE_NOOP(
            "Messages",
            "Choose an HR password without keyboard patterns such as qwerty, for example four "
            "or more unrelated words.",
        ),
    ),
    (
        lambda match: match["pattern"] == "sequence",
        QT_TRANSLATE_NOOP(
            "Messages",
            "Choose an HR password without sequences such as abc or 6543, for example four or "
            "more unrelated words.",
        ),
    ),
    (
        lambda match: match["pattern"] == "repeat",
        QT_TRANSLATE_NOOP(
            "Messages",
            "Choose an HR password without repeated letters or words, for example four or more "
            "unrelated words.",
        ),
    ),
    (
        lambda match: match["pattern"] == "date" or match.get("regex_name") == "recent_year",
        QT_TRANSLATE_NOOP(
            "Messages",
            "Choose an HR password without dates or years, for example four or more unrelated "
            "words.",
        ),
    ),
    (
        lambda match: match["pattern"] == "dictionary",
        QT_TRANSLATE_NOOP(
            "Messages",
            "Choose a longer HR password of less common words, for example four or more "
            "unrelated words.",
        ),
    ),
)
_TOO_EASY = QT_TRANSLATE_NOOP(
    "Messages",
    "Choose a longer HR password that is harder to guess, for example four or more unrelated "
    "words.",
)


def _easy_to_guess_because(matches: list[dict]) -> Message:
    """Our sentence for the most telling of zxcvbn's ``matches`` (its ``sequence``)."""
    for found, sentence in _WEAKNESSES:
        if any(found(match) for match in matches):
            return Message(sentence)
    return Message(_TOO_EASY)


def _derive(
    password: str,
    salt: bytes,
    time_cost: int,
    memory_cost_kib: int,
    parallelism: int,
    station_secret: bytes | None = None,
) -> bytes:
    """The wrapping key: argon2id of the password, then (format 2) HKDF keyed by the station's
    secret (its extract step is HMAC-SHA256 with the secret as key)."""
    stretched = hash_secret_raw(
        secret=_normalise(password).encode("utf-8"),
        salt=salt,
        time_cost=time_cost,
        memory_cost=memory_cost_kib,
        parallelism=parallelism,
        hash_len=32,
        type=Type.ID,
    )
    if station_secret is None:
        return stretched
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=station_secret, info=_HKDF_INFO).derive(
        stretched
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
    """HR's private key, encrypted under a key derived from the HR password with argon2id (and,
    in format 2, the HR station's secret named by ``station_secret_id``)."""

    salt: bytes
    time_cost: int
    memory_cost_kib: int
    parallelism: int
    nonce: bytes
    ciphertext: bytes
    station_secret_id: str | None = None

    @property
    def format_version(self) -> int:
        """1 for the password alone, 2 when the HR station's secret is needed too."""
        return _FORMAT_VERSION if self.station_secret_id is None else _FORMAT_WITH_STATION_SECRET

    def costs_less_than(self, time_cost: int, memory_cost_kib: int) -> bool:
        """Whether this wrap's argon2id takes fewer passes or less memory than given (so it
        should be wrapped again at that cost)."""
        return self.time_cost < time_cost or self.memory_cost_kib < memory_cost_kib

    def to_json(self) -> str:
        """Serialise with base64 for bytes and a stable key order (sorted)."""
        fields: dict[str, object] = {
            "v": self.format_version,
            "kdf": _KDF_NAME,
            "salt": _b64(self.salt),
            "time_cost": self.time_cost,
            "memory_cost_kib": self.memory_cost_kib,
            "parallelism": self.parallelism,
            "nonce": _b64(self.nonce),
            "ciphertext": _b64(self.ciphertext),
        }
        if self.station_secret_id is not None:
            fields["station_secret"] = self.station_secret_id
        return json.dumps(fields, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> WrappedKey:
        """Parse :meth:`to_json` output; raises ``ValueError`` on anything malformed."""
        try:
            data = json.loads(text)
        except (TypeError, ValueError):
            raise ValueError("The wrapped HR key is not valid JSON.") from None
        if not isinstance(data, dict):
            raise ValueError("The wrapped HR key must be a JSON object.")
        version = data.get("v")
        if isinstance(version, bool) or version not in (
            _FORMAT_VERSION,
            _FORMAT_WITH_STATION_SECRET,
        ):
            raise ValueError("The wrapped HR key has an unknown format version.")
        if data.get("kdf") != _KDF_NAME:
            raise ValueError("The wrapped HR key uses an unknown key-derivation function.")
        station_secret_id = data.get("station_secret")
        if version == _FORMAT_VERSION and station_secret_id is not None:
            raise ValueError("A format-1 wrapped HR key names no HR station secret.")
        if version == _FORMAT_WITH_STATION_SECRET and not (
            isinstance(station_secret_id, str) and _STATION_SECRET_ID.fullmatch(station_secret_id)
        ):
            raise ValueError("A format-2 wrapped HR key must name its HR station secret.")
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
            station_secret_id=station_secret_id,
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
    station_secret: StationSecret | None = None,
    user_inputs: Iterable[str] = (),
) -> WrappedKey:
    """Encrypt HR's 32-byte private key under ``password`` (checked with check_new_password,
    knowing ``user_inputs``), joined by ``station_secret`` when given (format 2)."""
    check_new_password(password, user_inputs)
    return wrap_again(
        private_key,
        password,
        time_cost=time_cost,
        memory_cost_kib=memory_cost_kib,
        parallelism=parallelism,
        station_secret=station_secret,
    )


def wrap_again(
    private_key: bytes,
    password: str,
    *,
    time_cost: int = DEFAULT_TIME_COST,
    memory_cost_kib: int = DEFAULT_MEMORY_COST_KIB,
    parallelism: int = DEFAULT_PARALLELISM,
    station_secret: StationSecret | None = None,
) -> WrappedKey:
    """Wrap HR's private key under the password it is already wrapped with (no strength check:
    the password is in use), with a fresh salt and nonce — to raise the cost or add the station
    secret to a wrap HR has just opened."""
    if len(private_key) != PRIVATE_KEY_LENGTH:
        raise ValueError(f"The HR private key must be {PRIVATE_KEY_LENGTH} bytes.")
    salt = os.urandom(SALT_LENGTH)
    nonce = os.urandom(NONCE_LENGTH)
    secret = None if station_secret is None else station_secret.value
    key = _derive(password, salt, time_cost, memory_cost_kib, parallelism, secret)
    aad = _AAD if station_secret is None else _AAD_V2
    ciphertext = AESGCM(key).encrypt(nonce, bytes(private_key), aad)
    return WrappedKey(
        salt=salt,
        time_cost=time_cost,
        memory_cost_kib=memory_cost_kib,
        parallelism=parallelism,
        nonce=nonce,
        ciphertext=ciphertext,
        station_secret_id=None if station_secret is None else station_secret.secret_id,
    )


def unwrap_private_key(
    wrapped: WrappedKey, password: str, *, station_secret: StationSecret | None = None
) -> bytes:
    """Return HR's private key; raises :class:`WrongPasswordError` if ``password`` is wrong, and
    :class:`StationSecretMissingError` (before any work) if ``wrapped`` needs the HR station's
    secret and ``station_secret`` is not that one. A format-1 wrap ignores ``station_secret``."""
    secret = None
    if wrapped.station_secret_id is not None:
        if station_secret is None or station_secret.secret_id != wrapped.station_secret_id:
            raise StationSecretMissingError()
        secret = station_secret.value
    key = _derive(
        password,
        wrapped.salt,
        wrapped.time_cost,
        wrapped.memory_cost_kib,
        wrapped.parallelism,
        secret,
    )
    aad = _AAD if secret is None else _AAD_V2
    try:
        return AESGCM(key).decrypt(wrapped.nonce, wrapped.ciphertext, aad)
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
    station_secret: StationSecret | None = None,
    user_inputs: Iterable[str] = (),
) -> WrappedKey:
    """Re-wrap the same private key under ``new_password`` with a fresh salt and nonce.

    Checks the new password first (WeakPasswordError), then the old one (WrongPasswordError;
    StationSecretMissingError for a format-2 wrap without its ``station_secret``).
    The argon2 parameters are kept from ``wrapped`` unless given; the new wrap is joined by
    ``station_secret`` when given.
    """
    check_new_password(new_password, user_inputs)
    private_key = unwrap_private_key(wrapped, old_password, station_secret=station_secret)
    return wrap_again(
        private_key,
        new_password,
        time_cost=wrapped.time_cost if time_cost is None else time_cost,
        memory_cost_kib=wrapped.memory_cost_kib if memory_cost_kib is None else memory_cost_kib,
        parallelism=wrapped.parallelism if parallelism is None else parallelism,
        station_secret=station_secret,
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
