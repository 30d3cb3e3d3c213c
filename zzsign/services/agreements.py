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
    return [AgreementVersionInfo(r.version, r.title, r.sha256, r.signatures, r.registered_at_utc)
            for r in rows]


def prepare_publication(file_bytes: bytes, filename: str) -> SanitisedAgreement:
    """Read and sanitise a Markdown or HTML file into the Markdown a new version would hold."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in MARKDOWN_SUFFIXES + HTML_SUFFIXES:
        raise PublicationRefusedError(
            f"{PurePath(filename).name} is neither Markdown (.md) nor HTML (.html); save the "
            "agreement in one of those formats.")
    if len(file_bytes) > MAX_BYTES:
        raise PublicationRefusedError(
            f"The file is larger than {MAX_BYTES // 1024} KB; an agreement text should be far "
            "smaller, so check that this is the right file.")
    try:
        text = file_bytes.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PublicationRefusedError(
            "The file is not UTF-8 text; save it as UTF-8 and try again.") from exc
    text = unicodedata.normalize("NFC", text.removeprefix("\ufeff").replace("\r\n", "\n"))
    for char in text:
        if char not in "\n\t" and (unicodedata.category(char) in ("Cc", "Cs", "Co")
                                   or char in DIRECTION_CONTROLS):
            raise PublicationRefusedError(
                f"The file contains an invisible control character (U+{ord(char):04X}); "
                "remove it and try again.")
    text = text.replace("\t", "    ")
    if suffix in HTML_SUFFIXES:
        markdown, removed = html_to_markdown(text)
    else:
        markdown, removed = sanitise_markdown(text)
    markdown = unicodedata.normalize("NFC", markdown)
    if not markdown.strip():
        raise PublicationRefusedError("The file holds no agreement text; check the file.")
    if _clause_problem(markdown):
        raise PublicationRefusedError(
            f"The text has no paragraph beginning \"{THIRD_PARTY_CLAUSE_HEADING}\", which the "
            "company's policy requires word for word; add the clause and try again.")
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
            f"The text has no paragraph beginning \"{THIRD_PARTY_CLAUSE_HEADING}\"; add the "
            "clause and try again.")
    try:
        with sessions.begin() as db:
            records = RecordRepository(db)
            newest = records.newest_agreement()
            if newest is not None and version <= newest.version:
                raise PublicationRefusedError(
                    f"Version {version} is not newer than version {newest.version}, the newest "
                    f"already published; publish it as version {newest.version + 1} or later.")
            if version < 1:
                raise PublicationRefusedError("The version must be a whole number of 1 or more.")
            chosen = unicodedata.normalize("NFC", (title or "").strip()) or (
                newest.title if newest is not None else "Employee Confidentiality Agreement")
            problem = text_problem("The title", chosen, 200)
            if problem:
                raise PublicationRefusedError(problem)
            same = next((v for v in records.agreement_versions()
                         if v.sha256 == Agreement.from_text(version, chosen, text).sha256), None)
            if same is not None:
                raise PublicationRefusedError(
                    f"This text is exactly version {same.version}'s; nothing new to publish.")
            agreement = Agreement.from_text(version, chosen, text)
            records.register_document(AGREEMENT, agreement, clock())
    except IntegrityError as exc:
        raise PublicationRefusedError(
            "Another version was published at the same moment; list the versions and try "
            "again.") from exc
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
                f"{path.name} is not a regular file; choose the agreement's .md or .html file.")
        with path.open("rb") as file:
            return file.read(MAX_BYTES + 1)
    except OSError as exc:
        raise PublicationRefusedError(
            f"{path.name} could not be read ({exc.strerror or 'unreadable'}); check that the "
            "file is there and readable, and try again.") from exc


#: What each kind of removal (as :mod:`agreement_sanitiser` names it) is, in plain words.
_PLAIN_REMOVALS: dict[str, str] = {
    "<script>": "Scripts (program code)",
    "<noscript>": "Scripts (program code)",
    "<style>": "Styles (fonts, colours, layout)",
    "remote resource in a style attribute": "Styles (fonts, colours, layout)",
    "<link>": "Links to outside files (style sheets and the like)",
    "<meta>": "Hidden page information",
    "<title>": "Hidden page information",
    "<base>": "Hidden page information",
    "<iframe>": "Embedded web pages",
    "<frame>": "Embedded web pages",
    "<frameset>": "Embedded web pages",
    "<object>": "Embedded objects and media",
    "<embed>": "Embedded objects and media",
    "<applet>": "Embedded objects and media",
    "<param>": "Embedded objects and media",
    "<audio>": "Embedded objects and media",
    "<video>": "Embedded objects and media",
    "<source>": "Embedded objects and media",
    "<track>": "Embedded objects and media",
    "<canvas>": "Embedded objects and media",
    "<template>": "Hidden page parts",
    "<img>": "Images",
    "image": "Images",
    "<picture>": "Images",
    "<svg>": "Images",
    "<map>": "Images",
    "<area>": "Images",
    "<math>": "Formulas",
    "<form>": "Forms and their fields",
    "<input>": "Forms and their fields",
    "<select>": "Forms and their fields",
    "<textarea>": "Forms and their fields",
    "<button>": "Forms and their fields",
    "event attribute (on…)": "Actions that run on a click or when the page loads",
    "src= attribute": "Addresses of outside files",
    "srcset= attribute": "Addresses of outside files",
    "background= attribute": "Addresses of outside files",
    "data= attribute": "Addresses of outside files",
    "action= attribute": "Addresses that forms send to",
    "formaction= attribute": "Addresses that forms send to",
    "link target (the link text is kept)": "Link addresses (the link text is kept)",
    "link definition": "Link addresses (the link text is kept)",
    "HTML comment": "Hidden comments",
    "processing instruction": "Hidden instructions",
    "raw HTML tag": "Other formatting codes (the text is kept)",
    "raw HTML": "Other formatting codes (the text is kept)",
    "<hr>": "Other formatting codes (the text is kept)",
    "<col>": "Other formatting codes (the text is kept)",
    "<wbr>": "Other formatting codes (the text is kept)",
}


def plain_removals(problems: list[str]) -> list[str]:
    """What sanitising removed, in words HR knows, counted: ``"Scripts (program code): 2"``.

    ``problems`` is :attr:`SanitisedAgreement.problems`; kinds the sanitiser names that have no
    plain wording here are listed as the sanitiser names them.
    """
    counts: dict[str, int] = {}
    for problem in problems:
        label, _, times = problem.partition(" ×")
        count = int(times) if times.isdigit() else 1
        if label.endswith(" tag (its text is kept)"):
            plain = "Other formatting codes (the text is kept)"
        else:
            plain = _PLAIN_REMOVALS.get(label, label)
        counts[plain] = counts.get(plain, 0) + count
    return [f"{plain}: {count}" for plain, count in counts.items()]


def read_versions(sessions: sessionmaker[Session]) -> list[AgreementVersionInfo]:
    """:func:`list_versions`, with a storage failure told in one sentence (for the GUI)."""
    try:
        return list_versions(sessions)
    except SQLAlchemyError as exc:
        raise UserFacingError(describe_storage_failure(exc)) from exc
