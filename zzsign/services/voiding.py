"""Voiding a record: HR says why; the void is a signed, chained entry and nothing is deleted."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy.exc import SQLAlchemyError

from zzsign.domain.clock import Clock, Timestamp, system_clock
from zzsign.domain.messages import QT_TRANSLATE_NOOP, Message
from zzsign.domain.voids import VoidEntry, clean_reason
from zzsign.security.chain import LinkKind, payload_sha256
from zzsign.services.errors import UserFacingError
from zzsign.services.record_writer import append_link, remember_chain_head
from zzsign.services.store import Store
from zzsign.store.errors import describe_storage_failure
from zzsign.store.records import RecordRepository, StoredLink

log = logging.getLogger(__name__)
VOIDED_BY_HR = "HR"


class VoidReasonError(UserFacingError):
    """The reason given for voiding cannot be used (usage error)."""


class VoidRefusedError(UserFacingError):
    """The record cannot be voided: it does not exist, or it was voided already."""


class VoidFailedError(UserFacingError):
    """The store could not be written; nothing was voided."""


@dataclass(frozen=True)
class VoidReceipt:
    """What was written: the void and the chain entry that covers it."""

    record_id: str
    reason: str
    voided_at: Timestamp
    voided_by: str
    link: StoredLink


def void_record(
    store: Store,
    record_id: str,
    reason: str,
    clock: Clock = system_clock,
    voided_by: str = VOIDED_BY_HR,
) -> VoidReceipt:
    """Void ``record_id`` for ``reason``, as a signed link of this installation's chain."""
    cleaned, problem = clean_reason(reason)
    if problem is not None:
        raise VoidReasonError(problem)
    record_id = record_id.strip()
    try:
        with store.sessions.begin() as db:
            records = RecordRepository(db)
            if not records.has_record(record_id):
                raise VoidRefusedError(
                    Message(
                        QT_TRANSLATE_NOOP(
                            "Messages",
                            "There is no record {record_id} in this store; check the record ID.",
                        ),
                        record_id=record_id,
                    )
                )
            earlier = records.void_of(record_id)
            if earlier is not None:
                raise VoidRefusedError(
                    Message(
                        QT_TRANSLATE_NOOP(
                            "Messages",
                            "Record {record_id} was already voided on {day}; a record can be "
                            "voided only once.",
                        ),
                        record_id=record_id,
                        day=earlier.at.utc_iso[:10],
                    )
                )
            entry = VoidEntry(record_id, cleaned, clock(), voided_by, store.installation_id)
            records.add_void(entry)
            stored = append_link(
                records,
                store.signer,
                store.installation_id,
                LinkKind.VOID,
                record_id,
                payload_sha256(entry.payload()),
            )
    except (SQLAlchemyError, OSError) as exc:
        log.error("Voiding failed: %s", type(exc).__name__)
        raise VoidFailedError(describe_storage_failure(exc)) from exc
    remember_chain_head(store, (stored.sequence, stored.entry_sha256))
    log.info("Record %s voided", record_id)
    return VoidReceipt(record_id, cleaned, entry.at, voided_by, stored)
