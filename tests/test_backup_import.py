"""``zzsign backup`` while the store is in use, restore, and ``zzsign import`` of a package."""

from __future__ import annotations

import json
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest
from support.cli import cli_environment, fingerprint_of, new_laptop_sharing_hr_key, zzsign_here

TABLES = ("installations", "documents", "signature_records", "audit_events", "ledger_entries")


def counts(database: Path) -> dict[str, int]:
    with sqlite3.connect(database) as raw:
        return {t: raw.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


@pytest.mark.slow
def test_backup_while_a_reader_holds_the_store_restores_intact(
    laptop_a_and_its_evidence_package, tmp_path
):
    env, data, _package = laptop_a_and_its_evidence_package
    out = tmp_path / "copy.sqlite3"
    reader = sqlite3.connect(data / "zzsign.sqlite3")
    try:
        reader.execute("BEGIN")
        assert reader.execute("SELECT count(*) FROM signature_records").fetchone()[0] == 4
        result = zzsign_here(env, "backup", "--out", str(out), "--data-dir", str(data))
    finally:
        reader.close()
    assert result.returncode == 0, result.stderr
    assert "Backed up 4 records and 4 chain entries" in result.stdout
    assert out.stat().st_mode & 0o777 == 0o600
    assert not list(tmp_path.glob("*.part"))
    assert counts(out) == counts(data / "zzsign.sqlite3")

    restored = tmp_path / "restored"
    restored.mkdir(mode=0o700)
    shutil.copy(out, restored / "zzsign.sqlite3")
    checked = zzsign_here(env, "verify", "--data-dir", str(restored))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert (
        "Checked 4 records and 4 chain entries, and opened 4 sealed records: all intact."
        in checked.stdout
    )


def test_backup_without_a_store_says_so(tmp_path):
    env = cli_environment(tmp_path / "keyring.json")
    result = zzsign_here(
        env, "backup", "--out", str(tmp_path / "b.sqlite3"), "--data-dir", str(tmp_path / "none")
    )
    assert result.returncode == 2
    assert "no zzsign store to back up" in result.stderr and result.stderr.count("\n") == 1


@pytest.mark.slow
def test_import_merges_once_and_the_store_verifies(laptop_a_and_its_evidence_package, tmp_path):
    env_a, data_a, package = laptop_a_and_its_evidence_package
    env_b = cli_environment(tmp_path / "keyring-b.json")
    data_b = tmp_path / "b"
    new_laptop_sharing_hr_key(env_b, data_a, data_b, hr_station_env=env_a)

    before = counts(data_b / "zzsign.sqlite3")
    unknown = zzsign_here(env_b, "import", str(package), "--data-dir", str(data_b))
    assert unknown.returncode == 1 and unknown.stderr.count("\n") == 1
    expected = fingerprint_of(data_a).replace(" ", "")
    assert "does not know yet" in unknown.stderr and expected in unknown.stderr
    assert counts(data_b / "zzsign.sqlite3") == before  # a stranger's package adds nothing
    wrong = zzsign_here(
        env_b, "import", str(package), "--data-dir", str(data_b), "--trust", "SHA256:" + "0" * 64
    )
    assert wrong.returncode == 1 and counts(data_b / "zzsign.sqlite3") == before

    first = zzsign_here(
        env_b, "import", str(package), "--data-dir", str(data_b), "--trust", fingerprint_of(data_a)
    )  # copied off a signed copy, blocks of four
    assert first.returncode == 0, first.stderr
    assert "Imported 4 records and 4 chain entries (0 records were already here)." in first.stdout
    after_first = counts(data_b / "zzsign.sqlite3")
    assert after_first["installations"] == 2 and after_first["signature_records"] == 4

    again = zzsign_here(env_b, "import", str(package), "--data-dir", str(data_b))
    assert again.returncode == 0, again.stderr
    assert "Imported 0 records and 0 chain entries (4 records were already here)." in again.stdout
    assert counts(data_b / "zzsign.sqlite3") == after_first

    checked = zzsign_here(env_b, "verify", "--data-dir", str(data_b))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Checked 4 records and 4 chain entries, and opened 4 sealed records" in checked.stdout

    exported = tmp_path / "b.csv"
    assert (
        zzsign_here(
            env_b, "export", "--format", "csv", "--out", str(exported), "--data-dir", str(data_b)
        ).returncode
        == 0
    )
    assert exported.read_text(encoding="utf-8-sig").count("demo.signer") == 4


@pytest.mark.slow
def test_import_refuses_another_hr_key_and_partial_or_bad_packages(
    laptop_a_and_its_evidence_package, tmp_path
):
    env, data_a, package = laptop_a_and_its_evidence_package
    env_b = cli_environment(tmp_path / "keyring-b.json")
    data_b = tmp_path / "b"
    assert zzsign_here(env_b, "hr-password", "--data-dir", str(data_b)).returncode == 0
    before = counts(data_b / "zzsign.sqlite3")

    refused = zzsign_here(env_b, "import", str(package), "--data-dir", str(data_b))
    assert refused.returncode == 1
    assert "sealed to a different HR key" in refused.stderr
    assert refused.stderr.count("\n") == 1

    partial = tmp_path / "partial.zip"
    assert (
        zzsign_here(
            env,
            "export",
            "--format",
            "evidence",
            "--out",
            str(partial),
            "--data-dir",
            str(data_a),
            "--agreement-version",
            "99",
        ).returncode
        == 0
    )
    refused = zzsign_here(env_b, "import", str(partial), "--data-dir", str(data_b))
    assert refused.returncode == 1 and "only some of its laptop's records" in refused.stderr

    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(package) as source, zipfile.ZipFile(broken, "w") as target:
        for name in source.namelist():
            content = source.read(name)
            if name == "chain.json":
                chain = json.loads(content)
                chain["links"][-1]["signature"] = "00" * 64
                content = json.dumps(chain).encode()
            target.writestr(name, content)
    refused = zzsign_here(env_b, "import", str(broken), "--data-dir", str(data_b))
    assert refused.returncode == 1
    assert "did not verify" in refused.stderr and "nothing was imported" in refused.stderr
    assert counts(data_b / "zzsign.sqlite3") == before
