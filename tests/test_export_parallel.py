"""Big CSV/XLSX exports open their records in worker processes: same bytes, same failures.

The store here is small, so each test lowers the threshold (``PARALLEL_FROM``) and the chunk size
to make several workers open several chunks; the real ones are in bench/store_bench.py.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from support.exports import RECORDS_FOR_WORKERS as RECORDS

from zzsign.services.export import table
from zzsign.services.export import workers as export_workers
from zzsign.services.export.kinds import export_records
from zzsign.services.export.output import ExportCancelled
from zzsign.services.export.problems import WORKER_LOST, ExportError, ExportProblemError
from zzsign.services.export.selection import ExportFilter


def in_workers(monkeypatch) -> None:
    """Make the next exports use two workers over chunks of 4 records."""
    monkeypatch.setattr(table, "PARALLEL_FROM", 0)
    monkeypatch.setattr(table, "CHUNK_RECORDS", 4)
    monkeypatch.setattr(export_workers, "usable_cores", lambda: 2)


def in_this_process(monkeypatch) -> None:
    monkeypatch.setattr(table, "PARALLEL_FROM", 10**9)
    monkeypatch.setattr(table, "CHUNK_RECORDS", 4)


def no_workers_left() -> bool:
    return not [p for p in multiprocessing.active_children() if p.name.startswith("zzsign")]


def test_parallel_csv_and_xlsx_are_the_serial_ones(
    store, hr_key, thirteen_records_one_voided, empty_export_folder, monkeypatch
):
    made: dict[str, list[tuple[int, int]]] = {}
    for how, switch in (("serial", in_this_process), ("parallel", in_workers)):
        switch(monkeypatch)
        for kind in ("csv", "xlsx"):
            calls = made.setdefault(f"{how}.{kind}", [])
            result = export_records(
                store,
                hr_key,
                ExportFilter(),
                kind,
                empty_export_folder / f"{how}.{kind}",
                lambda done, total, calls=calls: calls.append((done, total)),
            )
            assert result.exported == RECORDS
    serial = (empty_export_folder / "serial.csv").read_bytes()
    assert (empty_export_folder / "parallel.csv").read_bytes() == serial
    assert serial.count(b"\r\n") == RECORDS + 1 and b",void\r\n" in serial
    sheets = [
        [
            [c.value for c in row]
            for row in load_workbook(empty_export_folder / f"{how}.xlsx").active
        ]
        for how in ("serial", "parallel")
    ]
    assert sheets[0] == sheets[1] and len(sheets[0]) == RECORDS + 1
    for calls in made.values():  # progress: before the first record and after each one
        assert calls == [(done, RECORDS) for done in range(RECORDS + 1)]
    assert no_workers_left()


@pytest.mark.parametrize("stop", [ExportCancelled, KeyboardInterrupt])
def test_a_cancel_in_workers_stops_them_and_leaves_no_file(
    store, hr_key, thirteen_records_one_voided, empty_export_folder, monkeypatch, stop
):
    in_workers(monkeypatch)

    def stop_at_the_sixth(done: int, _total: int) -> None:
        if done == 6:
            raise stop

    for kind in ("csv", "xlsx"):
        with pytest.raises(stop):
            export_records(
                store,
                hr_key,
                ExportFilter(),
                kind,
                empty_export_folder / f"x.{kind}",
                stop_at_the_sixth,
            )
        assert list(empty_export_folder.iterdir()) == []
        assert no_workers_left()


def test_the_key_reaches_the_workers_only_through_their_pipe(
    store, hr_key, thirteen_records_one_voided, empty_export_folder, monkeypatch
):
    in_workers(monkeypatch)
    seen: list[bytes] = []

    def look_at_the_workers(done: int, _total: int) -> None:
        if done == 4:
            for worker in multiprocessing.active_children():
                for part in ("cmdline", "environ"):
                    seen.append(Path(f"/proc/{worker.pid}/{part}").read_bytes())

    export_records(
        store, hr_key, ExportFilter(), "csv", empty_export_folder / "all.csv", look_at_the_workers
    )
    assert len(seen) == 4  # two workers, each its command line and environment
    for text in seen:
        assert hr_key not in text and hr_key.hex().encode() not in text
    assert [p.name for p in empty_export_folder.iterdir()] == ["all.csv"]


def test_a_worker_that_dies_is_one_sentence_and_no_file(
    store, hr_key, thirteen_records_one_voided, empty_export_folder, monkeypatch
):
    in_workers(monkeypatch)
    monkeypatch.setattr(table, "CHUNK_RECORDS", 1)  # chunks still to hand out after the kill

    def kill_the_workers(done: int, _total: int) -> None:
        if done == 1:
            for worker in multiprocessing.active_children():
                os.kill(worker.pid, signal.SIGKILL)

    with pytest.raises(ExportError) as failed:
        export_records(
            store, hr_key, ExportFilter(), "csv", empty_export_folder / "x.csv", kill_the_workers
        )
    assert failed.value.message == WORKER_LOST
    assert WORKER_LOST.count(". ") == 0 and WORKER_LOST.endswith(".")
    assert list(empty_export_folder.iterdir()) == []
    assert no_workers_left()


def test_a_damaged_record_opened_in_a_worker_is_named(
    settings, store, hr_key, thirteen_records_one_voided, empty_export_folder, monkeypatch
):
    victim = thirteen_records_one_voided[
        9
    ]  # in the third chunk (chunks follow signing order; ids are random)
    with sqlite3.connect(settings.data_dir / "zzsign.sqlite3") as raw:
        for (trigger,) in list(raw.execute("SELECT name FROM sqlite_master WHERE type='trigger'")):
            raw.execute(f"DROP TRIGGER {trigger}")
        raw.execute(
            "UPDATE signature_records SET sealed_personal = "
            "(SELECT sealed_personal FROM signature_records WHERE id = ?) WHERE id = ?",
            (thirteen_records_one_voided[0], victim),
        )
    in_workers(monkeypatch)
    for kind in ("csv", "xlsx"):
        with pytest.raises(ExportProblemError) as problem:
            export_records(store, hr_key, ExportFilter(), kind, empty_export_folder / f"x.{kind}")
        assert problem.value.message == (
            f"Record {victim} does not open with HR's key, so nothing was exported; run zzsign "
            "verify to see what is wrong."
        )
        assert list(empty_export_folder.iterdir()) == []
        assert no_workers_left()


def test_workers_import_neither_qt_nor_sqlalchemy():
    probe = (
        "import sys; import zzsign.services.export.workers; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'PySide6', 'sqlalchemy', 'openpyxl', 'pypdf', 'pyhanko', 'keyring'}))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
