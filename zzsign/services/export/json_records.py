"""The JSON export, record by record (flat memory); also the evidence package's records.json."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import IO

from sqlalchemy import select
from sqlalchemy.orm import Session

from zzsign.domain.canonical import canonical_json
from zzsign.domain.documents import VersionedDocument
from zzsign.domain.voids import VoidEntry
from zzsign.services.export.output import ExportProgress, reported
from zzsign.services.export.problems import (
    NOT_IN_CHAIN,
    VOID_UNREADABLE,
    record_problem,
    sealed_problem,
)
from zzsign.services.export.rows import SIGNED, VOID
from zzsign.services.export.selection import ExportFilter, count_matching, selected_records
from zzsign.services.records import SealedContentError, record_from_parts, unseal_personal
from zzsign.store.export_reads import LOOKUP_BATCH, links_covering
from zzsign.store.models import Installation
from zzsign.store.records import RecordRepository, StoredLink, StoredRecord, UnreadableRecord

JSON_FORMAT = "zzsign.export/1"


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
        raise sealed_problem(public.record_id, exc.message) from exc
    record = record_from_parts(records, stored, opened)
    if link is None:
        raise record_problem(public.record_id, NOT_IN_CHAIN)
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
            raise record_problem(record_id, VOID_UNREADABLE)
        entry = _entry(documents, stored, hr_private_key, link, voids.get(record_id))
        out.write(json_record(entry, count))
        count += 1
    out.write(JSON_TAIL)
    return count
