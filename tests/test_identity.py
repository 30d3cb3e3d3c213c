"""Each laptop's identity comes from its own keyring, never from a row every laptop on a shared
database reads alike: several laptops (each with its own file keyring) on one SQLite file or one
PostgreSQL database each sign as their own installation, a store made before keeps its identity,
a keyring naming an installation the database does not hold gets one sentence, and the two
fingerprint commands print what the signed copies and records show."""

from __future__ import annotations

import random
import re
import time
from pathlib import Path

import pytest
from support.cli import cli_environment, zzsign_here
from support.keyrings import FileKeyring
from support.postgres_cluster import BOTH_BACKENDS
from support.programs.signing_worker import completed_session
from support.store import HR_PASSWORD, set_up_hr
from support.stress import start_load_workers

from zzsign.config import Settings
from zzsign.security.fingerprints import public_key_fingerprint
from zzsign.security.keyring_store import SecretStore
from zzsign.security.store_ties import store_tie_name, tied_installation
from zzsign.services.errors import StoreUnavailableError
from zzsign.services.hr import HrAccess
from zzsign.services.signing import SigningService
from zzsign.services.store import UNKNOWN_INSTALLATION, Store, open_database, open_store
from zzsign.services.verify import verify_database
from zzsign.store.database import store_identity
from zzsign.store.hr_keys import HrKeyRepository
from zzsign.store.installations import InstallationRepository
from zzsign.store.records import RecordRepository

FINGERPRINT = re.compile(r"SHA256:[0-9a-f]{64}")


def settings_on(tmp_path: Path, url: str | None) -> Settings:
    return Settings.resolve(data_dir=str(tmp_path / "data"), database_url=url, environ={})


def laptop_keyring(path: Path) -> SecretStore:
    """One laptop's keyring: a file keyring of its own (not the one the environment names)."""

    class OneLaptopsKeyring(FileKeyring):
        @property
        def _path(self) -> Path:
            return path

    return SecretStore(backend=OneLaptopsKeyring())


def sign(store: Store, count: int) -> list[str]:
    """``count`` records signed through the kiosk's signing service; their ids."""
    service = SigningService(store)
    rng = random.Random(store.installation_id)
    return [
        service.sign(completed_session(service, rng, n), screen="1280x720").record_id
        for n in range(count)
    ]


def chains(store: Store) -> dict[str, list[int]]:
    """Each installation's chain, as the sequence numbers of its links."""
    found: dict[str, list[int]] = {}
    with store.sessions() as db:
        for link in RecordRepository(db).links():
            found.setdefault(link.installation_id, []).append(link.sequence)
    return found


@BOTH_BACKENDS
def test_two_laptops_on_one_store_each_sign_as_their_own_installation(tmp_path, settings):
    first_keyring = laptop_keyring(tmp_path / "first.json")
    second_keyring = laptop_keyring(tmp_path / "second.json")
    first = open_store(settings, first_keyring)
    set_up_hr(first.sessions)
    second = open_store(settings, second_keyring)
    try:
        assert first.installation_id != second.installation_id
        assert first.signer.public_key_hex != second.signer.public_key_hex
        sign(first, 2)
        sign(second, 2)
        sign(first, 1)
        assert chains(first) == {first.installation_id: [1, 2, 3], second.installation_id: [1, 2]}
        with first.sessions() as db:
            rows = {i.id: i for i in InstallationRepository(db).all()}
        assert rows[first.installation_id].public_key == first.signer.public_key_hex
        assert rows[second.installation_id].public_key == second.signer.public_key_hex
        assert all(row.seal_certificate and row.seal_endorsement for row in rows.values())
    finally:
        first.close()
        second.close()
    hr_key = HrAccess(first.sessions).unlock(HR_PASSWORD)
    for keyring in (first_keyring, second_keyring):
        report = verify_database(settings.database_url, secrets=keyring, hr_private_key=hr_key)
        assert report.problems == [] and report.not_checked == []  # its keyring's anchor too
        assert report.records == 5
    again = open_store(settings, second_keyring)  # each laptop keeps its own, started again
    try:
        assert again.installation_id == second.installation_id
        sign(again, 1)
        assert chains(again)[second.installation_id] == [1, 2, 3]
    finally:
        again.close()


@BOTH_BACKENDS
def test_a_store_made_before_keeps_its_identity_and_a_new_laptop_gets_its_own(tmp_path, settings):
    """A store whose laptop's keyring does not name its installation yet (made by an older zzsign:
    the maker marked ``is_local``): its maker, whose key is in the keyring, keeps its identity,
    written to the keyring at the first start; another laptop makes its own."""
    maker_keyring = laptop_keyring(tmp_path / "maker.json")
    made = open_store(settings, maker_keyring)
    set_up_hr(made.sessions)
    sign(made, 2)
    made.close()
    identity = store_identity(settings.database_url)
    maker_keyring.delete(store_tie_name(identity))  # as an older zzsign left the keyring
    with made.sessions() as db:
        (maker,) = InstallationRepository(db).all()
    assert maker.is_local and maker.id == made.installation_id

    reopened = open_store(settings, maker_keyring)
    newcomer = open_store(settings, laptop_keyring(tmp_path / "newcomer.json"))
    try:
        assert reopened.installation_id == made.installation_id
        assert tied_installation(maker_keyring, identity) == made.installation_id
        assert newcomer.installation_id != made.installation_id
        sign(reopened, 1)
        sign(newcomer, 1)
        assert chains(reopened) == {made.installation_id: [1, 2, 3], newcomer.installation_id: [1]}
    finally:
        reopened.close()
        newcomer.close()
    report = verify_database(settings.database_url, secrets=maker_keyring)
    assert report.problems == [] and report.records == 4


def test_the_old_fixture_stores_keep_their_identity_on_first_start(tmp_path):
    from support.store import format_1_store

    settings, secrets, _backend = format_1_store(tmp_path)
    path = settings.data_dir / "zzsign.sqlite3"
    assert tied_installation(secrets, str(path.resolve())) is None  # made elsewhere
    store = open_store(settings, secrets)
    try:
        with store.sessions() as db:
            maker = InstallationRepository(db).maker()
        assert maker is not None and store.installation_id == maker.id
        assert store.signer.public_key_hex == maker.public_key
        assert tied_installation(secrets, str(path.resolve())) == maker.id
    finally:
        store.close()
    report = verify_database(settings.database_url, secrets=secrets)
    assert report.problems == [] and report.records > 0


def test_two_laptops_starting_at_once_on_postgresql_make_two_installations(tmp_path, postgres_url):
    """Two laptops (two processes, each with its own keyring) open a new PostgreSQL store in the
    same instant and sign: two installations, two chains, verify intact from either laptop."""
    database = open_database(settings_on(tmp_path, postgres_url))
    set_up_hr(database.sessions)
    database.close()
    start_at = time.time() + 2.5
    envs = [
        {**cli_environment(tmp_path / f"laptop{n}.json"), "ZZSIGN_DATABASE_URL": postgres_url}
        for n in (1, 2)
    ]
    workers = start_load_workers(
        envs, tmp_path / "data", "--records", "4", "--start-at", str(start_at)
    )
    outputs = [worker.communicate(timeout=120)[0] for worker in workers]
    assert all(worker.returncode == 0 for worker in workers), outputs
    ready = [line.split() for output in outputs for line in output.splitlines() if "READY" in line]
    assert len(ready) == 2 and len({line[1] for line in ready}) == 2, ready
    assert len({line[2] for line in ready}) == 2  # two keys
    for env in envs:
        checked = zzsign_here(env, "verify", "--data-dir", str(tmp_path / "data"))
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert "Checked 8 records and 8 chain entries" in checked.stdout


def test_a_keyring_naming_an_installation_the_database_lacks_is_one_sentence(
    tmp_path, postgres_cluster
):
    """The laptop's database URL now leads to another laptop's database (the server was replaced,
    or the name points elsewhere): nothing is signed, nothing is added, one sentence."""
    ours, theirs = postgres_cluster.new_database(), postgres_cluster.new_database()
    for name, laptop in ((ours, "ours"), (theirs, "theirs")):
        url = postgres_cluster.url(name)
        env = cli_environment(tmp_path / f"{laptop}.json")
        upgraded = zzsign_here(env, "db", "upgrade", "--database-url", url)
        assert upgraded.returncode == 0, upgraded.stderr
        made = zzsign_here(env, "demo", "--signatures", "2", "--database-url", url)
        assert made.returncode == 0, made.stderr
    postgres_cluster.superuser_sql(
        f"ALTER DATABASE {ours} RENAME TO {ours}_old", f"ALTER DATABASE {theirs} RENAME TO {ours}"
    )
    url = postgres_cluster.url(ours)
    env = cli_environment(tmp_path / "ours.json")
    expected = f"zzsign: {UNKNOWN_INSTALLATION}"
    for command in (("demo", "--signatures", "1"), ("fingerprint",), ("verify",)):
        refused = zzsign_here(env, *command, "--database-url", url)
        assert refused.returncode == 2, refused.stdout + refused.stderr
        assert refused.stderr.strip() == expected
    keyring = laptop_keyring(tmp_path / "ours.json")
    with pytest.raises(StoreUnavailableError) as refused:
        open_store(settings_on(tmp_path, url), keyring)
    assert refused.value.message == UNKNOWN_INSTALLATION
    checked = zzsign_here(
        cli_environment(tmp_path / "theirs.json"), "verify", "--database-url", url
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Checked 2 records" in checked.stdout  # nothing was added to their database


def test_fingerprint_commands_print_what_the_copies_and_records_show(tmp_path):
    env = {**cli_environment(tmp_path / "keyring.json"), "ZZSIGN_HR_PASSWORD": HR_PASSWORD}
    where = ("--data-dir", str(tmp_path / "data"))
    not_yet = zzsign_here(env, "hr", "fingerprint", *where)
    assert not_yet.returncode == 2 and not_yet.stdout == ""
    assert "HR must first set the HR password" in not_yet.stderr
    assert zzsign_here(env, "demo", "--signatures", "1", *where).returncode == 0
    ours = zzsign_here(env, "fingerprint", *where)
    hr = zzsign_here(env, "hr", "fingerprint", *where)
    for printed in (ours, hr):
        assert printed.returncode == 0, printed.stderr
        assert FINGERPRINT.fullmatch(printed.stdout.removesuffix("\n")), printed.stdout
    assert ours.stdout != hr.stdout
    keyring = laptop_keyring(tmp_path / "keyring.json")
    database = open_database(settings_on(tmp_path, None), secrets=keyring)
    try:
        with database.sessions() as db:
            records = RecordRepository(db)
            (installation,) = InstallationRepository(db).all()
            hr_key = HrKeyRepository(db).newest()
            (record,) = list(records.records())
    finally:
        database.close()
    assert keyring.get(store_tie_name(store_identity(database.settings.database_url)))
    assert ours.stdout.strip() == public_key_fingerprint(bytes.fromhex(installation.public_key))
    # HR's fingerprint is of HR's signing key (which vouches for the rest); records name the
    # fingerprint of the sealing key they are sealed to
    assert hr.stdout.strip() == public_key_fingerprint(bytes.fromhex(hr_key.signing_public_key))
    sealing = public_key_fingerprint(bytes.fromhex(hr_key.public_key))
    assert record.public.seal.hr_key_fingerprint == sealing != hr.stdout.strip()

    exported = zzsign_here(
        env, "export", "--format", "pdf", "--out", str(tmp_path / "c.pdf"), *where
    )
    assert exported.returncode == 0, exported.stderr
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "c.pdf").pages)
    assert ours.stdout.strip() in text.split()  # on one line, as the command prints it


def test_the_second_laptop_on_one_sqlite_file_restores_a_backup_as_itself(tmp_path):
    """A backup of a file two laptops share is restored by either; each goes on as itself."""
    from zzsign.services.backup import backup_store
    from zzsign.services.restore import restore_backup

    settings = settings_on(tmp_path, None)
    first_keyring = laptop_keyring(tmp_path / "first.json")
    second_keyring = laptop_keyring(tmp_path / "second.json")
    first = open_store(settings, first_keyring)
    set_up_hr(first.sessions)
    second = open_store(settings, second_keyring)
    sign(first, 1)
    sign(second, 2)
    first.close()
    second.close()
    backup = tmp_path / "shared.sqlite3"
    backup_store(settings.database_url, backup)
    (settings.data_dir / "zzsign.sqlite3").unlink()

    restored = restore_backup(settings, second_keyring, backup)
    assert restored.installation_id == second.installation_id
    again = open_store(settings, second_keyring)
    try:
        assert again.installation_id == second.installation_id
        sign(again, 1)
    finally:
        again.close()
    report = verify_database(settings.database_url, secrets=second_keyring)
    assert report.problems == [] and report.records == 4
    assert not any("keyring" in note for note in report.not_checked)  # its anchor was checked


def test_a_first_start_that_fails_to_commit_leaves_the_keyring_naming_nothing(
    tmp_path, monkeypatch
):
    """The keyring names the new installation before its row commits (so that a second process
    of the laptop waits for it); if the commit then fails, that name is taken back, and the
    next start makes the installation as if for the first time."""
    from sqlalchemy.exc import OperationalError

    import zzsign.services.store as store_module
    from zzsign.services.errors import StorageFaultError

    settings = settings_on(tmp_path, None)
    keyring = laptop_keyring(tmp_path / "laptop.json")
    real_tie = store_module.tie_store

    def tie_then_fail(secrets, identity, installation_id):  # the transaction fails after it
        real_tie(secrets, identity, installation_id)
        raise OperationalError("COMMIT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(store_module, "tie_store", tie_then_fail)
    with pytest.raises(StorageFaultError):
        open_store(settings, keyring)
    identity = store_identity(settings.database_url)
    assert tied_installation(keyring, identity) is None
    monkeypatch.setattr(store_module, "tie_store", real_tie)
    store = open_store(settings, keyring)
    try:
        with store.sessions() as db:
            assert [i.id for i in InstallationRepository(db).all()] == [store.installation_id]
        assert tied_installation(keyring, identity) == store.installation_id
    finally:
        store.close()


def test_the_kiosk_says_the_sentence_and_keeps_start_shut(qtbot, qapp, tmp_path, postgres_url):
    from zzsign.app import connect_store
    from zzsign.security.store_ties import tie_store
    from zzsign.views.kiosk_window import KioskWindow

    database = open_database(settings_on(tmp_path, postgres_url))
    set_up_hr(database.sessions)
    database.close()
    keyring = laptop_keyring(tmp_path / "laptop.json")
    tie_store(keyring, store_identity(postgres_url), "3f1c2a57-0000-4000-8000-000000000000")
    window = KioskWindow(idle_reset_ms=60_000)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    connect_store(window, settings_on(tmp_path, postgres_url), keyring)
    welcome = window.wizard.welcome
    assert welcome.problem.text() == UNKNOWN_INSTALLATION
    assert welcome.problem.isVisible() and not welcome.start.isEnabled()
    database = open_database(settings_on(tmp_path, postgres_url))
    try:
        with database.sessions() as db:
            assert InstallationRepository(db).all() == []  # nothing was made
    finally:
        database.close()
