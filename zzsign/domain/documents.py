"""Versioned documents (the agreement, the e-records disclosure) and their integrity.

A document is identified by its version *and* the SHA-256 of its exact text. The manifest that
ships beside the texts names the hash of every version; a text that does not match its manifest
entry is refused, so the words shown can never change without a new version.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Self, TypeVar

from zzsign.domain.canonical import sha256_hex
from zzsign.domain.messages import QT_TRANSLATE_NOOP, Message

MANIFEST_NAME = "manifest.json"
THIRD_PARTY_CLAUSE_HEADING = "Third Party Information."

#: Markdown headings: "## 4. Title" (ATX), and a line of "=" or "-" under a paragraph (setext).
_ATX_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]+(?P<text>.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT_UNDERLINE = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(?:`{3,}|~{3,})")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_EMPHASIS = re.compile(r"(?<!\\)(?:\*+|_+)")
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
#: A section number at the start of a heading, and the title after it: "4. Title", "4) Title",
#: "7.2 Title", "IV. Title", "B) Title", "Section 4: Title", "Article IV — Title", "§ 4 Title".
_NUMBERED = re.compile(
    r"^(?:(?:(?i:section|article|clause|part)\s+|§\s*)(?P<named>\d+(?:\.\d+)*|[IVXLCDM]+|[A-Z])"
    r"|(?P<bare>\d+(?:\.\d+)*|[IVXLCDM]+(?=[.)])|[A-Z](?=[.)])))"
    r"(?:[.):]?$|(?:\.?\s*[-–—:]|[.)]|(?=\s))\s*(?P<title>\S.*)$)"
)


T = TypeVar("T", bound="VersionedDocument")


class DocumentIntegrityError(Exception):
    """A shipped document is missing, malformed, or differs from the version it claims to be;
    ``message`` is its sentence, English as the exception reads, shown translated by a view."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class VersionedDocument:
    """The exact text of one version of a document, with its hash."""

    version: int
    title: str
    text: str
    sha256: str

    @classmethod
    def from_text(cls, version: int, title: str, text: str) -> Self:
        """Build a document, hashing its UTF-8 text."""
        return cls(version, title, text, sha256_hex(text.encode("utf-8")))


@dataclass(frozen=True)
class Section:
    """A heading of a document: its number as written ("4", "7.2", "IV"), if any, and its title
    (empty for a heading that is only a number, such as "Section 12")."""

    number: str | None
    title: str


@dataclass(frozen=True)
class Agreement(VersionedDocument):
    """A version of the Employee Confidentiality Agreement."""

    @property
    def third_party_clause(self) -> str:
        """The Third Party Information clause, word for word as it appears in the text."""
        return self._clause_paragraph()[1]

    @property
    def third_party_clause_section(self) -> Section | None:
        """The section the clause stands in: the last heading above it (None if there is none).

        Read from the Markdown text of this version, so that a version that moves the clause
        or numbers its sections differently is named as it is shown.
        """
        start, _clause = self._clause_paragraph()
        heading = last_heading(self.text[:start])
        return None if heading is None else section_of(heading)

    def _clause_paragraph(self) -> tuple[int, str]:
        """Where the clause's paragraph begins in the text, and the paragraph itself."""
        offset = 0
        for paragraph in self.text.split("\n\n"):
            stripped = paragraph.strip()
            if stripped.startswith(THIRD_PARTY_CLAUSE_HEADING):
                return offset, stripped
            offset += len(paragraph) + 2
        raise DocumentIntegrityError(
            Message(
                QT_TRANSLATE_NOOP(
                    "Messages", "Agreement version {version} has no Third Party Information clause."
                ),
                version=self.version,
            )
        )

    @property
    def meaning(self) -> Message:
        """The meaning of the signature, as displayed above it and recorded with it: recorded in
        English (evidence), shown in another language with its rendering beside the English."""
        return Message(
            QT_TRANSLATE_NOOP(
                "Messages",
                "I have read, understood and agree to the ZZ Servers {title}, version {version}.",
            ),
            title=self.title,
            version=self.version,
        )


def last_heading(markdown: str) -> str | None:
    """The text of the last Markdown heading in ``markdown`` (plain: no markers or escapes)."""
    found: str | None = None
    paragraph: list[str] = []  # the lines of the paragraph a setext underline would make a heading
    in_code = False
    for line in markdown.split("\n"):
        if _FENCE.match(line):
            in_code = not in_code
            paragraph = []
            continue
        if in_code:
            continue
        if (atx := _ATX_HEADING.match(line)) is not None:
            found = atx.group("text") or ""
            paragraph = []
        elif paragraph and _SETEXT_UNDERLINE.match(line):
            found = " ".join(part.strip() for part in paragraph)
            paragraph = []
        elif _LIST_ITEM.match(line):
            paragraph = []  # a list item's text; a "---" under it is a rule, not a heading
        elif line.strip() and not (paragraph == [] and line.startswith("    ")):
            paragraph.append(line)
        else:
            paragraph = []
    if found is None:
        return None
    return " ".join(_ESCAPED.sub(r"\1", _EMPHASIS.sub("", found)).split())


def section_of(heading: str) -> Section:
    """A heading's section number (if it starts with one) and title."""
    numbered = _NUMBERED.match(heading)
    if numbered is None:
        return Section(None, heading)
    return Section(numbered.group("named") or numbered.group("bare"), numbered.group("title") or "")


def load_documents(folder: Path, kind: type[T]) -> dict[int, T]:
    """Load every version listed in ``folder``'s manifest, checking each text's hash."""
    try:
        manifest = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
        entries = manifest["documents"]
    except (OSError, ValueError, KeyError) as exc:
        raise DocumentIntegrityError(
            Message(
                QT_TRANSLATE_NOOP("Messages", "The document manifest in {folder} is unreadable."),
                folder=folder,
            )
        ) from exc
    documents: dict[int, T] = {}
    for entry in entries:
        version = int(entry["version"])
        try:
            raw = (folder / entry["file"]).read_bytes()
        except OSError as exc:
            raise DocumentIntegrityError(
                Message(
                    QT_TRANSLATE_NOOP("Messages", "Version {version} is missing from {folder}."),
                    version=version,
                    folder=folder,
                )
            ) from exc
        if sha256_hex(raw) != entry["sha256"]:
            raise DocumentIntegrityError(
                Message(
                    QT_TRANSLATE_NOOP(
                        "Messages",
                        "The text of version {version} in {folder} differs from the published "
                        "version; publish changed text as a new version.",
                    ),
                    version=version,
                    folder=folder,
                )
            )
        text = raw.decode("utf-8")
        if unicodedata.normalize("NFC", text) != text:
            raise DocumentIntegrityError(
                Message(
                    QT_TRANSLATE_NOOP(
                        "Messages", "Version {version} in {folder} is not NFC-normalised."
                    ),
                    version=version,
                    folder=folder,
                )
            )
        documents[version] = kind(version, entry["title"], text, entry["sha256"])
    if not documents:
        raise DocumentIntegrityError(
            Message(
                QT_TRANSLATE_NOOP("Messages", "No documents are listed in {folder}."), folder=folder
            )
        )
    return documents


def latest(documents: dict[int, T]) -> T:
    """The newest version."""
    return documents[max(documents)]
