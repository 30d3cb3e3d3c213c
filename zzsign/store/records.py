"""Repository: writes and reads documents, records and chain links (installations and HR's keys:
:mod:`zzsign.store.installations`, :mod:`zzsign.store.hr_keys`).

It hands back plain dataclasses (never ORM rows) and knows nothing of cryptography: callers pass
in sealed bytes and signed links.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Literal, NamedTuple, Protocol, overload

from sqlalchemy import LargeBinary, Table, func, insert, select, type_coerce
from sqlalchemy.orm import Session

from zzsign.domain.canonical import (
    CanonicalTemplate,
    canonical_json,
    canonical_text,
    sha256_hex,
)
from zzsign.domain.clock import Timestamp
from zzsign.domain.documents import Agreement, DocumentIntegrityError, VersionedDocument
from zzsign.domain.messages import QT_TRANSLATE_NOOP, Message
from zzsign.domain.record import (
    AuditEntry,
    DeviceInfo,
    PublicRecord,
    SealInfo,
    Step,
    audit_entry_evidence,
    record_payload,
)
from zzsign.domain.voids import VoidEntry
from zzsign.store.compact import (
    HexBytes,
    TrailShape,
    _hex_of,
    decode_audit_texts,
    decode_audit_trail,
    encode_audit_trail,
)
from zzsign.store.hr_keys import HrKeyRepository
from zzsign.store.models import (
    AuditEvent,
    Base,
    Document,
    LedgerEntry,
    RecordVoid,
    SignatureRecord,
)


def _table(model: type[Base]) -> Table:
    """The table a mapped class is declared on (the declarative base types it more loosely)."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


RECORDS = _table(SignatureRecord)
AUDIT = _table(AuditEvent)
LEDGER = _table(LedgerEntry)


class _RecordRow(NamedTuple):
    """A row of ``signature_records`` as a plain tuple with named fields: reading a field of it
    costs a twentieth of reading one of SQLAlchemy's Row (verify reads some thirty a record).
    Its fields are the table's columns, in order (checked below)."""

    id: str
    installation_id: str
    app_version: str
    is_demo: bool
    agreement_version: int
    agreement_sha256: str
    disclosure_version: int
    disclosure_sha256: str
    department: str
    start_date: str
    signature_kind: str
    meaning: str
    device_json: str
    signed_at_utc: str
    signed_at_offset_minutes: int
    hr_key_id: int
    sealed_personal: bytes
    sealed_signature_image: bytes
    personal_commitment: str
    record_sha256: str
    record_format: int
    audit_trail: bytes | None


_RECORD_FIELDS = tuple(column.name for column in RECORDS.columns)
if _RecordRow._fields != _RECORD_FIELDS:
    raise RuntimeError("_RecordRow's fields differ from the columns of signature_records")
#: The columns of ``signature_records`` as stored: a hash as its raw bytes, not as hex text
#: (verify's lean read: most of them are only hashed or compared).
_RAW_RECORD = tuple(
    type_coerce(column, LargeBinary) if isinstance(column.type, HexBytes) else column
    for column in RECORDS.columns
)
#: What turns each raw column into what the mapped column gives (None: nothing to do).
_FROM_RAW = tuple(_hex_of if isinstance(c.type, HexBytes) else None for c in RECORDS.columns)


def _processed(raw: Sequence[object]) -> _RecordRow:
    """A raw row (:data:`_RAW_RECORD`) as the mapped columns read it: each hash as hex text."""
    return _RecordRow._make(
        value if convert is None else convert(value)  # type: ignore[arg-type]
        for convert, value in zip(_FROM_RAW, raw, strict=True)
    )


AGREEMENT = "agreement"
DISCLOSURE = "disclosure"
GENESIS = "0" * 64


@dataclass(frozen=True)
class StoredRecord:
    """A record as the store holds it: the public part and the sealed personal part (and, for a
    format-1 record, its sealed signature image; None in format 2)."""

    public: PublicRecord
    record_sha256: str
    sealed_personal: bytes
    sealed_signature_image: bytes | None


@dataclass(frozen=True)
class UnreadableRecord:
    """A stored record whose fields no longer parse (a sign of tampering or damage)."""

    record_id: str
    reason: str


class RecordCheck(NamedTuple):
    """A stored record as verify checks it: the SHA-256 of the canonical public payload its row
    stands for, and the record hash stored beside it. A format-2 row is hashed straight from its
    columns, without building the record; ``stored`` is the record itself when it was built (a
    format-1 record always: its audit events are checked one by one)."""

    record_id: str
    record_format: int
    payload_sha256: str
    stored_sha256: str
    stored: StoredRecord | None


@dataclass(frozen=True)
class AgreementVersionRow:
    """An agreement version as stored, with how many records were signed under it."""

    version: int
    title: str
    sha256: str
    registered_at_utc: str
    signatures: int


class StoredLink(NamedTuple):
    """A chain link as stored, signature included (a plain named tuple: verify's walk reads
    every one of them)."""

    installation_id: str
    sequence: int
    kind: str
    subject: str
    payload_sha256: str
    prev_sha256: str
    entry_sha256: str
    signature: str


_LINK_FIELDS = StoredLink._fields


_FORMAT = _RECORD_FIELDS.index("record_format")


class RecordRepository:
    """Reads and writes within one session (one user action)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def link_for(self, kind: str, subject: str) -> StoredLink:
        """The chain link that covers ``subject`` (KeyError if none)."""
        query = select(*(LEDGER.c[name] for name in _LINK_FIELDS)).where(
            LEDGER.c.kind == kind, LEDGER.c.subject == subject
        )
        row = self._session.execute(query).first()
        if row is None:
            raise KeyError(subject)
        return StoredLink(*row)

    def link_at(self, installation_id: str, sequence: int) -> StoredLink | None:
        """The link at ``sequence`` of an installation's chain, or None if the chain held here
        does not reach it."""
        query = select(*(LEDGER.c[name] for name in _LINK_FIELDS)).where(
            LEDGER.c.installation_id == installation_id, LEDGER.c.sequence == sequence
        )
        row = self._session.execute(query).first()
        return None if row is None else StoredLink(*row)

    # -- documents ------------------------------------------------------------------------
    def register_document(self, kind: str, document: VersionedDocument, at: Timestamp) -> None:
        """Store a document version; refuse one whose text differs from the stored version."""
        stored = self._session.get(Document, (kind, document.version))
        if stored is None:
            self._session.add(
                Document(
                    kind=kind,
                    version=document.version,
                    title=document.title,
                    sha256=document.sha256,
                    text=document.text,
                    registered_at_utc=at.utc_iso,
                )
            )
            self._session.flush()
        elif stored.sha256 != document.sha256:
            raise DocumentIntegrityError(
                Message(
                    QT_TRANSLATE_NOOP(
                        "Messages",
                        "The agreement text for version {version} differs from the one already "
                        "signed under that version; publish it as a new version.",
                    )
                    if kind == AGREEMENT
                    else QT_TRANSLATE_NOOP(
                        "Messages",
                        "The disclosure text for version {version} differs from the one already "
                        "signed under that version; publish it as a new version.",
                    ),
                    version=document.version,
                )
            )

    def document(self, kind: str, version: int) -> VersionedDocument:
        """A stored document version."""
        row = self._session.get_one(Document, (kind, version))
        cls = Agreement if kind == AGREEMENT else VersionedDocument
        return cls(row.version, row.title, row.text, row.sha256)

    def newest_agreement(self) -> Agreement | None:
        """The agreement version with the highest number, or None if none is stored."""
        row = self._session.scalar(
            select(Document)
            .where(Document.kind == AGREEMENT)
            .order_by(Document.version.desc())
            .limit(1)
        )
        return None if row is None else Agreement(row.version, row.title, row.text, row.sha256)

    def agreement_versions(self) -> list[AgreementVersionRow]:
        """Every agreement version, oldest first, with its count of signed records."""
        counts = {
            version: count
            for version, count in self._session.execute(
                select(SignatureRecord.agreement_version, func.count()).group_by(
                    SignatureRecord.agreement_version
                )
            )
        }
        rows = self._session.execute(
            select(Document.version, Document.title, Document.sha256, Document.registered_at_utc)
            .where(Document.kind == AGREEMENT)
            .order_by(Document.version)
        )
        return [
            AgreementVersionRow(
                r.version, r.title, r.sha256, r.registered_at_utc, counts.get(r.version, 0)
            )
            for r in rows
        ]

    def documents(self) -> list[tuple[str, VersionedDocument]]:
        """Every stored document version, with its kind."""
        table = Document.__table__.c
        rows = self._session.execute(
            select(
                table.kind,
                table.version,
                table.title,
                table.text,
                table.sha256,
            ).order_by(table.kind, table.version)
        )
        return [(r.kind, VersionedDocument(r.version, r.title, r.text, r.sha256)) for r in rows]

    # -- chain ----------------------------------------------------------------------------
    def lock_chain(self, installation_id: str) -> None:
        """Hold the installation's chain and keys until this transaction ends, so another
        process of the installation cannot append or make keys meanwhile (see
        :mod:`zzsign.store.locks`)."""
        from zzsign.store.locks import lock_installation

        lock_installation(self._session, installation_id)

    def chain_head(self, installation_id: str) -> tuple[int, str]:
        """(sequence, entry hash) of the newest link, or (0, GENESIS) for an empty chain."""
        row = self._session.execute(
            select(LedgerEntry.sequence, LedgerEntry.entry_sha256)
            .where(LedgerEntry.installation_id == installation_id)
            .order_by(LedgerEntry.sequence.desc())
            .limit(1)
        ).first()
        return (row.sequence, row.entry_sha256) if row else (0, GENESIS)

    def add_links(self, links: list[StoredLink]) -> None:
        """Append signed links (one multi-row insert)."""
        self._session.execute(insert(LEDGER), [link._asdict() for link in links])

    def links(self, batch: int = 5000) -> Iterator[StoredLink]:
        """Every link, by installation and sequence, streamed."""
        query = select(*(LEDGER.c[name] for name in _LINK_FIELDS)).order_by(
            LEDGER.c.installation_id, LEDGER.c.sequence
        )
        rows = self._session.connection().execute(query.execution_options(yield_per=batch))
        return map(StoredLink._make, rows)

    # -- voids ----------------------------------------------------------------------------
    def add_void(self, entry: VoidEntry) -> None:
        """Append that a record was voided."""
        self._session.add(
            RecordVoid(
                record_id=entry.record_id,
                reason=entry.reason,
                voided_at_utc=entry.at.utc_iso,
                voided_at_offset_minutes=entry.at.offset_minutes,
                voided_by=entry.voided_by,
                installation_id=entry.installation_id,
            )
        )
        self._session.flush()

    def void_of(self, record_id: str) -> VoidEntry | None:
        """The void of ``record_id``, or None if it stands."""
        row = self._session.get(RecordVoid, record_id)
        return None if row is None else _void(row)

    def voids(self) -> Iterator[VoidEntry | UnreadableRecord]:
        """Every void (one whose columns no longer parse comes as UnreadableRecord)."""
        query = select(*RecordVoid.__table__.columns).order_by(RecordVoid.__table__.c.record_id)
        for row in self._session.execute(query):
            try:
                yield _void(row)
            except (ValueError, TypeError) as exc:
                yield UnreadableRecord(str(row.record_id), type(exc).__name__)

    def has_record(self, record_id: str) -> bool:
        """Whether a record with ``record_id`` is stored."""
        return self._session.get(SignatureRecord, record_id) is not None

    # -- records --------------------------------------------------------------------------
    def add_record(self, stored: StoredRecord) -> None:
        """Append a record and its audit trail (format 2: in the record's row; format 1, as
        imported from a package: as rows of ``audit_events``)."""
        public = stored.public
        signed_at = public.at(Step.SIGNED)
        format_2 = public.record_format == 2
        self._session.execute(
            insert(RECORDS),
            {
                "id": public.record_id,
                "installation_id": public.installation_id,
                "app_version": public.app_version,
                "is_demo": public.is_demo,
                "agreement_version": public.agreement_version,
                "agreement_sha256": public.agreement_sha256,
                "disclosure_version": public.disclosure_version,
                "disclosure_sha256": public.disclosure_sha256,
                "department": public.department,
                "start_date": public.start_date,
                "signature_kind": public.signature_kind,
                "meaning": public.meaning,
                "device_json": canonical_json(public.device.evidence()).decode("utf-8"),
                "signed_at_utc": signed_at.utc_iso,
                "signed_at_offset_minutes": signed_at.offset_minutes,
                "hr_key_id": public.seal.hr_key_id,
                "sealed_personal": stored.sealed_personal,
                "sealed_signature_image": stored.sealed_signature_image or b"",
                "personal_commitment": public.seal.personal_commitment,
                "record_sha256": stored.record_sha256,
                "record_format": public.record_format,
                "audit_trail": encode_audit_trail(public.audit) if format_2 else None,
            },
        )
        if format_2:
            return
        self._session.execute(
            insert(AUDIT),
            [
                {
                    "record_id": public.record_id,
                    "position": position,
                    "step": entry.step.value,
                    "at_utc": entry.at.utc_iso,
                    "offset_minutes": entry.at.offset_minutes,
                }
                for position, entry in enumerate(public.audit)
            ],
        )

    def count(self, *, real_only: bool = False) -> int:
        """How many records the store holds (optionally only those that are not demo data)."""
        query = select(func.count()).select_from(SignatureRecord)
        if real_only:
            query = query.where(SignatureRecord.is_demo.is_(False))
        return self._session.scalar(query) or 0

    def ids(self) -> list[str]:
        """Every record id, oldest first."""
        return list(
            self._session.scalars(
                select(SignatureRecord.id).order_by(SignatureRecord.signed_at_utc)
            )
        )

    def get(self, record_id: str) -> StoredRecord:
        """The stored record with ``record_id`` (KeyError if there is none or it is unreadable)."""
        for stored in self._stored_records(record_id):
            if isinstance(stored, StoredRecord):
                return stored
        raise KeyError(record_id)

    def records(self, batch: int = 2000) -> Iterator[StoredRecord | UnreadableRecord]:
        """Every stored record, streamed; one that no longer parses comes as UnreadableRecord."""
        return self._stored_records(None, batch)

    def record_checks(
        self, *, with_records: bool = False, batch: int = 2000
    ) -> Iterator[RecordCheck | UnreadableRecord]:
        """What verify needs of every stored record (see :class:`RecordCheck`), streamed; with
        ``with_records`` every record is built too (to open its sealed part)."""
        if not with_records:
            return self._stored_records(None, batch, lean=True)
        return (
            _built_check(item) if isinstance(item, StoredRecord) else item
            for item in self._stored_records(None, batch)
        )

    @overload
    def _stored_records(
        self, record_id: str | None, batch: int = ..., *, lean: Literal[False] = ...
    ) -> Iterator[StoredRecord | UnreadableRecord]: ...
    @overload
    def _stored_records(
        self, record_id: str | None, batch: int = ..., *, lean: Literal[True]
    ) -> Iterator[RecordCheck | UnreadableRecord]: ...
    def _stored_records(
        self, record_id: str | None, batch: int = 2000, *, lean: bool = False
    ) -> Iterator[StoredRecord | RecordCheck | UnreadableRecord]:
        """Records and their audit events, read as two streams in record-id order and merged;
        ``lean``: each record as its :class:`RecordCheck` (a format-2 one without building it)."""
        columns = _RAW_RECORD if lean else [RECORDS.c[name] for name in _RECORD_FIELDS]
        records = select(*columns).order_by(RECORDS.c.id)
        events = select(
            AUDIT.c.record_id,
            AUDIT.c.position,
            AUDIT.c.step,
            AUDIT.c.at_utc,
            AUDIT.c.offset_minutes,
        ).order_by(AUDIT.c.record_id, AUDIT.c.position)
        if record_id is not None:
            records = records.where(RECORDS.c.id == record_id)
            events = events.where(AUDIT.c.record_id == record_id)
        connection = self._session.connection()
        fingerprints = HrKeyRepository(self._session).fingerprints()
        hasher = _Format2Hasher(fingerprints)
        event_rows = connection.execute(events.execution_options(yield_per=batch))
        pending = next(event_rows, None)
        for found in connection.execute(records.execution_options(yield_per=batch)):
            if found[_FORMAT] == 2:
                try:
                    if lean:
                        yield hasher.check(found)
                        continue
                    row = _RecordRow._make(found)
                    yield _stored(row, decode_audit_trail(row.audit_trail), fingerprints)
                except (ValueError, TypeError, KeyError, StopIteration) as exc:
                    yield UnreadableRecord(str(found[0]), type(exc).__name__)
                continue
            try:
                row = _processed(found) if lean else _RecordRow._make(found)
            except (ValueError, TypeError) as exc:  # a hash column no hex text stands for
                yield UnreadableRecord(str(found[0]), type(exc).__name__)
                continue
            events_of_row = []
            while pending is not None and pending.record_id < row.id:
                pending = next(event_rows, None)  # events of a record that is gone
            while pending is not None and pending.record_id == row.id:
                events_of_row.append(pending)
                pending = next(event_rows, None)
            try:
                if [e.position for e in events_of_row] != list(range(len(events_of_row))):
                    raise ValueError("audit positions are not 0, 1, 2, ...")
                audit = tuple(
                    AuditEntry(Step(e.step), Timestamp.parse(e.at_utc, e.offset_minutes))
                    for e in events_of_row
                )
                stored = _stored(row, audit, fingerprints)
                yield _built_check(stored) if lean else stored
            except (ValueError, TypeError, KeyError) as exc:
                yield UnreadableRecord(str(row.id), type(exc).__name__)


def _built_check(stored: StoredRecord) -> RecordCheck:
    """The :class:`RecordCheck` of a record built from its row."""
    public = stored.public
    digest = sha256_hex(canonical_json(public.payload(), check=False))
    return RecordCheck(public.record_id, public.record_format, digest, stored.record_sha256, stored)


class _VoidColumns(Protocol):
    """The columns of a void, as a mapped :class:`RecordVoid` or a row of its table has them."""

    @property
    def record_id(self) -> str: ...
    @property
    def reason(self) -> str: ...
    @property
    def voided_at_utc(self) -> str: ...
    @property
    def voided_at_offset_minutes(self) -> int: ...
    @property
    def voided_by(self) -> str: ...
    @property
    def installation_id(self) -> str: ...


def _void(row: _VoidColumns) -> VoidEntry:
    return VoidEntry(
        record_id=row.record_id,
        reason=row.reason,
        at=Timestamp.parse(row.voided_at_utc, row.voided_at_offset_minutes),
        voided_by=row.voided_by,
        installation_id=row.installation_id,
    )


@functools.lru_cache(maxsize=64)
def _device(device_json: str) -> DeviceInfo:
    """The device a row's column names (a kiosk's records all name the same few: kept)."""
    device = DeviceInfo(**json.loads(device_json))
    if canonical_json(device.evidence(), check=False).decode("utf-8") != device_json:
        raise ValueError("device column is not in canonical form")
    return device


def _stored(
    row: _RecordRow, audit: tuple[AuditEntry, ...], fingerprints: dict[int, str]
) -> StoredRecord:
    """Rebuild the public record from the row; sealed hashes come from the bytes themselves.

    Columns that repeat what the signed payload says (the device as JSON, the signing time kept
    for sorting) must repeat it exactly, or the row is unreadable.
    """
    device = _device(row.device_json)
    signed = next((entry.at for entry in audit if entry.step is Step.SIGNED), None)
    _check_row(
        row,
        [entry.step for entry in audit],
        None if signed is None else (signed.utc_iso, signed.offset_minutes),
    )
    format_2 = row.record_format == 2
    public = PublicRecord(
        record_id=row.id,
        installation_id=row.installation_id,
        app_version=row.app_version,
        is_demo=bool(row.is_demo),
        agreement_version=row.agreement_version,
        agreement_sha256=row.agreement_sha256,
        disclosure_version=row.disclosure_version,
        disclosure_sha256=row.disclosure_sha256,
        department=row.department,
        start_date=row.start_date,
        signature_kind=row.signature_kind,
        meaning=row.meaning,
        device=device,
        audit=audit,
        seal=_seal(row, fingerprints),
        record_format=row.record_format,
    )
    return StoredRecord(
        public,
        row.record_sha256,
        row.sealed_personal,
        None if format_2 else row.sealed_signature_image,
    )


_ALL_STEPS = frozenset(Step)


def _check_row(row: _RecordRow, steps: Sequence[Step], signed: tuple[str, int] | None) -> None:
    """Columns that repeat what the signed payload says must repeat it exactly: ValueError."""
    _check_steps(steps)
    _check_columns(row, signed)


def _check_steps(steps: Sequence[Step]) -> None:
    """The audit trail must hold every step exactly once: ValueError."""
    if len(steps) != len(_ALL_STEPS) or set(steps) != _ALL_STEPS:
        raise ValueError("the audit trail does not hold every step exactly once")


def _check_columns(row: _RecordRow, signed: tuple[str, int] | None) -> None:
    """The signing time and format columns must repeat what the audit trail and the format
    say: ValueError."""
    if signed is None or signed != (row.signed_at_utc, row.signed_at_offset_minutes):
        raise ValueError("signing time column differs from the audit trail")
    if row.record_format not in (1, 2) or (
        row.record_format == 2 and row.sealed_signature_image != b""
    ):
        raise ValueError("record format column is not 1 or 2, or a format-2 row holds an image")


def _seal(row: _RecordRow, fingerprints: dict[int, str]) -> SealInfo:
    """How the row's personal part is sealed; sealed hashes come from the bytes themselves."""
    format_2 = row.record_format == 2
    return SealInfo(
        hr_key_id=row.hr_key_id,
        personal_commitment=row.personal_commitment,
        sealed_personal_sha256=sha256_hex(row.sealed_personal),
        sealed_image_sha256=None if format_2 else sha256_hex(row.sealed_signature_image),
        # the key the record names is the stored key it points to, whatever the row says
        hr_key_fingerprint=fingerprints.get(row.hr_key_id, "") if format_2 else None,
    )


class _Format2Hasher:
    """Hashes format-2 rows as read raw (hash columns as stored, see :data:`_RAW_RECORD`)
    straight from their columns: the same checks and the same payload as :func:`_stored` and
    :meth:`PublicRecord.payload` (tests/test_verify_lean.py), without building the record.

    Each row's canonical payload is one template filled in: the template of the values a
    laptop's records share and of its audit trail's shape (its steps at their UTC offsets) is
    made once per verify, the row's own values (its id, start date, times and sealed part's
    hashes) are put into it.
    """

    def __init__(self, fingerprints: dict[int, str]) -> None:
        self._fingerprints = fingerprints
        self._payloads: dict[tuple[object, ...], _PayloadText] = {}

    def check(self, row: Sequence[object]) -> RecordCheck:
        """The row's :class:`RecordCheck`; ValueError, TypeError or KeyError if it is not
        readable (exactly when :func:`_stored` refuses it)."""
        (
            record_id,
            installation_id,
            app_version,
            is_demo,
            agreement_version,
            agreement_sha256,
            disclosure_version,
            disclosure_sha256,
            department,
            start_date,
            signature_kind,
            meaning,
            device_json,
            signed_at_utc,
            signed_at_offset_minutes,
            hr_key_id,
            sealed_personal,
            sealed_signature_image,
            personal_commitment,
            record_sha256,
            record_format,
            audit_trail,
        ) = row
        trail = decode_audit_texts(audit_trail)  # type: ignore[arg-type]
        shared = (
            installation_id,
            app_version,
            is_demo,
            agreement_version,
            agreement_sha256,
            disclosure_version,
            disclosure_sha256,
            department,
            signature_kind,
            meaning,
            device_json,
            hr_key_id,
        )
        fingerprint = self._fingerprints.get(hr_key_id, "")  # type: ignore[call-overload]
        # the types too: ``1``, ``1.0`` and ``True`` are equal in Python, not in the payload
        key = (shared, tuple(map(type, shared)), fingerprint, trail.shape)
        try:
            payload = self._payloads.get(key) or self._keep(key, shared, fingerprint, trail.shape)
        except TypeError:  # a value that cannot be kept (a row's never are): the same, not kept
            payload = _payload_text(shared, fingerprint, trail.shape)
        texts = trail.texts
        signed = payload.signed
        if (
            canonical_text(signed_at_utc) != texts[signed]
            or trail.shape.offsets[signed] != signed_at_offset_minutes
        ):
            raise ValueError("signing time column differs from the audit trail")
        if sealed_signature_image != b"":
            raise ValueError("a format-2 row holds an image")
        texts += (
            canonical_text(record_id),
            canonical_text(start_date),
            canonical_text(_hex_of(personal_commitment)),  # type: ignore[arg-type]
            '"' + hashlib.sha256(sealed_personal).hexdigest() + '"',  # type: ignore[arg-type]
        )
        text = payload.template.text(payload.order(texts))
        # (the named tuple made as a tuple: half the cost of calling its class, once a record)
        return tuple.__new__(
            RecordCheck,
            (
                record_id,
                record_format,
                hashlib.sha256(text.encode("utf-8")).hexdigest(),
                _hex_of(record_sha256),  # type: ignore[arg-type]
                None,
            ),
        )

    def _keep(
        self,
        key: tuple[object, ...],
        shared: tuple[object, ...],
        fingerprint: str,
        shape: TrailShape,
    ) -> _PayloadText:
        payload = _payload_text(shared, fingerprint, shape)
        if len(self._payloads) >= 4096:  # (a store with ever more: the newest are kept)
            self._payloads.clear()
        self._payloads[key] = payload
        return payload


class _PayloadText(NamedTuple):
    """A format-2 payload's template for some shared values and some trail shape: ``order``
    picks its slots' texts from a row's (the texts of its UTC times, then of its id, start
    date, personal commitment and sealed part's hash); ``signed``, where the signing step is."""

    template: CanonicalTemplate
    order: Callable[[Sequence[str]], tuple[str, ...]]
    signed: int


#: A row's own values, after its UTC times, in the order :meth:`_Format2Hasher.check` adds them.
_OWN_SLOTS = ("record_id", "start_date", "personal_commitment", "sealed_personal_sha256")


def _payload_text(shared: tuple[object, ...], fingerprint: str, shape: TrailShape) -> _PayloadText:
    """The :class:`_PayloadText` of these shared values (as a row holds them) and this trail
    shape, once they are checked (every step once; the device column its canonical text)."""
    _check_steps(shape.steps)
    (
        installation_id,
        app_version,
        is_demo,
        agreement_version,
        agreement_sha256,
        disclosure_version,
        disclosure_sha256,
        department,
        signature_kind,
        meaning,
        device_json,
        hr_key_id,
    ) = shared
    _device(device_json)  # type: ignore[arg-type]  # the column is the device's canonical text
    template = _format_2_payload().partial(
        {
            "installation_id": canonical_text(installation_id),
            "app_version": canonical_text(app_version),
            "is_demo": "true" if is_demo else "false",
            "agreement_version": canonical_text(agreement_version),
            "agreement_sha256": canonical_text(_hex_of(agreement_sha256)),  # type: ignore[arg-type]
            "disclosure_version": canonical_text(disclosure_version),
            "disclosure_sha256": canonical_text(_hex_of(disclosure_sha256)),  # type: ignore[arg-type]
            "department": canonical_text(department),
            "signature_kind": canonical_text(signature_kind),
            "meaning": canonical_text(meaning),
            "device": device_json,  # type: ignore[dict-item]
            "hr_key_id": canonical_text(hr_key_id),
            "hr_key_fingerprint": canonical_text(fingerprint),
        }
    )
    entries, consented = _trail_templates(shape)
    template = template.expand("audit_trail", entries).expand("accepted_at", consented)
    count = len(shape.steps)
    where = {f"utc{position}": position for position in range(count)}
    where.update({name: count + i for i, name in enumerate(_OWN_SLOTS)})
    return _PayloadText(
        template,
        itemgetter(*(where[name] for name in template.slots)),
        shape.steps.index(Step.SIGNED),
    )


def _trail_templates(shape: TrailShape) -> tuple[CanonicalTemplate, CanonicalTemplate]:
    """The canonical text of an audit trail of ``shape`` as templates whose slots are its UTC
    times (``utc0``, ``utc1``, …): of the whole trail, and of the first consent's ``at``."""
    slot = CanonicalTemplate.slot
    names = [f"utc{position}" for position in range(len(shape.steps))]
    evidence = [
        audit_entry_evidence(step, slot(name), offset)
        for step, offset, name in zip(shape.steps, shape.offsets, names, strict=True)
    ]
    consent = shape.steps.index(Step.CONSENTED)
    entries = CanonicalTemplate.of(canonical_json(evidence, check=False), names)
    consented = CanonicalTemplate.of(
        canonical_json(evidence[consent]["at"], check=False), [names[consent]]
    )
    return entries, consented


#: The values of :func:`record_payload` that are one slot each, by its parameters' names.
_PAYLOAD_SLOTS = (
    "record_id",
    "installation_id",
    "app_version",
    "is_demo",
    "agreement_version",
    "agreement_sha256",
    "disclosure_version",
    "disclosure_sha256",
    "department",
    "start_date",
    "signature_kind",
    "meaning",
    "device",
)


@functools.cache
def _format_2_payload() -> CanonicalTemplate:
    """:func:`record_payload` of format 2 as a template: a slot for each value, the device, the
    audit trail (whole), the consent's time and the seal's values."""
    slot = CanonicalTemplate.slot
    trail: list[dict[str, object]] = [{"step": Step.CONSENTED.value, "at": slot("accepted_at")}]
    seal = SealInfo(
        hr_key_id=slot("hr_key_id"),  # type: ignore[arg-type]
        personal_commitment=slot("personal_commitment"),
        sealed_personal_sha256=slot("sealed_personal_sha256"),
        hr_key_fingerprint=slot("hr_key_fingerprint"),
    )
    payload = record_payload(
        2,
        **{name: slot(name) for name in _PAYLOAD_SLOTS},  # type: ignore[arg-type]
        audit_trail=trail,
        sealed=seal.evidence(),
    )
    # the trail itself (whichever key holds it) is one slot: its entries are joined apart
    payload = {
        key: slot("audit_trail") if value is trail else value for key, value in payload.items()
    }
    names = [
        *_PAYLOAD_SLOTS,
        "audit_trail",
        "accepted_at",
        "hr_key_id",
        "hr_key_fingerprint",
        "personal_commitment",
        "sealed_personal_sha256",
    ]
    return CanonicalTemplate.of(canonical_json(payload, check=False), names)
