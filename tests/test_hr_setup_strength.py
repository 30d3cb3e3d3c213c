"""The HR set-up dialog says, as HR types, whether the new password is strong enough."""

from __future__ import annotations

import pytest
from support.store import CHEAP_WRAPPING

from zzsign.services.hr import HrAccess
from zzsign.services.store import open_store
from zzsign.views.hr_setup import HrSetupDialog

COMPANY = (
    "Choose an HR password without the company's or zzsign's name in it, for example four or "
    "more unrelated words."
)


@pytest.fixture
def setup_dialog(qtbot, settings, secrets):
    """The set-up dialog over a store whose HR password is not set yet: (dialog, HrAccess)."""
    opened = open_store(settings, secrets)
    access = HrAccess(opened.sessions, wrapping_cost=CHEAP_WRAPPING, secrets=secrets)
    dialog = HrSetupDialog(access)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    yield dialog, access
    opened.close()


def test_the_hint_follows_what_hr_types(setup_dialog):
    dialog, _ = setup_dialog
    assert dialog.strength.text() == "Four or more unrelated words make a strong HR password."
    dialog.password.setText("zzserv")
    assert dialog.strength.text() == "Choose an HR password of at least 12 characters."
    dialog.password.setText("zzservers2026")
    assert dialog.strength.text() == COMPANY
    assert dialog.strength.accessibleName() == COMPANY
    dialog.password.setText("tiger lily mango ferry")
    assert dialog.strength.text() == "Strong enough."


def test_zzservers2026_is_refused_and_nothing_is_set(setup_dialog):
    dialog, access = setup_dialog
    dialog.password.setText("zzservers2026")
    dialog.repeat.setText("zzservers2026")
    dialog.confirm.click()
    assert dialog.problem.text() == COMPANY
    assert dialog.isVisible() and not access.is_set_up()
    assert dialog.password.text() == "" and dialog.repeat.text() == ""
    dialog.password.setText("tiger lily mango ferry")
    dialog.repeat.setText("tiger lily mango ferry")
    dialog.confirm.click()
    assert access.is_set_up()
