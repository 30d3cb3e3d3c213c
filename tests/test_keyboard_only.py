"""The whole signing flow with the keyboard alone (the typed signature is the keyboard path)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from zzsign.services.records import open_record
from zzsign.store.records import RecordRepository
from zzsign.views.pages.done import DonePage
from zzsign.views.pages.welcome import WelcomePage


class Keyboard:
    """Keys only: Tab to move, Space to press, letters to type."""

    def __init__(self, qtbot, window) -> None:
        self.qtbot = qtbot
        self.window = window

    @property
    def focus(self):
        return QApplication.focusWidget()

    def key(self, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        self.qtbot.keyClick(self.focus, key, modifier)

    def type(self, text: str) -> None:
        self.qtbot.keyClicks(self.focus, text)

    def tab_to(self, name: str) -> None:
        """Press Tab until the control called ``name`` has focus."""
        for _ in range(40):
            if self.focus is not None and self.focus.accessibleName() == name:
                return
            self.key(Qt.Key.Key_Tab)
        raise AssertionError(f"Tab never reached {name!r}")

    def press(self, name: str) -> None:
        self.tab_to(name)
        self.key(Qt.Key.Key_Space)

    def fill(self, name: str, text: str) -> None:
        self.tab_to(name)
        self.type(text)


def test_sign_with_keyboard_only(qtbot, kiosk, store, hr_key):
    kiosk.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    keys = Keyboard(qtbot, kiosk)
    keys.press("Start")
    keys.fill("Full legal name", "Jean-Luc O'Neill")
    keys.fill("Work email", "jl.oneill@zzservers.com")
    keys.fill("Department", "Security and Compliance")
    keys.press("Continue")

    keys.press("I agree to receive and sign this agreement electronically")
    keys.press("Continue")

    keys.tab_to("Employee Confidentiality Agreement, version 1")
    for _ in range(30):  # read page by page
        if kiosk.wizard.agreement.has_reached_end:
            break
        keys.key(Qt.Key.Key_PageDown)
    assert kiosk.wizard.agreement.has_reached_end
    keys.press("I acknowledge the Third Party Information clause (section 4)")
    keys.press("I have read the whole agreement and agree to be bound by it")
    keys.press("Continue")

    keys.tab_to("Draw my signature")
    keys.key(Qt.Key.Key_Right)  # arrow keys move between the two ways to sign
    keys.fill("Type your full legal name", "Jean-Luc O'Neill")
    keys.key(Qt.Key.Key_Return)

    keys.press("Sign agreement")
    assert isinstance(kiosk.wizard.current_page(), DonePage)
    keys.press("Finish")
    keys.press("Leave without a copy")  # asked once: no copy was taken
    assert isinstance(kiosk.wizard.current_page(), WelcomePage)

    with store.sessions() as db:
        records = RecordRepository(db)
        (record_id,) = records.ids()
        record = open_record(db, record_id, hr_key)
    assert record.signer.full_name == "Jean-Luc O'Neill"
    assert record.signer.department == "Security and Compliance"
    assert record.signature.kind == "typed"
