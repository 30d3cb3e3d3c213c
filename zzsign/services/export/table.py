"""CSV and XLSX exports (and the entry point of the JSON one): chunks of sealed rows opened in
this process, or in worker processes on every core from :data:`PARALLEL_FROM` records on."""

from __future__ import annotations

import contextlib
import csv
import logging
import os
from collections.abc import Generator, Iterable, Iterator
from pathlib import Path
from typing import IO, Literal, overload

from sqlalchemy.orm import Session

from zzsign.services.export import rows as export_rows
from zzsign.services.export.json_records import write_json
from zzsign.services.export.output import ExportProgress, atomic_output
from zzsign.services.export.problems import WORKER_LOST, ExportError, record_problem
from zzsign.services.export.rows import CSV_COLUMNS, Cells, RowProblem
from zzsign.services.export.selection import ExportFilter, count_matching, signed_in
from zzsign.services.export.workers import (
    MAX_WORKERS,
    Chunk,
    WorkerLostError,
    WorkerPool,
    usable_cores,
)
from zzsign.services.record_writer import personal_aad
from zzsign.store.database import snapshot_sessions
from zzsign.store.export_reads import table_rows
from zzsign.store.records import RecordRepository

TABLE_KINDS = ("csv", "xlsx", "json")
#: CSV and XLSX exports of at least this many records open them in worker processes on every
#: core; fewer are done sooner in this process than workers take to start (~0.1 s).
PARALLEL_FROM = 10_000
#: Records a CSV or XLSX export reads, opens and writes at a time.
CHUNK_RECORDS = 1000

log = logging.getLogger(__name__)


# -- CSV and XLSX -------------------------------------------------------------------------
def sealed_chunks(db: Session, chosen: ExportFilter, size: int | None = None) -> Iterator[Chunk]:
    """The matching records' table rows, oldest signing first, a chunk at a time, each row with
    the associated data its personal part was sealed with."""
    for rows in table_rows(db, chosen.signing_window(), size or CHUNK_RECORDS):
        if chosen.local_dates:
            rows = [row for row in rows if signed_in(chosen, row[1], row[2], row[5])]
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
        raise record_problem(problem.record_id, problem.what) from None
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
