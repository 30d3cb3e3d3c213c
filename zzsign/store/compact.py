"""How the store keeps hashes, signatures and a format-2 audit trail compactly.

* :class:`HexBytes` — a column that the code reads and writes as hex text (a SHA-256, an Ed25519
  signature) and the store keeps as raw bytes, half the size. Every value goes in and comes back
  exactly: text that is not lowercase hex (a hostile package's) is kept as marked UTF-8.
* :func:`encode_audit_trail` / :func:`decode_audit_trail` — a format-2 record's audit trail as
  bytes: a version byte, the entry count, then per entry the step's number, the UTC time in
  microseconds since the entry before (the first since 1970) and the UTC offset in minutes since
  the entry before, each a zigzag base-128 varint. Eight steps take about 60 bytes instead of
  about 460 as JSON. Decoding is strict (shortest varints, nothing after the last entry), so two
  different stored values never give the same trail: any change to the bytes either fails to
  decode or changes what the signed payload says. A trail whose times are not exactly what
  zzsign writes is kept as its canonical JSON text instead (it starts with ``[``).

The signed payloads and chain links are unchanged: they are rebuilt as hex text and JSON, byte for
byte, from these values.
"""

from __future__ import annotations

import functools
import json
import re
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from typing import NamedTuple

from sqlalchemy import LargeBinary

from zzsign.domain.canonical import canonical_json, canonical_strings
from zzsign.domain.clock import Timestamp
from zzsign.domain.ink_code import put_varint, zigzag
from zzsign.domain.record import AuditEntry, Step

#: Marks a stored value that is text, not the bytes of a hex string (never a hash's prefix in
#: practice; a hash that starts with it is kept as text too, so reading is never ambiguous).
TEXT_MARK = b"\x00text:"


def hex_to_stored(value: str) -> bytes:
    """The bytes a :class:`HexBytes` column keeps for ``value``."""
    try:
        raw = bytes.fromhex(value)
    except (ValueError, TypeError):
        raw = None
    if raw is not None and raw.hex() == value and not raw.startswith(TEXT_MARK):
        return raw
    return TEXT_MARK + str(value).encode("utf-8", "surrogatepass")


def stored_to_hex(value: bytes | str) -> str:
    """Inverse of :func:`hex_to_stored` (a text value, as an edited file may hold, is itself)."""
    if isinstance(value, str):
        return value
    if not isinstance(value, bytes | bytearray | memoryview):
        return str(value)  # a number an edited file holds (never bytes(n): n zero bytes)
    value = bytes(value)
    if value.startswith(TEXT_MARK):
        return value[len(TEXT_MARK) :].decode("utf-8", "replace")
    return value.hex()


class HexBytes(LargeBinary):
    """Hex text to the code, raw bytes in the store (a binary column whose values are converted
    on their way in and out, without the layers of a TypeDecorator: verify reads millions)."""

    cache_ok = True

    def bind_processor(self, dialect):
        return _bind_hex

    def result_processor(self, dialect, coltype):
        return _hex_of


def _bind_hex(value: str | None) -> bytes | None:
    return None if value is None else hex_to_stored(value)


def _hex_of(value: bytes | str | None) -> str | None:
    if value.__class__ is bytes and not value.startswith(TEXT_MARK):
        return value.hex()
    return None if value is None else stored_to_hex(value)


# -- the audit trail of a format-2 record -------------------------------------------------------
AUDIT_CODE_VERSION = 1
_STEPS = tuple(Step)
_STEP_NUMBER = {step: number for number, step in enumerate(_STEPS)}
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MAX_ENTRIES = 64


def _put(out: bytearray, delta: int) -> None:
    put_varint(out, zigzag(delta))


def _micros_of(stamp: Timestamp) -> int:
    delta = stamp.utc - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def _micros(stamp: Timestamp) -> int | None:
    """Microseconds since 1970 of ``stamp``, if its text is exactly what they render to."""
    micros = _micros_of(stamp)
    return micros if _render(micros) == stamp.utc_iso else None


def _render(micros: int) -> str:
    return (_EPOCH + timedelta(microseconds=micros)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def audit_trail_json(audit: tuple[AuditEntry, ...], *, check: bool = True) -> bytes:
    """The audit trail as canonical JSON: [[step, UTC, offset minutes], ...]."""
    return canonical_json(
        [[entry.step.value, entry.at.utc_iso, entry.at.offset_minutes] for entry in audit],
        check=check,
    )


def encode_audit_trail(audit: tuple[AuditEntry, ...]) -> bytes:
    """The bytes a format-2 row keeps for its audit trail (see the module docstring)."""
    out = bytearray([AUDIT_CODE_VERSION])
    _put(out, len(audit))
    last_micros = last_offset = 0
    for entry in audit:
        micros = _micros(entry.at)
        if micros is None or len(audit) > _MAX_ENTRIES:
            return audit_trail_json(audit)
        out.append(_STEP_NUMBER[entry.step])
        _put(out, micros - last_micros)
        _put(out, entry.at.offset_minutes - last_offset)
        last_micros, last_offset = micros, entry.at.offset_minutes
    return bytes(out)


def decode_audit_trail(data: bytes | str | None) -> tuple[AuditEntry, ...]:
    """Inverse of :func:`encode_audit_trail`; ValueError (or TypeError, KeyError) if ``data``
    is not exactly what it writes."""
    data = _stored_bytes(data)
    if data[:1] == b"[":
        return _json_entries(data)
    trail = decode_audit_texts(data)
    entries = []
    for step, text, offset_minutes, micros in zip(
        trail.shape.steps, trail.texts, trail.shape.offsets, trail.micros, strict=True
    ):
        stamp = Timestamp(_EPOCH + timedelta(microseconds=micros), offset_minutes)
        stamp.__dict__["utc_iso"] = text[1:-1]  # (a compact trail's times need no escapes)
        entries.append(AuditEntry(step, stamp))
    return tuple(entries)


def _stored_bytes(data: bytes | str | None) -> bytes:
    """A stored trail's bytes (TypeError for a missing one: a NULL column)."""
    if data is None:
        raise TypeError("the audit trail is missing")
    if isinstance(data, str):
        data = data.encode("utf-8")
    return bytes(data)


class TrailShape:
    """The steps of a stored audit trail and their UTC offsets in minutes: what the trails of
    one kiosk share. Trails alike share one (compared and hashed as the same object)."""

    __slots__ = ("offsets", "steps")

    def __init__(self, steps: tuple[Step, ...], offsets: tuple[int, ...]) -> None:
        self.steps, self.offsets = steps, offsets

    def __repr__(self) -> str:
        return f"TrailShape({self.steps!r}, {self.offsets!r})"


class AuditTexts(NamedTuple):
    """A stored audit trail as plain values: its :class:`TrailShape`, the canonical JSON text of
    each UTC time (``"…Z"``, quotes included, as the signed payload writes it) and the
    microseconds since 1970 of each."""

    shape: TrailShape
    texts: list[str]
    micros: list[int]


def decode_audit_texts(data: bytes | str | None) -> AuditTexts:
    """The stored audit trail as :class:`AuditTexts`: what :func:`decode_audit_trail` builds on,
    and verify reads directly. ValueError (or TypeError, KeyError) if ``data`` is not exactly
    what :func:`encode_audit_trail` writes; a missing trail (a NULL column) is a TypeError."""
    data = _stored_bytes(data)
    if data[:1] == b"[":
        return _json_texts(_json_entries(data))
    pattern = _PATTERNS.get(data[1:2]) or _pattern_of(data)
    found = pattern.fullmatch(data)
    if found is None:
        raise ValueError("the audit trail is not in the compact form zzsign writes")
    tokens = found.groups()
    key = tokens[0::3] + tokens[2::3]
    shape = _SHAPES.get(key) or _shape_of(key)
    texts: list[str] = []
    all_micros: list[int] = []
    micros = day_start = day_end = 0  # (the day's first and the next day's first microsecond)
    day_text = ""
    for token in tokens[1::3]:
        number = int.from_bytes(token, "little")
        if number < 1 << 40:  # at most five bytes (nearly all): their seven bits each
            number = (
                number & 0x7F
                | number >> 1 & 0x3F80
                | number >> 2 & 0x1FC000
                | number >> 3 & 0xFE00000
                | number >> 4 & 0x7F0000000
            )
        else:
            number = _varint_value(token)
        micros += (number >> 1) ^ -(number & 1)  # zigzag, undone
        if not day_start <= micros < day_end:  # the first, or another day
            day = micros // _DAY
            day_text = _DAY_TEXT.get(day) or _day_prefix(day)
            day_start = day * _DAY
            day_end = day_start + _DAY
        minute, micros_of_minute = divmod(micros - day_start, 60_000_000)
        texts.append(
            day_text + _MINUTE_TEXT[minute] + _SECONDS % divmod(micros_of_minute, 1_000_000)
        )
        all_micros.append(micros)
    return AuditTexts(shape, texts, all_micros)


#: A base-128 varint in its shortest form (at most ten bytes).
_VARINT = rb"[\x80-\xff]{1,9}[\x01-\x7f]|[\x00-\x7f]"
#: An entry of a compact trail: its step's number (one byte), its time and its offset.
_ENTRY = rb"([\x00-\x7f])(" + _VARINT + rb")(" + _VARINT + rb")"
#: The pattern of the whole compact trail, by the bytes of its entry count (made when met).
_PATTERNS: dict[bytes, re.Pattern[bytes]] = {}
_NO_TRAIL = re.compile(rb"(?!)")


def _pattern_of(data: bytes) -> re.Pattern[bytes]:
    """The pattern of a compact trail whose count starts ``data[1:]`` (one that never matches
    if no entry count zzsign writes does)."""
    for count in range(_MAX_ENTRIES + 1):
        count_bytes = bytearray()
        _put(count_bytes, count)
        if data[1 : 1 + len(count_bytes)] == count_bytes:
            pattern = re.compile(
                re.escape(bytes([AUDIT_CODE_VERSION]) + count_bytes) + _ENTRY * count
            )
            if len(count_bytes) == 1:
                _PATTERNS[bytes(count_bytes)] = pattern
            return pattern
    if data[1:2] and data[1] < 0x80:
        _PATTERNS[data[1:2]] = _NO_TRAIL
    return _NO_TRAIL


#: The :class:`TrailShape` of the step and offset bytes of each compact trail met (few).
_SHAPES: dict[tuple[bytes, ...], TrailShape] = {}
#: The one :class:`TrailShape` of each (steps, offsets) met.
_SHAPE_OF: dict[tuple[tuple[Step, ...], tuple[int, ...]], TrailShape] = {}


def _shape_of(key: tuple[bytes, ...]) -> TrailShape:
    """The shape a compact trail's step numbers and offset varints (``key``: all the steps'
    bytes, then all the offsets') stand for; kept."""
    count = len(key) // 2
    if any(number[0] >= len(_STEPS) for number in key[:count]):
        raise ValueError("unknown audit step")
    offsets = tuple(accumulate(_unzigzag(_varint_value(token)) for token in key[count:]))
    shape = _shape(tuple(_STEPS[number[0]] for number in key[:count]), offsets)
    if len(_SHAPES) < 1024:
        _SHAPES[key] = shape
    return shape


def _shape(steps: tuple[Step, ...], offsets: tuple[int, ...]) -> TrailShape:
    """The one :class:`TrailShape` of ``steps`` and ``offsets`` (ints, never bools: checked)."""
    if any(type(offset) is not int for offset in offsets):
        raise TypeError("a UTC offset is a whole number of minutes")
    shape = _SHAPE_OF.get((steps, offsets))
    if shape is None:
        shape = TrailShape(steps, offsets)
        if len(_SHAPE_OF) < 1024:
            _SHAPE_OF[(steps, offsets)] = shape
    return shape


def _varint_value(token: bytes) -> int:
    """The number a base-128 varint's bytes stand for."""
    number = 0
    for byte in reversed(token):
        number = number << 7 | byte & 0x7F
    return number


#: Microseconds in a day.
_DAY = 86_400_000_000
#: The seconds and microseconds of a UTC time, its ``Z`` and the closing quote.
_SECONDS = '%02d.%06dZ"'
#: ``"YYYY-MM-DDT`` of each day met (a store's trails span few).
_DAY_TEXT: dict[int, str] = {}
#: ``HH:MM:`` of each minute of a day.
_MINUTE_TEXT = [f"{minute // 60:02d}:{minute % 60:02d}:" for minute in range(24 * 60)]


def _day_prefix(day: int) -> str:
    text = '"' + _day_text(day) + "T"
    if len(_DAY_TEXT) < 100_000:
        _DAY_TEXT[day] = text
    return text


def _unzigzag(number: int) -> int:
    return -((number + 1) >> 1) if number & 1 else number >> 1


@functools.lru_cache(maxsize=4096)
def _day_text(day: int) -> str:
    """``YYYY-MM-DD`` of a day counted from 1970-01-01 (ValueError outside years 1000-9999)."""
    try:
        text = (_EPOCH + timedelta(days=day)).strftime("%Y-%m-%d")
    except OverflowError as exc:
        raise ValueError("audit time out of range") from exc
    if len(text) != 10:
        raise ValueError("audit time out of range")
    return text


def _json_entries(data: bytes) -> tuple[AuditEntry, ...]:
    """A trail kept as its canonical JSON text (see the module docstring)."""
    entries = tuple(
        AuditEntry(Step(step), Timestamp.parse(_text(at_utc), offset))
        for step, at_utc, offset in json.loads(data)
    )
    if audit_trail_json(entries, check=False) != data:
        raise ValueError("audit trail column is not in canonical form")
    if any(type(entry.at.offset_minutes) is not int for entry in entries):
        raise TypeError("a UTC offset is a whole number of minutes")
    return entries


def _json_texts(entries: tuple[AuditEntry, ...]) -> AuditTexts:
    return AuditTexts(
        _shape(
            tuple(entry.step for entry in entries),
            tuple(entry.at.offset_minutes for entry in entries),
        ),
        list(canonical_strings(entry.at.utc_iso for entry in entries)),
        [_micros_of(entry.at) for entry in entries],
    )


def _text(value: object) -> str:
    """``value`` if it is text (a UTC time in an edited trail may be anything): TypeError."""
    if type(value) is not str:
        raise TypeError("a UTC time is text")
    return value
