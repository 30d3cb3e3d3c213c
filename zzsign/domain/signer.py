"""The hire's details and their validation.

Every value is trimmed and NFC-normalised, then kept exactly as typed. Any script is accepted;
what is refused is what no one types on purpose: control characters, invisible direction
overrides, unassigned code points, invisible (format) characters in an email address, and values
past a clear length limit.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Field(StrEnum):
    """The fields of the details form, with their visible labels."""

    FULL_NAME = "Full legal name"
    WORK_EMAIL = "Work email"
    EMPLOYEE_ID = "Employee ID (optional)"
    DEPARTMENT = "Department"
    START_DATE = "Start date"


MAX_LENGTH = {
    Field.FULL_NAME: 200,
    Field.WORK_EMAIL: 254,
    Field.EMPLOYEE_ID: 64,
    Field.DEPARTMENT: 100,
}

DEPARTMENTS = (
    "Customer Support",
    "Engineering",
    "Finance",
    "Human Resources",
    "Network Operations",
    "Sales and Marketing",
    "Security and Compliance",
)

#: Start dates further from today than this are almost certainly typing mistakes.
MAX_START_DATE_DISTANCE_DAYS = 366 * 2

_EMAIL = re.compile(r"^[^\s@]+@[^\s@.][^\s@]*\.[^\s@]*[^\s@.]$")
# Bidirectional embeddings, overrides and isolates can make text display as something else.
_DIRECTION_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_REFUSED_CATEGORIES = frozenset({"Cc", "Cs", "Co", "Cn", "Zl", "Zp"})


def normalise(value: str) -> str:
    """Trim surrounding whitespace and apply Unicode NFC."""
    return unicodedata.normalize("NFC", value).strip()


def text_problem(label: str, value: str, limit: int) -> str | None:
    """Why ``value`` cannot be stored as the field ``label``, or None if it can."""
    for char in value:
        if unicodedata.category(char) in _REFUSED_CATEGORIES or char in _DIRECTION_CONTROLS:
            return (
                f"{label} contains an invisible control character (U+{ord(char):04X}); "
                "retype it without pasting."
            )
    if len(value) > limit:
        return f"{label} can be at most {limit} characters; this one has {len(value)}."
    return None


@dataclass(frozen=True)
class SignerDetails:
    """Validated, normalised details of the person signing."""

    full_name: str
    work_email: str
    employee_id: str | None
    department: str
    start_date: date

    def evidence(self) -> dict[str, object]:
        """Canonical form for the signed record."""
        return {
            "full_name": self.full_name,
            "work_email": self.work_email,
            "employee_id": self.employee_id,
            "department": self.department,
            "start_date": self.start_date.isoformat(),
        }


@dataclass(frozen=True)
class DetailsForm:
    """What was typed into the details form, before validation."""

    full_name: str = ""
    work_email: str = ""
    employee_id: str = ""
    department: str = ""
    start_date: date | None = None

    def validate(self, today: date) -> tuple[SignerDetails | None, dict[Field, str]]:
        """Return the validated details, or None and a message for each field at fault."""
        errors: dict[Field, str] = {}
        values = {
            Field.FULL_NAME: normalise(self.full_name),
            Field.WORK_EMAIL: normalise(self.work_email),
            Field.EMPLOYEE_ID: normalise(self.employee_id),
            Field.DEPARTMENT: normalise(self.department),
        }
        for field, value in values.items():
            problem = text_problem(_short(field), value, MAX_LENGTH[field])
            if problem:
                errors[field] = problem

        name = values[Field.FULL_NAME]
        if Field.FULL_NAME not in errors:
            if not name:
                errors[Field.FULL_NAME] = "Enter your full legal name."
            elif not any(unicodedata.category(c).startswith("L") for c in name):
                errors[Field.FULL_NAME] = "Your full legal name must contain letters."

        email = values[Field.WORK_EMAIL]
        if Field.WORK_EMAIL not in errors:
            if not email:
                errors[Field.WORK_EMAIL] = "Enter your work email address."
            elif invisible := next((c for c in email if unicodedata.category(c) == "Cf"), None):
                # Zero-width and other format characters: no mail system delivers to them.
                errors[Field.WORK_EMAIL] = (
                    f"Work email contains an invisible character (U+{ord(invisible):04X}); "
                    "retype it without pasting."
                )
            elif not _EMAIL.match(email) or ".." in email:
                errors[Field.WORK_EMAIL] = (
                    "Enter a complete email address, like name@zzservers.com."
                )

        if Field.DEPARTMENT not in errors and not values[Field.DEPARTMENT]:
            errors[Field.DEPARTMENT] = "Choose or type your department."

        start = self.start_date
        if start is None:
            errors[Field.START_DATE] = "Enter your start date."
        elif abs((start - today).days) > MAX_START_DATE_DISTANCE_DAYS:
            errors[Field.START_DATE] = "Enter a start date within two years of today."

        if errors:
            return None, errors
        assert start is not None
        return (
            SignerDetails(
                full_name=name,
                work_email=email,
                employee_id=values[Field.EMPLOYEE_ID] or None,
                department=values[Field.DEPARTMENT],
                start_date=start,
            ),
            {},
        )


def _short(field: Field) -> str:
    return field.value.removesuffix(" (optional)")
