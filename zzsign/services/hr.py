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
from zzsign.services.errors import StorageFaultError, UserFacingError
from zzsign.store.errors import PERMISSION_DENIED, describe_storage_failure
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

#: What HR reads at a kiosk whose database role may not read HR's wrapped key.
KIOSK_ONLY = Message(
    QT_TRANSLATE_NOOP(
        "Messages",
        "This kiosk holds only HR's public key, so HR's records cannot be opened here; use "
        "the HR station.",
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
    ) -> None:
        """``wrapping_cost`` overrides the argon2id cost (tests use a cheap one)."""
        self._sessions = sessions
        self._clock = clock
        self._now = now
        self._wrapping_cost = wrapping_cost or {}

    def is_set_up(self) -> bool:
        """Whether HR has set a password (and so a key exists)."""
        with self._sessions() as db:
            return RecordRepository(db).hr_public_key() is not None

    def fingerprint(self) -> str:
        """HR's fingerprint (``SHA256:`` and 64 hex digits) of HR's sealing public key, the one
        records are sealed to now; raises :class:`HrNotSetUpError` before HR has set up."""
        with self._sessions() as db:
            key = RecordRepository(db).hr_public_key()
        if key is None:
            raise HrNotSetUpError()
        return public_key_fingerprint(bytes.fromhex(key.public_key))

    def set_up(self, password: str) -> None:
        """First HR use: create HR's key pair, wrapped under ``password``."""
        try:
            hr_password.check_new_password(password)
        except hr_password.WeakPasswordError as weak:
            raise HrPasswordError(weak.message) from weak
        pair = sealing.generate_hr_key_pair()
        wrapped = hr_password.wrap_private_key(pair.private_key, password, **self._wrapping_cost)
        with self._sessions.begin() as db:
            hold_lock(db, SET_UP_KEY)  # two first uses at once on a database server: one key
            records = RecordRepository(db)
            if records.hr_public_key() is not None:
                raise HrPasswordError(
                    Message(
                        QT_TRANSLATE_NOOP(
                            "Messages", "The HR password is already set; use Change password."
                        )
                    )
                )
            records.add_hr_key(pair.public_key.hex(), wrapped.to_json(), self._clock())

    def unlock(self, password: str) -> bytes:
        """HR's private key, if ``password`` is right and no waiting time is pending. A
        database that refuses to hand out the wrapped key (to a user of the kiosk role) raises
        :class:`StorageFaultError` saying so, as any other storage failure, with its sentence."""
        try:
            with self._sessions() as db:
                key = RecordRepository(db).hr_key()
        except SQLAlchemyError as exc:
            log.error("Could not read HR's key: %s", type(exc).__name__)
            failure = describe_storage_failure(exc)
            raise StorageFaultError(
                KIOSK_ONLY if failure == PERMISSION_DENIED else failure
            ) from exc
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
        try:
            private_key = hr_password.unwrap_private_key(
                hr_password.WrappedKey.from_json(key.wrapped_private_key), password
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
        return private_key

    def change_password(self, old_password: str, new_password: str) -> None:
        """Re-wrap HR's key under a new password (records are not touched)."""
        self.unlock(old_password)
        with self._sessions() as db:
            key = RecordRepository(db).hr_key()
        assert key is not None
        try:
            wrapped = hr_password.rewrap(
                hr_password.WrappedKey.from_json(key.wrapped_private_key),
                old_password,
                new_password,
            )
        except hr_password.WeakPasswordError as weak:
            raise HrPasswordError(weak.message) from weak
        with self._sessions.begin() as db:
            RecordRepository(db).rewrap_hr_key(key.id, wrapped.to_json())

    def _save_attempts(self, key_id: int, attempts: hr_password.AttemptState) -> None:
        with self._sessions.begin() as db:
            RecordRepository(db).set_unlock_attempts(
                key_id, attempts.failures, attempts.last_failure_at
            )


def _seconds(count: int) -> Message:
    if count == 1:
        return Message(QT_TRANSLATE_NOOP("Messages", "1 second"))
    return Message(QT_TRANSLATE_NOOP("Messages", "{count} seconds"), count=count)
