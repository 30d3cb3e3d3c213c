"""The HR set-up dialog says, as HR types, whether the new password is strong enough."""

from __future__ import annotations

COMPANY = (
    "Choose an HR password without the company's or zzsign's name in it, for example four or "
    "more unrelated words."
)


def test_the_hint_follows_what_hr_types(hr_setup_dialog_on_a_new_store):
    dialog, _ = hr_setup_dialog_on_a_new_store
    assert dialog.strength.text() == "Four or more unrelated words make a strong HR password."
    dialog.password.setText("zzserv")
    assert dialog.strength.text() == "Choose an HR password of at least 12 characters."
    dialog.password.setText("zzservers2026")
    assert dialog.strength.text() == COMPANY
    assert dialog.strength.accessibleName() == COMPANY
    dialog.password.setText("tiger lily mango ferry")
    assert dialog.strength.text() == "Strong enough."


def test_zzservers2026_is_refused_and_nothing_is_set(hr_setup_dialog_on_a_new_store):
    dialog, access = hr_setup_dialog_on_a_new_store
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
