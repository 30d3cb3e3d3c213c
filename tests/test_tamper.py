"""Every kind of tampering with the SQLite file is caught by verify, naming the record.

The stores here hold records of format 2 (one chain entry a signing, sequence = record number);
the single-change property test also runs over a store that mixes format-1 records (the fixture
in ``tests/fixtures/format-1``, upgraded) with format-2 records signed after them.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.postgres_cluster import BOTH_BACKENDS, tamper_as_superuser
from support.store import HR_PASSWORD, drop_triggers

from zzsign.config import Settings
from zzsign.domain.clock import Timestamp
from zzsign.domain.record import AuditEntry, Step
from zzsign.security.installation_keys import chain_head_name
from zzsign.services.hr import HrAccess
from zzsign.services.store import open_database
from zzsign.services.verify import verify_store
from zzsign.store.compact import decode_audit_trail, encode_audit_trail


def tamper(settings_: Settings, *statements: str, params=()) -> None:
    """Edit the database file directly, as someone with the file (not zzsign) would (on
    PostgreSQL: as the server's superuser)."""
    if settings_.database_url.startswith("postgresql"):
        assert not params
        tamper_as_superuser(settings_.database_url, *statements)
        return
    with sqlite3.connect(settings_.data_dir / "zzsign.sqlite3") as raw:
        drop_triggers(raw)
        for statement in statements:
            raw.execute(statement, params)


def check(settings_: Settings, secrets=None, with_hr: bool = False):
    database = open_database(settings_)
    try:
        hr_key = HrAccess(database.sessions).unlock(HR_PASSWORD) if with_hr else None
        return verify_store(database.sessions, secrets=secrets, hr_private_key=hr_key)
    finally:
        database.close()


def problems_text(report) -> str:
    return "\n".join(str(p) for p in report.problems)


@BOTH_BACKENDS
def test_untouched_store_is_intact_with_and_without_hr(closed_store_with_three_records, secrets):
    settings_, _ = closed_store_with_three_records
    report = check(settings_, secrets)
    assert report.intact, problems_text(report)
    assert report.records == 3 and report.links == 3  # one chain entry a signing
    assert any("HR password" in note for note in report.not_checked)
    report = check(settings_, secrets, with_hr=True)
    assert report.intact and report.sealed_checked == 3 and not report.not_checked


@BOTH_BACKENDS
def test_edited_field_is_named(closed_store_with_three_records):
    settings_, ids = closed_store_with_three_records
    tamper(settings_, f"UPDATE signature_records SET department = 'Sales' WHERE id = '{ids[1]}'")
    report = check(settings_)
    assert not report.intact
    assert f"record {ids[1]}: a field was changed after signing" in problems_text(report)
    assert ids[0] not in problems_text(report)


def test_edited_audit_trail_is_named(closed_store_with_three_records):
    # format 2: the audit trail is inside the record's one signed entry
    settings_, ids = closed_store_with_three_records
    with sqlite3.connect(settings_.data_dir / "zzsign.sqlite3") as raw:
        (stored,) = raw.execute(
            "SELECT audit_trail FROM signature_records WHERE id = ?", (ids[0],)
        ).fetchone()
    audit = decode_audit_trail(stored)
    consented = next(i for i, entry in enumerate(audit) if entry.step is Step.CONSENTED)
    earlier = Timestamp(
        audit[consented].at.utc - timedelta(hours=1), audit[consented].at.offset_minutes
    )
    edited = (*audit[:consented], AuditEntry(Step.CONSENTED, earlier), *audit[consented + 1 :])
    tamper(
        settings_,
        "UPDATE signature_records SET audit_trail = ? WHERE id = ?",
        params=(encode_audit_trail(edited), ids[0]),
    )
    text = problems_text(check(settings_))
    assert f"record {ids[0]}: a field was changed after signing" in text


def test_an_audit_event_entry_added_for_a_format_2_record_is_caught(
    closed_store_with_three_records,
):
    settings_, ids = closed_store_with_three_records
    tamper(
        settings_,
        "INSERT INTO audit_events VALUES "
        f"('{ids[0]}', 0, 'opened', '2026-11-25T09:00:00.000000Z', 0)",
    )
    assert check(settings_).intact  # a stray row does not change what was signed...
    tamper(
        settings_,
        "INSERT INTO ledger_entries SELECT installation_id, 4, 'audit_event', "
        f"'{ids[0]}/0', payload_sha256, entry_sha256, entry_sha256, signature "
        "FROM ledger_entries WHERE sequence = 3",
    )
    text = problems_text(check(settings_))  # ...but an entry format 2 never writes shows
    assert f"record {ids[0]}: an audit event was deleted (its chain entry remains)" in text


@BOTH_BACKENDS
def test_deleted_record_is_named(closed_store_with_three_records):
    settings_, ids = closed_store_with_three_records
    tamper(settings_, f"DELETE FROM signature_records WHERE id = '{ids[1]}'")
    text = problems_text(check(settings_))
    assert f"record {ids[1]}: the record was deleted" in text


@BOTH_BACKENDS
def test_deleted_chain_entry_breaks_the_chain(closed_store_with_three_records):
    settings_, ids = closed_store_with_three_records
    tamper(settings_, "DELETE FROM ledger_entries WHERE sequence = 2")
    text = problems_text(check(settings_))
    assert "missing or reordered before position 3" in text
    assert f"record {ids[1]}: it is not in the chain" in text


def test_swapped_records_are_caught(closed_store_with_three_records):
    settings_, ids = closed_store_with_three_records
    a, b = ids[0], ids[2]
    tamper(
        settings_,
        f"UPDATE signature_records SET id = 'swap' WHERE id = '{a}'",
        f"UPDATE signature_records SET id = '{a}' WHERE id = '{b}'",
        f"UPDATE signature_records SET id = '{b}' WHERE id = 'swap'",
    )
    text = problems_text(check(settings_))
    assert f"record {a}" in text and f"record {b}" in text


@BOTH_BACKENDS
def test_swapped_chain_entries_are_caught(closed_store_with_three_records):
    settings_, _ = closed_store_with_three_records
    tamper(
        settings_,
        "UPDATE ledger_entries SET sequence = -1 WHERE sequence = 1",
        "UPDATE ledger_entries SET sequence = 1 WHERE sequence = 2",
        "UPDATE ledger_entries SET sequence = 2 WHERE sequence = -1",
    )
    text = problems_text(check(settings_))
    assert "chain is broken at position" in text or "changed" in text


def test_swapped_sealed_part_is_caught_without_and_with_hr(closed_store_with_three_records):
    settings_, ids = closed_store_with_three_records
    tamper(
        settings_,
        "UPDATE signature_records SET sealed_personal = "
        f"(SELECT sealed_personal FROM signature_records WHERE id = '{ids[0]}') "
        f"WHERE id = '{ids[2]}'",
    )
    assert f"record {ids[2]}: a field was changed" in problems_text(check(settings_))
    with_hr = problems_text(check(settings_, with_hr=True))
    assert f"record {ids[2]}: its sealed personal data does not open" in with_hr


def test_a_signature_image_slipped_into_a_format_2_record_is_caught(
    closed_store_with_three_records,
):
    settings_, ids = closed_store_with_three_records
    tamper(
        settings_,
        f"UPDATE signature_records SET sealed_signature_image = x'89504e47' WHERE id = '{ids[0]}'",
    )
    assert f"record {ids[0]}: its stored fields no longer make sense" in problems_text(
        check(settings_)
    )


def test_hr_key_replaced_in_the_file_is_caught_without_the_hr_password(
    closed_store_with_three_records,
):
    # each record names the fingerprint of the HR key it is sealed to, so a key swapped in the
    # file (to have new records sealed to someone else) shows on every record already signed
    settings_, ids = closed_store_with_three_records
    tamper(settings_, "UPDATE hr_keys SET public_key = '11' || substr(public_key, 3)")
    text = problems_text(check(settings_))
    for record_id in ids:
        assert f"record {record_id}: a field was changed after signing" in text


@pytest.mark.parametrize("on_threads", [False, True], ids=["one-thread", "threads"])
def test_bad_signature_is_named(closed_store_with_three_records, monkeypatch, on_threads):
    # Many signatures are checked on threads, in chunks handed over while the chain is still
    # being read (here two, then one); the answer must be the same.
    from zzsign.security import chain_check, installation_keys

    if on_threads:
        monkeypatch.setattr(installation_keys, "PARALLEL_FROM", 1)
        monkeypatch.setattr(installation_keys.os, "cpu_count", lambda: 2)
        monkeypatch.setattr(chain_check, "SIGNATURE_CHUNK", 2)
    settings_, ids = closed_store_with_three_records
    assert check(settings_).intact
    tamper(
        settings_,
        "UPDATE ledger_entries SET signature = "
        "(SELECT signature FROM ledger_entries WHERE sequence = 1) WHERE sequence = 2",
    )
    assert f"record {ids[1]}: chain entry 2 has a bad signature" in problems_text(check(settings_))


def test_unknown_key_is_reported(closed_store_with_three_records, secrets):
    settings_, _ = closed_store_with_three_records
    tamper(settings_, "UPDATE installations SET public_key = NULL")
    assert "unknown key" in problems_text(check(settings_))


def test_substituted_key_is_caught_against_the_keyring(closed_store_with_three_records, secrets):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    settings_, _ = closed_store_with_three_records
    other = (
        Ed25519PrivateKey.generate()
        .public_key()
        .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        .hex()
    )
    tamper(settings_, f"UPDATE installations SET public_key = '{other}'")
    text = problems_text(check(settings_, secrets))
    assert "not this laptop's key (unknown key)" in text
    assert "bad signature" in text


def test_chain_cut_short_at_its_end_is_caught_with_the_keyring(
    closed_store_with_three_records, secrets
):
    settings_, ids = closed_store_with_three_records
    tamper(
        settings_,
        f"DELETE FROM signature_records WHERE id = '{ids[2]}'",
        "DELETE FROM ledger_entries WHERE sequence > 2",
    )
    assert check(settings_).intact  # without the outside anchor this is invisible...
    text = problems_text(check(settings_, secrets))  # ...but the keyring remembers
    assert "entries after position 2 are missing (this laptop signed up to 3)" in text


def test_anchor_is_kept_in_the_keyring(closed_store_with_three_records, keyring_backend, secrets):
    settings_, _ = closed_store_with_three_records
    database = open_database(settings_, secrets=secrets)
    key = chain_head_name(database.installation_id)
    database.close()
    assert keyring_backend.passwords[("zzsign", key)].startswith("3:")


def test_changed_agreement_text_is_caught(closed_store_with_three_records):
    settings_, _ = closed_store_with_three_records
    tamper(settings_, "UPDATE documents SET text = replace(text, 'strictest', 'loosest')")
    assert "agreement version 1: its text differs from its hash" in problems_text(check(settings_))


# -- any single-byte change -----------------------------------------------------------------
# Every column of every record table, of format-1 and format-2 rows: a number moved, a character
# replaced, or one byte of a stored hash, signature, encoded audit trail or sealed part changed to
# any other value.
def _mutated(value, position: int, flip: int = 0x01):
    if isinstance(value, int):
        return value + 1000 + position  # far enough not to collide with another row's key
    if isinstance(value, bytes):  # a hash, a signature, an encoded audit trail, a sealed part
        index = position % len(value)
        return value[:index] + bytes([value[index] ^ flip]) + value[index + 1 :]
    index = position % len(value)
    char = value[index]
    replacement = "x" if char != "x" else "y"
    return value[:index] + replacement + value[index + 1 :]


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_single_change_to_any_stored_record_is_caught(
    pristine_mixed_format_database, tmp_path, data
):
    source, cells = pristine_mixed_format_database
    table, column, rowid = data.draw(st.sampled_from(cells), label="cell")
    position = data.draw(st.integers(min_value=0, max_value=10_000), label="position")
    flip = data.draw(st.integers(min_value=1, max_value=255), label="flip")
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    shutil.copy(source, folder / "zzsign.sqlite3")
    settings_ = Settings.resolve(data_dir=str(folder), environ={})
    with sqlite3.connect(folder / "zzsign.sqlite3") as raw:
        drop_triggers(raw)
        (value,) = raw.execute(f"SELECT {column} FROM {table} WHERE rowid = ?", (rowid,)).fetchone()
        if value is None or value == b"":
            return  # an optional column that is empty (a format-2 image) has no byte to change
        raw.execute(
            f"UPDATE {table} SET {column} = ? WHERE rowid = ?",
            (_mutated(value, position, flip), rowid),
        )
    report = check(settings_)
    assert not report.intact, f"{table}.{column} row {rowid} changed without notice"
    shutil.rmtree(folder)


def test_a_public_key_removed_from_the_store_is_caught(closed_store_with_three_records, secrets):
    # (verify takes no key on record for one being made right now, so the links must say it)
    settings_, _ids = closed_store_with_three_records
    tamper(settings_, "UPDATE installations SET public_key = NULL")
    report = check(settings_, secrets)
    assert not report.intact
    assert "its links are signed by an unknown key" in problems_text(report)
