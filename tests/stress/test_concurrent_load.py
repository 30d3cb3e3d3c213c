"""Eight kiosks signing into one store at once, flat out: every record kept, no busy error seen.

Each of eight processes (support.programs.signing_worker ``load``) signs through the real
SigningService in a loop for ``ZZSIGN_STRESS_SECONDS`` (default 60), while ``zzsign verify`` checks
the store once in the middle. No signing may fail with a message a person would see ("busy in
another program" included), every record reported Done must be in the store, whole, and verify must
pass."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from support.stress import (
    WORKER,
    assert_store_sound,
    assert_verify_passes,
    cli_env,
    create_store,
    run_verify,
)

pytestmark = [pytest.mark.stress, pytest.mark.slow]

PROCESSES = 8
SECONDS = float(os.environ.get("ZZSIGN_STRESS_SECONDS", "60"))


def test_eight_processes_signing_for_a_minute_keep_every_record(tmp_path, monkeypatch):
    env = cli_env(tmp_path)
    data = tmp_path / "data"
    create_store(data, env, monkeypatch)
    go = tmp_path / "go"
    outputs = [tmp_path / f"worker-{n}.out" for n in range(PROCESSES)]
    workers = []
    started = time.monotonic()
    for output in outputs:
        with output.open("w") as handle:
            workers.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        str(WORKER),
                        "load",
                        str(data),
                        "--seconds",
                        str(SECONDS),
                        "--go-file",
                        str(go),
                    ],
                    stdout=handle,
                    stderr=subprocess.STDOUT,
                    env=env,
                )
            )
    try:
        while not all(_says_ready(output) for output in outputs):  # all eight, then go
            assert all(worker.poll() is None for worker in workers), _tails(outputs)
            time.sleep(0.05)
        go.touch()
        began = time.monotonic()
        time.sleep(SECONDS / 3)
        # Someone checks the store while the kiosks sign (read from a snapshot).
        without_hr = {k: v for k, v in env.items() if k != "ZZSIGN_HR_PASSWORD"}
        checking_meanwhile = time.monotonic()
        meanwhile = run_verify(without_hr, data)
        meanwhile_seconds = time.monotonic() - checking_meanwhile
        codes = [worker.wait(timeout=SECONDS + 300) for worker in workers]
        signing = time.monotonic() - began
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
    assert codes == [0] * PROCESSES, _tails(outputs)
    assert meanwhile.returncode == 0, meanwhile.stdout[-2000:] + meanwhile.stderr[-2000:]
    assert "all intact" in meanwhile.stdout

    lines = [line for output in outputs for line in output.read_text().splitlines()]
    failures = [line for line in lines if line.startswith("FAILED")]
    assert not failures, f"{len(failures)} signings failed, e.g. {failures[0]}"
    done = [line.split()[1] for line in lines if line.startswith("DONE")]
    assert len(set(done)) == len(done)
    stats = [line for line in lines if line.startswith("STATS")]
    assert len(stats) == PROCESSES
    assert all(int(line.split()[1].removeprefix("signed=")) > 0 for line in stats), stats

    assert assert_store_sound(data) == set(done)
    checking = time.monotonic()
    assert_verify_passes(env, data, len(done))
    print(
        f"\n{PROCESSES} processes x {SECONDS:.0f} s (all ready {began - started:.1f} s after "
        f"start): {len(done)} records, {len(done) / signing:.0f} records/s\n"
        f"  verify during the run ({meanwhile_seconds:.1f} s): "
        f"{meanwhile.stdout.strip().splitlines()[-1]}\n"
        f"  final verify with the HR password: {time.monotonic() - checking:.1f} s"
    )
    for line in stats:
        print(f"  {line}")


def _says_ready(output) -> bool:
    return output.read_text().startswith("READY ")


def _tails(outputs) -> str:
    return "\n".join(output.read_text()[-1500:] for output in outputs)
