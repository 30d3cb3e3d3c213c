"""The language zzsign speaks now, and its words, numbers and dates in that language.

Below the views, so that what zzsign draws (``zzsign.drawing``: the PDF copy's own wording) speaks
the same language as the screen: ``translate(context, text)`` looks ``text`` up in the catalogues
installed, and the dates follow :func:`current_language`. Only
``zzsign.views.language.use_language`` changes the language (it installs the catalogues, then
calls :func:`set_current_language`); where nothing does (the command line), everything stays
English. QtCore only (``QCoreApplication.translate`` is thread-safe; no widget is touched).
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, QTime

#: ``translate(context, text)``: ``text`` in the interface's language. Call it with the string
#: itself (or a constant marked ``QT_TRANSLATE_NOOP(context, …)``): lupdate finds the calls.
translate = QCoreApplication.translate

#: The language the code is written in.
SOURCE_LANGUAGE = "en"

_current = SOURCE_LANGUAGE


def current_language() -> str:
    """The language the interface is in now."""
    return _current


def set_current_language(language: str) -> None:
    """Record that ``language``'s catalogues are the ones installed (views.language does)."""
    global _current
    _current = language


def interface_locale() -> QLocale:
    """The locale of the interface's language (not the system's: an English interface on a
    laptop set up in another language still writes "1,234" and "March")."""
    return QLocale(_current)


def number(value: float, decimals: int = 0) -> str:
    """``value`` with the language's digit grouping ("12,345"; "12.345")."""
    if isinstance(value, int):
        return interface_locale().toString(value)
    return interface_locale().toString(float(value), "f", decimals)


def formatted_date(day: date, format_: str) -> str:
    """``day`` in a QLocale ``format_`` (already translated), in the interface's language."""
    return interface_locale().toString(QDate(day.year, day.month, day.day), format_)


def formatted_date_time(moment: datetime, format_: str) -> str:
    """The wall-clock reading of ``moment`` (its own offset is shown separately) in a QLocale
    ``format_`` (already translated), in the interface's language."""
    return interface_locale().toString(_qt_date_time(moment), format_)


def long_date(day: date) -> str:
    """A day written out ("05 March 2026"; "5 de marzo de 2026")."""
    format_ = translate(
        "Dates", "dd MMMM yyyy", "QLocale date format: a day written out, as on a letter"
    )
    return formatted_date(day, format_)


def long_date_time(moment: datetime) -> str:
    """A day and a time of day written out ("05 March 2026, 14:03:09")."""
    format_ = translate(
        "Dates", "dd MMMM yyyy, HH:mm:ss", "QLocale date and time format: a day and a time"
    )
    return formatted_date_time(moment, format_)


def long_date_at_time(moment: datetime) -> str:
    """A day and a time in a sentence ("05 March 2026 at 14:03:09")."""
    format_ = translate(
        "Dates",
        "dd MMMM yyyy 'at' HH:mm:ss",
        "QLocale date and time format, inside a sentence: text in quotes is kept as it is",
    )
    return formatted_date_time(moment, format_)


def _qt_date_time(moment: datetime) -> QDateTime:
    return QDateTime(
        QDate(moment.year, moment.month, moment.day),
        QTime(moment.hour, moment.minute, moment.second),
    )
