"""The copy and the signing pages in Spanish: a copy made while the interface speaks Spanish is
worded in Spanish around the agreement, which stays the English text HR published (and says so
once); the sealed evidence is the same as an English copy's; an English copy is worded as it
always was; the signature's meaning and the domain's document sentences are shown in Spanish,
the English wording kept as what is recorded."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from pypdf import PdfReader
from support.pdf import make_record, page_texts, render

from zzsign.domain.messages import Message
from zzsign.pdf.seal import check_seal
from zzsign.views.language import shown, use_language

#: The lines every page starts with as read back: the badge, the running title, the footer's
#: record line and page number.
FURNITURE_LINES = 4
BINDING = "El acuerdo de esta copia es el texto que publicó RR. HH., sin traducir"


def flat(texts: list[str]) -> str:
    return " ".join(" ".join(texts).split())


def attachments(pdf: bytes) -> dict[str, list[bytes]]:
    return PdfReader(io.BytesIO(pdf)).attachments


def qpdf_check(pdf: bytes, tmp_path) -> None:
    if shutil.which("qpdf") is None:
        pytest.skip("qpdf is not installed (apt-get install qpdf)")
    path = tmp_path / "copy.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_spanish_copy_is_worded_in_spanish_around_the_english_agreement(
    english_and_spanish_copies, tmp_path
):
    record, english, spanish = english_and_spanish_copies
    english_pages, spanish_pages = page_texts(english), page_texts(spanish)
    words = flat(spanish_pages)
    for heading in (
        "COPIA FIRMADA",
        "Página 1 de 4",
        "Firma",
        "Firmado el 25 de noviembre de 2026, 08:06:10 (UTC-05:00)",
        "ANTES DE FIRMAR, EL FIRMANTE",
        "Certificado de finalización",
        "Consentimiento a los registros electrónicos",
        "Registro de auditoría",
        "Fecha de incorporación 1 de diciembre de 2026",
        "Para comprobar esta copia, ejecute zzsign verify",
    ):
        assert heading in words
    for english_word in ("SIGNED COPY", "Page 1 of", "Certificate of completion", "Signed on"):
        assert english_word not in words
    # The agreement's pages read exactly as in the English copy, below their own furniture.
    agreement_pages = len(english_pages) - 2  # then the signature page and the certificate
    assert agreement_pages >= 1 and len(spanish_pages) == len(english_pages)
    for english_page, spanish_page in zip(
        english_pages[:agreement_pages], spanish_pages[:agreement_pages], strict=True
    ):
        assert (
            spanish_page.splitlines()[FURNITURE_LINES:]
            == english_page.splitlines()[FURNITURE_LINES:]
        )
    # Said once: the agreement is the published text, untranslated, and binding.
    assert words.count(BINDING) == 1
    # The meaning as recorded (English), and its Spanish rendering under it.
    assert record.meaning in words
    assert "He leído y entendido el acuerdo" in words
    # The sealed evidence is the English copy's; the seal holds; qpdf finds nothing wrong.
    assert attachments(spanish) == attachments(english)
    assert check_seal(spanish).ok
    qpdf_check(spanish, tmp_path)


def test_an_english_copy_is_worded_as_before(english_and_spanish_copies, qapp):
    """Made after a Spanish one (the language switched back), an English copy has the same
    pages as before, no Spanish, and no note about which text binds; where no catalogue is
    installed (the command line) a Spanish system locale changes nothing either."""
    from PySide6.QtCore import QLocale

    record, english, _spanish = english_and_spanish_copies
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.Spanish, QLocale.Country.Spain))
    try:
        again = render(record)
    finally:
        QLocale.setDefault(before)
    assert page_texts(again) == page_texts(english)
    words = flat(page_texts(english))
    assert "Signed on 25 November 2026, 08:06:10 (UTC-05:00)" in words
    assert "Certificate of completion" in words and "Page 4 of 4" in words
    assert "Translation:" not in words and "without translation" not in words
    assert "Firma" not in words


def test_a_document_integrity_error_is_shown_in_spanish(
    qtbot, spanish_interface, settings, secrets, store
):
    """A newer agreement without the Third Party Information clause stops the store from
    opening: the command line reads English, the welcome page says it in Spanish."""
    from zzsign.domain.clock import system_clock
    from zzsign.domain.documents import Agreement
    from zzsign.services.errors import StoreUnavailableError
    from zzsign.services.store import open_store
    from zzsign.store.records import AGREEMENT, RecordRepository
    from zzsign.views.pages.welcome import WelcomePage

    no_clause = Agreement.from_text(2, "Employee Confidentiality Agreement", "# Nothing here\n")
    with store.sessions.begin() as db:
        RecordRepository(db).register_document(AGREEMENT, no_clause, system_clock())
    with pytest.raises(StoreUnavailableError) as refused:
        open_store(settings, secrets)
    assert refused.value.message == ("Agreement version 2 has no Third Party Information clause.")
    page = WelcomePage()
    qtbot.addWidget(page)
    page.set_unavailable(refused.value.message)
    assert page.problem.text() == (
        "La versión 2 del acuerdo no tiene la cláusula «Third Party Information» (información "
        "de terceros)."
    )


def test_a_text_changed_under_its_version_is_refused_in_spanish(spanish_interface, store):
    from zzsign.domain.clock import system_clock
    from zzsign.domain.documents import Agreement, DocumentIntegrityError
    from zzsign.store.records import AGREEMENT, RecordRepository

    changed = Agreement.from_text(1, "Employee Confidentiality Agreement", "Something else")
    with store.sessions.begin() as db, pytest.raises(DocumentIntegrityError) as refused:
        RecordRepository(db).register_document(AGREEMENT, changed, system_clock())
    assert (
        str(refused.value)
        == refused.value.message
        == (
            "The agreement text for version 1 differs from the one already signed under that "
            "version; publish it as a new version."
        )
    )
    assert shown(refused.value.message) == (
        "El texto del acuerdo de la versión 1 difiere del que ya se firmó con esa versión; "
        "publíquelo como una versión nueva."
    )


def test_hrs_record_check_names_an_audit_step_in_spanish(spanish_interface):
    """A format-1 record whose audit event is not in the chain: the step is named in the
    sentence's language, not by its raw value."""
    from zzsign.security.chain_check import record_problems

    problems = record_problems(
        "rec-1",
        1,
        "aa" * 32,
        [(2, "consented_to_electronic_records", "bb" * 32)],
        lambda kind, subject: "aa" * 32 if kind == "record" else None,
    )
    (problem,) = problems
    assert problem == (
        "audit event 2 (consented to electronic records) was changed or is not in the chain"
    )
    assert isinstance(problem, Message)
    spoken = shown(problem)
    assert "consentimiento a los registros electrónicos" in spoken
    assert "consented" not in spoken


def test_the_sign_page_shows_the_meaning_in_spanish_and_says_the_english_is_recorded(qtbot, qapp):
    from zzsign.views.pages.sign import SignPage

    agreement = make_record("Zoë Example", "drawn").agreement
    english = SignPage(agreement)
    qtbot.addWidget(english)
    assert english.meaning.text() == agreement.meaning and english.meaning_recorded is None
    use_language("es")
    try:
        page = SignPage(agreement)
        qtbot.addWidget(page)
    finally:
        use_language("en")
    assert page.meaning.text() == (
        "He leído y entendido el acuerdo “ZZ Servers Employee Confidentiality Agreement”, "
        "versión 1, y lo acepto."
    )
    assert page.meaning_recorded is not None
    assert page.meaning_recorded.text() == (
        f"Su registro guarda esta frase en inglés: «{agreement.meaning}»"
    )


def test_the_review_page_shows_the_meaning_in_spanish_with_the_english_recorded(
    qtbot, spanish_interface
):
    import dataclasses

    from zzsign.domain.record import SigningSession
    from zzsign.views.pages.review import ReviewPage

    record = make_record("Zoë Example", "drawn")
    session = SigningSession(agreement=record.agreement, disclosure=record.disclosure)
    session.signer = record.signer
    session.signature = dataclasses.replace(record.signature, image_png=b"")
    for entry in record.audit:
        session.mark(entry.step, entry.at)
    page = ReviewPage()
    qtbot.addWidget(page)
    page.show_session(session)
    rendering, recorded = page.values["Meaning of signature"].text().split("\n")
    assert rendering.startswith("He leído y entendido el acuerdo")
    assert recorded == f"Su registro guarda esta frase en inglés: «{record.meaning}»"


def test_a_hire_who_signs_in_spanish_leaves_with_a_spanish_copy(
    qtbot, spanish_interface, make_kiosk, store, tmp_path, monkeypatch
):
    """Signed through the kiosk in Spanish, saved to a USB drive from the Done page: the copy is
    worded in Spanish, the agreement and the recorded meaning in English, and it verifies."""
    from support.kiosk import Hire, KioskDriver

    from zzsign.services.verify_file import verify_pdf
    from zzsign.store.installations import InstallationRepository

    hire = Hire()
    driver = KioskDriver(qtbot, make_kiosk())
    driver.walk_to_review_in_spanish(hire, "Finanzas", with_employee_id=False)
    driver.click("Firmar el acuerdo")
    drive = tmp_path / "KINGSTON"
    drive.mkdir()
    monkeypatch.setenv("ZZSIGN_REMOVABLE_MEDIA", str(drive))
    driver.window.wizard.done.refresh_drives()
    driver.click("Guardar en memoria USB")
    (saved,) = drive.iterdir()
    words = flat(page_texts(saved.read_bytes()))
    assert "Certificado de finalización" in words and "COPIA FIRMADA" in words
    assert words.count(BINDING) == 1
    assert "I have read, understood and agree to the ZZ Servers" in words
    assert "Third Party Information. I recognize" in words  # the agreement, as published
    assert "Departamento Finance" in words  # the department as recorded
    with store.sessions() as db:
        known = InstallationRepository(db).public_keys()
    report = verify_pdf(saved.read_bytes(), known)
    assert report.intact, [str(p) for p in report.problems]
