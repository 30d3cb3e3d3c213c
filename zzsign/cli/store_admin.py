"""The store as a whole: ``db upgrade``, ``db grant``, ``backup``, ``restore`` and ``demo``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from zzsign.cli.common import EXIT_OK, EXIT_PROBLEM, CliError, open_database, shown
from zzsign.cli.passwords import HR_PASSWORD_VARIABLE, ensure_hr, hr_password
from zzsign.cli.records import check_store


def run_backup(args: argparse.Namespace, settings) -> int:
    """Copy the live store consistently (SQLite online backup) to --out."""
    from zzsign.services.backup import backup_store

    result = backup_store(settings.database_url, Path(args.out))
    print(
        f"Backed up {result.records} records and {result.links} chain entries to "
        f"{shown(result.path)}."
    )
    return EXIT_OK


def run_db(args: argparse.Namespace, settings) -> int:
    """``zzsign db upgrade``: bring the store's schema to this zzsign's; ``zzsign db grant``:
    give the kiosk and HR roles their rights."""
    from zzsign.services.store import upgrade_database

    if args.db_verb == "grant":
        from zzsign.services.database_roles import grant_roles, roles_script

        if args.print_sql:
            print(roles_script(args.kiosk_role, args.hr_role), end="")
        else:
            grant_roles(settings, args.kiosk_role, args.hr_role)
            print(f"Gave {args.kiosk_role} a kiosk's rights and {args.hr_role} HR's rights.")
        return EXIT_OK
    upgrade = upgrade_database(settings)
    if not upgrade.changed:
        print(f"The records database is already at schema {upgrade.after}; nothing to do.")
    elif upgrade.before is None:
        print(f"Set up the records database at schema {upgrade.after}.")
    else:
        kept = "" if upgrade.backup is None else f" (a copy from before: {shown(upgrade.backup)})"
        print(
            f"Upgraded the records database from schema {upgrade.before} to {upgrade.after}{kept}."
        )
    return EXIT_OK


def run_restore(args: argparse.Namespace, settings) -> int:
    """Put a backup of this laptop's records in place (then check it as verify does), or start
    an empty store with a new HR password (``--new-store``)."""
    from zzsign.services import restore

    if (args.backup is None) == (not args.new_store):
        raise CliError("Give either the backup file to restore or --new-store (not both).")
    if args.new_store:
        if not os.environ.get(HR_PASSWORD_VARIABLE) and sys.stdin.isatty():
            print(
                "The new store needs its own HR password; choose one: four or more unrelated "
                "words make a strong one.",
                file=sys.stderr,
            )
        started = restore.start_new_store_on_this_laptop(settings, hr_password(confirm_new=True))
        print(
            f"Started an empty records store for this laptop (installation "
            f"{started.installation_id}), with the new HR password."
        )
        _print_kept(started.kept)
        return EXIT_OK
    try:
        restored = restore.restore_backup_on_this_laptop(settings, Path(args.backup))
    except restore.RestoreRefusedError as refused:
        raise CliError(refused.message, EXIT_PROBLEM) from refused
    print(
        f"Restored {restored.records} {'record' if restored.records == 1 else 'records'} "
        f"from {shown(Path(args.backup).name)}."
    )
    _print_kept(restored.kept)
    return check_store(settings, with_hr_password=False)


def _print_kept(kept) -> None:
    """Where the files that were in the data folder went (nothing is deleted)."""
    if kept:
        print(
            f"The files it replaced are kept in {shown(kept[0].parent)}: "
            + ", ".join(shown(path.name) for path in kept)
            + "."
        )


def run_demo(args: argparse.Namespace, settings) -> int:
    """Fill an empty store with synthetic records through the real signing path."""
    if args.signatures < 1:
        raise CliError("--signatures must be 1 or more.")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    from zzsign.config import default_database_url
    from zzsign.services.demo import SignatureArt, fill_with_demo_records, refuse_real_records
    from zzsign.services.enrolment import hr_access
    from zzsign.services.store import open_store

    database = open_database(settings)
    try:
        refuse_real_records(database.sessions)
    finally:
        database.close()
    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    store = open_store(settings)
    try:
        ensure_hr(hr_access(store, store.secrets))
        art = SignatureArt.as_the_kiosk_draws()
        step = max(args.signatures // 20, 1000)

        def progress(done: int) -> None:
            if done % step < 500 or done == args.signatures:
                print(f"  {done} of {args.signatures} records", file=sys.stderr)

        written = fill_with_demo_records(store, args.signatures, art, progress)
    finally:
        store.close()
    del app
    where = shown(settings.data_dir)
    if settings.database_url != default_database_url(settings.data_dir):
        where = "the database given by --database-url"
    print(f"Signed {written} demo records into {where}.")
    return EXIT_OK
