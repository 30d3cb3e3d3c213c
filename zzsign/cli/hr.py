"""HR's password, keys and enrolment: ``hr-password``, ``fingerprint``, ``hr init``,
``hr fingerprint``, ``hr enrol-kiosk``, ``enrol``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from zzsign.cli.common import EXIT_OK, EXIT_PROBLEM, CliError, open_database, shown
from zzsign.cli.passwords import (
    NEW_HR_PASSWORD_VARIABLE,
    ask_twice,
    ensure_hr,
    hr_password,
    unlock_password,
)


def run_hr_password(args: argparse.Namespace, settings) -> int:
    """Set the HR password on first use (HR's keys made and pinned here), or change it."""
    from zzsign.services.enrolment import hr_access

    database = open_database(settings)
    try:
        hr = hr_access(database)
        if not hr.is_set_up():
            ensure_hr(hr)
            print("HR password set.")
            return EXIT_OK
        old = unlock_password(hr)
        new = os.environ.get(NEW_HR_PASSWORD_VARIABLE) or ask_twice("New HR password: ")
        hr.change_password(old, new)
        print("HR password changed.")
        return EXIT_OK
    finally:
        database.close()


def run_fingerprint(args: argparse.Namespace, settings) -> int:
    """Print this installation's key fingerprint alone on a line."""
    from zzsign.services.store import installation_fingerprint, open_store

    store = open_store(settings)
    try:
        print(installation_fingerprint(store))
    finally:
        store.close()
    return EXIT_OK


def run_hr(args: argparse.Namespace, settings) -> int:
    """``hr fingerprint``: HR's fingerprint alone on a line (exit 2 before HR has set up);
    ``hr init``; ``hr enrol-kiosk --out FILE [--central-url URL]``."""
    from zzsign.services import enrolment

    database = open_database(settings)
    try:
        hr = enrolment.hr_access(database)
        if args.hr_verb == "init":
            done = enrolment.init_hr_station(hr, lambda new: hr_password(confirm_new=new))
            said = {"keys": "HR's keys are made.", "signing key": "HR's signing key is made."}
            print(
                f"{said.get(done.made, 'HR has its keys already.')} HR's fingerprint:",
                file=sys.stderr,
            )
            print(done.fingerprint)
        elif args.hr_verb == "enrol-kiosk":
            if not hr.is_set_up():
                raise CliError("HR has no keys on this store yet; run zzsign hr init first.")
            out = Path(args.out)
            password = unlock_password(hr)
            try:
                fingerprint = enrolment.write_enrolment_file(
                    database, hr, password, out, args.central_url
                )
            except OSError as exc:
                raise CliError(
                    f"Cannot write {shown(out.name)}: {exc.strerror or 'unwritable'}; "
                    "choose another place."
                ) from exc
            print(
                f"Wrote {shown(out.name)}; on each kiosk, run zzsign enrol FILE --expect "
                "with HR's fingerprint:",
                file=sys.stderr,
            )
            print(fingerprint)
        else:
            print(hr.fingerprint())
    finally:
        database.close()
    return EXIT_OK


def run_enrol(args: argparse.Namespace, settings) -> int:
    """``enrol FILE --expect SHA256:…``: exit 0 enrolled, 1 the file was refused."""
    from zzsign.services.enrolment import EnrolmentRefusedError, enrol

    database = open_database(settings)
    try:
        done = enrol(database, Path(args.file), args.expect, replace_hr=args.replace_hr)
    except EnrolmentRefusedError as refused:
        raise CliError(refused.message, EXIT_PROBLEM) from refused
    finally:
        database.close()
    print(
        f"Enrolled to HR {done.fingerprint}."
        if done.changed
        else f"Already enrolled to HR {done.fingerprint}; nothing changed."
    )
    if done.central_database_url:
        print(
            f"HR's central records database: {shown(done.central_database_url)} (give it to "
            "zzsign with --database-url or ZZSIGN_DATABASE_URL, and enrol there too)."
        )
    return EXIT_OK
