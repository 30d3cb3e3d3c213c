"""A store made by the first released schema (0001) is upgraded with every record intact.

The fixture in ``tests/fixtures/schema-0001/`` was made by the zzsign of commit 5c6cad5 — the
last whose newest schema was 0001 — through its own kiosk window (see ``make_fixture.py``
there): four hires, typed and drawn signatures, with its keyring in the tests' JSON file keyring.
Each test works on a copy; the committed files are never opened for writing.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CHEAP_WRAPPING, HR_PASSWORD, cli_environment

from zzsign.config import Settings
from zzsign.security.keyring_store import SecretStore
from zzsign.store.migrate import SCHEMA_HEAD, current_revision

TESTS = Path(__file__).parent
FIXTURE = TESTS / "fixtures" / "schema-0001"
EXPECTED = json.loads((FIXTURE / "records.json").read_text(encoding="utf-8"))["records"]


def raw_rows(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table of the first schema, read with plain sqlite3 (read-only)."""
    tables = ("installations", "hr_keys", "documents", "signature_records", "audit_events",
              "ledger_entries")
    uri = f"{path.resolve().as_uri()}?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as raw:
        return {t: raw.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in tables}


@pytest.fixture
def old_store(tmp_path, monkeypatch) -> tuple[Settings, SecretStore, Path]:
    """A copy of the schema-0001 store and its keyring, as the laptop that made it left them."""
    from file_keyring import FileKeyring

    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    shutil.copyfile(FIXTURE / "zzsign.sqlite3", data / "zzsign.sqlite3")
    keyring_file = tmp_path / "keyring.json"
    shutil.copyfile(FIXTURE / "keyring.json", keyring_file)
    monkeypatch.setenv("ZZSIGN_TEST_KEYRING_FILE", str(keyring_file))
    settings = Settings.resolve(data_dir=str(data), environ={})
    return settings, SecretStore(backend=FileKeyring()), keyring_file


def test_the_fixture_was_made_by_the_first_schema():
    # immutable: SQLite leaves no -wal or -shm file beside the committed fixture
    fixture = (FIXTURE / "zzsign.sqlite3").resolve().as_uri()
    with contextlib.closing(sqlite3.connect(f"{fixture}?mode=ro&immutable=1", uri=True)) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
        tables = {name for (name,) in raw.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "record_voids" not in tables  # added by 0002
    assert len(EXPECTED) == 4
    assert SCHEMA_HEAD != "0001"  # so opening it below really upgrades it


def test_the_current_zzsign_upgrades_it_after_a_backup_with_every_record_intact(old_store):
    from zzsign.services.hr import HrAccess
    from zzsign.services.hr_workspace import SIGNED, check_record, load_rows
    from zzsign.services.records import open_record
    from zzsign.services.store import open_store
    from zzsign.services.verify import verify_store
    from zzsign.store.database import snapshot_sessions
    from zzsign.store.records import RecordRepository

    settings, secrets, _keyring = old_store
    database_file = settings.data_dir / "zzsign.sqlite3"
    before = raw_rows(database_file)

    store = open_store(settings, secrets)
    try:
        assert current_revision(store.engine) == SCHEMA_HEAD
        # The backup taken before the upgrade is the 0001 store, row for row.
        (backup,) = settings.backup_dir.iterdir()
        assert backup.name.startswith("zzsign-before-upgrade-from-0001-")
        assert raw_rows(backup) == before
        # Nothing the first schema held was changed by the upgrade.
        after = raw_rows(database_file)
        assert after == before

        hr_key = HrAccess(store.sessions).unlock(HR_PASSWORD)
        readers, release = snapshot_sessions(settings.database_url)
        try:
            report = verify_store(readers, secrets=secrets, hr_private_key=hr_key)
            rows = {row.record_id: row for batch in load_rows(settings.database_url, hr_key)
                    for row in batch}
            for expected in EXPECTED:
                assert check_record(readers, expected["record_id"], hr_key).intact
        finally:
            release()
        assert report.intact, report.problems
        assert (report.records, report.links, report.sealed_checked) == (4, 36, 4)
        assert report.not_checked == []  # the keyring's chain anchor was checked too

        with store.sessions() as db:
            assert sorted(RecordRepository(db).ids()) == sorted(e["record_id"] for e in EXPECTED)
            for expected in EXPECTED:
                record = open_record(db, expected["record_id"], hr_key)
                signer = record.signer
                assert (signer.full_name, signer.work_email, signer.employee_id or "",
                        signer.department) == (expected["full_name"], expected["work_email"],
                                               expected["employee_id"], expected["department"])
                assert record.evidence()["signature"]["kind"] == expected["signature"]
                assert len(record.audit) == 8
                row = rows[expected["record_id"]]
                assert (row.full_name, row.status) == (expected["full_name"], SIGNED)
    finally:
        store.close()


def test_after_the_upgrade_signing_and_voiding_extend_the_old_chain(old_store):
    from test_store import signed_session

    from zzsign.services.hr import HrAccess
    from zzsign.services.signing import SigningService
    from zzsign.services.store import open_store
    from zzsign.services.verify import verify_database
    from zzsign.services.voiding import void_record

    settings, secrets, _keyring = old_store
    store = open_store(settings, secrets)
    try:
        receipt = SigningService(store).sign(signed_session(SigningService(store)), screen="x")
        void = void_record(store, EXPECTED[0]["record_id"], "Signed twice by mistake")
        assert void.link.sequence == receipt.appended.link.sequence + 1 == 36 + 9 + 1
        hr_key = HrAccess(store.sessions, wrapping_cost=CHEAP_WRAPPING).unlock(HR_PASSWORD)
        report = verify_database(settings.database_url, secrets=secrets, hr_private_key=hr_key)
    finally:
        store.close()
    assert report.intact, report.problems
    assert (report.records, report.voided, report.sealed_checked) == (5, 1, 5)


def test_it_can_check_the_upgraded_store_from_the_command_line(old_store):
    settings, _secrets, keyring_file = old_store
    env = cli_environment(keyring_file)
    result = subprocess.run(
        [sys.executable, "-m", "zzsign", "verify", "--data-dir", str(settings.data_dir)],
        capture_output=True, text=True, env=env, timeout=120, stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == (
        "Checked 4 records and 36 chain entries, and opened 4 sealed records: all intact."
    )
    assert len(list(settings.backup_dir.glob("zzsign-before-upgrade-from-0001-*"))) == 1


def test_a_store_taken_back_to_0001_by_its_own_migration_upgrades_again(store, service, hr_key,
                                                                        settings, secrets):
    """The same proof without the fixture: records the current writer made, schema 0001 only."""
    from alembic import command
    from alembic.config import Config
    from test_store import signed_session

    from zzsign.services.store import open_store
    from zzsign.services.verify import verify_database
    from zzsign.store.migrate import MIGRATIONS_DIR

    signed = [service.sign(signed_session(service, name), screen="x").record_id
              for name in ("Ингрид", "Zoë", "أحمد")]
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")
    store.close()
    before = raw_rows(settings.data_dir / "zzsign.sqlite3")

    reopened = open_store(settings, secrets)
    try:
        assert current_revision(reopened.engine) == SCHEMA_HEAD
        assert raw_rows(settings.data_dir / "zzsign.sqlite3") == before
        report = verify_database(settings.database_url, secrets=secrets, hr_private_key=hr_key)
    finally:
        reopened.close()
    assert report.intact, report.problems
    assert report.records == len(signed) == report.sealed_checked
    # (the automatic daily backup of the first signing is in backups/ too)
    (backup,) = settings.backup_dir.glob("zzsign-before-upgrade-*")
    assert raw_rows(backup) == before


def test_hr_makes_a_signed_copy_of_every_old_record_that_verifies(qapp, old_store):
    from zzsign.services.hr import HrAccess
    from zzsign.services.hr_workspace import signed_copy
    from zzsign.services.store import open_store
    from zzsign.services.verify_file import verify_pdf

    settings, secrets, _keyring = old_store
    store = open_store(settings, secrets)
    try:
        hr_key = HrAccess(store.sessions).unlock(HR_PASSWORD)
        known = {store.installation_id: store.signer.public_key_hex}
        for expected in EXPECTED:
            pdf = signed_copy(store.sessions, expected["record_id"], hr_key, store.seal,
                              store.seal_endorsement)
            report = verify_pdf(pdf, known)
            assert report.intact, (expected["record_id"], report.problems)
    finally:
        store.close()
