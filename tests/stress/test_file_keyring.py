"""The test keyring file stays whole and loses no entry when several processes write at once."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from support.stress import cli_env

pytestmark = pytest.mark.slow

WRITER = """
import sys
from support.keyrings import FileKeyring
keyring = FileKeyring()
for n in range(60):
    keyring.set_password("zzsign", f"writer-{sys.argv[1]}/{n}", "x" * 200)
    assert keyring.get_password("zzsign", f"writer-{sys.argv[1]}/{n}") == "x" * 200
"""


def test_concurrent_writers_lose_no_entry(tmp_path):
    env = cli_env(tmp_path)
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(n)], env=env, stderr=subprocess.PIPE, text=True
        )
        for n in range(4)
    ]
    for writer in writers:
        assert writer.wait(timeout=120) == 0, writer.stderr.read()
    entries = json.loads((tmp_path / "keyring.json").read_text())
    assert len(entries) == 4 * 60
    assert not list(tmp_path.glob(".keyring.json.*.tmp"))  # no temporary file left behind
