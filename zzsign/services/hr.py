"""HR's password and key: set on first use, unlocked with a growing delay, changed by rewrap."""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from zzsign.domain.clock import Clock, system_clock
from zzsign.domain.messages import QT_TRANSLATE_NOOP, Message
from zzsign.security import hr_password, sealing
from zzsign.security.fingerprints import public_key_fingerprint
from zzsign.security.hr_station_secret import keep_new_station_secret, read_station_secret
from zzsign.security.keyring_store import KeyringUnavailableError, SecretStore
from zzsign.services.errors import UserFacingError
from zzsign.store.locks import SET_UP_KEY, hold_lock
from zzsign.store.records import RecordRepository

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


class HrPasswordError(UserFacingError):
    """The HR password was refused (wrong, too weak, or tried too soon after failures)."""


class HrNotSetUpError(UserFacingError):
    """No HR key exists yet, so nothing can be sealed to HR."""

    def __init__(self) -> None:
        super().__init__(NOT_SET_UP)


class HrAccess:
    """Setting, checking and changing the HR password over one store."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        clock: Clock = system_clock,
        now: Callable[[], float] = time.time,
        wrapping_cost: dict[str, int] | None = None,
        secrets: SecretStore | None = None,
    ) -> None:
        """``wrapping_cost`` overrides the argon2id cost (tests use a cheap one). ``secrets`` is
        the keyring of the computer where HR works (the HR station): a password HR sets or
        changes then wraps HR's key joined by a secret kept there (format 2), and a wrap cheaper
        than today's cost is wrapped again at its next unlock. Without it, new wraps use the
        password alone, format-2 wraps do not open, and nothing is wrapped again."""
        self._sessions = sessions
        self._clock = clock
        self._now = now
        self._wrapping_cost = {
            "time_cost": hr_password.DEFAULT_TIME_COST,
            "memory_cost_kib": hr_password.DEFAULT_MEMORY_COST_KIB,
            "parallelism": hr_password.DEFAULT_PARALLELISM,
            **(wrapping_cost or {}),
        }
        self._secrets = secrets
        self._station_secrets: dict[str, hr_password.StationSecret] = {}

    @classmethod
    def on_this_computer(cls, sessions: sessionmaker[Session]) -> HrAccess:
        """HR's access where HR works (the command line): with this computer's keyring, where
        the HR station's secret that joins the HR password is kept."""
        return cls(sessions, secrets=SecretStore())

    def is_set_up(self) -> bool:
        """Whether HR has set a password (and so a key exists)."""
        with self._sessions() as db:
            return RecordRepository(db).hr_key() is not None

    def fingerprint(self) -> str:
        """HR's fingerprint (``SHA256:`` and 64 hex digits) of HR's sealing public key, the one
        records are sealed to now; raises :class:`HrNotSetUpError` before HR has set up."""
        with self._sessions() as db:
            key = RecordRepository(db).hr_key()
        if key is None:
            raise HrNotSetUpError()
        return public_key_fingerprint(bytes.fromhex(key.public_key))

    def password_problem(self, password: str) -> Message | None:
        """Why ``password`` would be refused as the new HR password (one sentence), or None."""
        return hr_password.new_password_problem(password, self._user_inputs())

    def set_up(self, password: str) -> None:
        """First HR use: create HR's key pair, wrapped under ``password`` (and the station's
        secret, when this HrAccess has the keyring)."""
        try:
            hr_password.check_new_password(password, self._user_inputs())
        except hr_password.WeakPasswordError as weak:
            raise HrPasswordError(weak.message) from weak
        pair = sealing.generate_hr_key_pair()
        wrapped = hr_password.wrap_again(
            pair.private_key,
            password,
            station_secret=self._new_station_secret(),
            **self._wrapping_cost,
        )
        with self._sessions.begin() as db:
            hold_lock(db, SET_UP_KEY)  # two first uses at once on a database server: one key
            records = RecordRepository(db)
            if records.hr_key() is not None:
                raise HrPasswordError(
                    Message(
                        QT_TRANSLATE_NOOP(
                            "Messages", "The HR password is already set; use Change password."
                        )
                    )
                )
            records.add_hr_key(pair.public_key.hex(), wrapped.to_json(), self._clock())

    def unlock(self, password: str) -> bytes:
        """HR's private key, if ``password`` is right and no waiting time is pending."""
        with self._sessions() as db:
            key = RecordRepository(db).hr_key()
        if key is None:
            raise HrNotSetUpError()
        attempts = hr_password.AttemptState(key.failed_unlocks, key.last_failed_unlock_at)
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
        wrapped = hr_password.WrappedKey.from_json(key.wrapped_private_key)
        station_secret = self._station_secret_for(wrapped)
        try:
            private_key = hr_password.unwrap_private_key(
                wrapped, password, station_secret=station_secret
            )
        except hr_password.WrongPasswordError as wrong:
            attempts = attempts.after_failure(self._now())
            self._save_attempts(key.id, attempts)
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
        if key.failed_unlocks:
            self._save_attempts(key.id, attempts.after_success())
        self._strengthen(key.id, key.wrapped_private_key, wrapped, private_key, password)
        return private_key

    def change_password(self, old_password: str, new_password: str) -> None:
        """Re-wrap HR's key under a new password (records are not touched)."""
        private_key = self.unlock(old_password)
        with self._sessions() as db:
            key = RecordRepository(db).hr_key()
        assert key is not None
        try:
            hr_password.check_new_password(new_password, self._user_inputs())
        except hr_password.WeakPasswordError as weak:
            raise HrPasswordError(weak.message) from weak
        wrapped = hr_password.WrappedKey.from_json(key.wrapped_private_key)
        station_secret = (
            self._station_secret_for(wrapped)
            if wrapped.station_secret_id is not None
            else self._new_station_secret()
        )
        rewrapped = hr_password.wrap_again(
            private_key, new_password, station_secret=station_secret, **self._wrapping_cost
        )
        with self._sessions.begin() as db:
            RecordRepository(db).rewrap_hr_key(key.id, rewrapped.to_json())

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

    def _strengthen(
        self,
        key_id: int,
        stored: str,
        wrapped: hr_password.WrappedKey,
        private_key: bytes,
        password: str,
    ) -> None:
        """Where HR works (this HrAccess has the keyring: the app, the command line), wrap HR's
        key again, just opened with ``password``, when its wrap is cheaper than today's cost.

        The wrap keeps its format: a format-1 wrap gets the station's secret only when HR sets
        a new password, because on a store that several laptops share, the first laptop HR
        happened to unlock on would otherwise become, unannounced, the only one where HR's key
        opens. Best effort: a keyring or database that fails leaves the old wrap, which still
        opens, for next time; a wrap changed meanwhile (a new password) is left alone."""
        cost = self._wrapping_cost
        if self._secrets is None or not wrapped.costs_less_than(
            cost["time_cost"], cost["memory_cost_kib"]
        ):
            return
        try:
            stronger = hr_password.wrap_again(
                private_key, password, station_secret=self._station_secret_for(wrapped), **cost
            )
            with self._sessions.begin() as db:
                hold_lock(db, SET_UP_KEY)
                records = RecordRepository(db)
                current = records.hr_key()
                if current is None or current.id != key_id or current.wrapped_private_key != stored:
                    return
                records.rewrap_hr_key(key_id, stronger.to_json())
        except (UserFacingError, SQLAlchemyError, OSError) as failure:
            log.warning("HR's key was not wrapped again: %s", type(failure).__name__)
            return
        log.info("HR's key was wrapped again at today's cost (format %d)", stronger.format_version)

    def _save_attempts(self, key_id: int, attempts: hr_password.AttemptState) -> None:
        with self._sessions.begin() as db:
            RecordRepository(db).set_unlock_attempts(
                key_id, attempts.failures, attempts.last_failure_at
            )


def _seconds(count: int) -> Message:
    if count == 1:
        return Message(QT_TRANSLATE_NOOP("Messages", "1 second"))
    return Message(QT_TRANSLATE_NOOP("Messages", "{count} seconds"), count=count)
