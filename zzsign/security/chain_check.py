"""The one verification core: walking a chain, and checking a record or a void against its links.

``zzsign verify`` (the store), an evidence package, a signed PDF and HR's per-record check all
call these; each only reads its links and records its own way (plain rows from the store, JSON
from a package or a PDF). Problems are told to ``add(subject, what)`` in one sentence each.

Rules by record format:

* format 1 — a signing is nine links: eight ``audit_event`` links (one per step) then the
  ``record`` link; the record's payload also holds its audit trail;
* format 2 — a signing is one ``record`` link, whose payload holds the audit trail.

A void is one ``void`` link in both formats. Ed25519 signatures are checked on threads (they
release the GIL): handed over in chunks while a walk is still reading links, so that they run
beside it and beside the record checks that follow.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Protocol

from zzsign.domain.canonical import CanonicalTemplate, canonical_text, sha256_hex
from zzsign.domain.messages import QT_TRANSLATE_NOOP, Message
from zzsign.domain.record import PublicRecord
from zzsign.security.chain import (
    GENESIS,
    LinkKind,
    audit_payload,
    audit_subject,
    link_canonical_bytes,
    payload_sha256,
)
from zzsign.security.installation_keys import SignatureChecker

Add = Callable[[str, str], None]
#: (position, step name, payload hash) of each audit event of a format-1 record.
AuditDigests = Sequence[tuple[int, str, str]]

UNKNOWN_KEY = "its links are signed by an unknown key (no valid public key on record)"

#: Each audit step as a sentence names it (the domain's Step values): shown translated with it.
STEP_NAMES = {
    "opened": QT_TRANSLATE_NOOP("Messages", "opened"),
    "details_entered": QT_TRANSLATE_NOOP("Messages", "details entered"),
    "consented_to_electronic_records": QT_TRANSLATE_NOOP(
        "Messages", "consented to electronic records"
    ),
    "reached_end_of_agreement": QT_TRANSLATE_NOOP("Messages", "reached end of agreement"),
    "acknowledged_third_party_clause": QT_TRANSLATE_NOOP(
        "Messages", "acknowledged third party clause"
    ),
    "acknowledged_agreement": QT_TRANSLATE_NOOP("Messages", "acknowledged agreement"),
    "signature_adopted": QT_TRANSLATE_NOOP("Messages", "signature adopted"),
    "signed": QT_TRANSLATE_NOOP("Messages", "signed"),
}


class SignedLinkLike(Protocol):
    """A chain link with its signature, however it was read (read-only: a frozen dataclass or a
    named tuple is one)."""

    @property
    def installation_id(self) -> str: ...
    @property
    def sequence(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def subject(self) -> str: ...
    @property
    def payload_sha256(self) -> str: ...
    @property
    def prev_sha256(self) -> str: ...
    @property
    def entry_sha256(self) -> str: ...
    @property
    def signature(self) -> str: ...


def link_subject(subject: object) -> str:
    """Whom a problem with a link concerns: the record its subject names."""
    return f"record {str(subject).split('/')[0]}"


def link_bytes(link: SignedLinkLike) -> bytes:
    """The canonical bytes a link's hash and signature cover (never refused: see canonical):
    :func:`link_canonical_bytes` of its values, filled into its template."""
    try:
        template = _link_template_of(link.installation_id, link.kind)
    except TypeError:  # a value that cannot be kept (a package's odd one): the same, not kept
        template = _link_template_of.__wrapped__(link.installation_id, link.kind)
    return template.text(  # its open slots, in the order _link_template_of checks
        (
            canonical_text(link.payload_sha256),
            canonical_text(link.prev_sha256),
            canonical_text(link.sequence),
            canonical_text(link.subject),
        )
    ).encode("utf-8")


_LINK_SLOTS = ("installation_id", "sequence", "kind", "subject", "payload_sha256", "prev_sha256")
#: The slots a link's template keeps open once its installation and kind are in, in its order.
_OPEN_LINK_SLOTS = ["payload_sha256", "prev_sha256", "sequence", "subject"]


@functools.cache
def _link_template() -> CanonicalTemplate:
    """:func:`link_canonical_bytes` with a slot for each value."""
    slot = CanonicalTemplate.slot
    shape = link_canonical_bytes(*(slot(name) for name in _LINK_SLOTS), check=False)  # type: ignore[arg-type]
    return CanonicalTemplate.of(shape, _LINK_SLOTS)


@functools.lru_cache(maxsize=256, typed=True)
def _link_template_of(installation_id: object, kind: object) -> CanonicalTemplate:
    """:func:`_link_template` with an installation and a kind filled in (a chain's links share
    them: kept; ``typed``, so that values that only compare equal are never mixed up)."""
    template = _link_template().partial(
        {"installation_id": canonical_text(installation_id), "kind": canonical_text(kind)}
    )
    if template.slots != _OPEN_LINK_SLOTS:
        raise RuntimeError("a link's canonical form no longer orders its values as link_bytes")
    return template


@dataclass
class ChainWalk:
    """What a walk saw: the payload hash of every (kind, subject), and each record's link.

    A walk started with ``later=True`` is still checking signatures on threads: :meth:`finish`
    waits for them and tells their problems.
    """

    payloads: dict[tuple[str, str], str] = field(default_factory=dict)
    last: dict[str, int] = field(default_factory=dict)
    links: int = 0
    pending: Callable[[], None] | None = None

    def finish(self) -> None:
        """Wait for the signature checks still running, and tell their problems."""
        if self.pending is not None:
            pending, self.pending = self.pending, None
            pending()


def walk_chain(
    links: Iterable[SignedLinkLike],
    checker: SignatureChecker,
    add: Add,
    anchors: dict[str, tuple[int, str]] | None = None,
    unknown_key: str = UNKNOWN_KEY,
    *,
    later: bool = False,
) -> ChainWalk:
    """Walk every installation's chain (links by installation, then sequence from 1).

    Checks order, the previous-link hashes, each link's own hash and signature, and — with
    ``anchors`` ({installation: (sequence, entry hash)} remembered elsewhere) — that no chain
    was rewritten or cut short. With ``later``, the signatures are still being checked when it
    returns; call :meth:`ChainWalk.finish`.
    """
    anchors = anchors or {}
    walk = ChainWalk()
    installation, expected, prev, known, anchor = None, 1, GENESIS, False, None
    signed = _SignatureChecks(checker)
    signers: list[tuple[str, int]] = []
    payloads, last = walk.payloads, walk.last
    check_signature, signer = signed.append, signers.append
    count = 0
    for link in links:
        count += 1
        sequence = link.sequence
        if type(sequence) is not int:
            add(link_subject(link.subject), "a chain entry's position was edited")
            continue
        if link.installation_id != installation:
            installation, expected, prev = link.installation_id, 1, GENESIS
            known, anchor = checker.knows(installation), anchors.get(installation)
            if not known:
                add(f"installation {installation}", unknown_key)
        if sequence != expected:
            add(
                link_subject(link.subject),
                f"chain entries are missing or reordered before "
                f"position {link.sequence} (expected {expected})",
            )
        elif link.prev_sha256 != prev:
            add(
                link_subject(link.subject),
                f"the chain is broken at position {link.sequence} "
                "(an entry before it was removed, changed or swapped)",
            )
        canonical = link_bytes(link)
        if sha256_hex(canonical) != link.entry_sha256:
            add(link_subject(link.subject), f"chain entry {link.sequence} was changed")
        elif known:
            check_signature((installation, link.signature, canonical))
            signer((link.subject, sequence))
        if anchor is not None and anchor[0] == sequence and anchor[1] != link.entry_sha256:
            add(
                link_subject(link.subject),
                f"the chain was rewritten: entry {link.sequence} "
                "differs from the one this laptop signed",
            )
        payloads[(link.kind, link.subject)] = link.payload_sha256
        last[installation] = sequence
        expected, prev = sequence + 1, link.entry_sha256
    walk.links = count
    answers = signed.answers()

    def tell_bad_signatures() -> None:
        for (subject, sequence), valid in zip(signers, answers(), strict=True):
            if not valid:
                add(link_subject(subject), f"chain entry {sequence} has a bad signature")

    walk.pending = tell_bad_signatures
    if not later:
        walk.finish()
    for anchored, (sequence, _hash) in anchors.items():
        if walk.last.get(anchored, 0) < sequence:
            add(
                f"installation {anchored}",
                f"chain entries after position {walk.last.get(anchored, 0)} are missing "
                f"(this laptop signed up to {sequence})",
            )
    return walk


#: How often (seconds) Python hands the GIL from one thread to another while a walk's signatures
#: are checked (its default is 5 ms; see :func:`sharing_the_gil`).
SWITCH_INTERVAL = 0.0002


@contextlib.contextmanager
def sharing_the_gil() -> Iterator[None]:
    """While inside, Python hands the GIL between threads every 0.2 ms instead of every 5 ms.

    An Ed25519 check releases the GIL, but its thread needs it back for a moment before the
    next one; with the default interval a main thread busy in Python (rebuilding payloads) keeps
    it for 5 ms at a time, and the signature threads barely move (measured: 2,000 signatures on
    two threads took 115 ms alone, and 120 ms *after* 250 ms of Python work beside them; 0 ms
    after, with 0.2 ms).
    """
    before = sys.getswitchinterval()
    sys.setswitchinterval(min(before, SWITCH_INTERVAL))
    try:
        yield
    finally:
        sys.setswitchinterval(before)


#: Signatures handed to the threads at a time while a walk reads on.
SIGNATURE_CHUNK = 1024


class _SignatureChecks:
    """A walk's signature checks, started on threads while it is still reading links.

    Links come in chunks to one pool of a thread per CPU (Ed25519 verification releases the
    GIL, so they run beside the walk and the record checks that follow); a walk too short to
    fill a chunk is checked by :meth:`SignatureChecker.start_checking` as one batch.
    """

    def __init__(self, checker: SignatureChecker) -> None:
        self._checker = checker
        self._chunk: list[tuple[str, str, bytes]] = []
        self._started: list[Future[list[bool]]] = []
        self._pool: ThreadPoolExecutor | None = None
        self._workers = min(os.cpu_count() or 1, 8)

    def append(self, item: tuple[str, str, bytes]) -> None:
        self._chunk.append(item)
        if len(self._chunk) >= SIGNATURE_CHUNK and self._workers > 1:
            self._start(self._chunk)
            self._chunk = []

    def _start(self, chunk: list[tuple[str, str, bytes]]) -> None:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self._workers, thread_name_prefix="zzsign-verify")
        is_valid = self._checker.is_valid
        self._started.append(self._pool.submit(lambda: [is_valid(*item) for item in chunk]))

    def answers(self) -> Callable[[], list[bool]]:
        """Start the rest; the result waits for every answer, in the order they came."""
        if self._pool is None:
            return self._checker.start_checking(self._chunk)
        if self._chunk:
            self._start(self._chunk)
        self._pool.shutdown(wait=False)
        started = self._started
        return lambda: [valid for future in started for valid in future.result()]


def single_link_problems(link: SignedLinkLike, checker: SignatureChecker) -> list[str]:
    """A link seen on its own (a signed copy's): its hash and its signature."""
    canonical = link_bytes(link)
    if sha256_hex(canonical) != link.entry_sha256:
        return ["its chain entry was changed"]
    if not checker.is_valid(link.installation_id, link.signature, canonical):
        return ["its chain entry has a bad signature"]
    return []


def record_keys(record_id: str, record_format: int, audit_events: int) -> set[tuple[str, str]]:
    """The (kind, subject) of every link a record accounts for."""
    keys = {(LinkKind.RECORD.value, record_id)}
    if record_format == 1:
        keys |= {
            (LinkKind.AUDIT_EVENT.value, audit_subject(record_id, position))
            for position in range(audit_events)
        }
    return keys


def audit_digests(public: PublicRecord) -> list[tuple[int, str, str]]:
    """(position, step, payload hash) of a format-1 record's audit events (none in format 2)."""
    if public.record_format != 1:
        return []
    return [
        (
            position,
            entry.step.value,
            payload_sha256(audit_payload(public.record_id, position, entry), check=False),
        )
        for position, entry in enumerate(public.audit)
    ]


FIELD_CHANGED = Message(QT_TRANSLATE_NOOP("Messages", "a field was changed after signing"))


def record_problems(
    record_id: str,
    record_format: int,
    payload_digest: str,
    audit: AuditDigests,
    payload_of: Callable[[str, str], str | None],
    stored_sha256: str | None = None,
) -> list[str]:
    """A record against its links: its payload hash, and (format 1) each audit event's.

    ``payload_of(kind, subject)`` is the payload hash of that link, or None if there is none;
    ``stored_sha256``, the record's hash as stored beside it, must match its payload too.
    """
    problems: list[str] = []
    linked = payload_of(LinkKind.RECORD.value, record_id)
    if linked is None:
        problems.append(
            Message(QT_TRANSLATE_NOOP("Messages", "it is not in the chain (added outside zzsign)"))
        )
    elif linked != payload_digest:
        problems.append(FIELD_CHANGED)
    if record_format == 1:
        for position, step, digest in audit:
            if payload_of(LinkKind.AUDIT_EVENT.value, audit_subject(record_id, position)) != digest:
                problems.append(
                    Message(
                        QT_TRANSLATE_NOOP(
                            "Messages",
                            "audit event {position} ({step}) was changed or is not in the chain",
                        ),
                        position=position,
                        step=Message(STEP_NAMES[step]) if step in STEP_NAMES else step,
                    )
                )
    if (
        stored_sha256 is not None
        and stored_sha256 != payload_digest
        and FIELD_CHANGED not in problems
    ):
        problems.append(FIELD_CHANGED)
    return problems


def void_problems(void_digest: str | None, linked: str | None) -> list[str]:
    """A void (its payload hash, None if there is no void) against its link's payload hash."""
    if void_digest is None:
        if linked is None:
            return []
        return [
            Message(QT_TRANSLATE_NOOP("Messages", "its void was deleted (its chain entry remains)"))
        ]
    if linked is None:
        return [
            Message(
                QT_TRANSLATE_NOOP("Messages", "its void is not in the chain (added outside zzsign)")
            )
        ]
    if linked != void_digest:
        return [
            Message(
                QT_TRANSLATE_NOOP(
                    "Messages", "its void (reason, time or who voided it) was changed after signing"
                )
            )
        ]
    return []


LEFTOVER = {
    LinkKind.RECORD.value: "the record was deleted",
    LinkKind.AUDIT_EVENT.value: "an audit event was deleted",
    LinkKind.VOID.value: "its void was deleted",
}


def leftover_links(
    payloads: dict[tuple[str, str], str], seen: set[tuple[str, str]], add: Add
) -> None:
    """Chain entries whose record, audit event or void is gone (or, for an ``audit_event``
    link naming a format-2 record, was never one of its links)."""
    for kind, subject in sorted(payloads.keys() - seen):
        what = LEFTOVER.get(kind, f"a {kind} entry's row was deleted")
        add(link_subject(subject), f"{what} (its chain entry remains)")
