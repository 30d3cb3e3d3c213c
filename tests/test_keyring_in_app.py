"""Without a usable keyring, zzsign says so in one sentence and refuses to sign."""

from __future__ import annotations

import keyring.backends.fail
import pytest

from zzsign.security.keyring_store import LOCKED_MESSAGE, NO_KEYRING_MESSAGE, SecretStore
from zzsign.services.errors import StoreUnavailableError
from zzsign.services.store import open_store


def test_missing_keyring_refuses_to_sign(settings):
    with pytest.raises(StoreUnavailableError) as refused:
        open_store(settings, SecretStore(backend=keyring.backends.fail.Keyring()))
    assert refused.value.message == NO_KEYRING_MESSAGE
    assert not list(settings.data_dir.glob("*.key"))  # no plaintext fallback file


def test_locked_keyring_refuses_to_sign(settings, keyring_backend):
    keyring_backend.locked = True
    with pytest.raises(StoreUnavailableError) as refused:
        open_store(settings, SecretStore(backend=keyring_backend))
    assert refused.value.message == LOCKED_MESSAGE


def test_lost_signing_key_is_not_silently_replaced(settings, keyring_backend, secrets):
    """The keyring still names this laptop's installation but lost its key: refused, never a
    new key for the same installation."""
    from zzsign.security.key_names import signing_key_name

    first = open_store(settings, secrets)
    first.close()
    del keyring_backend.passwords[("zzsign", signing_key_name(first.installation_id))]
    with pytest.raises(StoreUnavailableError, match="signing key is missing"):
        open_store(settings, secrets)


def test_kiosk_shows_the_keyring_sentence(qtbot, qapp, settings):
    from zzsign.app import connect_store
    from zzsign.views.kiosk_window import KioskWindow

    window = KioskWindow(idle_reset_ms=60_000)
    qtbot.addWidget(window)
    window.show()
    connect_store(window, settings, SecretStore(backend=keyring.backends.fail.Keyring()))
    welcome = window.wizard.welcome
    assert welcome.problem.text() == NO_KEYRING_MESSAGE
    assert welcome.problem.isVisible()
    assert not welcome.start.isEnabled()
