"""Issue 10, points 5–7 and 11: dialogs and the keyboard, the scroll gate, the clause's section,
and the small things a hire notices (typed-signature message, Enter in Department, focus marks,
the Review and Declined pages)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QWheelEvent, QWindow
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from support.kiosk import Hire, KioskDriver, open_kiosk
from support.store import HR_PASSWORD, signed_session

from zzsign.domain.documents import Agreement, Section, last_heading, section_of
from zzsign.domain.record import Step
from zzsign.domain.signer import Field
from zzsign.services.agreements import prepare_publication, publish
from zzsign.services.hr import HrAccess
from zzsign.services.records import open_record
from zzsign.services.signing import SigningService
from zzsign.services.store import open_store, shipped_documents
from zzsign.store.records import RecordRepository
from zzsign.views.hr.unlock import HrUnlockDialog
from zzsign.views.hr.void_dialog import VoidDialog
from zzsign.views.hr_setup import HrSetupDialog
from zzsign.views.kiosk_window import KioskWindow
from zzsign.views.pages.agreement import AgreementPage, clause_label
from zzsign.views.pages.consent import ConsentPage, DeclinedPage
from zzsign.views.pages.details import DetailsPage
from zzsign.views.pages.done import DonePage
from zzsign.views.pages.review import ReviewPage
from zzsign.views.pages.sign import SignPage
from zzsign.views.pages.welcome import WelcomePage
from zzsign.views.widgets import button, dialog_buttons, keyboard_rest

SHIPPED, _ = shipped_documents()
CLAUSE = SHIPPED.third_party_clause
SECTION_4 = "I acknowledge the Third Party Information clause (section 4)"
WHOLE = "I have read the whole agreement and agree to be bound by it"


# -- helpers --------------------------------------------------------------------------------------
class WindowKeyboard:
    """Keys as the window system delivers them: to the active window, wherever focus is there.

    A window blocked by a modal dialog gets none, as on a real desktop; so a key can only reach
    the page behind a dialog if the dialog has closed.
    """

    def __init__(self, fallback: QWindow) -> None:
        self.fallback = fallback

    @property
    def window(self) -> QWindow:
        return QGuiApplication.focusWindow() or self.fallback

    def press(self, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
        QTest.keyClick(self.window, key, modifiers)

    def type(self, text: str) -> None:
        """Lower-case letters, digits and spaces, one key each, as fast as events go."""
        for char in text:
            assert char.islower() or char.isdigit() or char == " ", char
            QTest.keyClick(self.window, Qt.Key(ord(char.upper())))


def hire_edits(window: KioskWindow) -> list[str]:
    """Every text that any of the hire's fields will hold from now on (a list that grows).

    Blanking a field (as the wizard does when it is discarded) is not counted.
    """
    seen: list[str] = []
    for editor in window.wizard.findChildren(QLineEdit):
        name = editor.accessibleName()
        editor.textChanged.connect(
            lambda text, name=name: text and seen.append(f"{name}: {text!r}")
        )
    return seen


def keyboard_rests(qtbot, window: QWidget) -> None:
    """Wait until the window takes keys again after a dialog closed by a key."""
    qtbot.waitUntil(lambda: not keyboard_rest().active, timeout=5_000)


def open_dialog_by_keys(keys: WindowKeyboard, kind: type[QDialog]) -> QDialog:
    keys.press(
        Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, kind), dialog
    return dialog


def outcomes(dialog: QDialog) -> list[int]:
    """How ``dialog`` closed, once it has (it may be deleted right after)."""
    closed: list[int] = []
    dialog.finished.connect(closed.append)
    return closed


def texts_on(widget: QWidget) -> str:
    return "\n".join(label.text() for label in widget.findChildren(QLabel))


# -- 5. dialogs and the keyboard ------------------------------------------------------------------
def test_enter_in_any_dialog_runs_its_action_never_cancel(qtbot, qapp):
    dialog = QDialog()
    qtbot.addWidget(dialog)
    layout = QVBoxLayout(dialog)
    field = QLineEdit()
    layout.addWidget(field)
    row, confirm, _cancel = dialog_buttons(dialog, "Do it")
    layout.addLayout(row)
    layout.addWidget(button("Another button"))  # an ordinary button is no default either
    runs: list[str] = []
    confirm.clicked.connect(lambda: runs.append("action"))
    dialog.rejected.connect(lambda: runs.append("cancelled"))
    dialog.show()
    qtbot.waitExposed(dialog)
    cancel = next(b for b in dialog.findChildren(type(confirm)) if b.text() == "Cancel")
    for focus in (field, cancel):
        focus.setFocus()
        qtbot.keyClick(focus, Qt.Key.Key_Return)
    assert runs == ["action", "action"]
    assert dialog.isVisible()


@pytest.mark.parametrize(
    "close", ["enter-in-field", "enter-on-button", "space-on-button", "escape", "click"]
)
def test_typing_that_closes_a_dialog_does_not_spill_into_the_window_behind(qtbot, qapp, close):
    behind = QWidget()
    qtbot.addWidget(behind)
    page_field = QLineEdit(behind)
    behind.show()
    qtbot.waitExposed(behind)
    dialog = QDialog(behind)
    layout = QVBoxLayout(dialog)
    field = QLineEdit()
    layout.addWidget(field)
    row, confirm, _cancel = dialog_buttons(dialog, "Do it")
    confirm.clicked.connect(dialog.accept)
    layout.addLayout(row)
    dialog.setModal(True)
    dialog.show()
    qtbot.waitExposed(dialog)
    page_field.setFocus()  # where the keys go once the dialog has gone
    if close == "click":
        qtbot.mouseClick(confirm, Qt.MouseButton.LeftButton)
    else:
        target = field if close in ("enter-in-field", "escape") else confirm
        key = {"space-on-button": Qt.Key.Key_Space, "escape": Qt.Key.Key_Escape}.get(
            close, Qt.Key.Key_Return
        )
        target.setFocus()
        qtbot.keyClick(target, key)
    assert not dialog.isVisible()
    behind.activateWindow()
    page_field.setFocus()
    qtbot.keyClicks(page_field, "typed on")
    if close == "click":  # a click is not typing: the page takes keys at once
        assert page_field.text() == "typed on"
        return
    assert page_field.text() == ""
    keyboard_rests(qtbot, behind)
    qtbot.keyClicks(page_field, "later")
    assert page_field.text() == "later"


def test_hr_password_dialog_enter_unlocks_a_wrong_one_keeps_it_open_and_nothing_leaks(
    qtbot, store, service
):
    window = open_kiosk(qtbot, service, store)
    KioskDriver(qtbot, window).click("Start")
    assert isinstance(window.wizard.current_page(), DetailsPage)
    leaked = hire_edits(window)
    keys = WindowKeyboard(window.windowHandle())
    dialog = open_dialog_by_keys(keys, HrUnlockDialog)
    closed = outcomes(dialog)
    tries: list[str] = []
    unlock = dialog._hr.unlock
    dialog._hr.unlock = lambda password: tries.append(password) or unlock(password)

    keys.type("not the password")
    keys.press(Qt.Key.Key_Return)
    assert dialog.isVisible() and QApplication.activeModalWidget() is dialog
    assert tries == ["not the password"]  # Enter ran Unlock, once
    assert "password" in dialog.problem.text() and dialog.problem.isVisible()
    assert dialog.password.text() == "" and dialog.password.hasFocus()

    QTest.keyClick(window.windowHandle(), Qt.Key.Key_X)  # the kiosk behind is blocked (modal)
    assert leaked == [] and dialog.password.text() == ""
    keys.type("still typing")  # the retyped password stays in the dialog
    assert dialog.password.text() == "still typing"
    for _ in "still typing":
        keys.press(Qt.Key.Key_Backspace)
    keys.type(HR_PASSWORD)
    keys.press(Qt.Key.Key_Return)
    keys.type("and some more keys")  # typed quickly, after Enter closed the dialog
    assert closed == [QDialog.DialogCode.Accepted] and window.workspace is not None
    assert tries == ["not the password", HR_PASSWORD]
    assert leaked == []


def test_hr_setup_dialog_enter_sets_the_password_and_each_error_keeps_it_open(
    qtbot, qapp, settings, secrets
):
    store = open_store(settings, secrets)  # a new laptop: HR has no password yet
    try:
        window = open_kiosk(qtbot, SigningService(store), store)
        leaked = hire_edits(window)
        keys = WindowKeyboard(window.windowHandle())
        dialog = open_dialog_by_keys(keys, HrSetupDialog)
        closed = outcomes(dialog)
        assert dialog.password.hasFocus()

        keys.type("short")
        keys.press(Qt.Key.Key_Return)  # the repeat is still empty: the cursor goes there
        assert dialog.isVisible() and dialog.repeat.hasFocus()
        assert "Repeat the HR password" in dialog.problem.text()
        keys.type("short")
        keys.press(Qt.Key.Key_Return)  # refused by the service: both typed afresh
        assert dialog.isVisible() and "at least 12 characters" in dialog.problem.text()
        assert dialog.password.text() == dialog.repeat.text() == ""
        assert dialog.password.hasFocus()

        keys.type("a long enough password")
        keys.press(Qt.Key.Key_Tab)
        keys.type("a long enough passwort")
        keys.press(Qt.Key.Key_Return)  # different: the repeat is typed again
        assert dialog.isVisible() and "different" in dialog.problem.text()
        assert dialog.password.text() == "a long enough password"
        assert dialog.repeat.text() == "" and dialog.repeat.hasFocus()

        keys.type("a long enough password")
        keys.press(Qt.Key.Key_Return)
        keys.type("more keys")  # typed quickly, after Enter closed the dialog: dropped
        keys.press(Qt.Key.Key_Space)  # (not pressing Start either)
        assert closed == [QDialog.DialogCode.Accepted]
        assert HrAccess(store.sessions).is_set_up()
        assert isinstance(window.wizard.current_page(), WelcomePage)
        assert window.wizard.welcome.start.isEnabled()
        assert leaked == []

        keyboard_rests(qtbot, window)  # then the kiosk is a kiosk again
        KioskDriver(qtbot, window).click("Start")
        keys.type("zoe")
        assert window.wizard.details.full_name.text() == "zoe"
    finally:
        store.close()


def test_void_dialog_enter_voids_and_a_bad_reason_keeps_it_open_selected(qtbot, store, service):
    record_id = service.sign(signed_session(service), screen="x").record_id
    window = open_kiosk(qtbot, service, store)
    workspace = window.show_hr_workspace(HrAccess(store.sessions).unlock(HR_PASSWORD))
    qtbot.waitUntil(lambda: not workspace.is_loading, timeout=10_000)
    dialog = workspace.open_void_dialog(record_id)
    assert isinstance(dialog, VoidDialog)
    closed = outcomes(dialog)
    qtbot.waitUntil(dialog.reason.hasFocus, timeout=2_000)
    keys = WindowKeyboard(window.windowHandle())

    keys.type("no")
    keys.press(Qt.Key.Key_Return)
    assert dialog.isVisible() and "at least 3 characters" in dialog.problem.text()
    assert dialog.reason.hasFocus() and dialog.reason.selectedText() == "no"
    keys.type("signed twice by mistake")  # replaces the selected reason
    keys.press(Qt.Key.Key_Return)
    assert closed == [QDialog.DialogCode.Accepted]
    with store.sessions() as db:
        assert RecordRepository(db).void_of(record_id).reason == "signed twice by mistake"


def test_export_dialog_enter_on_a_choice_exports(qtbot, store, hr_key):
    from zzsign.views.hr.export_dialog import ExportDialog
    from zzsign.views.hr.record_table_model import RecordFilter

    asked: list[str] = []
    dialog = ExportDialog(
        store,
        hr_key,
        RecordFilter(),
        choose_path=lambda _parent, caption, *_rest: asked.append(caption),
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    choice = dialog.formats.button(0)
    choice.setFocus()
    qtbot.keyClick(choice, Qt.Key.Key_Return)
    assert len(asked) == 1  # Export ran (and asked where to save), Cancel did not
    assert dialog.isVisible()


# -- 6. the scroll gate ---------------------------------------------------------------------------
def wheel_to_the_end(qtbot, page: AgreementPage) -> None:
    viewport = page.viewer.viewport()
    for _ in range(200):
        QApplication.sendEvent(
            viewport,
            QWheelEvent(
                QPointF(50, 50),
                QPointF(viewport.mapToGlobal(QPoint(50, 50))),
                QPoint(0, 0),
                QPoint(0, -120),
                Qt.MouseButton.NoButton,
                Qt.KeyboardModifier.NoModifier,
                Qt.ScrollPhase.NoScrollPhase,
                False,
            ),
        )


def keys_until_the_end(key: Qt.Key) -> Callable:
    def press(qtbot, page: AgreementPage) -> None:
        for _ in range(400):
            if page.has_reached_end:
                return
            qtbot.keyClick(page.viewer, key)

    return press


def drag_the_scroll_bar(qtbot, page: AgreementPage) -> None:
    bar = page.viewer.verticalScrollBar()
    bar.setSliderDown(True)
    for position in range(0, bar.maximum() + 1, 40):
        bar.setSliderPosition(position)
    bar.setSliderPosition(bar.maximum())
    bar.setSliderDown(False)


def set_value_to_maximum(qtbot, page: AgreementPage) -> None:  # what a screen reader does
    bar = page.viewer.verticalScrollBar()
    bar.setValue(bar.maximum())


WAYS_TO_THE_END = {
    "ctrl-end": lambda qtbot, page: qtbot.keyClick(
        page.viewer, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier
    ),
    "end": lambda qtbot, page: qtbot.keyClick(page.viewer, Qt.Key.Key_End),
    "page-down": keys_until_the_end(Qt.Key.Key_PageDown),
    "space": keys_until_the_end(Qt.Key.Key_Space),
    "arrow-down": keys_until_the_end(Qt.Key.Key_Down),
    "wheel": wheel_to_the_end,
    "scroll-bar-drag": drag_the_scroll_bar,
    "set-value": set_value_to_maximum,
}


@pytest.mark.parametrize("way", WAYS_TO_THE_END.values(), ids=WAYS_TO_THE_END.keys())
def test_reaching_the_end_by_any_means_unlocks_the_acknowledgements(kiosk_driver, qtbot, way):
    kiosk_driver.enter_details(Hire())
    kiosk_driver.consent()
    page = kiosk_driver.page
    assert isinstance(page, AgreementPage) and page.viewer.hasFocus()
    document = page.viewer.document()
    last_line = document.documentLayout().blockBoundingRect(document.lastBlock())
    bar = page.viewer.verticalScrollBar()
    # The last line not quite on screen yet: still locked.
    bar.setValue(int(last_line.bottom()) - page.viewer.viewport().height() - 12)
    assert 0 < bar.value() < bar.maximum()
    assert not page.has_reached_end and not kiosk_driver.control(SECTION_4, QCheckBox).isEnabled()
    bar.setValue(0)

    way(qtbot, page)
    assert page.has_reached_end
    assert kiosk_driver.control(SECTION_4, QCheckBox).isEnabled()
    assert kiosk_driver.control(WHOLE, QCheckBox).isEnabled()
    assert page.hint.text() == "You have reached the end of the agreement."
    assert kiosk_driver.window.wizard.session.has(Step.REACHED_END)


def test_an_agreement_that_fits_on_screen_is_unlocked_at_once(qtbot, qapp):
    short = Agreement.from_text(
        2, "Short agreement", f"# Short agreement\n\n## 1. Third parties\n\n{CLAUSE}\n"
    )
    page = AgreementPage(short)
    qtbot.addWidget(page)
    page.resize(1100, 900)
    page.show()
    qtbot.waitExposed(page)
    page.on_enter()
    assert page.viewer.verticalScrollBar().maximum() == 0
    assert page.has_reached_end and page.acknowledge_clause.isEnabled()


def test_a_window_made_tall_enough_unlocks_the_gate(qtbot, qapp):
    page = AgreementPage(SHIPPED)
    qtbot.addWidget(page)
    page.resize(1100, 600)
    page.show()
    qtbot.waitExposed(page)
    page.on_enter()
    assert not page.has_reached_end
    page.resize(1100, 4000)  # the whole text now fits: the scroll bar's range shrinks to 0
    qtbot.waitUntil(lambda: page.has_reached_end, timeout=2_000)


# -- 7. the clause's section ----------------------------------------------------------------------
def test_the_shipped_version_names_section_4():
    assert SHIPPED.third_party_clause_section == Section("4", "Third Party Information")
    assert clause_label(SHIPPED.third_party_clause_section) == SECTION_4


MOVED = f"""# Employee Confidentiality Agreement

## 1. Scope

Some words, and a list:

- one
- two

## 7. Duties towards others

```
## 9. Not a heading (code)
```

{CLAUSE}

## 8. Afterwards

More words.
"""


@pytest.mark.parametrize(
    ("markdown", "section", "label"),
    [
        (
            MOVED,
            Section("7", "Duties towards others"),
            "I acknowledge the Third Party Information clause (section 7)",
        ),
        (
            "Agreement\n=========\n\nIntro.\n\n"
            f"Section 12: Others\n------------------\n\n{CLAUSE}\n",
            Section("12", "Others"),
            "I acknowledge the Third Party Information clause (section 12)",
        ),
        (
            f"# Agreement\n\n### Article IV — Outsiders\n\n{CLAUSE}\n",
            Section("IV", "Outsiders"),
            "I acknowledge the Third Party Information clause (section IV)",
        ),
        (
            f"# Agreement\n\n## 2.3. **Third** parties\n\n{CLAUSE}\n",
            Section("2.3", "Third parties"),
            "I acknowledge the Third Party Information clause (section 2.3)",
        ),
        (
            f"# Agreement\n\n## Duties to third parties\n\n{CLAUSE}\n",
            Section(None, "Duties to third parties"),
            "I acknowledge the Third Party Information clause (in the section "
            "“Duties to third parties”)",
        ),
        (
            f"# Agreement\n\n## Third Party Information\n\n{CLAUSE}\n",
            Section(None, "Third Party Information"),
            "I acknowledge the Third Party Information clause",
        ),
        (
            f"{CLAUSE}\n\n## 2. Later\n\nText.\n",
            None,
            "I acknowledge the Third Party Information clause",
        ),
    ],
    ids=[
        "moved-to-7",
        "setext-section-12",
        "article-iv",
        "bold-2.3",
        "unnumbered",
        "titled-as-clause",
        "no-heading-above",
    ],
)
def test_a_published_version_names_the_section_it_puts_the_clause_in(markdown, section, label):
    agreement = Agreement.from_text(2, "Employee Confidentiality Agreement", markdown)
    assert agreement.third_party_clause_section == section
    assert clause_label(agreement.third_party_clause_section) == label


def test_headings_are_read_as_a_markdown_reader_would():
    assert last_heading("Text\n\n- item\n---\n") is None  # a rule under a list, no heading
    assert last_heading("    # indented code\n") is None
    assert last_heading("## 5\\. Escaped \\#hash ##\n") == "5. Escaped #hash"
    assert section_of("2024 changes") == Section("2024", "changes")
    assert section_of("Civil matters.") == Section(None, "Civil matters.")


def test_the_kiosk_names_the_section_of_a_published_html_version(qtbot, qapp, store):
    html = (
        f"<h1>Employee Confidentiality Agreement</h1><p>Version 2.</p>"
        f"<h2>6. Information from third parties</h2><p>{CLAUSE}</p>"
        f"<h2>7. The rest</h2><p>Words.</p>"
    ).encode()
    publish(store.sessions, prepare_publication(html, "v2.html"), 2)
    service = SigningService(store)
    assert service.refresh_agreement().version == 2  # the kiosk takes it up between hires
    window = KioskWindow(idle_reset_ms=60_000)
    qtbot.addWidget(window)
    window.set_service(service)
    window.show()
    qtbot.waitExposed(window)
    driver = KioskDriver(qtbot, window)
    driver.enter_details(Hire())
    driver.consent()
    driver.scroll_agreement_to_end()
    label = "I acknowledge the Third Party Information clause (section 6)"
    box = driver.control(label, QCheckBox)
    assert box.text() == label
    driver.tick(label)
    driver.tick(WHOLE)
    assert driver.is_enabled("Continue")


# -- 11. the typed signature's message ------------------------------------------------------------
def test_a_mismatched_typed_name_says_what_to_type_and_the_message_goes_once_it_matches(
    kiosk_driver,
):
    hire = Hire(full_name="Zoë Núñez")
    kiosk_driver.enter_details(hire)
    kiosk_driver.consent()
    kiosk_driver.read_and_acknowledge()
    kiosk_driver.sign_typed("Zoe Nunez")
    page = kiosk_driver.page
    assert isinstance(page, SignPage)
    assert page.problem.isVisible()
    assert page.problem.text() == (
        'Type your full legal name exactly as you entered it on the details page: "Zoë Núñez".'
    )
    typed = kiosk_driver.control("Type your full legal name", QLineEdit)
    typed.setText("Zoë Núñe")  # still not the name: the message stays
    assert page.problem.isVisible()
    typed.insert("z")  # now it is
    assert not page.problem.isVisible() and page.problem.text() == ""
    kiosk_driver.click("Continue")
    assert isinstance(kiosk_driver.page, ReviewPage)


# -- 11. Enter in Department ----------------------------------------------------------------------
def test_enter_in_department_moves_on_like_the_other_fields(kiosk_driver, qtbot):
    kiosk_driver.click("Start")
    kiosk_driver.type_into("Full legal name", "Jean-Luc O'Neill")
    kiosk_driver.type_into("Department", "Finance")
    department = kiosk_driver.page.department.lineEdit()
    qtbot.keyClick(department, Qt.Key.Key_Return)
    page = kiosk_driver.page
    assert isinstance(page, DetailsPage)  # the work email is missing: it says so, and goes there
    assert page.work_email.hasFocus() and page.errors[Field.WORK_EMAIL].isVisible()
    kiosk_driver.type_into("Work email", "jl.oneill@zzservers.com")
    department.setFocus()
    qtbot.keyClick(department, Qt.Key.Key_Return)
    assert isinstance(kiosk_driver.page, ConsentPage)


# -- 11. focus marks ------------------------------------------------------------------------------
def is_dark(colour: QColor) -> bool:
    return colour.lightness() < 60


def test_a_focused_primary_button_has_a_dark_ring_and_a_white_gap(kiosk_driver):
    start = kiosk_driver.window.wizard.welcome.start
    start.setFocus()
    QApplication.processEvents()
    image = start.grab().toImage()
    middle = image.height() // 2
    ring, gap, body = (image.pixelColor(x, middle) for x in (1, 4, 8))
    assert is_dark(ring) and gap.lightness() > 240 and body == QColor("#1f5fbf")
    kiosk_driver.window.wizard.welcome.setFocus()  # unfocused: no ring
    QApplication.processEvents()
    assert not is_dark(start.grab().toImage().pixelColor(1, middle))


def test_a_focused_checkbox_has_a_dark_ring_around_it(kiosk_driver):
    kiosk_driver.enter_details(Hire())
    box = kiosk_driver.control(
        "I agree to receive and sign this agreement electronically", QCheckBox
    )
    box.setFocus()
    QApplication.processEvents()
    image = box.grab().toImage()
    assert is_dark(image.pixelColor(image.width() // 2, 1))  # top edge
    assert is_dark(image.pixelColor(1, image.height() // 2))  # left edge
    kiosk_driver.page.back.setFocus()
    QApplication.processEvents()
    assert not is_dark(box.grab().toImage().pixelColor(image.width() // 2, 1))


# -- 11. the Review page --------------------------------------------------------------------------
def test_review_shows_no_fingerprint_but_the_agreement_title_and_version(kiosk_driver):
    kiosk_driver.walk_to_review(Hire())
    shown = texts_on(kiosk_driver.page)
    assert "SHA-256" not in shown and "fingerprint" not in shown.casefold()
    assert SHIPPED.sha256 not in shown
    assert "Employee Confidentiality Agreement, version 1" in shown


def test_change_details_from_review_keeps_entries_and_the_typed_signature_is_checked_again(
    kiosk_driver, store, hr_key
):
    hire = Hire(full_name="Zoë Núñez", department="Engineering")
    kiosk_driver.walk_to_review(hire)
    kiosk_driver.click("Change details")
    assert isinstance(kiosk_driver.page, DetailsPage)
    assert kiosk_driver.control("Full legal name").text() == "Zoë Núñez"
    assert kiosk_driver.control("Work email").text() == hire.work_email
    kiosk_driver.type_into("Full legal name", "Zoë Núñez-Ortega")
    kiosk_driver.type_into("Department", "Finance")
    kiosk_driver.click("Continue")
    # The typed signature is no longer the legal name: the sign page says what to type now.
    page = kiosk_driver.page
    assert isinstance(page, SignPage)
    assert '"Zoë Núñez-Ortega"' in page.problem.text()
    assert kiosk_driver.window.wizard.session.signature is None
    kiosk_driver.type_into("Type your full legal name", "Zoë Núñez-Ortega")
    kiosk_driver.click("Continue")
    assert isinstance(kiosk_driver.page, ReviewPage)
    shown = texts_on(kiosk_driver.page)
    assert "Zoë Núñez-Ortega" in shown and "Finance" in shown and "Engineering" not in shown
    kiosk_driver.click("Sign agreement")
    with store.sessions() as db:
        (record_id,) = RecordRepository(db).ids()
        record = open_record(db, record_id, hr_key)
    assert record.signer.full_name == "Zoë Núñez-Ortega"
    assert record.signer.department == "Finance"
    assert record.signature.evidence()["text"] == "Zoë Núñez-Ortega"


def test_change_details_with_a_drawn_signature_returns_straight_to_review(kiosk_driver):
    kiosk_driver.enter_details(Hire())
    kiosk_driver.consent()
    kiosk_driver.read_and_acknowledge()
    kiosk_driver.draw_scribble()
    kiosk_driver.click("Continue")
    assert isinstance(kiosk_driver.page, ReviewPage)
    kiosk_driver.click("Change details")
    kiosk_driver.type_into("Department", "Legal")
    kiosk_driver.click("Continue")
    assert isinstance(kiosk_driver.page, ReviewPage)
    assert kiosk_driver.page.values["Department"].text() == "Legal"
    assert kiosk_driver.page.signature_kind.text() == "Drawn signature"


def test_back_while_changing_details_returns_to_review_unchanged(kiosk_driver):
    hire = Hire()
    kiosk_driver.walk_to_review(hire)
    kiosk_driver.click("Change details")
    kiosk_driver.type_into("Department", "Legal")
    kiosk_driver.click("Back")
    assert isinstance(kiosk_driver.page, ReviewPage)
    assert kiosk_driver.page.values["Department"].text() == hire.department
    kiosk_driver.click("Sign agreement")
    assert isinstance(kiosk_driver.page, DonePage)


def test_change_signature_from_review_and_back(kiosk_driver):
    hire = Hire()
    kiosk_driver.walk_to_review(hire)
    kiosk_driver.click("Change signature")
    assert isinstance(kiosk_driver.page, SignPage)
    assert kiosk_driver.control("Type your full legal name").text() == hire.full_name
    kiosk_driver.tick("Draw my signature")
    kiosk_driver.draw_scribble()
    kiosk_driver.click("Continue")
    assert isinstance(kiosk_driver.page, ReviewPage)
    assert kiosk_driver.page.signature_kind.text() == "Drawn signature"


# -- 11. the Declined page ------------------------------------------------------------------------
def test_declined_by_mistake_goes_back_with_everything_still_there(kiosk_driver):
    hire = Hire()
    kiosk_driver.enter_details(hire)
    kiosk_driver.click("I do not agree")
    assert isinstance(kiosk_driver.page, DeclinedPage)
    assert kiosk_driver.is_enabled("Finish")
    kiosk_driver.click("Go back")
    assert isinstance(kiosk_driver.page, ConsentPage)
    kiosk_driver.consent()
    assert isinstance(kiosk_driver.page, AgreementPage)
    kiosk_driver.click("Back")
    kiosk_driver.click("Back")
    assert kiosk_driver.control("Full legal name").text() == hire.full_name
    assert kiosk_driver.control("Work email").text() == hire.work_email
