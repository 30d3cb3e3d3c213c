"""Enrolment: HR's station makes HR's keys and a signed enrolment file; a kiosk (its own laptop,
its own keyring) checks it against HR's fingerprint, pins HR's public keys, keeps no private key
of HR's, and seals only to the pinned key; HR's keys and the installations are append-only."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from support.cli import cli_environment, zzsign
from support.keyrings import FileKeyring
from support.pdf import page_texts
from support.postgres_cluster import BOTH_BACKENDS
from support.store import CHEAP_WRAPPING, HR_PASSWORD, SHIPPED, signed_session

from zzsign.config import Settings
from zzsign.domain.clock import system_clock
from zzsign.domain.documents import Agreement
from zzsign.security import sealing
from zzsign.security.fingerprints import public_key_fingerprint
from zzsign.security.key_names import hr_pin_name
from zzsign.security.keyring_store import SecretStore
from zzsign.services import enrolment
from zzsign.services.errors import SigningFailedError
from zzsign.services.hr import HR_KEY_NOT_PINNED, HR_STATION_ONLY, HrAccess, HrPasswordError
from zzsign.services.records import open_record
from zzsign.services.signing import SigningService
from zzsign.services.store import open_database, open_store
from zzsign.store.database import store_identity
from zzsign.store.hr_keys import HrKeyRepository
from zzsign.store.records import AGREEMENT, RecordRepository

FILE_REFUSED = "nothing was changed"


def laptop_keyring(path: Path) -> SecretStore:
    """One laptop's keyring: a file keyring of its own (not the one the environment names)."""

    class OneLaptopsKeyring(FileKeyring):
        @property
        def _path(self) -> Path:
            return path

    return SecretStore(backend=OneLaptopsKeyring())


def settings_in(folder: Path, url: str | None = None) -> Settings:
    return Settings.resolve(data_dir=str(folder), database_url=url, environ={})


#: A second agreement version HR publishes on its station (the kiosk learns it by enrolment).
VERSION_2 = Agreement.from_text(
    SHIPPED.version + 1, SHIPPED.title, SHIPPED.text + "\n\nSigned copies are kept for 7 years.\n"
)


def hr_station(tmp_path: Path) -> tuple[Settings, SecretStore, Path, str]:
    """An HR station (its own folder and keyring): HR's keys made, a second agreement version
    published, and an enrolment file written. Returns its settings, keyring, the file and
    HR's fingerprint."""
    settings = settings_in(tmp_path / "hr")
    secrets = laptop_keyring(tmp_path / "hr-keyring.json")
    database = open_database(settings, secrets=secrets)
    try:
        hr = enrolment.hr_access(database, secrets, wrapping_cost=CHEAP_WRAPPING)
        made = enrolment.init_hr_station(hr, lambda new: HR_PASSWORD)
        assert made.made == "keys"
        with database.sessions.begin() as db:
            RecordRepository(db).register_document(AGREEMENT, VERSION_2, system_clock())
        out = tmp_path / "enrol.json"
        fingerprint = enrolment.write_enrolment_file(
            database, hr, HR_PASSWORD, out, "postgresql+psycopg://zzsign@db.example.com/zzsign"
        )
    finally:
        database.close()
    assert fingerprint == made.fingerprint
    return settings, secrets, out, fingerprint


def hr_private_key(settings: Settings, secrets: SecretStore) -> bytes:
    database = open_database(settings, secrets=secrets)
    try:
        return HrAccess(database.sessions, secrets=secrets).unlock(HR_PASSWORD)
    finally:
        database.close()


def enrol_kiosk(settings: Settings, secrets: SecretStore, path: Path, expect: str, **options):
    database = open_database(settings, secrets=secrets)
    try:
        return enrolment.enrol(database, path, expect, secrets=secrets, **options)
    finally:
        database.close()


def hr_key_rows(settings: Settings) -> list[tuple]:
    database = open_database(settings)
    try:
        with database.sessions() as db:
            return [
                (k.public_key, k.wrapped_private_key, k.signing_public_key, k.wrapped_signing_key)
                for k in HrKeyRepository(db).all(private=True)
            ]
    finally:
        database.close()


def test_a_kiosk_enrolled_by_hr_seals_to_hr_and_only_hr_opens_what_it_signed(tmp_path, qapp):
    hr_settings, hr_secrets, enrolment_file, fingerprint = hr_station(tmp_path)
    kiosk_settings = settings_in(tmp_path / "kiosk")
    kiosk_secrets = laptop_keyring(tmp_path / "kiosk-keyring.json")

    done = enrol_kiosk(kiosk_settings, kiosk_secrets, enrolment_file, fingerprint.upper())
    assert (done.fingerprint, done.changed) == (fingerprint, True)
    assert done.central_database_url == "postgresql+psycopg://zzsign@db.example.com/zzsign"
    kiosk = open_store(kiosk_settings, kiosk_secrets)
    try:
        assert kiosk.agreement == VERSION_2  # the version HR published, as the file carried it
        assert HrAccess(kiosk.sessions).fingerprint() == fingerprint
        service = SigningService(kiosk)
        receipt = service.sign(signed_session(service), screen="x")
        # the hire's copy names the kiosk's key and HR's, each on one copyable line
        lines = "".join(page_texts(service.signed_copy(receipt))).splitlines()
        installation = public_key_fingerprint(bytes.fromhex(kiosk.signer.public_key_hex))
        assert {"Installation public key", "HR's key fingerprint"} <= set(lines)
        assert installation in lines and fingerprint in lines
        with kiosk.sessions() as db:
            stored = RecordRepository(db).get(receipt.record_id)
            # the record names HR's sealing key, the one the station holds
            station_keys = hr_key_rows(hr_settings)[-1]
            assert stored.public.seal.hr_key_fingerprint == public_key_fingerprint(
                bytes.fromhex(station_keys[0])
            )
            opened = open_record(db, receipt.record_id, hr_private_key(hr_settings, hr_secrets))
        assert opened.signer.full_name == "Ingrid Øvergård"
    finally:
        kiosk.close()

    # The kiosk's file holds HR's public keys, never a private one, wrapped or not.
    raw = sqlite3.connect(f"{(tmp_path / 'kiosk' / 'zzsign.sqlite3').as_uri()}?mode=ro", uri=True)
    with raw:
        rows = raw.execute(
            "SELECT public_key, wrapped_private_key, signing_public_key, wrapped_signing_key "
            "FROM hr_keys"
        ).fetchall()
    raw.close()
    assert rows == [(station_keys[0], None, station_keys[2], None)]
    kiosk_bytes = b"".join(p.read_bytes() for p in (tmp_path / "kiosk").glob("zzsign.sqlite3*"))
    for wrapped in (station_keys[1], station_keys[3]):
        assert json.loads(wrapped)["ciphertext"].encode() not in kiosk_bytes
    # HR's public keys are pinned in the kiosk's keyring, for this store.
    pin = kiosk_secrets.get(hr_pin_name(store_identity(kiosk_settings.database_url)))
    assert json.loads(pin) == {"sealing": station_keys[0], "signing": station_keys[2]}

    # Enrolling again with the same HR changes nothing.
    again = enrol_kiosk(kiosk_settings, kiosk_secrets, enrolment_file, fingerprint)
    assert not again.changed
    assert hr_key_rows(kiosk_settings) == rows


def test_a_wrong_fingerprint_or_a_changed_file_is_refused_and_nothing_changes(tmp_path):
    _hr_settings, _hr_secrets, enrolment_file, fingerprint = hr_station(tmp_path)
    kiosk_settings = settings_in(tmp_path / "kiosk")
    kiosk_secrets = laptop_keyring(tmp_path / "kiosk-keyring.json")
    other = public_key_fingerprint(sealing.generate_hr_key_pair().public_key)
    body = json.loads(enrolment_file.read_text())
    changed = tmp_path / "changed.json"
    body["enrolment"]["documents"][0]["text"] += " (and HR may read your mail)"
    changed.write_text(json.dumps(body))
    swapped = tmp_path / "swapped.json"  # another sealing key, so hires seal to someone else
    body = json.loads(enrolment_file.read_text())
    body["enrolment"]["hr"]["sealing_public_key"] = sealing.generate_hr_key_pair().public_key.hex()
    swapped.write_text(json.dumps(body))
    garbage = tmp_path / "garbage.json"
    garbage.write_bytes(b"\x00not json")

    env = cli_environment(tmp_path / "kiosk-keyring.json")
    where = ("--data-dir", str(tmp_path / "kiosk"))
    for path, expect, says in (
        (enrolment_file, other, f"names HR's fingerprint {fingerprint}, not the one given"),
        (changed, fingerprint, "The enrolment file was changed after HR signed it"),
        (swapped, fingerprint, "The enrolment file was changed after HR signed it"),
        (garbage, fingerprint, "This is not an enrolment file zzsign can read"),
    ):
        refused = zzsign(env, "enrol", str(path), "--expect", expect, *where)
        assert refused.returncode == 1, refused.stderr
        assert refused.stdout == ""
        assert says in refused.stderr and FILE_REFUSED in refused.stderr
        assert len(refused.stderr.strip().splitlines()) == 1, refused.stderr
    assert hr_key_rows(kiosk_settings) == []
    assert kiosk_secrets.get(hr_pin_name(store_identity(kiosk_settings.database_url))) is None

    enrolled = zzsign(env, "enrol", str(enrolment_file), "--expect", fingerprint, *where)
    assert enrolled.returncode == 0, enrolled.stderr
    assert enrolled.stdout.startswith(f"Enrolled to HR {fingerprint}.")
    assert "postgresql+psycopg://zzsign@db.example.com/zzsign" in enrolled.stdout


@BOTH_BACKENDS
def test_an_hr_key_added_behind_the_kiosks_back_stops_its_signing(tmp_path, settings, backend):
    _hr_settings, _hr_secrets, enrolment_file, fingerprint = hr_station(tmp_path)
    kiosk_secrets = laptop_keyring(tmp_path / "kiosk-keyring.json")
    enrol_kiosk(settings, kiosk_secrets, enrolment_file, fingerprint)
    kiosk = open_store(settings, kiosk_secrets)
    try:
        service = SigningService(kiosk)
        service.sign(signed_session(service), screen="x")
        # someone who can write the database adds a key of theirs (an insert: allowed)
        theirs = sealing.generate_hr_key_pair().public_key.hex()
        with kiosk.sessions.begin() as db:
            HrKeyRepository(db).add(theirs, at=system_clock(), wrapped_private_key="{}")
        with pytest.raises(SigningFailedError) as refused:
            service.sign(signed_session(service), screen="x")
        assert refused.value.message == HR_KEY_NOT_PINNED
        with kiosk.sessions() as db:
            assert RecordRepository(db).count() == 1  # nothing was sealed to their key
    finally:
        kiosk.close()


def test_a_kiosk_refuses_what_needs_hrs_private_key_with_one_sentence(tmp_path):
    _hr_settings, _hr_secrets, enrolment_file, fingerprint = hr_station(tmp_path)
    env = cli_environment(tmp_path / "kiosk-keyring.json")
    where = ("--data-dir", str(tmp_path / "kiosk"))
    enrolled = zzsign(env, "enrol", str(enrolment_file), "--expect", fingerprint, *where)
    assert enrolled.returncode == 0, enrolled.stderr
    signed = zzsign(env, "demo", "--signatures", "1", *where)  # signs: HR's public key suffices
    assert signed.returncode == 0, signed.stderr
    agreement = tmp_path / "agreement.md"
    agreement.write_text(VERSION_2.text + "\nMore.\n", encoding="utf-8")
    record_id = "00000000-0000-4000-8000-000000000000"
    for command in (
        ("export", "--format", "csv", "--out", str(tmp_path / "out.csv")),
        ("void", record_id, "--reason", "Signed by mistake"),
        ("agreement", "publish", str(agreement), "--version", "9"),
        ("verify", "--with-hr-password"),
        ("hr", "enrol-kiosk", "--out", str(tmp_path / "again.json")),
        ("hr-password",),
    ):
        refused = zzsign(env, *command, *where)
        assert refused.returncode == 2, (command, refused.stderr)
        assert refused.stderr == f"zzsign: {HR_STATION_ONLY}\n", command
    assert not (tmp_path / "out.csv").exists() and not (tmp_path / "again.json").exists()
    assert zzsign(env, "verify", *where).returncode == 0  # checking needs no private key
    printed = zzsign(env, "hr", "fingerprint", *where)
    assert printed.stdout == f"{fingerprint}\n"


def test_another_hr_is_refused_unless_replace_hr_is_given(tmp_path):
    _s, _k, first_file, first = hr_station(tmp_path / "first")
    _s, _k, second_file, second = hr_station(tmp_path / "second")
    kiosk_settings = settings_in(tmp_path / "kiosk")
    kiosk_secrets = laptop_keyring(tmp_path / "kiosk-keyring.json")
    enrol_kiosk(kiosk_settings, kiosk_secrets, first_file, first)
    with pytest.raises(enrolment.EnrolmentRefusedError, match="enrolled to another HR already"):
        enrol_kiosk(kiosk_settings, kiosk_secrets, second_file, second)
    assert len(hr_key_rows(kiosk_settings)) == 1
    moved = enrol_kiosk(kiosk_settings, kiosk_secrets, second_file, second, replace_hr=True)
    assert moved.changed
    database = open_database(kiosk_settings, secrets=kiosk_secrets)
    try:
        assert HrAccess(database.sessions).fingerprint() == second
    finally:
        database.close()


def test_hr_on_a_fresh_laptop_pins_hr_there_and_a_laptop_without_a_pin_keeps_signing(tmp_path):
    settings = settings_in(tmp_path / "laptop")
    secrets = laptop_keyring(tmp_path / "keyring.json")
    store = open_store(settings, secrets)
    try:
        # today's set-up, made before pins (no pin written): it keeps signing
        HrAccess(store.sessions, wrapping_cost=CHEAP_WRAPPING).set_up(HR_PASSWORD)
        assert store.hr_pin.read() is None
        service = SigningService(store)
        service.sign(signed_session(service), screen="x")
        # HR's next unlock on this laptop pins HR's keys here
        HrAccess(store.sessions, pin=store.hr_pin).unlock(HR_PASSWORD)
        (entry,) = hr_key_rows(settings)
        pinned = laptop_keyring(tmp_path / "keyring.json").get(
            hr_pin_name(store_identity(settings.database_url))
        )
        assert json.loads(pinned) == {"sealing": entry[0], "signing": entry[2]}
        service.sign(signed_session(service), screen="x")
    finally:
        store.close()


def test_hr_password_on_a_fresh_store_makes_hrs_keys_and_pins_them(tmp_path):
    env = cli_environment(tmp_path / "keyring.json")
    where = ("--data-dir", str(tmp_path / "data"))
    made = zzsign(env, "hr-password", *where)
    assert made.returncode == 0, made.stderr
    printed = zzsign(env, "hr", "fingerprint", *where)
    (entry,) = hr_key_rows(settings_in(tmp_path / "data"))
    assert printed.stdout == f"{public_key_fingerprint(bytes.fromhex(entry[2]))}\n"
    keyring = laptop_keyring(tmp_path / "keyring.json")
    pin = keyring.get(hr_pin_name(store_identity(settings_in(tmp_path / "data").database_url)))
    assert json.loads(pin) == {"sealing": entry[0], "signing": entry[2]}
    again = zzsign(env, "hr", "init", *where)
    assert (again.returncode, again.stdout) == (0, printed.stdout)
    assert "already" in again.stderr


def test_hr_keys_made_before_the_signing_key_gain_one_at_the_next_unlock(old_fixture_store):
    settings, secrets, _keyring, _fixture = old_fixture_store
    store = open_store(settings, secrets)
    try:
        (old,) = hr_key_rows(settings)
        assert old[2:] == (None, None)
        with pytest.raises(HrPasswordError, match="no signing key on this store yet"):
            HrAccess(store.sessions).fingerprint()
        hr = HrAccess(store.sessions, pin=store.hr_pin)
        sealing_key = hr.unlock(HR_PASSWORD)
        first, second = hr_key_rows(settings)
        assert first == old  # kept as it was: a new entry, same sealing key and wrap
        assert second[:2] == old[:2] and second[2] and second[3]
        keys = hr.unlock_keys(HR_PASSWORD)
        assert keys.sealing == sealing_key
        assert hr.fingerprint() == public_key_fingerprint(bytes.fromhex(second[2]))
        hr.unlock(HR_PASSWORD)
        assert len(hr_key_rows(settings)) == 2  # made once
        # and the old records still verify, the new key's entry included
        from zzsign.services.verify import verify_database

        report = verify_database(
            settings.database_url, secrets=secrets, hr_private_key=keys.sealing
        )
        assert report.intact, report.problems
    finally:
        store.close()


@BOTH_BACKENDS
def test_hr_keys_and_installations_refuse_every_change_but_an_insert(settings, secrets, backend):
    store = open_store(settings, secrets)
    HrAccess(store.sessions, wrapping_cost=CHEAP_WRAPPING).set_up(HR_PASSWORD)
    statements = [
        "UPDATE hr_keys SET wrapped_private_key = NULL",
        "DELETE FROM hr_keys",
        f"UPDATE installations SET public_key = '{'0' * 64}'",
        "DELETE FROM installations",
    ]
    if backend == "postgresql":
        statements += ["TRUNCATE hr_keys CASCADE", "TRUNCATE installations CASCADE"]
    try:
        for statement in statements:
            with (
                pytest.raises(IntegrityError, match="is append-only"),
                store.engine.begin() as connection,
            ):
                connection.execute(text(statement))
        with store.sessions() as db:
            assert HrKeyRepository(db).newest(private=True).wrapped_private_key is not None
        assert HrAccess(store.sessions).unlock(HR_PASSWORD)
    finally:
        store.close()


@BOTH_BACKENDS
def test_schema_0006_moves_the_failed_tries_out_of_hrs_keys_and_keeps_every_key(
    tmp_path, backend, request
):
    from zzsign.services.store import upgrade_database
    from zzsign.store.database import create_database_engine
    from zzsign.store.migrate import migrate

    url = request.getfixturevalue("empty_postgres_url") if backend == "postgresql" else None
    settings = settings_in(tmp_path / "data", url)
    settings.data_dir.mkdir(mode=0o700)
    engine = create_database_engine(settings.database_url)
    migrate(engine, "0005")  # a store as the zzsign before left it
    public_key = sealing.generate_hr_key_pair().public_key.hex()
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO hr_keys (id, public_key, wrapped_private_key, created_at_utc, "
                "failed_unlocks, last_failed_unlock_at) "
                "VALUES (1, :key, '{}', '2026-11-29T20:00:00.000000Z', 4, 1000.0)"
            ),
            {"key": public_key},
        )
    engine.dispose()
    assert upgrade_database(settings).before == "0005"
    assert hr_key_rows(settings) == [(public_key, "{}", None, None)]
    database = open_database(settings)
    try:
        with database.sessions() as db:
            keys = HrKeyRepository(db)
            assert keys.unlock_attempts(keys.newest().sealing_fingerprint) == (4, 1000.0)
    finally:
        database.close()


def test_a_kiosks_store_is_not_taken_back_below_0006(tmp_path):
    from zzsign.store.migrate import current_revision, migrate

    _s, _k, enrolment_file, fingerprint = hr_station(tmp_path)
    kiosk_settings = settings_in(tmp_path / "kiosk")
    kiosk_secrets = laptop_keyring(tmp_path / "kiosk-keyring.json")
    enrol_kiosk(kiosk_settings, kiosk_secrets, enrolment_file, fingerprint)
    database = open_database(kiosk_settings, secrets=kiosk_secrets)
    try:
        with pytest.raises(RuntimeError, match="HR's public keys only"):
            migrate(database.engine, "0005", down=True)
        assert current_revision(database.engine) == "0006"
    finally:
        database.close()
