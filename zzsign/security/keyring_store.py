"""This installation's secrets in the OS keyring (``keyring`` package, service ``zzsign``).

The only module that talks to ``keyring``. ``PYTHON_KEYRING_BACKEND`` and ``keyringrc.cfg`` are
honoured through the package's own selection; when neither chooses, the platform's own backend
is taken directly (see :func:`default_backend`). It refuses backends that are not recommended
(fail, null, plaintext, a chainer with nothing secure in it) and never falls back to a file of
its own. Every failure becomes a :class:`KeyringUnavailableError` (or
:class:`KeyringLockedError`) whose ``message`` is one sentence saying what to do. Logs carry the
backend name and the error type only, never names of secrets or their values.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar, cast

import keyring
import keyring.backend
import keyring.core
import keyring.errors
import keyring.util.platform_
from keyring.backends import chainer, fail, null

from zzsign.domain.messages import QT_TRANSLATE_NOOP, Message

if TYPE_CHECKING:
    from keyring.backends import SecretService

log = logging.getLogger(__name__)

SERVICE_NAME = "zzsign"

NO_KEYRING_MESSAGE = Message(
    QT_TRANSLATE_NOOP(
        "Messages",
        "No secure password store (keyring) is available on this computer, so zzsign cannot "
        "protect its signing key; ask IT to install or unlock one (for example GNOME Keyring or "
        "KWallet).",
    )
)
LOCKED_MESSAGE = Message(
    QT_TRANSLATE_NOOP(
        "Messages",
        "The password store (keyring) is locked; unlock it (log in again or open your keyring app) "
        "and try again.",
    )
)
FAILED_MESSAGE = Message(
    QT_TRANSLATE_NOOP(
        "Messages",
        "The password store (keyring) could not be used, so zzsign cannot protect its signing key; "
        "make sure it is running and unlocked (log in again or ask IT) and try again.",
    )
)
BAD_CHOICE_MESSAGE = Message(
    QT_TRANSLATE_NOOP(
        "Messages",
        "The password store (keyring) chosen in PYTHON_KEYRING_BACKEND or keyringrc.cfg could not "
        "be loaded; correct or remove that setting and try again.",
    )
)

# Name probed by check(); never written.
_PROBE_NAME = "zzsign-keyring-probe"

# D-Bus error the Secret Service returns for an operation on a locked collection or item.
_DBUS_IS_LOCKED = "org.freedesktop.Secret.Error.IsLocked"

_T = TypeVar("_T")


class KeyringUnavailableError(Exception):
    """No usable keyring, or it is locked. ``.message`` is one sentence saying what to do."""

    message: str

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class KeyringLockedError(KeyringUnavailableError):
    """The keyring exists but is locked (and was not unlocked when asked)."""

    def __init__(self, message: str = LOCKED_MESSAGE) -> None:
        super().__init__(message)


def _locked_exception_types() -> tuple[type[BaseException], ...]:
    """Exception types meaning "locked": keyring's own, plus secretstorage's where installed."""
    types: list[type[BaseException]] = [keyring.errors.KeyringLocked]
    try:
        from secretstorage.exceptions import LockedException, PromptDismissedException
    except ImportError:  # not on Windows or macOS
        pass
    else:
        types += [LockedException, PromptDismissedException]
    return tuple(types)


def _not_available_exception_types() -> tuple[type[BaseException], ...]:
    """Exception types meaning "there is no keyring to talk to"."""
    types: list[type[BaseException]] = [keyring.errors.NoKeyringError]
    try:
        from secretstorage.exceptions import SecretServiceNotAvailableException
    except ImportError:
        pass
    else:
        types.append(SecretServiceNotAvailableException)
    return tuple(types)


def _is_locked(exc: BaseException) -> bool:
    """Whether ``exc`` (or what caused it) says the keyring is locked."""
    seen: set[int] = set()
    current: BaseException | None = exc
    locked_types = _locked_exception_types()
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, locked_types):
            return True
        if getattr(current, "name", None) == _DBUS_IS_LOCKED:  # jeepney's DBusErrorResponse
            return True
        current = current.__cause__ or current.__context__
    return False


#: The backend ``keyring`` itself ranks first on each platform when nothing else is installed
#: (priority 5): the Secret Service (GNOME Keyring, KeePassXC, KWallet's Secret Service), the
#: Windows Credential Locker, the macOS Keychain.
PLATFORM_BACKENDS = {
    "linux": "keyring.backends.SecretService.Keyring",
    "win32": "keyring.backends.Windows.WinVaultKeyring",
    "darwin": "keyring.backends.macOS.Keyring",
}

_choosing = threading.Lock()
_chosen = False


def default_backend() -> keyring.backend.KeyringBackend:
    """The backend of a :class:`SecretStore` given none: chosen once a process, then kept.

    ``PYTHON_KEYRING_BACKEND`` or a ``keyringrc.cfg`` in keyring's config folder: keyring's own
    selection, as they say. Neither: the platform's own backend (:data:`PLATFORM_BACKENDS`),
    loaded as keyring loads a named one (its ``priority`` raises when it cannot work here) and
    taken if recommended, with :func:`keyring.set_keyring`. That spares, before *Start*, the
    search through every installed package's entry points and the loading of every other
    backend (the macOS one runs ``ldconfig`` and ``gcc`` on Linux): 91 ms to 16 ms (medians) on
    a busy 2-CPU machine. When it is not viable (no Secret Service on the bus, say), keyring's
    full selection decides, as before. A laptop meant to use a backend keyring would put before
    or beside the platform's (KWallet's own API through python-dbus, a plugin) names it in
    ``PYTHON_KEYRING_BACKEND`` or ``keyringrc.cfg``. Raises what :func:`keyring.get_keyring`
    raises for a backend that cannot be loaded.
    """
    global _chosen
    with _choosing:
        if not _chosen:
            if not _choice_is_configured():
                platform_backend = _viable_platform_backend()
                if platform_backend is not None:
                    keyring.set_keyring(platform_backend)
            _chosen = True
        return keyring.get_keyring()


def _choice_is_configured() -> bool:
    """Whether ``PYTHON_KEYRING_BACKEND`` or a ``keyringrc.cfg`` (read by keyring) is there."""
    if "PYTHON_KEYRING_BACKEND" in os.environ:
        return True
    try:
        return (keyring.util.platform_.config_root() / "keyringrc.cfg").exists()
    except (OSError, RuntimeError):  # no home folder to look in: let keyring itself look
        return True


def _viable_platform_backend() -> keyring.backend.KeyringBackend | None:
    """This platform's own backend, if it works here and is recommended; None otherwise."""
    name = next(
        (name for prefix, name in PLATFORM_BACKENDS.items() if sys.platform.startswith(prefix)),
        None,
    )
    if name is None:
        return None
    try:
        backend = keyring.core.load_keyring(name)  # checks its priority, as for a named one
        if keyring.core.recommended(backend):
            return backend
    except Exception as exc:  # keyring's full selection decides, and says why
        log.info("Keyring %s is not viable here: %s", name.rsplit(".", 2)[-2], type(exc).__name__)
    return None


class SecretStore:
    """Secrets of this installation in the OS keyring (service 'zzsign')."""

    def __init__(
        self,
        service: str = SERVICE_NAME,
        backend: keyring.backend.KeyringBackend | None = None,
    ) -> None:
        """Use ``backend``, or (if None) :func:`default_backend`, resolved on first use."""
        self._service = service
        self._backend = backend
        self._vetted = False

    # -- public API ---------------------------------------------------------------------------

    @property
    def backend_name(self) -> str:
        """Display name of the backend, e.g. "SecretService Keyring" (for messages and logs)."""
        try:
            backend = self._resolve()
        except KeyringUnavailableError:
            return "unavailable"
        return _name_of(backend)

    def check(self) -> None:
        """Raise KeyringUnavailableError unless the keyring is secure, reachable and unlocked."""
        self._vetted = False
        backend = self._vet()
        self._call("check", backend.get_password, self._service, _PROBE_NAME)

    def get(self, name: str) -> str | None:
        """The secret stored under ``name``, or None if there is none."""
        _check_name(name)
        backend = self._vet()
        value = self._call("get", backend.get_password, self._service, name)
        if value is not None and not isinstance(value, str):
            log.warning("Keyring %s returned a %s", _name_of(backend), type(value).__name__)
            raise KeyringUnavailableError(FAILED_MESSAGE)
        return value

    def set(self, name: str, value: str) -> None:
        """Store ``value`` under ``name``, replacing any previous value."""
        _check_name(name)
        if not isinstance(value, str):
            raise TypeError("secret values are str; base64-encode bytes first")
        backend = self._vet()
        self._call("set", backend.set_password, self._service, name, value)

    def delete(self, name: str) -> None:
        """Remove the secret stored under ``name``; nothing happens if there is none."""
        _check_name(name)
        backend = self._vet()
        try:
            backend.delete_password(self._service, name)
        except keyring.errors.PasswordDeleteError as exc:
            # Most backends say "not found" this way; make sure that is all it meant.
            if self._call("delete", backend.get_password, self._service, name) is not None:
                raise self._translate(exc, "delete") from None
        except Exception as exc:
            raise self._translate(exc, "delete") from None

    # -- internals ------------------------------------------------------------------------------

    def _resolve(self) -> keyring.backend.KeyringBackend:
        """The backend to use: the one given, or :func:`default_backend`."""
        if self._backend is None:
            try:
                self._backend = default_backend()
            except RuntimeError as exc:  # the chosen backend cannot work here
                log.warning("Keyring backend is not viable: %s", type(exc).__name__)
                raise KeyringUnavailableError(NO_KEYRING_MESSAGE) from None
            except Exception as exc:  # a misspelt or missing backend class
                log.warning("Keyring backend could not be loaded: %s", type(exc).__name__)
                raise KeyringUnavailableError(BAD_CHOICE_MESSAGE) from None
        return self._backend

    def _vet(self) -> keyring.backend.KeyringBackend:
        """The backend, once it is known to be a recommended (secure) one."""
        backend = self._resolve()
        if self._vetted:
            return backend
        name = _name_of(backend)
        if isinstance(backend, fail.Keyring | null.Keyring):
            log.warning("Keyring %s is not a usable backend", name)
            raise KeyringUnavailableError(NO_KEYRING_MESSAGE)
        try:
            if isinstance(backend, chainer.ChainerBackend):
                # Writes go to the first chained backend; it must be a secure one.
                chained = list(backend.backends)
                usable = bool(chained) and keyring.core.recommended(chained[0])
            else:
                # priority raises RuntimeError when the backend cannot work here.
                usable = keyring.core.recommended(backend)
        except Exception as exc:
            log.warning("Keyring %s is not viable: %s", name, type(exc).__name__)
            raise KeyringUnavailableError(NO_KEYRING_MESSAGE) from None
        if not usable:
            log.warning("Keyring %s is not recommended (insecure or empty)", name)
            raise KeyringUnavailableError(NO_KEYRING_MESSAGE)
        self._vetted = True
        return backend

    def _call(self, action: str, func: Callable[..., _T], *args: str) -> _T:
        """Run one backend call, translating whatever it raises."""
        try:
            return func(*args)
        except Exception as exc:
            raise self._translate(exc, action) from None

    def _translate(self, exc: BaseException, action: str) -> KeyringUnavailableError:
        """The one-sentence error for ``exc``; logs the backend name and error type only."""
        log.warning("Keyring %s failed to %s: %s", self.backend_name, action, type(exc).__name__)
        if _is_locked(exc):
            return KeyringLockedError(LOCKED_MESSAGE)
        if isinstance(exc, _not_available_exception_types()):
            return KeyringUnavailableError(NO_KEYRING_MESSAGE)
        return KeyringUnavailableError(FAILED_MESSAGE)


class HeldConnection:
    """``get`` and ``set`` over one connection to the keyring, for a thread that writes often.

    With the Secret Service (keyring's SecretService backend) one D-Bus connection and one
    session are opened on first use and kept until :meth:`close` (or until a call fails), so a
    read and a write cost three round trips instead of a new connection and session each; it
    never prompts to unlock (a locked keyring raises :class:`KeyringLockedError`). Any other
    backend is called through the :class:`SecretStore` as usual. Use it from one thread only.
    """

    def __init__(self, store: SecretStore) -> None:
        self._store = store
        self._collection = None  # secretstorage.Collection, on its own connection

    def get(self, name: str) -> str | None:
        """The secret stored under ``name``, or None if there is none."""
        collection = self._secret_service_collection()
        if collection is None:
            return self._store.get(name)
        _check_name(name)
        try:
            for item in collection.search_items(self._query(name)):
                return item.get_secret().decode("utf-8")
        except Exception as exc:
            self.close()
            raise self._store._translate(exc, "get") from None
        return None

    def set(self, name: str, value: str) -> None:
        """Store ``value`` under ``name``, replacing any previous value."""
        collection = self._secret_service_collection()
        if collection is None:
            self._store.set(name, value)
            return
        _check_name(name)
        attributes = self._query(name, application=self._secret_service().appid)
        try:
            collection.create_item(
                f"Password for '{name}' on '{self._store._service}'",
                attributes,
                value,
                replace=True,
            )
        except Exception as exc:
            self.close()
            raise self._store._translate(exc, "set") from None

    def close(self) -> None:
        """Close the kept connection, if any (the next call opens a new one)."""
        collection, self._collection = self._collection, None
        if collection is not None:
            with contextlib.suppress(Exception):
                collection.connection.close()

    def _query(self, name: str, **extra: str) -> dict[str, str]:
        """The item attributes keyring itself uses for ``name`` (its scheme honoured)."""
        return self._secret_service()._query(self._store._service, name, **extra)

    def _secret_service(self) -> SecretService.Keyring:
        """The backend, known to be the Secret Service once a collection is kept."""
        return cast("SecretService.Keyring", self._store._vet())

    def _secret_service_collection(self):  # -> secretstorage.Collection | None
        """The kept collection when the backend is the Secret Service; None otherwise."""
        if self._collection is not None:
            return self._collection
        backend = self._store._vet()
        from keyring.backends import SecretService

        if type(backend) is not SecretService.Keyring:
            return None
        import secretstorage

        try:
            connection = secretstorage.dbus_init()
        except Exception as exc:
            raise self._store._translate(exc, "connect") from None
        try:
            preferred = getattr(backend, "preferred_collection", None)
            self._collection = (
                secretstorage.Collection(connection, preferred)
                if preferred
                else secretstorage.get_default_collection(connection)
            )
        except Exception as exc:
            connection.close()
            raise self._store._translate(exc, "connect") from None
        return self._collection


def _name_of(backend: keyring.backend.KeyringBackend) -> str:
    """A backend's display name."""
    name = getattr(backend, "name", None)
    return name if isinstance(name, str) and name else type(backend).__name__


def _check_name(name: str) -> None:
    """Names are non-empty str (a programming error otherwise, not a keyring problem)."""
    if not isinstance(name, str) or not name:
        raise ValueError("secret names are non-empty str")
