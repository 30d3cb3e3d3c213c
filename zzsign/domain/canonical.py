"""Canonical serialisation: stable key order, UTF-8, no floats — the bytes that get hashed."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence


class NonCanonicalValueError(TypeError):
    """A value that has no single canonical byte form (a float, a set, an object)."""


def _check(value: object, path: str = "$") -> None:
    if value is None or isinstance(value, bool | int | str):
        return
    if isinstance(value, float):
        raise NonCanonicalValueError(f"{path}: floats are not allowed in canonical form")
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise NonCanonicalValueError(f"{path}: keys must be strings")
            _check(item, f"{path}.{key}")
        return
    if isinstance(value, Sequence) and not isinstance(value, bytes | bytearray):
        for index, item in enumerate(value):
            _check(item, f"{path}[{index}]")
        return
    raise NonCanonicalValueError(f"{path}: {type(value).__name__} has no canonical form")


def canonical_json(value: object) -> bytes:
    """Serialise ``value`` to canonical JSON bytes (sorted keys, no whitespace, UTF-8)."""
    _check(value)
    return json.dumps(
        value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()
