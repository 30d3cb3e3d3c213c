"""Benchmark: make one signed PDF copy (render + attach + seal) beside a bare Qt PDF floor.

Floor: the same agreement text laid out by a bare QTextDocument (setMarkdown) and printed to a
QPdfWriter — the library doing the heaviest part of the same job with nothing of zzsign's around it.

``python bench/pdf_copy.py --first [--warm]``: the first copy in a fresh process (after one
signing, as on the kiosk), with the PDF libraries warmed up first (``pdf_copy.warm_up()``,
waited for, as if the hire read the Done page meanwhile) or not.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))


def _material():
    from support.keyrings import MemoryKeyring
    from support.store import CHEAP_WRAPPING, HR_PASSWORD, signed_session

    from zzsign.config import Settings
    from zzsign.security.keyring_store import SecretStore
    from zzsign.services.hr import HrAccess
    from zzsign.services.signing import SigningService
    from zzsign.services.store import open_store

    settings = Settings.resolve(data_dir=tempfile.mkdtemp(prefix="zzsign-bench-pdf-"), environ={})
    store = open_store(settings, SecretStore(backend=MemoryKeyring()))
    HrAccess(store.sessions, wrapping_cost=CHEAP_WRAPPING).set_up(HR_PASSWORD)
    service = SigningService(store)
    receipt = service.sign(signed_session(service, name="Zoë Ñúñez-O'Brien"), screen="bench")
    return service.copy_material(receipt)


def _bare_pdf(text: str) -> bytes:
    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtGui import QPageSize, QPdfWriter, QTextDocument

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(300)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    document = QTextDocument()
    document.setMarkdown(text)
    document.print_(writer)
    return bytes(buffer.data())


def run(repetitions: int = 15, warmup: int = 2) -> dict:
    """Seconds per signed copy and per bare QTextDocument → QPdfWriter render, wall clock
    (``samples_s``) and CPU time of this process (``cpu_s``: steadier on a shared machine)."""
    from PySide6.QtGui import QGuiApplication

    from zzsign.services.pdf_copy import make_signed_copy

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    material = _material()
    text = material.record.agreement.text
    zz, floor, zz_cpu, floor_cpu = [], [], [], []
    for index in range(warmup + repetitions):
        start, start_cpu = time.perf_counter(), time.process_time()
        copy = make_signed_copy(material)
        middle, middle_cpu = time.perf_counter(), time.process_time()
        bare = _bare_pdf(text)
        end, end_cpu = time.perf_counter(), time.process_time()
        if index >= warmup:
            zz.append(middle - start)
            floor.append(end - middle)
            zz_cpu.append(middle_cpu - start_cpu)
            floor_cpu.append(end_cpu - middle_cpu)
    del app
    return {
        "zzsign": {"samples_s": zz, "cpu_s": zz_cpu, "bytes": len(copy)},
        "floor": {"samples_s": floor, "cpu_s": floor_cpu, "bytes": len(bare)},
    }


def first_copy_child(warm: bool) -> None:
    """In a fresh process: sign once, then print the seconds the first signed copy takes."""
    from PySide6.QtGui import QGuiApplication

    from zzsign.services import pdf_copy

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    material = _material()
    if warm:
        pdf_copy.warm_up().join()
    start = time.perf_counter()
    pdf_copy.make_signed_copy(material)
    print(f"FIRST {time.perf_counter() - start:.6f}", flush=True)
    del app


def first_copy(warm: bool, runs: int = 3) -> list[float]:
    """Seconds of the first signed copy in each of ``runs`` fresh processes."""
    samples = []
    for _ in range(runs):
        command = [sys.executable, __file__, "--first"] + (["--warm"] if warm else [])
        out = subprocess.run(
            command,
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        ).stdout
        samples.append(
            float(next(line.split()[1] for line in out.splitlines() if line.startswith("FIRST ")))
        )
    return samples


if __name__ == "__main__":
    if "--first" in sys.argv:
        first_copy_child(warm="--warm" in sys.argv)
        sys.exit(0)
    result = run()
    z = statistics.median(result["zzsign"]["samples_s"]) * 1000
    f = statistics.median(result["floor"]["samples_s"]) * 1000
    zc = statistics.median(result["zzsign"]["cpu_s"]) * 1000
    fc = statistics.median(result["floor"]["cpu_s"]) * 1000
    print(
        f"signed copy {z:.1f} ms, floor {f:.1f} ms, ratio {z / f:.2f}x; "
        f"CPU {zc:.1f} ms vs {fc:.1f} ms, ratio {zc / fc:.2f}x"
    )
