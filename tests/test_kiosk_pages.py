"""Gates, validation and failures on the kiosk pages, as a hire would meet them."""

from __future__ import annotations

import dataclasses
import sqlite3

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextEdit,
)
from support.kiosk import Hire, KioskDriver
from support.store import set_up_hr

from zzsign.domain.signature import EMPTY_DRAWN_MESSAGE, TRIVIAL_DRAWN_MESSAGE
from zzsign.services.signing import SigningService
from zzsign.services.store import open_store
from zzsign.store.errors import DISK_FULL, LOCKED, READ_ONLY
from zzsign.store.records import RecordRepository
from zzsign.views.pages.agreement import AgreementPage
from zzsign.views.pages.consent import DeclinedPage
from zzsign.views.pages.details import DetailsPage
from zzsign.views.pages.done import DonePage
from zzsign.views.pages.review import ReviewPage
from zzsign.views.pages.sign import SignPage
from zzsign.views.pages.welcome import WelcomePage

CLAUSE = "I acknowledge the Third Party Information clause (section 4)"
WHOLE = "I have read the whole agreement and agree to be bound by it"


def record_count(store) -> int:
    with store.sessions() as db:
        return RecordRepository(db).count()


def everything_on_screen(window) -> str:
    """All text any widget in the window holds, visible or not."""
    parts = [w.text() for w in window.findChildren(QLabel)]
    parts += [w.text() for w in window.findChildren(QLineEdit)]
    parts += [w.toPlainText() for w in window.findChildren(QTextEdit)]
    parts += [w.currentText() for w in window.findChildren(QComboBox)]
    return "\n".join(parts)


def test_invalid_email_shows_message_beside_field_and_keeps_entries(kiosk_driver):
    kiosk_driver.click("Start")
    kiosk_driver.type_into("Full legal name", "Ольга Петрова")
    kiosk_driver.type_into("Work email", "olga.petrova@zzservers")
    kiosk_driver.type_into("Department", "Finance")
    kiosk_driver.click("Continue")
    assert isinstance(kiosk_driver.page, DetailsPage)
    message = kiosk_driver.page.errors[
        kiosk_driver.page.errors.__iter__().__next__().__class__.WORK_EMAIL
    ]
    assert message.isVisible()
    assert "complete email address" in message.text()
    assert kiosk_driver.control("Full legal name").text() == "Ольга Петрова"
    assert kiosk_driver.control("Work email").text() == "olga.petrova@zzservers"
    # Correcting the field clears its message and lets the hire continue.
    kiosk_driver.type_into("Work email", "olga.petrova@zzservers.com")
    kiosk_driver.control("Work email").textEdited.emit("olga.petrova@zzservers.com")
    assert not message.isVisible()
    kiosk_driver.click("Continue")
    assert kiosk_driver.page.title == "Signing electronically"


def test_overlong_name_gets_a_limit_message(kiosk_driver):
    kiosk_driver.click("Start")
    kiosk_driver.type_into("Full legal name", "A" * 201)
    kiosk_driver.click("Continue")
    assert isinstance(kiosk_driver.page, DetailsPage)
    assert "at most 200 characters" in everything_on_screen(kiosk_driver.window)
    assert kiosk_driver.control("Full legal name").text() == "A" * 201


def test_scroll_gate_keeps_continue_and_ticks_disabled_until_the_end(kiosk_driver):
    kiosk_driver.enter_details(Hire())
    kiosk_driver.consent()
    assert isinstance(kiosk_driver.page, AgreementPage)
    viewer = kiosk_driver.page.viewer
    assert viewer.verticalScrollBar().maximum() > 0, "the agreement should need scrolling"
    assert not kiosk_driver.is_enabled("Continue")
    assert not kiosk_driver.control(CLAUSE, QCheckBox).isEnabled()
    viewer.verticalScrollBar().setValue(viewer.verticalScrollBar().maximum() // 2)
    assert not kiosk_driver.control(CLAUSE, QCheckBox).isEnabled()
    kiosk_driver.scroll_agreement_to_end()
    assert kiosk_driver.control(CLAUSE, QCheckBox).isEnabled()
    assert "reached the end" in kiosk_driver.page.hint.text()


def test_clause_needs_its_own_acknowledgement(kiosk_driver):
    kiosk_driver.enter_details(Hire())
    kiosk_driver.consent()
    kiosk_driver.scroll_agreement_to_end()
    kiosk_driver.tick(WHOLE)
    assert not kiosk_driver.is_enabled("Continue")
    kiosk_driver.tick(CLAUSE)
    assert kiosk_driver.is_enabled("Continue")
    kiosk_driver.tick(CLAUSE)  # untick
    assert not kiosk_driver.is_enabled("Continue")


def test_clause_is_shown_word_for_word_and_set_apart(kiosk_driver):
    from zzsign.drawing.agreement_look import CLAUSE_BACKGROUND, clause_frame_background

    kiosk_driver.enter_details(Hire())
    kiosk_driver.consent()
    document = kiosk_driver.page.viewer.document()
    seed_clause = (
        kiosk_driver.window.wizard.agreement.viewer.document()
        .find("Third Party Information. I recognize")
        .block()
    )
    assert seed_clause.text() == kiosk_driver.window.wizard._service.agreement.third_party_clause
    assert clause_frame_background(document) == CLAUSE_BACKGROUND
    other = document.find("You must not disclose customers")
    assert other.currentFrame() == document.rootFrame()  # only the clause is framed


def test_empty_and_trivial_drawn_signatures_are_refused(kiosk_driver, qtbot):
    from PySide6.QtCore import QPoint, Qt

    kiosk_driver.enter_details(Hire())
    kiosk_driver.consent()
    kiosk_driver.read_and_acknowledge()
    assert isinstance(kiosk_driver.page, SignPage)
    kiosk_driver.click("Continue")
    assert isinstance(kiosk_driver.page, SignPage)
    assert kiosk_driver.page.problem.text() == EMPTY_DRAWN_MESSAGE
    qtbot.mouseClick(kiosk_driver.page.pad, Qt.MouseButton.LeftButton, pos=QPoint(100, 100))
    kiosk_driver.click("Continue")
    assert kiosk_driver.page.problem.text() == TRIVIAL_DRAWN_MESSAGE
    kiosk_driver.click("Clear")
    kiosk_driver.draw_scribble()
    kiosk_driver.click("Continue")
    assert isinstance(kiosk_driver.page, ReviewPage)


def test_typed_signature_must_be_the_legal_name(kiosk_driver):
    hire = Hire(full_name="محمد الحسيني")
    kiosk_driver.enter_details(hire)
    kiosk_driver.consent()
    kiosk_driver.read_and_acknowledge()
    kiosk_driver.sign_typed("M")
    assert isinstance(kiosk_driver.page, SignPage)
    assert "full legal name" in kiosk_driver.page.problem.text()
    kiosk_driver.sign_typed(hire.full_name)
    assert isinstance(kiosk_driver.page, ReviewPage)


def test_declining_consent_ends_politely_and_keeps_nothing(kiosk_driver, store):
    kiosk_driver.enter_details(Hire())
    kiosk_driver.click("I do not agree")
    assert isinstance(kiosk_driver.page, DeclinedPage)
    assert "paper" in everything_on_screen(kiosk_driver.window)
    kiosk_driver.click("Finish")
    assert isinstance(kiosk_driver.page, WelcomePage)
    assert Hire().full_name not in everything_on_screen(kiosk_driver.window)
    assert record_count(store) == 0


def test_finish_clears_every_trace_of_the_previous_hire(kiosk_driver, store):
    hire = Hire(full_name="王小明", work_email="xiaoming.wang@zzservers.com")
    kiosk_driver.walk_to_review(hire)
    kiosk_driver.click("Sign agreement")
    assert isinstance(kiosk_driver.page, DonePage)
    old_wizard = kiosk_driver.window.wizard
    kiosk_driver.finish()
    assert isinstance(kiosk_driver.page, WelcomePage)
    assert kiosk_driver.window.wizard is not old_wizard
    screen = everything_on_screen(kiosk_driver.window)
    for trace in (hire.full_name, hire.work_email, hire.employee_id):
        assert trace not in screen
    kiosk_driver.click("Start")
    assert kiosk_driver.control("Full legal name").text() == ""
    assert kiosk_driver.control("Work email").text() == ""
    assert record_count(store) == 1


def test_idle_minutes_reset_the_kiosk(qtbot, qapp, service):
    from zzsign.views.kiosk_window import KioskWindow

    window = KioskWindow(idle_reset_ms=300)
    qtbot.addWidget(window)
    window.set_service(service)
    window.show()
    driver = KioskDriver(qtbot, window)
    driver.click("Start")
    driver.type_into("Full legal name", "Σοφία Παπαδοπούλου")
    assert isinstance(driver.page, DetailsPage)
    qtbot.waitUntil(lambda: isinstance(driver.page, WelcomePage), timeout=3000)
    assert "Σοφία" not in everything_on_screen(window)


def test_activity_postpones_the_idle_reset(qtbot, qapp, service):
    from PySide6.QtCore import Qt

    from zzsign.views.kiosk_window import KioskWindow

    window = KioskWindow(idle_reset_ms=600)
    qtbot.addWidget(window)
    window.set_service(service)
    window.show()
    driver = KioskDriver(qtbot, window)
    driver.click("Start")
    for _ in range(4):
        qtbot.wait(300)
        qtbot.keyClick(driver.control("Full legal name"), Qt.Key.Key_A)
    assert isinstance(driver.page, DetailsPage)
    assert driver.control("Full legal name").text() == "aaaa"


def test_locked_database_keeps_entries_and_signs_on_retry(qtbot, qapp, settings, secrets):
    from zzsign.views.kiosk_window import KioskWindow

    quick = dataclasses.replace(settings, busy_timeout_ms=150)
    store = open_store(quick, secrets)
    set_up_hr(store.sessions)
    window = KioskWindow(idle_reset_ms=60_000)
    qtbot.addWidget(window)
    window.set_service(SigningService(store))
    window.show()
    driver = KioskDriver(qtbot, window)
    hire = Hire()
    driver.walk_to_review(hire)

    blocker = sqlite3.connect(settings.data_dir / "zzsign.sqlite3", isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        driver.click("Sign agreement")
        assert isinstance(driver.page, ReviewPage)
        assert driver.page.problem.isVisible()
        assert driver.page.problem.text() == LOCKED
        assert hire.full_name in everything_on_screen(window)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    driver.click("Sign agreement")
    assert isinstance(driver.page, DonePage)
    assert record_count(store) == 1
    store.close()


@pytest.mark.parametrize(
    ("pragma", "message"),
    [("max_page_count", DISK_FULL), ("query_only", READ_ONLY)],
)
def test_full_or_read_only_storage_says_so_and_writes_nothing(
    qtbot, qapp, settings, secrets, pragma, message
):
    from sqlalchemy import event
    from support.store import signed_session

    from zzsign.services.signing import SigningFailedError
    from zzsign.views.kiosk_window import KioskWindow

    store = open_store(settings, secrets)
    set_up_hr(store.sessions)
    SigningService(store).sign(signed_session(SigningService(store), "First Hire"), screen="x")

    @event.listens_for(store.engine, "connect")
    def _fault(dbapi_connection, _record):
        if pragma == "max_page_count":
            pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
            dbapi_connection.execute(f"PRAGMA max_page_count={pages}")
        else:
            dbapi_connection.execute("PRAGMA query_only=ON")

    store.engine.dispose()  # new connections get the fault
    # A record is small (about 1 KB): while the pages already there have room, it is signed;
    # the first that needs a new page is refused, and that is the hire's at the kiosk below.
    stored = 1
    while stored < 20:
        try:
            SigningService(store).sign(
                signed_session(SigningService(store), "Next Hire"), screen="x"
            )
        except SigningFailedError:
            break
        stored += 1
    window = KioskWindow(idle_reset_ms=60_000)
    qtbot.addWidget(window)
    window.set_service(SigningService(store))
    window.show()
    driver = KioskDriver(qtbot, window)
    driver.walk_to_review(Hire())
    driver.click("Sign agreement")
    assert isinstance(driver.page, ReviewPage)
    assert driver.page.problem.text() == message
    event.remove(store.engine, "connect", _fault)
    store.engine.dispose()
    assert record_count(store) == stored < 20
    driver.click("Sign agreement")
    assert isinstance(driver.page, DonePage)
    store.close()


def test_store_that_cannot_open_says_so_on_the_welcome_page(qtbot, qapp, tmp_path):
    from zzsign.app import connect_store
    from zzsign.config import Settings
    from zzsign.views.kiosk_window import KioskWindow

    data = tmp_path / "data"
    data.mkdir()
    (data / "zzsign.sqlite3").write_bytes(b"this is not a database" * 100)
    window = KioskWindow(idle_reset_ms=60_000)
    qtbot.addWidget(window)
    window.show()
    connect_store(window, Settings.resolve(data_dir=str(data), environ={}))
    welcome = window.wizard.welcome
    assert not welcome.start.isEnabled()
    assert "damaged" in welcome.problem.text()
    assert "Traceback" not in welcome.problem.text()
    # The damaged file is left exactly as it was, for IT to restore from backup.
    assert (data / "zzsign.sqlite3").read_bytes() == b"this is not a database" * 100


def test_every_control_is_named_as_it_is_labelled(kiosk):
    wizard = kiosk.wizard
    missing = []
    for page_index in range(wizard.pages.count()):
        page = wizard.pages.widget(page_index)
        for widget in page.findChildren(QAbstractButton):
            if widget.text() and widget.accessibleName() != widget.text().replace("&", ""):
                missing.append(widget.text())
        labels = {label.text() for label in page.findChildren(QLabel)}
        for kind in (QLineEdit, QComboBox, QDateEdit):
            for widget in page.findChildren(kind):
                if isinstance(widget.parent(), QComboBox | QDateEdit):
                    continue  # the editor inside a combo box or date field
                if widget.accessibleName() not in labels:
                    missing.append(f"{kind.__name__} named {widget.accessibleName()!r}")
    assert missing == []


def test_data_folder_that_cannot_be_created_says_so(qtbot, qapp, tmp_path):
    from zzsign.app import connect_store
    from zzsign.config import Settings
    from zzsign.store.errors import READ_ONLY
    from zzsign.views.kiosk_window import KioskWindow

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    window = KioskWindow(idle_reset_ms=60_000)
    qtbot.addWidget(window)
    connect_store(window, Settings.resolve(data_dir=str(blocker / "data"), environ={}))
    assert window.wizard.welcome.problem.text() == READ_ONLY
    assert not window.wizard.welcome.start.isEnabled()


def test_kiosk_opens_the_store_once_the_window_is_on_screen(qtbot, qapp, settings, secrets):
    from zzsign.app import start_kiosk

    window = start_kiosk(settings, [], secrets=secrets)
    qtbot.addWidget(window)
    welcome = window.wizard.welcome
    assert welcome.status.isVisible()  # on screen before the store is open
    # A brand-new laptop: the store opens, and HR must set a password before anyone signs. A
    # hire is told so in their own words: no set-up button, no command.
    qtbot.waitUntil(welcome.problem.isVisible, timeout=10_000)
    assert not welcome.start.isEnabled()
    assert welcome.problem.text() == "This laptop is not ready yet; please ask HR."
    assert {b.text() for b in welcome.findChildren(QPushButton) if b.isVisible()} == {
        "HR…",
        "Start",
        "Español",  # the switch to the other language offered
    }
    assert (settings.data_dir / "zzsign.sqlite3").exists()


def test_hr_sets_the_password_on_first_use_then_signing_can_start(qtbot, qapp, settings, secrets):
    from zzsign.app import connect_store
    from zzsign.views.kiosk_window import KioskWindow

    window = KioskWindow(idle_reset_ms=60_000)
    qtbot.addWidget(window)
    window.show()
    connect_store(window, settings, secrets)
    driver = KioskDriver(qtbot, window)
    dialog = window.open_hr_setup()
    dialog.password.setText("short")
    dialog.repeat.setText("short")
    dialog.confirm.click()
    assert "at least 12 characters" in dialog.problem.text()
    dialog.password.setText("a long enough HR password")
    dialog.repeat.setText("a long enough HR passwrod")
    dialog.confirm.click()
    assert "different" in dialog.problem.text()
    dialog.repeat.setText("a long enough HR password")
    dialog.confirm.click()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert driver.is_enabled("Start")
    assert not window.wizard.welcome.problem.isVisible()
