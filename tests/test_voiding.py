"""Voiding a record: a signed, chained entry with a reason; nothing is deleted; verify sees it."""

from __future__ import annotations

import csv
import json
import sqlite3

import pytest
from support.cli import cli_environment, zzsign_here
from support.store import drop_triggers, sign_real_records

from zzsign.security.chain import LinkKind
from zzsign.security.installation_keys import chain_head_name
from zzsign.services.export.selection import ExportFilter, store_url
from zzsign.services.export.table import export_table
from zzsign.services.verify import verify_store
from zzsign.services.voiding import VoidReasonError, VoidRefusedError, void_record
from zzsign.store.records import RecordRepository


def raw(store):
    return sqlite3.connect(store.engine.url.database)


def test_void_is_chained_and_verify_stays_intact(
    store, secrets, two_signed_record_ids, hr_key, tmp_path
):
    victim, other = two_signed_record_ids
    receipt = void_record(store, victim, "  Signed with a colleague's name by mistake  ")
    assert receipt.reason == "Signed with a colleague's name by mistake"
    assert receipt.link.kind == LinkKind.VOID and receipt.link.subject == victim
    with store.sessions() as db:
        records = RecordRepository(db)
        assert records.count() == 2  # nothing was deleted
        assert records.void_of(victim).reason == receipt.reason
        assert records.void_of(other) is None
        assert records.chain_head(store.installation_id) == (
            receipt.link.sequence,
            receipt.link.entry_sha256,
        )
    store.anchor.flush()  # the keyring's copy is written on a thread
    assert secrets.get(chain_head_name(store.installation_id)) == (
        f"{receipt.link.sequence}:{receipt.link.entry_sha256}"
    )
    report = verify_store(store.sessions, secrets=secrets, hr_private_key=hr_key)
    assert report.intact, report.problems
    assert report.voided == 1

    out = tmp_path / "records.csv"
    export_table(store_url(store), hr_key, ExportFilter(), "csv", out)
    with open(out, encoding="utf-8-sig", newline="") as handle:
        status = {row["record_id"]: row["status"] for row in csv.DictReader(handle)}
    assert status == {victim: "void", other: "signed"}

    out = tmp_path / "records.json"
    export_table(store_url(store), hr_key, ExportFilter(), "json", out)
    entries = {e["public_record"]["record_id"]: e for e in json.loads(out.read_text())["records"]}
    assert entries[victim]["status"] == "void"
    assert entries[victim]["void"]["reason"] == receipt.reason
    assert entries[other]["status"] == "signed" and "void" not in entries[other]


def test_the_void_row_is_append_only(store, two_signed_record_ids):
    void_record(store, two_signed_record_ids[0], "Duplicate of another record")
    with raw(store) as connection, pytest.raises(sqlite3.IntegrityError, match="append-only"):
        connection.execute("DELETE FROM record_voids")


@pytest.mark.parametrize(
    "statement, what",
    [
        (
            "UPDATE record_voids SET reason = 'Nothing happened'",
            "its void (reason, time or who voided it) was changed",
        ),
        ("UPDATE record_voids SET voided_at_utc = '2020-01-01T00:00:00.000000Z'", "was changed"),
        ("DELETE FROM record_voids", "its void was deleted (its chain entry remains)"),
    ],
)
def test_tampering_with_a_void_is_caught_naming_the_record(
    store, secrets, two_signed_record_ids, statement, what
):
    victim = two_signed_record_ids[0]
    void_record(store, victim, "Signed by the wrong person")
    with raw(store) as connection:
        drop_triggers(connection)
        connection.execute(statement)
    report = verify_store(store.sessions, secrets=secrets)
    assert not report.intact
    assert any(p.subject == f"record {victim}" and what in p.what for p in report.problems), (
        report.problems
    )


def test_a_void_added_outside_zzsign_is_caught(store, secrets, two_signed_record_ids):
    victim = two_signed_record_ids[1]
    with raw(store) as connection:
        connection.execute(
            "INSERT INTO record_voids VALUES (?, 'forged', '2026-11-25T00:00:00.000000Z', 0, "
            "'HR', ?)",
            (victim, store.installation_id),
        )
    report = verify_store(store.sessions, secrets=secrets)
    assert [str(p) for p in report.problems] == [
        f"record {victim}: its void is not in the chain (added outside zzsign)"
    ]


@pytest.mark.parametrize(
    "reason, says",
    [
        ("", "at least 3 characters"),
        ("  ok ", "at least 3 characters"),
        ("x" * 501, "at most 500 characters"),
        ("wrong\x07person", "control character"),
        ("wrong\u202eperson", "control character"),
    ],
)
def test_reason_is_required_and_checked(store, two_signed_record_ids, reason, says):
    with pytest.raises(VoidReasonError, match=says):
        void_record(store, two_signed_record_ids[0], reason)
    with store.sessions() as db:
        assert RecordRepository(db).void_of(two_signed_record_ids[0]) is None


def test_unknown_and_already_voided_records_are_refused(store, two_signed_record_ids):
    with pytest.raises(VoidRefusedError, match="There is no record nope in this store"):
        void_record(store, "nope", "Does not exist")
    void_record(store, two_signed_record_ids[0], "First void")
    with pytest.raises(VoidRefusedError, match=r"already voided on .*only once"):
        void_record(store, two_signed_record_ids[0], "Second void")
    with store.sessions() as db:
        assert RecordRepository(db).void_of(two_signed_record_ids[0]).reason == "First void"


def test_void_from_the_command_line(tmp_path):
    env = cli_environment(tmp_path / "keyring.json")
    data = tmp_path / "data"
    assert zzsign_here(env, "hr-password", "--data-dir", str(data)).returncode == 0
    sign_real_records(data, tmp_path / "keyring.json", ("Ada Lovelace", "Grace Hopper"))
    with sqlite3.connect(data / "zzsign.sqlite3") as connection:
        victim = connection.execute("SELECT id FROM signature_records LIMIT 1").fetchone()[0]

    done = zzsign_here(env, "void", victim, "--reason", "Wrong start date", "--data-dir", str(data))
    assert done.returncode == 0, done.stderr
    assert f"Voided record {victim}" in done.stdout
    again = zzsign_here(env, "void", victim, "--reason", "Again", "--data-dir", str(data))
    assert again.returncode == 1
    assert "already voided" in again.stderr and again.stderr.count("\n") == 1
    short = zzsign_here(env, "void", victim, "--reason", "x", "--data-dir", str(data))
    assert short.returncode == 2 and "at least 3 characters" in short.stderr
    wrong = {**env, "ZZSIGN_HR_PASSWORD": "not the HR password"}
    refused = zzsign_here(wrong, "void", victim, "--reason", "No access", "--data-dir", str(data))
    assert refused.returncode == 2 and "not correct" in refused.stderr

    checked = zzsign_here(env, "verify", "--data-dir", str(data))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "(1 voided): all intact." in checked.stdout
    with sqlite3.connect(data / "zzsign.sqlite3") as connection:
        drop_triggers(connection)
        connection.execute("UPDATE record_voids SET reason = 'Edited'")
    checked = zzsign_here(env, "verify", "--data-dir", str(data))
    assert checked.returncode == 1
    assert f"record {victim}: its void" in checked.stdout


@pytest.mark.slow
def test_a_void_travels_in_the_evidence_package_and_import(tmp_path):
    from support.cli import fingerprint_of, new_laptop_sharing_hr_key

    env = cli_environment(tmp_path / "keyring.json")
    data = tmp_path / "a"
    assert zzsign_here(env, "demo", "--signatures", "2", "--data-dir", str(data)).returncode == 0
    with sqlite3.connect(data / "zzsign.sqlite3") as connection:
        victim = connection.execute("SELECT id FROM signature_records LIMIT 1").fetchone()[0]
    assert (
        zzsign_here(
            env, "void", victim, "--reason", "Test signing", "--data-dir", str(data)
        ).returncode
        == 0
    )
    package = tmp_path / "a.zip"
    exported = zzsign_here(
        env, "export", "--format", "evidence", "--out", str(package), "--data-dir", str(data)
    )
    assert exported.returncode == 0, exported.stderr

    env_b = cli_environment(tmp_path / "keyring-b.json")
    data_b = tmp_path / "b"
    new_laptop_sharing_hr_key(env_b, data, data_b)
    imported = zzsign_here(
        env_b, "import", str(package), "--data-dir", str(data_b), "--trust", fingerprint_of(data)
    )
    assert imported.returncode == 0, imported.stderr
    checked = zzsign_here(env_b, "verify", "--data-dir", str(data_b))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "(1 voided): all intact." in checked.stdout  # the import verified the package first
    with sqlite3.connect(data_b / "zzsign.sqlite3") as connection:
        assert connection.execute("SELECT record_id, reason FROM record_voids").fetchall() == [
            (victim, "Test signing")
        ]
