"""Versioned documents (the agreement, the e-records disclosure) and their integrity.

A document is identified by its version *and* the SHA-256 of its exact text. The manifest that
ships beside the texts names the hash of every version; a text that does not match its manifest
entry is refused, so the words shown can never change without a new version.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from zzsign.domain.canonical import sha256_hex

MANIFEST_NAME = "manifest.json"
THIRD_PARTY_CLAUSE_HEADING = "Third Party Information."


T = TypeVar("T", bound="VersionedDocument")


class DocumentIntegrityError(Exception):
    """A shipped document is missing, malformed, or differs from the version it claims to be."""


@dataclass(frozen=True)
class VersionedDocument:
    """The exact text of one version of a document, with its hash."""

    version: int
    title: str
    text: str
    sha256: str

    @classmethod
    def from_text(cls, version: int, title: str, text: str) -> VersionedDocument:
        """Build a document, hashing its UTF-8 text."""
        return cls(version, title, text, sha256_hex(text.encode("utf-8")))


@dataclass(frozen=True)
class Agreement(VersionedDocument):
    """A version of the Employee Confidentiality Agreement."""

    @property
    def third_party_clause(self) -> str:
        """The Third Party Information clause, word for word as it appears in the text."""
        for paragraph in self.text.split("\n\n"):
            stripped = paragraph.strip()
            if stripped.startswith(THIRD_PARTY_CLAUSE_HEADING):
                return stripped
        raise DocumentIntegrityError(
            f"Agreement version {self.version} has no Third Party Information clause."
        )

    @property
    def meaning(self) -> str:
        """The meaning of the signature, as displayed above it and recorded with it."""
        return (
            f"I have read, understood and agree to the ZZ Servers {self.title}, "
            f"version {self.version}."
        )


def load_documents(folder: Path, kind: type[T]) -> dict[int, T]:
    """Load every version listed in ``folder``'s manifest, checking each text's hash."""
    try:
        manifest = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
        entries = manifest["documents"]
    except (OSError, ValueError, KeyError) as exc:
        raise DocumentIntegrityError(f"The document manifest in {folder} is unreadable.") from exc
    documents: dict[int, T] = {}
    for entry in entries:
        version = int(entry["version"])
        try:
            raw = (folder / entry["file"]).read_bytes()
        except OSError as exc:
            raise DocumentIntegrityError(f"Version {version} is missing from {folder}.") from exc
        if sha256_hex(raw) != entry["sha256"]:
            raise DocumentIntegrityError(
                f"The text of version {version} in {folder} differs from the published version; "
                "publish changed text as a new version."
            )
        text = raw.decode("utf-8")
        if unicodedata.normalize("NFC", text) != text:
            raise DocumentIntegrityError(f"Version {version} in {folder} is not NFC-normalised.")
        documents[version] = kind(version, entry["title"], text, entry["sha256"])
    if not documents:
        raise DocumentIntegrityError(f"No documents are listed in {folder}.")
    return documents


def latest(documents: dict[int, T]) -> T:
    """The newest version."""
    return documents[max(documents)]
