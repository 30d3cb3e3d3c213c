"""Canonical serialisation: stable key order, UTF-8, no floats — the bytes that get hashed."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence


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


_encode_text = json.encoder.encode_basestring  # ensure_ascii=False: as _ENCODER writes a str


def canonical_text(value: object) -> str:
    """The canonical JSON text of one value, exactly as :func:`canonical_json` writes it inside
    any object or array (a ``str`` and an ``int`` the quick way; unchecked, as ``check=False``).
    """
    if type(value) is str:
        return _encode_text(value)
    if type(value) is int:
        return int.__repr__(value)
    return _ENCODER.encode(value)


def canonical_strings(texts: Iterable[str]) -> tuple[str, ...]:
    """:func:`canonical_text` of each of ``texts``, all of them ``str`` (TypeError otherwise)."""
    return tuple(map(_encode_text, texts))


class CanonicalTemplate:
    """Canonical JSON of one fixed shape whose values (its slots) change from use to use.

    Made from the canonical text of a value that holds :meth:`slot` markers where the values
    go (``canonical_json(shape, check=False)``, so any one definition of a payload or a link
    serves); the text between the slots is kept, and :meth:`fill` puts each slot's canonical
    text (:func:`canonical_text` of its value, or the canonical text of a whole sub-value) in its
    place: byte for byte what ``canonical_json`` writes for the value with the slots filled in,
    because keys are sorted whatever the values are.
    """

    _MARK = "\x00slot:{}\x00"

    def __init__(self, pieces: list[str], slots: list[str]) -> None:
        #: the constant text before each slot and after the last; the slots' names in order
        self.pieces, self.slots = pieces, slots
        self._parts = [text for piece in pieces for text in (piece, "")][:-1]

    @classmethod
    def slot(cls, name: str) -> str:
        """The marker to put where the value ``name`` goes in the shape."""
        return cls._MARK.format(name)

    @classmethod
    def of(cls, canonical: bytes, names: Sequence[str]) -> CanonicalTemplate:
        """The template of ``canonical`` (the canonical JSON of a shape holding the markers of
        ``names``, each once, as a whole value)."""
        text = canonical.decode("utf-8")
        marks = {canonical_text(cls.slot(name)): name for name in names}
        parts = re.split("(" + "|".join(map(re.escape, marks)) + ")", text) if marks else [text]
        slots = [marks[part] for part in parts[1::2]]
        if sorted(slots) != sorted(names):
            raise ValueError("each slot must appear exactly once in the template")
        return cls(parts[0::2], slots)

    def fill(self, fragments: Mapping[str, str]) -> bytes:
        """The canonical JSON bytes with each slot's canonical text (``fragments[name]``)."""
        return self.text([fragments[name] for name in self.slots]).encode("utf-8")

    def text(self, fragments: Sequence[str]) -> str:
        """The canonical JSON text with the slots' canonical texts, in the order of
        :attr:`slots`."""
        parts = self._parts.copy()
        parts[1::2] = fragments  # (ValueError unless there is one for each slot)
        return "".join(parts)

    def expand(self, name: str, inner: CanonicalTemplate) -> CanonicalTemplate:
        """The template with the slot ``name`` (its first) replaced by ``inner``: its text and
        its slots, so that one fill gives what filling ``name`` with ``inner``'s text gives."""
        at = self.slots.index(name)
        pieces = [
            *self.pieces[:at],
            self.pieces[at] + inner.pieces[0],
            *inner.pieces[1:-1],
            *([inner.pieces[-1] + self.pieces[at + 1]] if len(inner.pieces) > 1 else []),
            *self.pieces[at + 2 :],
        ]
        if len(inner.pieces) == 1:  # an inner template without slots: its text joins both
            pieces[at] += self.pieces[at + 1]
        return CanonicalTemplate(pieces, [*self.slots[:at], *inner.slots, *self.slots[at + 1 :]])

    def partial(self, fragments: Mapping[str, str]) -> CanonicalTemplate:
        """The template with some slots filled in now (their canonical texts), the rest open."""
        pieces, slots = [self.pieces[0]], []
        for name, piece in zip(self.slots, self.pieces[1:], strict=True):
            if name in fragments:
                pieces[-1] += fragments[name] + piece
            else:
                slots.append(name)
                pieces.append(piece)
        return CanonicalTemplate(pieces, slots)
