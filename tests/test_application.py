"""The application is made and styled once: asked again, zzsign hands back the same one as it
is (styling again would re-polish every widget it has)."""

from __future__ import annotations


def test_the_application_is_styled_once(qapp):
    from zzsign.app import create_application
    from zzsign.views.style import STYLE_SHEET

    style = qapp.style()
    assert qapp.styleSheet() == STYLE_SHEET  # the tests' application is the kiosk's
    assert create_application([]) is qapp
    assert qapp.style() is style  # not made again
    assert qapp.styleSheet() == STYLE_SHEET


def test_an_application_whose_style_was_changed_is_styled_again(qapp):
    from zzsign.app import create_application
    from zzsign.views.style import STYLE_SHEET

    qapp.setStyleSheet("")
    try:
        assert create_application([]) is qapp
        assert qapp.styleSheet() == STYLE_SHEET
    finally:
        qapp.setStyleSheet(STYLE_SHEET)
