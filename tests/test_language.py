"""The Spanish interface: Qt's translation system, the catalogue built from
resources/translations/zzsign_es.ts, the kiosk walked by its Spanish accessible names, English
unchanged, and Spanish offered to people only once every string on screen is translated."""

from __future__ import annotations

import ast
import re
import shutil
import xml.etree.ElementTree as ElementTree
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QTranslator
from support import TESTS
from support.kiosk import Hire, KioskDriver

from zzsign.domain.signer import Field
from zzsign.translation_build import compile_all, extract
from zzsign.views import language
from zzsign.views.language import system_language, translate, use_language

PROJECT = TESTS.parent
VIEWS = PROJECT / "zzsign" / "views"
SPANISH_SOURCE = PROJECT / "resources" / "translations" / "zzsign_es.ts"


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
def test_a_language_is_hidden_until_it_is_complete(qtbot, monkeypatch):
    """A language not listed complete: a system in that language gets English and the welcome
    page offers no switch; once it is listed complete, both offer it."""
    from zzsign.views.pages.welcome import WelcomePage

    spanish_system = QLocale(QLocale.Language.Spanish, QLocale.Country.Spain)
    monkeypatch.setattr(language, "COMPLETE", frozenset())
    assert system_language(spanish_system) == "en"
    english_only = WelcomePage()
    qtbot.addWidget(english_only)
    assert english_only.languages == {}

    monkeypatch.setattr(language, "COMPLETE", frozenset({"es"}))
    assert system_language(spanish_system) == "es"
    assert system_language(QLocale(QLocale.Language.German, QLocale.Country.Germany)) == "en"
    page = WelcomePage()
    qtbot.addWidget(page)
    switch = page.languages["es"]
    assert switch.accessibleName() == "Español"
    asked: list[str] = []
    page.language_requested.connect(asked.append)
    switch.click()
    assert asked == ["es"]


# -- the kiosk in Spanish -----------------------------------------------------------------------
def test_the_welcome_page_in_spanish(qtbot, spanish_interface):
    from zzsign.views.pages.welcome import WelcomePage

    page = WelcomePage()
    qtbot.addWidget(page)
    page.set_ready()
    start = next(b for b in page.findChildren(type(page.start)) if b.accessibleName() == "Empezar")
    assert start is page.start and start.isEnabled()
    assert page.languages["en"].text() == "English"  # the way back to English


def test_a_hire_signs_in_spanish_by_the_spanish_names(
    qtbot, spanish_interface, make_kiosk, store, hr_key
):
    """The whole flow by Spanish accessible names; the record keeps the department's English
    name (HR finds one department under one name), and the Done page speaks Spanish."""
    from zzsign.services.records import open_record
    from zzsign.store.records import RecordRepository
    from zzsign.views.pages.done import DonePage

    hire = Hire()
    driver = KioskDriver(qtbot, make_kiosk())
    driver.walk_to_review_in_spanish(hire, "Ingeniería")
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
    assert any(
        label.text().startswith(binding)
        for label in spanish_page.findChildren(type(spanish_page.hint))
    )
    assert not any(
        label.text().startswith(binding) for label in english.findChildren(type(english.hint))
    )
    assert english.acknowledge_agreement.accessibleName() == (
        "I have read the whole agreement and agree to be bound by it"
    )


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


# -- the services' and the domain's sentences -----------------------------------------------
def test_a_message_reads_english_and_is_shown_in_the_language_of_the_moment(spanish_interface):
    """The command line and the logs see English; a view shows the same sentence in Spanish,
    its field's name translated with it and the numbers kept; a message that crosses a process
    boundary (pickled) keeps its template."""
    import pickle

    from zzsign.domain.signer import DetailsForm, Field
    from zzsign.views.language import shown

    _details, problems = DetailsForm(full_name="A" * 201).validate(date.today())
    too_long = problems[Field.FULL_NAME]
    assert too_long == "Full legal name can be at most 200 characters; this one has 201."
    assert shown(too_long) == (
        "El nombre legal completo puede tener como máximo 200 caracteres; este tiene 201."
    )
    assert shown(pickle.loads(pickle.dumps(too_long))) == shown(too_long)
    assert shown(problems[Field.WORK_EMAIL]) == (
        "Introduzca su dirección de correo electrónico de trabajo."
    )
    assert shown("Plain text stays as it is.") == "Plain text stays as it is."


def test_the_command_line_keeps_english_while_the_interface_speaks_spanish(
    spanish_interface, store
):
    from zzsign.services.errors import UserFacingError
    from zzsign.services.voiding import void_record

    with pytest.raises(UserFacingError) as refused:
        void_record(store, "no-such-record", "Signed under the wrong name")
    assert (
        str(refused.value)
        == refused.value.message
        == ("There is no record no-such-record in this store; check the record ID.")
    )


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"\{(\w*)\}", text))


def test_every_spanish_sentence_keeps_the_fields_of_its_english_one():
    """A translation that drops or renames a {field} would lose the record ID, the drive or the
    count (Message falls back to English then, but only at run time)."""
    root = ElementTree.parse(SPANISH_SOURCE).getroot()
    wrong = [
        (message.findtext("source"), message.findtext("translation"))
        for message in root.iter("message")
        if _placeholders(message.findtext("source"))
        != _placeholders(message.findtext("translation") or "")
    ]
    assert wrong == []


def test_the_details_page_says_what_to_fix_in_spanish(qtbot, spanish_interface, make_kiosk):
    driver = KioskDriver(qtbot, make_kiosk())
    driver.click("Empezar")
    assert driver.window.wizard.progress.text() == "Paso 1 de 6 · Sus datos"
    driver.type_into("Correo electrónico de trabajo", "zoe@")
    driver.click("Continuar")
    errors = driver.page.errors
    assert errors[Field.FULL_NAME].text() == "Introduzca su nombre legal completo."
    assert errors[Field.WORK_EMAIL].accessibleName() == (
        "Introduzca una dirección de correo completa, como nombre@zzservers.com."
    )
    assert driver.control("Correo electrónico de trabajo").accessibleDescription() == (
        errors[Field.WORK_EMAIL].text()
    )


def test_the_kiosk_window_speaks_spanish(qtbot, spanish_interface, make_kiosk):
    window = make_kiosk()
    assert window.windowTitle() == "ZZ Servers — Acuerdo de confidencialidad para empleados"
    hr_entry = KioskDriver(qtbot, window).control("RR. HH.…")
    assert hr_entry.toolTip() == "Espacio de trabajo de RR. HH. (Ctrl+Mayús+H)"
    assert window.wizard.progress.text() == "ZZ Servers · Incorporación"


def test_the_copy_sentences_in_spanish(qtbot, spanish_interface, tmp_path):
    """Save to USB and printing: what the Done page says, in Spanish."""
    from zzsign.services.removable_media import RemovableDrive, save_copy
    from zzsign.views.pages.done import DonePage
    from zzsign.views.printing import NO_PRINTER

    page = DonePage()
    qtbot.addWidget(page)
    saved = save_copy(RemovableDrive("KINGSTON", tmp_path), "rec-1", b"%PDF-1.7 copy")
    page.show_copy_result(saved.message)
    assert page.copy_status.text() == (
        "Su copia se guardó en la memoria USB KINGSTON como ZZ Servers signed agreement rec-1.pdf."
    )
    page.show_copy_result(NO_PRINTER, failed=True)
    assert page.problem.text().startswith("No hay ninguna impresora conectada a este portátil")


def test_the_storage_and_store_sentences_are_messages_shown_in_spanish(spanish_interface):
    """Each sentence a store failure ends in reads English (the command line, the logs) and is
    shown in Spanish."""
    from zzsign.services import store
    from zzsign.store import errors
    from zzsign.views.language import shown

    sentences = (
        errors.LOCKED,
        errors.DISK_FULL,
        errors.READ_ONLY,
        errors.CORRUPT,
        errors.UNKNOWN,
        store.KEY_MISMATCH,
        store.RECORDS_MISSING,
        store.SHIPPED_DOCUMENTS_DAMAGED,
    )
    assert [sentence for sentence in sentences if shown(sentence) == sentence] == []
    assert errors.READ_ONLY == (
        "The records folder cannot be written to; ask IT to check its permissions or disk."
    )
    assert shown(errors.READ_ONLY) == (
        "No se puede escribir en la carpeta de registros; pida a TI que revise sus permisos o "
        "el disco."
    )


def test_the_welcome_page_says_in_spanish_why_signing_cannot_start(qtbot, spanish_interface):
    import errno

    from zzsign.services.store import StoreMissingError
    from zzsign.store.errors import describe_storage_failure
    from zzsign.views.pages.welcome import WelcomePage

    page = WelcomePage()
    qtbot.addWidget(page)
    page.set_unavailable(StoreMissingError().message)
    assert page.problem.text() == (
        "Faltan los registros de este portátil en su carpeta de datos; pida a TI que los "
        "restaure desde la copia de seguridad más reciente."
    )
    assert not page.start.isEnabled()
    disk_full = describe_storage_failure(OSError(errno.ENOSPC, "No space left on device"))
    assert disk_full == (
        "The disk is full, so the record could not be saved; ask IT to free some space."
    )
    page.set_unavailable(disk_full)
    assert page.problem.accessibleName() == (
        "El disco está lleno y no se ha podido guardar el registro; pida a TI que libere espacio."
    )


def test_a_void_reason_error_is_wholly_spanish(qtbot, spanish_interface):
    """The reason's own problems and a storage failure, in the void dialog: no English left
    (the reason's name translated inside the sentence)."""
    from zzsign.services.voiding import VoidFailedError
    from zzsign.store.errors import DISK_FULL
    from zzsign.views.hr.void_dialog import VoidDialog

    def disk_full(reason: str):
        raise VoidFailedError(DISK_FULL)

    dialog = VoidDialog("rec-1", "Zoë Example", "5 de marzo de 2026", disk_full)
    qtbot.addWidget(dialog)
    for typed, sentence in (
        (
            "ab",
            "Indique un motivo de anulación de al menos 3 caracteres que explique por qué el "
            "registro ya no es válido.",
        ),
        (
            "Firmado con\u202e otro nombre",
            "El motivo tiene un carácter de control invisible (U+202E); escríbalo sin pegar.",
        ),
        (
            "Firmado con otro nombre",
            "El disco está lleno y no se ha podido guardar el registro; pida a TI que libere "
            "espacio.",
        ),
    ):
        dialog.reason.setText(typed)
        dialog.submit()
        assert dialog.problem.text() == sentence
        assert dialog.reason.text() == typed


def test_a_weak_hr_password_is_refused_in_spanish(qtbot, spanish_interface, store):
    from zzsign.security.hr_password import MIN_PASSWORD_LENGTH
    from zzsign.services.hr import HrAccess
    from zzsign.views.hr_setup import HrSetupDialog

    dialog = HrSetupDialog(HrAccess(store.sessions))
    qtbot.addWidget(dialog)
    for typed, sentence in (
        ("corta", f"Elija una contraseña de RR. HH. de al menos {MIN_PASSWORD_LENGTH} caracteres."),
        (" " * 12, "Elija una contraseña de RR. HH. que no sea solo espacios."),
        ("a" * 12, "Elija una contraseña de RR. HH. que no sea un único carácter repetido."),
    ):
        dialog.password.setText(typed)
        dialog.repeat.setText(typed)
        dialog.submit()
        assert dialog.problem.text() == sentence


def test_hrs_record_check_speaks_spanish(qtbot, spanish_interface, service, store, hr_key):
    """The check of one record in HR's workspace: intact, then each problem found after the
    file was edited, in Spanish; the services' summary still reads English."""
    import sqlite3

    from support.store import drop_triggers, signed_session

    from zzsign.services.hr_workspace import SIGNED, check_record, record_detail
    from zzsign.services.voiding import void_record
    from zzsign.views.hr.workspace import RecordDetail

    record_id = service.sign(signed_session(service), screen="x").record_id
    void_record(store, record_id, "Signed under the wrong name")
    pane = RecordDetail()
    qtbot.addWidget(pane)
    record = record_detail(store.sessions, record_id, hr_key)
    pane.show_record(record, SIGNED, check_record(store.sessions, record_id, hr_key))
    assert pane.verification.text() == (
        "✔ Registro intacto: coincide con su entrada firmada de la cadena y sus datos sellados "
        "se abren."
    )
    with sqlite3.connect(store.engine.url.database) as connection:
        drop_triggers(connection)
        connection.execute("UPDATE record_voids SET reason = 'Nothing happened'")
        connection.execute("DELETE FROM ledger_entries WHERE kind = 'record'")
    check = check_record(store.sessions, record_id, hr_key)
    assert check.summary == (
        "Problems found: it is not in the chain (added outside zzsign); its void (reason, time "
        "or who voided it) was changed after signing."
    )
    pane.show_record(record, SIGNED, check)
    assert pane.verification.accessibleName() == (
        "Problemas encontrados: no está en la cadena (se añadió fuera de zzsign); su anulación "
        "(motivo, hora o quién la anuló) se cambió después de la firma."
    )


def test_an_export_failure_is_said_in_spanish_in_the_export_dialog(
    qtbot, spanish_interface, service, store, tmp_path
):
    """A missing folder, then a record that does not open with the key given: each sentence in
    Spanish in the export dialog (the file's name and the record's id kept), nothing written;
    the services' sentence still reads English."""
    from PySide6.QtCore import Qt
    from support.hr import dialog_for
    from support.store import signed_session

    from zzsign.security.sealing import generate_hr_key_pair
    from zzsign.services.export.kinds import export_records
    from zzsign.services.export.problems import ExportProblemError
    from zzsign.services.export.selection import ExportFilter

    record_id = service.sign(signed_session(service), screen="x").record_id
    other_key = generate_hr_key_pair().private_key
    out = tmp_path / "out"
    out.mkdir()

    def export_to(target):
        dialog = dialog_for(qtbot, store, other_key, target)
        assert dialog.export_button.accessibleName() == "Exportar…"
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        return dialog

    dialog = export_to(out / "falta" / "registros.csv")
    assert dialog.problem.text() == (
        "La carpeta de registros.csv no existe; créela o elija otra carpeta."
    )
    dialog = export_to(out / "registros.csv")
    assert dialog.problem.accessibleName() == (
        f"El registro {record_id} no se abre con la clave de RR. HH., por lo que no se ha "
        "exportado nada; ejecute zzsign verify para ver qué falla."
    )
    assert list(out.iterdir()) == []
    with pytest.raises(ExportProblemError) as failed:
        export_records(store, other_key, ExportFilter(), "csv", out / "registros.csv")
    assert failed.value.message == (
        f"Record {record_id} does not open with HR's key, so nothing was exported; run zzsign "
        "verify to see what is wrong."
    )


# -- choosing the language, and back to the default for the next hire --------------------------
def test_a_hire_switches_to_spanish_and_finish_returns_to_english(
    qtbot, spanish_offered_on_english_laptop, make_kiosk
):
    driver = KioskDriver(qtbot, make_kiosk())
    driver.click("Español")
    assert driver.is_shown("Empezar") and driver.window.windowTitle().startswith(
        "ZZ Servers — Acuerdo"
    )
    driver.click("Empezar")
    driver.click("Atrás")
    driver.window.wizard.finished.emit()  # Finish (Done or Declined page), as the idle reset does
    assert language.current_language() == "en"
    assert driver.is_shown("Start") and driver.is_shown("Español")
    assert driver.window.windowTitle() == "ZZ Servers — Employee Confidentiality Agreement"


def test_the_idle_reset_and_the_hr_lock_return_to_the_default(
    qtbot, spanish_offered_on_english_laptop, make_kiosk, hr_key
):
    driver = KioskDriver(qtbot, make_kiosk())
    driver.click("Español")
    driver.click("Empezar")
    driver.window.idle_prompt.expired.emit()
    assert language.current_language() == "en" and driver.is_shown("Start")

    driver.click("Español")
    driver.window.show_hr_workspace(hr_key)
    driver.window.lock_hr()
    assert language.current_language() == "en" and driver.is_shown("Start")


# -- completeness -------------------------------------------------------------------------------
def _messages(ts: Path) -> list[tuple[str, str, str | None]]:
    """(context, source, translation type) of every message in ``ts``."""
    root = ElementTree.parse(ts).getroot()
    return [
        (
            context.findtext("name"),
            message.findtext("source"),
            message.find("translation").get("type"),
        )
        for context in root.iter("context")
        for message in context.iter("message")
    ]


@pytest.mark.parametrize("listed", sorted(language.COMPLETE))
def test_every_string_marked_in_the_code_has_a_finished_translation_in_a_complete_language(
    tmp_path, listed
):
    """lupdate over the code, into a copy of the source of each language listed complete:
    nothing new (unfinished) and nothing the code no longer has (vanished) — the .ts in the
    repository is the code's."""
    source = SPANISH_SOURCE.parent / f"zzsign_{listed}.ts"
    copy = tmp_path / source.name
    shutil.copyfile(source, copy)
    extract([copy])
    messages = _messages(copy)
    assert len(messages) > 100
    assert [m for m in messages if m[2] is not None] == []


#: Calls whose string arguments reach the screen (labels, accessible names, messages).
SHOWN_BY = {
    "button",
    "checkbox",
    "radio",
    "heading",
    "paragraph",
    "dialog_layout",
    "dialog_buttons",
    "QLabel",
    "QPushButton",
    "QCheckBox",
    "QRadioButton",
    "QGroupBox",
    "setText",
    "setAccessibleName",
    "setAccessibleDescription",
    "setPlaceholderText",
    "setToolTip",
    "setWindowTitle",
    "setSpecialValueText",
    "addItem",
    "addItems",
    "addTab",
    "addRow",
    "show_message",
    "show_copy_result",
    "offer",
    "setStatusTip",
    "drawText",
}


def untranslated_strings(path: Path) -> list[str]:
    """Text handed to the screen in ``path`` as a bare literal or an f-string instead of
    through ``translate`` (symbols such as "×" or "—" need no translation)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = (
            node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        )
        if name not in SHOWN_BY:
            continue
        for argument in [*node.args, *(k.value for k in node.keywords)]:
            if isinstance(argument, ast.JoinedStr) or (
                isinstance(argument, ast.Constant)
                and isinstance(argument.value, str)
                and sum(c.isalpha() for c in argument.value) > 1
            ):
                found.append(f"{path.name}:{node.lineno} {ast.unparse(node)}")
    return found


def test_the_views_put_no_bare_english_on_screen():
    assert [
        line for path in sorted(VIEWS.rglob("*.py")) for line in untranslated_strings(path)
    ] == []


def test_the_check_for_bare_english_can_fail(tmp_path):
    module = tmp_path / "bad.py"
    module.write_text(
        'label.setText(f"Hello {name}")\nbutton("Start")\nheading(translate("P", '
        '"Fine"))\nQLabel("×")\n',
        encoding="utf-8",
    )
    found = untranslated_strings(module)
    assert [line.split(" ", 1)[1] for line in found] == [
        "label.setText(f'Hello {name}')",
        "button('Start')",
    ]


def test_spanish_is_complete_and_offered():
    """Every string on screen, the PDF copy's own wording and the domain's and services'
    sentences are translated: Spanish is offered to people."""
    assert "es" in language.COMPLETE
    assert language.offered_languages() == ("en", "es")
