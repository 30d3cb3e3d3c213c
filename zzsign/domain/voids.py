"""Voiding a record: nothing is deleted; a void with its reason is added and chained."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from zzsign.domain.clock import Timestamp
from zzsign.domain.messages import QT_TRANSLATE_NOOP, Message
from zzsign.domain.signer import text_problem

VOID_FORMAT = "zzsign.void/1"
REASON_MIN, REASON_MAX = 3, 500
#: The reason, as a sentence about it names it ("The reason can be at most …").
REASON_NAME = Message(QT_TRANSLATE_NOOP("Messages", "The reason"))


@dataclass(frozen=True)
class VoidEntry:
    """That a record was voided: when, by whom, on which installation, and why."""

    record_id: str
    reason: str
    at: Timestamp
    voided_by: str
    installation_id: str

    def payload(self) -> dict[str, object]:
        """The canonical void, hashed into the installation's chain."""
        return {
            "format": VOID_FORMAT,
            "record_id": self.record_id,
            "reason": self.reason,
            "at": self.at.evidence(),
            "voided_by": self.voided_by,
            "installation_id": self.installation_id,
        }


def void_from_payload(payload: dict) -> VoidEntry:
    """The void a canonical payload describes (ValueError/KeyError/TypeError if malformed)."""
    if payload["format"] != VOID_FORMAT:
        raise ValueError("not a zzsign void")
    entry = VoidEntry(
        record_id=payload["record_id"],
        reason=payload["reason"],
        at=Timestamp.from_evidence(payload["at"]),
        voided_by=payload["voided_by"],
        installation_id=payload["installation_id"],
    )
    if entry.payload() != payload:
        raise ValueError("the void cannot be stored exactly as signed")
    return entry


def clean_reason(reason: str) -> tuple[str, str | None]:
    """The reason trimmed and NFC-normalised, and why it cannot be used (a Message, or None)."""
    cleaned = unicodedata.normalize("NFC", reason.strip())
    problem = text_problem(REASON_NAME, cleaned, REASON_MAX)
    if problem is None and len(cleaned) < REASON_MIN:
        problem = Message(
            QT_TRANSLATE_NOOP(
                "Messages",
                "Give a reason for voiding of at least {minimum} characters, "
                "saying why the record no longer stands.",
            ),
            minimum=REASON_MIN,
        )
    return cleaned, problem
