"""What the stress tests check afterwards: the file, every record whole, verify, the keyring."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from support.cli import cli_environment
from support.keyrings import FileKeyring
from support.programs import PROGRAMS
from support.programs.signing_worker import NAMES
from support.store import HR_PASSWORD, set_up_hr
from zzsign.config import Settings
from zzsign.services.hr import HrAccess
from zzsign.services.records import open_record
from zzsign.services.store import open_database

WORKER = PROGRAMS / "signing_worker.py"

#: Rows that would make a record partial: each query counts what must not exist. (The records
#: here are of format 2: the audit trail is in the record's row, and one chain entry covers it.)
PARTIAL_RECORD_QUERIES = {
    "records whose audit trail is missing": """
        SELECT count(*) FROM signature_records
        WHERE record_format != 2 OR audit_trail IS NULL
            OR substr(audit_trail, 1, 2) != x'0110'  -- zzsign.store.compact: version 1, 8 steps""",
    "audit events without their record": """
        SELECT count(*) FROM audit_events
        WHERE record_id NOT IN (SELECT id FROM signature_records)""",
    "records without their chain link": """
        SELECT count(*) FROM signature_records r WHERE NOT EXISTS (
            SELECT 1 FROM ledger_entries l WHERE l.kind = 'record' AND l.subject = r.id)""",
    "audit events without their chain link": """
        SELECT count(*) FROM audit_events a WHERE NOT EXISTS (
            SELECT 1 FROM ledger_entries l
            WHERE l.kind = 'audit_event' AND l.subject = a.record_id || '/' || a.position)""",
    "record links whose record is missing": """
        SELECT count(*) FROM ledger_entries l
        WHERE l.kind = 'record' AND l.subject NOT IN (SELECT id FROM signature_records)""",
    "audit links whose audit event is missing": """
        SELECT count(*) FROM ledger_entries l WHERE l.kind = 'audit_event' AND NOT EXISTS (
            SELECT 1 FROM audit_events a
            WHERE a.record_id = substr(l.subject, 1, instr(l.subject, '/') - 1)
              AND a.position = CAST(substr(l.subject, instr(l.subject, '/') + 1) AS INTEGER)
              AND a.record_id || '/' || a.position = l.subject)""",
}


def cli_env(tmp_path: Path) -> dict[str, str]:
    """Every process shares one keyring file, as kiosks on one laptop share its keyring."""
    return cli_environment(tmp_path / "keyring.json")


def settings_in(data: Path) -> Settings:
    """The settings of a kiosk on ``data``."""
    return Settings.resolve(data_dir=str(data), environ={})


def create_store(data: Path, env: dict[str, str], monkeypatch) -> None:
    """A new store in ``data``, its keys in the shared keyring file, HR set up."""
    from zzsign.security.keyring_store import SecretStore
    from zzsign.services.store import open_store

    monkeypatch.setenv("ZZSIGN_TEST_KEYRING_FILE", env["ZZSIGN_TEST_KEYRING_FILE"])
    store = open_store(settings_in(data), SecretStore(backend=FileKeyring()))
    try:
        set_up_hr(store.sessions)
    finally:
        store.close()


def set_up_hr_in(data: Path) -> None:
    """HR's first use on the store in ``data`` (as HR would, from another process)."""
    database = open_database(settings_in(data))
    try:
        set_up_hr(database.sessions)
    finally:
        database.close()


def run_verify(env: dict[str, str], data: Path) -> subprocess.CompletedProcess[str]:
    """``zzsign verify`` with the HR password and the shared keyring, in its own process."""
    return subprocess.run(
        [sys.executable, "-m", "zzsign", "verify", "--data-dir", str(data)],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
        stdin=subprocess.DEVNULL,
    )


def assert_store_sound(data: Path) -> set[str]:
    """SQLite's integrity check passes, no record is partial, the chain has no gap.

    Returns the ids of the records in the store.
    """
    with sqlite3.connect(data / "zzsign.sqlite3") as raw:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        partial = {
            what: raw.execute(query).fetchone()[0] for what, query in PARTIAL_RECORD_QUERIES.items()
        }
        assert not any(partial.values()), partial
        links, first, last = raw.execute(
            "SELECT count(*), min(sequence), max(sequence) FROM ledger_entries"
        ).fetchone()
        ids = {row[0] for row in raw.execute("SELECT id FROM signature_records")}
    assert links == len(ids)  # one chain entry a signing
    assert (first, last) == ((1, links) if links else (None, None))
    return ids


def assert_readable_by_hr(data: Path, record_ids: set[str]) -> None:
    """Every record opens with HR's key and names one of the signers the workers used."""
    database = open_database(settings_in(data))
    try:
        hr_key = HrAccess(database.sessions).unlock(HR_PASSWORD)
        with database.sessions() as db:
            for record_id in record_ids:
                assert open_record(db, record_id, hr_key).signer.full_name in NAMES
    finally:
        database.close()


def assert_verify_passes(env: dict[str, str], data: Path, records: int) -> None:
    """``zzsign verify`` exits 0, has checked ``records`` records, and found all intact."""
    checked = run_verify(env, data)
    assert checked.returncode == 0, checked.stdout[-3000:] + checked.stderr[-3000:]
    assert f"Checked {records} records" in checked.stdout, checked.stdout
    assert f"opened {records} sealed records: all intact." in checked.stdout, checked.stdout


def keyring_entries(env: dict[str, str]) -> dict[str, str]:
    """What the shared keyring file holds (it must always be whole JSON)."""
    return json.loads(Path(env["ZZSIGN_TEST_KEYRING_FILE"]).read_text())


def start_load_workers(
    envs: list[dict[str, str]], data: Path, *options: str, stderr: int = subprocess.STDOUT
) -> list[subprocess.Popen]:
    """A load worker (see support/programs/signing_worker.py) on ``data`` for each
    environment in ``envs``, with ``options``, their output to pipes (stderr into stdout unless
    given)."""
    return [
        subprocess.Popen(
            [sys.executable, str(WORKER), "load", str(data), *options],
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            env=env,
        )
        for env in envs
    ]
