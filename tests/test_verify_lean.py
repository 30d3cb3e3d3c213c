"""Verify's lean read path gives exactly what the full one gives.

``zzsign verify`` hashes each format-2 row without building its record: the canonical JSON of its
payload is put together from the canonical text of each value in a template made from
``record_payload`` itself, and what repeats from row to row (the audit trail's text for the same
steps at the same UTC offsets, the device) is kept. Here, for any values a row may hold (an edited
file's too), that path must give the very bytes the record's own ``PublicRecord.payload()`` gives,
or refuse the row exactly when the full path does.
"""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import UTC, datetime, timedelta
from enum import IntEnum

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from zzsign.domain.canonical import (
    CanonicalTemplate,
    canonical_json,
    canonical_strings,
    canonical_text,
)
from zzsign.domain.clock import Timestamp
from zzsign.domain.record import AuditEntry, DeviceInfo, Step
from zzsign.security.chain import link_canonical_bytes
from zzsign.security.chain_check import link_bytes
from zzsign.store.compact import (
    audit_trail_json,
    decode_audit_trail,
    encode_audit_trail,
    hex_to_stored,
)
from zzsign.store.records import (
    RECORDS,
    RecordRepository,
    StoredLink,
    _Format2Hasher,
    _processed,
    _RecordRow,
    _stored,
)

UNREADABLE = (ValueError, TypeError, KeyError, StopIteration)


class Number(IntEnum):
    ONE = 1


# values any column of an edited file may hold (and a package's JSON), plus odd Python ones
odd = st.one_of(
    st.text(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.booleans(),
    st.none(),
    st.floats(),
    st.just(Number.ONE),
    st.just(Step.SIGNED),
)
json_like = st.recursive(
    odd, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3)
)


@given(json_like)
def test_a_values_canonical_text_is_what_canonical_json_writes_inside_anything(value):
    def written(container):
        try:
            return canonical_json(container, check=False)
        except (ValueError, TypeError):
            return "refused"

    try:
        text = canonical_text(value)
    except (ValueError, TypeError):
        text = None
    inside_list = written([value])
    inside_object = written({"k": value})
    if text is None:
        assert inside_list == inside_object == "refused"
    else:
        assert inside_list == f"[{text}]".encode()
        assert inside_object == f'{{"k":{text}}}'.encode()
        if type(value) is str:
            assert canonical_strings([value, value]) == (text, text)


@given(st.dictionaries(st.text(), json_like, min_size=1, max_size=6), st.data())
def test_a_filled_template_is_canonical_json_of_the_filled_value(shape, data):
    # any keys (they set the order), a slot or a fixed value under each, anything in the slots
    slots = {key: f"slot{i}" for i, key in enumerate(shape) if data.draw(st.booleans())}
    marked = {k: CanonicalTemplate.slot(slots[k]) if k in slots else v for k, v in shape.items()}
    filled = {k: data.draw(json_like) if k in slots else v for k, v in shape.items()}
    try:
        template = CanonicalTemplate.of(canonical_json(marked, check=False), list(slots.values()))
        expected = canonical_json(filled, check=False)
    except (ValueError, TypeError):
        return  # a fixed value with no canonical form (NaN): nothing to compare
    fragments = {slots[k]: canonical_text(filled[k]) for k in slots}
    assert template.fill(fragments) == expected


@given(
    st.dictionaries(st.text(), json_like, min_size=1, max_size=4),
    st.lists(json_like, max_size=3),
    st.data(),
)
def test_a_template_expanded_in_a_slot_fills_as_the_whole_value(outer, inner, data):
    # a slot of one template replaced by another template (the audit trail's, in a payload's)
    slot = CanonicalTemplate.slot
    key = data.draw(st.sampled_from(sorted(outer)))
    inner_slots = [i for i in range(len(inner)) if data.draw(st.booleans())]
    inner_shape = [slot(f"in{i}") if i in inner_slots else v for i, v in enumerate(inner)]
    try:
        outer_template = CanonicalTemplate.of(
            canonical_json({**outer, key: slot("whole")}, check=False), ["whole"]
        )
        inner_template = CanonicalTemplate.of(
            canonical_json(inner_shape, check=False), [f"in{i}" for i in inner_slots]
        )
    except (ValueError, TypeError):
        return  # a fixed value with no canonical form (NaN)
    values = {f"in{i}": data.draw(json_like) for i in inner_slots}
    filled = [values.get(f"in{i}", v) for i, v in enumerate(inner)]
    try:
        expected = canonical_json({**outer, key: filled}, check=False)
    except (ValueError, TypeError):
        return
    expanded = outer_template.expand("whole", inner_template)
    assert expanded.slots == inner_template.slots
    assert expanded.fill({name: canonical_text(value) for name, value in values.items()}) == (
        expected
    )


@given(st.tuples(odd, odd, odd, odd, odd, odd))
def test_a_links_bytes_are_link_canonical_bytes_for_any_values(values):
    link = StoredLink(*values, "", "")
    try:
        expected = link_canonical_bytes(*values, check=False)
    except (ValueError, TypeError):
        with pytest.raises((ValueError, TypeError)):
            link_bytes(link)
        return
    assert link_bytes(link) == expected


# -- a format-2 row, any values -------------------------------------------------------------------
FLOW = tuple(Step)
moments = st.datetimes(
    min_value=datetime(1001, 1, 2), max_value=datetime(9998, 12, 30), timezones=st.just(UTC)
)


@st.composite
def audit_trails(draw):
    """(stored audit trail, the signing step's (UTC text, offset)): every step once in the
    kiosk's order mostly, else any steps; kept compactly or as JSON; any offsets."""
    if draw(st.integers(0, 4)):
        steps = list(FLOW)
    else:
        steps = draw(st.lists(st.sampled_from(FLOW), max_size=10))
    start = draw(moments)
    gaps = draw(st.lists(st.integers(0, 10**9), min_size=len(steps), max_size=len(steps)))
    same_offset = draw(st.integers(-26 * 60, 26 * 60))
    offsets = draw(
        st.one_of(
            st.just([same_offset] * len(steps)),
            st.lists(st.integers(-(10**6), 10**6), min_size=len(steps), max_size=len(steps)),
        )
    )
    audit, at = [], start
    for step, gap, offset in zip(steps, gaps, offsets, strict=True):
        at = at + timedelta(microseconds=gap)
        if at.year > 9998:
            break
        audit.append(AuditEntry(step, Timestamp(at, offset)))
    audit = tuple(audit)
    stored = draw(
        st.sampled_from(
            [encode_audit_trail(audit), audit_trail_json(audit), audit_trail_json(audit).decode()]
        )
    )
    signed = next(
        ((e.at.utc_iso, e.at.offset_minutes) for e in audit if e.step is Step.SIGNED), None
    )
    return stored, signed


def device_text(*values: object) -> str:
    """The device column zzsign would write for these values (any text if there is none)."""
    try:
        return canonical_json(DeviceInfo(*values).evidence(), check=False).decode()
    except ValueError:
        return "NaN"


device_texts = st.one_of(
    st.builds(device_text, json_like, json_like, json_like, json_like),
    st.text(),
    st.just('{"hostname":"k","os":"Linux","os_user":"kiosk","screen":"1920x1080"}'),
)


#: What a hash column (kept as raw bytes, see zzsign.store.compact.HexBytes) may hold: a hash's
#: bytes, hex text kept as marked text, or anything an edited file holds.
stored_hashes = st.one_of(
    st.binary(min_size=32, max_size=32),
    st.binary(max_size=40),
    st.builds(hex_to_stored, st.text()),
    st.builds(hex_to_stored, st.text("0123456789abcdef")),
    odd,
)


@st.composite
def rows(draw):
    """A row of signature_records as read raw (its hash columns as stored)."""
    trail, signed = draw(audit_trails())
    if signed is None or not draw(st.integers(0, 5)):
        signed = (draw(odd), draw(odd))
    values = {
        "id": draw(odd),
        "installation_id": draw(odd),
        "app_version": draw(odd),
        "is_demo": draw(st.one_of(st.booleans(), st.none())),
        "agreement_version": draw(odd),
        "agreement_sha256": draw(stored_hashes),
        "disclosure_version": draw(odd),
        "disclosure_sha256": draw(stored_hashes),
        "department": draw(odd),
        "start_date": draw(odd),
        "signature_kind": draw(odd),
        "meaning": draw(odd),
        "device_json": draw(device_texts),
        "signed_at_utc": signed[0],
        "signed_at_offset_minutes": signed[1],
        "hr_key_id": draw(st.one_of(st.sampled_from([1, 2, 1.0, True]), odd)),
        "sealed_personal": draw(st.one_of(st.binary(max_size=64), st.text(max_size=5))),
        "sealed_signature_image": draw(st.sampled_from([b"", b"", b"PNG"])),
        "personal_commitment": draw(stored_hashes),
        "record_sha256": draw(stored_hashes),
        "record_format": draw(st.sampled_from([2, 2, 2.0])),
        "audit_trail": trail,
    }
    return _RecordRow(**values)


FINGERPRINTS = {1: "ab" * 32, 2: 'Ünïcode "quoted" \\ key'}


def full_path_digest(raw: _RecordRow) -> str:
    """The record built from the row (its hash columns read as hex text), as verify with HR's
    key and every export build it."""
    row = _processed(raw)
    public = _stored(row, decode_audit_trail(row.audit_trail), FINGERPRINTS).public
    return hashlib.sha256(canonical_json(public.payload(), check=False)).hexdigest()


def lean_digest(row: _RecordRow, hasher: _Format2Hasher | None = None) -> str:
    """The row hashed as verify hashes it (``hasher``: one that has seen other rows)."""
    return (hasher or _Format2Hasher(FINGERPRINTS)).check(row).payload_sha256


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows())
def test_the_lean_payload_hash_is_the_records_own_for_any_row(row):
    try:
        expected = full_path_digest(row)
    except UNREADABLE:
        expected = "unreadable"
    try:
        lean = lean_digest(row)
    except UNREADABLE:
        lean = "unreadable"
    assert lean == expected


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_rows_that_verify_are_hashed_the_same_whichever_came_first(data):
    # what is kept between rows (the trail's text for its steps and offsets, the device) never
    # carries one row's values into another's: a run of rows, each hashed as the full path does
    batch = data.draw(st.lists(rows(), min_size=2, max_size=6))
    hasher = _Format2Hasher(FINGERPRINTS)
    for row in batch:
        try:
            expected = full_path_digest(row)
        except UNREADABLE:
            continue
        assert lean_digest(row, hasher) == expected


def test_a_readable_row_really_is_checked():
    # the properties above would hold vacuously if every row were refused: a kiosk's own is not
    at = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)
    audit = tuple(
        AuditEntry(step, Timestamp(at + timedelta(seconds=i), 60)) for i, step in enumerate(FLOW)
    )
    row = _RecordRow(
        "r-1",
        "i-1",
        "1.0",
        False,
        1,
        bytes.fromhex("aa" * 32),
        1,
        bytes.fromhex("bb" * 32),
        "Finance",
        "2026-12-01",
        "drawn",
        "I agree",
        '{"hostname":"k","os":"Linux","os_user":"kiosk","screen":"1920x1080"}',
        audit[-1].at.utc_iso,
        60,
        1,
        b"sealed",
        b"",
        bytes.fromhex("cc" * 32),
        bytes.fromhex("dd" * 32),
        2,
        encode_audit_trail(audit),
    )
    assert lean_digest(row) == full_path_digest(row)


# -- over a real store ----------------------------------------------------------------------------
def edit(store, *statements: str) -> None:
    """Edit the file as someone with it would: the append-only guards dropped first."""
    path = store.settings.data_dir / "zzsign.sqlite3"
    with sqlite3.connect(path) as raw:
        for (trigger,) in list(raw.execute("SELECT name FROM sqlite_master WHERE type='trigger'")):
            raw.execute(f"DROP TRIGGER {trigger}")
        for statement in statements:
            raw.execute(statement)


def test_a_column_sqlite_cannot_read_is_a_storage_failure_not_a_crash(store_with_six_demo_records):
    from zzsign.services.verify import VerificationImpossibleError, verify_store

    store = store_with_six_demo_records
    edit(store, "UPDATE ledger_entries SET kind = CAST(x'ff' AS TEXT) WHERE sequence = 2")
    with store.sessions() as db, pytest.raises(OperationalError):
        list(RecordRepository(db).links())
    with pytest.raises(VerificationImpossibleError):
        verify_store(store.sessions)


def test_a_true_offset_is_not_taken_for_one_minute(store_with_six_demo_records):
    # ``True == 1`` in Python: what is kept for one trail's offsets must never serve another's
    # whose offsets only compare equal (a JSON trail may say ``true``)
    from zzsign.services.verify import verify_store

    store = store_with_six_demo_records
    assert verify_store(store.sessions).intact
    with store.sessions() as db:
        trails = {
            r.id: r.audit_trail for r in db.execute(select(RECORDS.c.id, RECORDS.c.audit_trail))
        }
    first, second = sorted(trails)[:2]

    def as_json(record_id: str, offset: object) -> str:
        audit = decode_audit_trail(trails[record_id])
        moved = tuple(AuditEntry(e.step, Timestamp(e.at.utc, offset)) for e in audit)
        return audit_trail_json(moved, check=False).decode()

    edit(
        store,
        f"UPDATE signature_records SET audit_trail = '{as_json(first, 1)}' WHERE id = '{first}'",
        f"UPDATE signature_records SET audit_trail = '{as_json(second, True)}' "
        f"WHERE id = '{second}'",
    )
    assert ",true]" in as_json(second, True)
    report = verify_store(store.sessions)
    said = {str(p) for p in report.problems}
    assert f"record {second}: its stored fields no longer make sense (edited or damaged)" in said
    assert any(p.startswith(f"record {first}: ") for p in said), said
    assert len({p.split(":")[0] for p in said}) == 2


@pytest.mark.parametrize(
    "trail",
    [
        '[["opened",[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26],0]]',
        '[["opened","2026-11-29T09:00:00.000001Z",1.5]]',
        '[["not a step","2026-11-29T09:00:00.000001Z",60]]',
        '[["opened", "2026-11-29T09:00:00.000001Z", 60]]',
        "[]",
        "null",
    ],
    ids=[
        "time-is-a-list",
        "offset-is-a-fraction",
        "unknown-step",
        "not-canonical",
        "empty",
        "null",
    ],
)
def test_an_edited_audit_trail_of_any_shape_is_named_and_the_rest_checked(
    store_with_six_demo_records, trail
):
    from zzsign.services.verify import verify_store

    store = store_with_six_demo_records
    with store.sessions() as db:
        ids = sorted(r for (r,) in db.execute(select(RECORDS.c.id)))
    quoted = trail.replace("'", "''")
    edit(store, f"UPDATE signature_records SET audit_trail = '{quoted}' WHERE id = '{ids[2]}'")
    report = verify_store(store.sessions)
    assert [str(p) for p in report.problems] == [
        f"record {ids[2]}: its stored fields no longer make sense (edited or damaged)"
    ]
    assert report.records == 6
