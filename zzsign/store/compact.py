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
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from typing import NamedTuple

from sqlalchemy import LargeBinary

from zzsign.domain.canonical import canonical_json
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
_MAX_VARINT_BYTES = 10


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
    entries = []
    for step, utc_iso, offset_minutes, micros in decode_audit_steps(data):
        stamp = Timestamp(_EPOCH + timedelta(microseconds=micros), offset_minutes)
        stamp.__dict__["utc_iso"] = utc_iso
        entries.append(AuditEntry(step, stamp))
    return tuple(entries)


def decode_audit_steps(data: bytes | str | None) -> list[tuple[Step, str, int, int]]:
    """The stored audit trail as plain values: (step, UTC text, offset minutes, microseconds
    since 1970) each; what :func:`decode_audit_trail` builds on."""
    steps, offsets, utc, micros = decode_audit_columns(data)
    return list(zip(steps, utc, offsets, micros, strict=True))


class AuditColumns(NamedTuple):
    """A stored audit trail as plain values, a column each: the steps (the same tuple for every
    trail of the same steps), the UTC offsets in minutes, the UTC texts and the microseconds
    since 1970."""

    steps: tuple[Step, ...]
    offsets: tuple[int, ...]
    utc: list[str]
    micros: list[int]


def decode_audit_columns(data: bytes | str | None) -> AuditColumns:
    """The stored audit trail as :class:`AuditColumns`: what :func:`decode_audit_steps` builds
    on, and verify reads directly. ValueError (or TypeError, KeyError) if ``data`` is not exactly
    what :func:`encode_audit_trail` writes; a missing trail (a NULL column) is a TypeError."""
    if data is None:
        raise TypeError("the audit trail is missing")
    if isinstance(data, str):
        data = data.encode("utf-8")
    data = bytes(data)
    if data[:1] == b"[":
        entries = _decode_json(data)
        offsets = tuple(entry.at.offset_minutes for entry in entries)
        if any(type(offset) is not int for offset in offsets):
            raise TypeError("a UTC offset is a whole number of minutes")
        return AuditColumns(
            tuple(entry.step for entry in entries),
            offsets,
            [entry.at.utc_iso for entry in entries],
            [_micros_of(entry.at) for entry in entries],
        )
    if data[:1] != bytes([AUDIT_CODE_VERSION]):
        raise ValueError("unknown audit trail encoding")
    numbers = _varints(data, 1)
    count = _unzigzag(numbers[0]) if numbers else -1
    if not 0 <= count <= _MAX_ENTRIES or len(numbers) != 1 + 3 * count:
        raise ValueError("the audit trail's length does not match its entry count")
    step_numbers = tuple(numbers[1::3])
    steps = _STEPS_OF.get(step_numbers) or _steps_of(step_numbers)
    offset_deltas = numbers[3::3]
    if any(offset_deltas[1:]):
        offsets = tuple(accumulate(map(_unzigzag, offset_deltas)))
    else:  # one UTC offset all along, as nearly always
        offsets = (_unzigzag(offset_deltas[0]),) * count if count else ()
    utc: list[str] = []
    all_micros: list[int] = []
    micros = micros_of_day = 0
    day_text = ""
    for micros_delta in numbers[2::3]:
        delta = (micros_delta >> 1) ^ -(micros_delta & 1)  # zigzag, undone
        micros += delta
        micros_of_day += delta
        if not day_text or not 0 <= micros_of_day < _DAY:  # the first, or another day
            day, micros_of_day = divmod(micros, _DAY)
            day_text = _day_text(day) + "T"
        seconds, fraction = divmod(micros_of_day, 1_000_000)
        utc.append(
            day_text + (_CLOCK_TEXT.get(seconds) or _clock_text(seconds)) + _FRACTION % fraction
        )
        all_micros.append(micros)
    return AuditColumns(steps, offsets, utc, all_micros)


#: The steps of each sequence of step numbers met (a store holds few: kept).
_STEPS_OF: dict[tuple[int, ...], tuple[Step, ...]] = {}


def _steps_of(numbers: tuple[int, ...]) -> tuple[Step, ...]:
    if any(number >= len(_STEPS) for number in numbers):
        raise ValueError("unknown audit step")
    steps = tuple(_STEPS[number] for number in numbers)
    if len(_STEPS_OF) < 1024:
        _STEPS_OF[numbers] = steps
    return steps


#: Microseconds in a day.
_DAY = 86_400_000_000
#: The microseconds of a UTC time and its ``Z``.
_FRACTION = "%06dZ"
#: ``HH:MM:SS.`` of each second of a day met so far (at most 86,400 short strings).
_CLOCK_TEXT: dict[int, str] = {}


def _clock_text(seconds: int) -> str:
    hours, seconds_left = divmod(seconds, 3600)
    text = f"{hours:02d}:{seconds_left // 60:02d}:{seconds_left % 60:02d}."
    _CLOCK_TEXT[seconds] = text
    return text


def _varints(data: bytes, start: int) -> list[int]:
    """The unsigned base-128 varints of ``data[start:]``, each in its shortest form."""
    numbers: list[int] = []
    append = numbers.append
    number = shift = 0
    for byte in data[start:]:
        if byte < 0x80:  # a number's last byte (most are one byte long)
            if shift:
                if not byte:
                    raise ValueError("a number is not written in its shortest form")
                append(number | byte << shift)
                number = shift = 0
            else:
                append(byte)
            continue
        number |= (byte & 0x7F) << shift
        shift += 7
        if shift >= 7 * _MAX_VARINT_BYTES:
            raise ValueError("a number in the audit trail is too long")
    if shift:
        raise ValueError("the audit trail ends early")
    return numbers


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


def _decode_json(data: bytes) -> tuple[AuditEntry, ...]:
    entries = tuple(
        AuditEntry(Step(step), Timestamp.parse(_text(at_utc), offset))
        for step, at_utc, offset in json.loads(data)
    )
    if audit_trail_json(entries, check=False) != data:
        raise ValueError("audit trail column is not in canonical form")
    return entries


def _text(value: object) -> str:
    """``value`` if it is text (a UTC time in an edited trail may be anything): TypeError."""
    if type(value) is not str:
        raise TypeError("a UTC time is text")
    return value
