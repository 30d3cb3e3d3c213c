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

import json
from datetime import UTC, datetime, timedelta

from sqlalchemy import LargeBinary
from sqlalchemy.types import TypeDecorator

from zzsign.domain.canonical import canonical_json
from zzsign.domain.clock import UTC_ISO_LENGTH, Timestamp
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
        return value[len(TEXT_MARK):].decode("utf-8", "replace")
    return value.hex()


class HexBytes(TypeDecorator):
    """Hex text to the code, raw bytes in the store."""

    impl = LargeBinary
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else hex_to_stored(value)

    def process_result_value(self, value, dialect):
        return None if value is None else stored_to_hex(value)


# -- the audit trail of a format-2 record -------------------------------------------------------
AUDIT_CODE_VERSION = 1
_STEPS = tuple(Step)
_STEP_NUMBER = {step: number for number, step in enumerate(_STEPS)}
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MAX_ENTRIES = 64
_MAX_VARINT_BYTES = 10


def _put(out: bytearray, delta: int) -> None:
    number = delta << 1 if delta >= 0 else ((-delta) << 1) - 1
    while True:
        low = number & 0x7F
        number >>= 7
        if number:
            out.append(low | 0x80)
        else:
            out.append(low)
            return


def _micros(stamp: Timestamp) -> int | None:
    """Microseconds since 1970 of ``stamp``, if its text is exactly what they render to."""
    delta = stamp.utc - _EPOCH
    micros = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
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


def decode_audit_trail(data: bytes | str) -> tuple[AuditEntry, ...]:
    """Inverse of :func:`encode_audit_trail`; ValueError (or TypeError, KeyError) if ``data``
    is not exactly what it writes."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    data = bytes(data)
    if data[:1] == b"[":
        return _decode_json(data)
    if data[:1] != bytes([AUDIT_CODE_VERSION]):
        raise ValueError("unknown audit trail encoding")
    position = 1
    end = len(data)

    def take() -> int:
        nonlocal position
        number = shift = 0
        start = position
        while True:
            if position >= end or position - start >= _MAX_VARINT_BYTES:
                raise ValueError("the audit trail ends early")
            byte = data[position]
            position += 1
            number |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                if byte == 0 and position - start > 1:
                    raise ValueError("a number is not written in its shortest form")
                return -((number + 1) >> 1) if number & 1 else number >> 1

    count = take()
    if not 0 <= count <= _MAX_ENTRIES:
        raise ValueError("too many audit entries")
    entries = []
    micros = offset = 0
    for _ in range(count):
        if position >= end:
            raise ValueError("the audit trail ends early")
        step = _STEPS[data[position]] if data[position] < len(_STEPS) else None
        position += 1
        if step is None:
            raise ValueError("unknown audit step")
        micros += take()
        offset += take()
        try:
            utc = _EPOCH + timedelta(microseconds=micros)
        except OverflowError as exc:
            raise ValueError("audit time out of range") from exc
        text = utc.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        if len(text) != UTC_ISO_LENGTH:
            raise ValueError("audit time out of range")
        stamp = Timestamp(utc, offset)
        stamp.__dict__["utc_iso"] = text
        entries.append(AuditEntry(step, stamp))
    if position != end:
        raise ValueError("bytes after the audit trail")
    return tuple(entries)


def _decode_json(data: bytes) -> tuple[AuditEntry, ...]:
    entries = tuple(
        AuditEntry(Step(step), Timestamp.parse(at_utc, offset))
        for step, at_utc, offset in json.loads(data)
    )
    if audit_trail_json(entries, check=False) != data:
        raise ValueError("audit trail column is not in canonical form")
    return entries
