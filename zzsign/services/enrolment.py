"""Enrolment: HR's station makes HR's keys and a signed enrolment file; a kiosk takes it in.

* ``zzsign hr init`` (:func:`init_hr_station`): HR's X25519 sealing key and Ed25519 signing
  key, wrapped by the HR password, on the HR station's store, their public halves pinned in its
  keyring. On a store made before HR had a signing key, the signing key is added (a new entry
  of HR's keys: they are append-only).
* ``zzsign hr enrol-kiosk`` (:func:`write_enrolment_file`): a small JSON file, signed by HR's
  signing key, that carries HR's public keys, the agreement and disclosure versions in force
  (texts and hashes) and, if given, the central database's URL (never a password).
* ``zzsign enrol FILE --expect SHA256:…`` (:func:`enrol`): a kiosk checks the file's signature
  and that HR's fingerprint is the one HR gave out, pins HR's public keys in its keyring for
  its store, keeps an entry of HR's public keys (never a private key) and registers the
  documents. A kiosk then seals only to the pinned key (see
  :func:`zzsign.services.record_writer.sealing_key`).

HR's fingerprint is the fingerprint of HR's signing public key (see
:mod:`zzsign.security.hr_signing`), which signs the rest of the file.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from zzsign.domain.canonical import canonical_json, sha256_hex
from zzsign.domain.clock import Clock, system_clock
from zzsign.domain.documents import Agreement, DocumentIntegrityError, VersionedDocument
from zzsign.domain.messages import QT_TRANSLATE_NOOP, Message
from zzsign.files import write_file_atomically
from zzsign.security import hr_signing
from zzsign.security.fingerprints import public_key_fingerprint, same_fingerprint
from zzsign.security.hr_pin import HrPin, PinnedHrKeys
from zzsign.security.keyring_store import SecretStore
from zzsign.services.errors import UserFacingError
from zzsign.services.hr import HrAccess, HrStationOnlyError
from zzsign.services.store import Database
from zzsign.store.database import store_identity
from zzsign.store.hr_keys import HrKeyEntry, HrKeyRepository
from zzsign.store.locks import SET_UP_KEY, hold_lock
from zzsign.store.records import AGREEMENT, DISCLOSURE, RecordRepository

log = logging.getLogger(__name__)

#: What an enrolment file says it is, and the version of its layout.
FILE_FORMAT = "zzsign-enrolment"
FILE_VERSION = 1
#: The largest enrolment file read (two documents' texts and two keys fit in far less).
MAX_FILE_BYTES = 2 * 1024 * 1024


class EnrolmentRefusedError(UserFacingError):
    """The enrolment file was refused (not HR's, changed, unreadable, or another HR's than
    this laptop's); nothing was changed."""


class CentralUrlError(UserFacingError):
    """The central database URL given for the enrolment file cannot go into it."""


def hr_pin(database: Database, secrets: SecretStore) -> HrPin:
    """This laptop's pin of HR's public keys for ``database``'s store."""
    return HrPin(secrets, store_identity(database.settings.database_url))


def hr_access(database: Database, secrets: SecretStore | None = None, **options) -> HrAccess:
    """:class:`HrAccess` over ``database`` with this laptop's keyring: it pins HR's keys there,
    and keeps (or reads) the HR station's secret that joins the HR password."""
    keyring = secrets or SecretStore()
    return HrAccess(database.sessions, pin=hr_pin(database, keyring), secrets=keyring, **options)


@dataclass(frozen=True)
class HrInit:
    """What ``zzsign hr init`` did: ``made`` "keys" (HR's keys are new), "signing key" (added
    to HR's older keys) or "" (all there already); and HR's fingerprint."""

    made: str
    fingerprint: str


def init_hr_station(hr: HrAccess, password: Callable[[bool], str]) -> HrInit:
    """Make HR's keys on this store (``password(True)``: a new HR password, asked twice), or
    add HR's signing key to keys made before it (``password(False)``: the HR password). A
    kiosk's store (HR's public keys only) is refused with :class:`HrStationOnlyError`."""
    if not hr.is_set_up():
        hr.set_up(password(True))
        return HrInit("keys", hr.fingerprint())
    if not hr.holds_private_keys():
        raise HrStationOnlyError()
    if hr.keys().signing_public_key is None:
        hr.unlock(password(False))  # makes the signing key
        return HrInit("signing key", hr.fingerprint())
    return HrInit("", hr.fingerprint())


def public_database_url(url: str) -> str:
    """``url`` as the enrolment file may carry it: a database server's URL without a password
    (:class:`CentralUrlError` for one that holds a password, or is not a server's)."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise CentralUrlError(_CENTRAL_URL_UNREADABLE) from exc
    if parsed.get_backend_name() == "sqlite":
        raise CentralUrlError(_CENTRAL_URL_UNREADABLE)
    if parsed.password is not None or "password" in parsed.query:
        raise CentralUrlError(
            Message(
                QT_TRANSLATE_NOOP(
                    "Messages",
                    "Give the central database URL without its password; each kiosk keeps the "
                    "password in its own ~/.pgpass.",
                )
            )
        )
    return parsed.render_as_string(hide_password=False)


_CENTRAL_URL_UNREADABLE = Message(
    QT_TRANSLATE_NOOP(
        "Messages",
        "The central database URL is not a database server's URL; give one such as "
        "postgresql+psycopg://zzsign@db.example.com/zzsign.",
    )
)


def write_enrolment_file(
    database: Database,
    hr: HrAccess,
    password: str,
    out: Path,
    central_url: str | None = None,
    clock: Clock = system_clock,
) -> str:
    """Write the enrolment file to ``out`` (whole, or not at all), signed by HR's signing key
    (unlocked with ``password``; a kiosk is refused with :class:`HrStationOnlyError`); returns
    HR's fingerprint, the one to give with ``zzsign enrol --expect``."""
    url = None if central_url is None else public_database_url(central_url)
    keys = hr.unlock_keys(password)
    assert keys.entry.signing_public_key is not None  # unlock_keys makes it
    with database.sessions() as db:
        stored = RecordRepository(db).documents()
    newest: dict[str, VersionedDocument] = {}
    for kind, document in stored:  # oldest first: the last of each kind is the newest
        newest[kind] = document
    body = {
        "format": FILE_FORMAT,
        "version": FILE_VERSION,
        "made_at_utc": clock().utc_iso,
        "hr": {
            "sealing_public_key": keys.entry.public_key,
            "signing_public_key": keys.entry.signing_public_key,
        },
        "documents": [
            {
                "kind": kind,
                "version": document.version,
                "title": document.title,
                "sha256": document.sha256,
                "text": document.text,
            }
            for kind, document in sorted(newest.items())
            if kind in (AGREEMENT, DISCLOSURE)
        ],
        "central_database_url": url,
    }
    signature = hr_signing.sign(keys.signing, canonical_json(body))
    data = canonical_json({"enrolment": body, "signature": signature.hex()})
    write_file_atomically(out, data + b"\n")
    return public_key_fingerprint(bytes.fromhex(keys.entry.signing_public_key))


@dataclass(frozen=True)
class Enrolment:
    """A checked enrolment file: HR's public keys (hex), the documents, the central URL."""

    sealing_public_key: str
    signing_public_key: str
    documents: tuple[tuple[str, VersionedDocument], ...]
    central_database_url: str | None

    @property
    def fingerprint(self) -> str:
        """HR's fingerprint (of the signing key)."""
        return public_key_fingerprint(bytes.fromhex(self.signing_public_key))

    @property
    def pinned(self) -> PinnedHrKeys:
        """HR's public keys as a laptop pins them."""
        return PinnedHrKeys(self.sealing_public_key, self.signing_public_key)


_NOT_AN_ENROLMENT_FILE = Message(
    QT_TRANSLATE_NOOP(
        "Messages",
        "This is not an enrolment file zzsign can read, so nothing was changed; ask HR for the "
        "file zzsign hr enrol-kiosk made.",
    )
)
_NOT_SIGNED_BY_HR = Message(
    QT_TRANSLATE_NOOP(
        "Messages",
        "The enrolment file was changed after HR signed it, so nothing was changed; ask HR for "
        "a new one.",
    )
)


def read_enrolment_file(path: Path) -> Enrolment:
    """The enrolment file at ``path``, parsed and its signature checked against the signing
    key it carries (:class:`EnrolmentRefusedError` otherwise). Who that key is, is for the
    caller to check against the fingerprint HR gave out."""
    try:
        with path.open("rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise EnrolmentRefusedError(
            Message(
                QT_TRANSLATE_NOOP(
                    "Messages", "The enrolment file cannot be read; check its path and try again."
                )
            )
        ) from exc
    if len(data) > MAX_FILE_BYTES:
        raise EnrolmentRefusedError(_NOT_AN_ENROLMENT_FILE)
    try:
        outer = json.loads(data)
        body = outer["enrolment"]
        signature = bytes.fromhex(outer["signature"])
        if body["format"] != FILE_FORMAT or body["version"] != FILE_VERSION:
            raise ValueError("not this layout")
        signed = canonical_json(body)
        hr = body["hr"]
        sealing_key = bytes.fromhex(hr["sealing_public_key"])
        signing_key = bytes.fromhex(hr["signing_public_key"])
        url = body.get("central_database_url")
        if len(sealing_key) != 32 or len(signing_key) != 32 or not isinstance(url, str | None):
            raise ValueError("not this layout")
        documents = tuple(_document(item) for item in body["documents"])
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
        raise EnrolmentRefusedError(_NOT_AN_ENROLMENT_FILE) from exc
    if not hr_signing.is_valid(signing_key, signature, signed):
        raise EnrolmentRefusedError(_NOT_SIGNED_BY_HR)
    if any(sha256_hex(d.text.encode("utf-8")) != d.sha256 for _kind, d in documents):
        raise EnrolmentRefusedError(_NOT_SIGNED_BY_HR)  # (HR never signs a wrong hash)
    return Enrolment(sealing_key.hex(), signing_key.hex(), documents, url)


def _document(item: dict) -> tuple[str, VersionedDocument]:
    kind = item["kind"]
    version = item["version"]
    if kind not in (AGREEMENT, DISCLOSURE) or isinstance(version, bool):
        raise ValueError("unknown document")
    if not isinstance(version, int) or not all(
        isinstance(item[name], str) for name in ("title", "text", "sha256")
    ):
        raise ValueError("malformed document")
    cls = Agreement if kind == AGREEMENT else VersionedDocument
    document = cls(version, item["title"], item["text"], item["sha256"])
    if isinstance(document, Agreement):
        document.third_party_clause  # noqa: B018 - DocumentIntegrityError without the clause
    return kind, document


@dataclass(frozen=True)
class EnrolResult:
    """What ``zzsign enrol`` did: HR's fingerprint, whether anything changed (a second
    enrolment with the same HR changes nothing), the central database's URL if HR gave one."""

    fingerprint: str
    changed: bool
    central_database_url: str | None


def enrol(
    database: Database,
    path: Path,
    expect: str,
    *,
    secrets: SecretStore | None = None,
    replace_hr: bool = False,
    clock: Clock = system_clock,
) -> EnrolResult:
    """Enrol this laptop's store (``database``) to the HR that made the enrolment file at
    ``path``, if HR's fingerprint in it is ``expect``. Refusals
    (:class:`EnrolmentRefusedError`) change nothing. A laptop already enrolled to another HR
    (or holding another HR's keys) is refused unless ``replace_hr``."""
    try:
        enrolment = read_enrolment_file(path)
    except DocumentIntegrityError as exc:
        raise EnrolmentRefusedError(exc.message) from exc
    if not same_fingerprint(expect, enrolment.fingerprint):
        raise EnrolmentRefusedError(
            Message(
                QT_TRANSLATE_NOOP(
                    "Messages",
                    "The enrolment file names HR's fingerprint {fingerprint}, not the one given "
                    "with --expect, so nothing was changed; check the fingerprint with HR.",
                ),
                fingerprint=enrolment.fingerprint,
            )
        )
    pin = hr_pin(database, secrets or SecretStore())
    pinned = pin.read()
    wanted = enrolment.pinned
    if pinned is not None and not replace_hr and pinned.names_another_hr_than(wanted):
        raise EnrolmentRefusedError(_ANOTHER_HR)
    changed = False
    try:
        with database.sessions.begin() as db:
            hold_lock(db, SET_UP_KEY)
            keys = HrKeyRepository(db)
            newest = keys.newest()
            same_hr = newest is not None and not _keys_of(newest).names_another_hr_than(wanted)
            if newest is not None and not same_hr and not replace_hr:
                raise EnrolmentRefusedError(_ANOTHER_HR)
            if (
                newest is None
                or not same_hr
                or (
                    not newest.holds_private_keys
                    and newest.signing_public_key != wanted.signing_public_key
                )
            ):
                keys.add(
                    wanted.sealing_public_key,
                    at=clock(),
                    signing_public_key=wanted.signing_public_key,
                )
                changed = True
            records = RecordRepository(db)
            known = {(kind, d.version, d.sha256) for kind, d in records.documents()}
            for kind, document in enrolment.documents:
                if (kind, document.version, document.sha256) not in known:
                    records.register_document(kind, document, clock())
                    changed = True
    except DocumentIntegrityError as exc:
        raise EnrolmentRefusedError(exc.message) from exc
    if pinned != wanted:
        pin.write(wanted)  # KeyringUnavailableError as it comes: the kiosk then stays unpinned
        changed = True
    log.info("Enrolled to HR (%s)", "changed" if changed else "already so")
    return EnrolResult(enrolment.fingerprint, changed, enrolment.central_database_url)


_ANOTHER_HR = Message(
    QT_TRANSLATE_NOOP(
        "Messages",
        "This laptop is enrolled to another HR already, so nothing was changed; to move it to "
        "this HR, run zzsign enrol again with --replace-hr.",
    )
)


def _keys_of(entry: HrKeyEntry) -> PinnedHrKeys:
    """An entry's public keys, as a laptop pins them."""
    return PinnedHrKeys(entry.public_key, entry.signing_public_key)
