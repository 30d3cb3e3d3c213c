"""The interface language: Qt's own translation system for every word zzsign puts on screen.

Strings on screen go through ``QCoreApplication.translate(context, text)`` (or
``QT_TRANSLATE_NOOP`` for constants, translated where they are shown), so that
``pyside6-lupdate`` extracts them into resources/translations/zzsign_<language>.ts (English is
the source language). The ``.qm`` catalogues are compiled from those sources when the wheel or
the PyInstaller bundle is built (zzsign.translation_build); a checkout compiles them on first use
into the user's cache. This module installs the catalogue of the language chosen, with Qt's own
(``qtbase_<language>``, for the standard dialog buttons), and sets the default ``QLocale`` so
that dates and month names follow the interface. The language in force, its numbers and dates
live one layer down (zzsign.interface_language), where the PDF copy's wording reads them too:
a copy is worded in the language of the screen it is made from.

A language is offered to people — by the system locale, or the switch on the welcome page —
only once it is complete (:data:`COMPLETE`); :func:`use_language` loads any language that has a
catalogue, for previews and tests.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from zzsign.domain.messages import Message

# The language in force, its words, numbers and dates: one home below the views, so that the PDF
# copy (zzsign.drawing) speaks the language of the screen. Named here for the views.
from zzsign.interface_language import SOURCE_LANGUAGE as SOURCE_LANGUAGE
from zzsign.interface_language import current_language as current_language
from zzsign.interface_language import interface_locale as interface_locale
from zzsign.interface_language import long_date as long_date
from zzsign.interface_language import long_date_at_time as long_date_at_time
from zzsign.interface_language import long_date_time as long_date_time
from zzsign.interface_language import number as number
from zzsign.interface_language import set_current_language
from zzsign.interface_language import translate as translate

log = logging.getLogger(__name__)
#: Each language zzsign has a catalogue for, by its name in that language.
LANGUAGE_NAMES = {"en": "English", "es": "Español"}
#: Languages whose every string has a finished translation: the only ones offered to people
#: (tests/test_language.py checks a language listed here is complete).
COMPLETE: frozenset[str] = frozenset({"es"})
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
    set_current_language(chosen)
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


def signature_meaning(meaning: str) -> tuple[str, str | None]:
    """The meaning of the signature as a hire reads it (above the pad, on the Review page): in
    the interface's language, and, when that is not the English the record keeps, one short
    sentence saying the English wording is what is recorded (None in English)."""
    rendering = shown(meaning)
    if rendering == meaning:
        return meaning, None
    recorded = translate(
        "SignatureMeaning", "Your record keeps this sentence in English: “{meaning}”"
    ).format(meaning=meaning)
    return rendering, recorded
