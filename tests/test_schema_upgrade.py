"""Stores made by older zzsign are upgraded with every record intact, and take new records.

Two fixtures, each made through its own version's kiosk window (see ``make_fixture.py`` in each):

* ``tests/fixtures/schema-0001/`` — the zzsign of commit 5c6cad5, the first released schema
  (0001): four hires, typed and drawn signatures;
* ``tests/fixtures/format-1/`` — the zzsign of commit 70aefbf (schema 0003), the last that wrote
  records of format 1: four hires and one void.

Both hold format-1 records (nine chain entries a signing, a sealed image); after the upgrade they
verify under format-1 rules and new signings (format 2, one entry each) extend the same chain.
Each test works on a copy, with its keyring in the tests' JSON file keyring; the committed files
are never opened for writing.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from support.cli import cli_environment
from support.old_stores import FIXTURES
from support.postgres_cluster import BOTH_BACKENDS
from support.store import CHEAP_WRAPPING, HR_PASSWORD

from zzsign.store.migrate import SCHEMA_HEAD, current_revision, migrate

#: What each fixture holds: (schema, records, chain entries, voids).
HOLDS = {"schema-0001": ("0001", 4, 36, 0), "format-1": ("0003", 4, 37, 1)}


def expected_records(fixture: str) -> list[dict]:
    """What each hire of a fixture entered, as its maker wrote it down."""
    listed = (FIXTURES[fixture] / "records.json").read_text(encoding="utf-8")
    return json.loads(listed)["records"]


#: Hashes and signatures that schema 0005 keeps as bytes (they read as the same hex text).
BYTES_SINCE_0005 = {
    "agreement_sha256",
    "disclosure_sha256",
    "personal_commitment",
    "record_sha256",
    "payload_sha256",
    "prev_sha256",
    "entry_sha256",
    "signature",
}


def _as_hex(column: str) -> str:
    return f"lower(hex({column}))" if column in BYTES_SINCE_0005 else column


def raw_rows(path: Path, like: Path | None = None) -> dict[str, list[tuple]]:
    """Every row of every table of the first schema, read with plain sqlite3 (read-only): the
    columns ``like`` (an older file) has, hashes and signatures as the hex text they stand for;
    or every column as stored."""
    tables = (
        "installations",
        "hr_keys",
        "documents",
        "signature_records",
        "audit_events",
        "ledger_entries",
    )
    columns = {}
    if like is not None:
        with contextlib.closing(
            sqlite3.connect(f"{like.resolve().as_uri()}?mode=ro", uri=True)
        ) as old:
            columns = {
                t: ", ".join(_as_hex(row[1]) for row in old.execute(f"PRAGMA table_info({t})"))
                for t in tables
            }
    uri = f"{path.resolve().as_uri()}?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as raw:
        return {
            t: raw.execute(f"SELECT {columns.get(t, '*')} FROM {t} ORDER BY rowid").fetchall()
            for t in tables
        }


@pytest.mark.parametrize("fixture", list(FIXTURES))
def test_each_fixture_was_made_by_its_schema_in_format_1(fixture):
    schema, records, links, voids = HOLDS[fixture]
    # immutable: SQLite leaves no -wal or -shm file beside the committed fixture
    path = (FIXTURES[fixture] / "zzsign.sqlite3").resolve().as_uri()
    with contextlib.closing(sqlite3.connect(f"{path}?mode=ro&immutable=1", uri=True)) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchall() == [(schema,)]
        columns = {row[1] for row in raw.execute("PRAGMA table_info(signature_records)")}
        assert "record_format" not in columns  # added by 0004: every record is of format 1
        assert raw.execute("SELECT count(*) FROM signature_records").fetchone() == (records,)
        assert raw.execute("SELECT count(*) FROM ledger_entries").fetchone() == (links,)
        assert raw.execute(
            "SELECT count(*) FROM ledger_entries WHERE kind = 'void'"
        ).fetchone() == (voids,)
    assert len(expected_records(fixture)) == records
    assert SCHEMA_HEAD not in (schema, "0003")  # so opening it below really upgrades it


def test_the_current_zzsign_upgrades_it_after_a_backup_with_every_record_intact(old_fixture_store):
    from zzsign.services.hr import HrAccess
    from zzsign.services.hr_workspace import SIGNED, VOID, check_record, load_rows
    from zzsign.services.records import open_record
    from zzsign.services.store import open_store
    from zzsign.services.verify import verify_store
    from zzsign.store.database import snapshot_sessions
    from zzsign.store.records import RecordRepository

    settings, secrets, _keyring, fixture = old_fixture_store
    schema, records, links, voids = HOLDS[fixture]
    expected_rows = expected_records(fixture)
    database_file = settings.data_dir / "zzsign.sqlite3"
    before = raw_rows(database_file)

    store = open_store(settings, secrets)
    try:
        assert current_revision(store.engine) == SCHEMA_HEAD
        # The backup taken before the upgrade is the old store, row for row.
        (backup,) = settings.backup_dir.glob("zzsign-before-upgrade-*")
        assert backup.name.startswith(f"zzsign-before-upgrade-from-{schema}-")
        assert raw_rows(backup) == before
        # Nothing the old schema held was changed by the upgrade; old rows read as format 1.
        assert raw_rows(database_file, like=backup) == before
        with contextlib.closing(sqlite3.connect(database_file)) as raw:
            assert raw.execute(
                "SELECT DISTINCT record_format, audit_trail FROM signature_records"
            ).fetchall() == [(1, None)]

        hr_key = HrAccess(store.sessions).unlock(HR_PASSWORD)
        readers, release = snapshot_sessions(settings.database_url)
        try:
            report = verify_store(readers, secrets=secrets, hr_private_key=hr_key)
            rows = {
                row.record_id: row
                for batch in load_rows(settings.database_url, hr_key)
                for row in batch
            }
            for expected in expected_rows:
                assert check_record(readers, expected["record_id"], hr_key).intact
        finally:
            release()
        assert report.intact, report.problems
        assert (report.records, report.links, report.voided, report.sealed_checked) == (
            records,
            links,
            voids,
            records,
        )
        assert report.not_checked == []  # the keyring's chain anchor was checked too

        with store.sessions() as db:
            assert sorted(RecordRepository(db).ids()) == sorted(
                e["record_id"] for e in expected_rows
            )
            for expected in expected_rows:
                record = open_record(db, expected["record_id"], hr_key)
                signer = record.signer
                assert (
                    signer.full_name,
                    signer.work_email,
                    signer.employee_id or "",
                    signer.department,
                ) == (
                    expected["full_name"],
                    expected["work_email"],
                    expected["employee_id"],
                    expected["department"],
                )
                assert record.evidence()["signature"]["kind"] == expected["signature"]
                assert record.record_format == 1 and record.signature.image_png  # kept as sealed
                assert len(record.audit) == 8
                row = rows[expected["record_id"]]
                status = VOID if expected.get("voided") else SIGNED
                assert (row.full_name, row.status) == (expected["full_name"], status)
    finally:
        store.close()


def test_after_the_upgrade_signing_and_voiding_extend_the_old_chain(old_fixture_store):
    from support.store import signed_session

    from zzsign.services.export.selection import ExportFilter
    from zzsign.services.export.table import export_table
    from zzsign.services.hr import HrAccess
    from zzsign.services.signing import SigningService
    from zzsign.services.store import open_store
    from zzsign.services.verify import verify_database
    from zzsign.services.voiding import void_record

    settings, secrets, _keyring, fixture = old_fixture_store
    _schema, records, links, voids = HOLDS[fixture]
    expected_rows = expected_records(fixture)
    store = open_store(settings, secrets)
    try:
        service = SigningService(store)
        receipt = service.sign(signed_session(service), screen="x")
        assert receipt.appended.public.record_format == 2
        void = void_record(store, expected_rows[0]["record_id"], "Signed twice by mistake")
        # one chain entry for the signing (format 2), one for the void, after the old entries
        assert void.link.sequence == receipt.appended.link.sequence + 1 == links + 1 + 1
        hr_key = HrAccess(store.sessions, wrapping_cost=CHEAP_WRAPPING).unlock(HR_PASSWORD)
        report = verify_database(settings.database_url, secrets=secrets, hr_private_key=hr_key)
        exported = export_table(
            settings.database_url,
            hr_key,
            ExportFilter(),
            "csv",
            settings.data_dir.parent / "all.csv",
        )
    finally:
        store.close()
    assert report.intact, report.problems
    assert (report.records, report.links, report.voided, report.sealed_checked) == (
        records + 1,
        links + 2,
        voids + 1,
        records + 1,
    )
    assert exported == records + 1
    listed = (settings.data_dir.parent / "all.csv").read_text(encoding="utf-8-sig")
    for expected in expected_rows:
        assert expected["full_name"] in listed


def test_it_can_check_the_upgraded_store_from_the_command_line(old_fixture_store):
    settings, _secrets, keyring_file, fixture = old_fixture_store
    schema, records, links, voids = HOLDS[fixture]
    env = cli_environment(keyring_file)
    result = subprocess.run(
        [sys.executable, "-m", "zzsign", "verify", "--data-dir", str(settings.data_dir)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    voided = f" ({voids} voided)" if voids else ""
    assert result.stdout.strip() == (
        f"Checked {records} records and {links} chain entries, and opened {records} "
        f"sealed records{voided}: all intact."
    )
    assert len(list(settings.backup_dir.glob(f"zzsign-before-upgrade-from-{schema}-*"))) == 1


def test_a_format_1_store_taken_back_to_0003_by_its_own_migration_upgrades_again(tmp_path):
    """0004's downgrade leaves a store of format-1 records as 0003 had it, and it upgrades again
    with a backup first."""
    from support.store import format_1_store

    from zzsign.services.store import open_store
    from zzsign.services.verify import verify_database

    settings, secrets, _backend = format_1_store(tmp_path)
    original = raw_rows(settings.data_dir / "zzsign.sqlite3")
    store = open_store(settings, secrets)
    migrate(store.engine, "0003", down=True)
    store.close()
    assert raw_rows(settings.data_dir / "zzsign.sqlite3") == original  # every column as before

    reopened = open_store(settings, secrets)
    try:
        assert current_revision(reopened.engine) == SCHEMA_HEAD
        report = verify_database(settings.database_url, secrets=secrets)
    finally:
        reopened.close()
    assert report.intact, report.problems
    assert (report.records, report.links, report.voided) == (4, 37, 1)
    backups = sorted(settings.backup_dir.glob("zzsign-before-upgrade-from-0003-*"))
    assert backups and raw_rows(backups[-1]) == original  # (one a second: may be the same)


@BOTH_BACKENDS
def test_a_store_holding_format_2_records_is_not_taken_back_below_0004(store, service):
    from support.store import signed_session

    service.sign(signed_session(service), screen="x")
    with pytest.raises(RuntimeError, match="format-2 records"):
        migrate(store.engine, "0003", down=True)
    with store.engine.connect() as c:
        assert c.exec_driver_sql("SELECT count(*) FROM signature_records").scalar() == 1


def test_hr_makes_a_signed_copy_of_every_old_record_that_verifies(qapp, old_fixture_store):
    from zzsign.services.hr import HrAccess
    from zzsign.services.hr_workspace import signed_copy
    from zzsign.services.store import open_store
    from zzsign.services.verify_file import verify_pdf

    settings, secrets, _keyring, fixture = old_fixture_store
    store = open_store(settings, secrets)
    try:
        hr_key = HrAccess(store.sessions).unlock(HR_PASSWORD)
        known = {store.installation_id: store.signer.public_key_hex}
        for expected in expected_records(fixture):
            pdf = signed_copy(
                store.sessions, expected["record_id"], hr_key, store.seal, store.seal_endorsement
            )
            report = verify_pdf(pdf, known)
            assert report.intact, (expected["record_id"], report.problems)
    finally:
        store.close()
