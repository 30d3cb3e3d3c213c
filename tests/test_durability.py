"""A record the screen reports as signed survives a kill -9 the instant after."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys

import pytest
from support.programs import PROGRAMS
from support.store import HR_PASSWORD

from zzsign.config import Settings
from zzsign.services.hr import HrAccess
from zzsign.services.records import open_record
from zzsign.services.store import open_database
from zzsign.store.records import RecordRepository

CHILD = PROGRAMS / "sign_and_wait.py"


@pytest.mark.slow
@pytest.mark.parametrize("name", ["Zoë Ñúñez-O'Brien", "שרה כהן"])
def test_record_survives_kill_9_right_after_done(tmp_path, name):
    data = tmp_path / "data"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(data), name],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        line = child.stdout.readline()
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    assert line.startswith("DONE "), child.stderr.read()
    record_id = line.split()[1]
    assert child.returncode == -signal.SIGKILL

    with sqlite3.connect(data / "zzsign.sqlite3") as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    store = open_database(Settings.resolve(data_dir=str(data), environ={}))
    hr_key = HrAccess(store.sessions).unlock(HR_PASSWORD)
    with store.sessions() as db:
        assert RecordRepository(db).ids() == [record_id]
        record = open_record(db, record_id, hr_key)
    assert record.signer.full_name == name
    assert len(record.audit) == 8
    store.close()
