"""The HR password and the fingerprints: ``hr-password``, ``fingerprint``, ``hr fingerprint``."""

from __future__ import annotations

import argparse
import os

from zzsign.cli.common import EXIT_OK, open_database
from zzsign.cli.passwords import NEW_HR_PASSWORD_VARIABLE, ask_twice, ensure_hr, hr_password


def run_hr_password(args: argparse.Namespace, settings) -> int:
    """Set the HR password on first use, or change it."""
    from zzsign.services.hr import HrAccess

    database = open_database(settings)
    try:
        hr = HrAccess(database.sessions)
        if not hr.is_set_up():
            ensure_hr(hr)
            print("HR password set.")
            return EXIT_OK
        old = hr_password()
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
    """``hr fingerprint``: HR's fingerprint alone on a line (exit 2 before HR has set up)."""
    from zzsign.services.hr import HrAccess

    database = open_database(settings)
    try:
        print(HrAccess(database.sessions).fingerprint())
    finally:
        database.close()
    return EXIT_OK
