"""A person at the kiosk: find controls by accessible name, type, click; the kiosk window opened
over a test store."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLineEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from support.store import CHEAP_WRAPPING
from zzsign.views.kiosk_window import KioskWindow
from zzsign.views.pages.done import DonePage


def visible_named(root: QWidget, name: str, kind: type[QWidget] = QWidget) -> QWidget:
    """The one visible widget under ``root`` whose accessible name is ``name``."""
    matches = [w for w in root.findChildren(kind) if w.accessibleName() == name and w.isVisible()]
    # An editable combo box and its line edit share the name; the outer control is the one.
    matches = [w for w in matches if not any(m is not w and m.isAncestorOf(w) for m in matches)]
    assert len(matches) == 1, f"expected one visible {kind.__name__} named {name!r}, got {matches}"
    return matches[0]


class QTestBot:
    """The few qtbot calls the driver makes, done with QTest: for scripts that run without pytest
    (screenshots, benchmarks, the kill -9 child)."""

    def mouseClick(self, widget, button, pos=None) -> None:
        from PySide6.QtTest import QTest

        if pos is None:
            QTest.mouseClick(widget, button)
        else:
            QTest.mouseClick(widget, button, pos=pos)

    def mousePress(self, widget, button, pos) -> None:
        from PySide6.QtTest import QTest

        QTest.mousePress(widget, button, pos=pos)

    def mouseRelease(self, widget, button, pos) -> None:
        from PySide6.QtTest import QTest

        QTest.mouseRelease(widget, button, pos=pos)


@dataclass
class Hire:
    """What a hire enters."""

    full_name: str = "Zoë Ñúñez-O'Brien"
    work_email: str = "zoe.nunez@zzservers.com"
    employee_id: str = "E-1042"
    department: str = "Engineering"


class KioskDriver:
    """A person at the kiosk."""

    def __init__(self, qtbot: QtBot | QTestBot, window: KioskWindow) -> None:
        self.qtbot = qtbot
        self.window = window

    @property
    def page(self) -> QWidget:
        return self.window.wizard.current_page()

    def control(self, name: str, kind: type[QWidget] = QWidget) -> QWidget:
        return visible_named(self.window, name, kind)

    def click(self, name: str) -> None:
        widget = self.control(name, QAbstractButton)
        assert widget.isEnabled(), f"{name!r} is disabled"
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)

    def is_enabled(self, name: str) -> bool:
        return self.control(name, QAbstractButton).isEnabled()

    def is_shown(self, name: str) -> bool:
        """True if a visible control is called ``name``."""
        return any(
            w.accessibleName() == name and w.isVisible() for w in self.window.findChildren(QWidget)
        )

    def finish(self) -> None:
        """Press Finish; on the Done page with no copy taken, answer *Leave without a copy*."""
        self.click("Finish")
        if self.is_shown("Leave without a copy"):
            self.click("Leave without a copy")

    def type_into(self, name: str, text: str) -> None:
        widget = self.control(name)
        if isinstance(widget, QComboBox):
            widget = widget.lineEdit()
        assert isinstance(widget, QLineEdit)
        widget.setFocus()
        widget.selectAll()
        # keyClicks cannot type characters outside the keyboard map; insert() is what an IME does.
        widget.insert(text)

    def tick(self, name: str) -> None:
        """Click on the box itself (a checkbox stretched across the page is not all clickable)."""
        widget = self.control(name, QAbstractButton)
        assert widget.isEnabled(), f"{name!r} is disabled"
        box = QPoint(8, widget.height() // 2)
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=box)

    def scroll_agreement_to_end(self) -> None:
        viewer = self.window.wizard.agreement.viewer
        bar = viewer.verticalScrollBar()
        bar.setValue(bar.maximum())
        QApplication.processEvents()

    def draw_scribble(self) -> None:
        pad = self.window.wizard.sign.pad
        points = [QPoint(40 + i * 12, 100 + (30 if i % 2 else -30)) for i in range(30)]
        self.qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=points[0])
        from PySide6.QtCore import QPointF
        from PySide6.QtGui import QMouseEvent

        for point in points[1:]:
            event = QMouseEvent(
                QMouseEvent.Type.MouseMove,
                QPointF(point),
                QPointF(pad.mapToGlobal(point)),
                Qt.MouseButton.NoButton,
                Qt.MouseButton.LeftButton,
                Qt.KeyboardModifier.NoModifier,
            )
            QApplication.sendEvent(pad, event)
        self.qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=points[-1])

    # -- whole stretches of the flow ----------------------------------------------------------
    def enter_details(self, hire: Hire) -> None:
        self.click("Start")
        self.type_into("Full legal name", hire.full_name)
        self.type_into("Work email", hire.work_email)
        self.type_into("Employee ID (optional)", hire.employee_id)
        self.type_into("Department", hire.department)
        self.click("Continue")

    def consent(self) -> None:
        self.tick("I agree to receive and sign this agreement electronically")
        self.click("Continue")

    def read_and_acknowledge(self) -> None:
        self.scroll_agreement_to_end()
        self.tick("I acknowledge the Third Party Information clause (section 4)")
        self.tick("I have read the whole agreement and agree to be bound by it")
        self.click("Continue")

    def sign_typed(self, name: str) -> None:
        self.tick("Type my signature")
        self.type_into("Type your full legal name", name)
        self.click("Continue")

    def walk_to_review(self, hire: Hire) -> None:
        self.enter_details(hire)
        self.consent()
        self.read_and_acknowledge()
        self.sign_typed(hire.full_name)

    def walk_to_review_in_spanish(
        self, hire: Hire, department: str, *, with_employee_id: bool = True
    ) -> None:
        """From the welcome page to Review, by the Spanish interface's names, as ``hire`` in
        ``department`` with a typed signature (the employee number left empty unless
        ``with_employee_id``)."""
        self.click("Empezar")
        self.type_into("Nombre legal completo", hire.full_name)
        self.type_into("Correo electrónico de trabajo", hire.work_email)
        if with_employee_id:
            self.type_into("Número de empleado (opcional)", hire.employee_id)
        self.type_into("Departamento", department)
        self.click("Continuar")
        self.tick("Acepto recibir y firmar este acuerdo por medios electrónicos")
        self.click("Continuar")
        self.scroll_agreement_to_end()
        self.tick(
            "Declaro haber leído y entendido la cláusula «Third Party Information» "
            "(información de terceros) de la sección 4"
        )
        self.tick("He leído el acuerdo completo y me comprometo a cumplirlo")
        self.click("Continuar")
        self.tick("Escribir mi firma con el teclado")
        self.type_into("Escriba su nombre legal completo", hire.full_name)
        self.click("Continuar")

    def sign(self, hire: Hire) -> None:
        """Walk the whole flow as ``hire`` and press *Sign agreement*: the Done page shows."""
        self.walk_to_review(hire)
        self.click("Sign agreement")
        assert isinstance(self.page, DonePage)


def sign_through_kiosk(qtbot, kiosk, hire: Hire) -> KioskDriver:
    """A driver of ``kiosk`` that has signed as ``hire``: the Done page shows."""
    driver = KioskDriver(qtbot, kiosk)
    driver.sign(hire)
    return driver


def open_kiosk(qtbot, service, store, **options):
    """The kiosk window over ``store``, with HR's way in (Ctrl+Shift+H, a cheap argon2 cost),
    styled, shown and on screen. Options go to ``KioskWindow``."""
    from zzsign.app import create_application
    from zzsign.services.hr import HrAccess

    create_application([])
    options.setdefault("idle_reset_ms", 60_000)
    options.setdefault("hr_idle_lock_ms", 60_000)
    window = KioskWindow(**options)
    qtbot.addWidget(window)
    window.set_service(service, HrAccess(store.sessions, wrapping_cost=CHEAP_WRAPPING), store)
    if window.kiosk_mode:
        window.show_kiosk()
    else:
        window.show()
    qtbot.waitExposed(window)
    return window
