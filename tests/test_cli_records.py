"""IT's view: zzsign demo, verify and hr-password from the command line: demo, verify and a
tampered record in real processes, the other commands in this process (``zzsign_here``)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from support.cli import zzsign, zzsign_here
from support.store import HR_PASSWORD


@pytest.mark.slow
def test_demo_then_verify_then_tamper(tmp_path, it_cli_environment):
    data = str(tmp_path / "data")
    made = zzsign(it_cli_environment, "demo", "--signatures", "12", "--data-dir", data)
    assert made.returncode == 0, made.stderr
    assert "Signed 12 demo records" in made.stdout
    log = Path(data) / "zzsign.log"
    assert log.stat().st_mode & 0o777 == 0o600
    assert "demo.signer" not in log.read_text()  # the log carries no personal data

    checked = zzsign(it_cli_environment, "verify", "--data-dir", data)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert (
        "Checked 12 records and 12 chain entries, and opened 12 sealed records: all intact."
        in checked.stdout
    )

    without_hr = {k: v for k, v in it_cli_environment.items() if k != "ZZSIGN_HR_PASSWORD"}
    checked = zzsign(without_hr, "verify", "--data-dir", data)
    assert checked.returncode == 0
    assert "Not checked: sealed personal data" in checked.stderr

    with sqlite3.connect(Path(data) / "zzsign.sqlite3") as raw:
        raw.execute("DROP TRIGGER signature_records_no_update")
        (victim,) = raw.execute("SELECT id FROM signature_records LIMIT 1 OFFSET 5").fetchone()
        raw.execute("UPDATE signature_records SET department = 'Nowhere' WHERE id = ?", (victim,))
    checked = zzsign(it_cli_environment, "verify", "--data-dir", data)
    assert checked.returncode == 1
    assert f"record {victim}: a field was changed after signing" in checked.stdout
    assert checked.stdout.strip().endswith(": 1 problem found.")


@pytest.mark.slow
def test_demo_refuses_a_store_with_real_records(tmp_path, it_cli_environment, secrets):
    from support.store import CHEAP_WRAPPING, signed_session

    from zzsign.config import Settings
    from zzsign.services.hr import HrAccess
    from zzsign.services.signing import SigningService
    from zzsign.services.store import open_store

    settings = Settings.resolve(data_dir=str(tmp_path / "data"), environ={})
    store = open_store(settings, secrets)
    HrAccess(store.sessions, wrapping_cost=CHEAP_WRAPPING).set_up(HR_PASSWORD)
    service = SigningService(store)
    service.sign(signed_session(service), screen="x")
    store.close()
    refused = zzsign_here(
        it_cli_environment, "demo", "--signatures", "3", "--data-dir", str(settings.data_dir)
    )
    assert refused.returncode == 2
    assert "holds 1 real signed records" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_verify_of_a_damaged_database_cannot_check(tmp_path, it_cli_environment):
    data = tmp_path / "data"
    data.mkdir()
    (data / "zzsign.sqlite3").write_bytes(b"not a database at all" * 50)
    result = zzsign_here(it_cli_environment, "verify", "--data-dir", str(data))
    assert result.returncode == 2
    assert "damaged" in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1


def test_wrong_hr_password_is_one_sentence(tmp_path, it_cli_environment):
    data = str(tmp_path / "data")
    assert zzsign_here(it_cli_environment, "hr-password", "--data-dir", data).returncode == 0
    wrong = {**it_cli_environment, "ZZSIGN_HR_PASSWORD": "not the HR password"}
    result = zzsign_here(wrong, "verify", "--data-dir", data)
    assert result.returncode == 2
    assert result.stderr.strip() == "zzsign: The HR password is not correct."


def test_hr_password_without_terminal_or_variable_says_what_to_do(tmp_path, it_cli_environment):
    env = {k: v for k, v in it_cli_environment.items() if k != "ZZSIGN_HR_PASSWORD"}
    result = zzsign_here(env, "hr-password", "--data-dir", str(tmp_path / "data"))
    assert result.returncode == 2
    assert "set ZZSIGN_HR_PASSWORD" in result.stderr


def test_verify_of_a_file_that_is_not_a_pdf_cannot_check(tmp_path, it_cli_environment):
    text = tmp_path / "notes.pdf"
    text.write_text("just some notes")
    result = zzsign_here(it_cli_environment, "verify", str(text), "--data-dir", str(tmp_path / "d"))
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "zzsign: The file is not a PDF file; give the signed copy (.pdf) zzsign made."
    )
