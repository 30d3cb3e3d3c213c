"""A store to test against: the HR password, HR set up, records signed the way the kiosk signs
them, the shipped agreement, the format-1 fixture store."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

from support import TESTS
from support.keyrings import FileKeyring, MemoryKeyring
from zzsign.config import Settings
from zzsign.domain.clock import Timestamp
from zzsign.domain.record import SigningSession, Step
from zzsign.domain.signature import DrawnSignature
from zzsign.domain.signer import DetailsForm
from zzsign.security.keyring_store import SecretStore
from zzsign.services.signing import SigningService
from zzsign.services.store import shipped_documents

HR_PASSWORD = "correct horse battery staple"
#: A cheap argon2id cost, so that tests don't spend a quarter second per password.
CHEAP_WRAPPING = {"time_cost": 1, "memory_cost_kib": 1024}
FORMAT_1_FIXTURE = TESTS / "fixtures" / "format-1"
#: The agreement shipped with zzsign, and its Third Party Information clause.
SHIPPED, _ = shipped_documents()
CLAUSE = SHIPPED.third_party_clause


def cheap_wrapping_by_default(monkeypatch) -> None:
    """Make CHEAP_WRAPPING the argon2id cost of an HrAccess given none (the command line or the
    app, run in this process), so that its HR unlocks do not wrap the test's cheap wrap again
    at the full cost, and then pay that cost at every later unlock."""
    from zzsign.security import hr_password

    monkeypatch.setattr(hr_password, "DEFAULT_TIME_COST", CHEAP_WRAPPING["time_cost"])
    monkeypatch.setattr(hr_password, "DEFAULT_MEMORY_COST_KIB", CHEAP_WRAPPING["memory_cost_kib"])


@contextlib.contextmanager
def cheap_hr_wrapping() -> Iterator[None]:
    """Meanwhile, HR's keys are wrapped at :data:`CHEAP_WRAPPING` unless a caller names a cost
    (a new HR password, a new store's: ``zzsign hr-password``, ``demo``, ``restore``): the cost
    an HrAccess given none takes."""
    from zzsign.security import hr_password

    saved = hr_password.DEFAULT_TIME_COST, hr_password.DEFAULT_MEMORY_COST_KIB
    hr_password.DEFAULT_TIME_COST = CHEAP_WRAPPING["time_cost"]
    hr_password.DEFAULT_MEMORY_COST_KIB = CHEAP_WRAPPING["memory_cost_kib"]
    try:
        yield
    finally:
        hr_password.DEFAULT_TIME_COST, hr_password.DEFAULT_MEMORY_COST_KIB = saved


def set_up_hr(sessions) -> None:
    """HR's first use: set the HR password."""
    from zzsign.services.hr import HrAccess

    HrAccess(sessions, wrapping_cost=CHEAP_WRAPPING).set_up(HR_PASSWORD)


#: The steps the kiosk marks between the hire's details and the signature, in order.
STEPS_BEFORE_SIGNATURE = (
    Step.DETAILS_ENTERED,
    Step.CONSENTED,
    Step.REACHED_END,
    Step.ACKNOWLEDGED_CLAUSE,
    Step.ACKNOWLEDGED_AGREEMENT,
)


def walk_to_signature(session: SigningSession, clock: Callable[[], Timestamp]) -> None:
    """Mark on ``session`` every step the kiosk marks between the details and the signature,
    each at ``clock()``."""
    for step in STEPS_BEFORE_SIGNATURE:
        session.mark(step, clock())


def signed_session(service: SigningService, name: str = "Ingrid Øvergård"):
    """A signing session of ``name`` ready to sign: details, consent, acknowledgements, a drawn
    signature."""
    session = service.start_session()
    details, errors = DetailsForm(
        name, "ingrid@zzservers.com", "E-7", "Finance", date(2026, 12, 1)
    ).validate(date(2026, 11, 25))
    assert not errors
    session.signer = details
    walk_to_signature(session, service.clock)
    strokes = (tuple((10 + i * 7, 40 + (i % 5) * 9, i * 16) for i in range(40)),)
    session.signature = DrawnSignature(strokes, 600, 200, b"\x89PNG fake image bytes")
    session.mark(Step.SIGNATURE_ADOPTED, service.clock())
    return session


def sign_real_records(data_dir: Path, keyring_file: Path, names: tuple[str, ...]) -> None:
    """Sign real (non-demo) records in-process through SigningService, as the kiosk does."""
    from zzsign.services.store import open_store

    previous = os.environ.get("ZZSIGN_TEST_KEYRING_FILE")
    os.environ["ZZSIGN_TEST_KEYRING_FILE"] = str(keyring_file)
    try:
        settings = Settings.resolve(data_dir=str(data_dir), environ={})
        store = open_store(settings, SecretStore(backend=FileKeyring()))
        try:
            service = SigningService(store)
            for name in names:
                service.sign(signed_session(service, name), screen="1920x1080 at 1x")
        finally:
            store.close()
    finally:
        if previous is None:
            del os.environ["ZZSIGN_TEST_KEYRING_FILE"]
        else:
            os.environ["ZZSIGN_TEST_KEYRING_FILE"] = previous


def signed_copy_again(store, hr_key: bytes, record_id: str) -> bytes:
    """The sealed signed copy of a stored record, made again from the store as HR would."""
    from zzsign.services.pdf_copy import make_signed_copy, material_from_store

    with store.sessions() as db:
        material = material_from_store(db, record_id, hr_key, store.seal, store.seal_endorsement)
    return make_signed_copy(material)


def drop_triggers(raw: sqlite3.Connection) -> None:
    """What anyone editing the file would do first: remove the append-only guards."""
    query = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
    for (trigger,) in list(raw.execute(query)):
        raw.execute(f"DROP TRIGGER {trigger}")


def format_1_store(folder: Path):
    """A copy of the format-1 fixture store (schema 0003, made by the kiosk of commit 70aefbf)
    in ``folder/data``, and its keyring loaded into a fresh in-process keyring.

    Returns (settings, secrets, keyring backend); the store is not opened (nor upgraded) yet.
    """
    data = folder / "data"
    data.mkdir(mode=0o700, parents=True)
    shutil.copyfile(FORMAT_1_FIXTURE / "zzsign.sqlite3", data / "zzsign.sqlite3")
    backend = MemoryKeyring()
    saved = json.loads((FORMAT_1_FIXTURE / "keyring.json").read_text(encoding="utf-8"))
    for name, value in saved.items():
        service, _, username = name.partition("\\n")  # FileKeyring joins them so
        backend.passwords[(service, username)] = value
    settings = Settings.resolve(data_dir=str(data), environ={})
    return settings, SecretStore(backend=backend), backend
