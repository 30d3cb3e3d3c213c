"""SecretStore against a real GNOME Keyring Secret Service on a private D-Bus session bus.

The module fixture starts its own ``dbus-daemon`` (with no service directories, so nothing is
D-Bus-activated behind our back — in particular no gcr prompter, which makes unlock prompts fail
at once instead of waiting for a user) and ``gnome-keyring-daemon --foreground --unlock`` with
HOME and the XDG dirs in a temporary folder, so the real user's keyring is never touched. Only
``DBUS_SESSION_BUS_ADDRESS`` of this test process changes, and only while the module runs.

A locked keyring is produced two real ways: locking the login collection through secretstorage
(``Collection.lock()`` works headless), and restarting the daemon without ``--unlock``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support.secret_service import SecretServiceDaemons, login_collection_is_locked

from zzsign.security.keyring_store import (
    LOCKED_MESSAGE,
    NO_KEYRING_MESSAGE,
    SERVICE_NAME,
    KeyringLockedError,
    KeyringUnavailableError,
    SecretStore,
)

secretstorage = pytest.importorskip("secretstorage", reason="keyring's Secret Service support")
SecretService = pytest.importorskip("keyring.backends.SecretService")

if shutil.which("gnome-keyring-daemon") is None or shutil.which("dbus-daemon") is None:
    pytest.skip(
        "needs Debian's gnome-keyring and dbus packages (.ci/run installs them)",
        allow_module_level=True,
    )


def _store() -> SecretStore:
    """A SecretStore over a new Secret Service backend object."""
    return SecretStore(backend=SecretService.Keyring())


def _gnome_keyring_items(name: str) -> list[tuple[dict[str, str], bytes]]:
    """Items for ``name`` in the login collection, read with secretstorage directly."""
    connection = secretstorage.dbus_init()
    try:
        collection = secretstorage.get_default_collection(connection)
        found = collection.search_items({"service": SERVICE_NAME, "username": name})
        return [(item.get_attributes(), item.get_secret()) for item in found]
    finally:
        connection.close()


def test_round_trip_through_gnome_keyring(unlocked: SecretServiceDaemons) -> None:
    store = _store()
    store.check()
    assert store.backend_name == "SecretService Keyring"
    values = {"ascii": "s3cret", "unicode": "Zoë — пароль 密码 🔑", "4KB": "B" * 4096}
    for name, value in values.items():
        store.set(name, value)
    for name, value in values.items():
        assert store.get(name) == value
        assert _store().get(name) == value  # a second store, a new backend object
    attributes, secret = _gnome_keyring_items("unicode")[0]
    assert secret.decode("utf-8") == values["unicode"]
    assert attributes["service"] == SERVICE_NAME
    assert store.get("never-set") is None


def test_secret_survives_a_daemon_restart_and_stays_in_the_temp_home(
    unlocked: SecretServiceDaemons,
) -> None:
    _store().set("persisted", "still here")
    unlocked.start_keyring(unlock=True)  # a new gnome-keyring-daemon process
    assert _store().get("persisted") == "still here"
    assert (unlocked.home / ".local" / "share" / "keyrings" / "login.keyring").is_file()


def test_delete(unlocked: SecretServiceDaemons) -> None:
    store = _store()
    store.set("to-delete", "v")
    assert len(_gnome_keyring_items("to-delete")) == 1
    store.delete("to-delete")
    assert store.get("to-delete") is None
    assert _gnome_keyring_items("to-delete") == []
    store.delete("to-delete")  # absent: no error


def test_set_replaces_rather_than_duplicates(unlocked: SecretServiceDaemons) -> None:
    store = _store()
    store.set("replaced", "one")
    store.set("replaced", "two")
    assert store.get("replaced") == "two"
    assert [secret for _, secret in _gnome_keyring_items("replaced")] == [b"two"]


@pytest.mark.parametrize("operation", ["check", "get", "set", "delete"])
def test_locked_collection_is_reported(unlocked: SecretServiceDaemons, operation: str) -> None:
    _store().set("k", "v")
    connection = secretstorage.dbus_init()
    try:
        collection = secretstorage.get_default_collection(connection)
        collection.lock()
        assert collection.is_locked()
    finally:
        connection.close()

    store = _store()
    with pytest.raises(KeyringLockedError) as caught:
        _run(store, operation)
    assert caught.value.message == LOCKED_MESSAGE
    assert login_collection_is_locked()  # nothing unlocked it behind our back


def test_daemon_started_without_unlock_is_locked(unlocked: SecretServiceDaemons) -> None:
    _store().set("k", "v")
    unlocked.start_keyring(unlock=False)
    assert login_collection_is_locked()
    store = _store()
    with pytest.raises(KeyringLockedError):
        store.check()
    with pytest.raises(KeyringLockedError) as caught:
        store.get("k")
    assert caught.value.message == LOCKED_MESSAGE


def test_no_secret_service_on_the_bus_is_unavailable(unlocked: SecretServiceDaemons) -> None:
    store = _store()
    store.check()
    unlocked.stop_keyring()
    with pytest.raises(KeyringUnavailableError) as caught:
        SecretStore(backend=SecretService.Keyring()).check()
    assert not isinstance(caught.value, KeyringLockedError)
    assert caught.value.message == NO_KEYRING_MESSAGE
    with pytest.raises(KeyringUnavailableError) as caught:
        store.set("k", "v")  # an already-checked store fails cleanly too
    assert not isinstance(caught.value, KeyringLockedError)


#: A kiosk's SecretStore, keyring choosing the backend (in a fresh process): what it found.
_CHOSEN_PROBE = """
import json, sys
from zzsign.security.keyring_store import KeyringLockedError, KeyringUnavailableError, SecretStore
store = SecretStore()
result = {"backend_name": store.backend_name}
try:
    store.check()
    store.set("auto", "selected")
    result["value"] = store.get("auto")
except KeyringUnavailableError as error:
    result["error"] = error.message
    result["locked"] = isinstance(error, KeyringLockedError)
result["backends_loaded"] = sorted(
    name for name in sys.modules if name.startswith("keyring.backends."))
print(json.dumps(result))
"""


def _chosen_in_subprocess(
    daemons: SecretServiceDaemons, home: Path, backend: str | None = None
) -> dict[str, object]:
    """:data:`_CHOSEN_PROBE` on the daemons' bus, HOME at ``home`` (keyring's config folder
    there), ``PYTHON_KEYRING_BACKEND`` only if ``backend`` is given."""
    import json

    env = {**daemons.env, "HOME": str(home), "XDG_CONFIG_HOME": str(home / "config")}
    env.pop("PYTHON_KEYRING_BACKEND", None)
    if backend is not None:
        env["PYTHON_KEYRING_BACKEND"] = backend
    env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(Path(__file__).parent), env.get("PYTHONPATH")])
    )
    done = subprocess.run(
        [sys.executable, "-c", _CHOSEN_PROBE],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_keyring_selects_secret_service_by_itself(
    unlocked: SecretServiceDaemons, tmp_path: Path
) -> None:
    result = _chosen_in_subprocess(unlocked, tmp_path)
    assert result["backend_name"] == "SecretService Keyring"
    assert result["value"] == "selected"
    assert _store().get("auto") == "selected"
    # Taken directly: keyring's search of every backend (KWallet, libsecret, macOS, ...) and of
    # every installed package's entry points did not run.
    others = {f"keyring.backends.{name}" for name in ("kwallet", "libsecret", "macOS", "Windows")}
    assert "keyring.backends.SecretService" in result["backends_loaded"]
    assert not others & set(result["backends_loaded"])


def test_keyringrc_still_chooses_when_the_secret_service_is_there(
    unlocked: SecretServiceDaemons, tmp_path: Path
) -> None:
    config = tmp_path / "config" / "python_keyring" / "keyringrc.cfg"
    config.parent.mkdir(parents=True)
    config.write_text("[backend]\ndefault-keyring = support.keyrings.MemoryKeyring\n")
    _store().delete("auto")
    result = _chosen_in_subprocess(unlocked, tmp_path)
    assert result["backend_name"] == "keyrings MemoryKeyring"
    assert result["value"] == "selected"
    assert _store().get("auto") is None  # nothing went to the Secret Service


def test_python_keyring_backend_still_chooses_when_the_secret_service_is_there(
    unlocked: SecretServiceDaemons, tmp_path: Path
) -> None:
    _store().delete("auto")
    result = _chosen_in_subprocess(unlocked, tmp_path, "keyring.backends.fail.Keyring")
    assert result["error"] == NO_KEYRING_MESSAGE
    assert _store().get("auto") is None


def test_a_locked_keyring_chosen_by_itself_says_it_is_locked(
    unlocked: SecretServiceDaemons, tmp_path: Path
) -> None:
    unlocked.start_keyring(unlock=False)
    result = _chosen_in_subprocess(unlocked, tmp_path)
    assert result["backend_name"] == "SecretService Keyring"
    assert result["error"] == LOCKED_MESSAGE and result["locked"] is True


def test_without_a_secret_service_keyring_searches_as_before_and_says_none_is_there(
    unlocked: SecretServiceDaemons, tmp_path: Path
) -> None:
    unlocked.stop_keyring()
    result = _chosen_in_subprocess(unlocked, tmp_path)
    assert result["error"] == NO_KEYRING_MESSAGE and result["locked"] is False
    # The platform's own was not viable, so keyring's full selection decided (it loads them all).
    assert "keyring.backends.kwallet" in result["backends_loaded"]


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
