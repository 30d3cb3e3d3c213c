"""Every kind of tampering with the SQLite file is caught by verify, naming the record."""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from datetime import date
from pathlib import Path

import pytest
from conftest import CHEAP_WRAPPING, HR_PASSWORD
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zzsign.config import Settings
from zzsign.domain.record import Step
from zzsign.domain.signature import DrawnSignature, TypedSignature
from zzsign.domain.signer import DetailsForm
from zzsign.security.installation_keys import chain_head_name
from zzsign.services.hr import HrAccess
from zzsign.services.signing import SigningService
from zzsign.services.store import open_database, open_store
from zzsign.services.verify import verify_store

NAMES = ("Zoë Ñúñez", "Ольга Петрова", "王小明")
RECORD_TABLES = ("signature_records", "audit_events", "ledger_entries")


def sign(service: SigningService, name: str, drawn: bool) -> str:
    session = service.start_session()
    details, _ = DetailsForm(name, "someone@zzservers.com", "E-1", "Finance",
                             date(2026, 12, 1)).validate(date(2026, 11, 25))
    session.signer = details
    for step in (Step.DETAILS_ENTERED, Step.CONSENTED, Step.REACHED_END,
                 Step.ACKNOWLEDGED_CLAUSE, Step.ACKNOWLEDGED_AGREEMENT):
        session.mark(step, service.clock())
    if drawn:
        strokes = (tuple((10 + i * 9, 50 + (i % 4) * 12, i * 15) for i in range(30)),)
        session.signature = DrawnSignature(strokes, 600, 200, b"PNG-" + name.encode())
    else:
        session.signature = TypedSignature(name, "Dancing Script", "DancingScript-Regular.otf",
                                           b"PNG-" + name.encode())
    session.mark(Step.SIGNATURE_ADOPTED, service.clock())
    return service.sign(session, screen="1920x1080").record_id


@pytest.fixture
def signed_store(tmp_path, secrets):
    """A store with three signed records; returns (settings, record ids)."""
    settings_ = Settings.resolve(data_dir=str(tmp_path / "data"), environ={})
    store = open_store(settings_, secrets)
    HrAccess(store.sessions, wrapping_cost=CHEAP_WRAPPING).set_up(HR_PASSWORD)
    service = SigningService(store)
    ids = [sign(service, name, drawn=i % 2 == 0) for i, name in enumerate(NAMES)]
    store.close()
    return settings_, ids


def drop_triggers(raw: sqlite3.Connection) -> None:
    """What anyone editing the file would do first: remove the append-only guards."""
    query = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
    for (trigger,) in list(raw.execute(query)):
        raw.execute(f"DROP TRIGGER {trigger}")


def tamper(settings_: Settings, *statements: str, params=()) -> None:
    """Edit the database file directly, as someone with the file (not zzsign) would."""
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


def test_untouched_store_is_intact_with_and_without_hr(signed_store, secrets):
    settings_, _ = signed_store
    report = check(settings_, secrets)
    assert report.intact, problems_text(report)
    assert report.records == 3 and report.links == 27
    assert any("HR password" in note for note in report.not_checked)
    report = check(settings_, secrets, with_hr=True)
    assert report.intact and report.sealed_checked == 3 and not report.not_checked


def test_edited_field_is_named(signed_store):
    settings_, ids = signed_store
    tamper(settings_, f"UPDATE signature_records SET department = 'Sales' WHERE id = '{ids[1]}'")
    report = check(settings_)
    assert not report.intact
    assert f"record {ids[1]}: a field was changed after signing" in problems_text(report)
    assert ids[0] not in problems_text(report)


def test_edited_audit_event_is_named(signed_store):
    settings_, ids = signed_store
    tamper(settings_, "UPDATE audit_events SET at_utc = '2020-01-01T00:00:00.000000Z' "
                      f"WHERE record_id = '{ids[0]}' AND position = 2")
    text = problems_text(check(settings_))
    assert f"record {ids[0]}: audit event 2 (consented_to_electronic_records)" in text


def test_deleted_record_is_named(signed_store):
    settings_, ids = signed_store
    tamper(settings_, f"DELETE FROM audit_events WHERE record_id = '{ids[1]}'",
           f"DELETE FROM signature_records WHERE id = '{ids[1]}'")
    text = problems_text(check(settings_))
    assert f"record {ids[1]}: the record was deleted" in text


def test_deleted_chain_entry_breaks_the_chain(signed_store):
    settings_, ids = signed_store
    tamper(settings_, "DELETE FROM ledger_entries WHERE sequence = 10")
    text = problems_text(check(settings_))
    assert "missing or reordered before position 11" in text
    assert f"record {ids[1]}" in text


def test_swapped_records_are_caught(signed_store):
    settings_, ids = signed_store
    a, b = ids[0], ids[2]
    tamper(settings_,
           f"UPDATE signature_records SET id = 'swap' WHERE id = '{a}'",
           f"UPDATE signature_records SET id = '{a}' WHERE id = '{b}'",
           f"UPDATE signature_records SET id = '{b}' WHERE id = 'swap'",
           f"UPDATE audit_events SET record_id = 'swap' WHERE record_id = '{a}'",
           f"UPDATE audit_events SET record_id = '{a}' WHERE record_id = '{b}'",
           f"UPDATE audit_events SET record_id = '{b}' WHERE record_id = 'swap'")
    text = problems_text(check(settings_))
    assert f"record {a}" in text and f"record {b}" in text


def test_swapped_chain_entries_are_caught(signed_store):
    settings_, _ = signed_store
    tamper(settings_,
           "UPDATE ledger_entries SET sequence = -1 WHERE sequence = 4",
           "UPDATE ledger_entries SET sequence = 4 WHERE sequence = 5",
           "UPDATE ledger_entries SET sequence = 5 WHERE sequence = -1")
    text = problems_text(check(settings_))
    assert "chain is broken at position" in text or "changed" in text


def test_replaced_signature_image_is_caught_without_and_with_hr(signed_store):
    settings_, ids = signed_store
    tamper(settings_,
           "UPDATE signature_records SET sealed_signature_image = "
           f"(SELECT sealed_signature_image FROM signature_records WHERE id = '{ids[0]}') "
           f"WHERE id = '{ids[2]}'")
    assert f"record {ids[2]}: a field was changed" in problems_text(check(settings_))
    with_hr = problems_text(check(settings_, with_hr=True))
    assert f"record {ids[2]}: its sealed personal data does not open" in with_hr


@pytest.mark.parametrize("in_workers", [False, True], ids=["in-process", "worker-processes"])
def test_bad_signature_is_named(signed_store, monkeypatch, caplog, in_workers):
    # A big store's signatures are checked by worker processes; the answer must be the same.
    from zzsign.security import installation_keys

    if in_workers:
        monkeypatch.setattr(installation_keys, "PARALLEL_FROM", 1)
        monkeypatch.setattr(installation_keys.os, "cpu_count", lambda: 2)
    settings_, ids = signed_store
    assert check(settings_).intact
    tamper(settings_,
           "UPDATE ledger_entries SET signature = "
           "(SELECT signature FROM ledger_entries WHERE sequence = 1) WHERE sequence = 18")
    assert f"record {ids[1]}: chain entry 18 has a bad signature" in problems_text(
        check(settings_)
    )
    assert "worker processes failed" not in caplog.text  # the workers really did the checking


def test_unknown_key_is_reported(signed_store, secrets):
    settings_, _ = signed_store
    tamper(settings_, "UPDATE installations SET public_key = NULL")
    assert "unknown key" in problems_text(check(settings_))


def test_substituted_key_is_caught_against_the_keyring(signed_store, secrets):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    settings_, _ = signed_store
    other = Ed25519PrivateKey.generate().public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()
    tamper(settings_, f"UPDATE installations SET public_key = '{other}'")
    text = problems_text(check(settings_, secrets))
    assert "not this laptop's key (unknown key)" in text
    assert "bad signature" in text


def test_chain_cut_short_at_its_end_is_caught_with_the_keyring(signed_store, secrets):
    settings_, ids = signed_store
    tamper(settings_,
           f"DELETE FROM audit_events WHERE record_id = '{ids[2]}'",
           f"DELETE FROM signature_records WHERE id = '{ids[2]}'",
           "DELETE FROM ledger_entries WHERE sequence > 18")
    assert check(settings_).intact  # without the outside anchor this is invisible...
    text = problems_text(check(settings_, secrets))  # ...but the keyring remembers
    assert "entries after position 18 are missing (this laptop signed up to 27)" in text


def test_anchor_is_kept_in_the_keyring(signed_store, keyring_backend):
    settings_, _ = signed_store
    database = open_database(settings_)
    key = chain_head_name(database.installation_id)
    database.close()
    assert keyring_backend.passwords[("zzsign", key)].startswith("27:")


def test_changed_agreement_text_is_caught(signed_store):
    settings_, _ = signed_store
    tamper(settings_, "UPDATE documents SET text = replace(text, 'strictest', 'loosest')")
    assert "agreement version 1: its text differs from its hash" in problems_text(check(settings_))


# -- any single-byte change -----------------------------------------------------------------
def _columns(raw: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in raw.execute(f"PRAGMA table_info({table})")]


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    """One signed store, copied afresh for every example."""
    from memory_keyring import MemoryKeyring

    from zzsign.security.keyring_store import SecretStore

    folder = tmp_path_factory.mktemp("pristine")
    settings_ = Settings.resolve(data_dir=str(folder / "data"), environ={})
    store = open_store(settings_, SecretStore(backend=MemoryKeyring()))
    HrAccess(store.sessions, wrapping_cost=CHEAP_WRAPPING).set_up(HR_PASSWORD)
    service = SigningService(store)
    for i, name in enumerate(NAMES):
        sign(service, name, drawn=i % 2 == 0)
    store.close()
    with sqlite3.connect(settings_.data_dir / "zzsign.sqlite3") as raw:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cells = [
            (table, column, rowid)
            for table in RECORD_TABLES
            for column in _columns(raw, table)
            for (rowid,) in raw.execute(f"SELECT rowid FROM {table}")
        ]
    return settings_.data_dir / "zzsign.sqlite3", cells


def _mutated(value, position: int):
    if isinstance(value, int):
        return value + 1000 + position  # far enough not to collide with another row's key
    if isinstance(value, bytes):
        index = position % len(value)
        return value[:index] + bytes([value[index] ^ 0x01]) + value[index + 1:]
    index = position % len(value)
    char = value[index]
    replacement = "x" if char != "x" else "y"
    return value[:index] + replacement + value[index + 1:]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_single_change_to_any_stored_record_is_caught(pristine, tmp_path, data):
    source, cells = pristine
    table, column, rowid = data.draw(st.sampled_from(cells), label="cell")
    position = data.draw(st.integers(min_value=0, max_value=10_000), label="position")
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    shutil.copy(source, folder / "zzsign.sqlite3")
    settings_ = Settings.resolve(data_dir=str(folder), environ={})
    with sqlite3.connect(folder / "zzsign.sqlite3") as raw:
        drop_triggers(raw)
        (value,) = raw.execute(f"SELECT {column} FROM {table} WHERE rowid = ?", (rowid,)).fetchone()
        if value is None:
            return  # an optional column that is empty has no byte to change
        raw.execute(f"UPDATE {table} SET {column} = ? WHERE rowid = ?",
                    (_mutated(value, position), rowid))
    report = check(settings_)
    assert not report.intact, f"{table}.{column} row {rowid} changed without notice"
    shutil.rmtree(folder)
