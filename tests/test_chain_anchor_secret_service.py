"""The chain anchor against a real GNOME Keyring Secret Service: one D-Bus connection for all
its writes, the same item keyring itself reads, and a locked keyring only makes it lag."""

from __future__ import annotations

import shutil

import pytest
from support.secret_service import SecretServiceDaemons

from zzsign.security.installation_keys import chain_head_name
from zzsign.security.keyring_store import SecretStore
from zzsign.services.chain_anchor import ChainAnchor

secretstorage = pytest.importorskip("secretstorage", reason="keyring's Secret Service support")
SecretService = pytest.importorskip("keyring.backends.SecretService")

if shutil.which("gnome-keyring-daemon") is None or shutil.which("dbus-daemon") is None:
    pytest.skip(
        "needs Debian's gnome-keyring and dbus packages (.ci/run installs them)",
        allow_module_level=True,
    )

INSTALLATION = "0b7d3e8a-5f41-4b2a-8d0c-2e9a7c6f1d35"


def test_the_anchor_writes_over_one_connection(
    unlocked: SecretServiceDaemons,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    secrets = SecretStore(backend=SecretService.Keyring())
    secrets.check()  # as open_store does (keyring's own probe opens a connection of its own)
    connections = []
    real_init = secretstorage.dbus_init
    monkeypatch.setattr(
        secretstorage, "dbus_init", lambda: connections.append(real_init()) or connections[-1]
    )
    anchor = ChainAnchor(secrets, INSTALLATION, settle_seconds=0)
    for sequence in (9, 18, 27):
        anchor.note((sequence, f"{sequence:064x}"))
        anchor.flush()
    anchor.note((12, f"{12:064x}"))  # behind the keyring's: never written
    anchor.close()
    assert len(connections) == 1
    monkeypatch.undo()
    assert (
        SecretStore(backend=SecretService.Keyring()).get(chain_head_name(INSTALLATION))
        == f"27:{27:064x}"
    )


def test_a_locked_keyring_leaves_the_anchor_behind_until_it_opens(
    unlocked: SecretServiceDaemons,
) -> None:
    secrets = SecretStore(backend=SecretService.Keyring())
    name = chain_head_name(INSTALLATION)
    anchor = ChainAnchor(secrets, INSTALLATION, settle_seconds=0)
    anchor.note((30, f"{30:064x}"))
    anchor.flush()
    connection = secretstorage.dbus_init()
    try:
        secretstorage.get_default_collection(connection).lock()
    finally:
        connection.close()
    anchor.note((39, f"{39:064x}"))
    anchor.flush()  # refused: logged, no exception
    unlocked.start_keyring(unlock=True)
    assert secrets.get(name) == f"30:{30:064x}"
    anchor.close()  # tries the refused head again
    assert secrets.get(name) == f"39:{39:064x}"
