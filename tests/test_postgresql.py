"""PostgreSQL as the store of one laptop: the command line end to end, two processes signing into
one chain, IT's schema upgrade, readers on one snapshot, and one sentence for each way the server
can fail. (The store, verify and export tests run on PostgreSQL too, with ``BOTH_BACKENDS``.)"""

from __future__ import annotations

import contextlib
import csv
import inspect
import json
import logging
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from support.cli import cli_environment, zzsign_here
from support.postgres_cluster import APP_PASSWORD
from support.store import set_up_hr
from support.stress import start_load_workers

from zzsign.config import Settings
from zzsign.services.errors import StorageFaultError, StoreUnavailableError
from zzsign.services.readiness import check_readiness
from zzsign.services.store import open_database, open_store, upgrade_database
from zzsign.store import errors
from zzsign.store.database import create_database_engine, snapshot_sessions
from zzsign.store.hr_keys import HrKeyRepository
from zzsign.store.migrate import SCHEMA_HEAD, current_revision, upgrade_shared_database
from zzsign.store.records import RecordRepository


def settings_on(tmp_path: Path, url: str) -> Settings:
    return Settings.resolve(data_dir=str(tmp_path / "data"), database_url=url, environ={})


@pytest.mark.slow
def test_command_line_upgrade_demo_verify_export_through_a_database_url(
    tmp_path, empty_postgres_url
):
    env = cli_environment(tmp_path / "keyring.json")
    where = ["--data-dir", str(tmp_path / "data"), "--database-url", empty_postgres_url]

    refused = zzsign_here(env, "verify", *where)  # nothing but IT's upgrade sets a server's schema
    assert refused.returncode == 2
    assert refused.stderr.strip() == (
        "zzsign: This records database is not set up for this version of zzsign yet; ask IT to "
        "run zzsign db upgrade on it."
    )
    upgraded = zzsign_here(env, "db", "upgrade", *where)
    assert upgraded.returncode == 0, upgraded.stderr
    assert upgraded.stdout.strip() == f"Set up the records database at schema {SCHEMA_HEAD}."

    made = zzsign_here(env, "demo", "--signatures", "5", *where)
    assert made.returncode == 0, made.stderr
    assert "Signed 5 demo records into the database given by --database-url." in made.stdout
    checked = zzsign_here(env, "verify", "--with-hr-password", *where)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Checked 5 records and 5 chain entries" in checked.stdout
    assert "opened 5 sealed records" in checked.stdout and "all intact" in checked.stdout

    for kind in ("csv", "json"):
        out = tmp_path / f"records.{kind}"
        exported = zzsign_here(env, "export", "--format", kind, "--out", str(out), *where)
        assert exported.returncode == 0, exported.stderr
        assert "Exported 5 records" in exported.stdout
    with open(tmp_path / "records.csv", encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    assert len(rows) == 5 and all(row["full_name"] and row["status"] == "signed" for row in rows)
    records = json.loads((tmp_path / "records.json").read_text(encoding="utf-8"))["records"]
    assert {entry["chain_link"]["subject"] for entry in records} == {r["record_id"] for r in rows}
    assert not list((tmp_path / "data").glob("*.sqlite3"))  # nothing went to a SQLite file


@pytest.mark.slow
def test_two_processes_signing_at_once_keep_one_unbroken_chain(tmp_path, postgres_url, monkeypatch):
    """Two kiosk processes of one laptop start at the same instant on a store whose keys do not
    exist yet, then both sign flat out: one key, one chain, every record, verify intact — and
    verify run again and again meanwhile never raises a false alarm."""
    from support.keyrings import FileKeyring

    from zzsign.security.keyring_store import SecretStore
    from zzsign.services.verify import verify_database

    settings = settings_on(tmp_path, postgres_url)
    database = open_database(settings)
    set_up_hr(database.sessions)
    database.close()
    env = {**cli_environment(tmp_path / "keyring.json"), "ZZSIGN_DATABASE_URL": postgres_url}
    start_at = time.time() + 2.5  # both open the store (and make the keys) in the same instant
    workers = start_load_workers(
        [env, env], settings.data_dir, "--records", "15", "--start-at", str(start_at)
    )
    monkeypatch.setenv("ZZSIGN_TEST_KEYRING_FILE", env["ZZSIGN_TEST_KEYRING_FILE"])
    laptop_keyring = SecretStore(backend=FileKeyring())
    checks = []
    while any(worker.poll() is None for worker in workers):
        checks.append(verify_database(postgres_url, secrets=laptop_keyring))
    outputs = [worker.communicate(timeout=120)[0] for worker in workers]
    assert all(worker.returncode == 0 for worker in workers), outputs
    assert [str(p) for check in checks for p in check.problems] == []
    assert any(0 < check.records < 30 for check in checks)  # some ran while they signed
    ready = {line for output in outputs for line in output.splitlines() if line.startswith("READY")}
    assert len(ready) == 1, ready  # one installation, one key: the second waited for the first
    done = [line.split()[1] for out in outputs for line in out.splitlines() if line[:4] == "DONE"]
    assert len(done) == len(set(done)) == 30, outputs
    assert not any("FAILED" in output for output in outputs)

    checked = zzsign_here(env, "verify", "--data-dir", str(settings.data_dir))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Checked 30 records and 30 chain entries" in checked.stdout
    with open_database(settings).sessions() as db:
        links = list(RecordRepository(db).links())
    assert [link.sequence for link in links] == list(range(1, 31))
    assert {link.subject for link in links} == set(done)


def test_a_kiosk_never_migrates_a_shared_database(tmp_path, empty_postgres_url, secrets):
    settings = settings_on(tmp_path, empty_postgres_url)
    with pytest.raises(StoreUnavailableError) as refused:
        open_store(settings, secrets)
    assert "ask IT to run zzsign db upgrade" in refused.value.message
    engine = create_database_engine(empty_postgres_url)
    try:
        assert current_revision(engine) is None  # untouched
    finally:
        engine.dispose()
    assert upgrade_database(settings).after == SCHEMA_HEAD
    open_store(settings, secrets).close()  # and once IT has upgraded it, the kiosk opens it


def test_two_upgrades_at_once_migrate_once(empty_postgres_url):
    engine = create_database_engine(empty_postgres_url)
    found: list[str | None] = []
    failures: list[BaseException] = []

    def upgrade() -> None:
        try:
            found.append(upgrade_shared_database(engine))
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=upgrade) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    try:
        assert not failures, failures
        assert sorted(found, key=str) == [SCHEMA_HEAD, None]  # the second found it done
        assert current_revision(engine) == SCHEMA_HEAD
    finally:
        engine.dispose()


def test_readers_see_one_snapshot_and_cannot_write(postgres_url):
    readers, release = snapshot_sessions(postgres_url)
    try:
        with readers() as db:
            level = db.execute(text("SHOW transaction_isolation")).scalar()
            read_only = db.execute(text("SHOW transaction_read_only")).scalar()
            assert (level, read_only) == ("repeatable read", "on")
            with pytest.raises(DBAPIError, match="read-only transaction"):
                db.execute(text("INSERT INTO store_settings VALUES ('x', 'y', 'z')"))
    finally:
        release()


def test_the_quick_start_leaves_a_database_server_to_the_store(tmp_path, postgres_url, secrets):
    # the quick look reads a SQLite file with sqlite3; a server is opened the plain way
    settings = settings_on(tmp_path, postgres_url)
    takes_secrets = len(inspect.signature(check_readiness).parameters) > 1  # (it may lose them)
    assert check_readiness(*((settings, secrets) if takes_secrets else (settings,))) is None
    assert not (tmp_path / "data" / "zzsign.sqlite3").exists()


# -- one sentence for each way the server fails, its SQLSTATE (only) in the log ---------------
def _silent_server() -> socket.socket:
    """A port that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    return listener


def _failure(tmp_path: Path, url: str, caplog) -> tuple[str, str]:
    caplog.clear()
    with caplog.at_level(logging.WARNING), pytest.raises(StorageFaultError) as failed:
        open_database(settings_on(tmp_path, url))
    return failed.value.message, caplog.text


def test_server_down_and_timeout_each_say_what_to_do(tmp_path, postgres_cluster, caplog):
    from support.postgres_cluster import free_port

    down = f"postgresql+psycopg://zzsign:{APP_PASSWORD}@127.0.0.1:{free_port()}/zzsign"
    message, logged = _failure(tmp_path, down, caplog)
    assert message == errors.SERVER_DOWN
    assert "SQLSTATE 08001" in logged
    with _silent_server() as silent:
        port = silent.getsockname()[1]
        slow = f"postgresql+psycopg://zzsign:{APP_PASSWORD}@127.0.0.1:{port}/z?connect_timeout=1"
        message, logged = _failure(tmp_path, slow, caplog)
    assert message == errors.TIMEOUT
    assert APP_PASSWORD not in logged


def test_refusals_by_the_server_each_say_what_to_do(tmp_path, postgres_cluster, caplog):
    cluster = postgres_cluster
    name = cluster.new_database()
    message, logged = _failure(tmp_path, cluster.url(name, password="wrong"), caplog)
    assert message == errors.WRONG_PASSWORD and "SQLSTATE 28P01" in logged
    message, logged = _failure(tmp_path, cluster.url(name + "_missing"), caplog)
    assert message == errors.NO_DATABASE and "SQLSTATE 3D000" in logged

    upgrade_database(settings_on(tmp_path, cluster.url(name)))
    outsider = f"outsider_{name}"
    cluster.superuser_sql(f"CREATE ROLE {outsider} LOGIN PASSWORD 'x'")
    message, logged = _failure(tmp_path, cluster.url(name, user=outsider, password="x"), caplog)
    assert message == errors.PERMISSION_DENIED and "SQLSTATE 42501" in logged

    cluster.superuser_sql(f"ALTER DATABASE {name} SET default_transaction_read_only = on")
    message, logged = _failure(tmp_path, cluster.url(name), caplog)  # it writes the installation
    assert message == errors.SERVER_READ_ONLY and "SQLSTATE 25006" in logged
    assert "outsider" not in logged and "zzsign_test" not in logged  # codes, not the server's text
    for sentence in (
        errors.SERVER_DOWN,
        errors.WRONG_PASSWORD,
        errors.TIMEOUT,
        errors.SERVER_READ_ONLY,
        errors.PERMISSION_DENIED,
        errors.NO_DATABASE,
    ):
        assert sentence.count(";") == 1 and sentence.endswith(".") and "\n" not in sentence


def test_a_missing_driver_is_one_sentence_and_a_url_without_one_takes_psycopg(
    tmp_path, postgres_url, monkeypatch
):
    bare = postgres_url.replace("postgresql+psycopg://", "postgresql://")
    engine = create_database_engine(bare)
    try:
        assert engine.dialect.driver == "psycopg"
        assert current_revision(engine) == SCHEMA_HEAD
    finally:
        engine.dispose()
    with monkeypatch.context() as patched, pytest.raises(StorageFaultError) as failed:
        patched.setitem(sys.modules, "psycopg", None)  # as on a laptop without the extra
        open_database(settings_on(tmp_path, bare))
    assert failed.value.message == errors.DRIVER_MISSING


@pytest.mark.parametrize("backend", ["postgresql"])
def test_schema_0005_goes_down_and_up_again_on_postgresql_with_every_record(
    settings, secrets, store, service
):
    """0005 changes column types in place on PostgreSQL (no table rebuild): taken back to 0004
    the hashes are hex text again, and upgraded again every record verifies."""
    from support.store import signed_session

    from zzsign.services.verify import verify_database
    from zzsign.store.migrate import migrate

    for name in ("Zoë Ñúñez", "王小明"):
        service.sign(signed_session(service, name), screen="x")
    store.close()
    engine = create_database_engine(settings.database_url)
    try:
        migrate(engine, "0004", down=True)
        with engine.connect() as connection:
            hashes = connection.execute(text("SELECT record_sha256 FROM signature_records"))
            assert all(len(value) == 64 and int(value, 16) >= 0 for (value,) in hashes)
            trail = connection.execute(text("SELECT audit_trail FROM signature_records"))
            assert all(value.startswith("[") for (value,) in trail)  # the JSON text of 0004
    finally:
        engine.dispose()
    assert upgrade_database(settings).before == "0004"
    report = verify_database(settings.database_url, secrets=secrets)
    assert report.intact, report.problems
    assert (report.records, report.links) == (2, 2)


def test_two_first_uses_of_hr_at_once_make_one_hr_key(tmp_path, postgres_url, monkeypatch):
    from support.store import CHEAP_WRAPPING, HR_PASSWORD

    from zzsign.services.hr import HrAccess, HrPasswordError

    database = open_database(settings_on(tmp_path, postgres_url))
    outcomes: list[str] = []
    # each looks for HR's key, then waits (up to a second) for the other to have looked too:
    # without the lock both find none and both make one
    both_looked = threading.Barrier(2)
    look = HrKeyRepository.newest

    def look_then_wait(self, **options):
        found = look(self, **options)
        with contextlib.suppress(threading.BrokenBarrierError):
            both_looked.wait(timeout=1)
        return found

    monkeypatch.setattr(HrKeyRepository, "newest", look_then_wait)

    def set_up() -> None:
        try:
            HrAccess(database.sessions, wrapping_cost=CHEAP_WRAPPING).set_up(HR_PASSWORD)
            outcomes.append("set")
        except HrPasswordError as refused:
            outcomes.append(refused.message)

    threads = [threading.Thread(target=set_up) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    try:
        assert sorted(outcomes) == ["The HR password is already set; use Change password.", "set"]
        with database.sessions() as db:
            assert db.execute(text("SELECT count(*) FROM hr_keys")).scalar() == 1
    finally:
        database.close()


def test_backup_and_restore_point_to_postgresqls_own_tools(tmp_path, postgres_url):
    from support.cli import run_cli

    where = ("--data-dir", str(tmp_path / "data"), "--database-url", postgres_url)
    backup = run_cli("backup", "--out", str(tmp_path / "copy.sqlite3"), *where)
    assert (backup.code, backup.err_lines) == (
        2,
        [
            "zzsign: zzsign backup copies the SQLite store only; back up a PostgreSQL database "
            "with pg_dump (see docs/fleet.md)."
        ],
    )
    restore = run_cli("restore", str(tmp_path / "copy.sqlite3"), *where)
    assert restore.code == 2 and "restore a PostgreSQL database with pg_restore" in restore.err
    assert not (tmp_path / "copy.sqlite3").exists()


@pytest.mark.slow
def test_the_kiosk_starts_on_postgresql_and_start_is_enabled(tmp_path, postgres_url, monkeypatch):
    from support.keyrings import FileKeyring
    from support.start_up import START_AND_WATCH

    from zzsign.security.keyring_store import SecretStore

    monkeypatch.setenv("ZZSIGN_TEST_KEYRING_FILE", str(tmp_path / "keyring.json"))
    store = open_store(settings_on(tmp_path, postgres_url), SecretStore(backend=FileKeyring()))
    set_up_hr(store.sessions)
    store.close()
    env = {
        **cli_environment(tmp_path / "keyring.json"),
        "ZZSIGN_DATA_DIR": str(tmp_path / "data"),
        "ZZSIGN_DATABASE_URL": postgres_url,
    }
    watch = [sys.executable, "-c", START_AND_WATCH]
    done = subprocess.run(watch, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    # no quick look at a server: Start is enabled once the store is open (the plain path)
    assert seen["store_open_at_start"] is True and seen["start_enabled"] is True
    assert seen["store_opened"] is True and seen["hr_entry_with_store"] is True
    assert not (tmp_path / "data" / "zzsign.sqlite3").exists()
