"""``zzsign export``: records out as CSV, XLSX, JSON or one merged PDF, never half-written.

Records are streamed from a read snapshot of the store (a deferred SQLite transaction, so the
kiosk can keep signing meanwhile) and each is opened with HR's private key; memory stays flat
whatever the number of records. Every export is written to a temporary file beside the target
and renamed over it only when complete, so a failed or interrupted export leaves nothing behind.

CSV and XLSX read a chunk of records at a time (their small columns and sealed personal part) and
open it with :mod:`zzsign.services.export_rows`: in this process, or, from
:data:`PARALLEL_FROM` records on, in worker processes on every core
(:mod:`zzsign.services.export_workers`); either way the rows and bytes are the same.

Every kind of export reports its progress the same way, and can be cancelled the same way: an
:data:`ExportProgress` callback is told ``(done, total)`` once before the first record and again
after each one (``total`` is known up front), and may raise :class:`ExportCancelled` to stop; the
temporary file is then removed like after any other failure, and any worker processes ended.

Spreadsheet safety: formula-like text is neutralised in CSV and XLSX alike (see
:func:`~zzsign.services.export_rows.neutralise`).

Every sentence a failed export ends in is a :class:`~zzsign.domain.messages.Message`: English as
a ``str`` (the command line), shown in the interface's language in HR's export dialog.
"""

from __future__ import annotations

import base64
import contextlib
import csv
import json
import logging
import os
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import islice
from pathlib import Path
from typing import IO, Literal, TypeVar, overload

from sqlalchemy import select
from sqlalchemy.orm import Session

from zzsign.domain.canonical import canonical_json
from zzsign.domain.clock import Timestamp
from zzsign.domain.documents import VersionedDocument
from zzsign.domain.messages import QT_TRANSLATE_NOOP, Message
from zzsign.domain.record import Step
from zzsign.domain.voids import VoidEntry
from zzsign.files import atomic_path
from zzsign.services import export_rows
from zzsign.services.errors import UserFacingError
from zzsign.services.export_rows import CSV_COLUMNS, SIGNED, VOID, Cells, RowProblem
from zzsign.services.export_rows import neutralise as neutralise  # where callers look for it
from zzsign.services.export_workers import (
    MAX_WORKERS,
    Chunk,
    WorkerLostError,
    WorkerPool,
    usable_cores,
)
from zzsign.services.record_writer import personal_aad
from zzsign.services.records import SealedContentError, record_from_parts, unseal_personal
from zzsign.store.database import snapshot_sessions
from zzsign.store.export_reads import (
    LOOKUP_BATCH,
    SigningWindow,
    count_signed,
    links_covering,
    signing_times,
    table_rows,
)
from zzsign.store.models import Installation
from zzsign.store.records import RecordRepository, StoredLink, StoredRecord, UnreadableRecord

JSON_FORMAT = "zzsign.export/1"
#: The kinds of export, as ``zzsign export --format`` names them.
EXPORT_KINDS = ("csv", "xlsx", "json", "pdf", "evidence")
TABLE_KINDS = ("csv", "xlsx", "json")
#: CSV and XLSX exports of at least this many records open them in worker processes on every
#: core; fewer are done sooner in this process than workers take to start (~0.1 s).
PARALLEL_FROM = 10_000
#: Records a CSV or XLSX export reads, opens and writes at a time.
CHUNK_RECORDS = 1000

#: Told ``(records done, records in all)`` before the first record and after each one; may
#: raise :class:`ExportCancelled` to stop the export (nothing is then written).
ExportProgress = Callable[[int, int], None]
_Item = TypeVar("_Item")
log = logging.getLogger(__name__)


class ExportError(UserFacingError):
    """The export could not be made (usage or environment); nothing was written."""


class ExportProblemError(UserFacingError):
    """A record could not be opened or did not match what was signed; nothing was written."""


class ExportCancelled(Exception):
    """Raised by an :data:`ExportProgress` callback to stop the export; nothing is written."""


@dataclass(frozen=True)
class ExportResult:
    """A finished export: where it went, how many records it holds, how many were left out."""

    path: Path
    exported: int
    left_out: int = 0  # records signed on other laptops (PDF and evidence package only)


# -- filters ------------------------------------------------------------------
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


# -- writing files atomically ------------------------------------------------------------------
@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path``, renamed over it only if the block completes.

    On any failure or interruption (KeyboardInterrupt included) the temporary file is removed,
    so no partial export is ever left behind. The file is owner-only.
    """
    path = Path(path)
    if path.is_dir():
        raise ExportError(
            Message(
                QT_TRANSLATE_NOOP("Messages", "{file} is a folder; give a file name to export to."),
                file=path.name,
            )
        )
    if path.exists() and not path.is_file():  # never replace a device, pipe or socket
        raise ExportError(
            Message(
                QT_TRANSLATE_NOOP(
                    "Messages", "{file} is not a regular file; give a file name to export to."
                ),
                file=path.name,
            )
        )
    if not path.parent.is_dir():
        raise ExportError(
            Message(
                QT_TRANSLATE_NOOP(
                    "Messages",
                    "The folder for {file} does not exist; create it or choose another folder.",
                ),
                file=path.name,
            )
        )
    writing = atomic_path(path)
    try:
        temporary = writing.__enter__()
    except OSError as exc:
        raise ExportError(
            Message(
                QT_TRANSLATE_NOOP(
                    "Messages",
                    "Cannot write in the folder for {file} ({reason}); choose another folder.",
                ),
                file=path.name,
                reason=exc.strerror,
            )
        ) from exc
    with contextlib.ExitStack() as finish:
        finish.push(writing)  # fsync and rename on success, remove on any failure
        yield temporary


# -- progress ------------------------------------------------------------------
def reported(
    items: Iterable[_Item], total: int, progress: ExportProgress | None
) -> Iterator[_Item]:
    """``items`` passed through, with ``progress`` told before the first and after each one.

    "After" means once the consumer asks for the next item, i.e. when it has dealt with this
    one; the last call, ``(total, total)``, comes when the consumer finds the end.
    """
    if progress is None:
        yield from items
        return
    progress(0, total)
    for done, item in enumerate(items, start=1):
        yield item
        progress(done, max(total, done))


def count_matching(db: Session, chosen: ExportFilter) -> int:
    """How many records (of every installation) pass the filter: the total of a table export."""
    window = chosen.signing_window()
    if not chosen.local_dates or (chosen.since is None and chosen.until is None):
        return count_signed(db, window)
    return sum(
        1
        for at, offset, version in signing_times(db, window)
        if _signed_in(chosen, at, offset, version)
    )


def _signed_in(chosen: ExportFilter, signed_at_utc: str, offset: int, version: int) -> bool:
    """Whether stored signing-time columns pass the filter (unparsable ones do, to be caught)."""
    try:
        return chosen.matches(Timestamp.parse(signed_at_utc, offset), version)
    except (ValueError, TypeError):
        return True


# -- opening records ------------------------------------------------------------------
def _problem(record_id: str, what: str) -> ExportProblemError:
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


def _sealed_problem(record_id: str, problem: str) -> ExportProblemError:
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


def selected_records(records: RecordRepository, chosen: ExportFilter) -> Iterator[StoredRecord]:
    """The stored records that pass the filter, streamed (in record-id order)."""
    for stored in records.records():
        if isinstance(stored, UnreadableRecord):
            raise _problem(stored.record_id, export_rows.UNREADABLE)
        public = stored.public
        if chosen.matches(public.at(Step.SIGNED), public.agreement_version):
            yield stored


# -- CSV and XLSX -------------------------------------------------------------------------
def sealed_chunks(db: Session, chosen: ExportFilter, size: int | None = None) -> Iterator[Chunk]:
    """The matching records' table rows, oldest signing first, a chunk at a time, each row with
    the associated data its personal part was sealed with."""
    for rows in table_rows(db, chosen.signing_window(), size or CHUNK_RECORDS):
        if chosen.local_dates:
            rows = [row for row in rows if _signed_in(chosen, row[1], row[2], row[5])]
            if not rows:
                continue
        yield rows, [personal_aad(row[0]) for row in rows]


def worker_count(total: int) -> int:
    """How many worker processes an export of ``total`` records opens them in (1: none)."""
    return min(usable_cores(), MAX_WORKERS) if total >= PARALLEL_FROM else 1


@overload
def opened_chunks(
    db: Session,
    hr_private_key: bytes,
    chosen: ExportFilter,
    *,
    as_csv: Literal[True],
    progress: ExportProgress | None = None,
) -> Generator[tuple[int, str], None, None]: ...
@overload
def opened_chunks(
    db: Session,
    hr_private_key: bytes,
    chosen: ExportFilter,
    *,
    as_csv: Literal[False],
    progress: ExportProgress | None = None,
) -> Generator[tuple[int, list[Cells]], None, None]: ...
def opened_chunks(
    db: Session,
    hr_private_key: bytes,
    chosen: ExportFilter,
    *,
    as_csv: bool,
    progress: ExportProgress | None = None,
) -> Generator[tuple[int, str | list[Cells]], None, None]:
    """The matching records opened, a chunk at a time, in order: (how many records, their CSV
    text or lists of cells).

    ``progress`` is told before the first chunk and after each record of a chunk once the
    consumer asks for the next. Close the iterator (``contextlib.closing``) when done with it
    early, so that worker processes end at once.
    """
    total = count_matching(db, chosen)
    if progress is not None:
        progress(0, total)
    chunks = sealed_chunks(db, chosen)
    workers = worker_count(total)
    done = 0
    try:
        with contextlib.ExitStack() as stack:
            if workers > 1:
                try:
                    pool = stack.enter_context(
                        WorkerPool(hr_private_key, as_csv=as_csv, workers=workers)
                    )
                except Exception as failure:  # no processes to be had: open them here instead
                    log.warning(
                        "Export workers could not start (%s); exporting in one process.",
                        type(failure).__name__,
                    )
                    workers = 1
            if workers > 1:
                opened = pool.open(chunks)
            else:
                opened = (
                    (
                        len(rows),
                        export_rows.opened_chunk(hr_private_key, rows, associated_data, as_csv),
                    )
                    for rows, associated_data in chunks
                )
            for size, result in opened:
                yield size, result
                if progress is not None:
                    for _ in range(size):
                        done += 1
                        progress(done, max(total, done))
    except RowProblem as problem:
        raise _problem(problem.record_id, problem.what) from None
    except WorkerLostError as lost:
        raise ExportError(WORKER_LOST) from lost


def write_csv(chunks: Iterable[tuple[int, str]], out: IO[str]) -> int:
    """CSV for Excel and LibreOffice: UTF-8 with a BOM (the caller opens it so), CRLF rows;
    ``chunks`` are (records, their CSV text). Returns how many records were written."""
    csv.writer(out, dialect="excel").writerow(CSV_COLUMNS)
    count = 0
    for records, text in chunks:
        out.write(text)
        count += records
    return count


def write_xlsx(tables: Iterable[tuple[int, list[Cells]]], path: Path) -> int:
    """An XLSX workbook (streamed by openpyxl's write-only mode); every text cell is plain text."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Signed records")

    def cells(values: Iterable[str | int]) -> list[WriteOnlyCell]:
        made = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula or an error code, whatever the text
            made.append(cell)
        return made

    try:
        sheet.append(cells(CSV_COLUMNS))
        count = 0
        for records, table in tables:
            for row in table:
                sheet.append(cells(row))
            count += records
        workbook.save(path)
    except BaseException:
        _discard_scratch(sheet)
        raise
    return count


def _discard_scratch(sheet) -> None:
    """Remove the scratch file a write-only sheet streams its rows to.

    openpyxl keeps it in the system's temporary folder and removes it only after a successful
    save (or when the process exits); after a failed or cancelled export it would otherwise hold
    the rows written so far, names included.
    """
    from openpyxl.worksheet import _writer as sheet_writer

    writer = getattr(sheet, "_writer", None)
    if writer is None:
        return
    for stream in (getattr(sheet, "_rows", None), getattr(writer, "xf", None)):
        if stream is not None:
            with contextlib.suppress(Exception):
                stream.close()
    scratch = getattr(writer, "out", None)
    if isinstance(scratch, str):
        with contextlib.suppress(OSError):
            os.remove(scratch)
        with contextlib.suppress(ValueError, AttributeError):
            sheet_writer.ALL_TEMP_FILES.remove(scratch)


# -- JSON ---------------------------------------------------------------------------------------
def installation_entries(db: Session, ids: set[str] | None = None) -> list[dict]:
    """The installations (public keys, seal certificates, endorsements) behind the records."""
    rows = db.scalars(select(Installation).order_by(Installation.id))
    return [
        {
            "id": r.id,
            "public_key": r.public_key,
            "seal_certificate": r.seal_certificate,
            "seal_endorsement": r.seal_endorsement,
            "created_at_utc": r.created_at_utc,
            "app_version": r.app_version,
        }
        for r in rows
        if ids is None or r.id in ids
    ]


def record_entry(records: RecordRepository, stored: StoredRecord, hr_private_key: bytes) -> dict:
    """One record for JSON: the whole evidence, the signed public payload, hash and chain link."""
    record_id = stored.public.record_id
    try:
        link = records.link_for("record", record_id)
    except KeyError:
        link = None
    return _entry(records, stored, hr_private_key, link, records.void_of(record_id))


def _entry(
    records: RecordRepository,
    stored: StoredRecord,
    hr_private_key: bytes,
    link: StoredLink | None,
    void: VoidEntry | None,
) -> dict:
    """:func:`record_entry` with the record's chain link and void (if any) already read."""
    public = stored.public
    try:
        opened = unseal_personal(stored, hr_private_key)
    except SealedContentError as exc:
        raise _sealed_problem(public.record_id, exc.message) from exc
    record = record_from_parts(records, stored, opened)
    if link is None:
        raise _problem(public.record_id, NOT_IN_CHAIN)
    entry = {
        "record": record.evidence(),
        "public_record": public.payload(),
        "record_sha256": stored.record_sha256,
        "personal_plaintext": base64.b64encode(opened.plaintext).decode("ascii"),
        "chain_link": link._asdict(),
        "status": SIGNED,
    }
    if void is not None:
        entry["status"] = VOID
        entry["void"] = void.payload()
    return entry


class _DocumentsOnce(RecordRepository):
    """The repository, reading each document version once (every record names one of a few)."""

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self._documents: dict[tuple[str, int], VersionedDocument] = {}

    def document(self, kind: str, version: int) -> VersionedDocument:
        """A stored document version (read on first use)."""
        key = (kind, version)
        if key not in self._documents:
            self._documents[key] = super().document(kind, version)
        return self._documents[key]


def _with_links(
    db: Session, stored_records: Iterable[StoredRecord]
) -> Iterator[tuple[StoredRecord, StoredLink | None]]:
    """Each record with its chain link, looked up for many records at once."""
    stored_records = iter(stored_records)
    while batch := list(islice(stored_records, LOOKUP_BATCH)):
        links = links_covering(db, "record", [stored.public.record_id for stored in batch])
        for stored in batch:
            yield stored, links.get(stored.public.record_id)


def _all_voids(records: RecordRepository) -> tuple[dict[str, VoidEntry], set[str]]:
    """Every void by record id, and the ids of records whose void no longer reads."""
    voids: dict[str, VoidEntry] = {}
    unreadable: set[str] = set()
    for void in records.voids():
        if isinstance(void, UnreadableRecord):
            unreadable.add(void.record_id)
        else:
            voids[void.record_id] = void
    return voids, unreadable


def json_head(db: Session, installation_ids: set[str] | None = None) -> bytes:
    """The start of an export's JSON, up to the opening of its ``records`` list."""
    return (
        b'{"format":'
        + json.dumps(JSON_FORMAT).encode()
        + b',"installations":'
        + canonical_json(installation_entries(db, installation_ids))
        + b',"records":['
    )


def json_record(entry: dict, position: int) -> bytes:
    """One entry of the ``records`` list, with the separator its position needs."""
    return (b",\n" if position else b"\n") + canonical_json(entry)


JSON_TAIL = b"\n]}\n"


def write_json(
    db: Session,
    records: RecordRepository,
    hr_private_key: bytes,
    chosen: ExportFilter,
    out: IO[bytes],
    progress: ExportProgress | None = None,
) -> int:
    """``{"format", "installations", "records"}``, written record by record (flat memory).

    Documents are read once, chain links many records at a time and voids all at once (they are
    few), rather than three queries per record.
    """
    total = count_matching(db, chosen) if progress is not None else 0
    out.write(json_head(db))
    documents = _DocumentsOnce(db)
    voids, unreadable_voids = _all_voids(records)
    count = 0
    matching = _with_links(db, selected_records(records, chosen))
    for stored, link in reported(matching, total, progress):
        record_id = stored.public.record_id
        if record_id in unreadable_voids:
            raise _problem(record_id, VOID_UNREADABLE)
        entry = _entry(documents, stored, hr_private_key, link, voids.get(record_id))
        out.write(json_record(entry, count))
        count += 1
    out.write(JSON_TAIL)
    return count


# -- the whole export ------------------------------------------------------------------
def export_table(
    database_url: str,
    hr_private_key: bytes,
    chosen: ExportFilter,
    kind: str,
    path: Path,
    progress: ExportProgress | None = None,
) -> int:
    """Export as ``csv``, ``xlsx`` or ``json`` to ``path``; returns the number of records."""
    if kind not in TABLE_KINDS:
        raise ValueError(f"not a table export: {kind!r}")
    sessions, release = snapshot_sessions(database_url)
    try:
        with atomic_output(path) as temporary, sessions() as db:
            if kind == "json":
                with open(temporary, "wb") as out:
                    return write_json(
                        db, RecordRepository(db), hr_private_key, chosen, out, progress
                    )
            if kind == "xlsx":
                with contextlib.closing(
                    opened_chunks(db, hr_private_key, chosen, as_csv=False, progress=progress)
                ) as tables:
                    return write_xlsx(tables, temporary)
            with (
                contextlib.closing(
                    opened_chunks(db, hr_private_key, chosen, as_csv=True, progress=progress)
                ) as texts,
                open(temporary, "w", encoding="utf-8-sig", newline="") as out,
            ):
                return write_csv(texts, out)
    finally:
        release()


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


def merge_signed_copies(copies: Iterable[tuple[bytes, str]], out: Path) -> int:
    """Write one PDF of ``copies`` ((signed copy, bookmark title) pairs) to ``out``, a bookmark
    at the first page of each; returns how many were merged. Pure pypdf: no Qt, no store."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    count = 0
    for pdf, title in copies:
        first_page = len(writer.pages)
        writer.append(PdfReader(_bytes_io(pdf)), import_outline=False)
        writer.add_outline_item(title=title, page_number=first_page)
        count += 1
    writer.add_metadata({"/Title": "Signed confidentiality agreements", "/Producer": "zzsign"})
    with open(out, "wb") as file:
        writer.write(file)
    return count


def bookmark_title(record) -> str:
    """A signer's bookmark in a merged PDF: "Name — YYYY-MM-DD" (the local signing date)."""
    return f"{record.signer.full_name} — {record.signed_at.local.date().isoformat()}"


def export_pdf(
    store,
    hr_private_key: bytes,
    chosen: ExportFilter,
    path: Path,
    progress: ExportProgress | None = None,
) -> tuple[int, int]:
    """One merged PDF of the signed copies, a bookmark per signer ("Name — date"); merging
    keeps no seal or attachment, so each copy's pages say they are an unsealed exported copy.

    Only this installation's records can be sealed here; returns (exported, left out).
    Needs a QGuiApplication (the copies are rendered with QtGui), on its thread.
    """
    from zzsign.services.pdf_copy import make_export_copy, material_from_store

    sessions, release = snapshot_sessions(store_url(store))
    try:
        with atomic_output(path) as temporary, sessions() as db:
            ids, foreign = matching_local_ids(RecordRepository(db), store.installation_id, chosen)

            def copies() -> Iterator[tuple[bytes, str]]:
                for record_id in reported(ids, len(ids), progress):
                    material = material_from_store(
                        db, record_id, hr_private_key, store.seal, store.seal_endorsement
                    )
                    yield make_export_copy(material), bookmark_title(material.record)

            merge_signed_copies(copies(), temporary)
    finally:
        release()
    return len(ids), foreign


def export_records(
    store,
    hr_private_key: bytes,
    chosen: ExportFilter,
    kind: str,
    path: Path,
    progress: ExportProgress | None = None,
) -> ExportResult:
    """Any kind of export (one of :data:`EXPORT_KINDS`), as HR's workspace makes it.

    Raises :class:`ExportCancelled` if ``progress`` did, and a :class:`UserFacingError` (one
    sentence) if the export failed; either way nothing is left at ``path`` or beside it. PDF
    and evidence exports need a QGuiApplication, on its thread.
    """
    path = Path(path)
    try:
        if kind in TABLE_KINDS:
            count = export_table(store_url(store), hr_private_key, chosen, kind, path, progress)
            return ExportResult(path, count)
        if kind == "pdf":
            count, left_out = export_pdf(store, hr_private_key, chosen, path, progress)
        elif kind == "evidence":
            from zzsign.services.evidence_package import export_evidence

            count, left_out = export_evidence(store, hr_private_key, chosen, path, progress)
        else:
            raise ValueError(f"not a kind of export: {kind!r}")
    except OSError as exc:
        raise ExportError(
            Message(
                QT_TRANSLATE_NOOP(
                    "Messages",
                    "{file} could not be written ({reason}), so nothing was saved; free some "
                    "space or choose another folder.",
                ),
                file=path.name,
                reason=exc.strerror or type(exc).__name__,
            )
        ) from exc
    return ExportResult(path, count, left_out)


def store_url(store) -> str:
    """The SQLAlchemy URL of an open store."""
    return store.engine.url.render_as_string(hide_password=False)


def _bytes_io(data: bytes):
    import io

    return io.BytesIO(data)
