"""Shared fixtures: offscreen Qt, a real SQLite store in a temporary folder (or a database on a
real PostgreSQL server, for the tests marked with ``BOTH_BACKENDS``), the kiosk window."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

from collections.abc import Iterator
from pathlib import Path

import pytest
from memory_keyring import MemoryKeyring
from postgres_cluster import PostgresCluster, find_binaries

from zzsign.config import Settings

HR_PASSWORD = "correct horse battery staple"
#: A cheap argon2id cost, so that tests don't spend a quarter second per password.
CHEAP_WRAPPING = {"time_cost": 1, "memory_cost_kib": 1024}
TESTS = Path(__file__).parent


def cli_environment(keyring_file: Path) -> dict[str, str]:
    """The environment of a zzsign command in a test, as IT runs it: a keyring that persists
    across processes (a JSON file, tests/file_keyring.py), the HR password, offscreen Qt."""
    return {
        **os.environ,
        "PYTHONPATH": str(TESTS) + os.pathsep + os.environ.get("PYTHONPATH", ""),
        "PYTHON_KEYRING_BACKEND": "file_keyring.FileKeyring",
        "ZZSIGN_TEST_KEYRING_FILE": str(keyring_file),
        "ZZSIGN_HR_PASSWORD": HR_PASSWORD,
        "QT_QPA_PLATFORM": "offscreen",
        "QT_LOGGING_RULES": "qt.text.font.db=false",
    }


def zzsign(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m zzsign ARGS`` in ``env`` (see :func:`cli_environment`)."""
    return subprocess.run(
        [sys.executable, "-m", "zzsign", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        stdin=subprocess.DEVNULL,
    )


#: zzsign's own background threads that touch a store or load libraries while a test's
#: windows close: a test ends only once they have (see ``background_work_finished``).
BACKGROUND_THREADS = ("zzsign-open-store", "zzsign-integrity-check", "zzsign-pdf-warm-up")


@pytest.fixture(autouse=True)
def background_work_finished():
    """After each test, wait for zzsign's background threads it started, so that none is still
    opening a store or importing while pytest-qt closes the test's windows and the next test
    begins (each is quick; 60 s means a hang)."""
    yield
    for thread in threading.enumerate():
        if thread.name in BACKGROUND_THREADS:
            thread.join(60)
            assert not thread.is_alive(), f"{thread.name} did not finish"


@pytest.fixture(autouse=True)
def kiosk_dialog_guard(monkeypatch: pytest.MonkeyPatch):
    """Every test fails if a kiosk page (zzsign.views, except HR's zzsign.views.hr) asks for a
    file dialog or a print dialog that can print to a file (tests/dialog_guard.py)."""
    from dialog_guard import KioskDialogGuard

    guard = KioskDialogGuard(monkeypatch)
    yield guard
    if guard.violations:
        pytest.fail("; ".join(guard.violations), pytrace=False)


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresCluster]:
    """A PostgreSQL server of the test session's own (tests/postgres_cluster.py), started on
    first use and removed at the end; skipped only where PostgreSQL or psycopg is missing."""
    pytest.importorskip("psycopg", reason="psycopg is not installed (pip install zzsign[test])")
    binaries = find_binaries()
    if binaries is None:
        pytest.skip(
            "PostgreSQL's initdb and pg_ctl were not found in /usr/lib/postgresql/*/bin or on "
            "the PATH (Debian: apt-get install postgresql)"
        )
    cluster = PostgresCluster(binaries).start()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def postgres_template(postgres_cluster: PostgresCluster) -> str:
    """A database brought to the current schema once (as ``zzsign db upgrade`` does), which
    each test's database is copied from."""
    from zzsign.store.database import create_database_engine
    from zzsign.store.migrate import upgrade_shared_database

    name = postgres_cluster.new_database()
    engine = create_database_engine(postgres_cluster.url(name))
    try:
        upgrade_shared_database(engine)
    finally:
        engine.dispose()
    return name


@pytest.fixture
def postgres_url(postgres_cluster: PostgresCluster, postgres_template: str) -> Iterator[str]:
    """The URL of a new PostgreSQL database at the current schema, dropped after the test."""
    name = postgres_cluster.new_database(template=postgres_template)
    yield postgres_cluster.url(name)
    postgres_cluster.superuser_sql(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture
def backend() -> str:
    """The kind of database the ``settings`` fixture names: SQLite, unless a test is
    parametrized with ``BOTH_BACKENDS``."""
    return "sqlite"


#: Run a test on a SQLite file and on a PostgreSQL database (through ``settings`` and the
#: fixtures built on it: ``store``, ``service``, ...).
BOTH_BACKENDS = pytest.mark.parametrize("backend", ["sqlite", "postgresql"])


@pytest.fixture
def settings(tmp_path: Path, backend: str, request: pytest.FixtureRequest) -> Settings:
    """Settings pointing at a fresh data folder (and, for ``backend`` "postgresql", at a fresh
    PostgreSQL database)."""
    url = request.getfixturevalue("postgres_url") if backend == "postgresql" else None
    return Settings.resolve(data_dir=str(tmp_path / "data"), database_url=url, environ={})


@pytest.fixture
def keyring_backend() -> MemoryKeyring:
    """An in-process keyring."""
    return MemoryKeyring()


@pytest.fixture
def secrets(keyring_backend):
    """This installation's secrets, kept in the in-process keyring."""
    from zzsign.security.keyring_store import SecretStore

    return SecretStore(backend=keyring_backend)


def set_up_hr(sessions) -> None:
    """HR's first use: set the HR password."""
    from zzsign.services.hr import HrAccess

    HrAccess(sessions, wrapping_cost=CHEAP_WRAPPING).set_up(HR_PASSWORD)


@pytest.fixture
def store(settings: Settings, secrets) -> Iterator[object]:
    """An open, migrated store backed by a real SQLite file, with HR set up."""
    from zzsign.services.store import open_store

    opened = open_store(settings, secrets)
    set_up_hr(opened.sessions)
    yield opened
    opened.close()


@pytest.fixture
def hr_key(store) -> bytes:
    """HR's private key, unlocked with the HR password."""
    from zzsign.services.hr import HrAccess

    return HrAccess(store.sessions).unlock(HR_PASSWORD)


@pytest.fixture
def service(store):
    """The signing service over the test store."""
    from zzsign.services.signing import SigningService

    return SigningService(store)


def open_kiosk(qtbot, service, store, **options):
    """The kiosk window over ``store``, with HR's way in (Ctrl+Shift+H, a cheap argon2 cost),
    styled, shown and on screen. Options go to ``KioskWindow``."""
    from zzsign.app import create_application
    from zzsign.services.hr import HrAccess
    from zzsign.views.kiosk_window import KioskWindow

    create_application([])
    options.setdefault("idle_reset_ms", 60_000)
    options.setdefault("hr_idle_lock_ms", 60_000)
    window = KioskWindow(**options)
    qtbot.addWidget(window)
    window.set_service(service, HrAccess(store.sessions, wrapping_cost=CHEAP_WRAPPING), store)
    if window.kiosk_mode:
        window.show_kiosk()
    else:
        window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def make_kiosk(qtbot, qapp, service, store):
    """Makes kiosk windows over the test store (see :func:`open_kiosk`)."""
    return lambda **options: open_kiosk(qtbot, service, store, **options)


@pytest.fixture
def kiosk(qtbot, qapp, service):
    """The kiosk window, styled, shown and ready to sign."""
    from zzsign.app import create_application
    from zzsign.views.kiosk_window import KioskWindow

    create_application([])
    window = KioskWindow(idle_reset_ms=60_000)
    qtbot.addWidget(window)
    window.set_service(service)
    window.show()
    qtbot.waitExposed(window)
    return window


FORMAT_1_FIXTURE = Path(__file__).parent / "fixtures" / "format-1"


def format_1_store(folder: Path):
    """A copy of the format-1 fixture store (schema 0003, made by the kiosk of commit 70aefbf)
    in ``folder/data``, and its keyring loaded into a fresh in-process keyring.

    Returns (settings, secrets, keyring backend); the store is not opened (nor upgraded) yet.
    """
    import json
    import shutil

    from zzsign.security.keyring_store import SecretStore

    data = folder / "data"
    data.mkdir(mode=0o700, parents=True)
    shutil.copyfile(FORMAT_1_FIXTURE / "zzsign.sqlite3", data / "zzsign.sqlite3")
    backend = MemoryKeyring()
    saved = json.loads((FORMAT_1_FIXTURE / "keyring.json").read_text(encoding="utf-8"))
    for name, value in saved.items():
        service, _, username = name.partition("\\n")  # FileKeyring joins them so
        backend.passwords[(service, username)] = value
    settings = Settings.resolve(data_dir=str(data), environ={})
    return settings, SecretStore(backend=backend), backend


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The quick tests first, then the bundle's build and run, then tests/stress/ last: a
    failure in everyday behaviour shows within minutes, before the long runs."""

    def stage(item: pytest.Item) -> int:
        if "stress" in item.path.parts:
            return 2
        return 1 if item.get_closest_marker("bundle") else 0

    items.sort(key=stage)  # stable: the order within each stage is kept
