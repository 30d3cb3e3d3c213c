"""Kiosks signing for a minute on both backends at once: every record kept, no busy error
seen, verify never raising a false alarm.

In the same minute, sixteen processes (support.programs.signing_worker ``load``) sign through the
real SigningService in a loop for ``ZZSIGN_STRESS_SECONDS`` (default 60):

* eight kiosk processes of one laptop (one keyring, one installation, one chain) on its SQLite
  file, flat out, while ``zzsign verify`` checks the file once in the middle;
* eight laptops (a keyring each: eight installations, eight chains) on one PostgreSQL database,
  each connected as a user of the kiosk role (``zzsign db grant``), a quarter second between
  two signings (``FLEET_PAUSE_MS``), the HR station's user checking.

Meanwhile verify runs again and again on each store (from a snapshot). No signing may fail with
a message a person would see ("busy in another program" included), no check may report a
problem, every record reported Done must be in its store, whole, every chain must run 1, 2, 3...
without a gap, and the final verify with the HR password must open every record."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text
from support.cli import cli_environment
from support.keyrings import FileKeyring, MemoryKeyring
from support.postgres_cluster import PostgresCluster, kiosk_and_hr_roles
from support.store import HR_PASSWORD, set_up_hr
from support.stress import (
    WORKER,
    assert_store_sound,
    assert_verify_passes,
    cli_env,
    create_store,
    run_verify,
)

from zzsign.config import Settings
from zzsign.security.keyring_store import SecretStore
from zzsign.services.hr import HrAccess
from zzsign.services.store import open_database
from zzsign.services.verify import VerificationReport, verify_database
from zzsign.store.database import create_database_engine

pytestmark = [pytest.mark.stress, pytest.mark.slow]

PROCESSES = 8
SECONDS = float(os.environ.get("ZZSIGN_STRESS_SECONDS", "60"))
#: What the PostgreSQL laptops wait between two signings. Flat out, the eight of them (and
#: their server) take every core there is, and the SQLite laptop's process that holds its
#: file's write lock gets so little CPU that a waiter passes the 5 s busy timeout (seen on a
#: busy machine): paced, they take about a third of two cores and still sign a thousand
#: records or more a minute.
FLEET_PAUSE_MS = 250
#: How often the laptop's SQLite file is checked meanwhile (seconds). Checked again and again
#: (each check holds a read snapshot of the file for a second or so), eight processes writing
#: it flat out signed a fifth as fast and one waited past the 5 s busy timeout (seen on a busy
#: machine); a laptop is not checked without a pause.
SQLITE_CHECK_EVERY = 15.0


@dataclass
class Kiosk:
    """One signing process: its backend, its output file, the process."""

    backend: str
    output: Path
    process: subprocess.Popen[bytes] | None = None

    def lines(self) -> list[str]:
        return self.output.read_text().splitlines()


@dataclass(frozen=True)
class Fleet:
    """The PostgreSQL side: the kiosks' URL (a kiosk role's user), HR's URL (the HR role's)."""

    kiosk_url: str
    hr_url: str


def _fleet_on(cluster: PostgresCluster, owner_url: str, hr_data: Path) -> Fleet:
    """The database's roles as IT makes them (``zzsign db grant``), and HR set up on it."""
    from support.cli import run_cli

    kiosk, hr, kiosk_url, hr_url = kiosk_and_hr_roles(cluster, owner_url)
    where = ("--database-url", owner_url, "--data-dir", str(hr_data))
    granted = run_cli("db", "grant", "--kiosk-role", kiosk, "--hr-role", hr, *where)
    assert granted.code == 0, granted.err
    fleet = Fleet(kiosk_url, hr_url)
    station = open_database(
        Settings.resolve(data_dir=str(hr_data), database_url=fleet.hr_url, environ={})
    )
    try:
        set_up_hr(station.sessions)
    finally:
        station.close()
    return fleet


def test_eight_kiosks_on_sqlite_and_eight_on_postgresql_sign_for_a_minute_keep_every_record(
    tmp_path, monkeypatch, postgres_cluster, postgres_url
):
    env = cli_env(tmp_path)
    data = tmp_path / "data"
    create_store(data, env, monkeypatch)
    fleet = _fleet_on(postgres_cluster, postgres_url, tmp_path / "hr")
    go = tmp_path / "go"
    kiosks = [Kiosk("sqlite", tmp_path / f"sqlite-{n}.out") for n in range(PROCESSES)] + [
        Kiosk("postgresql", tmp_path / f"postgresql-{n}.out") for n in range(PROCESSES)
    ]
    started = time.monotonic()
    for number, kiosk in enumerate(kiosks):
        if kiosk.backend == "sqlite":
            kiosk_env, kiosk_data = env, data
        else:  # a laptop of its own: its keyring, its data folder
            kiosk_data = tmp_path / f"laptop-{number}"
            kiosk_env = {
                **cli_environment(tmp_path / f"keyring-{number}.json"),
                "ZZSIGN_DATABASE_URL": fleet.kiosk_url,
            }
        with kiosk.output.open("w") as handle:
            kiosk.process = subprocess.Popen(
                [
                    sys.executable,
                    str(WORKER),
                    "load",
                    str(kiosk_data),
                    "--seconds",
                    str(SECONDS),
                    "--go-file",
                    str(go),
                    "--pause-ms",
                    "0" if kiosk.backend == "sqlite" else str(FLEET_PAUSE_MS),
                ],
                stdout=handle,
                stderr=subprocess.STDOUT,
                env=kiosk_env,
            )
    processes = [kiosk.process for kiosk in kiosks if kiosk.process is not None]
    checks: dict[str, list[VerificationReport]] = {"sqlite": [], "postgresql": []}
    sqlite_url = f"sqlite:///{data / 'zzsign.sqlite3'}"
    laptop_keyring = SecretStore(backend=FileKeyring())  # the SQLite laptop's (its anchor)
    hr_keyring = SecretStore(backend=MemoryKeyring())
    try:
        while not all(_says_ready(kiosk) for kiosk in kiosks):  # all sixteen, then go
            assert all(p.poll() is None for p in processes), _tails(kiosks)
            time.sleep(0.05)
        go.touch()
        began = time.monotonic()
        meanwhile = None
        while any(p.poll() is None for p in processes):
            if meanwhile is None and time.monotonic() - began > SECONDS / 3:
                # Someone checks the laptop's store from the command line while the kiosks sign.
                without_hr = {k: v for k, v in env.items() if k != "ZZSIGN_HR_PASSWORD"}
                checking_meanwhile = time.monotonic()
                meanwhile = run_verify(without_hr, data)
                meanwhile_seconds = time.monotonic() - checking_meanwhile
            if time.monotonic() - began > len(checks["sqlite"]) * SQLITE_CHECK_EVERY:
                checks["sqlite"].append(verify_database(sqlite_url, secrets=laptop_keyring))
            checks["postgresql"].append(verify_database(fleet.hr_url, secrets=hr_keyring))
            time.sleep(1.0)
        codes = [p.wait(timeout=SECONDS + 300) for p in processes]
        signing = time.monotonic() - began
    finally:
        for p in processes:
            if p.poll() is None:
                p.kill()
    assert codes == [0] * len(kiosks), _tails(kiosks)
    assert meanwhile is not None
    assert meanwhile.returncode == 0, meanwhile.stdout[-2000:] + meanwhile.stderr[-2000:]
    assert "all intact" in meanwhile.stdout

    done: dict[str, list[str]] = {}
    for backend in ("sqlite", "postgresql"):
        lines = [line for kiosk in kiosks if kiosk.backend == backend for line in kiosk.lines()]
        failures = [line for line in lines if line.startswith("FAILED")]
        stats = [line for line in lines if line.startswith("STATS")]
        assert not failures, (
            f"{backend}: {len(failures)} signings failed, e.g. {failures[0]}; {_stats(kiosks)}"
        )
        done[backend] = [line.split()[1] for line in lines if line.startswith("DONE")]
        assert len(set(done[backend])) == len(done[backend])
        assert len(stats) == PROCESSES
        assert all(int(line.split()[1].removeprefix("signed=")) > 0 for line in stats), stats
        problems = [str(p) for check in checks[backend] for p in check.problems]
        assert problems == [], f"{backend}: a check during the run raised {problems[:3]}"
        assert any(0 < c.records < len(done[backend]) for c in checks[backend])  # while signing
    installations = {
        kiosk.lines()[0].split()[1] for kiosk in kiosks if kiosk.backend == "postgresql"
    }
    assert len(installations) == PROCESSES  # eight laptops, eight installations

    assert assert_store_sound(data) == set(done["sqlite"])
    assert _fleet_store_sound(postgres_url, installations) == set(done["postgresql"])
    # the final checks with the HR password, side by side: the laptop's zzsign verify, and
    # the HR station's check of the fleet's database (in this process)
    checking = time.monotonic()
    with ThreadPoolExecutor(1) as beside:
        sqlite_final = beside.submit(_timed, assert_verify_passes, env, data, len(done["sqlite"]))
        postgresql_final = _timed(
            _assert_fleet_verify_passes, tmp_path / "hr", fleet, len(done["postgresql"])
        )
        sqlite_final = sqlite_final.result()
    final = time.monotonic() - checking
    print(
        f"\n{PROCESSES} + {PROCESSES} processes x {SECONDS:.0f} s (all ready "
        f"{began - started:.1f} s after start), over {signing:.0f} s:\n"
        f"  SQLite (one laptop, one chain): {len(done['sqlite'])} records, "
        f"{len(done['sqlite']) / signing:.0f} records/s; "
        f"{len(checks['sqlite'])} checks meanwhile; final verify {sqlite_final:.1f} s\n"
        f"  PostgreSQL (eight laptops, kiosk role): {len(done['postgresql'])} records, "
        f"{len(done['postgresql']) / signing:.0f} records/s; "
        f"{len(checks['postgresql'])} checks meanwhile; final verify {postgresql_final:.1f} s\n"
        f"  zzsign verify during the run ({meanwhile_seconds:.1f} s): "
        f"{meanwhile.stdout.strip().splitlines()[-1]}\n"
        f"  the final checks, side by side: {final:.1f} s"
    )
    for kiosk in kiosks:
        print(f"  {kiosk.backend}: {kiosk.lines()[-1]}")


def _fleet_store_sound(owner_url: str, installations: set[str]) -> set[str]:
    """Every installation's chain runs 1..n with one link a record, and covers exactly its
    records; returns the ids of the records in the database."""
    engine = create_database_engine(owner_url)
    try:
        with engine.connect() as connection:
            chains = {
                row.installation_id: (row.links, row.first, row.last)
                for row in connection.execute(
                    text(
                        "SELECT installation_id, count(*) AS links, min(sequence) AS first, "
                        "max(sequence) AS last FROM ledger_entries GROUP BY installation_id"
                    )
                )
            }
            records = dict(
                connection.execute(
                    text(
                        "SELECT installation_id, count(*) FROM signature_records "
                        "GROUP BY installation_id"
                    )
                ).all()
            )
            unlinked = connection.execute(
                text(
                    "SELECT count(*) FROM signature_records r WHERE NOT EXISTS (SELECT 1 FROM "
                    "ledger_entries l WHERE l.kind = 'record' AND l.subject = r.id "
                    "AND l.installation_id = r.installation_id)"
                )
            ).scalar()
            ids = set(connection.execute(text("SELECT id FROM signature_records")).scalars())
    finally:
        engine.dispose()
    assert set(chains) == installations
    assert all(chain == (records[i], 1, records[i]) for i, chain in chains.items()), chains
    assert unlinked == 0
    return ids


def _assert_fleet_verify_passes(hr_data: Path, fleet: Fleet, records: int) -> None:
    """The HR station's verify with HR's key (unlocked by the HR role's user) checks
    ``records`` records and opens every one, all intact."""
    station = open_database(
        Settings.resolve(data_dir=str(hr_data), database_url=fleet.hr_url, environ={})
    )
    try:
        hr_key = HrAccess(station.sessions).unlock(HR_PASSWORD)
    finally:
        station.close()
    report = verify_database(
        fleet.hr_url, secrets=SecretStore(backend=MemoryKeyring()), hr_private_key=hr_key
    )
    assert report.problems == []
    assert (report.records, report.links, report.sealed_checked) == (records, records, records)


def _timed(check: Callable[..., None], *arguments: object) -> float:
    """Run ``check``; the seconds it took."""
    began = time.monotonic()
    check(*arguments)
    return time.monotonic() - began


def _stats(kiosks: list[Kiosk]) -> str:
    """Each kiosk's last line (its STATS, when it finished)."""
    return "; ".join(f"{kiosk.backend}: {(kiosk.lines() or [''])[-1]}" for kiosk in kiosks)


def _says_ready(kiosk: Kiosk) -> bool:
    return kiosk.output.read_text().startswith("READY ")


def _tails(kiosks: list[Kiosk]) -> str:
    return "\n".join(kiosk.output.read_text()[-1500:] for kiosk in kiosks)
