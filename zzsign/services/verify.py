"""``zzsign verify``: prove that every record is exactly what was signed, or say what is wrong."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from zzsign.domain.canonical import sha256_hex
from zzsign.security.chain import LinkKind, payload_sha256
from zzsign.security.chain_check import (
    audit_digests,
    leftover_links,
    record_keys,
    record_problems,
    sharing_the_gil,
    void_problems,
    walk_chain,
)
from zzsign.security.installation_keys import (
    InstallationSigner,
    SignatureChecker,
    chain_head_name,
    signing_key_name,
)
from zzsign.security.keyring_store import KeyringUnavailableError, SecretStore
from zzsign.security.store_ties import tied_installation
from zzsign.services.chain_anchor import parse_chain_head
from zzsign.services.errors import UserFacingError
from zzsign.services.records import SealedContentError, unseal_personal
from zzsign.store.database import store_identity
from zzsign.store.errors import describe_storage_failure
from zzsign.store.records import RecordRepository, UnreadableRecord


class VerificationImpossibleError(UserFacingError):
    """The store could not be read at all (exit code 2)."""


@dataclass(frozen=True)
class Problem:
    """One thing found wrong, and the record (or chain position) it concerns."""

    subject: str
    what: str

    def __str__(self) -> str:
        return f"{self.subject}: {self.what}"


@dataclass
class VerificationReport:
    """What was checked, what was wrong, and what could not be checked."""

    records: int = 0
    links: int = 0
    voided: int = 0
    sealed_checked: int = 0
    problems: list[Problem] = field(default_factory=list)
    not_checked: list[str] = field(default_factory=list)
    #: False when a file was checked against the key it carries itself, its maker unconfirmed
    #: (neither known to this store nor the one expected): intact then means "consistent".
    origin_checked: bool = True

    @property
    def intact(self) -> bool:
        """No problem found."""
        return not self.problems

    def add(self, subject: str, what: str) -> None:
        """Note a problem."""
        self.problems.append(Problem(subject, what))


def verify_store(
    sessions: sessionmaker[Session],
    *,
    secrets: SecretStore | None = None,
    hr_private_key: bytes | None = None,
    progress: Callable[[int], None] | None = None,
) -> VerificationReport:
    """Check every document, record, audit event and link; unseal personal data with HR's key.

    With ``secrets`` (this laptop's keyring), also check that the local installation's public
    key is this laptop's key and that its chain reaches the newest link the laptop remembers.
    """
    report = VerificationReport()
    try:
        # The keyring is read before the snapshot is taken: every head it remembers was
        # committed before it was remembered, so the snapshot holds it. The other way round, a
        # record signed meanwhile by a kiosk on the same store would look like a chain cut short.
        with sessions() as db:
            identity = store_identity(
                db.get_bind().engine.url.render_as_string(hide_password=False)
            )
            anchors = _anchors(RecordRepository(db), identity, secrets, report)
        with sessions() as db, sharing_the_gil():
            records = RecordRepository(db)
            installations = records.installations()
            checker = SignatureChecker({i.id: i.public_key for i in installations})
            _check_documents(records, report)
            # the signatures are checked on threads while the records are read and hashed here
            walk = walk_chain(records.links(), checker, report.add, anchors, later=True)
            report.links += walk.links
            try:
                payloads = walk.payloads
                seen = _check_records(records, payloads, report, hr_private_key, progress)
                seen |= _check_voids(records, payloads, report)
                leftover_links(payloads, seen, report.add)
            finally:
                walk.finish()
    except SQLAlchemyError as exc:
        raise VerificationImpossibleError(describe_storage_failure(exc)) from exc
    if hr_private_key is None:
        report.not_checked.append(
            "sealed personal data (names, emails, employee IDs, signatures) was not opened and "
            "compared: give the HR password to check it"
        )
    return report


def _anchors(
    records: RecordRepository,
    identity: str | None,
    secrets: SecretStore | None,
    report: VerificationReport,
) -> dict[str, tuple[int, str]]:
    """This laptop's key and newest link, as its keyring remembers them (its installation in
    the store named ``identity`` is the one the keyring names there, see
    :func:`zzsign.security.store_ties.tied_installation`)."""
    if secrets is None:
        if records.installations():
            report.not_checked.append(
                "this laptop's keyring was not consulted, so a chain cut short at its end "
                "would not show"
            )
        return {}
    try:
        named = None if identity is None else tied_installation(secrets, identity)
        local = None if named is None else records.installation(named)
        if named is not None and local is None:
            report.add(
                f"installation {named}",
                "this laptop's keyring names it, but the store does not hold it (the store was "
                "replaced, or is another one)",
            )
        if local is None:
            return {}
        private = secrets.get(signing_key_name(local.id))
        head = secrets.get(chain_head_name(local.id))
    except KeyringUnavailableError as exc:
        report.not_checked.append(f"this laptop's keyring could not be read: {exc.message}")
        return {}
    if (
        private is not None
        # none on record yet: another process is making the key now (nothing is signed with it
        # before its public half is committed, and a link without a key on record fails anyway)
        and local.public_key is not None
        and local.public_key != InstallationSigner.from_secret(private).public_key_hex
    ):
        report.add(
            f"installation {local.id}",
            "its public key on record is not this laptop's key (unknown key)",
        )
    if head is None:
        return {}
    anchor = parse_chain_head(head)
    if anchor is None:
        report.not_checked.append(
            "the newest chain entry this laptop's keyring remembers could not be read, so a "
            "chain cut short at its end would not show"
        )
        return {}
    return {local.id: anchor}


def _check_documents(records: RecordRepository, report: VerificationReport) -> None:
    for kind, document in records.documents():
        if sha256_hex(document.text.encode("utf-8")) != document.sha256:
            report.add(f"{kind} version {document.version}", "its text differs from its hash")


def _check_records(
    records: RecordRepository,
    payloads: dict[tuple[str, str], str],
    report: VerificationReport,
    hr_private_key: bytes | None,
    progress: Callable[[int], None] | None,
) -> set[tuple[str, str]]:
    """Check every record (and a format-1 record's audit events) against its links; return the
    (kind, subject) links they account for."""
    seen: set[tuple[str, str]] = set()
    payload_of = payloads.get

    def linked_payload(kind: str, subject: str) -> str | None:
        return payload_of((kind, subject))

    for checked in records.record_checks(with_records=hr_private_key is not None):
        report.records += 1
        if isinstance(checked, UnreadableRecord):
            seen.add((LinkKind.RECORD.value, checked.record_id))
            report.add(
                f"record {checked.record_id}",
                "its stored fields no longer make sense (edited or damaged)",
            )
            continue
        record_id, record_format, stored = checked.record_id, checked.record_format, checked.stored
        # a format-1 record (always built) also accounts for its audit events' links
        audit = audit_digests(stored.public) if stored is not None else []
        seen.update(record_keys(record_id, record_format, len(audit)))
        problems = record_problems(
            record_id,
            record_format,
            checked.payload_sha256,
            audit,
            linked_payload,
            stored_sha256=checked.stored_sha256,
        )
        subject = f"record {record_id}"
        for what in problems:
            report.add(subject, what)
        if hr_private_key is not None and stored is not None:
            try:
                unseal_personal(stored, hr_private_key)
                report.sealed_checked += 1
            except SealedContentError as exc:
                report.add(subject, str(exc))
        if progress is not None and report.records % 1000 == 0:
            progress(report.records)
    return seen


def _check_voids(
    records: RecordRepository,
    payloads: dict[tuple[str, str], str],
    report: VerificationReport,
) -> set[tuple[str, str]]:
    """Each void must be exactly what its chain entry says; return the links accounted for."""
    seen: set[tuple[str, str]] = set()
    for void in records.voids():
        report.voided += 1
        key = (LinkKind.VOID.value, void.record_id)
        seen.add(key)
        subject = f"record {void.record_id}"
        if isinstance(void, UnreadableRecord):
            report.add(subject, "its void no longer makes sense (edited or damaged)")
            continue
        for what in void_problems(payload_sha256(void.payload(), check=False), payloads.get(key)):
            report.add(subject, what)
    return seen


def verify_database(
    database_url: str,
    *,
    secrets: SecretStore | None = None,
    hr_private_key: bytes | None = None,
) -> VerificationReport:
    """:func:`verify_store` over one read-only snapshot of the store at ``database_url``, so
    that kiosks can go on signing while it is checked."""
    from zzsign.store.database import snapshot_sessions

    readers, release = snapshot_sessions(database_url)
    try:
        return verify_store(readers, secrets=secrets, hr_private_key=hr_private_key)
    finally:
        release()


def verify_database_on_this_laptop(
    database_url: str, *, hr_private_key: bytes | None = None
) -> VerificationReport:
    """:func:`verify_database` with this laptop's keyring, so that its installation key and the
    newest chain entry it remembers are checked too (a keyring that is missing or locked is not
    fatal: the report notes why it was not read)."""
    return verify_database(database_url, secrets=SecretStore(), hr_private_key=hr_private_key)
