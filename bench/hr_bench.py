"""HR benchmarks (issue 5): CSV export, the workspace (unlock, rows, filter, memory), merged PDF.

Used by bench/run.py (``--only hr``); runnable alone:

    python bench/hr_bench.py [--records N | --quick]        # every HR row, as JSON lines + a table
    python bench/hr_bench.py --child workspace DATA_DIR     # one measuring child (internal)

Each figure stands beside its floor, the same work done by the bare tool:

- **CSV export** of every record (``zzsign export --format csv`` without the process start-up:
  ``export_table`` opening each record's sealed part with HR's key) beside issue 11's bare
  open-and-write loop (``store_bench.csv_floor_once``: read each sealed row with ``sqlite3``,
  open it with bare X25519 + HKDF + AES-GCM, write it with ``csv``), interleaved; the one floor
  definition, shared with bench/store_bench.py's export rows. Target: within 1.5x. (It used to be
  ``sqlite3 -csv`` dumping the rows already unsealed, which is not the same work.)
- **Unlock to first rows**: HR's password → key (argon2id) → workspace built → first rows painted,
  beside the bare work: the same argon2id derivation plus a bare ``QTableView`` painting the same
  number of rows from a plain model. Info (no target in the issue beyond "instant").
- **Filter keystroke**: one more character typed in the search box → model filtered → table
  repainted, on all the rows; beside a bare Python substring scan over the same search keys.
  Target: under 100 ms.
- **Peak memory** of the workspace holding every row: resident set growth of the measuring child
  from "Qt up, store open" to "all rows loaded", beside the same rows held as plain tuples.
- **Merged PDF of 1,000 records**: the merge step (pypdf, a bookmark per signer, exactly as
  ``zzsign export --format pdf`` merges) over 1,000 signed copies already made, beside
  ``qpdf --empty --pages`` merging the same files. Target: within 3x. Making the 1,000 sealed copies
  (render + seal, the bulk of the end-to-end export) is reported on its own line.

Stores come from bench/store_bench.py's cache (built once with ``zzsign demo``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT))

import store_bench  # noqa: E402

CSV_RATIO_TARGET = store_bench.CSV_RATIO_TARGET
FILTER_TARGET_MS = 100.0
MERGE_RATIO_TARGET = 3.0
PDF_RECORDS = 1_000
KEYSTROKES = ("a", "an", "ann", "anna", "ann", "an", "a", "")


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def _rss_kib() -> int:
    """Current resident set size of this process, KiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _peak_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _store_env(store_root: Path) -> dict[str, str]:
    env = store_bench.demo_env(store_root / "keyring.json")
    env["PYTHONPATH"] = os.pathsep.join((str(ROOT / "tests"), str(ROOT)))
    return env


def _use_store_keyring(store_root: Path) -> None:
    """Make this process read the demo store's keyring file (as the child processes do)."""
    os.environ.update(_store_env(store_root))
    sys.path.insert(0, str(ROOT / "tests"))


def _open_store(data_dir: str):
    from zzsign.config import Settings
    from zzsign.services.store import open_store

    return open_store(Settings.resolve(data_dir=data_dir, environ={}))


def _hr_key(store) -> bytes:
    return store_bench.unlock_demo_hr(store.sessions, str(store.settings.data_dir))


# -- the workspace (a child process: Qt, and a clean memory figure) -----------------------------
def child_workspace(data_dir: str) -> dict:
    """Run in a fresh process: unlock → workspace → first rows; load all; keystrokes; memory."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from argon2.low_level import Type, hash_secret_raw
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
    from PySide6.QtWidgets import QApplication, QTableView

    from zzsign.app import create_application
    from zzsign.security import hr_password
    from zzsign.services.hr_workspace import filter_rows, search_text
    from zzsign.views.hr.workspace import HrWorkspace

    app = create_application([])
    store = _open_store(data_dir)
    QApplication.processEvents()
    rss_before = _rss_kib()

    # Unlock to first rows, as the kiosk does it after HR presses Unlock.
    start = time.perf_counter()
    key = store_bench.unlock_demo_hr(store.sessions, str(store.settings.data_dir))
    unlocked = time.perf_counter()
    workspace = HrWorkspace(store, key)
    workspace.resize(1400, 860)
    workspace.show()
    workspace.start_loading()
    workspace.table.viewport().repaint()
    QApplication.processEvents()
    first_rows = time.perf_counter()
    shown_first = workspace.model.rowCount()

    # The bare floor: the same argon2id work, and a bare table painting as many rows.
    floor_start = time.perf_counter()
    hash_secret_raw(
        b"x" * 24,
        b"s" * 16,
        time_cost=hr_password.DEFAULT_TIME_COST,
        memory_cost=hr_password.DEFAULT_MEMORY_COST_KIB,
        parallelism=hr_password.DEFAULT_PARALLELISM,
        hash_len=32,
        type=Type.ID,
    )
    floor_unlocked = time.perf_counter()
    rows = [row for row in workspace.model.rows[:shown_first]]

    class Bare(QAbstractTableModel):
        def rowCount(self, parent=QModelIndex()):  # noqa: B008
            return 0 if parent.isValid() else len(rows)

        def columnCount(self, parent=QModelIndex()):  # noqa: B008
            return 7

        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            if role != Qt.ItemDataRole.DisplayRole:
                return None
            row = rows[index.row()]
            return (
                row.signed_at_local,
                row.full_name,
                row.work_email,
                row.employee_id,
                row.department,
                str(row.agreement_version),
                row.status,
            )[index.column()]

    bare_view = QTableView()
    bare_view.resize(1400, 860)
    bare_view.setModel(Bare())
    bare_view.show()
    bare_view.viewport().repaint()
    QApplication.processEvents()
    floor_first = time.perf_counter()
    bare_view.close()

    # Load every row.
    load_start = time.perf_counter()
    while workspace.is_loading:
        QApplication.processEvents()
    all_loaded = time.perf_counter()
    QApplication.processEvents()
    rss_loaded = _rss_kib()
    total = workspace.model.total

    # Filter keystrokes over every row.
    keystrokes = []
    for text in KEYSTROKES:
        begin = time.perf_counter()
        workspace.search.setText(text)
        workspace.table.viewport().repaint()
        QApplication.processEvents()
        keystrokes.append((text, time.perf_counter() - begin, workspace.model.rowCount()))
    keys = [
        search_text(
            r.full_name
            + "\n"
            + r.work_email
            + "\n"
            + r.employee_id
            + "\n"
            + r.department
            + "\n"
            + r.record_id
        )
        for r in workspace.model.rows
    ]
    bare_scan = []
    for text, _seconds, _shown in keystrokes:
        begin = time.perf_counter()
        [i for i, k in enumerate(keys) if text in k]
        bare_scan.append(time.perf_counter() - begin)
    filter_check = len(filter_rows(workspace.model.rows, "ann"))

    # The memory floor: the same rows as plain tuples of their strings.
    import tracemalloc

    tracemalloc.start()
    plain = [
        (
            r.record_id,
            r.signed_at_utc,
            r.signed_at_local,
            r.full_name,
            r.work_email,
            r.employee_id,
            r.department,
            r.agreement_version,
            r.status,
        )
        for r in workspace.model.rows
    ]
    plain_copy = [tuple(str(v) + "" if isinstance(v, str) else v for v in row) for row in plain]
    floor_bytes, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del plain, plain_copy
    workspace.wipe()
    store.close()
    del app
    return {
        "records": total,
        "unlock_s": unlocked - start,
        "unlock_to_first_rows_s": first_rows - start,
        "first_rows": shown_first,
        "floor_unlock_s": floor_unlocked - floor_start,
        "floor_first_rows_s": floor_first - floor_start,
        "load_all_s": all_loaded - load_start,
        "keystrokes": [{"text": t, "s": s, "shown": n} for t, s, n in keystrokes],
        "bare_scan_s": bare_scan,
        "filter_check": filter_check,
        "rss_before_kib": rss_before,
        "rss_loaded_kib": rss_loaded,
        "peak_kib": _peak_kib(),
        "floor_rows_bytes": floor_bytes,
    }


def bench_workspace(store_root: Path, data_dir: str) -> dict:
    """The workspace figures, measured in a fresh child process."""
    done = subprocess.run(
        [sys.executable, __file__, "--child", "workspace", data_dir],
        cwd=ROOT,
        env=_store_env(store_root),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"workspace child failed: {done.stderr.strip()[-800:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# -- merged PDF ---------------------------------------------------------------------------------
def child_pdf(data_dir: str, work: str) -> dict:
    """Make the signed copies of the store's first records, then merge them as zzsign does."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    from zzsign.services.export.merged_pdf import bookmark_title, merge_signed_copies
    from zzsign.services.export.selection import ExportFilter, matching_local_ids, store_url
    from zzsign.services.pdf_copy import make_signed_copy, material_from_store

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    store = _open_store(data_dir)
    key = _hr_key(store)
    from zzsign.store.database import snapshot_sessions
    from zzsign.store.records import RecordRepository

    sessions, release = snapshot_sessions(store_url(store))
    with sessions() as db:
        ids, _foreign = matching_local_ids(
            RecordRepository(db), store.installation_id, ExportFilter()
        )
    release()
    ids = ids[:PDF_RECORDS]
    folder = Path(work)
    copies = []
    start = time.perf_counter()
    for index, record_id in enumerate(ids):
        with store.sessions() as db:
            material = material_from_store(db, record_id, key, store.seal, store.seal_endorsement)
        path = folder / f"copy-{index:05d}.pdf"
        path.write_bytes(make_signed_copy(material))
        copies.append((path, bookmark_title(material.record)))
    made = time.perf_counter() - start
    store.close()
    merges = []
    for rep in range(3):
        out = folder / f"merged-{rep}.pdf"
        begin = time.perf_counter()
        merge_signed_copies(((p.read_bytes(), title) for p, title in copies), out)
        merges.append(time.perf_counter() - begin)
    floors = []
    for rep in range(3):
        out = folder / f"qpdf-{rep}.pdf"
        begin = time.perf_counter()
        subprocess.run(
            ["qpdf", "--empty", "--pages", *[str(p) for p, _ in copies], "--", str(out)], check=True
        )
        floors.append(time.perf_counter() - begin)
    del app
    return {
        "records": len(copies),
        "make_copies_s": made,
        "merge_s": merges,
        "qpdf_s": floors,
        "merged_bytes": (folder / "merged-0.pdf").stat().st_size,
        "qpdf_bytes": (folder / "qpdf-0.pdf").stat().st_size,
    }


def bench_pdf(store_root: Path, data_dir: str, work: Path) -> dict:
    """The merged-PDF figures, measured in a child process (Qt renders the copies)."""
    done = subprocess.run(
        [sys.executable, __file__, "--child", "pdf", data_dir, str(work)],
        cwd=ROOT,
        env=_store_env(store_root),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"pdf child failed: {done.stderr.strip()[-800:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# -- start-up and cost per record as the store grows ---------------------------------------------
def bench_startup_by_size(stores: dict[int, tuple[Path, str]], runs: int = 3) -> dict:
    """Fresh kiosk processes on each store: window on screen, and store open with *Start* on."""
    from run import spawn_once

    out: dict = {}
    for records, (store_root, data_dir) in stores.items():
        os.environ.update(_store_env(store_root))
        spawns = [spawn_once("zzsign", data_dir) for _ in range(runs + 1)][1:]  # 1 warm-up
        if any("ready" not in spawn for spawn in spawns):
            raise RuntimeError(
                f"the kiosk did not get ready on {records:,} records: "
                f"{spawns[0].get('unavailable_message')}"
            )
        out[records] = {
            "exposed_s": [s["exposed"] for s in spawns],
            "ready_s": [s["ready"] for s in spawns],
        }
    return out


# -- the rows for bench/run.py --------------------------------------------------------------------
def _stat(samples: list[float]) -> dict:
    ms = [s * 1000 for s in samples]
    return {
        "n": len(ms),
        "median_ms": round(statistics.median(ms), 1),
        "min_ms": round(min(ms), 1),
        "max_ms": round(max(ms), 1),
    }


def run(records: int, *, log=print) -> tuple[list[dict], dict]:
    """The HR rows for the table, and the raw figures."""
    rows: list[dict] = []
    raw: dict = {"records": records}
    meta = store_bench.ensure_store(records, log=log)
    store_root = Path(meta["data_dir"]).parent
    data_dir = meta["data_dir"]
    _use_store_keyring(store_root)
    work = Path(tempfile.mkdtemp(prefix="zzsign-bench-hr-"))
    try:
        log(f"  CSV export of {records:,} records beside the bare open-and-write loop ...")
        made = store_bench.bench_export(data_dir, "csv", log=log)
        raw["csv"] = made
        rows.append(
            store_bench.export_row(
                "hr_csv",
                f"CSV export, {made['records']:,} records",
                made,
                per_record=False,
                target=CSV_RATIO_TARGET,
            )
        )
        log(f"  workspace on {records:,} records (a fresh child process) ...")
        ws = bench_workspace(store_root, data_dir)
        raw["workspace"] = ws
        rows.append(
            {
                "id": "hr_first_rows",
                "name": "HR unlock -> first rows on screen",
                "figure": _stat([ws["unlock_to_first_rows_s"]]),
                "floor_name": "argon2id + bare QTableView",
                "floor": _stat([ws["floor_first_rows_s"]]),
                "ratio": round(ws["unlock_to_first_rows_s"] / ws["floor_first_rows_s"], 2),
            }
        )
        typed = [k["s"] for k in ws["keystrokes"]]
        worst = max(typed)
        rows.append(
            {
                "id": "hr_filter",
                "name": f"filter keystroke, {ws['records']:,} rows",
                "figure": _stat(typed),
                "floor_name": "bare substring scan",
                "floor": _stat(ws["bare_scan_s"]),
                "ratio": round(statistics.median(typed) / statistics.median(ws["bare_scan_s"]), 2),
                "target_text": f"< {FILTER_TARGET_MS:.0f} ms (worst)",
                "result": "PASS" if worst * 1000 < FILTER_TARGET_MS else "MISS",
            }
        )
        growth = (ws["rss_loaded_kib"] - ws["rss_before_kib"]) * 1024
        rows.append(
            {
                "id": "hr_memory",
                "name": f"workspace memory, {ws['records']:,} rows",
                "text": f"{growth / 2**20:.0f} MiB growth "
                f"(peak RSS {ws['peak_kib'] / 1024:.0f} MiB)",
                "floor_name": "rows as plain tuples",
                "floor_text": f"{ws['floor_rows_bytes'] / 2**20:.1f} MiB",
                "ratio": round(growth / max(ws["floor_rows_bytes"], 1), 2),
            }
        )
        small = store_bench.ensure_store(store_bench.SMALL_RECORDS, log=log)
        small_root = Path(small["data_dir"]).parent
        if records != store_bench.SMALL_RECORDS:
            log(f"  CSV export of {store_bench.SMALL_RECORDS:,} records (cost per record) ...")
            _use_store_keyring(small_root)
            small_csv = store_bench.bench_export(small["data_dir"], "csv", log=log)
            raw["csv_small"] = small_csv
            per_small = statistics.median(small_csv["export_s"]) / small_csv["records"]
            per_big = statistics.median(made["export_s"]) / made["records"]
            rows.append(
                {
                    "id": "hr_csv_per_record",
                    "name": f"CSV per 1,000 rec., {made['records']:,} vs {small_csv['records']:,}",
                    "figure": _stat([per_big * 1000]),
                    "floor_name": f"{small_csv['records']:,} records",
                    "floor": _stat([per_small * 1000]),
                    "ratio": round(per_big / per_small, 2),
                    "target_text": "does not grow",
                    "result": "PASS" if per_big <= 1.2 * per_small else "MISS",
                }
            )
            log("  kiosk start-up on both stores (3 fresh processes each) ...")
            started = bench_startup_by_size(
                {
                    store_bench.SMALL_RECORDS: (small_root, small["data_dir"]),
                    records: (store_root, data_dir),
                }
            )
            raw["startup_by_size"] = started
            phases = (("window on screen", "exposed_s"), ("store open, Start on", "ready_s"))
            for what, key in phases:
                big, little = started[records][key], started[store_bench.SMALL_RECORDS][key]
                rows.append(
                    {
                        "id": f"hr_startup_{key}",
                        "name": f"start-up, {records:,} rec.: {what}",
                        "figure": _stat(big),
                        "floor_name": f"same, {store_bench.SMALL_RECORDS:,} records",
                        "floor": _stat(little),
                        "ratio": round(statistics.median(big) / statistics.median(little), 2),
                    }
                )
        log(f"  merged PDF of {PDF_RECORDS:,} records (store of {store_bench.SMALL_RECORDS:,}) ...")
        pdf_work = work / "pdf"
        pdf_work.mkdir()
        pdf = bench_pdf(Path(small["data_dir"]).parent, small["data_dir"], pdf_work)
        raw["pdf_merge"] = pdf
        zz, floor = _stat(pdf["merge_s"]), _stat(pdf["qpdf_s"])
        ratio = zz["median_ms"] / floor["median_ms"]
        rows.append(
            {
                "id": "hr_pdf_merge",
                "name": f"merged PDF, {pdf['records']:,} signed copies",
                "figure": zz,
                "floor_name": "qpdf --empty --pages",
                "floor": floor,
                "ratio": round(ratio, 2),
                "target_text": f"<= {MERGE_RATIO_TARGET:.0f}x floor",
                "result": "PASS" if ratio <= MERGE_RATIO_TARGET else "MISS",
            }
        )
        rows.append(
            {
                "id": "hr_pdf_copies",
                "name": f"making {pdf['records']:,} sealed copies (info)",
                "figure": _stat([pdf["make_copies_s"]]),
            }
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return rows, raw


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=store_bench.FULL_RECORDS)
    parser.add_argument("--quick", action="store_true", help="2,000 records instead")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, *rest = args.child
        sys.path.insert(0, str(ROOT / "tests"))
        result = child_workspace(*rest) if kind == "workspace" else child_pdf(*rest)
        print(json.dumps(result))
        return 0
    records = store_bench.QUICK_RECORDS if args.quick else args.records
    rows, raw = run(records)
    print(json.dumps(raw, indent=1, default=str))
    for row in rows:
        print(row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
