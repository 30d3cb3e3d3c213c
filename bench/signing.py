"""Signing benchmark: *Sign agreement* -> Done page in the real kiosk, beside a bare SQLite commit.

Used by bench/run.py (under a real Secret Service keyring: :func:`run_with_secret_service`);
runnable alone for a quick look, on whatever keyring is configured:  python bench/signing.py
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "tests") not in sys.path:
    sys.path.insert(0, str(ROOT / "tests"))


class _Bot:
    """The few qtbot calls the kiosk driver needs, without pytest (as docs/screenshots.py)."""

    def mouseClick(self, widget, button, pos=None):
        from PySide6.QtTest import QTest

        QTest.mouseClick(widget, button, pos=pos) if pos else QTest.mouseClick(widget, button)

    def mousePress(self, widget, button, pos):
        from PySide6.QtTest import QTest

        QTest.mousePress(widget, button, pos=pos)

    def mouseRelease(self, widget, button, pos):
        from PySide6.QtTest import QTest

        QTest.mouseRelease(widget, button, pos=pos)


def _observed_sizes(database: Path) -> dict[str, float]:
    """Average bytes of a committed record (text columns, PNG) and audit rows per record."""
    with sqlite3.connect(database) as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(signature_records)")]
        # The image column: sealed to HR now (sealed_signature_image), a bare PNG before.
        image = "sealed_signature_image" if "sealed_signature_image" in columns else "signature_png"
        text_columns = [c for c in columns if c != image]
        text_len = " + ".join(f"coalesce(length(CAST({c} AS BLOB)), 0)" for c in text_columns)
        records, text_bytes, png_bytes = db.execute(
            f"SELECT count(*), avg({text_len}), avg(length({image})) FROM signature_records"
        ).fetchone()
        audit_rows = db.execute("SELECT count(*) FROM audit_events").fetchone()[0]
    return {
        "records": records,
        "text_bytes": round(text_bytes or 0),
        "png_bytes": round(png_bytes or 0),
        "audit_rows_per_record": round(audit_rows / records) if records else 0,
    }


BENCH_HR_PASSWORD = "bench hr password 2026"


def _ensure_hr(sessions) -> None:
    """Set the HR password on a fresh bench store (as HR does once per store)."""
    from zzsign.services.hr import HrAccess

    hr = HrAccess(sessions)
    if not hr.is_set_up():
        hr.set_up(BENCH_HR_PASSWORD)


def prepare_store(data_dir: str) -> None:
    """Create a store in ``data_dir`` with its HR password set (the kiosk's every-day state)."""
    from zzsign.config import Settings
    from zzsign.services.store import open_store

    store = open_store(Settings.resolve(data_dir=data_dir, environ={}))
    try:
        _ensure_hr(store.sessions)
    finally:
        store.close()


def run_zzsign(repetitions: int, warmup: int, base_dir: Path) -> dict:
    """Time Sign agreement -> Done page, ``repetitions`` times after ``warmup`` untimed ones."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QAbstractButton, QApplication
    from support.kiosk import Hire, KioskDriver

    from zzsign.app import create_application
    from zzsign.config import Settings
    from zzsign.services.signing import SigningService
    from zzsign.services.store import open_store
    from zzsign.views.kiosk_window import KioskWindow

    app = create_application([sys.argv[0]])
    settings = Settings.resolve(data_dir=str(base_dir / "zzsign-data"), environ={})
    store = open_store(settings)
    _ensure_hr(store.sessions)  # the kiosk refuses to sign until HR has set a password
    window = KioskWindow(idle_reset_ms=600_000)
    window.set_service(SigningService(store))
    window.show()
    QApplication.processEvents()
    driver = KioskDriver(_Bot(), window)
    hire = Hire()
    samples: list[float] = []
    switches: list[float] = []
    keyring_backend = type(store.secrets._vet()).__module__
    try:
        for i in range(warmup + repetitions):
            driver.walk_to_review(hire)
            review = window.wizard.review
            assert driver.page is review, f"expected the Review page, got {driver.page!r}"
            button = driver.control("Sign agreement", QAbstractButton)
            assert button.isEnabled(), "'Sign agreement' is disabled"
            done = window.wizard.done
            QApplication.processEvents()  # nothing pending from the walk leaks into the timing
            # The page switch alone (part of the floor): the same wizard to the same Done page.
            start = time.perf_counter()
            window.wizard._go(done)
            QApplication.processEvents()
            switch = time.perf_counter() - start
            window.wizard._go(review)
            QApplication.processEvents()
            start = time.perf_counter()
            QTest.mouseClick(button, Qt.MouseButton.LeftButton)
            QApplication.processEvents()
            reached = window.wizard.current_page() is done
            elapsed = time.perf_counter() - start
            if not reached:
                raise RuntimeError(
                    f"Sign agreement did not reach the Done page "
                    f"(on {type(window.wizard.current_page()).__name__})"
                )
            if i >= warmup:
                samples.append(elapsed)
                switches.append(switch)
            driver.finish()
            QApplication.processEvents()
        sizes = _observed_sizes(settings.data_dir / "zzsign.sqlite3")
    finally:
        window.close()
        store.close()
    del app
    return {
        "samples_s": samples,
        "switch_samples_s": switches,
        "observed": sizes,
        "keyring": keyring_backend,
    }


def run_floor(repetitions: int, warmup: int, base_dir: Path, sizes: dict) -> dict:
    """The same durable work with the bare sqlite3 module: one record of the observed size and
    its audit rows in one IMMEDIATE transaction, WAL + synchronous=FULL, committed."""
    directory = base_dir / "floor-data"
    directory.mkdir(mode=0o700)
    db = sqlite3.connect(directory / "floor.sqlite3", isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE records (id TEXT PRIMARY KEY, sequence INTEGER, body TEXT, png BLOB)")
    db.execute(
        "CREATE TABLE audit (id INTEGER PRIMARY KEY, record_id TEXT REFERENCES records(id), "
        "position INTEGER, step TEXT, at_utc TEXT, offset_minutes INTEGER)"
    )
    body = "x" * max(int(sizes.get("text_bytes", 4096)), 1)
    png = os.urandom(max(int(sizes.get("png_bytes", 8192)), 1))
    audit_rows = max(int(sizes.get("audit_rows_per_record", 8)), 1)
    samples: list[float] = []
    for i in range(warmup + repetitions):
        record_id = str(uuid.uuid4())
        start = time.perf_counter()
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO records VALUES (?, ?, ?, ?)", (record_id, i, body, png))
        db.executemany(
            "INSERT INTO audit (record_id, position, step, at_utc, offset_minutes) "
            "VALUES (?, ?, ?, ?, ?)",
            [
                (record_id, p, f"step-{p}", "2026-11-25T02:04:26.123456Z", 60)
                for p in range(audit_rows)
            ],
        )
        db.execute("COMMIT")
        elapsed = time.perf_counter() - start
        if i >= warmup:
            samples.append(elapsed)
    db.close()
    return {
        "samples_s": samples,
        "row": {"text_bytes": len(body), "png_bytes": len(png), "audit_rows": audit_rows},
    }


def run(repetitions: int = 30, warmup: int = 3) -> dict:
    with tempfile.TemporaryDirectory(prefix="zzsign-bench-") as tmp:
        base = Path(tmp)
        zz = run_zzsign(repetitions, warmup, base)
        floor = run_floor(repetitions, warmup, base, zz["observed"])
    return {"zzsign": zz, "floor": floor}


#: The backend the signing row names for keyring (GUIDE §7).
SECRET_SERVICE_BACKEND = "keyring.backends.SecretService.Keyring"


def run_with_secret_service(repetitions: int = 30, warmup: int = 3) -> dict:
    """:func:`run` in a child process with a real Secret Service keyring: gnome-keyring on its
    own ``dbus-run-session`` bus, HOME and XDG folders in a temporary folder (the user's own
    keyring is never touched; ``secret_service.run_json``). Raises RuntimeError when
    gnome-keyring or dbus is missing."""
    from secret_service import run_json

    result = run_json(
        [sys.executable, __file__, "--reps", str(repetitions), "--warmup", str(warmup), "--json"],
        env={"PYTHON_KEYRING_BACKEND": SECRET_SERVICE_BACKEND},
    )
    if result["zzsign"]["keyring"] != "keyring.backends.SecretService":
        raise RuntimeError(
            f"the signing bench ran on {result['zzsign']['keyring']}, not the Secret Service"
        )
    return result


if __name__ == "__main__" and "--json" in sys.argv:
    import json

    def _arg(name: str, default: int) -> int:
        return int(sys.argv[sys.argv.index(name) + 1]) if name in sys.argv else default

    result = run(_arg("--reps", 30), _arg("--warmup", 3))
    Path(sys.argv[sys.argv.index("--json") + 1]).write_text(json.dumps(result))
elif __name__ == "__main__":
    result = run()
    for name in ("zzsign", "floor"):
        ms = [s * 1000 for s in result[name]["samples_s"]]
        print(
            f"{name:7} median {statistics.median(ms):7.1f} ms  "
            f"min {min(ms):7.1f}  max {max(ms):7.1f}"
        )
    print("observed record:", result["zzsign"]["observed"])
