"""The hire's details and their validation.

Every value is trimmed and NFC-normalised, then kept exactly as typed. Any script is accepted;
what is refused is what no one types on purpose: control characters, invisible direction
overrides, unassigned code points, invisible (format) characters in an email address, and values
past a clear length limit. Where HR has named the company's email domains, a work email must end
in one of them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from zzsign.domain.messages import QT_TRANSLATE_NOOP, Message


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
#: Bidirectional embeddings, overrides and isolates (U+202A..U+202E, U+2066..U+2069): invisible,
#: they can make text display as something else, so no typed value or agreement text has them.
DIRECTION_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_REFUSED_CATEGORIES = frozenset({"Cc", "Cs", "Co", "Cn", "Zl", "Zp"})


def normalise(value: str) -> str:
    """Trim surrounding whitespace and apply Unicode NFC."""
    return unicodedata.normalize("NFC", value).strip()


#: Whom the hire works for, as the work email sentence names it.
COMPANY = "ZZ Servers"
#: One label of a host name in ASCII (letters, digits, hyphens inside; xn-- labels included).
_HOST_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")


class EmailDomainError(ValueError):
    """A name that cannot be a company email domain; ``message`` says why in one sentence."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _domain_key(domain: str) -> str:
    """The ASCII form two domains are compared by: IDNA (its nameprep folds case and width
    after NFKC), lower case; raises UnicodeError or ValueError if it is no host name."""
    ascii_form = domain.encode("idna").decode("ascii").lower()
    if not all(_HOST_LABEL.fullmatch(label) for label in ascii_form.split(".")):
        raise ValueError("not a host name")
    return ascii_form


def normalise_email_domain(text: str) -> str:
    """A company email domain as HR typed it (``zzservers.com``, ``@ZZServers.com``,
    ``xn--bcher-kva.example``), in the one form it is kept and shown: lower case, Unicode
    labels (``bücher.example``), no ``@`` before it or dot after it."""
    value = normalise(text).removeprefix("@").removesuffix(".")
    refusal = EmailDomainError(
        Message(
            QT_TRANSLATE_NOOP(
                "Messages", "{value} is not an email domain; give domains like zzservers.com."
            ),
            value=repr(value[:60]),
        )
    )
    if "." not in value or any(c.isspace() or c == "@" for c in value):
        raise refusal
    try:
        return _domain_key(value).encode("ascii").decode("idna")
    except (UnicodeError, ValueError):
        raise refusal from None


def parse_email_domains(text: str) -> tuple[str, ...]:
    """Domains separated by commas (or spaces), each normalised, without repeats, in order."""
    domains = [normalise_email_domain(part) for part in re.split(r"[,\s]+", text) if part]
    if not domains:
        raise EmailDomainError(
            Message(
                QT_TRANSLATE_NOOP("Messages", "Give at least one email domain, like zzservers.com.")
            )
        )
    return tuple(dict.fromkeys(domains))


def email_domain_allowed(email: str, domains: Iterable[str]) -> bool:
    """Whether ``email`` ends in exactly one of ``domains`` (a subdomain is another domain)."""
    try:
        key = _domain_key(normalise(email.rpartition("@")[2]))
    except (UnicodeError, ValueError):
        return False
    allowed = set()
    for domain in domains:
        try:
            allowed.add(_domain_key(domain))
        except (UnicodeError, ValueError):
            continue
    return key in allowed


def work_email_sentence(domains: Sequence[str]) -> Message:
    """What a hire whose email is outside ``domains`` is told to use instead."""
    endings = [f"@{domain}" for domain in domains]
    listed: str = endings[0]
    if len(endings) > 1:
        listed = Message(
            QT_TRANSLATE_NOOP("Messages", "{some} or {last}"),
            some=", ".join(endings[:-1]),
            last=endings[-1],
        )
    return Message(
        QT_TRANSLATE_NOOP("Messages", "Use your {company} work email, ending in {listed}."),
        company=COMPANY,
        listed=listed,
    )


def text_problem(label: str, value: str, limit: int) -> str | None:
    """Why ``value`` cannot be stored as the field ``label`` (a Message, ``label`` translated
    with it when it is one), or None if it can."""
    for char in value:
        if unicodedata.category(char) in _REFUSED_CATEGORIES or char in DIRECTION_CONTROLS:
            return Message(
                QT_TRANSLATE_NOOP(
                    "Messages",
                    "{label} contains an invisible control character ({code}); retype it "
                    "without pasting.",
                ),
                label=label,
                code=f"U+{ord(char):04X}",
            )
    if len(value) > limit:
        return Message(
            QT_TRANSLATE_NOOP(
                "Messages", "{label} can be at most {limit} characters; this one has {length}."
            ),
            label=label,
            limit=limit,
            length=len(value),
        )
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

    def validate(
        self, today: date, email_domains: Sequence[str] = ()
    ) -> tuple[SignerDetails | None, dict[Field, str]]:
        """Return the validated details, or None and a message (a Message) for each field at fault.

        ``email_domains``: the company's email domains HR has named; none, any domain.
        """
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
                errors[Field.FULL_NAME] = Message(
                    QT_TRANSLATE_NOOP("Messages", "Enter your full legal name.")
                )
            elif not any(unicodedata.category(c).startswith("L") for c in name):
                errors[Field.FULL_NAME] = Message(
                    QT_TRANSLATE_NOOP("Messages", "Your full legal name must contain letters.")
                )

        email = values[Field.WORK_EMAIL]
        if Field.WORK_EMAIL not in errors:
            if not email:
                errors[Field.WORK_EMAIL] = Message(
                    QT_TRANSLATE_NOOP("Messages", "Enter your work email address.")
                )
            elif invisible := next((c for c in email if unicodedata.category(c) == "Cf"), None):
                # Zero-width and other format characters: no mail system delivers to them.
                errors[Field.WORK_EMAIL] = Message(
                    QT_TRANSLATE_NOOP(
                        "Messages",
                        "Work email contains an invisible character ({code}); retype it "
                        "without pasting.",
                    ),
                    code=f"U+{ord(invisible):04X}",
                )
            elif not _EMAIL.match(email) or ".." in email:
                errors[Field.WORK_EMAIL] = Message(
                    QT_TRANSLATE_NOOP(
                        "Messages", "Enter a complete email address, like name@zzservers.com."
                    )
                )
            elif email_domains and not email_domain_allowed(email, email_domains):
                errors[Field.WORK_EMAIL] = work_email_sentence(email_domains)

        if Field.DEPARTMENT not in errors and not values[Field.DEPARTMENT]:
            errors[Field.DEPARTMENT] = Message(
                QT_TRANSLATE_NOOP("Messages", "Choose or type your department.")
            )

        start = self.start_date
        if start is None:
            errors[Field.START_DATE] = Message(
                QT_TRANSLATE_NOOP("Messages", "Enter your start date.")
            )
        elif abs((start - today).days) > MAX_START_DATE_DISTANCE_DAYS:
            errors[Field.START_DATE] = Message(
                QT_TRANSLATE_NOOP("Messages", "Enter a start date within two years of today.")
            )

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


#: Each field as a message names it (the label without "(optional)").
FIELD_NAMES = {
    Field.FULL_NAME: QT_TRANSLATE_NOOP("Messages", "Full legal name"),
    Field.WORK_EMAIL: QT_TRANSLATE_NOOP("Messages", "Work email"),
    Field.EMPLOYEE_ID: QT_TRANSLATE_NOOP("Messages", "Employee ID"),
    Field.DEPARTMENT: QT_TRANSLATE_NOOP("Messages", "Department"),
    Field.START_DATE: QT_TRANSLATE_NOOP("Messages", "Start date"),
}


def _short(field: Field) -> Message:
    return Message(FIELD_NAMES[field])
