"""HR names the company's work email domains; a hire's email outside them is refused in one
sentence that says what to use. Without a list, any domain is accepted as before."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from support.cli import cli_environment, zzsign_here

from zzsign.domain.signer import (
    DetailsForm,
    EmailDomainError,
    Field,
    email_domain_allowed,
    normalise_email_domain,
    parse_email_domains,
)
from zzsign.services.email_domains import allowed_email_domains, set_email_domains
from zzsign.services.signing import SigningService

TODAY = date(2026, 11, 25)
ONE = "Use your ZZ Servers work email, ending in @zzservers.com."


def form(email: str) -> DetailsForm:
    return DetailsForm("Zoë Ñúñez", email, "", "Engineering", TODAY)


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("zzservers.com", "zzservers.com"),
        ("ZZServers.COM", "zzservers.com"),
        ("@zzservers.com", "zzservers.com"),
        (" zzservers.com. ", "zzservers.com"),
        ("Bücher.example", "bücher.example"),
        ("Bu\u0308cher.example", "bücher.example"),  # decomposed ü (NFC)
        ("xn--bcher-kva.example", "bücher.example"),  # its IDNA form
        ("ｚｚservers.com", "zzservers.com"),  # full-width letters (IDNA's own normalisation)
        ("mail.zzservers.com", "mail.zzservers.com"),
    ],
)
def test_a_domain_hr_names_is_kept_in_one_form(typed, kept):
    assert normalise_email_domain(typed) == kept


@pytest.mark.parametrize(
    "typed",
    [
        "zzservers",
        "zz servers.com",
        "ann@zzservers.com",
        "-zz.com",
        "zz..com",
        "zz_servers.com",
        "",
        "@",
        f"{'a' * 64}.com",
        "zz\u202eservers.com",
    ],
)
def test_what_cannot_be_an_email_domain_is_refused_in_one_sentence(typed):
    with pytest.raises(EmailDomainError) as refused:
        normalise_email_domain(typed)
    message = refused.value.message
    assert message.endswith("give domains like zzservers.com.")
    assert message.count(".") >= 1 and "\n" not in message and message.isprintable()


def test_a_list_of_domains_is_split_normalised_and_kept_once_in_order():
    assert parse_email_domains("ZZServers.com, @zz-servers.de zzservers.com,,") == (
        "zzservers.com",
        "zz-servers.de",
    )
    with pytest.raises(EmailDomainError, match="Give at least one email domain"):
        parse_email_domains(" , ")


ALLOWED = ("zzservers.com", "bücher.example")


@pytest.mark.parametrize(
    "email",
    [
        "ann@zzservers.com",
        "ANN@ZZSERVERS.COM",
        "ann@ZZServers.Com",
        "ann@xn--bcher-kva.example",
        "ann@BÜCHER.example",
        "ann@bu\u0308cher.example",
        "ann@ｚｚservers.com",
    ],
)
def test_an_email_in_a_named_domain_is_accepted_whatever_its_case_or_form(email):
    assert email_domain_allowed(email, ALLOWED)


@pytest.mark.parametrize(
    "email",
    [
        "ann@mail.zzservers.com",  # a subdomain counts only if it is named
        "ann@zzservers.com.example.net",
        "ann@evilzzservers.com",
        "ann@zzservers.co",
        "ann@gmail.com",
        "zzservers.com@gmail.com",
        "ann@",
        "ann",
    ],
)
def test_an_email_outside_the_named_domains_is_not(email):
    assert not email_domain_allowed(email, ALLOWED)


def test_validation_says_which_domains_to_use():
    details, problems = form("ann@gmail.com").validate(TODAY, ("zzservers.com",))
    assert details is None
    assert problems == {Field.WORK_EMAIL: ONE}
    _, two = form("ann@gmail.com").validate(TODAY, ("zzservers.com", "zz-servers.de"))
    assert two[Field.WORK_EMAIL] == (
        "Use your ZZ Servers work email, ending in @zzservers.com or @zz-servers.de."
    )
    _, three = form("ann@gmail.com").validate(TODAY, ("a.example", "b.example", "c.example"))
    assert three[Field.WORK_EMAIL] == (
        "Use your ZZ Servers work email, ending in @a.example, @b.example or @c.example."
    )
    # An address that is not complete still gets the sentence about that first.
    _, incomplete = form("ann@").validate(TODAY, ("zzservers.com",))
    assert incomplete[Field.WORK_EMAIL].startswith("Enter a complete email address")


def test_without_named_domains_any_domain_is_accepted_and_kept_as_typed():
    details, problems = form("Ann.Smith@Gmail.com").validate(TODAY)
    assert problems == {}
    assert details.work_email == "Ann.Smith@Gmail.com"
    accepted, _ = form("Ann@ZZServers.com").validate(TODAY, ("zzservers.com",))
    assert accepted.work_email == "Ann@ZZServers.com"  # the check does not rewrite the address


def test_the_details_page_refuses_another_domain_and_keeps_the_entries(qtbot):
    from zzsign.views.pages.details import DetailsPage

    page = DetailsPage(TODAY, email_domains=("zzservers.com",))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    submitted = []
    page.submitted.connect(submitted.append)
    assert page.work_email.placeholderText() == "name@zzservers.com"
    page.full_name.insert("Zoë Ñúñez")  # as an input method types it
    qtbot.keyClicks(page.work_email, "zoe@gmail.com")
    page.department.setCurrentText("Engineering")
    qtbot.mouseClick(page.next, Qt.MouseButton.LeftButton)

    error = page.errors[Field.WORK_EMAIL]
    assert error.isVisible() and error.text() == ONE
    assert page.work_email.accessibleDescription() == ONE
    assert (page.full_name.text(), page.work_email.text()) == ("Zoë Ñúñez", "zoe@gmail.com")
    assert submitted == []

    page.work_email.clear()
    qtbot.keyClicks(page.work_email, "zoe@ZZServers.com")
    assert not error.isVisible()  # the message goes as soon as the hire corrects the field
    qtbot.mouseClick(page.next, Qt.MouseButton.LeftButton)
    (details,) = submitted
    assert details.work_email == "zoe@ZZServers.com"


def test_the_details_page_without_domains_accepts_any(qtbot):
    from zzsign.views.pages.details import DetailsPage

    page = DetailsPage(TODAY)
    qtbot.addWidget(page)
    submitted = []
    page.submitted.connect(submitted.append)
    page.full_name.setText("Zoë Ñúñez")
    page.work_email.setText("zoe@gmail.com")
    page.department.setCurrentText("Engineering")
    page.submit()
    assert [d.work_email for d in submitted] == ["zoe@gmail.com"]


def test_the_signing_service_reads_the_domains_hr_sets(store):
    service = SigningService(store)
    assert service.email_domains() == ()
    assert set_email_domains(
        store.sessions, ["ZZServers.com", "@zz-servers.de", "zzservers.com"]
    ) == ("zzservers.com", "zz-servers.de")
    assert service.email_domains() == ("zzservers.com", "zz-servers.de")  # no restart needed
    assert set_email_domains(store.sessions, []) == ()
    assert allowed_email_domains(store.sessions) == ()
    assert service.email_domains() == ()


def test_hr_sets_lists_and_clears_the_domains_from_the_command_line(tmp_path):
    env = cli_environment(tmp_path / "keyring.json")
    data = ("--data-dir", str(tmp_path / "data"))
    anyone = {key: value for key, value in env.items() if key != "ZZSIGN_HR_PASSWORD"}
    assert zzsign_here(env, "hr-password", *data).returncode == 0

    none = zzsign_here(anyone, "email-domains", *data)
    assert (none.returncode, none.stdout) == (
        0,
        "No work email domains are set: a work email in any domain is accepted.\n",
    )
    set_ = zzsign_here(env, "email-domains", "--set", "ZZServers.com, @zz-servers.de", *data)
    assert (set_.returncode, set_.stdout) == (0, "zzservers.com\nzz-servers.de\n"), set_.stderr

    wrong = zzsign_here(
        {**env, "ZZSIGN_HR_PASSWORD": "not the HR password"}, "email-domains", "--clear", *data
    )
    assert (wrong.returncode, wrong.stderr) == (2, "zzsign: The HR password is not correct.\n")
    bad = zzsign_here(env, "email-domains", "--set", "zzservers", *data)
    assert (bad.returncode, bad.stderr) == (
        2,
        "zzsign: 'zzservers' is not an email domain; give domains like zzservers.com.\n",
    )
    both = zzsign_here(env, "email-domains", "--set", "zzservers.com", "--clear", *data)
    assert both.returncode == 2 and "not allowed with argument" in both.stderr
    listed = zzsign_here(anyone, "email-domains", *data)  # listing needs no password
    assert (listed.returncode, listed.stdout) == (0, "zzservers.com\nzz-servers.de\n")

    cleared = zzsign_here(env, "email-domains", "--clear", *data)
    assert (cleared.returncode, cleared.stdout) == (
        0,
        "No work email domains are set: a work email in any domain is accepted.\n",
    )


def test_the_kiosk_refuses_another_domain_from_the_next_hire_on(qtbot, kiosk, store):
    """HR names the domains while the kiosk runs; the next hire's Details page checks them."""
    from support.kiosk import KioskDriver

    set_email_domains(store.sessions, ["zzservers.com"])
    kiosk.reset()  # the next hire
    driver = KioskDriver(qtbot, kiosk)
    driver.click("Start")
    driver.type_into("Full legal name", "Zoë Ñúñez")
    driver.type_into("Work email", "zoe@gmail.com")
    driver.type_into("Department", "Engineering")
    driver.click("Continue")
    page = kiosk.wizard.details
    assert kiosk.wizard.current_page() is page
    assert page.errors[Field.WORK_EMAIL].text() == ONE
    assert page.work_email.text() == "zoe@gmail.com"
