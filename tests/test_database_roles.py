"""The database roles of a fleet on PostgreSQL (zzsign/store/roles.py, ``zzsign db grant``): a
kiosk's user signs and reads, and is refused HR's private key and every change; HR's user
verifies, exports and voids; and the grants cover every table of the schema."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from support.cli import keyring_for_cli, run_cli
from support.keyrings import MemoryKeyring
from support.postgres_cluster import PostgresCluster, find_binaries, kiosk_and_hr_roles
from support.store import HR_PASSWORD, set_up_hr, signed_session

from zzsign.config import Settings
from zzsign.security.keyring_store import SecretStore
from zzsign.services.hr import HR_STATION_ONLY as KIOSK_ONLY
from zzsign.services.hr import HrAccess, HrStationOnlyError
from zzsign.services.signing import SigningService
from zzsign.services.store import open_database, open_store
from zzsign.services.verify import verify_database
from zzsign.store import errors
from zzsign.store.database import create_database_engine
from zzsign.store.errors import describe_storage_failure
from zzsign.store.models import Base
from zzsign.store.roles import (
    BAD_ROLE_NAME,
    NOT_THE_OWNER,
    ROLE_IS_OWNER,
    ROLE_MISSING,
    TABLES,
    grant_script,
)


def _roles(cluster: PostgresCluster, url: str) -> tuple[str, str, str, str]:
    """Two roles of the database's own and a login user in each (see kiosk_and_hr_roles)."""
    return kiosk_and_hr_roles(cluster, url)


def _settings(folder: Path, url: str) -> Settings:
    return Settings.resolve(data_dir=str(folder), database_url=url, environ={})


def _refused(url: str, statement: str) -> DBAPIError:
    """Run ``statement`` as ``url``'s user; the refusal (the test fails if it is allowed)."""
    engine = create_database_engine(url)
    try:
        with pytest.raises(DBAPIError) as refused, engine.begin() as connection:
            connection.execute(text(statement))
        return refused.value
    finally:
        engine.dispose()


def test_a_kiosk_signs_and_is_refused_hr_s_key_and_every_change_and_hr_checks_it_all(
    tmp_path, postgres_cluster, postgres_url, monkeypatch
):
    kiosk_role, hr_role, kiosk_url, hr_url = _roles(postgres_cluster, postgres_url)
    owner = ("--database-url", postgres_url, "--data-dir", str(tmp_path / "it"))
    roles = ("--kiosk-role", kiosk_role, "--hr-role", hr_role)
    for _ in range(2):  # IT runs it again after each upgrade: the same rights
        granted = run_cli("db", "grant", *roles, *owner)
        assert (granted.code, granted.err) == (0, ""), granted.err
        assert granted.out == f"Gave {kiosk_role} a kiosk's rights and {hr_role} HR's rights.\n"

    # the HR station sets up HR's key; the kiosk signs, as a member of the kiosk role
    hr_station = open_database(_settings(tmp_path / "hr", hr_url))
    set_up_hr(hr_station.sessions)
    kiosk_keyring = MemoryKeyring()
    kiosk = open_store(_settings(tmp_path / "kiosk", kiosk_url), SecretStore(backend=kiosk_keyring))
    try:
        service = SigningService(kiosk)
        receipt = service.sign(signed_session(service, "Zoë Ñúñez"), screen="1920x1080")
        assert HrAccess(kiosk.sessions).is_set_up()  # the kiosk sees HR's public key only
        # HR's entry on the kiosk: one sentence, no traceback (the key is not the kiosk's)
        with pytest.raises(HrStationOnlyError) as no_key:
            HrAccess(kiosk.sessions).unlock(HR_PASSWORD)
        assert no_key.value.message == KIOSK_ONLY
    finally:
        kiosk.close()
        hr_station.close()

    secret = _refused(kiosk_url, "SELECT wrapped_private_key FROM hr_keys")
    assert describe_storage_failure(secret) == errors.PERMISSION_DENIED
    for change in (
        f"UPDATE signature_records SET department = 'x' WHERE id = '{receipt.record_id}'",
        "DELETE FROM ledger_entries",
        "TRUNCATE record_voids",
        "UPDATE installations SET public_key = NULL",
        "UPDATE hr_keys SET public_key = '00'",
        "UPDATE hr_unlock_attempts SET failures = 0",
        "INSERT INTO hr_keys (public_key, wrapped_private_key, created_at_utc) "
        "VALUES ('00', '{}', '2026-11-29T00:00:00.000000Z')",  # no key of the kiosk's own
        "INSERT INTO record_voids VALUES ('x', 'r', 'at', 0, 'hr', 'x')",
        "DELETE FROM store_settings",
    ):
        refused = _refused(kiosk_url, change)
        assert getattr(refused.orig, "sqlstate", None) == "42501", change
    for change in (
        "DELETE FROM signature_records",
        "UPDATE ledger_entries SET sequence = sequence + 1",
        "TRUNCATE hr_keys",
        "UPDATE installations SET app_version = 'x'",
    ):
        refused = _refused(hr_url, change)
        assert getattr(refused.orig, "sqlstate", None) == "42501", change

    # the kiosk's own check, without HR's key, sees every record; the CLI says the sentence
    kiosk_check = verify_database(kiosk_url, secrets=SecretStore(backend=kiosk_keyring))
    assert kiosk_check.intact and kiosk_check.records == 1, kiosk_check.problems
    monkeypatch.setenv("ZZSIGN_HR_PASSWORD", HR_PASSWORD)
    at_kiosk = ("--database-url", kiosk_url, "--data-dir", str(tmp_path / "kiosk"))
    with keyring_for_cli(kiosk_keyring):
        opened = run_cli("verify", "--with-hr-password", *at_kiosk)
    assert (opened.code, opened.err_lines) == (2, [f"zzsign: {KIOSK_ONLY}"])

    # HR's user opens every record, exports, voids and keeps settings
    at_hr = ("--database-url", hr_url, "--data-dir", str(tmp_path / "hr"))
    with keyring_for_cli(MemoryKeyring()):
        checked = run_cli("verify", "--with-hr-password", *at_hr)
        assert checked.code == 0, checked.out + checked.err
        assert "opened 1 sealed records: all intact." in checked.out
        out = tmp_path / "records.csv"
        exported = run_cli("export", "--format", "csv", "--out", str(out), *at_hr)
        assert exported.code == 0, exported.err
        assert "Zoë Ñúñez" in out.read_text(encoding="utf-8-sig")
        voided = run_cli("void", receipt.record_id, "--reason", "Signed twice", *at_hr)
        assert voided.code == 0, voided.err
        domains = run_cli("email-domains", "--set", "zzservers.com", *at_hr)
        assert domains.code == 0, domains.err
        again = run_cli("verify", *at_hr)
        assert again.code == 0 and "all intact" in again.out, again.out + again.err


def test_the_rights_name_every_table_and_sequence_of_the_schema(postgres_url):
    engine = create_database_engine(postgres_url)
    try:
        with engine.connect() as connection:
            tables = set(
                connection.execute(
                    text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
                ).scalars()
            )
            sequences = set(
                connection.execute(
                    text(
                        "SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema()"
                    )
                ).scalars()
            )
    finally:
        engine.dispose()
    assert tables == {rights.table for rights in TABLES}
    assert tables == {*Base.metadata.tables, "alembic_version"}
    assert sequences == {rights.sequence for rights in TABLES if rights.sequence}


def test_refusals_of_db_grant_each_say_what_to_do(tmp_path, postgres_cluster, postgres_url):
    kiosk_role, hr_role, kiosk_url, _hr_url = _roles(postgres_cluster, postgres_url)
    where = ("--data-dir", str(tmp_path / "data"))

    def grant(url: str, kiosk: str, hr: str) -> list[str]:
        done = run_cli(
            "db", "grant", "--kiosk-role", kiosk, "--hr-role", hr, "--database-url", url, *where
        )
        assert done.code == 2 and done.out == ""
        return done.err_lines

    assert grant(postgres_url, kiosk_role, "nobody_here") == [f"zzsign: {ROLE_MISSING}"]
    assert grant(postgres_url, kiosk_role, "zzsign") == [f"zzsign: {ROLE_IS_OWNER}"]  # the owner
    assert grant(kiosk_url, kiosk_role, hr_role) == [f"zzsign: {NOT_THE_OWNER}"]
    assert grant(postgres_url, "Kiosk; DROP TABLE x", hr_role) == [f"zzsign: {BAD_ROLE_NAME}"]
    assert grant(postgres_url, hr_role, hr_role) == [f"zzsign: {BAD_ROLE_NAME}"]
    on_sqlite = run_cli("db", "grant", *where)
    assert on_sqlite.code == 2 and "is for a PostgreSQL database" in on_sqlite.err
    # nothing was granted by any of them
    refused = _refused(kiosk_url, "SELECT count(*) FROM signature_records")
    assert getattr(refused.orig, "sqlstate", None) == "42501"


def test_the_printed_sql_run_with_psql_grants_the_same_rights(
    tmp_path, postgres_cluster, postgres_url
):
    kiosk_role, hr_role, kiosk_url, _hr_url = _roles(postgres_cluster, postgres_url)
    printed = run_cli("db", "grant", "--print", "--kiosk-role", kiosk_role, "--hr-role", hr_role)
    assert printed.code == 0 and printed.out == grant_script(kiosk_role, hr_role)
    kiosk_reads = "id, public_key, created_at_utc, signing_public_key"
    assert f"GRANT SELECT ({kiosk_reads}) ON TABLE hr_keys TO {kiosk_role}" in printed.out
    kiosk_grants = [line for line in printed.out.splitlines() if line.endswith(f"TO {kiosk_role};")]
    assert kiosk_grants and not any(
        change in line for line in kiosk_grants for change in ("UPDATE", "DELETE", "TRUNCATE")
    )
    script = tmp_path / "grants.sql"
    script.write_text(printed.out)
    binaries = find_binaries()
    assert binaries is not None
    psql = [str(binaries / "psql"), "-v", "ON_ERROR_STOP=1", "-f", str(script), "-q"]
    owner = make_url(postgres_url)
    environment = {"PGPASSWORD": owner.password or ""}
    ran = subprocess.run(
        [
            *psql,
            "-h",
            "127.0.0.1",
            "-p",
            str(owner.port),
            "-U",
            owner.username or "",
            owner.database or "",
        ],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
    )
    assert ran.returncode == 0, ran.stderr
    engine = create_database_engine(kiosk_url)
    try:
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM signature_records")).scalar() == 0
    finally:
        engine.dispose()
    assert _refused(kiosk_url, "SELECT * FROM hr_keys").orig.sqlstate == "42501"


def test_a_kiosk_missing_a_grant_keeps_the_entries_and_signs_once_it_is_back_and_hr_is_sent_on(
    qtbot, qapp, tmp_path, postgres_cluster, postgres_url
):
    """IT upgraded and forgot ``zzsign db grant``: the hire at the kiosk reads one sentence,
    keeps every entry, and signs once IT has run it; HR at the kiosk is sent to the HR station."""
    from support.kiosk import Hire, KioskDriver
    from support.laptops import assert_sign_refused_and_entries_kept
    from support.store import CHEAP_WRAPPING

    from zzsign.views.kiosk_window import KioskWindow
    from zzsign.views.pages.done import DonePage

    kiosk_role, hr_role, kiosk_url, hr_url = _roles(postgres_cluster, postgres_url)
    grant = ("db", "grant", "--kiosk-role", kiosk_role, "--hr-role", hr_role)
    owner = ("--database-url", postgres_url, "--data-dir", str(tmp_path / "it"))
    assert run_cli(*grant, *owner).code == 0
    hr_station = open_database(_settings(tmp_path / "hr", hr_url))
    set_up_hr(hr_station.sessions)
    hr_station.close()
    store = open_store(
        _settings(tmp_path / "kiosk", kiosk_url), SecretStore(backend=MemoryKeyring())
    )
    window = KioskWindow(idle_reset_ms=600_000, hr_idle_lock_ms=600_000)
    qtbot.addWidget(window)
    window.set_service(
        SigningService(store), HrAccess(store.sessions, wrapping_cost=CHEAP_WRAPPING), store
    )
    window.show()
    qtbot.waitExposed(window)
    driver = KioskDriver(qtbot, window)
    try:
        hire = Hire(full_name="Søren Kierkegaard-Ødegård", employee_id="E-77")
        driver.walk_to_review(hire)
        database = make_url(postgres_url).database
        assert database is not None
        postgres_cluster.superuser_sql(
            f"REVOKE INSERT ON signature_records FROM {kiosk_role}", database=database
        )
        assert_sign_refused_and_entries_kept(driver, hire, errors.PERMISSION_DENIED)
        assert run_cli(*grant, *owner).code == 0  # IT runs it, as the sentence says
        driver.click("Sign agreement")
        assert isinstance(driver.page, DonePage)
        driver.finish()

        dialog = window.open_hr_unlock()
        assert dialog is not None
        dialog.password.setText(HR_PASSWORD)
        dialog.submit()
        assert dialog.isVisible() and dialog.problem.text() == KIOSK_ONLY
        dialog.reject()
    finally:
        store.close()
    report = verify_database(hr_url, secrets=SecretStore(backend=MemoryKeyring()))
    assert report.intact and report.records == 1, report.problems
