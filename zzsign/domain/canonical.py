"""Canonical serialisation: stable key order, UTF-8, no floats — the bytes that get hashed."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence


class NonCanonicalValueError(TypeError):
    """A value that has no single canonical byte form (a float, a set, an object)."""


_PLAIN = (str, int, bool, type(None))


def _check(value: object) -> None:
    """Refuse anything without a single canonical JSON form (floats, bytes, sets, objects)."""
    pending = [value]
    while pending:
        item = pending.pop()
        kind = type(item)
        if kind is str or kind is int or kind is bool or item is None:
            continue
        if isinstance(item, dict) and kind is dict:
            if not all(type(key) is str for key in item):
                raise NonCanonicalValueError("keys must be strings")
            pending.extend(item.values())
        elif isinstance(item, list | tuple) and (kind is list or kind is tuple):
            pending.extend(item)
        elif isinstance(item, float):
            raise NonCanonicalValueError("floats are not allowed in canonical form")
        elif isinstance(item, _PLAIN):  # str and int subclasses, such as StrEnum members
            continue
        elif isinstance(item, Mapping):
            if not all(isinstance(key, str) for key in item):
                raise NonCanonicalValueError("keys must be strings")
            pending.extend(item.values())
        elif isinstance(item, Sequence) and not isinstance(item, bytes | bytearray):
            pending.extend(item)
        else:
            raise NonCanonicalValueError(f"{kind.__name__} has no canonical form")


_ENCODER = json.JSONEncoder(
    sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
)


def canonical_json(value: object, *, check: bool = True) -> bytes:
    """Serialise ``value`` to canonical JSON bytes (sorted keys, no whitespace, UTF-8).

    ``check=False`` skips the scan for floats and other non-canonical values. Only for
    re-deriving bytes to compare with a stored hash (verify), where any stray value can only
    produce a mismatch; everything that is written is checked.
    """
    if check:
        _check(value)
    return _ENCODER.encode(value).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()
