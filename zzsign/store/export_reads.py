"""What exports read in bulk: table rows with their sealed part, signing times, chain links.

Kept apart from :class:`zzsign.store.records.RecordRepository` (which rebuilds whole records):
a CSV or XLSX export reads only a few small columns and the sealed personal part of each record,
as plain tuples, in one ordered stream, and a JSON export looks up the chain links of many
records at once instead of one query each. Values come through the models' column types, so
they read the same whatever the store keeps on disk.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from zzsign.store.models import LedgerEntry, RecordVoid, SignatureRecord
from zzsign.store.records import StoredLink

RECORDS = SignatureRecord.__table__
VOIDS = RecordVoid.__table__
LEDGER = LedgerEntry.__table__
_LINK_FIELDS = StoredLink._fields

#: The fields of a row from :func:`table_rows`, in order (plain tuples: they go to worker
#: processes, which import no SQLAlchemy).
TABLE_ROW_FIELDS = (
    "record_id",
    "signed_at_utc",
    "signed_at_offset_minutes",
    "department",
    "start_date",
    "agreement_version",
    "agreement_sha256",
    "signature_kind",
    "record_sha256",
    "personal_commitment",
    "sealed_personal",
    "voided",
)
#: How many ids one query looks up at once (well under every database's parameter limit).
LOOKUP_BATCH = 500


@dataclass(frozen=True)
class SigningWindow:
    """Records signed from ``since_utc`` (inclusive) to ``before_utc`` (exclusive) under
    ``agreement_version``. Bounds are UTC texts compared with the stored signing time (a date
    ``YYYY-MM-DD`` means its midnight); None leaves that side open."""

    since_utc: str | None = None
    before_utc: str | None = None
    agreement_version: int | None = None

    def limit(self, query):
        """``query`` limited to this window (on the signing-time index)."""
        columns = RECORDS.c
        if self.since_utc is not None:
            query = query.where(columns.signed_at_utc >= self.since_utc)
        if self.before_utc is not None:
            query = query.where(columns.signed_at_utc < self.before_utc)
        if self.agreement_version is not None:
            query = query.where(columns.agreement_version == self.agreement_version)
        return query


def count_signed(db: Session, window: SigningWindow) -> int:
    """How many records (of every installation) were signed within ``window``."""
    return db.scalar(window.limit(select(func.count()).select_from(RECORDS))) or 0


def signing_times(
    db: Session, window: SigningWindow, batch: int = 5000
) -> Iterator[tuple[str, int, int]]:
    """(signed_at_utc, offset minutes, agreement version) of every record within ``window``."""
    columns = RECORDS.c
    query = window.limit(
        select(columns.signed_at_utc, columns.signed_at_offset_minutes, columns.agreement_version)
    )
    for row in db.execute(query.execution_options(yield_per=batch)):
        yield tuple(row)


def table_rows(db: Session, window: SigningWindow, chunk: int = 1000) -> Iterator[list[tuple]]:
    """Every record within ``window``, oldest signing first (then by id), as lists of up to
    ``chunk`` plain tuples of :data:`TABLE_ROW_FIELDS` (``voided``: whether HR voided it)."""
    columns = RECORDS.c
    query = window.limit(
        select(
            columns.id,
            columns.signed_at_utc,
            columns.signed_at_offset_minutes,
            columns.department,
            columns.start_date,
            columns.agreement_version,
            columns.agreement_sha256,
            columns.signature_kind,
            columns.record_sha256,
            columns.personal_commitment,
            columns.sealed_personal,
            VOIDS.c.record_id.is_not(None).label("voided"),
        )
        .select_from(RECORDS.outerjoin(VOIDS, VOIDS.c.record_id == columns.id))
        .order_by(columns.signed_at_utc, columns.id)
    )
    result = db.execute(query.execution_options(yield_per=chunk))
    for rows in result.partitions(chunk):
        yield [tuple(row) for row in rows]


def links_covering(db: Session, kind: str, subjects: Sequence[str]) -> dict[str, StoredLink]:
    """{subject: the chain link of ``kind`` that covers it} for ``subjects`` (one with no link
    is left out), looked up :data:`LOOKUP_BATCH` at a time rather than one query each."""
    found: dict[str, StoredLink] = {}
    columns = [LEDGER.c[name] for name in _LINK_FIELDS]
    for start in range(0, len(subjects), LOOKUP_BATCH):
        wanted = subjects[start : start + LOOKUP_BATCH]
        query = select(*columns).where(LEDGER.c.kind == kind, LEDGER.c.subject.in_(wanted))
        for row in db.execute(query):
            link = StoredLink(*row)
            found[link.subject] = link
    return found
