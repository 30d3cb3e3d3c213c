"""The installation's hash chain: every record and audit event is a signed link.

A link commits to what it covers (the SHA-256 of a canonical payload), to the previous link of the
same installation, and to its own place in the sequence; the installation's Ed25519 key signs the
canonical bytes of the link, whose SHA-256 the next link carries.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from zzsign.domain.canonical import canonical_json, sha256_hex
from zzsign.domain.record import AuditEntry

CHAIN_FORMAT = "zzsign.chain/1"
AUDIT_FORMAT = "zzsign.audit/1"
GENESIS = "0" * 64


class LinkKind(StrEnum):
    """What a link covers."""

    RECORD = "record"
    AUDIT_EVENT = "audit_event"
    VOID = "void"


def audit_subject(record_id: str, position: int) -> str:
    """The subject of an audit event's link."""
    return f"{record_id}/{position}"


def audit_payload(record_id: str, position: int, entry: AuditEntry) -> dict[str, object]:
    """The canonical form of one audit event."""
    return {
        "format": AUDIT_FORMAT,
        "record_id": record_id,
        "position": position,
        **entry.evidence(),
    }


@dataclass(frozen=True)
class ChainLink:
    """One link of an installation's chain (everything but the signature)."""

    installation_id: str
    sequence: int
    kind: str
    subject: str
    payload_sha256: str
    prev_sha256: str

    def canonical_bytes(self, *, check: bool = True) -> bytes:
        """The bytes that are hashed and signed (``check=False``: see canonical_json)."""
        return link_canonical_bytes(
            self.installation_id,
            self.sequence,
            self.kind,
            self.subject,
            self.payload_sha256,
            self.prev_sha256,
            check=check,
        )

    @cached_property
    def entry_sha256(self) -> str:
        """SHA-256 of the canonical link; the next link's ``prev_sha256``."""
        return sha256_hex(self.canonical_bytes())


def link_canonical_bytes(
    installation_id: str,
    sequence: int,
    kind: str,
    subject: str,
    payload_sha256: str,
    prev_sha256: str,
    *,
    check: bool = True,
) -> bytes:
    """The canonical bytes of a link from plain values: the one definition behind
    :meth:`ChainLink.canonical_bytes` (verify's walk calls it straight from stored rows)."""
    return canonical_json(
        {
            "format": CHAIN_FORMAT,
            "installation_id": installation_id,
            "sequence": sequence,
            "kind": kind,
            "subject": subject,
            "payload_sha256": payload_sha256,
            "prev_sha256": prev_sha256,
        },
        check=check,
    )


def payload_sha256(payload: dict[str, object], *, check: bool = True) -> str:
    """SHA-256 of a canonical payload (``check=False``: see canonical_json)."""
    return sha256_hex(canonical_json(payload, check=check))


def extend_chain(
    installation_id: str,
    head: tuple[int, str],
    items: list[tuple[LinkKind, str, str]],
) -> list[ChainLink]:
    """Links for ``items`` (kind, subject, payload hash) after ``head`` (sequence, entry hash)."""
    sequence, prev = head
    links = []
    for kind, subject, payload_hash in items:
        sequence += 1
        link = ChainLink(installation_id, sequence, kind.value, subject, payload_hash, prev)
        links.append(link)
        prev = link.entry_sha256
    return links
