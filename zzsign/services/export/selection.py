"""Which records an export holds: :class:`ExportFilter`, and the records that pass it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from zzsign.domain.clock import Timestamp
from zzsign.domain.record import Step
from zzsign.services.export import rows as export_rows
from zzsign.services.export.problems import record_problem
from zzsign.store.database import snapshot_sessions
from zzsign.store.export_reads import SigningWindow, count_signed, signing_times
from zzsign.store.records import RecordRepository, StoredRecord, UnreadableRecord


@dataclass(frozen=True)
class ExportFilter:
    """Which records to export: signed between two dates (inclusive), one agreement version.

    Dates are UTC dates (as ``zzsign export --since/--until`` documents), or, with
    ``local_dates``, the date on the signer's clock — what HR's table shows and filters by.
    """

    since: date | None = None
    until: date | None = None
    agreement_version: int | None = None
    local_dates: bool = False

    def matches(self, signed_at: Timestamp, agreement_version: int) -> bool:
        """Whether a record signed at ``signed_at`` under ``agreement_version`` is wanted."""
        day = (signed_at.local if self.local_dates else signed_at.utc).date()
        if self.since is not None and day < self.since:
            return False
        if self.until is not None and day > self.until:
            return False
        return self.agreement_version is None or agreement_version == self.agreement_version

    def signing_window(self) -> SigningWindow:
        """The records to read (in SQL, on the signing-time index): a superset of the matches.

        With UTC dates the superset is exact; with local dates it is a day wider on each side
        (no offset reaches a whole day), and :meth:`matches` decides each record.
        """
        margin = timedelta(days=1) if self.local_dates else timedelta(0)
        return SigningWindow(
            since_utc=None if self.since is None else (self.since - margin).isoformat(),
            before_utc=None
            if self.until is None
            else (self.until + timedelta(days=1) + margin).isoformat(),
            agreement_version=self.agreement_version,
        )

    @property
    def is_everything(self) -> bool:
        """No filter at all."""
        return self.since is None and self.until is None and self.agreement_version is None


def count_matching(db: Session, chosen: ExportFilter) -> int:
    """How many records (of every installation) pass the filter: the total of a table export."""
    window = chosen.signing_window()
    if not chosen.local_dates or (chosen.since is None and chosen.until is None):
        return count_signed(db, window)
    return sum(
        1
        for at, offset, version in signing_times(db, window)
        if signed_in(chosen, at, offset, version)
    )


def signed_in(chosen: ExportFilter, signed_at_utc: str, offset: int, version: int) -> bool:
    """Whether stored signing-time columns pass the filter (unparsable ones do, to be caught)."""
    try:
        return chosen.matches(Timestamp.parse(signed_at_utc, offset), version)
    except (ValueError, TypeError):
        return True


def selected_records(records: RecordRepository, chosen: ExportFilter) -> Iterator[StoredRecord]:
    """The stored records that pass the filter, streamed (in record-id order)."""
    for stored in records.records():
        if isinstance(stored, UnreadableRecord):
            raise record_problem(stored.record_id, export_rows.UNREADABLE)
        public = stored.public
        if chosen.matches(public.at(Step.SIGNED), public.agreement_version):
            yield stored


def matching_local_ids(
    records: RecordRepository, installation_id: str, chosen: ExportFilter
) -> tuple[list[str], int]:
    """Ids of this installation's matching records, oldest signing first; and how many matching
    records other installations signed (their copies cannot be sealed here)."""
    found: list[tuple[str, str]] = []
    foreign = 0
    for stored in selected_records(records, chosen):
        if stored.public.installation_id == installation_id:
            found.append((stored.public.at(Step.SIGNED).utc_iso, stored.public.record_id))
        else:
            foreign += 1
    return [record_id for _at, record_id in sorted(found)], foreign


def local_record_ids(
    database_url: str, installation_id: str, chosen: ExportFilter
) -> tuple[list[str], int]:
    """:func:`matching_local_ids` read through a snapshot of its own."""
    sessions, release = snapshot_sessions(database_url)
    try:
        with sessions() as db:
            return matching_local_ids(RecordRepository(db), installation_id, chosen)
    finally:
        release()


def store_url(store) -> str:
    """The SQLAlchemy URL of an open store."""
    return store.engine.url.render_as_string(hide_password=False)
