"""The Spanish interface: Qt's translation system, the catalogue built from
resources/translations/zzsign_es.ts, the kiosk walked by its Spanish accessible names, English
unchanged, and Spanish offered to people only once every string on screen is translated."""

from __future__ import annotations

import ast
import shutil
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from conftest import TESTS
from kiosk_driver import Hire, KioskDriver
from PySide6.QtCore import QLocale, QTranslator

from zzsign.translation_build import compile_all, extract
from zzsign.views import language
from zzsign.views.language import system_language, translate, use_language

PROJECT = TESTS.parent
VIEWS = PROJECT / "zzsign" / "views"
SPANISH_SOURCE = PROJECT / "resources" / "translations" / "zzsign_es.ts"
#: The view modules not translated yet (the next part of the Spanish interface); the check for
#: untranslated strings below must pass on every other view module.
NOT_YET_TRANSLATED = ("kiosk_window.py", "wizard.py", "printing.py")


@pytest.fixture
def spanish(qapp):
    """The interface in Spanish for one test; English again afterwards."""
    assert use_language("es") == "es"
    yield
    use_language("en")


# -- the mechanism ----------------------------------------------------------------------------
def test_the_catalogue_compiles_and_translates(qapp, tmp_path):
    (catalogue,) = compile_all(SPANISH_SOURCE.parent, tmp_path)
    translator = QTranslator()
    assert translator.load(str(catalogue))
    assert translator.translate("WelcomePage", "Start") == "Empezar"
    assert translator.translate("Dialog", "Cancel") == "Cancelar"


def test_spanish_switches_on_and_back_off(qapp):
    assert use_language("es") == "es"
    try:
        assert language.current_language() == "es"
        assert translate("Page", "Your details") == "Sus datos"
        assert QLocale().language() == QLocale.Language.Spanish
        # Qt's own words too (the standard dialog buttons), from PySide6's qtbase_es.
        assert translate("QPlatformTheme", "Cancel") == "Cancelar"
    finally:
        use_language("en")
    assert language.current_language() == "en"
    assert translate("Page", "Your details") == "Your details"


def test_a_checkout_compiles_its_catalogue_once_into_the_cache(monkeypatch, tmp_path):
    """A checkout ships no .qm: the source is compiled on first use into the user's cache (an
    owner-only folder), named by its content, and reused after."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(language, "TRANSLATIONS_DIR", SPANISH_SOURCE.parent)
    first = language.catalogue("es")
    assert first is not None and first.is_relative_to(tmp_path) and first.suffix == ".qm"
    assert first.parent.stat().st_mode & 0o077 == 0
    made = first.stat().st_mtime_ns
    assert language.catalogue("es") == first and first.stat().st_mtime_ns == made
    assert language.catalogue("xx") is None


def test_a_language_without_a_catalogue_leaves_english(qapp):
    assert use_language("xx") == "en"
    assert translate("WelcomePage", "Start") == "Start"


# -- what people are offered --------------------------------------------------------------------
def test_spanish_is_hidden_until_it_is_complete(qapp, monkeypatch):
    """Until every string on screen is translated, a Spanish system gets English and the welcome
    page offers no switch; once Spanish is listed complete, both offer it."""
    from zzsign.views.pages.welcome import WelcomePage

    spanish_system = QLocale(QLocale.Language.Spanish, QLocale.Country.Spain)
    assert system_language(spanish_system) == "en"
    assert WelcomePage().languages == {}

    monkeypatch.setattr(language, "COMPLETE", frozenset({"es"}))
    assert system_language(spanish_system) == "es"
    assert system_language(QLocale(QLocale.Language.German, QLocale.Country.Germany)) == "en"
    page = WelcomePage()
    switch = page.languages["es"]
    assert switch.accessibleName() == "Español"
    asked: list[str] = []
    page.language_requested.connect(asked.append)
    switch.click()
    assert asked == ["es"]


# -- the kiosk in Spanish -----------------------------------------------------------------------
def test_the_welcome_page_in_spanish(qtbot, spanish):
    from zzsign.views.pages.welcome import WelcomePage

    page = WelcomePage()
    qtbot.addWidget(page)
    page.set_ready()
    start = next(b for b in page.findChildren(type(page.start)) if b.accessibleName() == "Empezar")
    assert start is page.start and start.isEnabled()
    assert page.languages["en"].text() == "English"  # the way back to English


def test_a_hire_signs_in_spanish_by_the_spanish_names(qtbot, spanish, make_kiosk, store, hr_key):
    """The whole flow by Spanish accessible names; the record keeps the department's English
    name (HR finds one department under one name), and the Done page speaks Spanish."""
    from zzsign.services.records import open_record
    from zzsign.store.records import RecordRepository
    from zzsign.views.pages.done import DonePage

    hire = Hire()
    driver = KioskDriver(qtbot, make_kiosk())
    driver.click("Empezar")
    driver.type_into("Nombre legal completo", hire.full_name)
    driver.type_into("Correo electrónico de trabajo", hire.work_email)
    driver.type_into("Número de empleado (opcional)", hire.employee_id)
    driver.type_into("Departamento", "Ingeniería")
    driver.click("Continuar")
    driver.tick("Acepto recibir y firmar este acuerdo por medios electrónicos")
    driver.click("Continuar")
    driver.scroll_agreement_to_end()
    driver.tick("Declaro haber leído y entendido la cláusula «Third Party Information» "
                "(información de terceros) de la sección 4")
    driver.tick("He leído el acuerdo completo y me comprometo a cumplirlo")
    driver.click("Continuar")
    driver.tick("Escribir mi firma con el teclado")
    driver.type_into("Escriba su nombre legal completo", hire.full_name)
    driver.click("Continuar")
    assert driver.page.values["Department"].text() == "Ingeniería"
    assert driver.page.values["Electronic records"].text().startswith("Consentimiento dado el ")
    driver.click("Firmar el acuerdo")
    assert isinstance(driver.page, DonePage)
    assert driver.page.summary.text().startswith("Su acuerdo firmado se guardó el ")
    shown_id = driver.page.record_id.text().removeprefix("ID del registro: ")
    with store.sessions() as db:
        assert RecordRepository(db).ids() == [shown_id]
        record = open_record(db, shown_id, hr_key)
    assert record.signer.department == "Engineering"


def test_the_documents_say_which_text_binds_in_spanish_only(qtbot, qapp, service):
    """The agreement stays the text HR published; a Spanish page says that text is the one
    signed; the English page has no such line."""
    from zzsign.views.pages.agreement import AgreementPage

    binding = "Este texto se muestra tal como lo publicó RR. HH., sin traducir"
    english = AgreementPage(service.agreement)
    qtbot.addWidget(english)
    use_language("es")
    try:
        spanish_page = AgreementPage(service.agreement)
        qtbot.addWidget(spanish_page)
    finally:
        use_language("en")
    assert any(label.text().startswith(binding) for label in spanish_page.findChildren(
        type(spanish_page.hint)))
    assert not any(label.text().startswith(binding) for label in english.findChildren(
        type(english.hint)))
    assert english.acknowledge_agreement.accessibleName() == (
        "I have read the whole agreement and agree to be bound by it")


def test_the_idle_prompt_speaks_the_language_of_the_moment(qtbot, qapp):
    """The prompt outlives hires; each time it appears it speaks the current language."""
    from PySide6.QtWidgets import QWidget

    from zzsign.views.idle_prompt import IdlePrompt

    window = QWidget()
    qtbot.addWidget(window)
    prompt = IdlePrompt(window)
    window.show()
    use_language("es")
    try:
        prompt.start(3_000)
        assert prompt.question.text() == "¿Sigue ahí?"
        assert "dentro de 3 segundos" in prompt.message.text()
    finally:
        use_language("en")
    prompt.start(1_000)
    assert prompt.still_here.accessibleName() == "I'm still here"
    assert "cleared in 1 second." in prompt.message.text()


def test_the_statuses_shown_are_all_translated():
    """A status added to the services' list needs its word marked for translation."""
    from zzsign.services.hr_workspace import STATUS_LABELS
    from zzsign.views.hr.record_table_model import STATUS_NAMES

    assert STATUS_NAMES == STATUS_LABELS


def test_the_audit_steps_are_all_translated():
    from zzsign.domain.record import Step
    from zzsign.views.hr.workspace import STEP_NAMES

    assert set(STEP_NAMES) == {step.value for step in Step}


def test_the_departments_offered_are_all_translated():
    """A department added to the domain's list needs its name marked for translation."""
    from zzsign.domain.signer import DEPARTMENTS
    from zzsign.views.pages.details import DEPARTMENT_NAMES

    assert set(DEPARTMENT_NAMES) == set(DEPARTMENTS)


# -- completeness -------------------------------------------------------------------------------
def _messages(ts: Path) -> list[tuple[str, str, str | None]]:
    """(context, source, translation type) of every message in ``ts``."""
    root = ElementTree.parse(ts).getroot()
    return [(context.findtext("name"), message.findtext("source"),
             message.find("translation").get("type"))
            for context in root.iter("context") for message in context.iter("message")]


def test_every_string_marked_in_the_code_has_a_finished_spanish_translation(tmp_path):
    """lupdate over the code, into a copy of the Spanish source: nothing new (unfinished) and
    nothing the code no longer has (vanished) — the .ts in the repository is the code's."""
    copy = tmp_path / SPANISH_SOURCE.name
    shutil.copyfile(SPANISH_SOURCE, copy)
    extract([copy])
    messages = _messages(copy)
    assert len(messages) > 100
    assert [m for m in messages if m[2] is not None] == []


#: Calls whose string arguments reach the screen (labels, accessible names, messages).
SHOWN_BY = {
    "button", "checkbox", "radio", "heading", "paragraph", "dialog_layout", "dialog_buttons",
    "QLabel", "QPushButton", "QCheckBox", "QRadioButton", "QGroupBox", "setText",
    "setAccessibleName", "setAccessibleDescription", "setPlaceholderText", "setToolTip",
    "setWindowTitle", "setSpecialValueText", "addItem", "addItems", "addTab", "addRow",
    "show_message", "show_copy_result", "offer", "setStatusTip", "drawText",
}


def untranslated_strings(path: Path) -> list[str]:
    """Text handed to the screen in ``path`` as a bare literal or an f-string instead of
    through ``translate`` (symbols such as "×" or "—" need no translation)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(
            node.func, "id", "")
        if name not in SHOWN_BY:
            continue
        for argument in [*node.args, *(k.value for k in node.keywords)]:
            if isinstance(argument, ast.JoinedStr) or (
                isinstance(argument, ast.Constant) and isinstance(argument.value, str)
                and sum(c.isalpha() for c in argument.value) > 1
            ):
                found.append(f"{path.name}:{node.lineno} {ast.unparse(node)}")
    return found


def _views(translated: bool) -> list[Path]:
    return [path for path in sorted(VIEWS.rglob("*.py"))
            if path.relative_to(VIEWS).as_posix().startswith(NOT_YET_TRANSLATED) != translated]


def test_the_translated_views_put_no_bare_english_on_screen():
    assert [line for path in _views(True) for line in untranslated_strings(path)] == []


def test_the_check_for_bare_english_can_fail(tmp_path):
    module = tmp_path / "bad.py"
    module.write_text('label.setText(f"Hello {name}")\nbutton("Start")\nheading(translate("P", '
                      '"Fine"))\nQLabel("×")\n', encoding="utf-8")
    found = untranslated_strings(module)
    assert [line.split(" ", 1)[1] for line in found] == [
        "label.setText(f'Hello {name}')", "button('Start')"]


@pytest.mark.xfail(strict=True, reason=(
    "Spanish, part 1: the kiosk pages, the dialogs, the widgets and the HR workspace are "
    "translated; the kiosk window, the wizard's progress line, printing, the PDF's wording and "
    "the services' and domain's messages are next. Once they are, list 'es' in "
    "language.COMPLETE and drop this mark."))
def test_spanish_is_complete_and_offered():
    remaining = [line for path in _views(False) for line in untranslated_strings(path)]
    assert remaining == []
    assert "es" in language.COMPLETE
