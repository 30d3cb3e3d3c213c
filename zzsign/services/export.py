"""``zzsign export``: records out as CSV, XLSX, JSON or one merged PDF, never half-written.

Records are streamed from a read snapshot of the store (a deferred SQLite transaction, so the
kiosk can keep signing meanwhile) and each is opened with HR's private key; memory stays flat
whatever the number of records. Every export is written to a temporary file beside the target
and renamed over it only when complete, so a failed or interrupted export leaves nothing behind.

Every kind of export reports its progress the same way, and can be cancelled the same way: an
:data:`ExportProgress` callback is told ``(done, total)`` once before the first record and again
after each one (``total`` is known up front), and may raise :class:`ExportCancelled` to stop; the
temporary file is then removed like after any other failure.

Spreadsheet safety: a text cell that a spreadsheet would read as a formula (one that starts,
after any leading spaces, with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is written
with a single quote ``'`` in front, in CSV and XLSX alike, so that a name such as
``=HYPERLINK("http://x","y")`` is shown as text and never evaluated (OWASP "CSV injection").
"""

from __future__ import annotations

import base64
import contextlib
import csv
import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import IO, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from zzsign.domain.canonical import canonical_json, sha256_hex
from zzsign.domain.clock import Timestamp
from zzsign.domain.record import Step
from zzsign.files import atomic_path
from zzsign.security import sealing
from zzsign.services.errors import UserFacingError
from zzsign.services.record_writer import personal_aad
from zzsign.services.records import SealedContentError, record_from_parts, unseal_personal
from zzsign.store.database import snapshot_sessions
from zzsign.store.models import Installation, RecordVoid, SignatureRecord
from zzsign.store.records import RecordRepository, StoredRecord, UnreadableRecord

JSON_FORMAT = "zzsign.export/1"
CSV_COLUMNS = (
    "record_id", "signed_at_utc", "signed_at_local", "full_name", "work_email", "employee_id",
    "department", "start_date", "agreement_version", "agreement_sha256", "signature_kind",
    "record_sha256", "status",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SIGNED = "signed"
VOID = "void"
#: The kinds of export, as ``zzsign export --format`` names them.
EXPORT_KINDS = ("csv", "xlsx", "json", "pdf", "evidence")
TABLE_KINDS = ("csv", "xlsx", "json")

#: Told ``(records done, records in all)`` before the first record and after each one; may
#: raise :class:`ExportCancelled` to stop the export (nothing is then written).
ExportProgress = Callable[[int, int], None]
_Item = TypeVar("_Item")


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

    def narrow(self, query, columns):
        """``query`` limited in SQL (on the signing-time index) to a superset of the matches.

        With UTC dates the superset is exact; with local dates it is a day wider on each side
        (no offset reaches a whole day), and :meth:`matches` decides each record.
        """
        margin = timedelta(days=1) if self.local_dates else timedelta(0)
        if self.since is not None:
            query = query.where(columns.signed_at_utc >= (self.since - margin).isoformat())
        if self.until is not None:
            query = query.where(
                columns.signed_at_utc < (self.until + timedelta(days=1) + margin).isoformat()
            )
        if self.agreement_version is not None:
            query = query.where(columns.agreement_version == self.agreement_version)
        return query

    @property
    def is_everything(self) -> bool:
        """No filter at all."""
        return self.since is None and self.until is None and self.agreement_version is None


# -- spreadsheet safety ------------------------------------------------------------------
def neutralise(value: str) -> str:
    """``value`` made inert for spreadsheets: a formula-like text gets a leading ``'``."""
    if value.startswith(FORMULA_STARTS) or value.lstrip().startswith(FORMULA_STARTS):
        return "'" + value
    return value


# -- writing files atomically ------------------------------------------------------------------
@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path``, renamed over it only if the block completes.

    On any failure or interruption (KeyboardInterrupt included) the temporary file is removed,
    so no partial export is ever left behind. The file is owner-only.
    """
    path = Path(path)
    if path.is_dir():
        raise ExportError(f"{path.name} is a folder; give a file name to export to.")
    if path.exists() and not path.is_file():  # never replace a device, pipe or socket
        raise ExportError(f"{path.name} is not a regular file; give a file name to export to.")
    if not path.parent.is_dir():
        raise ExportError(f"The folder for {path.name} does not exist; create it or choose "
                          "another folder.")
    writing = atomic_path(path)
    try:
        temporary = writing.__enter__()
    except OSError as exc:
        raise ExportError(f"Cannot write in the folder for {path.name} ({exc.strerror}); "
                          "choose another folder.") from exc
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
    columns = SignatureRecord.__table__.c
    if not chosen.local_dates or (chosen.since is None and chosen.until is None):
        return db.scalar(chosen.narrow(select(func.count()).select_from(
            SignatureRecord.__table__), columns)) or 0
    query = chosen.narrow(select(
        columns.signed_at_utc, columns.signed_at_offset_minutes, columns.agreement_version
    ), columns)
    return sum(
        1 for row in db.execute(query.execution_options(yield_per=5000))
        if _signed_in(chosen, row.signed_at_utc, row.signed_at_offset_minutes,
                      row.agreement_version)
    )


def _signed_in(chosen: ExportFilter, signed_at_utc: str, offset: int, version: int) -> bool:
    """Whether stored signing-time columns pass the filter (unparsable ones do, to be caught)."""
    try:
        return chosen.matches(Timestamp.parse(signed_at_utc, offset), version)
    except (ValueError, TypeError):
        return True


# -- opening records ------------------------------------------------------------------
def _problem(record_id: str, what: str) -> ExportProblemError:
    return ExportProblemError(
        f"Record {record_id} {what}, so nothing was exported; run zzsign verify to see what is "
        "wrong."
    )


def selected_records(
    records: RecordRepository, chosen: ExportFilter
) -> Iterator[StoredRecord]:
    """The stored records that pass the filter, streamed (in record-id order)."""
    for stored in records.records():
        if isinstance(stored, UnreadableRecord):
            raise _problem(stored.record_id, "can no longer be read (edited or damaged)")
        public = stored.public
        if chosen.matches(public.at(Step.SIGNED), public.agreement_version):
            yield stored


# -- CSV and XLSX -------------------------------------------------------------------------
def table_rows(
    db: Session, hr_private_key: bytes, chosen: ExportFilter, batch: int = 2000
) -> Iterator[list[str | int]]:
    """One list of cell values per matching record, in the order of ``CSV_COLUMNS``.

    Reads only the columns a table needs (filtered in SQL, on the signing-time index) and opens
    only the sealed personal part, checked against the record's commitment; re-deriving every
    record's hash is ``zzsign verify``'s work, not an export's.
    """
    columns = SignatureRecord.__table__.c
    query = select(
        columns.id, columns.signed_at_utc, columns.signed_at_offset_minutes, columns.department,
        columns.start_date, columns.agreement_version, columns.agreement_sha256,
        columns.signature_kind, columns.record_sha256, columns.personal_commitment,
        columns.sealed_personal, RecordVoid.__table__.c.record_id.label("void_of"),
    ).select_from(
        SignatureRecord.__table__.outerjoin(
            RecordVoid.__table__, RecordVoid.__table__.c.record_id == columns.id)
    ).order_by(columns.signed_at_utc, columns.id)
    query = chosen.narrow(query, columns)
    for row in db.execute(query.execution_options(yield_per=batch)):
        if chosen.local_dates and not _signed_in(
            chosen, row.signed_at_utc, row.signed_at_offset_minutes, row.agreement_version
        ):
            continue
        try:
            plaintext = sealing.unseal(hr_private_key, row.sealed_personal, personal_aad(row.id))
        except sealing.SealError as exc:
            raise _problem(row.id, "does not open with HR's key") from exc
        if sha256_hex(plaintext) != row.personal_commitment:
            raise _problem(row.id, "holds personal data that differs from what was signed")
        try:
            signer = json.loads(plaintext)["signer"]
            local = Timestamp.parse(row.signed_at_utc, row.signed_at_offset_minutes).local
        except (ValueError, KeyError, TypeError) as exc:
            raise _problem(row.id, "can no longer be read (edited or damaged)") from exc
        yield [
            row.id,
            row.signed_at_utc,
            local.isoformat(timespec="seconds"),
            signer["full_name"],
            signer["work_email"],
            signer["employee_id"] or "",
            row.department,
            row.start_date,
            row.agreement_version,
            row.agreement_sha256,
            row.signature_kind,
            row.record_sha256,
            SIGNED if row.void_of is None else VOID,
        ]


def write_csv(rows: Iterator[list[str | int]], out: IO[str]) -> int:
    """CSV for Excel and LibreOffice: UTF-8 with a BOM (the caller opens it so), CRLF rows."""
    writer = csv.writer(out, dialect="excel")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for row in rows:
        writer.writerow([neutralise(v) if isinstance(v, str) else v for v in row])
        count += 1
    return count


def write_xlsx(rows: Iterator[list[str | int]], path: Path) -> int:
    """An XLSX workbook (streamed by openpyxl's write-only mode); every text cell is plain text."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Signed records")

    def cells(values: list[str | int]) -> list[WriteOnlyCell]:
        made = []
        for value in values:
            if isinstance(value, str):
                cell = WriteOnlyCell(sheet, value=neutralise(value))
                cell.data_type = "s"  # never a formula, whatever the text
            else:
                cell = WriteOnlyCell(sheet, value=value)
            made.append(cell)
        return made

    try:
        sheet.append(cells(list(CSV_COLUMNS)))
        count = 0
        for row in rows:
            sheet.append(cells(row))
            count += 1
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
    try:
        opened = unseal_personal(stored, hr_private_key)
    except SealedContentError as exc:
        raise _problem(stored.public.record_id, str(exc).removeprefix("its ")) from exc
    record = record_from_parts(records, stored, opened)
    public = stored.public
    try:
        link = records.link_for("record", public.record_id)
    except KeyError as exc:
        raise _problem(public.record_id, "is not in the chain") from exc
    entry = {
        "record": record.evidence(),
        "public_record": public.payload(),
        "record_sha256": stored.record_sha256,
        "personal_plaintext": base64.b64encode(opened.plaintext).decode("ascii"),
        "chain_link": asdict(link),
        "status": SIGNED,
    }
    void = records.void_of(public.record_id)
    if void is not None:
        entry["status"] = VOID
        entry["void"] = void.payload()
    return entry


def json_head(db: Session, installation_ids: set[str] | None = None) -> bytes:
    """The start of an export's JSON, up to the opening of its ``records`` list."""
    return (b'{"format":' + json.dumps(JSON_FORMAT).encode() + b',"installations":'
            + canonical_json(installation_entries(db, installation_ids)) + b',"records":[')


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
    """``{"format", "installations", "records"}``, written record by record (flat memory)."""
    total = count_matching(db, chosen) if progress is not None else 0
    out.write(json_head(db))
    count = 0
    for stored in reported(selected_records(records, chosen), total, progress):
        out.write(json_record(record_entry(records, stored, hr_private_key), count))
        count += 1
    out.write(JSON_TAIL)
    return count


# -- the whole export ------------------------------------------------------------------
def export_table(
    database_url: str, hr_private_key: bytes, chosen: ExportFilter, kind: str, path: Path,
    progress: ExportProgress | None = None,
) -> int:
    """Export as ``csv``, ``xlsx`` or ``json`` to ``path``; returns the number of records."""
    if kind not in TABLE_KINDS:
        raise ValueError(f"not a table export: {kind!r}")
    sessions, release = snapshot_sessions(database_url)
    try:
        with atomic_output(path) as temporary, sessions() as db:
            records = RecordRepository(db)
            if kind == "json":
                with open(temporary, "wb") as out:
                    return write_json(db, records, hr_private_key, chosen, out, progress)
            total = count_matching(db, chosen) if progress is not None else 0
            rows = reported(table_rows(db, hr_private_key, chosen), total, progress)
            if kind == "xlsx":
                return write_xlsx(rows, temporary)
            with open(temporary, "w", encoding="utf-8-sig", newline="") as out:
                return write_csv(rows, out)
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
    store, hr_private_key: bytes, chosen: ExportFilter, path: Path,
    progress: ExportProgress | None = None,
) -> tuple[int, int]:
    """One merged PDF of the sealed signed copies, a bookmark per signer ("Name — date").

    Only this installation's records can be sealed here; returns (exported, left out).
    Needs a QGuiApplication (the copies are rendered with QtGui), on its thread.
    """
    from zzsign.services.pdf_copy import make_signed_copy, material_from_store

    sessions, release = snapshot_sessions(store_url(store))
    try:
        with atomic_output(path) as temporary, sessions() as db:
            ids, foreign = matching_local_ids(RecordRepository(db), store.installation_id,
                                              chosen)

            def copies() -> Iterator[tuple[bytes, str]]:
                for record_id in reported(ids, len(ids), progress):
                    material = material_from_store(
                        db, record_id, hr_private_key, store.seal, store.seal_endorsement
                    )
                    yield make_signed_copy(material), bookmark_title(material.record)

            merge_signed_copies(copies(), temporary)
    finally:
        release()
    return len(ids), foreign


def export_records(
    store, hr_private_key: bytes, chosen: ExportFilter, kind: str, path: Path,
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
            f"{path.name} could not be written ({exc.strerror or type(exc).__name__}), so "
            "nothing was saved; free some space or choose another folder."
        ) from exc
    return ExportResult(path, count, left_out)


def store_url(store) -> str:
    """The SQLAlchemy URL of an open store."""
    return store.engine.url.render_as_string(hide_password=False)


def _bytes_io(data: bytes):
    import io

    return io.BytesIO(data)
