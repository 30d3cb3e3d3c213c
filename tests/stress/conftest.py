"""Fixtures of the stress tests (tests/stress/); the shared ones are in tests/conftest.py."""

from __future__ import annotations

import pytest


@pytest.fixture
def two_stores_on_one_folder(settings):
    """Two stores opened separately on one data folder, with one (the laptop's) keyring:
    (the first store, the second, the keyring backend)."""
    from support.keyrings import MemoryKeyring
    from support.store import set_up_hr

    from zzsign.security.keyring_store import SecretStore
    from zzsign.services.store import open_store

    backend = MemoryKeyring()
    first = open_store(settings, SecretStore(backend=backend))
    set_up_hr(first.sessions)
    second = open_store(settings, SecretStore(backend=backend))
    yield first, second, backend
    first.close()
    second.close()
