"""``zzsign export``: records out as CSV, XLSX, JSON or one merged PDF, never half-written.

Records are streamed from a read snapshot of the store (a deferred SQLite transaction, so the
kiosk can keep signing meanwhile) and each is opened with HR's private key; memory stays flat
whatever the number of records. Every export is written to a temporary file beside the target
and renamed over it only when complete, so a failed or interrupted export leaves nothing behind.

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
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import IO

from sqlalchemy import select
from sqlalchemy.orm import Session

from zzsign.domain.canonical import canonical_json, sha256_hex
from zzsign.domain.clock import Timestamp
from zzsign.domain.record import Step
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


class ExportError(UserFacingError):
    """The export could not be made (usage or environment); nothing was written."""


class ExportProblemError(UserFacingError):
    """A record could not be opened or did not match what was signed; nothing was written."""


# -- filters ------------------------------------------------------------------
@dataclass(frozen=True)
class ExportFilter:
    """Which records to export: signed between two UTC dates (inclusive), one agreement version."""

    since: date | None = None
    until: date | None = None
    agreement_version: int | None = None

    def matches(self, signed_at_utc: str, agreement_version: int) -> bool:
        """Whether a record signed at ``signed_at_utc`` (ISO, UTC) under a version is wanted."""
        day = signed_at_utc[:10]
        if self.since is not None and day < self.since.isoformat():
            return False
        if self.until is not None and day > self.until.isoformat():
            return False
        return self.agreement_version is None or agreement_version == self.agreement_version

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
        raise ExportError(f"{path.name} is a folder; give a file name for --out.")
    if not path.parent.is_dir():
        raise ExportError(f"The folder for {path.name} does not exist; create it or choose "
                          "another --out.")
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        raise ExportError(f"Cannot write beside {path.name} ({exc.strerror}); choose another "
                          "--out.") from exc
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        with open(temporary, "rb+") as written:
            os.fsync(written.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


# -- reading a consistent snapshot -----------------------------------------------------------
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
        if chosen.matches(public.at(Step.SIGNED).utc_iso, public.agreement_version):
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
    if chosen.since is not None:
        query = query.where(columns.signed_at_utc >= chosen.since.isoformat())
    if chosen.until is not None:
        query = query.where(columns.signed_at_utc < (chosen.until + timedelta(days=1)).isoformat())
    if chosen.agreement_version is not None:
        query = query.where(columns.agreement_version == chosen.agreement_version)
    for row in db.execute(query.execution_options(yield_per=batch)):
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

    sheet.append(cells(list(CSV_COLUMNS)))
    count = 0
    for row in rows:
        sheet.append(cells(row))
        count += 1
    workbook.save(path)
    return count


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


def write_json(
    db: Session,
    records: RecordRepository,
    hr_private_key: bytes,
    chosen: ExportFilter,
    out: IO[bytes],
    only_installation: str | None = None,
    on_record: Callable[[StoredRecord], None] | None = None,
) -> int:
    """``{"format", "installations", "records"}``, written record by record (flat memory)."""
    ids = None if only_installation is None else {only_installation}
    out.write(b'{"format":' + json.dumps(JSON_FORMAT).encode() + b',"installations":')
    out.write(canonical_json(installation_entries(db, ids)))
    out.write(b',"records":[')
    count = 0
    for stored in selected_records(records, chosen):
        if only_installation is not None and stored.public.installation_id != only_installation:
            continue
        out.write((b",\n" if count else b"\n") + canonical_json(
            record_entry(records, stored, hr_private_key)
        ))
        if on_record is not None:
            on_record(stored)
        count += 1
    out.write(b"\n]}\n")
    return count


# -- the whole export ------------------------------------------------------------------
def export_table(
    database_url: str, hr_private_key: bytes, chosen: ExportFilter, kind: str, path: Path
) -> int:
    """Export as ``csv``, ``xlsx`` or ``json`` to ``path``; returns the number of records."""
    sessions, release = snapshot_sessions(database_url)
    try:
        with atomic_output(path) as temporary, sessions() as db:
            records = RecordRepository(db)
            if kind == "xlsx":
                return write_xlsx(table_rows(db, hr_private_key, chosen), temporary)
            if kind == "csv":
                with open(temporary, "w", encoding="utf-8-sig", newline="") as out:
                    return write_csv(table_rows(db, hr_private_key, chosen), out)
            with open(temporary, "wb") as out:
                return write_json(db, records, hr_private_key, chosen, out)
    finally:
        release()


def local_record_ids(
    database_url: str, installation_id: str, chosen: ExportFilter
) -> tuple[list[str], int]:
    """Ids of this installation's matching records, oldest signing first; and how many matching
    records other installations signed (their copies cannot be sealed here)."""
    sessions, release = snapshot_sessions(database_url)
    try:
        with sessions() as db:
            found: list[tuple[str, str]] = []
            foreign = 0
            for stored in selected_records(RecordRepository(db), chosen):
                if stored.public.installation_id == installation_id:
                    found.append((stored.public.at(Step.SIGNED).utc_iso, stored.public.record_id))
                else:
                    foreign += 1
    finally:
        release()
    return [record_id for _at, record_id in sorted(found)], foreign


def export_pdf(
    store, hr_private_key: bytes, chosen: ExportFilter, path: Path,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[int, int]:
    """One merged PDF of the sealed signed copies, a bookmark per signer ("Name — date").

    Only this installation's records can be sealed here; returns (exported, left out).
    Needs a QGuiApplication (the copies are rendered with QtGui).
    """
    from pypdf import PdfReader, PdfWriter

    from zzsign.services.pdf_copy import make_signed_copy, material_from_store

    ids, foreign = local_record_ids(store_url(store), store.installation_id, chosen)
    with atomic_output(path) as temporary:
        writer = PdfWriter()
        for done, record_id in enumerate(ids, start=1):
            with store.sessions() as db:
                material = material_from_store(
                    db, record_id, hr_private_key, store.seal, store.seal_endorsement
                )
            copy = PdfReader(_bytes_io(make_signed_copy(material)))
            first_page = len(writer.pages)
            writer.append(copy, import_outline=False)
            record = material.record
            writer.add_outline_item(
                f"{record.signer.full_name} — {record.signed_at.local.date().isoformat()}",
                first_page,
            )
            if progress is not None:
                progress(done, len(ids))
        writer.add_metadata({"/Title": "Signed confidentiality agreements", "/Producer": "zzsign"})
        with open(temporary, "wb") as out:
            writer.write(out)
    return len(ids), foreign


def store_url(store) -> str:
    """The SQLAlchemy URL of an open store."""
    return store.engine.url.render_as_string(hide_password=False)


def _bytes_io(data: bytes):
    import io

    return io.BytesIO(data)
