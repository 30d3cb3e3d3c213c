"""A throw-away PostgreSQL cluster for the tests (Debian's binaries, loopback and a socket only).

``PostgresCluster.start()`` runs ``initdb`` into a new temporary folder and ``pg_ctl start``
with the server listening on 127.0.0.1 at a free port and on a unix socket in that folder;
``stop()`` stops it and removes the folder. Run as root, the server runs as the ``postgres``
user (PostgreSQL refuses to run as root). Two roles: the superuser ``postgres`` (trusted on the
socket; the tests tamper with it, as someone who owns the server would) and ``zzsign``, which
logs in over TCP with a password and owns the databases it is given — what zzsign connects as.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import ClassVar

import pytest

#: The role zzsign connects as, and its password (TCP, scram-sha-256).
APP_ROLE, APP_PASSWORD = "zzsign", "pg-test-password"
SUPERUSER = "postgres"
#: Settings that make a test server quick: nothing it holds has to survive a crash.
QUICK = ("fsync=off", "synchronous_commit=off", "full_page_writes=off")


def find_binaries() -> Path | None:
    """The newest ``/usr/lib/postgresql/<version>/bin`` with initdb and pg_ctl (or the folder of
    ``pg_ctl`` on the PATH), None if there is none."""

    def version(path: str) -> tuple[int, ...]:
        number = Path(path).parent.parent.name
        return tuple(int(part) for part in number.split(".") if part.isdigit())

    for initdb in sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=version, reverse=True):
        folder = Path(initdb).parent
        if (folder / "pg_ctl").is_file():
            return folder
    on_path = shutil.which("pg_ctl")
    if on_path and (Path(on_path).parent / "initdb").is_file():
        return Path(on_path).parent
    return None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PostgresCluster:
    """One running test cluster (see the module's text)."""

    #: The clusters started and not stopped, by port (a test that has only a database's URL
    #: finds its server's superuser through :func:`superuser_url_for`).
    running: ClassVar[dict[int, PostgresCluster]] = {}

    def __init__(self, binaries: Path) -> None:
        self.binaries = binaries
        self.folder = Path(tempfile.mkdtemp(prefix="zzsign-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self._as_root = os.geteuid() == 0
        self._counter = 0
        self._counter_lock = threading.Lock()

    # -- running the server ---------------------------------------------------------------
    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", SUPERUSER, "--"] if self._as_root else []
        subprocess.run([*prefix, *command], check=True, capture_output=True, text=True, timeout=120)

    def start(self) -> PostgresCluster:
        """initdb, configure and start the server; returns self."""
        if self._as_root:
            account = pwd.getpwnam(SUPERUSER)
            os.chown(self.folder, account.pw_uid, account.pw_gid)
        self._run(
            str(self.binaries / "initdb"),
            "-D",
            str(self.data),
            "-U",
            SUPERUSER,
            "-E",
            "UTF8",
            "--locale=C",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
        )
        options = " ".join(
            [f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder}"]
            + [f"-c {setting}" for setting in QUICK]
        )
        self._run(
            str(self.binaries / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.folder / "server.log"),
            "-w",
            "-t",
            "60",
            "start",
        )
        PostgresCluster.running[self.port] = self
        self.superuser_sql(f"CREATE ROLE {APP_ROLE} LOGIN PASSWORD '{APP_PASSWORD}'")
        return self

    def stop(self) -> None:
        """Stop the server at once and remove its folder."""
        PostgresCluster.running.pop(self.port, None)
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            self._run(
                str(self.binaries / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"
            )
        shutil.rmtree(self.folder, ignore_errors=True)

    # -- URLs and databases ---------------------------------------------------------------
    def url(self, database: str, *, user: str = APP_ROLE, password: str = APP_PASSWORD) -> str:
        """The SQLAlchemy URL zzsign is given: ``user`` over TCP with a password."""
        return f"postgresql+psycopg://{user}:{password}@127.0.0.1:{self.port}/{database}"

    def superuser_url(self, database: str) -> str:
        """The superuser's URL (on the unix socket, trusted)."""
        return f"postgresql+psycopg://{SUPERUSER}@/{database}?host={self.folder}&port={self.port}"

    def superuser_sql(self, *statements: str, database: str = "postgres") -> None:
        """Run statements as the superuser, each on its own (autocommit: CREATE DATABASE)."""
        import psycopg

        with psycopg.connect(
            host=str(self.folder), port=self.port, user=SUPERUSER, dbname=database, autocommit=True
        ) as connection:
            for statement in statements:
                connection.execute(statement)  # type: ignore[arg-type]

    def tamper(self, database: str, *statements: str) -> None:
        """What someone who owns the database server would do to ``database``: drop every
        append-only guard (each trigger zzsign made), then run ``statements``, in one go."""
        import psycopg

        with psycopg.connect(
            host=str(self.folder), port=self.port, user=SUPERUSER, dbname=database
        ) as connection:
            triggers = connection.execute(
                "SELECT tgname, tgrelid::regclass::text FROM pg_trigger WHERE NOT tgisinternal"
            ).fetchall()
            for name, table in triggers:
                connection.execute(f"DROP TRIGGER {name} ON {table}")  # type: ignore[arg-type]
            for statement in statements:
                connection.execute(statement)  # type: ignore[arg-type]

    def new_database(self, *, template: str = "template0") -> str:
        """A new, empty database owned by the app role (copied from ``template``); its name."""
        with self._counter_lock:
            self._counter += 1
            name = f"zzsign_test_{self._counter}"
        self.superuser_sql(f"CREATE DATABASE {name} OWNER {APP_ROLE} TEMPLATE {template}")
        return name


def tamper_as_superuser(url: str, *statements: str) -> None:
    """:meth:`PostgresCluster.tamper` on the database a test cluster's app URL names."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    assert parsed.port is not None and parsed.database is not None
    PostgresCluster.running[parsed.port].tamper(parsed.database, *statements)


#: Run a test on a SQLite file and on a PostgreSQL database (through the ``settings`` fixture
#: and the fixtures built on it: ``store``, ``service``, ...).
BOTH_BACKENDS = pytest.mark.parametrize("backend", ["sqlite", "postgresql"])


#: The password of the login users :func:`kiosk_and_hr_roles` makes.
LAPTOP_PASSWORD = "laptop-password"


def kiosk_and_hr_roles(cluster: PostgresCluster, url: str) -> tuple[str, str, str, str]:
    """Two roles of the database at ``url``'s own (roles are the server's: one pair a test), and
    a login user in each, as IT makes them: (kiosk role, HR role, a kiosk laptop user's URL, the
    HR station user's URL)."""
    from sqlalchemy.engine import make_url

    database = make_url(url).database
    assert database is not None
    kiosk, hr = f"kiosk_{database}", f"hr_{database}"
    cluster.superuser_sql(
        f"CREATE ROLE {kiosk} NOLOGIN",
        f"CREATE ROLE {hr} NOLOGIN",
        f"CREATE ROLE {kiosk}_laptop LOGIN PASSWORD '{LAPTOP_PASSWORD}' IN ROLE {kiosk}",
        f"CREATE ROLE {hr}_station LOGIN PASSWORD '{LAPTOP_PASSWORD}' IN ROLE {hr}",
    )
    return (
        kiosk,
        hr,
        cluster.url(database, user=f"{kiosk}_laptop", password=LAPTOP_PASSWORD),
        cluster.url(database, user=f"{hr}_station", password=LAPTOP_PASSWORD),
    )
