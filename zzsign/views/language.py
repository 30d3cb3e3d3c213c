"""The interface language: Qt's own translation system for every word zzsign puts on screen.

Strings on screen go through ``QCoreApplication.translate(context, text)`` (or
``QT_TRANSLATE_NOOP`` for constants, translated where they are shown), so that
``pyside6-lupdate`` extracts them into resources/translations/zzsign_<language>.ts (English is
the source language). The ``.qm`` catalogues are compiled from those sources when the wheel or
the PyInstaller bundle is built (zzsign.translation_build); a checkout compiles them on first use
into the user's cache. This module installs the catalogue of the language chosen, with Qt's own
(``qtbase_<language>``, for the standard dialog buttons), and sets the default ``QLocale`` so
that dates and month names follow the interface.

A language is offered to people — by the system locale, or the switch on the welcome page —
only once it is complete (:data:`COMPLETE`); :func:`use_language` loads any language that has a
catalogue, for previews and tests.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QDateTime,
    QLibraryInfo,
    QLocale,
    QTime,
    QTranslator,
)

from zzsign.domain.messages import Message

log = logging.getLogger(__name__)

#: ``translate(context, text)``: ``text`` in the interface's language. Call it with the string
#: itself (or a constant marked ``QT_TRANSLATE_NOOP(context, …)``): lupdate finds the calls.
translate = QCoreApplication.translate

#: The language the code is written in.
SOURCE_LANGUAGE = "en"
#: Each language zzsign has a catalogue for, by its name in that language.
LANGUAGE_NAMES = {"en": "English", "es": "Español"}
#: Languages whose every string has a finished translation: the only ones offered to people.
#: Spanish joins once the kiosk window, the wizard, the PDF wording and the services' messages
#: are translated too (tests/test_language.py checks a language listed here is complete).
COMPLETE: frozenset[str] = frozenset()
#: Where the catalogues live: the ``.ts`` sources in a checkout, the compiled ``.qm`` files in a
#: wheel or a bundle (both, in a checkout that was built once). None: the shipped resources'
#: ``translations`` folder, looked up only when a catalogue is needed (not before the first
#: paint of an English kiosk).
TRANSLATIONS_DIR: Path | None = None


def _translations_dir() -> Path:
    if TRANSLATIONS_DIR is not None:
        return TRANSLATIONS_DIR
    from zzsign.resources import RESOURCES_DIR

    return RESOURCES_DIR / "translations"


_installed: list[QTranslator] = []
_current = SOURCE_LANGUAGE


def offered_languages() -> tuple[str, ...]:
    """The languages a hire may choose: English, and every complete translation."""
    return (SOURCE_LANGUAGE, *sorted(COMPLETE - {SOURCE_LANGUAGE}))


def system_language(locale: QLocale | None = None) -> str:
    """The offered language that best fits the system locale's UI languages (English if
    none does)."""
    offered = offered_languages()
    for name in (locale or QLocale.system()).uiLanguages():
        code = name.replace("_", "-").split("-")[0].lower()
        if code in offered:
            return code
    return SOURCE_LANGUAGE


def current_language() -> str:
    """The language the interface is in now."""
    return _current


def catalogue(language: str) -> Path | None:
    """The compiled catalogue of zzsign's words in ``language``: shipped beside the package, or
    compiled from its source into the user's cache (a checkout); None when there is none."""
    shipped = _translations_dir() / f"zzsign_{language}.qm"
    source = _translations_dir() / f"zzsign_{language}.ts"
    if shipped.is_file() and (
        not source.is_file() or shipped.stat().st_mtime >= source.stat().st_mtime
    ):
        return shipped
    if not source.is_file():
        return None
    return _compiled_from_source(source)


def _compiled_from_source(source: Path) -> Path | None:
    """``source`` compiled once into the cache, named by its content (an edit recompiles)."""
    import hashlib

    import platformdirs

    from zzsign.files import make_private_folder
    from zzsign.translation_build import compile_catalogue

    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    folder = platformdirs.user_cache_path("zzsign", appauthor=False) / "translations"
    target = folder / f"{source.stem}-{digest}.qm"
    if target.is_file():
        return target
    try:
        make_private_folder(folder)
        return compile_catalogue(source, target)
    except (OSError, ValueError, RuntimeError) as exc:  # includes a failed or missing lrelease
        log.warning("The %s translation could not be compiled: %s", source.stem, type(exc).__name__)
        return None


def use_language(language: str) -> str:
    """Put the interface in ``language`` from now on (the windows built after this call speak
    it); returns the language in use, English if ``language`` has no catalogue.

    Installs zzsign's catalogue and Qt's own (``qtbase``), replacing those of the language
    before, and makes ``language`` the default locale (dates, month names)."""
    global _current
    app = QCoreApplication.instance()
    assert app is not None, "make the QApplication first"
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    chosen = SOURCE_LANGUAGE
    if language != SOURCE_LANGUAGE:
        path = catalogue(language)
        ours = QTranslator(app)
        if path is not None and ours.load(str(path)):
            chosen = language
            app.installTranslator(ours)
            _installed.append(ours)
            qt_own = QTranslator(app)
            folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            if qt_own.load(f"qtbase_{language}", folder):
                app.installTranslator(qt_own)
                _installed.append(qt_own)
        else:
            log.warning(
                "No %s translation could be loaded; the interface stays in English", language
            )
    QLocale.setDefault(QLocale(chosen))
    _current = chosen
    return chosen


def use_system_language() -> str:
    """At start-up, and when the next hire begins: the language the system locale asks for
    (among the offered ones)."""
    return use_language(system_language())


def shown(text: str) -> str:
    """``text`` as the screen shows it: a Message (the services' and the domain's sentences)
    in the interface's language, any other text as it is."""
    if isinstance(text, Message):
        return text.translated(translate)
    return text


# -- numbers, dates and times, in the interface's language ------------------------------------
def interface_locale() -> QLocale:
    """The locale of the interface's language (not the system's: an English interface on a
    laptop set up in another language still writes "1,234" and "March")."""
    return QLocale(_current)


def number(value: float, decimals: int = 0) -> str:
    """``value`` with the language's digit grouping ("12,345"; "12.345")."""
    if isinstance(value, int):
        return interface_locale().toString(value)
    return interface_locale().toString(float(value), "f", decimals)


def long_date(day: date) -> str:
    """A day written out ("05 March 2026"; "5 de marzo de 2026")."""
    format_ = QCoreApplication.translate(
        "Dates", "dd MMMM yyyy", "QLocale date format: a day written out, as on a letter"
    )
    return interface_locale().toString(QDate(day.year, day.month, day.day), format_)


def long_date_time(moment: datetime) -> str:
    """A day and a time of day written out ("05 March 2026, 14:03:09")."""
    format_ = QCoreApplication.translate(
        "Dates", "dd MMMM yyyy, HH:mm:ss", "QLocale date and time format: a day and a time"
    )
    return interface_locale().toString(_qt_date_time(moment), format_)


def long_date_at_time(moment: datetime) -> str:
    """A day and a time in a sentence ("05 March 2026 at 14:03:09")."""
    format_ = QCoreApplication.translate(
        "Dates",
        "dd MMMM yyyy 'at' HH:mm:ss",
        "QLocale date and time format, inside a sentence: text in quotes is kept as it is",
    )
    return interface_locale().toString(_qt_date_time(moment), format_)


def _qt_date_time(moment: datetime) -> QDateTime:
    """The wall-clock reading of ``moment`` (its own offset is shown separately)."""
    return QDateTime(
        QDate(moment.year, moment.month, moment.day),
        QTime(moment.hour, moment.minute, moment.second),
    )
