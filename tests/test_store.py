"""The SQLite store: schema by Alembic, owner-only files, append-only rows, exact round trips."""

from __future__ import annotations

import logging
import sqlite3
import stat

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from support.postgres_cluster import BOTH_BACKENDS
from support.store import signed_session

from zzsign.config import Settings
from zzsign.services.records import open_record
from zzsign.services.store import open_store
from zzsign.store.migrate import (
    MIGRATIONS_DIR,
    SCHEMA_HEAD,
    backup_sqlite_file,
    current_revision,
)
from zzsign.store.models import Base
from zzsign.store.records import RecordRepository


def test_schema_head_constant_matches_the_migration_scripts():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert ScriptDirectory.from_config(config).get_heads() == [SCHEMA_HEAD]


@BOTH_BACKENDS
def test_migrations_build_exactly_the_models(store):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with store.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []
    assert current_revision(store.engine) == SCHEMA_HEAD


def test_data_files_are_readable_only_by_their_owner(store, settings):
    assert stat.S_IMODE(settings.data_dir.stat().st_mode) == 0o700
    for path in settings.data_dir.glob("zzsign.sqlite3*"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name


def test_database_is_durable_wal_with_full_sync(store):
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


@BOTH_BACKENDS
def test_record_round_trips_with_every_field(service, store, hr_key):
    receipt = service.sign(signed_session(service), screen="1920x1080 at 1x")
    with store.sessions() as db:
        stored = RecordRepository(db).get(receipt.record_id)
        record = open_record(db, receipt.record_id, hr_key)
    assert stored.public.sha256 == receipt.record_sha256
    evidence = record.evidence()
    assert evidence["signer"] == {
        "full_name": "Ingrid Øvergård",
        "work_email": "ingrid@zzservers.com",
        "employee_id": "E-7",
        "department": "Finance",
        "start_date": "2026-12-01",
    }
    assert evidence["agreement"]["sha256"] == store.agreement.sha256
    assert evidence["consent"]["disclosure_sha256"] == store.disclosure.sha256
    assert evidence["installation_id"] == store.installation_id
    assert evidence["app_version"]
    assert evidence["meaning"].startswith("I have read, understood and agree to")
    assert evidence["signature"]["kind"] == "drawn"
    assert len(evidence["signature"]["strokes"][0]) == 40
    # format 2: the strokes are the signature; no image is kept (every screen draws them)
    assert record.signature.image_png == b""
    assert stored.sealed_signature_image is None
    assert stored.public.record_format == 2
    assert stored.public.payload()["sealed"]["hr_key_fingerprint"].startswith("SHA256:")
    assert set(evidence["timestamps"]) == {"opened", "consented", "reached_end", "signed"}
    assert evidence["timestamps"]["signed"]["utc"].endswith("Z")
    assert set(evidence["device"]) == {"hostname", "os_user", "os", "screen"}
    assert evidence["device"]["screen"] == "1920x1080 at 1x"
    assert len(evidence["audit_trail"]) == 8


def test_raw_database_file_reveals_no_personal_data(service, store, settings):
    session = signed_session(service, name="Ludmila Secretname")
    service.sign(session, screen="x")
    store.backups.wait()  # the day's first signing starts an automatic backup on a thread
    store.engine.dispose()  # everything checkpointed or in the WAL, both read below
    files = [*settings.data_dir.glob("zzsign.sqlite3*"), *settings.backup_dir.glob("*.sqlite3")]
    assert any(path.parent == settings.backup_dir for path in files)  # the backup is read too
    raw = b"".join(path.read_bytes() for path in files)
    for secret in ("Ludmila", "Secretname", "ingrid@zzservers.com", 'E-7"', "fake image"):
        assert secret.encode() not in raw, secret
    for encoded in ("Ludmila".encode("utf-16-le"), b"Ludmila".hex().encode()):
        assert encoded not in raw


@BOTH_BACKENDS
def test_records_cannot_be_changed_or_deleted(service, store, hr_key, backend):
    receipt = service.sign(signed_session(service), screen="x")
    statements = [
        "UPDATE signature_records SET department = 'Mallory'",
        "DELETE FROM signature_records",  # (format 2 writes no audit_events)
        "DELETE FROM ledger_entries",
        "UPDATE documents SET text = 'other'",
    ]
    if backend == "postgresql":  # SQLite has no TRUNCATE (its DELETE FROM t is refused above)
        statements += [
            f"TRUNCATE {table} CASCADE" for table in ("signature_records", "ledger_entries")
        ]
    for statement in statements:
        with pytest.raises(IntegrityError, match="append-only"), store.engine.begin() as c:
            c.execute(text(statement))
    with store.sessions() as db:
        record = open_record(db, receipt.record_id, hr_key)
    assert record.signer.department == "Finance"


@BOTH_BACKENDS
def test_installation_id_and_key_are_stable_across_restarts(settings, secrets):
    first = open_store(settings, secrets)
    first.close()
    second = open_store(settings, secrets)
    assert second.installation_id == first.installation_id
    assert second.signer.public_key_hex == first.signer.public_key_hex
    second.close()


def test_backup_is_a_consistent_owner_only_copy(service, store, settings):
    service.sign(signed_session(service), screen="x")
    copy = backup_sqlite_file(settings.data_dir / "zzsign.sqlite3", settings.backup_dir, "test")
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    with sqlite3.connect(copy) as raw:
        assert raw.execute("SELECT count(*) FROM signature_records").fetchone() == (1,)


@BOTH_BACKENDS
def test_logs_carry_no_personal_data(service, caplog):
    caplog.set_level(logging.DEBUG)
    service.sign(signed_session(service, name="Ludmila Secretname"), screen="x")
    assert "Secretname" not in caplog.text
    assert "ingrid@" not in caplog.text
    assert "Record" in caplog.text  # the log does say what happened


def test_settings_come_from_flag_then_environment_then_platform(tmp_path):
    env = {"ZZSIGN_DATA_DIR": str(tmp_path / "env")}
    assert Settings.resolve(data_dir=str(tmp_path / "flag"), environ=env).data_dir == (
        tmp_path / "flag"
    )
    assert Settings.resolve(environ=env).data_dir == tmp_path / "env"
    assert "zzsign" in str(Settings.resolve(environ={}).data_dir)
    url = "sqlite:////elsewhere/db.sqlite3"
    assert Settings.resolve(environ={**env, "ZZSIGN_DATABASE_URL": url}).database_url == url


@BOTH_BACKENDS
def test_a_long_read_does_not_stop_the_kiosk_signing(service, store, settings):
    from zzsign.store.database import snapshot_sessions

    service.sign(signed_session(service), screen="x")
    readers, release = snapshot_sessions(settings.database_url)
    try:
        with readers() as db:
            records = RecordRepository(db)
            assert records.count() == 1  # a read transaction (a verify, an export) is open...
            # ...and the kiosk still signs:
            service.sign(signed_session(service, name="Second Signer"), screen="x")
            assert records.count() == 1  # and the reader keeps its consistent snapshot
        with readers() as db:
            assert RecordRepository(db).count() == 2
    finally:
        release()


def test_database_from_a_newer_zzsign_is_refused_untouched(store, settings):
    from zzsign.services.errors import StoreUnavailableError
    from zzsign.services.store import open_database

    store.close()
    path = settings.data_dir / "zzsign.sqlite3"
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999'")
    before = path.read_bytes()
    with pytest.raises(StoreUnavailableError, match="newer version of zzsign"):
        open_database(settings)
    assert path.read_bytes() == before


def test_upgrade_takes_a_backup_first(settings):
    """An older schema is copied aside before Alembic touches it."""
    from alembic import command
    from alembic.config import Config

    import zzsign.store.migrate as migrate
    from zzsign.store.database import create_database_engine

    engine = create_database_engine(settings.database_url)
    migrate.upgrade_to_head(engine, settings.backup_dir)
    assert not settings.backup_dir.exists()  # a new database needs no backup
    engine.dispose()
    engine = create_database_engine(f"sqlite:///{settings.data_dir / 'older.sqlite3'}")
    config = Config()
    config.set_main_option("script_location", str(migrate.MIGRATIONS_DIR))
    with engine.begin() as connection:  # a database made by a zzsign whose newest schema was 0001
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.exec_driver_sql("CREATE TABLE kept_by_backup (x)")
    assert migrate.current_revision(engine) == "0001"
    migrate.upgrade_to_head(engine, settings.backup_dir)
    assert migrate.current_revision(engine) == migrate.SCHEMA_HEAD
    (copy,) = settings.backup_dir.iterdir()
    assert copy.name.startswith("older-before-upgrade-from-0001-")
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    with sqlite3.connect(copy) as raw:
        assert raw.execute("SELECT count(*) FROM kept_by_backup").fetchone() == (0,)
    engine.dispose()
