"""A laptop's store with two earlier records, the kiosk over it, the store damaged or locked by
another program, and the proof afterwards that nothing was lost."""

from __future__ import annotations

import contextlib
import dataclasses
import random
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QTextEdit

from support.keyrings import MemoryKeyring
from support.kiosk import Hire, KioskDriver
from support.store import HR_PASSWORD, set_up_hr, signed_session
from zzsign.config import Settings
from zzsign.security.keyring_store import SecretStore
from zzsign.services.hr import HrAccess
from zzsign.services.signing import SigningService
from zzsign.services.store import Store, open_store
from zzsign.store.records import RecordRepository
from zzsign.views.pages.review import ReviewPage

DATABASE = "zzsign.sqlite3"


EARLIER = ("Ingrid Øvergård", "Ольга Петрова")


@dataclasses.dataclass
class Laptop:
    """A store with two earlier records, the keyring it signs with, and HR's key."""

    settings: Settings
    keyring: MemoryKeyring
    store: Store
    earlier: list[str]

    @property
    def secrets(self) -> SecretStore:
        return SecretStore(backend=self.keyring)

    @property
    def database_file(self) -> Path:
        return self.settings.data_dir / DATABASE


def laptop_at(data_dir: Path, *, busy_timeout_ms: int = 5000, clock=None) -> Laptop:
    """Open a store in ``data_dir``, set up HR and sign the two earlier records."""
    settings = dataclasses.replace(
        Settings.resolve(data_dir=str(data_dir), environ={}), busy_timeout_ms=busy_timeout_ms
    )
    backend = MemoryKeyring()
    store = open_store(settings, SecretStore(backend=backend))
    set_up_hr(store.sessions)
    service = SigningService(store, clock) if clock else SigningService(store)
    earlier = [
        service.sign(signed_session(service, name), screen="x").record_id for name in EARLIER
    ]
    return Laptop(settings, backend, store, earlier)


def everything_on_screen(window) -> str:
    """All text any widget in the window holds."""
    parts = [w.text() for w in window.findChildren(QLabel)]
    parts += [w.text() for w in window.findChildren(QLineEdit)]
    parts += [w.toPlainText() for w in window.findChildren(QTextEdit)]
    parts += [w.currentText() for w in window.findChildren(QComboBox)]
    return "\n".join(parts)


def assert_sign_refused_and_entries_kept(driver: KioskDriver, hire: Hire, sentence: str) -> None:
    """*Sign agreement* failed with exactly ``sentence``; the hire's entries are all still there."""
    driver.click("Sign agreement")
    page = driver.page
    assert isinstance(page, ReviewPage)
    assert page.problem.isVisible()
    assert page.problem.text() == sentence
    screen = everything_on_screen(driver.window)
    for typed in (hire.full_name, hire.work_email, hire.employee_id, hire.department):
        assert typed in screen
    assert driver.is_enabled("Sign agreement")


def assert_nothing_lost(laptop: Laptop, expected_records: int) -> None:
    """Reopen the store from its file: every record there, readable by HR, ``verify`` intact."""
    from zzsign.services.records import open_record
    from zzsign.services.verify import verify_database

    laptop.store.close()
    reopened = open_store(laptop.settings, laptop.secrets)
    try:
        hr_key = HrAccess(reopened.sessions).unlock(HR_PASSWORD)
        report = verify_database(
            laptop.settings.database_url, secrets=laptop.secrets, hr_private_key=hr_key
        )
        with reopened.sessions() as db:
            assert RecordRepository(db).count() == expected_records
            names = [
                open_record(db, record_id, hr_key).signer.full_name for record_id in laptop.earlier
            ]
    finally:
        reopened.close()
    assert report.intact, report.problems
    assert report.not_checked == []
    assert report.sealed_checked == expected_records
    assert names == list(EARLIER)


LOCK_HOLDER = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.readline()
connection.execute("ROLLBACK")
"""


@contextlib.contextmanager
def locked_by_another_process(database_file: Path) -> Iterator[None]:
    """Another program holds the database's write lock while inside."""
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(database_file)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        yield
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(timeout=30)
    assert holder.returncode == 0


#: The ways :func:`damaged` damages a database file.
DAMAGE = ["junk-bytes", "truncated", "damaged-page"]


def damaged(original: bytes, how: str) -> bytes:
    """``original`` (a closed zzsign database) damaged the way ``how`` says."""
    page_size = int.from_bytes(original[16:18], "big")
    noise = random.Random(how).randbytes
    if how == "junk-bytes":
        return noise(len(original))
    if how == "truncated":
        return original[: len(original) // page_size // 2 * page_size]
    # A page in the middle, inside the records table, overwritten (a bad sector, a bad copy).
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "copy.sqlite3"
        copy.write_bytes(original)
        with contextlib.closing(sqlite3.connect(copy)) as raw:
            (root,) = raw.execute(
                "SELECT rootpage FROM sqlite_master WHERE name = 'signature_records'"
            ).fetchone()
    start = (root - 1) * page_size
    return original[:start] + noise(page_size) + original[start + page_size :]
