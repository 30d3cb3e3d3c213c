"""The one sentence a failed export ends in: what went wrong, and that nothing was written."""

from __future__ import annotations

from zzsign.domain.messages import QT_TRANSLATE_NOOP, Message
from zzsign.services.errors import UserFacingError


class ExportError(UserFacingError):
    """The export could not be made (usage or environment); nothing was written."""


class ExportProblemError(UserFacingError):
    """A record could not be opened or did not match what was signed; nothing was written."""


def record_problem(record_id: str, what: str) -> ExportProblemError:
    """The record cannot be exported: ``what`` (a Message) completes "Record <id> …"."""
    return ExportProblemError(
        Message(
            QT_TRANSLATE_NOOP(
                "Messages",
                "Record {record_id} {what}, so nothing was exported; run zzsign verify to see "
                "what is wrong.",
            ),
            record_id=record_id,
            what=what,
        )
    )


def sealed_problem(record_id: str, problem: str) -> ExportProblemError:
    """The record's sealed part does not open or match: ``problem`` is the
    :class:`~zzsign.services.records.SealedContentError`'s sentence ("its sealed …")."""
    return ExportProblemError(
        Message(
            QT_TRANSLATE_NOOP(
                "Messages",
                "Record {record_id}: {problem}, so nothing was exported; run zzsign verify to "
                "see what is wrong.",
            ),
            record_id=record_id,
            problem=problem,
        )
    )


#: What is wrong with a record that cannot be exported (completes "Record <id> …").
NOT_IN_CHAIN = Message(QT_TRANSLATE_NOOP("Messages", "is not in the chain"))
VOID_UNREADABLE = Message(
    QT_TRANSLATE_NOOP("Messages", "has a void that can no longer be read (edited or damaged)")
)

WORKER_LOST = Message(
    QT_TRANSLATE_NOOP(
        "Messages",
        "The export stopped because one of its worker processes ended unexpectedly, so "
        "nothing was written; try again.",
    )
)
