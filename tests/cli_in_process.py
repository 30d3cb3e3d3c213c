"""Run ``zzsign`` in this process, as a terminal would see it (for tests of the command line).

stdout is strict UTF-8 and stderr ``backslashreplace``, as Python sets them up for a real
terminal, so that output a terminal could not take fails here too. What ``main`` changes in the
process (the logging set-up, the umask) is put back afterwards, and the keyring it finds is the
test's.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass

import keyring

from zzsign.cli import main

CONFIGURED_LOGGERS = ("zzsign", "pyhanko", "pyhanko_certvalidator")


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


@contextlib.contextmanager
def keyring_for_cli(backend) -> Iterator[None]:
    """Make ``keyring`` (and so the CLI's SecretStore) use ``backend`` meanwhile."""
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield
    finally:
        keyring.set_keyring(previous)
