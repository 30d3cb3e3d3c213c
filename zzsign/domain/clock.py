"""Timestamps in UTC with the local offset, as the evidence checklist asks."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from functools import cached_property

UTC_ISO_LENGTH = len("2026-11-25T02:04:26.123456Z")


@dataclass(frozen=True, order=True)
class Timestamp:
    """A moment in UTC plus the local UTC offset (in minutes) at which it was observed."""

    utc: datetime
    offset_minutes: int

    @classmethod
    def from_local(cls, local: datetime) -> Timestamp:
        """Build from an aware local datetime."""
        offset = local.utcoffset() or timedelta(0)
        return cls(local.astimezone(UTC), int(offset.total_seconds() // 60))

    @cached_property
    def utc_iso(self) -> str:
        """UTC time, ISO 8601 with microseconds and a ``Z``."""
        return self.utc.strftime("%Y-%m-%dT%H:%M:%S.%fZ")

    @property
    def offset_iso(self) -> str:
        """The local offset as ``+HH:MM``."""
        return offset_text(self.offset_minutes)

    @property
    def local(self) -> datetime:
        """The same moment in the local time of the observer."""
        return self.utc.astimezone(timezone(timedelta(minutes=self.offset_minutes)))

    def evidence(self) -> dict[str, str]:
        """Canonical form: UTC and offset as strings."""
        return {"utc": self.utc_iso, "offset": self.offset_iso}

    @classmethod
    def parse(cls, utc_iso: str, offset_minutes: int) -> Timestamp:
        """Inverse of :attr:`utc_iso`; the text is kept exactly as stored."""
        if len(utc_iso) != UTC_ISO_LENGTH or not utc_iso.endswith("Z"):
            raise ValueError(f"not a zzsign UTC timestamp: {utc_iso!r}")
        stamp = cls(datetime.fromisoformat(utc_iso), offset_minutes)
        stamp.__dict__["utc_iso"] = utc_iso  # hashing uses the stored text, not a re-rendering
        return stamp

    @classmethod
    def from_evidence(cls, evidence: dict) -> Timestamp:
        """Inverse of :meth:`evidence` (``{"utc": "…Z", "offset": "+HH:MM"}``): the one parser
        of a written UTC offset. ValueError, KeyError or TypeError if it is not one."""
        offset = evidence["offset"]
        if (
            len(offset) != 6
            or offset[0] not in "+-"
            or offset[3] != ":"
            or not (offset[1:3] + offset[4:]).isdigit()
        ):
            raise ValueError(f"not a UTC offset: {offset!r}")
        minutes = int(offset[1:3]) * 60 + int(offset[4:])
        stamp = cls.parse(evidence["utc"], -minutes if offset[0] == "-" else minutes)
        if stamp.offset_iso != offset:
            raise ValueError(f"not a UTC offset zzsign writes: {offset!r}")
        return stamp


def offset_text(offset_minutes: int) -> str:
    """A UTC offset in whole minutes as ``+HH:MM``; TypeError for anything but an int."""
    if type(offset_minutes) is not int:
        raise TypeError("a UTC offset is a whole number of minutes")
    return _offset_text(offset_minutes)


@functools.lru_cache(maxsize=256)
def _offset_text(offset_minutes: int) -> str:
    """(kept: a store holds only a few offsets)"""
    sign = "-" if offset_minutes < 0 else "+"
    hours, minutes = divmod(abs(offset_minutes), 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


Clock = Callable[[], Timestamp]


def system_clock() -> Timestamp:
    """Now, from the system clock, with the current local offset."""
    return Timestamp.from_local(datetime.now().astimezone())
