"""Days and times on the copy, in the interface's language where the copy is made (English on
the command line): its words are translated in the copy's context, its month names follow the
language (``zzsign.interface_language``)."""

from __future__ import annotations

from datetime import date

from zzsign.domain.clock import Timestamp
from zzsign.interface_language import formatted_date, formatted_date_time, translate


def copy_date(day: date) -> str:
    """A day written out: ``5 March 2026``; ``5 de marzo de 2026``."""
    return formatted_date(
        day, translate("SignedCopy", "d MMMM yyyy", "QLocale date format: a day written out")
    )


def local_time(stamp: Timestamp) -> str:
    """``25 November 2026, 14:04:26 (UTC+01:00)``: the signing laptop's time and its offset."""
    written = formatted_date_time(
        stamp.local,
        translate(
            "SignedCopy",
            "d MMMM yyyy, HH:mm:ss",
            "QLocale date and time format: a day written out and a time of day",
        ),
    )
    return f"{written} (UTC{stamp.offset_iso})"


def short_local_time(stamp: Timestamp) -> str:
    """``2026-11-25 14:04:26 +01:00``: local time with its UTC offset, compact (the same in
    every language)."""
    return f"{stamp.local:%Y-%m-%d %H:%M:%S} {stamp.offset_iso}"
