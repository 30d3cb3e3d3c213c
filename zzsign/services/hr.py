"""HR's password and keys: made on first use, unlocked with a growing delay, re-wrapped by a
new password (a new entry of HR's keys: they are append-only), pinned on the laptop HR uses."""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from zzsign.domain.clock import Clock, system_clock
from zzsign.domain.messages import QT_TRANSLATE_NOOP, Message
from zzsign.security import hr_password, hr_signing, sealing
from zzsign.security.fingerprints import public_key_fingerprint
from zzsign.security.hr_pin import HrPin, PinnedHrKeys
from zzsign.security.hr_station_secret import keep_new_station_secret, read_station_secret
from zzsign.security.keyring_store import KeyringUnavailableError, SecretStore
from zzsign.services.errors import UserFacingError
from zzsign.store.errors import PERMISSION_DENIED, describe_storage_failure
from zzsign.store.hr_keys import HrKeyEntry, HrKeyRepository
from zzsign.store.locks import SET_UP_KEY, hold_lock

log = logging.getLogger(__name__)

NOT_SET_UP = Message(
    QT_TRANSLATE_NOOP(
        "Messages",
        "This laptop is not ready for signing yet: HR must first set the HR password (from "
        "the kiosk's HR… entry, or zzsign hr-password).",
    )
)

STATION_SECRET_MISSING = Message(
    QT_TRANSLATE_NOOP(
        "Messages",
        "This computer's keyring does not hold the HR station's secret that joins the HR "
        "password, so HR's key cannot be opened here; use the HR station, or ask IT to restore "
        "the HR station's keyring from the copy kept with its backups.",
    )
)


#: What a laptop says when the records database's HR key is not the one pinned in its keyring.
HR_KEY_NOT_PINNED = Message(
    QT_TRANSLATE_NOOP(
        "Messages",
        "The records database names an HR key this laptop was not enrolled with, so nothing "
        "will be signed; ask HR to check this laptop's enrolment.",
    )
)


class HrKeyNotPinnedError(UserFacingError):
    """The newest HR key in the store is not the one pinned on this laptop: nothing may be
    sealed to it (someone who can write the database may have added it)."""

    def __init__(self) -> None:
        super().__init__(HR_KEY_NOT_PINNED)


class HrPasswordError(UserFacingError):
    """The HR password was refused (wrong, too weak, or tried too soon after failures)."""


class HrNotSetUpError(UserFacingError):
    """No HR key exists yet, so nothing can be sealed to HR."""

    def __init__(self) -> None:
        super().__init__(NOT_SET_UP)


#: What a kiosk says when asked for something only HR's private key can do.
HR_STATION_ONLY = Message(
    QT_TRANSLATE_NOOP("Messages", "This kiosk holds only HR's public key; use the HR station.")
)
#: What ``zzsign hr fingerprint`` says on a store whose HR keys predate HR's signing key.
NO_SIGNING_KEY_YET = Message(
    QT_TRANSLATE_NOOP(
        "Messages",
        "HR has no signing key on this store yet; run zzsign hr init with the HR password to "
        "make it.",
    )
)


class HrStationOnlyError(UserFacingError):
    """This store holds only HR's public keys (a kiosk): HR's private keys are elsewhere."""

    def __init__(self) -> None:
        super().__init__(HR_STATION_ONLY)


@dataclass(frozen=True)
class HrPrivateKeys:
    """HR's private keys, unlocked: the X25519 sealing key and the Ed25519 signing key (raw),
    and the entry of HR's keys they belong to."""

    sealing: bytes = field(repr=False)
    signing: bytes = field(repr=False)
    entry: HrKeyEntry


class HrAccess:
    """Setting, checking and changing the HR password over one store, and HR's keys there."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        clock: Clock = system_clock,
        now: Callable[[], float] = time.time,
        wrapping_cost: dict[str, int] | None = None,
        *,
        pin: HrPin | None = None,
        secrets: SecretStore | None = None,
    ) -> None:
        """``wrapping_cost`` overrides the argon2id cost (tests use a cheap one); ``pin``: this
        laptop's pin of HR's public keys for the store, written when HR sets up or unlocks
        here (none: nothing is pinned). ``secrets`` is the keyring of the computer where HR
        works (the HR station): a password HR sets or changes then wraps HR's keys joined by a
        secret kept there (format 2), and keys wrapped more cheaply than today's cost are
        wrapped again at their next unlock. Without it, new wraps use the password alone,
        format-2 wraps do not open, and nothing is wrapped again."""
        self._sessions = sessions
        self._clock = clock
        self._now = now
        self._wrapping_cost = {
            "time_cost": hr_password.DEFAULT_TIME_COST,
            "memory_cost_kib": hr_password.DEFAULT_MEMORY_COST_KIB,
            "parallelism": hr_password.DEFAULT_PARALLELISM,
            **(wrapping_cost or {}),
        }
        self._pin = pin
        self._secrets = secrets
        self._station_secrets: dict[str, hr_password.StationSecret] = {}

    @classmethod
    def on_this_computer(cls, sessions: sessionmaker[Session]) -> HrAccess:
        """HR's access where HR works (the command line): with this computer's keyring, where
        the HR station's secret that joins the HR password is kept."""
        return cls(sessions, secrets=SecretStore())

    def is_set_up(self) -> bool:
        """Whether HR's keys are known here (HR set a password, or this kiosk was enrolled)."""
        with self._sessions() as db:
            return HrKeyRepository(db).newest() is not None

    def holds_private_keys(self) -> bool:
        """Whether this store holds HR's wrapped private keys and this laptop may read them (an
        HR station): a kiosk's store holds none, and a kiosk's database role may not read them
        on a shared database."""
        try:
            newest = self._private_entry()
        except HrStationOnlyError:
            return False
        return newest is not None and newest.holds_private_keys

    def _private_entry(self) -> HrKeyEntry | None:
        """The newest entry with its wrapped private keys; :class:`HrStationOnlyError` where the
        database refuses to hand them out (a user of the kiosk role)."""
        with self._sessions() as db:
            return self._private_entry_in(db)

    @staticmethod
    def _private_entry_in(db: Session) -> HrKeyEntry | None:
        try:
            return HrKeyRepository(db).newest(private=True)
        except SQLAlchemyError as exc:
            if describe_storage_failure(exc) == PERMISSION_DENIED:
                log.warning("The database refused HR's wrapped keys to this laptop's role")
                raise HrStationOnlyError() from exc
            raise

    def keys(self) -> HrKeyEntry:
        """HR's keys now; raises :class:`HrNotSetUpError` before HR has set up."""
        with self._sessions() as db:
            entry = HrKeyRepository(db).newest()
        if entry is None:
            raise HrNotSetUpError()
        return entry

    def fingerprint(self) -> str:
        """HR's fingerprint (``SHA256:`` and 64 hex digits): of HR's signing public key, which
        vouches for the rest of HR's keys (see :mod:`zzsign.security.hr_signing`). Raises
        :class:`HrNotSetUpError` before HR has set up, :class:`HrPasswordError` if HR's keys
        predate the signing key (made at HR's next unlock)."""
        entry = self.keys()
        if entry.signing_public_key is None:
            raise HrPasswordError(NO_SIGNING_KEY_YET)
        return public_key_fingerprint(bytes.fromhex(entry.signing_public_key))

    def password_problem(self, password: str) -> Message | None:
        """Why ``password`` would be refused as the new HR password (one sentence), or None."""
        return hr_password.new_password_problem(password, self._user_inputs())

    def set_up(self, password: str) -> None:
        """First HR use: create HR's sealing and signing keys, wrapped under ``password`` (and
        the station's secret, when this HrAccess has the keyring), and pin their public halves
        on this laptop."""
        self._check_new_password(password)
        sealing_pair = sealing.generate_hr_key_pair()
        signing_pair = hr_signing.generate_signing_key_pair()
        station_secret = self._new_station_secret()
        wrapped, wrapped_signing = (
            hr_password.wrap_again(
                private_key, password, station_secret=station_secret, **self._wrapping_cost
            )
            for private_key in (sealing_pair.private_key, signing_pair.private_key)
        )
        with self._sessions.begin() as db:
            hold_lock(db, SET_UP_KEY)  # two first uses at once on a database server: one key
            keys = HrKeyRepository(db)
            if keys.newest() is not None:
                held = self._private_entry_in(db)
                if held is None or not held.holds_private_keys:
                    raise HrStationOnlyError()
                raise HrPasswordError(
                    Message(
                        QT_TRANSLATE_NOOP(
                            "Messages", "The HR password is already set; use Change password."
                        )
                    )
                )
            key_id = keys.add(
                sealing_pair.public_key.hex(),
                at=self._clock(),
                wrapped_private_key=wrapped.to_json(),
                signing_public_key=signing_pair.public_key.hex(),
                wrapped_signing_key=wrapped_signing.to_json(),
            )
        self._pin_here(
            HrKeyEntry(
                key_id,
                sealing_pair.public_key.hex(),
                wrapped.to_json(),
                signing_pair.public_key.hex(),
                wrapped_signing.to_json(),
            ),
            replace=True,  # HR's first keys on this store: a pin left by a store before goes
        )

    def unlock(self, password: str) -> bytes:
        """HR's private sealing key, if ``password`` is right and no waiting time is pending.

        HR's keys made before HR's signing key existed gain one now (a new entry of HR's keys,
        wrapped under the same password); HR's public keys are pinned on this laptop if they
        are not yet. Raises :class:`HrStationOnlyError` on a kiosk."""
        private_key, _entry = self._unlock_sealing(password)
        return private_key

    def unlock_keys(self, password: str) -> HrPrivateKeys:
        """HR's private sealing and signing keys (as :meth:`unlock`, and the signing key too)."""
        sealing_key, entry = self._unlock_sealing(password)
        assert entry.wrapped_signing_key is not None  # _unlock_sealing made it
        wrapped = hr_password.WrappedKey.from_json(entry.wrapped_signing_key)
        signing_key = self._unwrap(wrapped, password)
        return HrPrivateKeys(sealing_key, signing_key, entry)

    def change_password(self, old_password: str, new_password: str) -> None:
        """Wrap HR's keys under a new password, as a new entry of HR's keys (the old entries
        stay, append-only; records are not touched). Keys wrapped with the password alone
        gain the station's secret now, when this HrAccess has the keyring."""
        self._check_new_password(new_password)
        keys = self.unlock_keys(old_password)
        assert keys.entry.wrapped_private_key is not None
        old = hr_password.WrappedKey.from_json(keys.entry.wrapped_private_key)
        station_secret = (
            self._station_secret_for(old)
            if old.station_secret_id is not None
            else self._new_station_secret()
        )
        wrapped, wrapped_signing = (
            hr_password.wrap_again(
                private_key, new_password, station_secret=station_secret, **self._wrapping_cost
            ).to_json()
            for private_key in (keys.sealing, keys.signing)
        )
        with self._sessions.begin() as db:
            HrKeyRepository(db).add(
                keys.entry.public_key,
                at=self._clock(),
                wrapped_private_key=wrapped,
                signing_public_key=keys.entry.signing_public_key,
                wrapped_signing_key=wrapped_signing,
            )

    # -- inside -----------------------------------------------------------------------------
    def _unlock_sealing(self, password: str) -> tuple[bytes, HrKeyEntry]:
        """HR's private sealing key and the entry it came from (one with a signing key)."""
        entry = self._private_entry()
        if entry is None:
            raise HrNotSetUpError()
        if not entry.holds_private_keys:
            raise HrStationOnlyError()
        assert entry.wrapped_private_key is not None
        fingerprint = entry.sealing_fingerprint
        with self._sessions() as db:
            failures, last = HrKeyRepository(db).unlock_attempts(fingerprint)
        attempts = hr_password.AttemptState(failures, last)
        wait = attempts.seconds_to_wait(self._now())
        if wait > 0:
            raise HrPasswordError(
                Message(
                    QT_TRANSLATE_NOOP(
                        "Messages", "Too many wrong HR passwords; wait {wait} and try again."
                    ),
                    wait=_seconds(math.ceil(wait)),
                )
            )
        wrapped = hr_password.WrappedKey.from_json(entry.wrapped_private_key)
        try:
            private_key = self._unwrap(wrapped, password)
        except hr_password.WrongPasswordError as wrong:
            attempts = attempts.after_failure(self._now())
            self._save_attempts(fingerprint, attempts)
            delay = hr_password.delay_after_failures(attempts.failures)
            if delay:
                refusal = Message(
                    QT_TRANSLATE_NOOP(
                        "Messages",
                        "The HR password is not correct. Wait {wait} before the next try.",
                    ),
                    wait=_seconds(math.ceil(delay)),
                )
            else:
                refusal = Message(QT_TRANSLATE_NOOP("Messages", "The HR password is not correct."))
            raise HrPasswordError(refusal) from wrong
        if attempts.failures:
            self._save_attempts(fingerprint, attempts.after_success())
        if entry.wrapped_signing_key is None:
            entry = self._add_signing_key(entry, password)
        entry = self._strengthen(entry, wrapped, private_key, password)
        self._pin_here(entry)
        return private_key, entry

    def _unwrap(self, wrapped: hr_password.WrappedKey, password: str) -> bytes:
        """A private key of HR's opened by ``password`` (and the station's secret it needs)."""
        return hr_password.unwrap_private_key(
            wrapped, password, station_secret=self._station_secret_for(wrapped)
        )

    def _strengthen(
        self,
        entry: HrKeyEntry,
        wrapped: hr_password.WrappedKey,
        sealing_key: bytes,
        password: str,
    ) -> HrKeyEntry:
        """Where HR works (this HrAccess has the keyring: the app, the command line), wrap HR's
        keys again, just opened with ``password``, when their wrap is cheaper than today's
        cost: a new entry of HR's keys (append-only), the wraps keeping their format.

        A format-1 wrap gets the station's secret only when HR sets a new password: on a store
        that several laptops share, the first laptop HR happened to unlock on would otherwise
        become, unannounced, the only one where HR's keys open. Best effort: a keyring or
        database that fails leaves the old entry, which still opens, for next time; keys changed
        meanwhile are left alone."""
        cost = self._wrapping_cost
        if self._secrets is None or not wrapped.costs_less_than(
            cost["time_cost"], cost["memory_cost_kib"]
        ):
            return entry
        try:
            assert entry.wrapped_signing_key is not None
            signing_key = self._unwrap(
                hr_password.WrappedKey.from_json(entry.wrapped_signing_key), password
            )
            station_secret = self._station_secret_for(wrapped)
            stronger, stronger_signing = (
                hr_password.wrap_again(
                    private_key, password, station_secret=station_secret, **cost
                ).to_json()
                for private_key in (sealing_key, signing_key)
            )
            with self._sessions.begin() as db:
                hold_lock(db, SET_UP_KEY)
                keys = HrKeyRepository(db)
                newest = keys.newest()
                if newest is None or newest.id != entry.id:
                    return entry
                key_id = keys.add(
                    entry.public_key,
                    at=self._clock(),
                    wrapped_private_key=stronger,
                    signing_public_key=entry.signing_public_key,
                    wrapped_signing_key=stronger_signing,
                )
        except (UserFacingError, SQLAlchemyError, OSError, hr_password.WrongPasswordError) as e:
            log.warning("HR's keys were not wrapped again: %s", type(e).__name__)
            return entry
        log.info("HR's keys were wrapped again at today's cost")
        return HrKeyEntry(
            key_id, entry.public_key, stronger, entry.signing_public_key, stronger_signing
        )

    def _check_new_password(self, password: str) -> None:
        try:
            hr_password.check_new_password(password, self._user_inputs())
        except hr_password.WeakPasswordError as weak:
            raise HrPasswordError(weak.message) from weak

    def _user_inputs(self) -> tuple[str, ...]:
        """Words a guesser would try on this store's HR password: its work email domains and
        their names (``zzservers.com``, ``zzservers``)."""
        from zzsign.services.email_domains import allowed_email_domains

        domains = allowed_email_domains(self._sessions)
        return (*domains, *(domain.split(".")[0] for domain in domains))

    def _new_station_secret(self) -> hr_password.StationSecret | None:
        """A new secret kept in the keyring, for a new wrap; None without a keyring."""
        if self._secrets is None:
            return None
        try:
            secret = keep_new_station_secret(self._secrets)
        except KeyringUnavailableError as unavailable:
            raise HrPasswordError(unavailable.message) from unavailable
        self._station_secrets[secret.secret_id] = secret
        return secret

    def _station_secret_for(
        self, wrapped: hr_password.WrappedKey
    ) -> hr_password.StationSecret | None:
        """The station secret ``wrapped`` needs (None for a format-1 wrap); read once from the
        keyring, then kept. Raises HrPasswordError when it is missing or the keyring fails."""
        secret_id = wrapped.station_secret_id
        if secret_id is None:
            return None
        if secret_id not in self._station_secrets:
            secret = None
            if self._secrets is not None:
                try:
                    secret = read_station_secret(self._secrets, secret_id)
                except KeyringUnavailableError as unavailable:
                    raise HrPasswordError(unavailable.message) from unavailable
            if secret is None:
                log.warning("The HR station secret is not in this computer's keyring")
                raise HrPasswordError(STATION_SECRET_MISSING)
            self._station_secrets[secret_id] = secret
        return self._station_secrets[secret_id]

    def _add_signing_key(self, entry: HrKeyEntry, password: str) -> HrKeyEntry:
        """HR's keys as they were, with a new signing key: a new entry (the first unlock of
        HR's keys made before HR had a signing key). Wrapped like the sealing key."""
        pair = hr_signing.generate_signing_key_pair()
        wrapped = self._wrap_like(pair.private_key, password, entry.wrapped_private_key)
        with self._sessions.begin() as db:
            hold_lock(db, SET_UP_KEY)  # two unlocks at once: one signing key
            keys = HrKeyRepository(db)
            newest = keys.newest()
            if newest is not None and newest.id != entry.id:
                return newest  # made meanwhile by another unlock (or HR's keys changed)
            key_id = keys.add(
                entry.public_key,
                at=self._clock(),
                wrapped_private_key=entry.wrapped_private_key,
                signing_public_key=pair.public_key.hex(),
                wrapped_signing_key=wrapped,
            )
        log.info("HR's signing key was made (HR's keys predated it)")
        return HrKeyEntry(
            key_id, entry.public_key, entry.wrapped_private_key, pair.public_key.hex(), wrapped
        )

    def _wrap_like(self, private_key: bytes, password: str, like: str | None) -> str:
        """``private_key`` wrapped under ``password`` (in use: not checked again) like the wrap
        ``like``: at its argon2id cost, with its station secret (or this access's cost)."""
        cost = dict(self._wrapping_cost)
        station_secret = None
        if like is not None:
            old = hr_password.WrappedKey.from_json(like)
            cost = {
                "time_cost": old.time_cost,
                "memory_cost_kib": old.memory_cost_kib,
                "parallelism": old.parallelism,
            }
            station_secret = self._station_secret_for(old)
        return hr_password.wrap_again(
            private_key, password, station_secret=station_secret, **cost
        ).to_json()

    def _pin_here(self, entry: HrKeyEntry, *, replace: bool = False) -> None:
        """Pin ``entry``'s public keys on this laptop, unless another key is pinned already
        and not to be replaced (a keyring that cannot be written is logged: HR goes on)."""
        if self._pin is None:
            return
        wanted = PinnedHrKeys(entry.public_key, entry.signing_public_key)
        try:
            pinned = self._pin.read()
            if pinned == wanted or (
                not replace and pinned is not None and pinned.names_another_hr_than(wanted)
            ):
                return
            self._pin.write(wanted)
        except KeyringUnavailableError as exc:
            log.warning("Could not pin HR's public keys in the keyring: %s", type(exc).__name__)

    def _save_attempts(self, fingerprint: str, attempts: hr_password.AttemptState) -> None:
        with self._sessions.begin() as db:
            HrKeyRepository(db).save_unlock_attempts(
                fingerprint, attempts.failures, attempts.last_failure_at
            )


def _seconds(count: int) -> Message:
    if count == 1:
        return Message(QT_TRANSLATE_NOOP("Messages", "1 second"))
    return Message(QT_TRANSLATE_NOOP("Messages", "{count} seconds"), count=count)
