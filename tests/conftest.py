"""Shared fixtures: offscreen Qt, a real SQLite store in a temporary folder (or a database on a
real PostgreSQL server, for the tests marked with ``BOTH_BACKENDS``), the kiosk window, a real
Secret Service keyring, a desktop login, an X11 display, the PyInstaller bundle.

Fixtures live here; the helpers they and the tests use are in ``tests/support/``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import warnings
from typing import TYPE_CHECKING

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from support import desktop
from support.cli import cli_environment, zzsign_here
from support.keyrings import MemoryKeyring
from support.kiosk import open_kiosk
from support.laptops import DAMAGE, Laptop, damaged, laptop_at
from support.old_stores import FIXTURES as OLD_STORES
from support.postgres_cluster import PostgresCluster, find_binaries
from support.seal import SIGNED_AT, blank_pdf, signed_positions_of
from support.secret_service import SecretServiceDaemons, login_collection_is_locked
from support.store import HR_PASSWORD, set_up_hr
from support.windows import LeftOpenWindowWarning, delete_later_now, open_windows

from zzsign.config import Settings

if TYPE_CHECKING:
    from support.network import CountingServer
    from support.small_disk import SmallDisk

    from zzsign.pdf.seal import SealIdentity
    from zzsign.security.keyring_store import SecretStore


@pytest.fixture(scope="session")
def qapp(qapp_args):
    """The one application of the whole run, styled for the kiosk as zzsign styles it
    (``create_application``; asked again, it returns this application as it is)."""
    from zzsign.app import create_application

    return create_application(qapp_args)


@pytest.fixture
def qtbot(qtbot):
    """pytest-qt's qtbot, which also keeps each widget given to ``addWidget`` alive until the
    test's teardown has closed and deleted it. (pytest-qt keeps a weak reference: once the
    test returns, a window only the test held could be collected at any moment, children
    and all, even inside a call the window had deferred.)"""
    kept: list[object] = []
    add_widget = qtbot.addWidget

    def add_and_keep(widget, *, before_close_func=None):
        kept.append(widget)
        add_widget(widget, before_close_func=before_close_func)

    qtbot.addWidget = add_and_keep
    yield qtbot
    kept.clear()


@pytest.fixture(autouse=True)
def widgets_deleted():
    """After each test, every window it left open is closed and deleted, with a warning naming
    it (pytest-qt closes and deletes the widgets given to ``qtbot.addWidget``), so that windows
    never pile up and slow every later test down."""
    before = set(open_windows())
    yield
    left = [w for w in open_windows() if w not in before]
    if left:
        names = ", ".join(sorted({type(w).__name__ for w in left}))
        for widget in left:
            widget.close()
            widget.deleteLater()
        delete_later_now()
        warnings.warn(
            LeftOpenWindowWarning(
                f"{len(left)} window(s) left open ({names}), now deleted: "
                "give each to qtbot.addWidget"
            ),
            stacklevel=1,
        )


@pytest.fixture(autouse=True)
def unexpected_errors_fail_the_test(monkeypatch: pytest.MonkeyPatch) -> None:
    """zzsign's hook for unexpected errors (a modal message box for the person at the kiosk,
    ``zzsign.app``) is not installed by a kiosk a test starts: an error in Qt's event loop then
    fails that test (pytest-qt) rather than wait for someone to close a box nobody sees."""
    import zzsign.app

    monkeypatch.setattr(zzsign.app, "_install_exception_hook", lambda: None)


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
    file dialog or a print dialog that can print to a file (tests/support/dialog_guard.py)."""
    from support.dialog_guard import KioskDialogGuard

    guard = KioskDialogGuard(monkeypatch)
    yield guard
    if guard.violations:
        pytest.fail("; ".join(guard.violations), pytrace=False)


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresCluster]:
    """A PostgreSQL server of the test session's own (tests/support/postgres_cluster.py), started on
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
def empty_postgres_url(postgres_cluster: PostgresCluster) -> str:
    """A new PostgreSQL database with nothing in it (no schema yet), as IT creates it."""
    return postgres_cluster.url(postgres_cluster.new_database())


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


@pytest.fixture(scope="session")
def store_template(tmp_path_factory) -> tuple[Path, dict[tuple[str, str], str], str]:
    """A SQLite store made once a run (migrated, its installation's keys made, HR set up),
    closed: (its data folder, its keyring's entries, the keyring entry that ties the folder to
    its installation). ``store`` copies it: a first start costs a migration and three keys."""
    from zzsign.security.keyring_store import SecretStore
    from zzsign.security.store_ties import store_tie_name
    from zzsign.services.store import open_store, store_location

    template = Settings.resolve(data_dir=str(tmp_path_factory.mktemp("store") / "data"), environ={})
    backend = MemoryKeyring()
    made = open_store(template, SecretStore(backend=backend))
    try:
        set_up_hr(made.sessions)
    finally:
        made.close()
    tie = ("zzsign", store_tie_name(store_location(template)))
    assert tie in backend.passwords
    return template.data_dir, dict(backend.passwords), tie[1]


@pytest.fixture
def store(settings: Settings, secrets, keyring_backend, backend, request) -> Iterator[object]:
    """An open, migrated store backed by a real SQLite file, with HR set up: a copy of
    ``store_template`` (its data folder as zzsign made it, modes kept, and its keyring's entries
    in this test's keyring, the tie naming the copy's place) for SQLite; made anew on
    PostgreSQL."""
    from zzsign.security.store_ties import store_tie_name
    from zzsign.services.store import open_store, store_location

    if backend == "sqlite":
        folder, entries, tie = request.getfixturevalue("store_template")
        shutil.copytree(folder, settings.data_dir)
        for (service, name), value in entries.items():
            if name == tie:
                name = store_tie_name(store_location(settings))
            keyring_backend.set_password(service, name, value)
    opened = open_store(settings, secrets)
    if backend != "sqlite":
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


# -- a real Secret Service keyring (tests/support/secret_service.py) ---------------------------
@pytest.fixture(scope="module")
def daemons() -> Iterator[SecretServiceDaemons]:
    """A private bus with gnome-keyring on it; this process talks to it for the module."""
    root = Path(tempfile.mkdtemp(prefix="zzsign-kr-"))  # short: unix socket paths are limited
    started = SecretServiceDaemons(root)
    try:
        started.start_keyring(unlock=True)
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("DBUS_SESSION_BUS_ADDRESS", started.address)
            patch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
            yield started
    finally:
        started.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def unlocked(daemons: SecretServiceDaemons) -> SecretServiceDaemons:
    """The daemons, with the keyring running and unlocked (restarted if a test locked it)."""
    running = daemons.keyring is not None and daemons.keyring.poll() is None
    if not running or login_collection_is_locked():
        daemons.start_keyring(unlock=True)
    assert not login_collection_is_locked()
    return daemons


# -- outside offscreen Qt: a desktop login, an X11 screen, the bundle (tests/support/desktop.py) --
@pytest.fixture(scope="session")
def bundle(tmp_path_factory) -> Path:
    """The PyInstaller bundle, built once per run (about a minute on 2 cores)."""
    return desktop.build_bundle(tmp_path_factory.mktemp("bundle"))


@pytest.fixture
def desktop_session(tmp_path: Path) -> Iterator[dict[str, str]]:
    """The environment of a fresh desktop login, with gnome-keyring unlocked on its bus."""
    with desktop.desktop_session(tmp_path) as environment:
        yield environment


@pytest.fixture
def x11_display() -> Iterator[str]:
    """A virtual X11 screen (Xvfb) of its own, as ``:N`` for DISPLAY."""
    with desktop.x11_display() as display:
        yield display


def is_stress(item: pytest.Item) -> bool:
    """True for the crash, concurrency and load tests of tests/stress/."""
    return "stress" in item.path.parts


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The quick tests first, then the bundle's build and run, then tests/stress/ last (the
    one that keeps every core busy for a minute the very last): a failure in everyday
    behaviour shows within minutes, before the long runs.

    On two workers (pytest-xdist, the README's command) the bundle comes first instead: one
    worker builds it (about a minute) while the other runs the quick tests; the stress tests
    still come last (see :func:`pytest_xdist_make_scheduler`)."""
    parallel = hasattr(config, "workerinput")

    def stage(item: pytest.Item) -> int:
        if is_stress(item):
            return 3 if item.path.name == FILLS_THE_MACHINE else 2
        if item.get_closest_marker("bundle"):
            return -1 if parallel else 1
        return 0

    items.sort(key=stage)  # stable: the order within each stage is kept


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """``--dist loadfile``, with tests/stress/ as one unit: each test module runs on one worker
    (its module-scoped fixtures are made once: the bundle, the wheel, a keyring daemon...), and
    the stress tests, which each load the whole machine, run one after the other, last.
    With ``--no-loadscope-reorder`` the modules go out in the order above."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class StressTogether(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = super()._split_scope(nodeid)
            return STRESS if module.startswith(STRESS + "/") else module

    return StressTogether(config, log)


#: Where the stress tests are, as pytest-xdist names them.
STRESS = "tests/stress"
#: The stress test that keeps every core busy for a minute: the very last, when nothing else
#: is left to run beside it.
FILLS_THE_MACHINE = "test_concurrent_load.py"


@pytest.fixture
def spanish_interface(qapp):
    """The interface in Spanish for one test; English again afterwards."""
    from zzsign.views.language import use_language

    assert use_language("es") == "es"
    yield
    use_language("en")


@pytest.fixture(scope="module")
def english_and_spanish_copies(qapp):
    """One record's sealed copy made in English, then in Spanish (made once per module:
    rendering is the slow part): (record, English PDF bytes, Spanish PDF bytes)."""
    from support.pdf import make_record, render

    from zzsign.views.language import use_language

    record = make_record("Zoë Ñúñez-O'Brien", "drawn")
    english = render(record)
    use_language("es")
    try:
        spanish = render(record)
    finally:
        use_language("en")
    return record, english, spanish


@pytest.fixture
def store_with_six_demo_records(qapp, store, hr_key):
    """The ``store`` with six demo records signed into it (drawn as the kiosk draws)."""
    from zzsign.services.demo import SignatureArt, fill_with_demo_records

    fill_with_demo_records(store, 6, SignatureArt.as_the_kiosk_draws())
    return store


# -- sealed PDFs without a store (tests/test_pdf_seal.py) ------------------------------------------
@pytest.fixture(scope="module")
def seal_identity() -> SealIdentity:
    """The installation's seal key and self-signed certificate (made once per module)."""
    from zzsign.pdf.seal import create_seal_identity

    return create_seal_identity("6f1c2d9e-inst")


@pytest.fixture(scope="module")
def other_seal_identity() -> SealIdentity:
    """Another installation's seal identity, which the test seals do not trust."""
    from zzsign.pdf.seal import create_seal_identity

    return create_seal_identity("someone-else")


@pytest.fixture(scope="module")
def blank_agreement_pdf() -> bytes:
    """An unsealed two-page PDF titled as the agreement is."""
    return blank_pdf()


@pytest.fixture(scope="module")
def sealed_agreement_pdf(blank_agreement_pdf: bytes, seal_identity: SealIdentity) -> bytes:
    """``blank_agreement_pdf`` sealed with ``seal_identity``."""
    from zzsign.pdf.seal import seal_pdf

    return seal_pdf(
        blank_agreement_pdf,
        seal_identity,
        reason="Employee Confidentiality Agreement signed at the kiosk",
        location="ZZ Servers HQ",
        signed_at=SIGNED_AT,
    )


@pytest.fixture(scope="module")
def sealed_agreement_signed_positions(sealed_agreement_pdf: bytes) -> list[int]:
    """Every byte position the seal of ``sealed_agreement_pdf`` covers."""
    return signed_positions_of(sealed_agreement_pdf)


# -- faults a kiosk laptop meets (tests/test_faults.py) --------------------------------------------
@pytest.fixture
def small_disk(tmp_path) -> Iterator[SmallDisk | None]:
    """A SmallDisk where mount works, else None (the test then injects its fault)."""
    from support.small_disk import CAN_MOUNT, SmallDisk  # probes mount: only where it is used

    if not CAN_MOUNT:
        yield None
        return
    disk = SmallDisk(tmp_path / "small-disk")
    try:
        yield disk
    finally:
        disk.unmount()


@pytest.fixture(params=DAMAGE)
def damaged_laptop(request, tmp_path) -> tuple[Laptop, bytes]:
    """A laptop whose database file was damaged after two records were signed."""
    laptop = laptop_at(tmp_path / "data")
    laptop.store.close()
    bad = damaged(laptop.database_file.read_bytes(), request.param)
    laptop.database_file.write_bytes(bad)
    return laptop, bad


# -- IT at the command line (tests/test_faults.py, tests/test_cli_records.py) -------------------
@pytest.fixture
def it_cli_environment(tmp_path) -> dict[str, str]:
    """The environment of a zzsign command run by IT: a keyring that persists across processes
    (a JSON file), and the HR password."""
    return cli_environment(tmp_path / "keyring.json")


# -- hostile agreement files (tests/test_hostile_agreements.py) ------------------------------------
@pytest.fixture
def network_cut_off(monkeypatch) -> Iterator[list[str]]:
    """Every way Python opens a connection or looks up a name fails the test (a module asks for
    it for all its tests with ``pytestmark = pytest.mark.usefixtures("network_cut_off")``)."""
    import socket

    from support.network import NetworkUsed

    attempts: list[str] = []

    def refuse(what: str):
        def refused(*args, **kwargs):
            attempts.append(f"{what}{args[1:] if what.startswith('socket.') else args}")
            raise NetworkUsed(f"{what} was called: nothing may be fetched")

        return refused

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    monkeypatch.setattr(socket, "gethostbyname", refuse("gethostbyname"))
    yield attempts
    assert attempts == [], attempts


@pytest.fixture
def cli_data_dir(store, settings, keyring_backend, monkeypatch, tmp_path):
    """The data folder of the ``store`` (HR set up), with the CLI run in this process reading
    the test keyring and HR password; cwd is the test's tmp_path."""
    from support.cli import keyring_for_cli
    from support.store import HR_PASSWORD

    monkeypatch.setenv("ZZSIGN_HR_PASSWORD", HR_PASSWORD)
    monkeypatch.chdir(tmp_path)
    with keyring_for_cli(keyring_backend):
        yield settings.data_dir


@pytest.fixture
def urls_qt_was_asked_to_open(qapp) -> Iterator[list[str]]:
    """Every URL Qt is asked to open in a browser or mail program (none may be)."""
    from PySide6.QtCore import QObject, QUrl, Slot
    from PySide6.QtGui import QDesktopServices

    class Catcher(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.urls: list[str] = []

        @Slot(QUrl)
        def open(self, url: QUrl) -> None:
            self.urls.append(url.toString())

    catcher = Catcher()
    schemes = ("http", "https", "mailto", "file", "ftp", "javascript")
    for scheme in schemes:
        QDesktopServices.setUrlHandler(scheme, catcher, "open")
    yield catcher.urls
    for scheme in schemes:
        QDesktopServices.unsetUrlHandler(scheme)


# -- hostile command lines (tests/test_hostile_cli.py) ---------------------------------------------
@pytest.fixture
def cli_data_dir_from_empty_folder(
    store, settings, keyring_backend, monkeypatch, tmp_path
) -> Iterator[Path]:
    """A store with HR set up, the CLI reading the test keyring and HR password; cwd is empty.

    Yields the data folder.
    """
    from support.cli import keyring_for_cli

    monkeypatch.setenv("ZZSIGN_HR_PASSWORD", HR_PASSWORD)
    for variable in ("ZZSIGN_DATA_DIR", "ZZSIGN_DATABASE_URL", "ZZSIGN_IDLE_RESET_SECONDS"):
        monkeypatch.delenv(variable, raising=False)
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    with keyring_for_cli(keyring_backend):
        yield settings.data_dir


@pytest.fixture
def named_pipe(tmp_path) -> Path:
    """A named pipe: not a regular file (never opened here: that would block)."""
    path = tmp_path / "pipe"
    os.mkfifo(path)
    return path


# -- HR publishes an agreement (tests/test_hr_publish_gui.py) --------------------------------------
@pytest.fixture
def counting_web_server() -> Iterator[CountingServer]:
    """A web server on this machine that counts the requests it gets (checked that it counts)."""
    import urllib.request

    from support.network import CountingServer

    server = CountingServer()
    with urllib.request.urlopen(f"{server.url}/ping", timeout=10) as answer:  # it does count
        assert answer.status == 200
    assert server.requests == ["/ping"]
    server.requests.clear()
    yield server
    server.close()


@pytest.fixture
def styled_application(qapp):
    """The application, styled as zzsign styles it."""
    from zzsign.app import create_application

    return create_application([])


@pytest.fixture
def styled_kiosk_over_store(styled_application, make_kiosk):
    """A kiosk window over the test store, in the styled application."""
    return make_kiosk()


# -- HR's workspace over three signed records (test_hr_void_gui, test_hr_workspace...) -----------
@pytest.fixture
def three_signed_records_by_name(service) -> dict[str, str]:
    """Three records signed into the test store, one for each of ``support.hr.NAMES``:
    name → record id."""
    from support.hr import NAMES
    from support.store import signed_session

    return {
        name: service.sign(signed_session(service, name), screen="x").record_id for name in NAMES
    }


@pytest.fixture
def three_signed_record_ids(three_signed_records_by_name: dict[str, str]) -> list[str]:
    """The ids of ``three_signed_records_by_name``, in the order they were signed."""
    return list(three_signed_records_by_name.values())


@pytest.fixture
def kiosk_over_three_signed_records(make_kiosk, three_signed_records_by_name):
    """A kiosk window over the test store, once the three records are signed."""
    return make_kiosk()


@pytest.fixture
def hr_workspace_with_three_records(qtbot, qapp, store, hr_key, three_signed_record_ids, tmp_path):
    """HR's workspace on its own over the three signed records, loaded, its save dialog
    answering ``tmp_path / "out" / <name>``."""
    from zzsign.views.hr.workspace import HrWorkspace

    out = tmp_path / "out"
    out.mkdir()

    def choose(_parent, _caption, suggested: Path, _filter) -> Path:
        return out / suggested.name

    view = HrWorkspace(store, hr_key, choose_export_path=choose)
    qtbot.addWidget(view)
    view.resize(1400, 860)
    view.show()
    view.start_loading()
    qtbot.waitUntil(lambda: not view.is_loading)
    return view


# -- exports (tests/test_hr_export_gui.py, tests/test_export_parallel.py) ------------------------
@pytest.fixture
def records_either_side_of_midnight(qapp, store, hr_key) -> dict[str, str]:
    """Demo records over two years, then two real ones signed either side of midnight UTC.
    Returns {signer name: record id} of the two real ones.
    """
    from support.exports import DEMO_RECORDS, EARLY_IN_TOKYO, LATE_IN_CALIFORNIA
    from support.store import signed_session

    from zzsign.domain.clock import Timestamp
    from zzsign.services.demo import SignatureArt, fill_with_demo_records
    from zzsign.services.signing import SigningService

    fill_with_demo_records(store, DEMO_RECORDS, SignatureArt.as_the_kiosk_draws())
    ids = {}
    for name, moment in (LATE_IN_CALIFORNIA, EARLY_IN_TOKYO):
        service = SigningService(store, clock=lambda moment=moment: Timestamp.from_local(moment))
        ids[name] = service.sign(signed_session(service, name), screen="x").record_id
    return ids


@pytest.fixture
def thirteen_records_one_voided(qapp, store, hr_key) -> list[str]:
    """13 demo records (``support.exports.RECORDS_FOR_WORKERS``), one of them voided (its status
    is exported too): their ids, in signing order."""
    from support.exports import RECORDS_FOR_WORKERS

    from zzsign.services.demo import SignatureArt, fill_with_demo_records
    from zzsign.services.voiding import void_record
    from zzsign.store.records import RecordRepository

    fill_with_demo_records(store, RECORDS_FOR_WORKERS, SignatureArt.as_the_kiosk_draws())
    with store.sessions() as db:
        ids = RecordRepository(db).ids()
    void_record(store, ids[5], "Signed twice by mistake")
    return ids


@pytest.fixture
def empty_export_folder(tmp_path) -> Path:
    """An empty folder to export into (the store's data folder is beside it)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


# -- the signed copy's certificate (tests/test_certificate.py) -------------------------------------
@pytest.fixture
def kiosk_account_is_root(monkeypatch):
    """The kiosk's OS account is "root" (or any account that is not the hire's)."""
    monkeypatch.setattr("zzsign.services.device.getpass.getuser", lambda: "root")


@pytest.fixture
def material_and_signed_copy(qapp, service, kiosk_account_is_root):
    """A hire signed at a kiosk run as root: (the copy material, the signed copy's PDF bytes)."""
    from support.certificate import sign

    from zzsign.services.pdf_copy import make_signed_copy

    material = sign(service, "Zoë Ñúñez-O'Brien")
    return material, make_signed_copy(material)


# -- exports (tests/test_export.py) ----------------------------------------------------------------
@pytest.fixture(scope="module")
def cli_store_with_formula_names(tmp_path_factory) -> tuple[dict[str, str], str, Path]:
    """A data folder made by ``zzsign demo`` with 6 demo records, plus 2 real ones whose names
    look like spreadsheet formulas: (the CLI's environment, the data folder, their folder)."""
    from support.exports import FORMULA_NAMES
    from support.store import sign_real_records

    root = tmp_path_factory.mktemp("export")
    env = cli_environment(root / "keyring.json")
    data = root / "data"
    made = zzsign_here(env, "demo", "--signatures", "6", "--data-dir", str(data))
    assert made.returncode == 0, made.stderr
    sign_real_records(data, root / "keyring.json", FORMULA_NAMES)
    return env, str(data), root


@pytest.fixture
def store_with_twelve_demo_records(qapp, store, hr_key):
    """The test store with 12 demo records (signed over two years, in six time zones)."""
    from zzsign.services.demo import SignatureArt, fill_with_demo_records

    fill_with_demo_records(store, 12, SignatureArt.as_the_kiosk_draws())
    return store


# -- tampering (tests/test_tamper.py) --------------------------------------------------------------
@pytest.fixture
def closed_store_with_three_records(request, secrets, backend):
    """A store with three signed records; returns (settings, record ids). A SQLite file, or a
    PostgreSQL database for a test parametrized with ``BOTH_BACKENDS`` (``backend``)."""
    from support.store import CHEAP_WRAPPING
    from support.tamper import NAMES, sign

    from zzsign.services.hr import HrAccess
    from zzsign.services.signing import SigningService
    from zzsign.services.store import open_store

    settings_ = request.getfixturevalue("settings")
    store = open_store(settings_, secrets)
    HrAccess(store.sessions, wrapping_cost=CHEAP_WRAPPING).set_up(HR_PASSWORD)
    service = SigningService(store)
    ids = [sign(service, name, drawn=i % 2 == 0) for i, name in enumerate(NAMES)]
    store.close()
    return settings_, ids


@pytest.fixture(scope="module")
def pristine_mixed_format_database(tmp_path_factory):
    """One store, copied afresh for every example: the format-1 fixture (four records, one void)
    upgraded, then three format-2 records signed on the same chain: (the database file, every
    (table, column, rowid) cell of the record tables)."""
    import sqlite3

    from support.store import format_1_store
    from support.tamper import NAMES, RECORD_TABLES, sign, table_columns

    from zzsign.services.signing import SigningService
    from zzsign.services.store import open_store

    settings_, secrets_, _backend = format_1_store(tmp_path_factory.mktemp("pristine"))
    store = open_store(settings_, secrets_)
    service = SigningService(store)
    for i, name in enumerate(NAMES):
        sign(service, name, drawn=i % 2 == 0)
    store.close()
    with sqlite3.connect(settings_.data_dir / "zzsign.sqlite3") as raw:
        formats = dict(
            raw.execute(
                "SELECT record_format, count(*) FROM signature_records GROUP BY record_format"
            )
        )
        assert formats == {1: 4, 2: 3}
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cells = [
            (table, column, rowid)
            for table in RECORD_TABLES
            for column in table_columns(raw, table)
            for (rowid,) in raw.execute(f"SELECT rowid FROM {table}")
        ]
    return settings_.data_dir / "zzsign.sqlite3", cells


# -- the kiosk, driven as a hire drives it (test_kiosk_*, test_signature_*, test_fits_a_laptop) --
@pytest.fixture
def kiosk_driver(qtbot, kiosk):
    """A person at the ``kiosk`` window (``support.kiosk.KioskDriver``)."""
    from support.kiosk import KioskDriver

    return KioskDriver(qtbot, kiosk)


@pytest.fixture
def kiosk_in_kiosk_mode(make_kiosk):
    """The kiosk in kiosk mode; let go at the end of the test (as HR would)."""
    window = make_kiosk(kiosk_mode=True)
    yield window
    window.quit_by_hr()


@pytest.fixture
def kiosk_that_never_idles(make_kiosk):
    """A kiosk window over the test store whose idle reset and HR idle lock wait ten minutes."""
    return make_kiosk(idle_reset_ms=600_000, hr_idle_lock_ms=600_000)


@pytest.fixture
def signature_pad(qtbot):
    """A signature pad of its own, 600 x 200, shown."""
    from zzsign.views.signature_pad import SignaturePad

    widget = SignaturePad()
    qtbot.addWidget(widget)
    widget.resize(600, 200)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def signed_with_a_drawn_signature(qtbot, kiosk):
    """A hire who drew their signature, on the Review page; then signed:
    (the signature, its image shown on the Review page, the receipt)."""
    from support.kiosk import Hire, KioskDriver

    from zzsign.domain.signature import DrawnSignature
    from zzsign.views.pages.done import DonePage
    from zzsign.views.pages.review import ReviewPage

    driver = KioskDriver(qtbot, kiosk)
    driver.enter_details(Hire())
    driver.consent()
    driver.read_and_acknowledge()
    driver.draw_scribble()
    driver.click("Continue")
    review = driver.page
    assert isinstance(review, ReviewPage)
    signature = kiosk.wizard.session.signature
    assert isinstance(signature, DrawnSignature)
    shown_on_review = review.signature_image.pixmap().toImage()
    driver.click("Sign agreement")
    assert isinstance(driver.page, DonePage)
    return signature, shown_on_review, kiosk.wizard.receipt


# -- records and HR's keys (test_voiding, test_record_table_model, test_hr_access...) ------------
@pytest.fixture
def two_signed_record_ids(store, service) -> list[str]:
    """Ada Lovelace's and Grace Hopper's records, signed into the test store: their ids."""
    from support.store import signed_session

    return [
        service.sign(signed_session(service, name), screen="1920x1080").record_id
        for name in ("Ada Lovelace", "Grace Hopper")
    ]


@pytest.fixture
def record_table_of_sample_rows(qapp):
    """HR's record table model holding ``support.hr.SAMPLE``."""
    from support.hr import SAMPLE

    from zzsign.views.hr.record_table_model import RecordTableModel

    model = RecordTableModel()
    model.append_rows(SAMPLE)
    return model


@pytest.fixture
def hr_access_and_clock(store):
    """HR's access to the test store on a clock that stands still: (HrAccess, the clock)."""
    from support.hr import FakeTime
    from support.store import CHEAP_WRAPPING

    from zzsign.services.hr import HrAccess

    clock = FakeTime()
    return HrAccess(store.sessions, now=clock, wrapping_cost=CHEAP_WRAPPING), clock


@pytest.fixture(scope="module")
def wrapped_hr_key():
    """``support.hr_password.PRIVATE_KEY`` wrapped with its password (made once per module)."""
    from support.hr_password import FAST, PASSWORD, PRIVATE_KEY

    from zzsign.security.hr_password import wrap_private_key

    return wrap_private_key(PRIVATE_KEY, PASSWORD, **FAST)


@pytest.fixture(scope="module")
def rendered_copies_by_test_name():
    """Every test name rendered once (module scope: rendering is the slow part)."""
    return {}


# -- laptops, packages and languages (test_backup_import, test_wheel, test_language...) ----------
@pytest.fixture(scope="module")
def laptop_a_and_its_evidence_package(tmp_path_factory) -> tuple[dict[str, str], Path, Path]:
    """A store with 4 demo records, and its evidence package: (the CLI's environment, the data
    folder, the package)."""
    root = tmp_path_factory.mktemp("laptop-a")
    env = cli_environment(root / "keyring.json")
    data = root / "data"
    made = zzsign_here(env, "demo", "--signatures", "4", "--data-dir", str(data))
    assert made.returncode == 0, made.stderr
    package = root / "a.zip"
    exported = zzsign_here(
        env, "export", "--format", "evidence", "--out", str(package), "--data-dir", str(data)
    )
    assert exported.returncode == 0, exported.stderr
    return env, data, package


@pytest.fixture(scope="module")
def unpacked_wheel(tmp_path_factory) -> Path:
    """The project's wheel, built and unpacked into a folder of its own (no checkout nearby)."""
    import subprocess
    import sys
    import zipfile

    from support import PROJECT

    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(PROJECT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = out.glob("zzsign-*.whl")
    target = out / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    return target


@pytest.fixture
def spanish_offered_on_english_laptop(monkeypatch):
    """Spanish offered on the welcome page; the laptop's own language English."""
    from zzsign.views import language
    from zzsign.views.language import use_language

    monkeypatch.setattr(language, "COMPLETE", frozenset({"es"}))
    monkeypatch.setattr(language, "system_language", lambda locale=None: "en")
    yield
    use_language("en")


# -- opening the store quickly (tests/test_quick_start.py) ---------------------------------------
@pytest.fixture
def store_opening_held(monkeypatch):
    """The store's full opening waits until the test lets it go (``.set()``)."""
    from zzsign.services import store as store_service

    gate = threading.Event()
    real_open_store = store_service.open_store

    def held_open_store(*args, **kwargs):
        assert gate.wait(30)
        return real_open_store(*args, **kwargs)

    monkeypatch.setattr(store_service, "open_store", held_open_store)
    yield gate
    gate.set()


@pytest.fixture
def closed_store_set_up_by_hr(tmp_path):
    """A store HR has set up (closed), with its keyring: (settings, keyring backend, the store)."""
    from zzsign.security.keyring_store import SecretStore
    from zzsign.services import store as store_service

    backend = MemoryKeyring()
    settings = Settings.resolve(data_dir=str(tmp_path / "data"), environ={})
    store = store_service.open_store(settings, SecretStore(backend=backend))
    set_up_hr(store.sessions)
    return settings, backend, store


# -- hostile evidence packages (tests/test_hostile_packages.py) ------------------------------------
@pytest.fixture(scope="module")
def laptop_a_package_and_laptop_b(qapp, tmp_path_factory) -> dict[str, object]:
    """Laptop A's evidence package (two records) and laptop B's empty store sharing HR's key:
    {"package", "members" (name: bytes), "laptop_b" (data folder), "trust" (A's fingerprint)}."""
    import sqlite3
    import zipfile

    from support.cli import fingerprint_of
    from support.store import signed_session

    from zzsign.config import Settings
    from zzsign.security.keyring_store import SecretStore
    from zzsign.services.evidence.writing import export_evidence
    from zzsign.services.export.selection import ExportFilter
    from zzsign.services.hr import HrAccess
    from zzsign.services.signing import SigningService
    from zzsign.services.store import open_store

    root = tmp_path_factory.mktemp("packages")
    a = open_store(
        Settings.resolve(data_dir=str(root / "a"), environ={}), SecretStore(backend=MemoryKeyring())
    )
    try:
        set_up_hr(a.sessions)
        service = SigningService(a)
        for name in ("Ada Lovelace", "Ольга Петрова"):
            service.sign(signed_session(service, name), screen="1920x1080")
        hr_key = HrAccess(a.sessions).unlock(HR_PASSWORD)
        package = root / "a.zip"
        assert export_evidence(a, hr_key, ExportFilter(), package) == (2, 0)
    finally:
        a.close()
    b = open_store(
        Settings.resolve(data_dir=str(root / "b"), environ={}), SecretStore(backend=MemoryKeyring())
    )
    b.close()
    with sqlite3.connect(root / "a" / "zzsign.sqlite3") as source:
        key = source.execute(
            "SELECT id, public_key, wrapped_private_key, created_at_utc, "
            "failed_unlocks FROM hr_keys"
        ).fetchone()
    with sqlite3.connect(root / "b" / "zzsign.sqlite3") as target:
        target.execute(
            "INSERT INTO hr_keys (id, public_key, wrapped_private_key, "
            "created_at_utc, failed_unlocks) VALUES (?, ?, ?, ?, ?)",
            key,
        )
    with zipfile.ZipFile(package) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    return {
        "package": package,
        "members": members,
        "laptop_b": root / "b",
        "trust": fingerprint_of(root / "a"),
    }


@pytest.fixture
def escape_snapshot(tmp_path, monkeypatch) -> Iterator[Callable[[], dict[str, str]]]:
    """The folders a package could escape into: this test's folder (the working folder) and a
    private temporary folder that tempfile must use meanwhile. Returns a snapshot function."""
    import stat
    import tempfile

    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private_tmp))
    monkeypatch.delenv("ZZSIGN_HR_PASSWORD", raising=False)

    def snapshot() -> dict[str, str]:
        found = {}
        for path in sorted(tmp_path.rglob("*")):
            if path.relative_to(tmp_path).parts[0] in ("b", "verifier"):
                continue  # the stores themselves (their logs and WAL files may change)
            info = path.lstat()
            size = info.st_size if stat.S_ISREG(info.st_mode) else ""
            found[str(path.relative_to(tmp_path))] = f"{stat.filemode(info.st_mode)} {size}"
        return found

    yield snapshot


# -- removable drives (tests/test_hire_copy.py) ---------------------------------------------------
@pytest.fixture
def fake_sysfs_with_six_disks(tmp_path: Path) -> Path:
    """A /sys with an internal SATA disk, three USB disks, an SD card and an internal eMMC."""
    from support.drives import MMC, PCI, USB, fake_block_device

    root = tmp_path / "sys"
    fake_block_device(root, f"{PCI}/sda/sda1", "8:1")
    fake_block_device(root, f"{PCI}/sda/sda2", "8:2")
    fake_block_device(root, f"{USB}/sdb/sdb1", "8:17", removable="1")
    fake_block_device(root, f"{USB}/sdb/sdb2", "8:18", removable="1")
    fake_block_device(root, "virtual/block/sdc/sdc1", "8:33", removable="1")
    fake_block_device(root, f"{USB.replace('2-1', '2-2')}/sdd/sdd1", "8:49")
    fake_block_device(root, f"{MMC}/mmcblk0/mmcblk0p1", "179:1", kind="SD")
    fake_block_device(root, f"{MMC.replace('mmc0', 'mmc1')}/mmcblk1/mmcblk1p1", "179:9", kind="MMC")
    return root


@pytest.fixture
def kingston_drive(tmp_path: Path):
    """A USB drive labelled KINGSTON, mounted at an empty folder."""
    from zzsign.services.removable_media import RemovableDrive

    folder = tmp_path / "KINGSTON"
    folder.mkdir()
    return RemovableDrive("KINGSTON", folder)


# -- stores earlier versions left (tests/test_schema_upgrade.py, tests/test_missing_store.py) ------
@pytest.fixture(params=list(OLD_STORES))
def old_fixture_store(request, tmp_path, monkeypatch) -> tuple[Settings, SecretStore, Path, str]:
    """A copy of a fixture store and its keyring, as the laptop that made it left them; and the
    fixture's name."""
    from support.keyrings import FileKeyring

    from zzsign.security.keyring_store import SecretStore

    fixture = OLD_STORES[request.param]
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    shutil.copyfile(fixture / "zzsign.sqlite3", data / "zzsign.sqlite3")
    keyring_file = tmp_path / "keyring.json"
    shutil.copyfile(fixture / "keyring.json", keyring_file)
    monkeypatch.setenv("ZZSIGN_TEST_KEYRING_FILE", str(keyring_file))
    settings = Settings.resolve(data_dir=str(data), environ={})
    return settings, SecretStore(backend=FileKeyring()), keyring_file, request.param


@pytest.fixture
def laptop_with_four_backed_up_records(tmp_path, monkeypatch):
    """A laptop that signed four records, with automatic backups after every two, on the tests'
    file keyring (``support.backed_up_laptop.Laptop``)."""
    from support.backed_up_laptop import Laptop
    from support.keyrings import FileKeyring
    from support.store import signed_session

    from zzsign.security.keyring_store import SecretStore
    from zzsign.services.backup import AutoBackups, BackupPolicy
    from zzsign.services.signing import SigningService
    from zzsign.services.store import open_store

    keyring_file = tmp_path / "keyring.json"
    monkeypatch.setenv("ZZSIGN_TEST_KEYRING_FILE", str(keyring_file))
    settings = Settings.resolve(data_dir=str(tmp_path / "data"), environ={})
    store = open_store(settings, SecretStore(backend=FileKeyring()))
    try:
        set_up_hr(store.sessions)
        service = SigningService(
            store,
            backups=AutoBackups(
                settings.database_url, settings.backup_dir, policy=BackupPolicy(every_signings=2)
            ),
        )
        records = []
        for name in ("Ingrid Øvergård", "Ольга Петрова", "שרה כהן", "Zoë Ñúñez"):
            records.append(service.sign(signed_session(service, name), screen="x").record_id)
            service.backups.wait(60)
    finally:
        store.close()
    return Laptop(
        settings, cli_environment(keyring_file), keyring_file, store.installation_id, records
    )
