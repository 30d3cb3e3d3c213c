"""``zzsign db upgrade`` on a SQLite store: what start-up does (damage check, backup copy first),
as one command IT can run. (On PostgreSQL, the only way a schema changes: see
tests/test_postgresql.py.)"""

from __future__ import annotations

import sqlite3

from support.cli import run_cli
from support.store import format_1_store

from zzsign.store.migrate import SCHEMA_HEAD


def test_db_upgrade_takes_a_copy_then_upgrades_an_old_store(tmp_path):
    settings, _secrets, _backend = format_1_store(tmp_path)
    store_file = settings.data_dir / "zzsign.sqlite3"
    with sqlite3.connect(store_file) as raw:
        records = raw.execute("SELECT count(*) FROM signature_records").fetchone()[0]

    upgraded = run_cli("db", "upgrade", "--data-dir", str(settings.data_dir))

    assert upgraded.code == 0, upgraded.err
    (copy,) = settings.backup_dir.glob("*before-upgrade-from-0003*.sqlite3")
    assert upgraded.out.strip() == (
        f"Upgraded the records database from schema 0003 to {SCHEMA_HEAD} "
        f"(a copy from before: {copy})."
    )
    with sqlite3.connect(copy) as raw:  # the copy is the store as it was
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == ("0003",)
    with sqlite3.connect(store_file) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == (SCHEMA_HEAD,)
        assert raw.execute("SELECT count(*) FROM signature_records").fetchone()[0] == records

    again = run_cli("db", "upgrade", "--data-dir", str(settings.data_dir))
    assert again.code == 0
    assert again.out.strip() == (
        f"The records database is already at schema {SCHEMA_HEAD}; nothing to do."
    )


def test_db_upgrade_sets_up_a_new_store_and_refuses_a_damaged_one(tmp_path):
    data = tmp_path / "data"
    made = run_cli("db", "upgrade", "--data-dir", str(data))
    assert made.code == 0, made.err
    assert made.out.strip() == f"Set up the records database at schema {SCHEMA_HEAD}."

    damaged = tmp_path / "damaged"
    damaged.mkdir(mode=0o700)
    (damaged / "zzsign.sqlite3").write_bytes(b"SQLite format 3\x00" + b"\xff" * 4096)
    refused = run_cli("db", "upgrade", "--data-dir", str(damaged))
    assert refused.code == 2
    assert refused.err.startswith("zzsign: The records database is damaged and zzsign has not")
    assert (damaged / "zzsign.sqlite3").read_bytes()[16:] == b"\xff" * 4096


def test_the_store_options_count_before_the_command_too(tmp_path):
    # `zzsign --data-dir DIR db upgrade` used to drop DIR (the command's own default won) and
    # upgrade the store in the platform's folder instead
    before = tmp_path / "before"
    made = run_cli("--data-dir", str(before), "db", "upgrade")
    assert made.code == 0, made.err
    assert (before / "zzsign.sqlite3").is_file()
    after = tmp_path / "after"
    assert run_cli("db", "upgrade", "--data-dir", str(after)).code == 0
    assert (after / "zzsign.sqlite3").is_file()
