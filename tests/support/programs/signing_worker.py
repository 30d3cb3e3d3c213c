"""Child processes for the stress tests: sign through the real SigningService, say what happens.

    python tests/support/programs/signing_worker.py zygote DATA_DIR
    python tests/support/programs/signing_worker.py load DATA_DIR [--seconds S] [--records N]
                                              [--start-at EPOCH] [--go-file FILE]
                                              [--pause-ms MS]

The keyring is whatever ``keyring`` selects (the tests set ``PYTHON_KEYRING_BACKEND`` to the
file keyring, so that every process and ``zzsign verify`` share it). Every line is written with
one ``os.write`` to stdout, so a line is either wholly there or not there at all when the process
dies.

``zygote`` pays Python's start-up and imports once, then for each ``fork SEED`` line on stdin
forks a worker that opens the store and signs in a loop until it is killed, reporting

    BOOT pid               the worker exists (nothing opened yet)
    READY                  the store is open
    START                  a signing begins (SigningService.sign is called)
    WRITE record_id        the record's rows are being written inside the open transaction
    COMMIT record_id       COMMIT is being sent to SQLite
    COMMITTED record_id    SQLite has committed (the keyring anchor is updated next)
    DONE record_id         SigningService.sign returned: the Done page would show now

and the zygote then reports ``EXITED pid status`` (the raw wait status). ``load`` opens the store
(``READY installation_id public_key``), then signs in a loop for S seconds (or N records),
printing ``DONE record_id`` after each signing, ``FAILED message`` for any error a person would
have seen, and finally ``STATS signed=N failed=N slowest_ms=N``; with ``--pause-ms`` it waits
that long between two signings (otherwise it signs flat out).
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sys
import time
from datetime import date

from sqlalchemy import event

from zzsign.config import Settings
from zzsign.domain.record import SigningSession, Step
from zzsign.domain.signature import DrawnSignature, TypedSignature
from zzsign.domain.signer import DetailsForm
from zzsign.services.errors import SigningFailedError
from zzsign.services.signing import SigningService
from zzsign.services.store import Store, open_store

#: The names the workers sign with; the tests read them back with HR's key.
NAMES = ("Zoë Ñúñez-O'Brien", "Ольга Петрова", "محمد الخطيب", "שרה כהן", "王秀英", "Łukasz Dvořák")
FAKE_PNG = b"\x89PNG stress test signature image"


def say(*words: object) -> None:
    """One line on stdout, in one write."""
    os.write(1, (" ".join(str(word) for word in words) + "\n").encode())


def completed_session(service: SigningService, rng: random.Random, number: int) -> SigningSession:
    """A session walked through every step the kiosk marks, ready for ``sign``."""
    session = service.start_session()
    name = rng.choice(NAMES)
    details, errors = DetailsForm(
        name, f"stress{number}@zzservers.com", f"E-{number}", "Engineering", date(2026, 12, 1)
    ).validate(date(2026, 11, 25))
    assert not errors, errors
    session.signer = details
    for step in (
        Step.DETAILS_ENTERED,
        Step.CONSENTED,
        Step.REACHED_END,
        Step.ACKNOWLEDGED_CLAUSE,
        Step.ACKNOWLEDGED_AGREEMENT,
    ):
        session.mark(step, service.clock())
    if rng.random() < 0.5:
        strokes = (tuple((10 + i * 7, 40 + (i % 5) * 9, i * 16) for i in range(40)),)
        session.signature = DrawnSignature(strokes, 600, 200, FAKE_PNG)
    else:
        session.signature = TypedSignature(
            name, "Dancing Script", "DancingScript-Regular.otf", FAKE_PNG
        )
    session.mark(Step.SIGNATURE_ADOPTED, service.clock())
    return session


def report_transaction_phases(store: Store) -> None:
    """Say WRITE / COMMIT / COMMITTED (with the record id) as the signing transaction goes."""
    in_flight: list[str] = []

    @event.listens_for(store.engine, "before_cursor_execute")
    def _writing(_conn, _cursor, statement, _params, context, _many) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO SIGNATURE_RECORDS"):
            in_flight[:] = [str(context.compiled_parameters[0].get("id", "?"))]
            say("WRITE", in_flight[0])

    @event.listens_for(store.engine, "commit")
    def _committing(_conn) -> None:
        if in_flight:
            say("COMMIT", in_flight[0])

    @event.listens_for(store.sessions, "after_commit")
    def _committed(_session) -> None:
        if in_flight:
            say("COMMITTED", in_flight.pop())


def settings_for(data_dir: str) -> Settings:
    """The settings of a kiosk on ``data_dir`` (and on ``ZZSIGN_DATABASE_URL``, if set)."""
    return Settings.resolve(
        data_dir=data_dir, database_url=os.environ.get("ZZSIGN_DATABASE_URL"), environ={}
    )


def run_worker(data_dir: str, seed: int) -> None:
    """Open the store and sign until killed (a forked zygote child)."""
    say("BOOT", os.getpid())
    rng = random.Random(seed)
    store = open_store(settings_for(data_dir))
    report_transaction_phases(store)
    service = SigningService(store)
    say("READY")
    number = 0
    while True:
        number += 1
        session = completed_session(service, rng, number)
        say("START")
        receipt = service.sign(session, screen="1920x1080")
        say("DONE", receipt.record_id)


def run_zygote(data_dir: str) -> None:
    """Fork a signing worker for every ``fork SEED`` line; report how each one ended."""
    sys.stdout.flush()
    for line in sys.stdin:
        command, _, seed = line.strip().partition(" ")
        if command != "fork":
            continue
        pid = os.fork()
        if pid == 0:
            status = 0
            try:
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                run_worker(data_dir, int(seed))
            except BaseException as exc:  # report it; the parent test fails on it
                say("ERROR", type(exc).__name__, str(exc).replace("\n", " "))
                status = 3
            finally:
                os._exit(status)
        _, status = os.waitpid(pid, 0)
        say("EXITED", pid, status)


def run_load(
    data_dir: str,
    seconds: float,
    max_records: int | None,
    start_at: float,
    go_file: str | None,
    pause_ms: int = 0,
) -> None:
    """Sign for ``seconds``; report every Done, every failure a person would see, and timings.

    The store is opened at the wall-clock time ``start_at`` (so that several processes open it
    in the same instant); signing begins once ``go_file`` exists, if one is named.
    """
    time.sleep(max(0.0, start_at - time.time()))
    rng = random.Random(os.getpid())
    store = open_store(settings_for(data_dir))
    service = SigningService(store)
    say("READY", store.installation_id, store.signer.public_key_hex)
    while go_file is not None and not os.path.exists(go_file):
        time.sleep(0.02)
    signed = failed = 0
    slowest = 0.0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and (max_records is None or signed < max_records):
        session = completed_session(service, rng, signed)
        began = time.monotonic()
        try:
            receipt = service.sign(session, screen="1920x1080")
        except SigningFailedError as failure:
            failed += 1
            say("FAILED", failure.message)
            continue
        slowest = max(slowest, time.monotonic() - began)
        signed += 1
        say("DONE", receipt.record_id)
        time.sleep(pause_ms / 1000)
    store.close()
    say("STATS", f"signed={signed}", f"failed={failed}", f"slowest_ms={round(slowest * 1000)}")


def main() -> None:
    """Dispatch on the mode."""
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=("zygote", "load"))
    parser.add_argument("data_dir")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--records", type=int, default=None, help="stop after this many")
    parser.add_argument("--start-at", type=float, default=0.0, help="epoch time to open at")
    parser.add_argument("--go-file", default=None, help="sign once this file exists")
    parser.add_argument("--pause-ms", type=int, default=0, help="wait between two signings")
    args = parser.parse_args()
    if args.mode == "zygote":
        run_zygote(args.data_dir)
    else:
        run_load(
            args.data_dir, args.seconds, args.records, args.start_at, args.go_file, args.pause_ms
        )


if __name__ == "__main__":
    main()
