"""The keyring's copy of the newest chain entry (the anchor) is written after Done, never
moves backwards, and is in the keyring before zzsign exits (zzsign/services/chain_anchor.py)."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

from support.cli import cli_environment
from support.keyrings import MemoryKeyring
from support.store import signed_session

from zzsign.security.installation_keys import chain_head_name
from zzsign.security.keyring_store import SecretStore
from zzsign.services.chain_anchor import ChainAnchor
from zzsign.services.verify import verify_store
from zzsign.store.records import RecordRepository

INSTALLATION = "3f9c1a52-0d8e-4c59-9a0e-6a3f5b0e2c11"


def remembered(backend: MemoryKeyring, installation_id: str) -> str | None:
    return backend.passwords.get(("zzsign", chain_head_name(installation_id)))


def chain_head(store) -> tuple[int, str]:
    with store.sessions() as db:
        return RecordRepository(db).chain_head(store.installation_id)


class HeldKeyring(MemoryKeyring):
    """A keyring whose writes wait until the test lets them through (a slow Secret Service)."""

    def __init__(self) -> None:
        super().__init__()
        self.let_through = threading.Event()
        self.writing = threading.Event()

    def set_password(self, service: str, username: str, password: str) -> None:
        if username.startswith("chain-head/"):
            self.writing.set()
            self.let_through.wait(timeout=10)
        super().set_password(service, username, password)


def test_the_done_page_does_not_wait_for_the_keyring(store, service, keyring_backend):
    held = HeldKeyring()
    held.passwords = keyring_backend.passwords  # the store's own secrets, now slow to write
    store.secrets._backend = held
    before = remembered(held, store.installation_id)

    receipt = service.sign(signed_session(service), screen="test")

    # sign() returned (Done is shown) while the anchor is not written yet.
    assert remembered(held, store.installation_id) == before
    assert held.writing.wait(timeout=10)  # the write is under way, on its own thread
    held.let_through.set()
    store.anchor.flush()
    sequence, entry = receipt.appended.head
    assert remembered(held, store.installation_id) == f"{sequence}:{entry}"


def test_the_anchor_never_moves_backwards_under_two_writers():
    backend = MemoryKeyring()
    secrets = SecretStore(backend=backend)
    writers = [
        ChainAnchor(secrets, INSTALLATION, settle_seconds=0),
        ChainAnchor(secrets, INSTALLATION, settle_seconds=0),
    ]
    heads = [(sequence, f"{sequence:064x}") for sequence in range(1, 201)]

    def note_every_other(writer: ChainAnchor, start: int) -> None:
        for head in heads[start::2]:
            writer.note(head)

    threads = [
        threading.Thread(target=note_every_other, args=(writer, i))
        for i, writer in enumerate(writers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for writer in writers:
        writer.flush()
    assert remembered(backend, INSTALLATION) == f"200:{200:064x}"

    # A later head already in the keyring (another zzsign) is kept; an earlier note is dropped.
    writers[0].note((150, f"{150:064x}"))
    writers[0].note((120, f"{120:064x}"))
    for writer in writers:
        writer.close()
    assert remembered(backend, INSTALLATION) == f"200:{200:064x}"


def test_a_head_the_locked_keyring_refused_is_written_at_close(store, service, keyring_backend):
    keyring_backend.locked = True
    receipt = service.sign(signed_session(service), screen="test")
    store.anchor.flush()
    keyring_backend.locked = False
    assert remembered(keyring_backend, store.installation_id) != "{}:{}".format(
        *receipt.appended.head
    )  # lagging
    report = verify_store(store.sessions, secrets=store.secrets)
    assert report.intact, report.problems  # a lagging anchor is no alarm
    store.close()
    assert remembered(keyring_backend, store.installation_id) == "{}:{}".format(
        *receipt.appended.head
    )


SIGN_AND_EXIT = """
import sys
sys.path.insert(0, sys.argv[2])
from support.store import set_up_hr
from support.store import signed_session
from zzsign.config import Settings
from zzsign.services import chain_anchor
from zzsign.services.signing import SigningService
from zzsign.services.store import open_store

chain_anchor.SETTLE_SECONDS = 3600  # only the flush at exit can write it
store = open_store(Settings.resolve(data_dir=sys.argv[1], environ={}))
set_up_hr(store.sessions)
service = SigningService(store)
for name in ("First Hire", "Second Hire", "Third Hire"):
    receipt = service.sign(signed_session(service, name), screen="test")
print("{}:{}".format(*receipt.appended.head))
# leaves without closing the store
"""


def test_a_process_that_signs_and_exits_leaves_the_newest_head_in_the_keyring(tmp_path):
    keyring_file = tmp_path / "keyring.json"
    data = tmp_path / "data"
    tests = str(Path(__file__).parent)
    done = subprocess.run(
        [sys.executable, "-c", SIGN_AND_EXIT, str(data), tests],
        capture_output=True,
        text=True,
        env=cli_environment(keyring_file),
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    newest = done.stdout.strip()
    assert newest.startswith("3:")  # three records, one chain entry each
    kept = json.loads(keyring_file.read_text())
    heads = [value for key, value in kept.items() if "\\nchain-head/" in key]
    assert heads == [newest]


def test_zzsign_demo_leaves_the_newest_head_in_the_keyring(tmp_path):
    from support.cli import zzsign

    env = cli_environment(tmp_path / "keyring.json")
    env["ZZSIGN_DATA_DIR"] = str(tmp_path / "data")
    made = zzsign(env, "demo", "--signatures", "12")
    assert made.returncode == 0, made.stderr
    checked = zzsign(env, "verify")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    kept = json.loads((tmp_path / "keyring.json").read_text())
    heads = [value for key, value in kept.items() if "\\nchain-head/" in key]
    assert len(heads) == 1 and heads[0].startswith("12:")  # one chain entry a record
