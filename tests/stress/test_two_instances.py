"""Two zzsign instances on one data folder both work: one chain, every record, no false alarm.

The quick, in-process half runs in every suite; the half that starts real processes is marked
``stress`` (and ``slow``).
"""

from __future__ import annotations

import itertools
import random
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from support.keyrings import MemoryKeyring
from support.programs.signing_worker import completed_session
from support.store import HR_PASSWORD, set_up_hr
from support.stress import (
    assert_readable_by_hr,
    assert_store_sound,
    assert_verify_passes,
    cli_env,
    set_up_hr_in,
    start_load_workers,
)

from zzsign.security.installation_keys import chain_head_name
from zzsign.security.keyring_store import SecretStore
from zzsign.services.hr import HrAccess
from zzsign.services.record_writer import remember_chain_head
from zzsign.services.records import open_record
from zzsign.services.signing import SigningService
from zzsign.services.store import open_store
from zzsign.services.verify import verify_database, verify_store
from zzsign.store.records import RecordRepository


def problems(report) -> str:
    return "\n".join(str(problem) for problem in report.problems)


def test_two_stores_on_one_folder_sign_into_one_intact_chain(two_stores_on_one_folder):
    first, second, _ = two_stores_on_one_folder
    assert first.installation_id == second.installation_id
    assert first.signer.public_key_hex == second.signer.public_key_hex
    services = [SigningService(first), SigningService(second)]
    rng = random.Random(6)
    signed = [
        services[i % 2].sign(completed_session(services[i % 2], rng, i), screen="x")
        for i in range(6)
    ]

    hr_key = HrAccess(first.sessions).unlock(HR_PASSWORD)
    report = verify_store(second.sessions, secrets=second.secrets, hr_private_key=hr_key)
    assert report.intact, problems(report)
    assert report.records == 6 and report.sealed_checked == 6
    with first.sessions() as db:
        assert sorted(RecordRepository(db).ids()) == sorted(r.record_id for r in signed)


def test_a_slower_instance_never_moves_the_remembered_head_back(two_stores_on_one_folder):
    first, second, backend = two_stores_on_one_folder
    services = [SigningService(first), SigningService(second)]
    rng = random.Random(7)
    early = services[0].sign(completed_session(services[0], rng, 1), screen="x")
    late = services[1].sign(completed_session(services[1], rng, 2), screen="x")
    second.anchor.flush()
    # The first instance's keyring update arrives last, as it can when two processes race.
    remember_chain_head(first, early.appended.head)
    first.anchor.flush()

    sequence, entry = late.appended.head
    assert backend.passwords[("zzsign", chain_head_name(first.installation_id))] == (
        f"{sequence}:{entry}"
    )
    # Had the stale head won, deleting the newest record would go unnoticed; it does not.
    with sqlite3.connect(first.engine.url.database) as raw:
        raw.execute("DROP TRIGGER ledger_entries_no_delete")
        raw.execute("DELETE FROM ledger_entries WHERE sequence > ?", (early.appended.head[0],))
    report = verify_store(first.sessions, secrets=first.secrets)
    assert f"this laptop signed up to {sequence}" in problems(report)


def test_a_remembered_head_behind_the_chain_is_no_alarm(two_stores_on_one_folder):
    first, second, backend = two_stores_on_one_folder
    services = [SigningService(first), SigningService(second)]
    rng = random.Random(8)
    early = services[0].sign(completed_session(services[0], rng, 1), screen="x")
    services[1].sign(completed_session(services[1], rng, 2), screen="x")
    sequence, entry = early.appended.head
    backend.passwords[("zzsign", chain_head_name(first.installation_id))] = f"{sequence}:{entry}"

    report = verify_store(first.sessions, secrets=first.secrets)
    assert report.intact, problems(report)


class SigningWhileRead(MemoryKeyring):
    """A keyring whose chain head is read just as another kiosk commits a record."""

    def __init__(self, sign_once) -> None:
        super().__init__()
        self.sign_once = sign_once

    def get_password(self, service: str, username: str) -> str | None:
        if username.startswith("chain-head/") and self.sign_once is not None:
            sign, self.sign_once = self.sign_once, None
            sign()
        return super().get_password(service, username)


def test_verify_while_another_instance_signs_reports_no_chain_cut_short(settings):
    backend = SigningWhileRead(None)
    store = open_store(settings, SecretStore(backend=backend))
    set_up_hr(store.sessions)
    service = SigningService(store)
    rng = random.Random(9)
    service.sign(completed_session(service, rng, 1), screen="x")
    backend.sign_once = lambda: service.sign(completed_session(service, rng, 2), screen="x")

    # verify reads a snapshot (as `zzsign verify` does); the kiosk commits during the check.
    try:
        report = verify_database(settings.database_url, secrets=store.secrets)
    finally:
        store.close()
    assert backend.sign_once is None  # the signing really happened during the check
    assert report.intact, problems(report)
    assert report.records in (1, 2)


# -- real processes ----------------------------------------------------------------------------
def start_workers(env: dict[str, str], data: Path, count: int, *extra: str) -> list:
    """``count`` load workers on ``data`` (see support/programs/signing_worker.py), to pipes."""
    return start_load_workers([env] * count, data, *extra, stderr=subprocess.PIPE)


def wait_ready(child: subprocess.Popen) -> list[str]:
    """The READY line's words (installation id, public key); fails on anything else."""
    line = child.stdout.readline()
    assert line.startswith("READY "), child.stderr.read()
    return line.split()[1:]


@pytest.mark.slow
@pytest.mark.stress
def test_two_processes_opening_a_new_folder_at_once_then_signing_together(tmp_path):
    """Two kiosks first started in the same instant on an empty folder, then signing at once.

    They race to create the schema, the installation, its key and its PDF seal; both must end
    up with the same ones, and then their records interleave in one chain.
    """
    env = cli_env(tmp_path)
    data = tmp_path / "data"
    go = tmp_path / "go"
    children = start_workers(
        env, data, 2, "--records", "40", "--start-at", str(time.time() + 3), "--go-file", str(go)
    )
    try:
        identities = [wait_ready(child) for child in children]
        assert identities[0] == identities[1]  # one installation, one signing key
        set_up_hr_in(data)
        go.touch()
        outputs = [child.communicate(timeout=300)[0] for child in children]
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
    assert [child.returncode for child in children] == [0, 0]
    lines = [line for out in outputs for line in out.splitlines()]
    assert not [line for line in lines if line.startswith("FAILED")]
    done = {line.split()[1] for line in lines if line.startswith("DONE")}
    assert len(done) == 80

    assert assert_store_sound(data) == done
    with sqlite3.connect(data / "zzsign.sqlite3") as raw:
        assert raw.execute("SELECT count(*) FROM installations").fetchone() == (1,)
        order = [
            row[0]
            for row in raw.execute(
                "SELECT subject FROM ledger_entries WHERE kind = 'record' ORDER BY sequence"
            )
        ]
    # Both processes' records are interleaved in the one chain, not in two runs.
    owner = {
        line.split()[1]: index
        for index, out in enumerate(outputs)
        for line in out.splitlines()
        if line.startswith("DONE")
    }
    switches = sum(owner[a] != owner[b] for a, b in itertools.pairwise(order))
    assert switches >= 2, "the two processes did not sign at the same time"
    assert_readable_by_hr(data, done)
    assert_verify_passes(env, data, 80)


# -- two kiosk windows --------------------------------------------------------------------------
def test_two_kiosk_windows_on_one_folder_both_sign(qtbot, qapp, settings):
    """Two kiosk windows, each opening the data folder itself: neither is refused, both sign."""
    from support.kiosk import Hire, KioskDriver

    from zzsign.app import connect_store, create_application
    from zzsign.views.kiosk_window import KioskWindow
    from zzsign.views.pages.done import DonePage

    create_application([])
    backend = MemoryKeyring()  # the laptop's one keyring
    first_use = open_store(settings, SecretStore(backend=backend))
    set_up_hr(first_use.sessions)
    first_use.close()
    drivers = []
    for _ in range(2):
        window = KioskWindow(idle_reset_ms=600_000)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        connect_store(window, settings, SecretStore(backend=backend))
        drivers.append(KioskDriver(qtbot, window))
    hires = [Hire(full_name="Ольга Петрова"), Hire(full_name="שרה כהן")]
    for driver, hire in zip(drivers, hires, strict=True):
        driver.walk_to_review(hire)
    for driver in drivers:  # both reach Review first, then sign one after the other
        driver.click("Sign agreement")
        assert isinstance(driver.page, DonePage)

    store = open_store(settings, SecretStore(backend=backend))
    try:
        hr_key = HrAccess(store.sessions).unlock(HR_PASSWORD)
        report = verify_store(store.sessions, secrets=store.secrets, hr_private_key=hr_key)
        with store.sessions() as db:
            names = {
                open_record(db, record_id, hr_key).signer.full_name
                for record_id in RecordRepository(db).ids()
            }
    finally:
        store.close()
    assert report.intact, problems(report)
    assert names == {hire.full_name for hire in hires}
