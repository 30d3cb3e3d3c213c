"""Agreement versions: list them with their signature counts, and publish a new one.

A new version comes from a Markdown or HTML file, sanitised first (see agreement_sanitiser) so
that HR can preview exactly what hires will read. Once published it is the newest version and
the kiosk shows it from the next hire on; records signed earlier stay tied to their own version.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePath

from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from zzsign.domain.clock import Clock, system_clock
from zzsign.domain.documents import (
    THIRD_PARTY_CLAUSE_HEADING,
    Agreement,
    DocumentIntegrityError,
)
from zzsign.domain.messages import QT_TRANSLATE_NOOP, Message
from zzsign.domain.signer import DIRECTION_CONTROLS, text_problem
from zzsign.services.agreement_sanitiser import html_to_markdown, sanitise_markdown
from zzsign.services.errors import UserFacingError
from zzsign.store.errors import describe_storage_failure
from zzsign.store.records import AGREEMENT, RecordRepository

MAX_BYTES = 200 * 1024
MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")


class PublicationRefusedError(UserFacingError):
    """The file or version cannot be published; nothing was stored."""


@dataclass(frozen=True)
class AgreementVersionInfo:
    """One agreement version: its hash, when it was published, and how many signed it."""

    version: int
    title: str
    sha256: str
    signatures: int
    published_at: str  # UTC, ISO 8601


@dataclass(frozen=True)
class SanitisedAgreement:
    """The Markdown text to preview and publish, and what sanitising removed from the file."""

    markdown_text: str
    problems: list[str]


def list_versions(sessions: sessionmaker[Session]) -> list[AgreementVersionInfo]:
    """Every agreement version in the store, oldest first."""
    with sessions() as db:
        rows = RecordRepository(db).agreement_versions()
    return [
        AgreementVersionInfo(r.version, r.title, r.sha256, r.signatures, r.registered_at_utc)
        for r in rows
    ]


def prepare_publication(file_bytes: bytes, filename: str) -> SanitisedAgreement:
    """Read and sanitise a Markdown or HTML file into the Markdown a new version would hold."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in MARKDOWN_SUFFIXES + HTML_SUFFIXES:
        raise PublicationRefusedError(
            Message(
                QT_TRANSLATE_NOOP(
                    "Messages",
                    "{file} is neither Markdown (.md) nor HTML (.html); save the agreement in "
                    "one of those formats.",
                ),
                file=PurePath(filename).name,
            )
        )
    if len(file_bytes) > MAX_BYTES:
        raise PublicationRefusedError(
            Message(
                QT_TRANSLATE_NOOP(
                    "Messages",
                    "The file is larger than {size} KB; an agreement text should be far "
                    "smaller, so check that this is the right file.",
                ),
                size=MAX_BYTES // 1024,
            )
        )
    try:
        text = file_bytes.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PublicationRefusedError(
            Message(
                QT_TRANSLATE_NOOP(
                    "Messages", "The file is not UTF-8 text; save it as UTF-8 and try again."
                )
            )
        ) from exc
    text = unicodedata.normalize("NFC", text.removeprefix("\ufeff").replace("\r\n", "\n"))
    for char in text:
        if char not in "\n\t" and (
            unicodedata.category(char) in ("Cc", "Cs", "Co") or char in DIRECTION_CONTROLS
        ):
            raise PublicationRefusedError(
                Message(
                    QT_TRANSLATE_NOOP(
                        "Messages",
                        "The file contains an invisible control character ({code}); remove it "
                        "and try again.",
                    ),
                    code=f"U+{ord(char):04X}",
                )
            )
    text = text.replace("\t", "    ")
    if suffix in HTML_SUFFIXES:
        markdown, removed = html_to_markdown(text)
    else:
        markdown, removed = sanitise_markdown(text)
    markdown = unicodedata.normalize("NFC", markdown)
    if not markdown.strip():
        raise PublicationRefusedError(
            Message(
                QT_TRANSLATE_NOOP("Messages", "The file holds no agreement text; check the file.")
            )
        )
    if _clause_problem(markdown):
        raise PublicationRefusedError(
            Message(
                QT_TRANSLATE_NOOP(
                    "Messages",
                    'The text has no paragraph beginning "{heading}", which the company\'s '
                    "policy requires word for word; add the clause and try again.",
                ),
                heading=THIRD_PARTY_CLAUSE_HEADING,
            )
        )
    return SanitisedAgreement(markdown, removed)


def _clause_problem(markdown: str) -> bool:
    try:
        Agreement.from_text(0, "check", markdown).third_party_clause  # noqa: B018
    except DocumentIntegrityError:
        return True
    return False


def publish(
    sessions: sessionmaker[Session],
    sanitised: SanitisedAgreement,
    version: int,
    title: str | None = None,
    clock: Clock = system_clock,
) -> Agreement:
    """Store ``sanitised`` as agreement ``version`` (newer than every stored version)."""
    text = unicodedata.normalize("NFC", sanitised.markdown_text)
    if _clause_problem(text):
        raise PublicationRefusedError(
            Message(
                QT_TRANSLATE_NOOP(
                    "Messages",
                    'The text has no paragraph beginning "{heading}"; add the clause and try '
                    "again.",
                ),
                heading=THIRD_PARTY_CLAUSE_HEADING,
            )
        )
    try:
        with sessions.begin() as db:
            records = RecordRepository(db)
            newest = records.newest_agreement()
            if newest is not None and version <= newest.version:
                raise PublicationRefusedError(
                    Message(
                        QT_TRANSLATE_NOOP(
                            "Messages",
                            "Version {version} is not newer than version {newest}, the newest "
                            "already published; publish it as version {next} or later.",
                        ),
                        version=version,
                        newest=newest.version,
                        next=newest.version + 1,
                    )
                )
            if version < 1:
                raise PublicationRefusedError(
                    Message(
                        QT_TRANSLATE_NOOP(
                            "Messages", "The version must be a whole number of 1 or more."
                        )
                    )
                )
            chosen = unicodedata.normalize("NFC", (title or "").strip()) or (
                newest.title if newest is not None else "Employee Confidentiality Agreement"
            )
            problem = text_problem(Message(QT_TRANSLATE_NOOP("Messages", "The title")), chosen, 200)
            if problem:
                raise PublicationRefusedError(problem)
            same = next(
                (
                    v
                    for v in records.agreement_versions()
                    if v.sha256 == Agreement.from_text(version, chosen, text).sha256
                ),
                None,
            )
            if same is not None:
                raise PublicationRefusedError(
                    Message(
                        QT_TRANSLATE_NOOP(
                            "Messages",
                            "This text is exactly version {version}'s; nothing new to publish.",
                        ),
                        version=same.version,
                    )
                )
            agreement = Agreement.from_text(version, chosen, text)
            records.register_document(AGREEMENT, agreement, clock())
    except IntegrityError as exc:
        raise PublicationRefusedError(
            Message(
                QT_TRANSLATE_NOOP(
                    "Messages",
                    "Another version was published at the same moment; list the versions and "
                    "try again.",
                )
            )
        ) from exc
    except SQLAlchemyError as exc:
        raise UserFacingError(describe_storage_failure(exc)) from exc
    return agreement


def read_publication_file(path: Path) -> bytes:
    """The bytes of the file HR chose, read only up to just past the size limit.

    A file larger than ``MAX_BYTES`` is not read whole: :func:`prepare_publication` refuses it
    from its first ``MAX_BYTES + 1`` bytes.
    """
    try:
        if path.exists() and not path.is_file():  # a folder, a device, a pipe
            raise PublicationRefusedError(
                Message(
                    QT_TRANSLATE_NOOP(
                        "Messages",
                        "{file} is not a regular file; choose the agreement's .md or .html file.",
                    ),
                    file=path.name,
                )
            )
        with path.open("rb") as file:
            return file.read(MAX_BYTES + 1)
    except OSError as exc:
        raise PublicationRefusedError(
            Message(
                QT_TRANSLATE_NOOP(
                    "Messages",
                    "{file} could not be read ({reason}); check that the file is there and "
                    "readable, and try again.",
                ),
                file=path.name,
                reason=exc.strerror or Message(QT_TRANSLATE_NOOP("Messages", "unreadable")),
            )
        ) from exc


#: What sanitising removed, in words HR knows.
_SCRIPTS_PROGRAM_CODE = Message(QT_TRANSLATE_NOOP("Messages", "Scripts (program code)"))
_STYLES_FONTS_COLOURS = Message(QT_TRANSLATE_NOOP("Messages", "Styles (fonts, colours, layout)"))
_LINKS_TO_OUTSIDE = Message(
    QT_TRANSLATE_NOOP("Messages", "Links to outside files (style sheets and the like)")
)
_HIDDEN_PAGE_INFORMATION = Message(QT_TRANSLATE_NOOP("Messages", "Hidden page information"))
_EMBEDDED_WEB_PAGES = Message(QT_TRANSLATE_NOOP("Messages", "Embedded web pages"))
_EMBEDDED_OBJECTS_AND = Message(QT_TRANSLATE_NOOP("Messages", "Embedded objects and media"))
_HIDDEN_PAGE_PARTS = Message(QT_TRANSLATE_NOOP("Messages", "Hidden page parts"))
_IMAGES = Message(QT_TRANSLATE_NOOP("Messages", "Images"))
_FORMULAS = Message(QT_TRANSLATE_NOOP("Messages", "Formulas"))
_FORMS_AND_THEIR = Message(QT_TRANSLATE_NOOP("Messages", "Forms and their fields"))
_ACTIONS_THAT_RUN = Message(
    QT_TRANSLATE_NOOP("Messages", "Actions that run on a click or when the page loads")
)
_ADDRESSES_OF_OUTSIDE = Message(QT_TRANSLATE_NOOP("Messages", "Addresses of outside files"))
_ADDRESSES_THAT_FORMS = Message(QT_TRANSLATE_NOOP("Messages", "Addresses that forms send to"))
_LINK_ADDRESSES_THE = Message(
    QT_TRANSLATE_NOOP("Messages", "Link addresses (the link text is kept)")
)
_HIDDEN_COMMENTS = Message(QT_TRANSLATE_NOOP("Messages", "Hidden comments"))
_HIDDEN_INSTRUCTIONS = Message(QT_TRANSLATE_NOOP("Messages", "Hidden instructions"))
_OTHER_FORMATTING_CODES = Message(
    QT_TRANSLATE_NOOP("Messages", "Other formatting codes (the text is kept)")
)
_NESTED_LISTS = Message(
    QT_TRANSLATE_NOOP("Messages", "Lists nested too deeply (the items are kept)")
)

#: What each kind of removal (as :mod:`agreement_sanitiser` names it) is, in plain words.
_PLAIN_REMOVALS: dict[str, Message] = {
    "<script>": _SCRIPTS_PROGRAM_CODE,
    "<noscript>": _SCRIPTS_PROGRAM_CODE,
    "<style>": _STYLES_FONTS_COLOURS,
    "remote resource in a style attribute": _STYLES_FONTS_COLOURS,
    "<link>": _LINKS_TO_OUTSIDE,
    "<meta>": _HIDDEN_PAGE_INFORMATION,
    "<title>": _HIDDEN_PAGE_INFORMATION,
    "<base>": _HIDDEN_PAGE_INFORMATION,
    "<iframe>": _EMBEDDED_WEB_PAGES,
    "<frame>": _EMBEDDED_WEB_PAGES,
    "<frameset>": _EMBEDDED_WEB_PAGES,
    "<object>": _EMBEDDED_OBJECTS_AND,
    "<embed>": _EMBEDDED_OBJECTS_AND,
    "<applet>": _EMBEDDED_OBJECTS_AND,
    "<param>": _EMBEDDED_OBJECTS_AND,
    "<audio>": _EMBEDDED_OBJECTS_AND,
    "<video>": _EMBEDDED_OBJECTS_AND,
    "<source>": _EMBEDDED_OBJECTS_AND,
    "<track>": _EMBEDDED_OBJECTS_AND,
    "<canvas>": _EMBEDDED_OBJECTS_AND,
    "<template>": _HIDDEN_PAGE_PARTS,
    "<img>": _IMAGES,
    "image": _IMAGES,
    "<picture>": _IMAGES,
    "<svg>": _IMAGES,
    "<map>": _IMAGES,
    "<area>": _IMAGES,
    "<math>": _FORMULAS,
    "<form>": _FORMS_AND_THEIR,
    "<input>": _FORMS_AND_THEIR,
    "<select>": _FORMS_AND_THEIR,
    "<textarea>": _FORMS_AND_THEIR,
    "<button>": _FORMS_AND_THEIR,
    "event attribute (on…)": _ACTIONS_THAT_RUN,
    "src= attribute": _ADDRESSES_OF_OUTSIDE,
    "srcset= attribute": _ADDRESSES_OF_OUTSIDE,
    "background= attribute": _ADDRESSES_OF_OUTSIDE,
    "data= attribute": _ADDRESSES_OF_OUTSIDE,
    "action= attribute": _ADDRESSES_THAT_FORMS,
    "formaction= attribute": _ADDRESSES_THAT_FORMS,
    "link target (the link text is kept)": _LINK_ADDRESSES_THE,
    "link definition": _LINK_ADDRESSES_THE,
    "HTML comment": _HIDDEN_COMMENTS,
    "processing instruction": _HIDDEN_INSTRUCTIONS,
    "raw HTML tag": _OTHER_FORMATTING_CODES,
    "raw HTML": _OTHER_FORMATTING_CODES,
    "<hr>": _OTHER_FORMATTING_CODES,
    "<col>": _OTHER_FORMATTING_CODES,
    "<wbr>": _OTHER_FORMATTING_CODES,
    "unfinished HTML tag": _OTHER_FORMATTING_CODES,
}


def plain_removals(problems: list[str]) -> list[str]:
    """What sanitising removed, in words HR knows, counted: ``"Scripts (program code): 2"``.

    ``problems`` is :attr:`SanitisedAgreement.problems`; kinds the sanitiser names that have no
    plain wording here are listed as the sanitiser names them.
    """
    counts: dict[str, int] = {}
    for problem in problems:
        what = problem.fields.get("what", problem) if isinstance(problem, Message) else problem
        label, _, times = str(problem).partition(" ×")
        count = int(times) if times.isdigit() else 1
        plain: str
        if label.endswith(" tag (its text is kept)"):
            plain = _OTHER_FORMATTING_CODES
        elif label.startswith("list nesting deeper than"):
            plain = _NESTED_LISTS
        else:
            plain = _PLAIN_REMOVALS.get(label, what)
        counts[plain] = counts.get(plain, 0) + count
    return [
        Message(QT_TRANSLATE_NOOP("Messages", "{what}: {count}"), what=plain, count=count)
        for plain, count in counts.items()
    ]


def read_versions(sessions: sessionmaker[Session]) -> list[AgreementVersionInfo]:
    """:func:`list_versions`, with a storage failure told in one sentence (for the GUI)."""
    try:
        return list_versions(sessions)
    except SQLAlchemyError as exc:
        raise UserFacingError(describe_storage_failure(exc)) from exc
