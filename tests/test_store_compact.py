"""Schema 0005 keeps hashes, signatures and a format-2 audit trail compactly, and reads back
exactly what was written: the signed payloads and chain links are rebuilt byte for byte."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import settings as examples
from hypothesis import strategies as st

from zzsign.domain.canonical import canonical_json, sha256_hex
from zzsign.domain.clock import Timestamp
from zzsign.domain.record import AuditEntry, Step
from zzsign.store.compact import (
    TEXT_MARK,
    audit_trail_json,
    decode_audit_texts,
    decode_audit_trail,
    encode_audit_trail,
    hex_to_stored,
    stored_to_hex,
)
from zzsign.store.records import RecordCheck, RecordRepository, StoredRecord


# -- hashes and signatures ----------------------------------------------------------------------
def test_a_hash_is_kept_in_32_bytes_and_reads_back_as_the_same_hex():
    digest = sha256_hex(b"record")
    assert len(hex_to_stored(digest)) == 32
    assert stored_to_hex(hex_to_stored(digest)) == digest


@pytest.mark.parametrize(
    "text", ["", "ABCDEF", "not hex", "ab cd", "é", "0" * 63, (TEXT_MARK + b"\x01" * 26).hex()]
)
def test_text_that_is_not_lowercase_hex_is_kept_exactly(text):
    assert stored_to_hex(hex_to_stored(text)) == text


@given(st.binary(max_size=80))
def test_any_bytes_read_back_as_their_hex(raw):
    assert stored_to_hex(hex_to_stored(raw.hex())) == raw.hex()


# -- the audit trail ----------------------------------------------------------------------------
STAMPS = st.builds(
    lambda seconds, micros, offset: Timestamp(
        datetime(2000, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds, microseconds=micros), offset
    ),
    st.integers(0, 60 * 365 * 86_400),
    st.integers(0, 999_999),
    st.integers(-14 * 60, 14 * 60),
)
TRAILS = st.lists(st.builds(AuditEntry, st.sampled_from(list(Step)), STAMPS), max_size=12)


@given(TRAILS)
def test_any_audit_trail_reads_back_exactly(trail):
    audit = tuple(trail)
    stored = encode_audit_trail(audit)
    back = decode_audit_trail(stored)
    assert back == audit
    assert [e.at.utc_iso for e in back] == [e.at.utc_iso for e in audit]
    assert audit_trail_json(back) == audit_trail_json(audit)


def test_eight_steps_take_under_80_bytes_instead_of_about_460():
    start = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)
    audit = tuple(
        AuditEntry(step, Timestamp(start + timedelta(seconds=97 * i, microseconds=i), -300))
        for i, step in enumerate(Step)
    )
    assert len(encode_audit_trail(audit)) < 80 < 400 < len(audit_trail_json(audit))


@examples(max_examples=300)
@given(TRAILS.filter(bool), st.data())
def test_any_single_byte_change_to_a_stored_trail_is_refused_or_reads_differently(trail, data):
    stored = encode_audit_trail(tuple(trail))
    position = data.draw(st.integers(0, len(stored) - 1), label="position")
    flip = data.draw(st.integers(1, 255), label="flip")
    changed = stored[:position] + bytes([stored[position] ^ flip]) + stored[position + 1 :]
    try:
        back = decode_audit_trail(changed)
    except (ValueError, TypeError, KeyError):
        return
    assert audit_trail_json(back) != audit_trail_json(tuple(trail))


def test_a_trail_kept_as_json_text_still_reads():
    at = Timestamp.parse("2026-11-29T09:00:00.000001Z", 60)
    audit = (AuditEntry(Step.OPENED, at),)
    assert decode_audit_trail(audit_trail_json(audit)) == audit
    assert decode_audit_trail(audit_trail_json(audit).decode()) == audit
    with pytest.raises(ValueError):
        decode_audit_trail(b'[["opened", "2026-11-29T09:00:00.000001Z", 60]]')  # not canonical


@pytest.mark.parametrize("offset", ["true", "1.5", '"60"'])
def test_a_json_trail_whose_offset_is_not_a_whole_number_is_refused_by_both_readers(offset):
    stored = f'[["opened","2026-11-29T09:00:00.000001Z",{offset}]]'.encode()
    with pytest.raises((ValueError, TypeError)):
        decode_audit_trail(stored)
    with pytest.raises((ValueError, TypeError)):
        decode_audit_texts(stored)


@pytest.mark.parametrize(
    "stored", [b"", b"\x02\x00", b"\x01", b"\x01\x02\x08\x00\x00", b"\x01\x80\x00", b"\x01\x00\x00"]
)
def test_bytes_zzsign_never_writes_are_refused(stored):
    with pytest.raises(ValueError):
        decode_audit_trail(stored)


def documented_reading(stored: bytes) -> list[tuple[Step, int, int]] | None:
    """The module docstring's format read the plain way, byte by byte: (step, microseconds since
    1970, offset) of each entry, or None where a byte breaks it. The decoder must agree."""
    numbers, number, shift = [], 0, 0
    for byte in stored[1:]:
        number |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            if shift > 7 and not byte:
                return None  # not in its shortest form
            numbers.append(number)
            number, shift = 0, 0
        elif shift >= 70:
            return None  # longer than ten bytes
    if stored[:1] != b"\x01" or shift or not numbers:
        return None

    def unzigzag(n: int) -> int:
        return -((n + 1) >> 1) if n & 1 else n >> 1

    count = unzigzag(numbers[0])
    if not 0 <= count <= 64 or len(numbers) != 1 + 3 * count:
        return None
    entries, micros, offset = [], 0, 0
    for step, micros_delta, offset_delta in zip(*[iter(numbers[1:])] * 3, strict=True):
        if step >= len(Step):
            return None
        micros += unzigzag(micros_delta)
        offset += unzigzag(offset_delta)
        entries.append((list(Step)[step], micros, offset))
    return entries


def decoded(stored: bytes) -> list[tuple[Step, int, int]] | None:
    try:
        trail = decode_audit_texts(stored)
    except (ValueError, TypeError, KeyError):
        return None
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    for text, micros in zip(trail.texts, trail.micros, strict=True):
        # each time's text is its canonical JSON: quoted, exactly what the microseconds render to
        at = (epoch + timedelta(microseconds=micros)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        assert text == canonical_json(at).decode()
    return list(zip(trail.shape.steps, trail.micros, trail.shape.offsets, strict=True))


def in_range(entries: list[tuple[Step, int, int]] | None) -> bool:
    """Whether every time falls in the years zzsign renders (1000-9999)."""
    low = (datetime(1000, 1, 1, tzinfo=UTC) - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(
        microseconds=1
    )
    high = (
        datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC) - datetime(1970, 1, 1, tzinfo=UTC)
    ) // timedelta(microseconds=1)
    return entries is not None and all(low <= micros <= high for _, micros, _ in entries)


@examples(max_examples=500)
@given(TRAILS, st.lists(st.tuples(st.integers(0, 80), st.integers(0, 255)), max_size=3), st.data())
def test_the_decoder_reads_what_the_format_says_and_nothing_else(trail, edits, data):
    # a trail zzsign wrote, with a few bytes changed, put in or taken out (or any bytes)
    stored = bytearray(encode_audit_trail(tuple(trail)))
    for position, value in edits:
        what = data.draw(st.sampled_from(["set", "insert", "delete"]))
        position = min(position, len(stored))
        if what == "insert":
            stored.insert(position, value)
        elif position < len(stored):
            if what == "set":
                stored[position] = value
            else:
                del stored[position]
    stored = bytes(stored) if data.draw(st.integers(0, 9)) else data.draw(st.binary(max_size=40))
    expected = documented_reading(stored)
    if expected is not None and not in_range(expected):
        expected = None  # a time outside years 1000-9999 is refused
    assert decoded(stored) == expected


def test_a_trail_of_64_steps_reads_and_one_of_65_is_refused():
    at = Timestamp(datetime(2026, 11, 29, 9, 0, tzinfo=UTC), 60)
    trail = tuple(AuditEntry(Step.OPENED, at) for _ in range(64))
    stored = encode_audit_trail(trail)
    assert stored[:3] == b"\x01\x80\x01"  # version, then 64 as a two-byte varint
    assert decoded(stored) == [(Step.OPENED, decoded_micros(at), 60)] * 64
    one_more = b"\x00\x00\x00"  # opened, no time or offset since the entry before
    assert decoded(b"\x01\x82\x01" + stored[3:] + one_more) is None


def decoded_micros(at: Timestamp) -> int:
    return (at.utc - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)


# -- a store of signed records ------------------------------------------------------------------
def test_a_signed_row_keeps_its_hashes_as_bytes_and_verify_rebuilds_the_same_payload(
    store, service, settings
):
    from support.store import signed_session

    record_id = service.sign(signed_session(service), screen="1920x1080").record_id
    with sqlite3.connect(settings.data_dir / "zzsign.sqlite3") as raw:
        sizes = raw.execute(
            "SELECT length(record_sha256), length(personal_commitment), length(audit_trail), "
            "typeof(record_sha256) FROM signature_records"
        ).fetchone()
        link = raw.execute(
            "SELECT length(payload_sha256), length(signature) FROM ledger_entries"
        ).fetchone()
    assert sizes[:2] == (32, 32) and sizes[2] < 80 and sizes[3] == "blob"
    assert link == (32, 64)
    with store.sessions() as db:
        records = RecordRepository(db)
        stored = records.get(record_id)
        (lean,) = records.record_checks()
        (built,) = records.record_checks(with_records=True)
        assert records.link_for("record", record_id).payload_sha256 == stored.record_sha256
    assert isinstance(stored, StoredRecord) and isinstance(lean, RecordCheck)
    assert lean.stored is None and built.stored == stored
    expected = sha256_hex(canonical_json(stored.public.payload()))
    assert lean.payload_sha256 == built.payload_sha256 == stored.record_sha256 == expected
