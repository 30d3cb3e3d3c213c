"""Store benchmarks: ``zzsign demo`` cost per record, ``zzsign verify`` beside a bare crypto floor.

Used by bench/run.py; runnable alone (no Qt in this process; demo runs in a subprocess):

    python bench/store_bench.py [--records N | --quick] [--rebuild]   # the store rows only
    python bench/store_bench.py --profile [--records N]               # cProfile of verify_store

Stores are built with the real CLI (``python -m zzsign demo --signatures N --data-dir DIR``, file
keyring from tests/, offscreen Qt) and cached under bench/out/stores/demo-N/ (git-ignored), so
repeated runs reuse them; ``--rebuild`` makes them again.

The verify figure is ``verify_store(database.sessions)`` in this process, timed alone (imports and
opening the store are outside the clock). Its floor (issue 11) is one SHA-256 and one Ed25519
verification per record, in one thread, over bytes read beforehand: ``hashlib.sha256(payload)``
of the record's canonical public payload and ``Ed25519PublicKey.verify(sig, link)`` of its record
link (rebuilt exactly as verify does).

More rows (issue 11's table):

* bytes per record: the store copied with ``VACUUM INTO``, its size / records (<= 2,048 B);
* CSV export per record on the 1,000-record store: ``export_table(..., "csv")`` (as ``zzsign
  export`` runs it, without the process start-up) beside the bare open-and-write loop
  (:func:`csv_floor_once`: read each record's id, signing time and sealed personal part with
  ``sqlite3``, open it with the bare X25519 + HKDF + AES-GCM primitives, write the row with
  ``csv``) (<= 1.5x); JSON and XLSX exports beside the same loop (info);
* CSV export of all N records beside the same loop; on 100,000 records <= 5 s (worker processes
  on every core from ``PARALLEL_FROM`` records, so the ratio can be under 1).

bench/hr_bench.py's CSV rows use the same loop as their floor: there is one definition of it.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import io
import json
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
STORES = BENCH / "out" / "stores"
HR_PASSWORD = "bench hr password 2026"
VERIFY_RATIO_TARGET = 1.5
BYTES_PER_RECORD_TARGET = 2048
CSV_RATIO_TARGET = 1.5
CSV_FULL_TARGET_S = 5.0  # CSV export of 100,000 records
FULL_RECORDS = 100_000
QUICK_RECORDS = 2_000
SMALL_RECORDS = 1_000  # the size compared with N to show cost per record does not grow
BIG = 20_000  # above this, fewer repetitions and no warm-up (the floor's read warms the cache)

Log = Callable[[str], None]


def _print(message: str) -> None:
    print(message, flush=True)


# -- building (and caching) demo stores ----------------------------------------------------------
def demo_env(keyring_file: Path) -> dict[str, str]:
    """The environment ``zzsign demo`` runs in: the test file keyring, HR password, offscreen Qt."""
    env = dict(os.environ)
    for name in ("ZZSIGN_DATA_DIR", "ZZSIGN_DATABASE_URL"):
        env.pop(name, None)
    env.update(
        {
            "PYTHONPATH": str(ROOT / "tests"),
            "PYTHON_KEYRING_BACKEND": "support.keyrings.FileKeyring",
            "ZZSIGN_TEST_KEYRING_FILE": str(keyring_file),
            "ZZSIGN_HR_PASSWORD": HR_PASSWORD,
            "QT_QPA_PLATFORM": "offscreen",
            "QT_LOGGING_RULES": "qt.text.font.db=false",
        }
    )
    return env


def schema_fingerprint() -> str:
    """SHA-256 (first 16 hex) of the store schema: models.py and every migration script.

    Before release the initial migration is edited in place (same revision), so a store made by
    older code may not open; a cached store is reused only while this fingerprint matches.
    """
    store = ROOT / "zzsign" / "store"
    digest = hashlib.sha256()
    for path in [store / "models.py", *sorted((store / "migrations" / "versions").glob("*.py"))]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def store_dir(records: int) -> Path:
    """Where the store of ``records`` demo records is cached."""
    return STORES / f"demo-{records}"


def ensure_store(records: int, *, rebuild: bool = False, log: Log = _print) -> dict:
    """The cached store of ``records`` demo records, built with the real CLI if missing.

    Returns its meta: ``data_dir``, ``records``, ``build_s``, ``ms_per_record``, ``cached``.
    A store counts as built only once ``meta.json`` is written (after demo exits 0), so an
    interrupted build is started again, never reused.
    """
    final = store_dir(records)
    meta_file = final / "meta.json"
    schema = schema_fingerprint()
    meta = json.loads(meta_file.read_text(encoding="utf-8")) if meta_file.exists() else None
    if meta is not None and meta.get("schema") != schema and not rebuild:
        log(
            f"  demo store of {records:,} records: made with another store schema "
            f"({meta.get('schema')}, now {schema}); making it again"
        )
        rebuild = True
    if meta is not None and not rebuild:
        meta.update(data_dir=str(final / "data"), cached=True)
        log(
            f"  demo store of {records:,} records: reusing {final.relative_to(ROOT)} "
            f"(built in {meta['build_s']:.0f} s; --rebuild to make it again)"
        )
        return meta
    building = final.with_name(final.name + ".building")
    shutil.rmtree(building, ignore_errors=True)
    shutil.rmtree(final, ignore_errors=True)
    building.mkdir(parents=True)
    command = [
        sys.executable,
        "-m",
        "zzsign",
        "demo",
        "--signatures",
        str(records),
        "--data-dir",
        str(building / "data"),
    ]
    log(
        f"  building a demo store of {records:,} records with `zzsign demo` "
        f"(about {records * 8 / 1000 / 60:.0f} min at ~8 ms a record) ..."
    )
    start = time.perf_counter()
    child = subprocess.Popen(
        command,
        cwd=ROOT,
        env=demo_env(building / "keyring.json"),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert child.stdout is not None
    output = []
    for line in child.stdout:
        output.append(line)
        line = line.strip()
        if line.endswith("records") and " of " in line:
            elapsed = time.perf_counter() - start
            log(f"    {line} ({elapsed:.0f} s)")
    code = child.wait()
    build_s = time.perf_counter() - start
    if code != 0:
        raise RuntimeError(f"zzsign demo exited {code}:\n{''.join(output)[-2000:]}")
    meta = {
        "records": records,
        "build_s": round(build_s, 2),
        "ms_per_record": round(build_s * 1000 / records, 3),
        "command": (
            f"{Path(sys.executable).name} -m zzsign demo --signatures {records} "
            f"--data-dir {final.relative_to(ROOT)}/data"
        ),
        "built_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "schema": schema,
        "store_bytes": sum(p.stat().st_size for p in (building / "data").glob("zzsign.sqlite3*")),
    }
    (building / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    building.rename(final)
    meta.update(data_dir=str(final / "data"), cached=False)
    log(f"  built in {build_s:.0f} s ({meta['ms_per_record']:.2f} ms a record)")
    return meta


# -- verify and its floor ------------------------------------------------------------------------
def unlock_demo_hr(sessions, data_dir: str) -> bytes:
    """HR's private key of a demo store: the HR password joined by the HR station's secret,
    kept in the file keyring the demo was made with (beside its data folder)."""
    from support.keyrings import FileKeyring

    from zzsign.security.keyring_store import SecretStore
    from zzsign.services.hr import HrAccess

    keyring_file = str(Path(data_dir).parent / "keyring.json")
    saved = os.environ.get("ZZSIGN_TEST_KEYRING_FILE")
    os.environ["ZZSIGN_TEST_KEYRING_FILE"] = keyring_file
    try:
        return HrAccess(sessions, secrets=SecretStore(backend=FileKeyring())).unlock(HR_PASSWORD)
    finally:
        if saved is None:
            os.environ.pop("ZZSIGN_TEST_KEYRING_FILE", None)
        else:
            os.environ["ZZSIGN_TEST_KEYRING_FILE"] = saved


def open_store_database(data_dir: str):
    """The store opened as ``zzsign verify`` opens it (no keyring needed)."""
    from zzsign.config import Settings
    from zzsign.services.store import open_database

    return open_database(Settings.resolve(data_dir=data_dir, environ={}))


def floor_inputs(sessions) -> dict:
    """Per record: its canonical public payload, and its record link's key, signature and bytes
    (read and rebuilt before any timing)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    from zzsign.domain.canonical import canonical_json
    from zzsign.security.chain_check import link_bytes
    from zzsign.store.installations import InstallationRepository
    from zzsign.store.records import RecordRepository, StoredRecord

    with sessions() as db:
        records = RecordRepository(db)
        keys = {
            i.id: Ed25519PublicKey.from_public_bytes(bytes.fromhex(i.public_key))
            for i in InstallationRepository(db).all()
            if i.public_key
        }
        links = {}
        entries = 0
        for link in records.links():
            entries += 1
            if link.kind != "record":
                continue
            canonical = link_bytes(link)  # the bytes verify checks, built as it builds them
            links[link.subject] = (
                keys[link.installation_id],
                bytes.fromhex(link.signature),
                canonical,
            )
        items = []
        for stored in records.records():
            assert isinstance(stored, StoredRecord), "the demo store has an unreadable record"
            items.append((canonical_json(stored.public.payload()), *links[stored.public.record_id]))
    return {
        "items": items,
        "counts": {
            "records": len(items),
            "links": entries,
            "ed25519_verifications": len(items),
            "sha256": len(items),
            "sha256_bytes": sum(len(payload) for payload, *_ in items),
        },
    }


def floor_once(inputs: dict) -> float:
    """Seconds for the bare loop: one SHA-256 and one Ed25519 verification per record."""
    sha256 = hashlib.sha256
    start = time.perf_counter()
    for payload, key, signature, link in inputs["items"]:
        sha256(payload).digest()
        key.verify(signature, link)
    return time.perf_counter() - start


def bytes_per_record(data_dir: str, records: int) -> dict:
    """The store's size after ``VACUUM INTO`` a scratch copy, per record; and per table."""
    import sqlite3
    import tempfile

    with tempfile.TemporaryDirectory(prefix="zzsign-bench-vacuum-") as scratch:
        copy = Path(scratch) / "vacuumed.sqlite3"
        source = sqlite3.connect(f"file:{Path(data_dir) / 'zzsign.sqlite3'}?mode=ro", uri=True)
        try:
            source.execute("VACUUM INTO ?", (str(copy),))
        finally:
            source.close()
        size = copy.stat().st_size
        vacuumed = sqlite3.connect(copy)
        try:
            tables = dict(
                vacuumed.execute(
                    "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC"
                )
            )
        except sqlite3.OperationalError:  # a SQLite built without dbstat
            tables = {}
        finally:
            vacuumed.close()
    return {"bytes": size, "per_record": size / records, "tables": tables}


def csv_floor_once(data_dir: str, hr_private_key: bytes, out: Path) -> tuple[float, int]:
    """Seconds for the bare open-and-write loop; and its rows. The floor of every export row.

    Issue 11's definition, the one used by this file's and bench/hr_bench.py's export rows: read
    each record's id, signing time and sealed personal part with ``sqlite3`` (no ORM), open it
    with the bare ``cryptography`` primitives in one thread — X25519 with the blob's ephemeral
    key, HKDF-SHA256, AES-256-GCM with the record's associated data, as the blob's documented
    layout says (:mod:`zzsign.security.sealing`) — and write ``(id, signing time, plaintext)``
    with ``csv``. No checks, no parsing, no formatting: only the work no export can skip.
    """
    import csv
    import sqlite3

    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric.x25519 import (
        X25519PrivateKey,
        X25519PublicKey,
    )
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    from zzsign.services.record_writer import personal_aad

    private = X25519PrivateKey.from_private_bytes(hr_private_key)
    public = private.public_key().public_bytes_raw()
    start = time.perf_counter()
    connection = sqlite3.connect(f"file:{Path(data_dir) / 'zzsign.sqlite3'}?mode=ro", uri=True)
    count = 0
    try:
        with open(out, "w", encoding="utf-8", newline="") as target:
            writer = csv.writer(target)
            for record_id, signed_at, sealed in connection.execute(
                "SELECT id, signed_at_utc, sealed_personal FROM signature_records"
            ):
                ephemeral = sealed[1:33]
                shared = private.exchange(X25519PublicKey.from_public_bytes(ephemeral))
                key = HKDF(
                    algorithm=hashes.SHA256(),
                    length=32,
                    salt=ephemeral + public,
                    info=b"zzsign seal v1",
                ).derive(shared)
                plaintext = AESGCM(key).decrypt(sealed[33:45], sealed[45:], personal_aad(record_id))
                writer.writerow((record_id, signed_at, plaintext.decode("utf-8")))
                count += 1
    finally:
        connection.close()
    return time.perf_counter() - start, count


def export_reps(records: int) -> tuple[int, int]:
    """(timed repetitions, warm-up) of an export row on ``records``."""
    return (5, 1) if records <= BIG else (2, 0)


def bench_export(
    data_dir: str,
    kind: str = "csv",
    reps: int | None = None,
    warmup: int | None = None,
    log: Log = _print,
) -> dict:
    """``export_table(..., kind)`` (as ``zzsign export`` runs it, without the process start-up)
    and the bare open-and-write loop, interleaved (each first in turn); samples in seconds."""
    import tempfile

    from zzsign.services.export.selection import ExportFilter
    from zzsign.services.export.table import export_table, worker_count
    from zzsign.store.records import RecordRepository

    database = open_store_database(data_dir)
    try:
        key = unlock_demo_hr(database.sessions, data_dir)
        url = database.engine.url.render_as_string(hide_password=False)
        with database.sessions() as db:
            records = RecordRepository(db).count()
    finally:
        database.close()
    default_r, default_w = export_reps(records)
    reps = default_r if reps is None else reps
    warmup = default_w if warmup is None else warmup
    out: dict = {
        "export_s": [],
        "floor_s": [],
        "kind": kind,
        "workers": worker_count(records) if kind != "json" else 1,
    }
    with tempfile.TemporaryDirectory(prefix="zzsign-bench-export-") as scratch:
        for i in range(warmup + reps):
            if i % 2:  # every other time the floor first, so neither always runs second
                floor, floor_count = csv_floor_once(data_dir, key, Path(scratch) / "floor.csv")
            start = time.perf_counter()
            count = export_table(url, key, ExportFilter(), kind, Path(scratch) / f"export.{kind}")
            exported = time.perf_counter() - start
            if not i % 2:
                floor, floor_count = csv_floor_once(data_dir, key, Path(scratch) / "floor.csv")
            assert floor_count == count
            tag = "warm-up" if i < warmup else f"{i - warmup + 1}/{reps}"
            log(
                f"    {kind.upper()} export {tag}: {exported * 1000:.0f} ms"
                f"   bare loop {floor * 1000:.0f} ms"
            )
            if i >= warmup:
                out["export_s"].append(exported)
                out["floor_s"].append(floor)
    out["records"] = count
    return out


def export_row(
    row_id: str, name: str, measured: dict, *, per_record: bool, target: float | None = None
) -> dict:
    """A table row: an export beside the bare loop (per record in us, or in all in ms)."""
    scale = 1e6 / measured["records"] if per_record else 1000
    figure = _stats(measured["export_s"], scale)
    floor = _stats(measured["floor_s"], scale)
    ratio = figure["median_ms"] / floor["median_ms"]
    row = {
        "id": row_id,
        "name": name,
        "figure": figure,
        "floor_name": "bare open-and-write",
        "floor": floor,
        "ratio": round(ratio, 2),
    }
    if target is None:
        row["target_text"] = "(info)"
    else:
        row["target_text"] = f"<= {target:.1f}x floor"
        row["result"] = "PASS" if ratio <= target else "MISS"
    return row


def verify_once(sessions, hr_private_key: bytes | None = None, cpu: dict | None = None):
    """(seconds, report) of one ``verify_store`` over the store; with ``cpu``, its CPU seconds
    are appended there too: of the calling thread (``main``: reading, rebuilding and hashing
    every record, the chain walk) and of the process (``process``: the signature threads too)."""
    from zzsign.services.verify import verify_store

    start, main, process = time.perf_counter(), time.thread_time(), time.process_time()
    report = verify_store(sessions, hr_private_key=hr_private_key)
    elapsed = time.perf_counter() - start
    if cpu is not None:
        cpu.setdefault("main", []).append(time.thread_time() - main)
        cpu.setdefault("process", []).append(time.process_time() - process)
    if not report.intact:
        raise RuntimeError(
            f"verify found {len(report.problems)} problems in the demo store "
            f"(made by older code? try --rebuild): {report.problems[:3]}"
        )
    return elapsed, report


def bench_verify(
    data_dir: str,
    reps: int,
    warmup: int,
    *,
    with_floor: bool = True,
    hr_reps: int = 0,
    log: Log = _print,
) -> dict:
    """verify (and its floor, interleaved), then verify with HR's key; samples in seconds."""
    database = open_store_database(data_dir)
    try:
        out: dict = {"verify_s": [], "floor_s": [], "verify_hr_s": [], "verify_cpu_s": {}}
        inputs = None
        if with_floor:
            start = time.perf_counter()
            inputs = floor_inputs(database.sessions)
            out["floor_counts"] = inputs["counts"]
            out["floor_read_s"] = round(time.perf_counter() - start, 2)
            log(
                f"    floor bytes read in {out['floor_read_s']:.1f} s: "
                f"{inputs['counts']['ed25519_verifications']:,} signatures, "
                f"{inputs['counts']['sha256']:,} SHA-256 over "
                f"{inputs['counts']['sha256_bytes'] / 1e6:,.0f} MB"
            )
        for i in range(warmup + reps):
            seconds, report = verify_once(
                database.sessions, cpu=out["verify_cpu_s"] if i >= warmup else None
            )
            out["records"], out["links"] = report.records, report.links
            tag = "warm-up" if i < warmup else f"{i - warmup + 1}/{reps}"
            line = f"    verify {tag}: {seconds:.2f} s"
            if i >= warmup:
                out["verify_s"].append(seconds)
            if inputs is not None:
                floor = floor_once(inputs)
                line += f"   floor {floor:.2f} s"
                if i >= warmup:
                    out["floor_s"].append(floor)
            log(line)
        inputs = None  # free the floor's bytes before the HR runs
        if hr_reps:
            start = time.perf_counter()
            key = unlock_demo_hr(database.sessions, data_dir)
            out["hr_unlock_s"] = round(time.perf_counter() - start, 3)
            for i in range(warmup + hr_reps):
                seconds, report = verify_once(database.sessions, key)
                assert report.sealed_checked == report.records
                tag = "warm-up" if i < warmup else f"{i - warmup + 1}/{hr_reps}"
                log(f"    verify with HR password {tag}: {seconds:.2f} s")
                if i >= warmup:
                    out["verify_hr_s"].append(seconds)
        return out
    finally:
        database.close()


def default_reps(records: int) -> tuple[int, int]:
    """(timed repetitions, warm-up) for a store of ``records``."""
    return (5, 1) if records <= BIG else (2, 0)


def default_hr_reps(records: int, reps: int) -> int:
    """Timed runs with the HR password: as many as without, but one on a big store."""
    return reps if records <= BIG else 1


def _stats(values: list[float], scale: float) -> dict:
    scaled = [v * scale for v in values]
    return {
        "n": len(scaled),
        "median_ms": round(statistics.median(scaled), 3),
        "min_ms": round(min(scaled), 3),
        "max_ms": round(max(scaled), 3),
        "samples_ms": [round(v, 3) for v in scaled],
    }


def run_exports(
    records: int, meta: dict | None = None, small_meta: dict | None = None, *, log: Log = _print
) -> tuple[list[dict], dict]:
    """The export rows: CSV (target), JSON and XLSX (info) per record on the 1,000-record store,
    and CSV of all ``records``, each beside the bare open-and-write loop; and their raw figures."""
    rows: list[dict] = []
    raw: dict = {}
    small_records = min(SMALL_RECORDS, records)
    meta = meta or ensure_store(records, log=log)
    small_meta = small_meta or (
        meta if small_records == records else ensure_store(small_records, log=log)
    )
    for kind in ("csv", "json", "xlsx"):
        log(
            f"  {kind.upper()} export on {small_records:,} records beside the bare "
            "open-and-write loop ..."
        )
        exported = bench_export(small_meta["data_dir"], kind, log=log)
        raw[f"{kind}_small"] = exported
        rows.append(
            export_row(
                f"{kind}_per_record",
                f"{kind.upper()} export per record @{small_records:,} (us)",
                exported,
                per_record=True,
                target=CSV_RATIO_TARGET if kind == "csv" else None,
            )
        )
    if small_records < records:
        log(f"  CSV export on {records:,} records beside the bare open-and-write loop ...")
        exported = bench_export(meta["data_dir"], "csv", log=log)
        raw["csv"] = exported
        row = export_row("csv_all", f"CSV export: {records:,} records", exported, per_record=False)
        if records == FULL_RECORDS:
            seconds = statistics.median(exported["export_s"])
            row.update(
                target_text=f"<= {CSV_FULL_TARGET_S:.0f} s",
                result="PASS" if seconds <= CSV_FULL_TARGET_S else "MISS",
            )
        rows.append(row)
    return rows, raw


def run(
    records: int,
    *,
    rebuild: bool = False,
    reps: int | None = None,
    warmup: int | None = None,
    log: Log = _print,
) -> tuple[list[dict], dict]:
    """The store rows for bench/run.py's table, and the raw figures."""
    rows: list[dict] = []
    raw: dict = {"records": records}
    default_r, default_w = default_reps(records)
    reps = default_r if reps is None else reps
    warmup = default_w if warmup is None else warmup

    meta = ensure_store(records, rebuild=rebuild, log=log)
    raw["demo"] = meta
    rows.append(
        {
            "id": "demo_per_record",
            "name": f"demo: per record ({records // 1000:,}k)",
            "figure": _stats([meta["build_s"]], 1000 / records),
            "target_text": "info: ms/record",
        }
    )

    hr_reps = default_hr_reps(records, reps)
    log(
        f"  verify on {records:,} records: {warmup} warm-up + {reps} timed, each followed by "
        f"the floor; then {hr_reps} with the HR password ..."
    )
    big = bench_verify(meta["data_dir"], reps, warmup, hr_reps=hr_reps, log=log)
    raw["verify"] = big
    if big["records"] != records:
        raise RuntimeError(
            f"the cached store holds {big['records']} records, not {records}; run with --rebuild"
        )
    figure = _stats(big["verify_s"], 1000)
    floor = _stats(big["floor_s"], 1000)
    ratio = figure["median_ms"] / floor["median_ms"]
    rows.append(
        {
            "id": "verify",
            "name": f"verify: {records:,} records",
            "figure": figure,
            "floor_name": "1 SHA-256+Ed25519/record",
            "floor": floor,
            "ratio": round(ratio, 2),
            "target_text": f"<= {VERIFY_RATIO_TARGET:.1f}x floor",
            "result": "PASS" if ratio <= VERIFY_RATIO_TARGET else "MISS",
        }
    )
    rows.append(
        {
            "id": "verify_hr",
            "name": "verify --with-hr-password",
            "figure": _stats(big["verify_hr_s"], 1000),
            "target_text": "(info)",
        }
    )

    small_records = min(SMALL_RECORDS, records)
    small_meta = meta if small_records == records else ensure_store(small_records, log=log)
    size = bytes_per_record(small_meta["data_dir"], small_records)
    raw["bytes_per_record"] = size
    rows.append(
        {
            "id": "bytes_per_record",
            "name": f"bytes per record @{small_records:,} (VACUUM)",
            "text": f"{size['per_record']:,.0f} B",
            "floor_name": "target",
            "floor_text": f"{BYTES_PER_RECORD_TARGET:,} B",
            "ratio": round(size["per_record"] / BYTES_PER_RECORD_TARGET, 2),
            "target_text": f"<= {BYTES_PER_RECORD_TARGET:,} B",
            "result": "PASS" if size["per_record"] <= BYTES_PER_RECORD_TARGET else "MISS",
        }
    )
    export_rows_, export_raw = run_exports(records, meta, small_meta, log=log)
    rows.extend(export_rows_)
    raw.update(export_raw)

    if small_records < records:
        log(f"  verify on {small_records:,} records (cost per record at a small size) ...")
        small = bench_verify(small_meta["data_dir"], 5, 1, log=log)
        raw["verify_small"] = small
        raw["demo_small"] = small_meta
    else:
        small = big
    for size, result in ((small_records, small), (records, big)):
        rows.append(
            {
                "id": f"verify_us_per_record_{size}",
                "name": f"verify per record @{size:,}",
                "figure": _stats(result["verify_s"], 1e6 / size),
                "target_text": "info: us/record",
            }
        )
    growth = (statistics.median(big["verify_s"]) / records) / (
        statistics.median(small["verify_s"]) / small_records
    )
    raw["verify_per_record_growth"] = round(growth, 3)
    if small is not big:
        raw["floor_per_record_growth"] = round(
            (statistics.median(big["floor_s"]) / records)
            / (statistics.median(small["floor_s"]) / small_records),
            3,
        )
    return rows, raw


def notes(raw: dict) -> list[str]:
    """Lines printed under the table about the store rows."""
    lines = []
    records = raw["records"]
    demo = raw["demo"]
    lines.append(
        f"demo: {records:,} records in {demo['build_s']:.0f} s via `{demo['command']}` "
        f"({'cached, built ' + demo['built_utc'] if demo.get('cached') else 'built this run'}); "
        f"store {demo.get('store_bytes', 0) / 1e9:.2f} GB"
    )
    verify = raw["verify"]
    counts = verify.get("floor_counts", {})
    if counts:
        lines.append(
            f"verify floor: {counts['ed25519_verifications']:,} Ed25519 verifications + "
            f"{counts['sha256']:,} SHA-256 ({counts['sha256_bytes'] / 1e6:,.1f} MB), one each "
            f"per record, over bytes read beforehand ({counts['records']:,} records, "
            f"{counts['links']:,} chain entries)"
        )
    cpu = verify.get("verify_cpu_s")
    if cpu:
        main, process, floor = (
            statistics.median(values) * 1e6 / records
            for values in (cpu["main"], cpu["process"], verify["floor_s"])
        )
        lines.append(
            f"verify CPU per record (medians): {main:.0f} us on the main thread (reading, "
            f"rebuilding and hashing each record, the chain walk), {process:.0f} us in all (the "
            f"signatures on threads); the floor: {floor:.0f} us, one thread"
        )
    size = raw.get("bytes_per_record")
    if size:
        biggest = ", ".join(
            f"{name} {pages / size['bytes'] * 100:.0f} %"
            for name, pages in list(size["tables"].items())[:5]
        )
        lines.append(f"bytes per record: {size['bytes']:,} B vacuumed; by table: {biggest}")
    growth = raw.get("verify_per_record_growth")
    if growth is not None:
        text = (
            f"verify cost per record @{records:,} / @{min(SMALL_RECORDS, records):,}: {growth:.2f}x"
        )
        if "floor_per_record_growth" in raw:
            text += f" (floor: {raw['floor_per_record_growth']:.2f}x)"
        lines.append(text)
    exported = raw.get("csv")
    if exported:
        lines.append(
            f"CSV export of {exported['records']:,} records: opened in "
            + (
                f"{exported['workers']} worker processes"
                if exported["workers"] > 1
                else "the exporting process"
            )
            + "; the bare loop is one thread (store_bench.csv_floor_once)"
        )
    if "hr_unlock_s" in verify:
        lines.append(
            f"HR unlock (password -> key, not timed in the HR row): "
            f"{verify['hr_unlock_s'] * 1000:.0f} ms"
        )
    return lines


# -- profile -------------------------------------------------------------------------------------
def profile(records: int, *, rebuild: bool = False, top: int = 30) -> str:
    """cProfile of one verify_store over the store of ``records`` (after one warm-up)."""
    from zzsign.services.verify import verify_store

    meta = ensure_store(records, rebuild=rebuild)
    database = open_store_database(meta["data_dir"])
    try:
        verify_store(database.sessions)
        profiler = cProfile.Profile()
        profiler.enable()
        verify_store(database.sessions)
        profiler.disable()
    finally:
        database.close()
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return text.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--records",
        type=int,
        default=FULL_RECORDS,
        metavar="N",
        help=f"records in the demo store (default {FULL_RECORDS:,})",
    )
    parser.add_argument(
        "--quick", action="store_true", help=f"use {QUICK_RECORDS:,} records (a fast check)"
    )
    parser.add_argument("--rebuild", action="store_true", help="make the cached stores again")
    parser.add_argument(
        "--verify-reps",
        type=int,
        help="timed verify runs (5, or 2 above 20k; with the HR password 1)",
    )
    parser.add_argument("--verify-warmup", type=int, help="untimed verify runs (1, or 0 above 20k)")
    parser.add_argument(
        "--exports",
        action="store_true",
        help="only the export rows (CSV, JSON, XLSX beside the bare loop)",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="print a cProfile of verify_store instead of the figures",
    )
    args = parser.parse_args(argv)
    records = QUICK_RECORDS if args.quick else args.records
    if args.profile:
        print(profile(records, rebuild=args.rebuild))
        return 0
    sys.path.insert(0, str(BENCH))
    import run as runner

    if args.exports:
        rows, _raw = run_exports(records)
        print()
        print(runner.render({"rows": rows}))
        return 0 if all(r.get("result", "PASS") == "PASS" for r in rows) else 1
    rows, raw = run(records, rebuild=args.rebuild, reps=args.verify_reps, warmup=args.verify_warmup)
    print()
    print(runner.render({"rows": rows}))
    for line in notes(raw):
        print(line)
    return 0 if all(r.get("result", "PASS") == "PASS" for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
