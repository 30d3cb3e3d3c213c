"""SecretStore against in-process backends, and keyring's own selection in a subprocess."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import keyring.backend
import keyring.errors
import pytest
from keyring.backends import chainer, fail, null
from keyring.compat import properties
from support.keyrings import MemoryKeyring

from zzsign.security.keyring_store import (
    BAD_CHOICE_MESSAGE,
    FAILED_MESSAGE,
    LOCKED_MESSAGE,
    NO_KEYRING_MESSAGE,
    SERVICE_NAME,
    KeyringLockedError,
    KeyringUnavailableError,
    SecretStore,
)

TESTS_DIR = Path(__file__).resolve().parent
SECRET = "hunter2-do-not-log"
SECRET_NAME = "alice-signing-key"


class BrokenKeyring(MemoryKeyring):
    """Reads work, writes blow up with an error that mentions the secret."""

    def set_password(self, service: str, username: str, password: str) -> None:
        raise RuntimeError(f"backend exploded storing {password!r} for {username!r}")


class LowPriorityKeyring(MemoryKeyring):
    """Like keyrings.alt's plaintext backends: works, but is not recommended."""

    priority = 0.5


def assert_one_sentence(message: str) -> None:
    assert message.endswith(".")
    assert "\n" not in message
    assert "Traceback" not in message
    assert message.count(". ") == 0  # one sentence, not two
    assert any(hint in message for hint in ("ask IT", "unlock it", "try again", "correct"))


# -- round trips ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "s3cret",
        "Zoë Ørsted — пароль 密码 🔑",
        "A" * 4096,
        "",
    ],
    ids=["ascii", "unicode", "4KB", "empty"],
)
def test_set_get_delete_round_trip(
    secrets: SecretStore, keyring_backend: MemoryKeyring, value: str
) -> None:
    secrets.set("installation-key", value)
    assert secrets.get("installation-key") == value
    assert keyring_backend.passwords == {(SERVICE_NAME, "installation-key"): value}
    secrets.delete("installation-key")
    assert secrets.get("installation-key") is None
    assert keyring_backend.passwords == {}


def test_service_defaults_to_zzsign_and_can_be_changed(keyring_backend: MemoryKeyring) -> None:
    assert SERVICE_NAME == "zzsign"
    SecretStore(backend=keyring_backend).set("k", "default")
    SecretStore(service="other", backend=keyring_backend).set("k", "other")
    assert keyring_backend.passwords == {("zzsign", "k"): "default", ("other", "k"): "other"}
    assert SecretStore(backend=keyring_backend).get("k") == "default"


def test_set_replaces_previous_value(secrets: SecretStore) -> None:
    secrets.set("k", "first")
    secrets.set("k", "second")
    assert secrets.get("k") == "second"


def test_missing_name_is_none(secrets: SecretStore) -> None:
    secrets.set("present", "x")
    assert secrets.get("absent") is None


def test_delete_absent_is_fine(secrets: SecretStore, keyring_backend: MemoryKeyring) -> None:
    secrets.set("kept", "x")
    secrets.delete("absent")
    assert keyring_backend.passwords == {(SERVICE_NAME, "kept"): "x"}


def test_delete_error_while_secret_remains_is_reported(keyring_backend: MemoryKeyring) -> None:
    class StubbornKeyring(MemoryKeyring):
        def delete_password(self, service: str, username: str) -> None:
            raise keyring.errors.PasswordDeleteError("permission denied")

    stubborn = StubbornKeyring()
    stubborn.passwords[(SERVICE_NAME, "k")] = "v"
    with pytest.raises(KeyringUnavailableError) as caught:
        SecretStore(backend=stubborn).delete("k")
    assert caught.value.message == FAILED_MESSAGE


def test_values_must_be_str_and_names_non_empty(secrets: SecretStore) -> None:
    with pytest.raises(TypeError):
        secrets.set("k", b"bytes")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        secrets.set("", "v")
    with pytest.raises(ValueError):
        secrets.get("")


def test_check_passes_for_a_recommended_backend(secrets: SecretStore) -> None:
    secrets.check()  # no exception
    assert secrets.backend_name == "keyrings MemoryKeyring"


# -- no usable keyring ---------------------------------------------------------------------------


@pytest.mark.parametrize("operation", ["check", "get", "set", "delete"])
def test_fail_backend_is_unavailable(operation: str) -> None:
    store = SecretStore(backend=fail.Keyring())
    with pytest.raises(KeyringUnavailableError) as caught:
        _run(store, operation)
    assert not isinstance(caught.value, KeyringLockedError)
    assert caught.value.message == NO_KEYRING_MESSAGE
    assert str(caught.value) == NO_KEYRING_MESSAGE
    assert_one_sentence(caught.value.message)
    assert "ask IT to install or unlock one" in caught.value.message


@pytest.mark.parametrize("operation", ["check", "get", "set", "delete"])
def test_null_backend_is_refused_not_silently_ignored(operation: str) -> None:
    with pytest.raises(KeyringUnavailableError) as caught:
        _run(SecretStore(backend=null.Keyring()), operation)
    assert caught.value.message == NO_KEYRING_MESSAGE


def test_backend_that_is_not_recommended_is_refused_and_untouched() -> None:
    plaintext = LowPriorityKeyring()
    store = SecretStore(backend=plaintext)
    with pytest.raises(KeyringUnavailableError) as caught:
        store.set("k", SECRET)
    assert caught.value.message == NO_KEYRING_MESSAGE
    assert plaintext.passwords == {}
    with pytest.raises(KeyringUnavailableError):
        store.check()


def test_backend_whose_priority_raises_is_unavailable() -> None:
    class NotHereKeyring(MemoryKeyring):
        @properties.classproperty
        def priority(cls) -> float:
            raise RuntimeError("the daemon is neither running nor activatable")

    with pytest.raises(KeyringUnavailableError) as caught:
        SecretStore(backend=NotHereKeyring()).check()
    assert caught.value.message == NO_KEYRING_MESSAGE


def test_chainer_with_no_usable_backends_is_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [])
    with pytest.raises(KeyringUnavailableError) as caught:
        SecretStore(backend=chainer.ChainerBackend()).check()
    assert caught.value.message == NO_KEYRING_MESSAGE


def test_chainer_led_by_an_insecure_backend_is_unavailable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [LowPriorityKeyring()])
    with pytest.raises(KeyringUnavailableError):
        SecretStore(backend=chainer.ChainerBackend()).set("k", "v")


def test_chainer_led_by_a_recommended_backend_works(monkeypatch: pytest.MonkeyPatch) -> None:
    inner = MemoryKeyring()
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [inner, LowPriorityKeyring()])
    store = SecretStore(backend=chainer.ChainerBackend())
    store.check()
    store.set("k", "v")
    assert inner.passwords == {(SERVICE_NAME, "k"): "v"}
    assert store.get("k") == "v"


# -- locked --------------------------------------------------------------------------------------


@pytest.mark.parametrize("operation", ["check", "get", "set", "delete"])
def test_locked_keyring_raises_locked_error(
    secrets: SecretStore, keyring_backend: MemoryKeyring, operation: str
) -> None:
    secrets.set("k", "v")
    keyring_backend.locked = True
    with pytest.raises(KeyringLockedError) as caught:
        _run(secrets, operation)
    assert isinstance(caught.value, KeyringUnavailableError)
    assert caught.value.message == LOCKED_MESSAGE
    assert_one_sentence(caught.value.message)
    assert "unlock it" in caught.value.message
    keyring_backend.locked = False
    assert secrets.get("k") == "v"  # unlocking is all it takes


def test_secretstorage_locked_exception_is_locked() -> None:
    exceptions = pytest.importorskip("secretstorage.exceptions")

    class SecretServiceLike(MemoryKeyring):
        def get_password(self, service: str, username: str) -> str | None:
            raise exceptions.LockedException("Item is locked!")

    with pytest.raises(KeyringLockedError):
        SecretStore(backend=SecretServiceLike()).get("k")


def test_dbus_is_locked_error_anywhere_in_the_chain_is_locked() -> None:
    class DBusError(Exception):
        name = "org.freedesktop.Secret.Error.IsLocked"

    class DBusLike(MemoryKeyring):
        def set_password(self, service: str, username: str, password: str) -> None:
            try:
                raise DBusError("locked")
            except DBusError as exc:
                raise keyring.errors.PasswordSetError("could not store") from exc

    with pytest.raises(KeyringLockedError):
        SecretStore(backend=DBusLike()).set("k", "v")


# -- other failures ------------------------------------------------------------------------------


def test_generic_backend_error_is_translated_without_secrets(
    caplog: pytest.LogCaptureFixture,
) -> None:
    store = SecretStore(backend=BrokenKeyring())
    with (
        caplog.at_level(logging.DEBUG, logger="zzsign"),
        pytest.raises(KeyringUnavailableError) as caught,
    ):
        store.set(SECRET_NAME, SECRET)
    error = caught.value
    assert not isinstance(error, KeyringLockedError)
    assert error.message == FAILED_MESSAGE
    assert_one_sentence(error.message)
    assert SECRET not in error.message and SECRET_NAME not in error.message
    # The original exception (which quotes the secret) is not chained into tracebacks.
    assert error.__cause__ is None and error.__suppress_context__
    logged = caplog.text
    assert "RuntimeError" in logged and "BrokenKeyring" in logged
    assert SECRET not in logged and SECRET_NAME not in logged


@pytest.mark.parametrize(
    "exc",
    [
        keyring.errors.InitError("Failed to create the collection"),
        keyring.errors.PasswordSetError("nope"),
        keyring.errors.KeyringError("nope"),
        OSError("socket closed"),
    ],
    ids=lambda exc: type(exc).__name__,
)
def test_keyring_errors_become_unavailable(exc: Exception) -> None:
    class Failing(MemoryKeyring):
        def get_password(self, service: str, username: str) -> str | None:
            raise exc

    with pytest.raises(KeyringUnavailableError) as caught:
        SecretStore(backend=Failing()).get("k")
    assert not isinstance(caught.value, KeyringLockedError)
    assert caught.value.message == FAILED_MESSAGE


def test_no_keyring_error_from_a_backend_says_none_is_available() -> None:
    class Gone(MemoryKeyring):
        def get_password(self, service: str, username: str) -> str | None:
            raise keyring.errors.NoKeyringError("gone")

    with pytest.raises(KeyringUnavailableError) as caught:
        SecretStore(backend=Gone()).get("k")
    assert caught.value.message == NO_KEYRING_MESSAGE


# -- keyring's own selection (PYTHON_KEYRING_BACKEND, keyringrc.cfg), in a fresh process ---------

_PROBE = """
import json
from zzsign.security.keyring_store import KeyringLockedError, KeyringUnavailableError, SecretStore
store = SecretStore()
result = {"backend_name": store.backend_name}
try:
    store.check()
    store.set("k", "round-trip")
    result["value"] = store.get("k")
except KeyringUnavailableError as error:
    result["error"] = error.message
    result["locked"] = isinstance(error, KeyringLockedError)
print(json.dumps(result))
"""


def _probe_in_subprocess(tmp_path: Path, backend: str | None) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if k != "DBUS_SESSION_BUS_ADDRESS"}
    env.pop("PYTHON_KEYRING_BACKEND", None)
    if backend is not None:
        env["PYTHON_KEYRING_BACKEND"] = backend
    env["HOME"] = str(tmp_path)
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(TESTS_DIR), env.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-c", _PROBE],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_python_keyring_backend_fail_is_honoured_and_refused(tmp_path: Path) -> None:
    result = _probe_in_subprocess(tmp_path, "keyring.backends.fail.Keyring")
    assert result["error"] == NO_KEYRING_MESSAGE
    assert result["locked"] is False
    assert "value" not in result


def test_python_keyring_backend_memory_is_honoured(tmp_path: Path) -> None:
    result = _probe_in_subprocess(tmp_path, "support.keyrings.MemoryKeyring")
    assert result == {"backend_name": "keyrings MemoryKeyring", "value": "round-trip"}


def test_python_keyring_backend_misspelt_says_to_fix_the_setting(tmp_path: Path) -> None:
    result = _probe_in_subprocess(tmp_path, "support.keyrings.NoSuchKeyring")
    assert result["error"] == BAD_CHOICE_MESSAGE
    assert result["backend_name"] == "unavailable"
    assert_one_sentence(str(result["error"]))


def test_keyringrc_backend_is_honoured(tmp_path: Path) -> None:
    config = tmp_path / "config" / "python_keyring" / "keyringrc.cfg"
    config.parent.mkdir(parents=True)
    config.write_text("[backend]\ndefault-keyring = support.keyrings.MemoryKeyring\n")
    result = _probe_in_subprocess(tmp_path, None)
    assert result["backend_name"] == "keyrings MemoryKeyring"
    assert result["value"] == "round-trip"


def _run(store: SecretStore, operation: str) -> None:
    """Call one SecretStore operation with harmless arguments."""
    if operation == "check":
        store.check()
    elif operation == "get":
        store.get("k")
    elif operation == "set":
        store.set("k", "v")
    elif operation == "delete":
        store.delete("k")
    else:  # pragma: no cover
        raise AssertionError(operation)
