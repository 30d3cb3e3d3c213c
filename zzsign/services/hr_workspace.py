"""What HR's workspace shows: every record as a light table row, filters, weekly activity, details.

No Qt here. Rows are read through a snapshot reader (never blocking the kiosk) and unsealed with
HR's key in batches, so that a view can show the first rows at once and the rest as they come.
"""

from __future__ import annotations

import json
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session, sessionmaker

from zzsign.domain.canonical import sha256_hex
from zzsign.domain.clock import Timestamp
from zzsign.domain.messages import QT_TRANSLATE_NOOP, Message
from zzsign.domain.record import SignedRecord
from zzsign.domain.voids import VoidEntry
from zzsign.security import sealing
from zzsign.security.chain import LinkKind, payload_sha256
from zzsign.security.chain_check import audit_digests, record_problems, void_problems
from zzsign.services.record_writer import personal_aad
from zzsign.services.records import (
    PERSONAL_DATA_DIFFERS,
    SealedContentError,
    open_record,
    unseal_personal,
)
from zzsign.store.records import RecordRepository

if TYPE_CHECKING:
    from zzsign.pdf.seal import SealIdentity

#: The statuses a record can have: signed and standing, voided by HR, or no longer readable.
SIGNED = "signed"
VOID = "void"
UNREADABLE = "unreadable"

#: The word shown for a status.
STATUS_LABELS = {SIGNED: "Signed", VOID: "Void", UNREADABLE: "Damaged"}


def search_text(text: str) -> str:
    """The form typed text and stored names are compared in: NFC, case-folded."""
    return unicodedata.normalize("NFC", text).casefold()


@dataclass(frozen=True)
class RecordRow:
    """One line of HR's table: what a person searches and sorts by, nothing sealed beyond it."""

    record_id: str
    signed_at_utc: str
    signed_at_local: str  # "YYYY-MM-DD HH:MM +HH:MM", as the signer's clock showed it
    full_name: str
    work_email: str
    employee_id: str
    department: str
    agreement_version: int
    status: str = SIGNED
    search_key: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        key = "\n".join(
            (self.full_name, self.work_email, self.employee_id, self.department, self.record_id)
        )
        object.__setattr__(self, "search_key", search_text(key))

    @property
    def signed_on(self) -> str:
        """The local signing date, ISO (``YYYY-MM-DD``)."""
        return self.signed_at_local[:10]

    @property
    def status_label(self) -> str:
        """The status as shown."""
        return STATUS_LABELS.get(self.status, self.status.capitalize())


def row_from_columns(columns, hr_private_key: bytes) -> RecordRow:
    """The table row from a record's stored columns (its personal part opened with HR's key).

    Only what the table shows is read: the full checks (chain, audit trail, signature image)
    are made when HR opens the record, and by ``zzsign verify``. A ``voided`` column that is not
    None (the record id of its void, from ``load_rows``' join) makes a readable record "void";
    a damaged record stays "unreadable", voided or not, since that is what HR must act on.
    """
    try:
        signed = Timestamp.parse(columns.signed_at_utc, columns.signed_at_offset_minutes)
        local = f"{signed.local:%Y-%m-%d %H:%M} {signed.offset_iso}"
        utc = signed.utc_iso
    except (TypeError, ValueError):
        local, utc = "", ""
    try:
        plaintext = sealing.unseal(
            hr_private_key, columns.sealed_personal, personal_aad(columns.id)
        )
        if sha256_hex(plaintext) != columns.personal_commitment:
            raise SealedContentError(PERSONAL_DATA_DIFFERS)
        signer = json.loads(plaintext)["signer"]
        name, email, employee = signer["full_name"], signer["work_email"], signer["employee_id"]
        if not utc:
            status = UNREADABLE
        else:
            status = SIGNED if getattr(columns, "voided", None) is None else VOID
    except (sealing.SealError, SealedContentError, KeyError, TypeError, ValueError):
        name, email, employee, status = "", "", "", UNREADABLE
    version = columns.agreement_version if isinstance(columns.agreement_version, int) else 0
    return RecordRow(
        str(columns.id),
        utc,
        local,
        name,
        email,
        employee or "",
        str(columns.department or ""),
        version,
        status,
    )


def load_rows(
    database_url: str, hr_private_key: bytes, batch: int = 2000, first_batch: int = 200
) -> Iterator[list[RecordRow]]:
    """Every record as a row, in batches (the first one small, so it shows at once).

    Reads through one snapshot (a deferred, read-only transaction), so the kiosk keeps signing.
    Whether a record was voided comes from the same query (an outer join on the voids' primary
    key), so rows and voids are one consistent picture.
    """
    from sqlalchemy import select

    from zzsign.store.database import snapshot_sessions
    from zzsign.store.models import RecordVoid
    from zzsign.store.records import RECORDS

    voids = RecordVoid.__table__
    query = (
        select(
            RECORDS.c.id,
            RECORDS.c.signed_at_utc,
            RECORDS.c.signed_at_offset_minutes,
            RECORDS.c.department,
            RECORDS.c.agreement_version,
            RECORDS.c.personal_commitment,
            RECORDS.c.sealed_personal,
            voids.c.record_id.label("voided"),
        )
        .select_from(RECORDS.outerjoin(voids, voids.c.record_id == RECORDS.c.id))
        .order_by(RECORDS.c.signed_at_utc.desc())
    )
    readers, release = snapshot_sessions(database_url)
    try:
        with readers() as db:
            pending: list[RecordRow] = []
            size = first_batch
            for columns in db.execute(query.execution_options(yield_per=batch)):
                pending.append(row_from_columns(columns, hr_private_key))
                if len(pending) >= size:
                    yield pending
                    pending, size = [], batch
            if pending:
                yield pending
    finally:
        release()


def filter_rows(
    rows: Sequence[RecordRow],
    text: str = "",
    since: date | None = None,
    until: date | None = None,
    version: int | None = None,
    status: str | None = None,
    candidates: Iterable[int] | None = None,
) -> list[int]:
    """Indices of the rows that match every given criterion (``candidates``: only among these)."""
    indices: Iterable[int] = range(len(rows)) if candidates is None else candidates
    needle = search_text(text.strip())
    if needle:
        indices = [i for i in indices if needle in rows[i].search_key]
    if since is not None:
        first = since.isoformat()
        indices = [i for i in indices if rows[i].signed_at_local[:10] >= first]
    if until is not None:
        last = until.isoformat()
        indices = [i for i in indices if rows[i].signed_at_local[:10] <= last]
    if version is not None:
        indices = [i for i in indices if rows[i].agreement_version == version]
    if status is not None:
        indices = [i for i in indices if rows[i].status == status]
    return list(indices)


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def weekly_activity(rows: Iterable[RecordRow]) -> dict[date, dict[int, int]]:
    """Signatures per week (by local signing date; weeks start on Monday), by agreement version.

    Weeks without signatures between the first and the last one are included, with no counts.
    """
    weeks: dict[date, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        if row.signed_at_local and row.status != UNREADABLE:
            week = week_start(date.fromisoformat(row.signed_on))
            weeks[week][row.agreement_version] += 1
    if not weeks:
        return {}
    first, last = min(weeks), max(weeks)
    result: dict[date, dict[int, int]] = {}
    week = first
    while week <= last:
        result[week] = dict(weeks.get(week, {}))
        week += timedelta(days=7)
    return result


def record_detail(sessions: sessionmaker[Session], record_id: str, hr_key: bytes) -> SignedRecord:
    """The whole record, personal data and signature included."""
    with sessions() as db:
        return open_record(db, record_id, hr_key)


def record_void(sessions: sessionmaker[Session], record_id: str) -> VoidEntry | None:
    """When, by whom and why ``record_id`` was voided, or None if it stands.

    Each call is a new session, so through snapshot sessions it sees every void committed
    before it, one made a moment ago in this workspace included. A void whose stored columns no
    longer parse is reported by ``check_record`` (and ``zzsign verify``), not here.
    """
    with sessions() as db:
        try:
            return RecordRepository(db).void_of(record_id)
        except (ValueError, TypeError):
            return None


@dataclass(frozen=True)
class RecordCheck:
    """The outcome of checking one record against its chain links and its seal."""

    problems: tuple[str, ...]

    @property
    def intact(self) -> bool:
        """Nothing wrong found."""
        return not self.problems

    @property
    def summary(self) -> Message:
        """One sentence for the screen (a Message: each problem is translated with it)."""
        if self.intact:
            return Message(
                QT_TRANSLATE_NOOP(
                    "Messages",
                    "Record intact: it matches its signed chain entry and its sealed data opens.",
                )
            )
        listed = self.problems[0]
        for problem in self.problems[1:]:
            listed = Message(
                QT_TRANSLATE_NOOP("Messages", "{listed}; {problem}"), listed=listed, problem=problem
            )
        return Message(
            QT_TRANSLATE_NOOP("Messages", "Problems found: {problems}."), problems=listed
        )


def check_record(sessions: sessionmaker[Session], record_id: str, hr_key: bytes) -> RecordCheck:
    """Check one record: its fields and audit events against their chain links, and its seal.

    (``zzsign verify`` checks the whole store, the chain's order and signatures included.)
    """
    problems: list[str] = []
    with sessions() as db:
        records = RecordRepository(db)
        try:
            stored = records.get(record_id)
        except KeyError:
            return RecordCheck(
                (
                    Message(
                        QT_TRANSLATE_NOOP(
                            "Messages",
                            "its stored fields cannot be read (missing, edited or damaged)",
                        )
                    ),
                )
            )
        public = stored.public
        digest = payload_sha256(public.payload(), check=False)
        problems.extend(
            record_problems(
                record_id,
                public.record_format,
                digest,
                audit_digests(public),
                lambda kind, subject: _linked(records, kind, subject),
                stored_sha256=stored.record_sha256,
            )
        )
        problems.extend(_void_problems(records, record_id))
        try:
            unseal_personal(stored, hr_key)
        except SealedContentError as exc:
            problems.append(exc.message)
    return RecordCheck(tuple(problems))


def _linked(records: RecordRepository, kind: str, subject: str) -> str | None:
    """The payload hash of the link covering ``subject``, or None if there is none."""
    try:
        return records.link_for(kind, subject).payload_sha256
    except KeyError:
        return None


def _void_problems(records: RecordRepository, record_id: str) -> list[str]:
    """What is wrong with the record's void, if it has one, against its chain link."""
    try:
        void = records.void_of(record_id)
    except (ValueError, TypeError):
        return [
            Message(
                QT_TRANSLATE_NOOP("Messages", "its void can no longer be read (edited or damaged)")
            )
        ]
    return void_problems(
        None if void is None else payload_sha256(void.payload(), check=False),
        _linked(records, LinkKind.VOID.value, record_id),
    )


def open_readers(store_url: str) -> tuple[sessionmaker[Session], Callable[[], None]]:
    """HR's own read-only snapshot sessions (they never block the kiosk's signing)."""
    from zzsign.store.database import snapshot_sessions

    return snapshot_sessions(store_url)


def signed_copy(
    sessions: sessionmaker[Session],
    record_id: str,
    hr_key: bytes,
    seal: SealIdentity,
    seal_endorsement: str,
) -> bytes:
    """The record's sealed PDF copy, made again from the store (needs a QGuiApplication)."""
    from zzsign.services.pdf_copy import make_signed_copy, material_from_store

    with sessions() as db:
        material = material_from_store(db, record_id, hr_key, seal, seal_endorsement)
    return make_signed_copy(material)
