"""Names and fields in any script are kept exactly; what no one types on purpose is refused."""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zzsign.domain.signer import MAX_LENGTH, DetailsForm, Field

TODAY = date(2026, 11, 25)

NAMES = [
    "Zoë Ñúñez-O'Brien",
    "Ångström Ærøskøbing",
    "Ольга Петрова-Сидорова",
    "Σοφία Παπαδοπούλου",
    "محمد عبد الله",
    "שרה כהן",
    "王小明",
    "佐藤 花子",
    "김민준",
    "Nguyễn Thị Minh Khai",
    "D'Arcy McAllister-Smith",
    "Ngũgĩ wa Thiong'o",
    "नरेन्द्र",
    "X Æ A-12",
]


def form(**overrides) -> DetailsForm:
    values = dict(
        full_name="Zoë Ñúñez",
        work_email="zoe@zzservers.com",
        employee_id="",
        department="Engineering",
        start_date=TODAY,
    )
    values.update(overrides)
    return DetailsForm(**values)


@pytest.mark.parametrize("name", NAMES)
def test_names_in_any_script_are_kept_exactly(name):
    details, errors = form(full_name=f"  {name}\t").validate(TODAY)
    assert errors == {}
    assert details.full_name == name


def test_names_are_nfc_normalised():
    decomposed = "Zoe\u0308"  # e + combining diaeresis
    details, _ = form(full_name=decomposed).validate(TODAY)
    assert details.full_name == "Zoë"
    assert details.full_name == unicodedata.normalize("NFC", decomposed)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Bob\x00by", "control character (U+0000)"),
        ("Bob\nby", "control character (U+000A)"),
        ("Bob\u202eyb", "control character (U+202E)"),
        ("", "Enter your full legal name."),
        ("12345", "must contain letters"),
        ("A" * 201, "at most 200 characters; this one has 201"),
    ],
)
def test_bad_names_get_a_message_that_says_what_to_fix(value, expected):
    details, errors = form(full_name=value).validate(TODAY)
    assert details is None
    assert expected in errors[Field.FULL_NAME]


@pytest.mark.parametrize(
    "email",
    [
        "",
        "zoe",
        "zoe@",
        "@zzservers.com",
        "zoe@zzservers",
        "zoe@@zzservers.com",
        "zoe @zzservers.com",
        "zoe@zzservers..com",
        "zoe@.com",
    ],
)
def test_invalid_email_is_refused(email):
    _, errors = form(work_email=email).validate(TODAY)
    assert Field.WORK_EMAIL in errors


@pytest.mark.parametrize("email", ["zoe@zzservers.com", "zoë.ñ@zzservers.com", "a+b@x.co.uk"])
def test_valid_email_is_accepted(email):
    details, errors = form(work_email=email).validate(TODAY)
    assert errors == {} and details.work_email == email


def test_employee_id_is_optional_and_department_required():
    details, _ = form(employee_id="   ").validate(TODAY)
    assert details.employee_id is None
    _, errors = form(department=" ").validate(TODAY)
    assert errors[Field.DEPARTMENT] == "Choose or type your department."


def test_start_date_must_be_plausible():
    _, errors = form(start_date=TODAY + timedelta(days=800)).validate(TODAY)
    assert "within two years" in errors[Field.START_DATE]
    _, errors = form(start_date=None).validate(TODAY)
    assert errors[Field.START_DATE] == "Enter your start date."


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=260))
def test_any_text_is_either_stored_exactly_or_explained(text):
    details, errors = form(full_name=text).validate(TODAY)
    if details is not None:
        assert details.full_name == unicodedata.normalize("NFC", text).strip()
        assert len(details.full_name) <= MAX_LENGTH[Field.FULL_NAME]
    else:
        message = errors[Field.FULL_NAME]
        assert message.endswith(".") and "\n" not in message
        assert text.strip() == "" or text not in message or len(text) < 3
