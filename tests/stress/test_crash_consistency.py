"""kill -9 at random moments while signing: no Done record lost, no partial record, verify passes.

A zygote process (the signing worker in tests/support/programs/) imports zzsign once and forks one
signing worker at a time; each worker opens the store and signs in a loop, saying where each signing
is (see the worker's docstring), until this test kills it with SIGKILL — at a random moment, or just
as a chosen step is reached. The zygote is restarted a few times. Afterwards the store must hold
every record a worker reported Done, and nothing partial, and ``zzsign verify`` must pass.

``ZZSIGN_STRESS_KILLS`` changes the number of kills (default 220); ``ZZSIGN_STRESS_SEED`` replays
a run (the seed is in every failure message).
"""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from support.stress import (
    WORKER,
    assert_readable_by_hr,
    assert_store_sound,
    assert_verify_passes,
    cli_env,
    create_store,
    keyring_entries,
)

pytestmark = [pytest.mark.stress, pytest.mark.slow]

KILLS = int(os.environ.get("ZZSIGN_STRESS_KILLS", "220"))
ZYGOTE_STARTS = 4
#: How long any one line from a worker may take (generous: CI machines are slow and shared).
LINE_TIMEOUT = 60.0

#: Where the signing in flight was when the kill landed, from the worker's last line.
PHASES = {
    "BOOT": "before commit: opening the store",
    "READY": "before commit: preparing a signing",
    "START": "before commit: preparing a signing",
    "WRITE": "before commit: rows written, transaction open",
    "COMMIT": "during commit",
    "COMMITTED": "after commit, before Done (updating the keyring anchor)",
    "DONE": "after Done",
}
#: How the moment of a kill is chosen: at random, or when the worker reaches a given step.
STRATEGIES = ("anytime", "WRITE", "COMMIT", "COMMITTED", "DONE")


class Lines:
    """Lines from a pipe, with a timeout (the zygote and its workers share one stdout)."""

    def __init__(self, stream) -> None:
        self._fd = stream.fileno()
        self._buffer = b""

    def next(self, timeout: float) -> str | None:
        """The next line, or None if none is complete within ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self._fd], [], [], remaining)[0]:
                return None
            chunk = os.read(self._fd, 65536)
            if not chunk:
                raise EOFError("the zygote closed its output")
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line.decode()


@dataclass(frozen=True)
class Kill:
    """One worker's life: how it was killed, where it was, what it reported."""

    strategy: str
    last_step: str
    done: tuple[str, ...]
    in_flight: str | None  # the record being written when the kill landed, if any

    @property
    def phase(self) -> str:
        return PHASES[self.last_step]


class Zygote:
    """The process that forks signing workers; one worker at a time."""

    def __init__(self, data: Path, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(WORKER), "zygote", str(data)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        self.lines = Lines(self.process.stdout)

    def line(self, context: str) -> str:
        line = self.lines.next(LINE_TIMEOUT)
        assert line is not None, f"no word from the worker {context}"
        assert not line.startswith("ERROR"), line
        return line

    def read_for(self, seconds: float, seen: list[str]) -> None:
        """Collect the worker's lines for ``seconds``."""
        deadline = time.monotonic() + seconds
        while (remaining := deadline - time.monotonic()) > 0:
            line = self.lines.next(remaining)
            if line is not None:
                assert not line.startswith("ERROR"), line
                seen.append(line)

    def kill_one_worker(self, rng: random.Random) -> Kill:
        """Fork a worker, kill it with SIGKILL at a moment chosen by a random strategy."""
        self.process.stdin.write(f"fork {rng.randrange(2**32)}\n".encode())
        self.process.stdin.flush()
        boot = self.line("after fork")
        assert boot.startswith("BOOT "), boot
        pid = int(boot.split()[1])
        seen = [boot]
        strategy = rng.choice(STRATEGIES)
        if strategy == "anytime":
            # Anywhere from the store's opening to a few signings in (about 10 ms each).
            self.read_for(rng.uniform(0, 0.15), seen)
        else:
            wanted = rng.randint(1, 4)  # the first to fourth signing of this worker
            while sum(line.split()[0] == strategy for line in seen) < wanted:
                seen.append(self.line(f"waiting for {strategy}"))
            self.read_for(rng.uniform(0, 0.002), seen)  # into SQLite's commit, sometimes
        os.kill(pid, signal.SIGKILL)
        while not (line := self.line("after the kill")).startswith("EXITED "):
            seen.append(line)  # written before it died
        _, exited_pid, status = line.split()
        assert int(exited_pid) == pid
        assert os.WIFSIGNALED(int(status)) and os.WTERMSIG(int(status)) == signal.SIGKILL, line
        return _summarise(strategy, seen)

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)
        self.process.stdout.close()
        self.process.stderr.close()


def _summarise(strategy: str, seen: list[str]) -> Kill:
    steps = [line.split() for line in seen]
    done = tuple(words[1] for words in steps if words[0] == "DONE")
    last = steps[-1]
    in_flight = last[1] if last[0] in ("WRITE", "COMMIT", "COMMITTED") else None
    return Kill(strategy, last[0], done, in_flight)


def test_sigkill_while_signing_loses_no_done_record_and_leaves_nothing_partial(
    tmp_path, monkeypatch
):
    seed = int(os.environ.get("ZZSIGN_STRESS_SEED", time.time_ns() % 2**32))
    rng = random.Random(seed)
    env = cli_env(tmp_path)
    data = tmp_path / "data"
    began = time.monotonic()

    create_store(data, env, monkeypatch)
    zygote = Zygote(data, env)
    kills: list[Kill] = []
    try:
        for start in range(ZYGOTE_STARTS):
            if start:
                zygote = Zygote(data, env)
            for _ in range(KILLS // ZYGOTE_STARTS + (start < KILLS % ZYGOTE_STARTS)):
                kills.append(zygote.kill_one_worker(rng))
            zygote.close()
    finally:
        if zygote.process.poll() is None:
            zygote.process.kill()
    killing = time.monotonic() - began

    context = f"(ZZSIGN_STRESS_SEED={seed})"
    done = {record_id for kill in kills for record_id in kill.done}
    stored = assert_store_sound(data)
    assert done <= stored, f"{len(done - stored)} Done records are missing {context}"
    for kill in kills:
        if kill.last_step == "WRITE":  # killed inside the transaction: rolled back
            assert kill.in_flight not in stored, context
        elif kill.last_step == "COMMITTED":  # killed after the commit: kept
            assert kill.in_flight in stored, context
    committing = {kill.in_flight for kill in kills if kill.last_step in ("COMMIT", "COMMITTED")}
    assert stored - done <= committing, f"records nobody was signing appeared {context}"
    assert keyring_entries(env)  # whole JSON, whatever moment a kill hit a keyring write
    assert_readable_by_hr(data, stored)
    assert_verify_passes(env, data, len(stored))

    phases = Counter(kill.phase for kill in kills)
    survived = sum(kill.in_flight in stored for kill in kills if kill.last_step == "COMMIT")
    print(
        f"\n{len(kills)} kills in {killing:.1f} s ({time.monotonic() - began:.1f} s with the "
        f"checks), {len(stored)} records, {len(done)} reported Done, seed {seed}"
    )
    for phase, count in sorted(phases.items()):
        print(f"  {count:4d}  {phase}")
    print(
        f"  of the kills during commit, {survived} records were kept and "
        f"{phases[PHASES['COMMIT']] - survived} rolled back"
    )
    assert len(kills) == KILLS
