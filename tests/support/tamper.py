"""Records signed for the tamper tests, and the tables and columns they tamper with."""

from __future__ import annotations

import sqlite3
from datetime import date

from support.store import walk_to_signature
from zzsign.domain.record import Step
from zzsign.domain.signature import DrawnSignature, TypedSignature
from zzsign.domain.signer import DetailsForm
from zzsign.services.signing import SigningService

#: The signers of the tamper tests' records.
NAMES = ("Zoë Ñúñez", "Ольга Петрова", "王小明")
#: The tables that hold a record's parts.
RECORD_TABLES = ("signature_records", "audit_events", "ledger_entries", "record_voids")


def sign(service: SigningService, name: str, drawn: bool) -> str:
    """Sign ``name``'s record through ``service``, drawn or typed; its id."""
    session = service.start_session()
    details, _ = DetailsForm(
        name, "someone@zzservers.com", "E-1", "Finance", date(2026, 12, 1)
    ).validate(date(2026, 11, 25))
    session.signer = details
    walk_to_signature(session, service.clock)
    if drawn:
        strokes = (tuple((10 + i * 9, 50 + (i % 4) * 12, i * 15) for i in range(30)),)
        session.signature = DrawnSignature(strokes, 600, 200, b"PNG-" + name.encode())
    else:
        session.signature = TypedSignature(
            name, "Dancing Script", "DancingScript-Regular.otf", b"PNG-" + name.encode()
        )
    session.mark(Step.SIGNATURE_ADOPTED, service.clock())
    return service.sign(session, screen="1920x1080").record_id


def table_columns(raw: sqlite3.Connection, table: str) -> list[str]:
    """The column names of ``table``."""
    return [row[1] for row in raw.execute(f"PRAGMA table_info({table})")]
