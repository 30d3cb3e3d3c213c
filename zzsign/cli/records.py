"""The signed records: ``verify``, ``export``, ``import`` and ``void``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from zzsign.cli.common import (
    EXIT_MAKER_NOT_CHECKED,
    EXIT_OK,
    EXIT_PROBLEM,
    EXIT_USAGE,
    CliError,
    open_database,
    shown,
)
from zzsign.cli.parser import MAX_SIGNED_COPY_BYTES
from zzsign.cli.passwords import HR_PASSWORD_VARIABLE, hr_password, unlock_hr


def run_verify(args: argparse.Namespace, settings) -> int:
    """Check the store, or a file; list each problem with its record; exit 0, 1, 2 (or 3: a
    file intact, its maker not checked)."""
    if args.file:
        return _verify_file(Path(args.file), settings, args.expect)
    if args.expect:
        raise CliError(
            "--expect names the laptop that made a file; give the signed copy or package "
            "to check (zzsign verify FILE --expect SHA256:…)."
        )
    return check_store(settings, with_hr_password=args.with_hr_password)


def check_store(settings, *, with_hr_password: bool) -> int:
    """What ``zzsign verify`` does for the store: exit 0 intact, 1 problems (a store whose
    records are missing is one), 2 could not check."""
    from zzsign.services.hr import HrAccess
    from zzsign.services.store import StoreMissingError
    from zzsign.services.verify import verify_database_on_this_laptop

    try:
        database = open_database(settings)
    except StoreMissingError as missing:
        raise CliError(missing.restore_steps, EXIT_PROBLEM) from missing
    try:
        hr_key = None
        if with_hr_password or os.environ.get(HR_PASSWORD_VARIABLE):
            hr_key = HrAccess(database.sessions).unlock(hr_password())
        # A keyring that is missing or locked is not fatal: verify notes why it was not read.
        # A reader's snapshot: the kiosk can go on signing while the store is checked.
        report = verify_database_on_this_laptop(settings.database_url, hr_private_key=hr_key)
    finally:
        database.close()
    summary = (
        f"Checked {report.records} records and {report.links} chain entries"
        + (f", and opened {report.sealed_checked} sealed records" if hr_key else "")
        + (f" ({report.voided} voided)" if report.voided else "")
    )
    return _print_report(report, summary)


def _print_report(report, summary: str) -> int:
    """Problems on stdout (one per line, record first), notes on stderr, then a summary."""
    for problem in report.problems:
        print(shown(problem))
    for note in report.not_checked:
        print(f"Not checked: {shown(note.rstrip('.'))}.", file=sys.stderr)
    if report.intact and not report.origin_checked:
        print(f"{summary}: all intact, but who made it was not checked.")
        return EXIT_MAKER_NOT_CHECKED
    if report.intact:
        print(f"{summary}: all intact.")
        return EXIT_OK
    count = len(report.problems)
    print(f"{summary}: {count} {'problem' if count == 1 else 'problems'} found.")
    return EXIT_PROBLEM


def _verify_file(path: Path, settings, expected: str | None) -> int:
    """Check a signed PDF copy (its seal, and its record against its chain entry) or an
    evidence package, and that the laptop that made it is the one known here or ``expected``."""
    import re

    from zzsign.services.store import known_installation_keys
    from zzsign.services.verify_file import verify_pdf

    if expected is not None and not re.fullmatch(
        r"sha256:[0-9a-f]{64}", "".join(expected.split()).lower()
    ):
        raise CliError(
            "--expect takes a fingerprint as zzsign fingerprint prints it: SHA256: and 64 "
            "hexadecimal digits."
        )
    if path.exists() and not path.is_file():
        raise CliError(
            f"{shown(path.name)} is not a regular file; give a signed copy (.pdf) "
            "or an evidence package (.zip)."
        )
    try:
        with path.open("rb") as file:
            data = file.read(MAX_SIGNED_COPY_BYTES + 1)
    except OSError as exc:
        raise CliError(
            f"Cannot read {path.name}: {exc.strerror or 'unreadable'}; check the "
            "path and try again."
        ) from exc
    if data.startswith(b"PK"):  # read from the file itself, never whole into memory
        from zzsign.services.evidence.verifying import verify_package

        report, _contents = verify_package(path, known_installation_keys(settings), expected)
        return _print_report(report, f"Checked the evidence package {shown(path.name)}")
    if len(data) > MAX_SIGNED_COPY_BYTES:
        raise CliError(
            f"{shown(path.name)} is larger than any signed copy zzsign makes "
            f"({MAX_SIGNED_COPY_BYTES // 1024**2} MB); check that this is the right "
            "file."
        )
    report = verify_pdf(data, known_installation_keys(settings), expected)
    return _print_report(report, f"Checked the signed copy {shown(path.name)}")


def _report_progress(done: int, total: int) -> None:
    if done % 100 == 0 or done == total:
        print(f"  {done} of {total} signed copies", file=sys.stderr)


def run_export(args: argparse.Namespace, settings) -> int:
    """Export the matching records; the file appears only when complete."""
    from zzsign.services.evidence.writing import export_evidence
    from zzsign.services.export.merged_pdf import export_pdf
    from zzsign.services.export.problems import ExportProblemError
    from zzsign.services.export.selection import ExportFilter
    from zzsign.services.export.table import export_table

    if args.since and args.until and args.since > args.until:
        raise CliError("--since is after --until; give a date range that is not empty.")
    chosen = ExportFilter(args.since, args.until, args.agreement_version)
    out = Path(args.out)
    try:
        if args.format in ("csv", "xlsx", "json"):
            database = open_database(settings)
            try:
                hr_key = unlock_hr(database.sessions)
                count = export_table(settings.database_url, hr_key, chosen, args.format, out)
            finally:
                database.close()
            left_out = 0
        else:
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
            from PySide6.QtGui import QGuiApplication

            from zzsign.services.store import open_store

            app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
            store = open_store(settings)
            try:
                hr_key = unlock_hr(store.sessions)
                make = export_pdf if args.format == "pdf" else export_evidence
                count, left_out = make(store, hr_key, chosen, out, _report_progress)
            finally:
                store.close()
            del app
    except ExportProblemError as problem:
        raise CliError(problem.message, EXIT_PROBLEM) from problem
    if left_out:
        print(
            f"Left out {left_out} records signed on other laptops: make their copies on the "
            "laptop that signed them.",
            file=sys.stderr,
        )
    print(f"Exported {count} {'record' if count == 1 else 'records'} to {shown(out)}.")
    return EXIT_OK


def run_import(args: argparse.Namespace, settings) -> int:
    """Verify a package and merge its records; a second import of it changes nothing."""
    from zzsign.domain.clock import system_clock
    from zzsign.services.evidence.importing import ImportRefusedError, import_package

    path = Path(args.package)
    if path.exists() and not path.is_file():
        raise CliError(
            f"{shown(path.name)} is not a regular file; give the evidence package "
            "(.zip) zzsign export made."
        )
    if not path.is_file():
        raise CliError(f"There is no file {path.name}; check the path and try again.")
    database = open_database(settings)
    try:
        result = import_package(database.sessions, path, system_clock(), args.trust)
    except ImportRefusedError as refused:
        raise CliError(refused.message, EXIT_PROBLEM) from refused
    finally:
        database.close()
    print(
        f"Imported {result.records_added} records and {result.links_added} chain entries "
        f"({result.records_present} records were already here)."
    )
    return EXIT_OK


def run_void(args: argparse.Namespace, settings) -> int:
    """Void a record with a reason, as HR; exit 1 if it is unknown or voided already."""
    from zzsign.services.store import open_store
    from zzsign.services.voiding import VoidReasonError, VoidRefusedError, void_record

    store = open_store(settings)
    try:
        unlock_hr(store.sessions, "no one can void records")
        try:
            receipt = void_record(store, args.record_id, args.reason)
        except VoidRefusedError as refused:
            raise CliError(refused.message, EXIT_PROBLEM) from refused
        except VoidReasonError as bad:
            raise CliError(bad.message, EXIT_USAGE) from bad
    finally:
        store.close()
    print(
        f"Voided record {receipt.record_id} at {receipt.voided_at.utc_iso} "
        f"(chain entry {receipt.link.sequence})."
    )
    return EXIT_OK
