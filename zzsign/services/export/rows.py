"""The cells of a table export (CSV, XLSX): each record's sealed personal part opened and laid out.

This module is what an export's worker processes import (see :mod:`zzsign.services.export.workers`),
so it needs only the standard library, ``cryptography`` (through :mod:`zzsign.security.sealing`)
and zzsign's clock: no Qt, no SQLAlchemy. Rows come in as the plain tuples
:func:`zzsign.store.export_reads.table_rows` reads, each with the associated data its sealed part
was sealed with; they go out as lists of cells, or as the CSV text of those cells.

Spreadsheet safety: a text cell that a spreadsheet would read as a formula (one that starts,
after any leading spaces, with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is written
with a single quote ``'`` in front, in CSV and XLSX alike, so that a name such as
``=HYPERLINK("http://x","y")`` is shown as text and never evaluated (OWASP "CSV injection").
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Sequence

from zzsign.domain.clock import Timestamp
from zzsign.domain.messages import QT_TRANSLATE_NOOP, Message
from zzsign.security import sealing

CSV_COLUMNS = (
    "record_id",
    "signed_at_utc",
    "signed_at_local",
    "full_name",
    "work_email",
    "employee_id",
    "department",
    "start_date",
    "agreement_version",
    "agreement_sha256",
    "signature_kind",
    "record_sha256",
    "status",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_FIRST = frozenset(FORMULA_STARTS)
SIGNED = "signed"
VOID = "void"

#: What is wrong with a record whose row cannot be exported (completes "Record <id> …"; a
#: Message, so that HR's export dialog shows it translated).
DOES_NOT_OPEN = Message(QT_TRANSLATE_NOOP("Messages", "does not open with HR's key"))
DIFFERS = Message(
    QT_TRANSLATE_NOOP("Messages", "holds personal data that differs from what was signed")
)
UNREADABLE = Message(QT_TRANSLATE_NOOP("Messages", "can no longer be read (edited or damaged)"))

Cells = list[str | int]


class RowProblem(Exception):
    """A record's row cannot be exported: ``what`` (a Message) completes "Record <record_id> …"."""

    def __init__(self, record_id: str, what: str) -> None:
        super().__init__(record_id, what)
        self.record_id = record_id
        self.what = what


def neutralise(value: str) -> str:
    """``value`` made inert for spreadsheets: a formula-like text gets a leading ``'``."""
    first = value[:1]
    if first in _FORMULA_FIRST or (first.isspace() and value.lstrip()[:1] in _FORMULA_FIRST):
        return "'" + value
    return value


def open_rows(
    hr_private_key: bytes, rows: Sequence[tuple], associated_data: Sequence[bytes]
) -> list[Cells]:
    """The cells (in the order of :data:`CSV_COLUMNS`, text neutralised) of ``rows``.

    Each row's sealed personal part is opened with ``associated_data`` (the same position) and
    checked against the record's commitment; re-deriving every record's hash is ``zzsign
    verify``'s work, not an export's. Raises :class:`RowProblem` for the first row that fails.
    """
    unseal = sealing.unseal
    sha256 = hashlib.sha256
    loads = json.loads
    parse = Timestamp.parse
    table = []
    for row, aad in zip(rows, associated_data, strict=True):
        (
            record_id,
            signed_at_utc,
            offset,
            department,
            start_date,
            agreement_version,
            agreement_sha256,
            signature_kind,
            record_sha256,
            commitment,
            sealed,
            voided,
        ) = row
        try:
            plaintext = unseal(hr_private_key, sealed, aad)
        except sealing.SealError:
            raise RowProblem(record_id, DOES_NOT_OPEN) from None
        if sha256(plaintext).hexdigest() != commitment:
            raise RowProblem(record_id, DIFFERS)
        try:
            signer = loads(plaintext.decode("utf-8"))["signer"]  # canonical JSON is UTF-8
            values = [
                record_id,
                signed_at_utc,
                parse(signed_at_utc, offset).local.isoformat(timespec="seconds"),
                signer["full_name"],
                signer["work_email"],
                signer["employee_id"] or "",
                department,
                start_date,
                agreement_version,
                agreement_sha256,
                signature_kind,
                record_sha256,
                VOID if voided else SIGNED,
            ]
        except (ValueError, KeyError, TypeError):  # UnicodeDecodeError is a ValueError
            raise RowProblem(record_id, UNREADABLE) from None
        table.append([neutralise(v) if isinstance(v, str) else v for v in values])
    return table


def csv_text(table: Sequence[Cells]) -> str:
    """``table`` as CSV for Excel and LibreOffice (CRLF rows), as text to append to the file."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, dialect="excel").writerows(table)
    return buffer.getvalue()


def opened_chunk(
    hr_private_key: bytes, rows: Sequence[tuple], associated_data: Sequence[bytes], as_csv: bool
) -> str | list[Cells]:
    """:func:`open_rows` of one chunk, as CSV text if ``as_csv``: the work a worker does."""
    table = open_rows(hr_private_key, rows, associated_data)
    return csv_text(table) if as_csv else table
