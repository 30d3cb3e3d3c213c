"""The hire's signature: drawn strokes (vector) or a typed name in a handwriting font."""

from __future__ import annotations

import itertools
import math
import unicodedata
from dataclasses import dataclass

from zzsign.domain.messages import QT_TRANSLATE_NOOP, Message
from zzsign.domain.signer import MAX_LENGTH, Field, text_problem

#: A point of a drawn stroke: x and y in pad pixels, t in milliseconds since the pad was cleared.
Point = tuple[int, int, int]
Stroke = tuple[Point, ...]

#: Thresholds below which a drawn signature is treated as trivial (a dot, a dash, a tick).
MIN_INK_LENGTH_PX = 120
MIN_WIDTH_PX = 40
MIN_HEIGHT_PX = 12
MIN_POINTS = 8

TRIVIAL_DRAWN_MESSAGE = Message(
    QT_TRANSLATE_NOOP(
        "Messages",
        "This signature is too small or too simple. Clear it and sign your name across the box.",
    )
)
EMPTY_DRAWN_MESSAGE = Message(
    QT_TRANSLATE_NOOP(
        "Messages", "The signature box is empty. Sign your name in the box, or type it instead."
    )
)


@dataclass(frozen=True)
class DrawnSignature:
    """Strokes drawn with mouse, pen or touch, plus their rendering as a PNG image."""

    strokes: tuple[Stroke, ...]
    width: int
    height: int
    image_png: bytes = b""  # what the Review page shows; never stored (format 2)

    kind = "drawn"

    @property
    def point_count(self) -> int:
        return sum(len(stroke) for stroke in self.strokes)

    @property
    def ink_length(self) -> float:
        """Total length of all strokes in pad pixels."""
        total = 0.0
        for stroke in self.strokes:
            for (x0, y0, _), (x1, y1, _) in itertools.pairwise(stroke):
                total += math.hypot(x1 - x0, y1 - y0)
        return total

    def problem(self, full_legal_name: str = "") -> str | None:
        """Return a message saying why this signature cannot be accepted, or None.

        A drawn signature is judged by its shape alone; the name is not used.
        """
        del full_legal_name
        points = [p for stroke in self.strokes for p in stroke]
        if not points:
            return EMPTY_DRAWN_MESSAGE
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        too_small = (max(xs) - min(xs)) < MIN_WIDTH_PX or (max(ys) - min(ys)) < MIN_HEIGHT_PX
        if too_small or len(points) < MIN_POINTS or self.ink_length < MIN_INK_LENGTH_PX:
            return TRIVIAL_DRAWN_MESSAGE
        return None

    def evidence(self) -> dict[str, object]:
        """The vector form of the signature for the canonical record."""
        return {
            "kind": self.kind,
            "pad": {"width": self.width, "height": self.height},
            "strokes": [[list(point) for point in stroke] for stroke in self.strokes],
        }

    def compact_evidence(self) -> dict[str, object]:
        """The vector form as a format-2 record seals it (see :mod:`zzsign.domain.ink_code`)."""
        from zzsign.domain.ink_code import INK_ENCODING, encode_strokes

        return {
            "kind": self.kind,
            "pad": {"width": self.width, "height": self.height},
            "ink": {"encoding": INK_ENCODING, "strokes": encode_strokes(self.strokes)},
        }


def _comparable(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def typed_name_problem(typed: str, full_legal_name: str) -> str | None:
    """Why ``typed`` cannot stand as the typed signature of ``full_legal_name``, or None.

    It must be the legal name as entered, give or take letter case and spacing. A mismatch is
    told with the name to type: the hire's own, on their own screen.
    """
    if not typed.strip():
        return Message(QT_TRANSLATE_NOOP("Messages", "Type your full legal name to sign."))
    label = Message(QT_TRANSLATE_NOOP("Messages", "Your typed signature"))
    problem = text_problem(label, typed.strip(), MAX_LENGTH[Field.FULL_NAME])
    if problem is not None:
        return problem
    if _comparable(typed) != _comparable(full_legal_name):
        return Message(
            QT_TRANSLATE_NOOP(
                "Messages",
                "Type your full legal name exactly as you entered it on the details page: "
                '"{name}".',
            ),
            name=full_legal_name.strip(),
        )
    return None


@dataclass(frozen=True)
class TypedSignature:
    """The hire's name typed on the keyboard and shown in a handwriting font."""

    text: str
    font_family: str
    font_file: str
    image_png: bytes = b""  # what the Review page shows; never stored (format 2)

    kind = "typed"

    def problem(self, full_legal_name: str) -> str | None:
        """Return a message saying why this signature cannot be accepted, or None."""
        return typed_name_problem(self.text, full_legal_name)

    def evidence(self) -> dict[str, object]:
        """The typed form of the signature for the canonical record."""
        return {
            "kind": self.kind,
            "text": unicodedata.normalize("NFC", self.text.strip()),
            "font": {"family": self.font_family, "file": self.font_file},
        }

    def compact_evidence(self) -> dict[str, object]:
        """The typed form as a format-2 record seals it (the same as :meth:`evidence`)."""
        return self.evidence()


Signature = DrawnSignature | TypedSignature
