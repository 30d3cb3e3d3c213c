"""Command line: ``zzsign`` starts the kiosk window; verbs let IT script checks and demo data.

Exit codes: 0 success, 1 the check or operation found a problem, 2 usage or environment error.
Errors go to stderr as one sentence saying what to do.

``parser`` builds the arguments; the verbs live by what they work on: ``records`` (verify,
export, import, void), ``hr`` (hr-password, fingerprint, hr), ``documents`` (agreement,
email-domains) and ``store_admin`` (db, backup, restore, demo). Only ``parser`` and what it needs
are imported before the window's first paint; each verb reaches the store and the keys through
``zzsign.services``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable

from zzsign.cli.common import EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, CliError, shown
from zzsign.cli.parser import MAX_SIGNED_COPY_BYTES, build_parser, parse_arguments
from zzsign.cli.passwords import HR_PASSWORD_VARIABLE, NEW_HR_PASSWORD_VARIABLE

__all__ = [
    "EXIT_OK",
    "EXIT_PROBLEM",
    "EXIT_USAGE",
    "HR_PASSWORD_VARIABLE",
    "MAX_SIGNED_COPY_BYTES",
    "NEW_HR_PASSWORD_VARIABLE",
    "CliError",
    "build_parser",
    "main",
    "parse_arguments",
]


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``zzsign`` command."""
    args = parse_arguments(argv)
    from zzsign.config import Settings

    try:
        settings = Settings.resolve(
            data_dir=args.data_dir,
            database_url=args.database_url,
            kiosk=getattr(args, "kiosk", False),
        )
    except ValueError:
        print(
            "zzsign: ZZSIGN_IDLE_RESET_SECONDS must be a whole number of seconds.", file=sys.stderr
        )
        return EXIT_USAGE
    from zzsign.logs import configure_logging

    configure_logging(settings.data_dir)
    if args.verb is None:
        from zzsign.app import run_gui

        return run_gui(settings, [sys.argv[0]], full_screen=args.fullscreen)
    os.umask(0o077)
    from zzsign.cli import documents, hr, records, store_admin

    commands: dict[str, Callable[[argparse.Namespace, Settings], int]] = {
        "verify": records.run_verify,
        "demo": store_admin.run_demo,
        "hr-password": hr.run_hr_password,
        "export": records.run_export,
        "import": records.run_import,
        "backup": store_admin.run_backup,
        "restore": store_admin.run_restore,
        "email-domains": documents.run_email_domains,
        "void": records.run_void,
        "agreement": documents.run_agreement,
        "db": store_admin.run_db,
        "fingerprint": hr.run_fingerprint,
        "hr": hr.run_hr,
    }
    from zzsign.services.errors import StoreDamagedError, UserFacingError
    from zzsign.services.store import StoreMissingError

    try:
        return commands[args.verb](args, settings)
    except CliError as failure:
        print(f"zzsign: {shown(failure.message)}", file=sys.stderr)
        return failure.code
    except (StoreDamagedError, StoreMissingError) as damaged:  # IT is here: say how to restore
        print(f"zzsign: {damaged.restore_steps}", file=sys.stderr)
        return EXIT_USAGE
    except UserFacingError as failure:
        print(f"zzsign: {shown(failure.message)}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("zzsign: interrupted; nothing half-written was kept.", file=sys.stderr)
        return EXIT_USAGE
