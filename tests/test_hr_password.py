"""HR password: wrapping HR's private key and pacing wrong attempts."""

from __future__ import annotations

import base64
import json

import pytest
from support.hr_password import FAST, PASSWORD, PRIVATE_KEY

from zzsign.security import hr_password
from zzsign.security.hr_password import (
    MIN_PASSWORD_LENGTH,
    AttemptState,
    StationSecret,
    StationSecretMissingError,
    WeakPasswordError,
    WrappedKey,
    WrongPasswordError,
    check_new_password,
    delay_after_failures,
    rewrap,
    unwrap_private_key,
    wrap_private_key,
)

# --- password strength ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "password", ["", "short", "a" * (MIN_PASSWORD_LENGTH - 1), " " * 20, "x" * 20, "€" * 15]
)
def test_weak_passwords_are_rejected_with_one_sentence(password):
    with pytest.raises(WeakPasswordError) as excinfo:
        check_new_password(password)
    message = excinfo.value.message
    assert message == str(excinfo.value)
    assert message.startswith("Choose") and message.endswith(".")
    assert message.count(".") == 1


def test_short_password_message_names_the_minimum():
    with pytest.raises(WeakPasswordError, match=f"at least {MIN_PASSWORD_LENGTH} characters"):
        check_new_password("abc")


@pytest.mark.parametrize(
    "password", [PASSWORD, "tiger lily mango ferry", "jfk39s!aQ2-Lm", "Ünïcödé-Paßwort"]
)
def test_acceptable_passwords_pass(password):
    check_new_password(password)


def test_length_is_counted_after_nfc():
    # 11 "Ü" typed decomposed are 22 code points but only 11 characters.
    decomposed = "U\u0308" * 6 + "abcde"
    assert len(decomposed) == 17
    with pytest.raises(WeakPasswordError):
        check_new_password(decomposed)


COMPANY = "Choose an HR password without the company's or zzsign's name in it"
COMMON = "Choose an HR password that is not built on a commonly used password"
KEYBOARD = "Choose an HR password without keyboard patterns such as qwerty"
SEQUENCE = "Choose an HR password without sequences such as abc or 6543"
REPEATED = "Choose an HR password without repeated letters or words"
DATES = "Choose an HR password without dates or years"
FEW_WORDS = "Choose a longer HR password of less common words"


@pytest.mark.parametrize(
    ("password", "sentence"),
    [
        ("zzservers2026", COMPANY),  # issue 12: accepted before, fell in 31 guesses
        ("ZZ Servers 2026!", COMPANY),
        ("Password1234", COMMON),
        ("P@ssw0rd2026!", COMMON),
        (";lkjhgfdsa/.,", KEYBOARD),
        ("abcdefghijklmnop", SEQUENCE),
        ("abcabcabcabc", REPEATED),
        ("Marie1987Paris", DATES),
        ("Jennifer Smith", FEW_WORDS),
    ],
)
def test_easily_guessed_passwords_are_refused_saying_what_made_them_easy(password, sentence):
    with pytest.raises(WeakPasswordError) as excinfo:
        check_new_password(password)
    message = excinfo.value.message
    assert message.startswith(sentence)
    assert message.endswith("for example four or more unrelated words.")
    assert message.count(".") == 1


def test_the_stores_email_domains_count_as_the_company_name():
    check_new_password("acme-widgets2026!")
    with pytest.raises(WeakPasswordError, match="company's or zzsign's name"):
        check_new_password("acme-widgets2026!", user_inputs=("acme-widgets.com", "acme-widgets"))


def test_a_password_longer_than_zxcvbn_scores_is_judged_by_its_start():
    check_new_password(PASSWORD * 4)  # 115 characters: zxcvbn itself refuses more than 72
    with pytest.raises(WeakPasswordError):
        check_new_password("zzservers2026" + "9" * 80)


def test_wrap_refuses_weak_password():
    with pytest.raises(WeakPasswordError):
        wrap_private_key(PRIVATE_KEY, "tooshort", **FAST)


# --- wrap / unwrap -------------------------------------------------------------------------


def test_round_trip(wrapped_hr_key):
    assert unwrap_private_key(wrapped_hr_key, PASSWORD) == PRIVATE_KEY
    assert (
        wrapped_hr_key.time_cost,
        wrapped_hr_key.memory_cost_kib,
        wrapped_hr_key.parallelism,
    ) == (1, 64, 1)


def test_wrapped_key_does_not_hold_private_key_in_clear(wrapped_hr_key):
    assert PRIVATE_KEY not in wrapped_hr_key.ciphertext
    assert len(wrapped_hr_key.salt) >= 16 and len(wrapped_hr_key.nonce) == 12


def test_two_wraps_use_fresh_salt_and_nonce(wrapped_hr_key):
    again = wrap_private_key(PRIVATE_KEY, PASSWORD, **FAST)
    assert again.salt != wrapped_hr_key.salt
    assert again.nonce != wrapped_hr_key.nonce
    assert again.ciphertext != wrapped_hr_key.ciphertext


@pytest.mark.parametrize(
    "attempt", ["correct horse battery stapl", "Correct horse battery staple", "", PASSWORD + " "]
)
def test_wrong_password_raises(wrapped_hr_key, attempt):
    with pytest.raises(WrongPasswordError):
        unwrap_private_key(wrapped_hr_key, attempt)


def test_wrong_password_message_has_no_secret(wrapped_hr_key):
    with pytest.raises(WrongPasswordError) as excinfo:
        unwrap_private_key(wrapped_hr_key, "not the password at all")
    assert "not the password" not in str(excinfo.value)
    assert PRIVATE_KEY.hex() not in str(excinfo.value)


def test_stored_parameters_are_used_for_unwrap(wrapped_hr_key):
    # Unwrapping reads the cost from the WrappedKey, not the module defaults: changing it breaks.
    tampered = WrappedKey(
        salt=wrapped_hr_key.salt,
        time_cost=wrapped_hr_key.time_cost + 1,
        memory_cost_kib=wrapped_hr_key.memory_cost_kib,
        parallelism=wrapped_hr_key.parallelism,
        nonce=wrapped_hr_key.nonce,
        ciphertext=wrapped_hr_key.ciphertext,
    )
    with pytest.raises(WrongPasswordError):
        unwrap_private_key(tampered, PASSWORD)


def test_nfc_decomposed_password_unwraps_composed_wrap():
    composed = "Überprüfung-2024"
    decomposed = "U\u0308berpru\u0308fung-2024"
    assert composed != decomposed
    wrapped_key = wrap_private_key(PRIVATE_KEY, composed, **FAST)
    assert unwrap_private_key(wrapped_key, decomposed) == PRIVATE_KEY


# --- the HR station's secret (format 2) -----------------------------------------------------


def test_a_wrap_with_the_station_secret_opens_with_both(
    wrapped_with_station_secret, station_secret
):
    stored = json.loads(wrapped_with_station_secret.to_json())
    assert stored["v"] == 2 and stored["station_secret"] == station_secret.secret_id
    assert station_secret.to_text() not in wrapped_with_station_secret.to_json()
    again = WrappedKey.from_json(wrapped_with_station_secret.to_json())
    assert unwrap_private_key(again, PASSWORD, station_secret=station_secret) == PRIVATE_KEY


def test_the_right_password_alone_does_not_open_a_wrap_with_the_station_secret(
    wrapped_with_station_secret, station_secret
):
    """What a copied database gives: the password cannot even be tried without the secret,
    and a guessed secret under the same id opens nothing with the right password."""
    with pytest.raises(StationSecretMissingError):
        unwrap_private_key(wrapped_with_station_secret, PASSWORD)
    with pytest.raises(StationSecretMissingError):
        unwrap_private_key(
            wrapped_with_station_secret, PASSWORD, station_secret=StationSecret.new()
        )
    guessed = StationSecret(station_secret.secret_id, bytes(32))
    with pytest.raises(WrongPasswordError):
        unwrap_private_key(wrapped_with_station_secret, PASSWORD, station_secret=guessed)


def test_a_format_1_wrap_opens_with_the_password_alone_as_before(wrapped_hr_key, station_secret):
    assert json.loads(wrapped_hr_key.to_json())["v"] == 1
    assert unwrap_private_key(wrapped_hr_key, PASSWORD, station_secret=station_secret) == (
        PRIVATE_KEY
    )


@pytest.mark.parametrize(
    "change",
    [
        {"station_secret": None},
        {"station_secret": "not-hex"},
        {"station_secret": 7},
        {"v": 1},
    ],
)
def test_from_json_rejects_a_format_2_wrap_that_does_not_name_its_secret_properly(
    wrapped_with_station_secret, change
):
    data = {**json.loads(wrapped_with_station_secret.to_json()), **change}
    data = {name: value for name, value in data.items() if value is not None}
    with pytest.raises(ValueError):
        WrappedKey.from_json(json.dumps(data))


def test_a_station_secret_reads_back_from_its_keyring_text(station_secret):
    assert StationSecret.from_text(station_secret.secret_id, station_secret.to_text()) == (
        station_secret
    )
    with pytest.raises(ValueError):
        StationSecret.from_text(station_secret.secret_id, base64.b64encode(b"short").decode())


# --- JSON ----------------------------------------------------------------------------------


def test_json_round_trip(wrapped_hr_key):
    text = wrapped_hr_key.to_json()
    assert WrappedKey.from_json(text) == wrapped_hr_key
    assert unwrap_private_key(WrappedKey.from_json(text), PASSWORD) == PRIVATE_KEY


def test_json_shape_is_stable(wrapped_hr_key):
    text = wrapped_hr_key.to_json()
    data = json.loads(text)
    assert data["kdf"] == "argon2id"
    assert data["v"] == 1
    assert list(data) == sorted(data)
    assert set(data) == {
        "ciphertext",
        "kdf",
        "memory_cost_kib",
        "nonce",
        "parallelism",
        "salt",
        "time_cost",
        "v",
    }
    assert text == wrapped_hr_key.to_json()


def test_json_does_not_contain_private_key(wrapped_hr_key):
    text = wrapped_hr_key.to_json()
    encodings = {
        "hex": PRIVATE_KEY.hex(),
        "HEX": PRIVATE_KEY.hex().upper(),
        "b64": base64.b64encode(PRIVATE_KEY).decode(),
        "b64url": base64.urlsafe_b64encode(PRIVATE_KEY).decode().rstrip("="),
        "b32": base64.b32encode(PRIVATE_KEY).decode().rstrip("="),
        "latin1": PRIVATE_KEY.decode("latin-1"),
    }
    for name, encoded in encodings.items():
        assert encoded not in text, name
        # also a long slice of it, in case of offset/line breaks
        assert encoded[4:24] not in text, name
    assert PRIVATE_KEY not in text.encode()


def _valid_dict(wrapped: WrappedKey) -> dict:
    return json.loads(wrapped.to_json())


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        "not json",
        "[]",
        "null",
        '"a string"',
        "{}",
        '{"v": 1}',
    ],
)
def test_from_json_rejects_garbage(garbage):
    with pytest.raises(ValueError):
        WrappedKey.from_json(garbage)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("v", 2),
        ("v", True),
        ("kdf", "scrypt"),
        ("salt", "***not base64***"),
        ("salt", base64.b64encode(b"short").decode()),
        ("nonce", base64.b64encode(b"\x00" * 11).decode()),
        ("ciphertext", base64.b64encode(b"\x00" * 47).decode()),
        ("ciphertext", 12),
        ("time_cost", 0),
        ("time_cost", "3"),
        ("time_cost", True),
        ("memory_cost_kib", 10**12),
        ("parallelism", 0),
    ],
)
def test_from_json_rejects_bad_fields(wrapped_hr_key, field, value):
    data = _valid_dict(wrapped_hr_key)
    data[field] = value
    with pytest.raises(ValueError):
        WrappedKey.from_json(json.dumps(data))


@pytest.mark.parametrize(
    "field", ["salt", "nonce", "ciphertext", "time_cost", "memory_cost_kib", "parallelism", "kdf"]
)
def test_from_json_rejects_missing_field(wrapped_hr_key, field):
    data = _valid_dict(wrapped_hr_key)
    del data[field]
    with pytest.raises(ValueError):
        WrappedKey.from_json(json.dumps(data))


# --- rewrap --------------------------------------------------------------------------------


def test_rewrap_changes_password_but_not_key(wrapped_hr_key):
    new_password = "a brand new HR passphrase"
    rewrapped = rewrap(wrapped_hr_key, PASSWORD, new_password)
    assert unwrap_private_key(rewrapped, new_password) == PRIVATE_KEY
    with pytest.raises(WrongPasswordError):
        unwrap_private_key(rewrapped, PASSWORD)
    assert rewrapped.salt != wrapped_hr_key.salt
    assert rewrapped.nonce != wrapped_hr_key.nonce
    # Parameters carried over from the old wrap.
    assert (rewrapped.time_cost, rewrapped.memory_cost_kib, rewrapped.parallelism) == (1, 64, 1)


def test_rewrap_with_wrong_old_password_raises(wrapped_hr_key):
    with pytest.raises(WrongPasswordError):
        rewrap(wrapped_hr_key, "wrong old password!", "a brand new HR passphrase")


def test_rewrap_weak_new_password_raises_one_sentence(wrapped_hr_key):
    with pytest.raises(WeakPasswordError) as excinfo:
        rewrap(wrapped_hr_key, PASSWORD, "short")
    message = excinfo.value.message
    assert message == f"Choose an HR password of at least {MIN_PASSWORD_LENGTH} characters."
    assert message.count(".") == 1


def test_rewrap_can_raise_cost(wrapped_hr_key):
    rewrapped = rewrap(wrapped_hr_key, PASSWORD, "a brand new HR passphrase", time_cost=2)
    assert rewrapped.time_cost == 2
    assert unwrap_private_key(rewrapped, "a brand new HR passphrase") == PRIVATE_KEY


# --- defaults ------------------------------------------------------------------------------


def test_a_stolen_wrapped_key_costs_a_guesser_argon2id_at_256_mib_per_guess():
    """Whoever copies the wrapped key must run argon2id (t=3, 256 MiB, p=1) for every guess:
    a wrap made by default opens through exactly that derivation, and a copy edited to claim
    cheaper parameters no longer opens, even with the right password."""
    from argon2.low_level import Type, hash_secret_raw
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    default_wrap = wrap_private_key(PRIVATE_KEY, PASSWORD)
    stored = json.loads(default_wrap.to_json())
    assert (
        stored["kdf"],
        stored["time_cost"],
        stored["memory_cost_kib"],
        stored["parallelism"],
    ) == ("argon2id", 3, 256 * 1024, 1)
    key = hash_secret_raw(
        secret=PASSWORD.encode(),
        salt=default_wrap.salt,
        time_cost=3,
        memory_cost=256 * 1024,
        parallelism=1,
        hash_len=32,
        type=Type.ID,
    )
    opened = AESGCM(key).decrypt(default_wrap.nonce, default_wrap.ciphertext, hr_password._AAD)
    assert opened == PRIVATE_KEY
    cheaper = WrappedKey.from_json(json.dumps({**stored, "time_cost": 1, "memory_cost_kib": 8}))
    with pytest.raises(WrongPasswordError):
        unwrap_private_key(cheaper, PASSWORD)


# --- delay and attempt state ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("failures", "delay"),
    [
        (0, 0),
        (1, 0),
        (2, 0),
        (3, 0),
        (4, 1),
        (5, 2),
        (6, 4),
        (7, 8),
        (8, 16),
        (9, 32),
        (10, 64),
        (11, 128),
        (12, 256),
        (13, 300),
        (14, 300),
        (100, 300),
        (10**6, 300),
    ],
)
def test_delay_after_failures(failures, delay):
    assert delay_after_failures(failures) == delay


def test_delay_never_decreases():
    delays = [delay_after_failures(n) for n in range(40)]
    assert delays == sorted(delays)
    assert max(delays) == 300


def test_attempt_state_starts_clear():
    state = AttemptState()
    assert state.failures == 0 and state.last_failure_at is None
    assert state.seconds_to_wait(now=1_000_000.0) == 0


def test_attempt_state_first_three_failures_are_free():
    state = AttemptState()
    for i in range(3):
        state = state.after_failure(now=1000.0 + i)
    assert state.failures == 3
    assert state.last_failure_at == 1002.0
    assert state.seconds_to_wait(now=1002.0) == 0


def test_attempt_state_waits_grow():
    state = AttemptState(failures=3, last_failure_at=1000.0)
    state = state.after_failure(now=2000.0)  # 4th failure -> 1 s
    assert state == AttemptState(failures=4, last_failure_at=2000.0)
    assert state.seconds_to_wait(now=2000.0) == 1
    assert state.seconds_to_wait(now=2000.25) == 0.75
    assert state.seconds_to_wait(now=2001.0) == 0
    assert state.seconds_to_wait(now=2500.0) == 0
    state = state.after_failure(now=2001.0)  # 5th -> 2 s
    assert state.seconds_to_wait(now=2001.5) == 1.5
    state = AttemptState(failures=20, last_failure_at=5000.0)
    assert state.seconds_to_wait(now=5000.0) == 300
    assert state.seconds_to_wait(now=5100.0) == 200


def test_attempt_state_clock_going_back_does_not_lock_out_longer():
    state = AttemptState(failures=4, last_failure_at=10_000.0)
    assert state.seconds_to_wait(now=0.0) == 1


def test_attempt_state_after_success_resets():
    state = AttemptState(failures=9, last_failure_at=123.0)
    assert state.seconds_to_wait(now=123.0) == 32
    reset = state.after_success()
    assert reset == AttemptState()
    assert reset.failures == 0 and reset.last_failure_at is None
    assert reset.seconds_to_wait(now=123.0) == 0
    # the original is unchanged (frozen, value semantics)
    assert state.failures == 9
    with pytest.raises(AttributeError):
        state.failures = 0  # type: ignore[misc]
