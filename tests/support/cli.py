"""Run ``zzsign`` as IT does: in a process of its own (``zzsign``, in ``cli_environment``), or in
this process as a terminal would see it (``run_cli``), and read what a laptop's store says.

In this process, stdout is strict UTF-8 and stderr ``backslashreplace``, as Python sets them up
for a real terminal, so that output a terminal could not take fails here too. What ``main``
changes in the process (the logging set-up, the umask) is put back afterwards, and the keyring it
finds is the test's.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import keyring

from support import TESTS
from support.store import HR_PASSWORD

CONFIGURED_LOGGERS = ("zzsign", "pyhanko", "pyhanko_certvalidator")


def cli_environment(keyring_file: Path) -> dict[str, str]:
    """The environment of a zzsign command in a test, as IT runs it: a keyring that persists
    across processes (a JSON file, support.keyrings.FileKeyring), the HR password, offscreen Qt."""
    return {
        **os.environ,
        "PYTHONPATH": str(TESTS) + os.pathsep + os.environ.get("PYTHONPATH", ""),
        "PYTHON_KEYRING_BACKEND": "support.keyrings.FileKeyring",
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


def new_laptop_sharing_hr_key(
    env: dict[str, str], source: Path, data: Path, hr_station_env: dict[str, str] | None = None
) -> None:
    """An empty store on another laptop, enrolled with the same HR key as ``source``. Given
    ``hr_station_env`` (the environment of the laptop where HR set the password), the HR
    station's secret that joins the HR password is copied from its keyring into this laptop's
    (as IT restoring the HR station's keyring would), so that the HR password opens HR's key."""
    if hr_station_env is not None:
        import json

        station = json.loads(Path(hr_station_env["ZZSIGN_TEST_KEYRING_FILE"]).read_text())
        secrets = {name: value for name, value in station.items() if "hr-station-secret/" in name}
        Path(env["ZZSIGN_TEST_KEYRING_FILE"]).write_text(json.dumps(secrets))
    without_hr = {k: v for k, v in env.items() if k != "ZZSIGN_HR_PASSWORD"}
    assert zzsign(without_hr, "fingerprint", "--data-dir", str(data)).returncode == 0
    with sqlite3.connect(source / "zzsign.sqlite3") as a:
        key = a.execute(
            "SELECT id, public_key, wrapped_private_key, created_at_utc, signing_public_key, "
            "wrapped_signing_key FROM hr_keys ORDER BY id DESC LIMIT 1"
        ).fetchone()
    with sqlite3.connect(data / "zzsign.sqlite3") as b:
        b.execute(
            "INSERT INTO hr_keys (id, public_key, wrapped_private_key, created_at_utc, "
            "signing_public_key, wrapped_signing_key) VALUES (?, ?, ?, ?, ?, ?)",
            key,
        )


def fingerprint_of(data: Path) -> str:
    """The installation key's fingerprint of the store in ``data`` as a person may copy it:
    ``SHA256:`` and the hex digits in blocks of four."""
    from zzsign.security.fingerprints import PREFIX, public_key_fingerprint

    with sqlite3.connect(data / "zzsign.sqlite3") as db:
        (key,) = db.execute("SELECT public_key FROM installations WHERE is_local").fetchone()
    digest = public_key_fingerprint(bytes.fromhex(key)).removeprefix(PREFIX)
    return PREFIX + " ".join(digest[i : i + 4] for i in range(0, 64, 4))


@dataclass(frozen=True)
class CliRun:
    """What one ``zzsign`` run gave back."""

    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()


@contextlib.contextmanager
def _process_state_kept() -> Iterator[None]:
    """Undo what ``main`` does to the process (logging set-up, umask) once it returns."""
    saved = {}
    for name in CONFIGURED_LOGGERS:
        logger = logging.getLogger(name)
        saved[name] = (logger.level, logger.propagate, list(logger.handlers))
    umask = os.umask(0o077)
    os.umask(umask)
    try:
        yield
    finally:
        os.umask(umask)
        for name, (level, propagate, handlers) in saved.items():
            logger = logging.getLogger(name)
            for handler in list(logger.handlers):
                if handler not in handlers:
                    logger.removeHandler(handler)
                    handler.close()
            for handler in handlers:
                if handler not in logger.handlers:
                    logger.addHandler(handler)
            logger.setLevel(level)
            logger.propagate = propagate


def run_cli(*argv: str) -> CliRun:
    """``zzsign ARGV`` in this process; any exception other than SystemExit fails the test."""
    from zzsign.cli import main

    out_bytes, err_bytes = io.BytesIO(), io.BytesIO()
    out = io.TextIOWrapper(out_bytes, encoding="utf-8", errors="strict", write_through=True)
    err = io.TextIOWrapper(
        err_bytes, encoding="utf-8", errors="backslashreplace", write_through=True
    )
    with _process_state_kept(), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as exit_:  # argparse's usage errors, --help, --version
            code = exit_.code if isinstance(exit_.code, int) else 2
    return CliRun(code, out_bytes.getvalue().decode("utf-8"), err_bytes.getvalue().decode("utf-8"))


def zzsign_here(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """:func:`zzsign` run in this process: ``main(ARGS)`` with ``env`` as the whole environment
    and the keyring ``env`` names, stdin empty and not a terminal, what was printed captured as
    :func:`run_cli` captures it. For a test about what a command does, not about its process (its
    start-up, its imports, a crash): it spares the new interpreter's start-up and imports.

    A command that sets the HR password wraps HR's key at the tests' cheap argon2id cost
    (``support.store.CHEAP_WRAPPING``), so that it and every later unlock of that store, here or
    in a process, skip the full cost (tests/test_hr_password.py holds the default cost)."""
    import keyring.core

    from support.store import cheap_hr_wrapping
    from zzsign.app import create_application

    create_application([])  # the tests' one application: ``demo`` must not make and end its own
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    named = env.get("PYTHON_KEYRING_BACKEND")
    backend = keyring.core.load_keyring(named) if named else keyring.get_keyring()
    stdin, sys.stdin = sys.stdin, io.StringIO()
    try:
        with keyring_for_cli(backend), cheap_hr_wrapping():
            run = run_cli(*args)
    finally:
        sys.stdin = stdin
        os.environ.clear()
        os.environ.update(saved)
    return subprocess.CompletedProcess(["zzsign", *args], run.code, run.out, run.err)


@contextlib.contextmanager
def keyring_for_cli(backend) -> Iterator[None]:
    """Make ``keyring`` (and so the CLI's SecretStore) use ``backend`` meanwhile."""
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield
    finally:
        keyring.set_keyring(previous)
