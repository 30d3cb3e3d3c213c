"""The HR password on the command line: from the environment, or asked for in a terminal."""

from __future__ import annotations

import getpass
import os
import sys

from zzsign.cli.common import CliError

HR_PASSWORD_VARIABLE = "ZZSIGN_HR_PASSWORD"
NEW_HR_PASSWORD_VARIABLE = "ZZSIGN_NEW_HR_PASSWORD"


def ask(prompt: str) -> str:
    if not sys.stdin.isatty():
        raise CliError(
            f"The HR password is needed: set {HR_PASSWORD_VARIABLE} or run zzsign in a terminal."
        )
    return getpass.getpass(prompt)


def ask_twice(prompt: str) -> str:
    """A new password, typed twice."""
    password = ask(prompt)
    if ask("Repeat it: ") != password:
        raise CliError("The two passwords are different; run the command again.")
    return password


def hr_password(confirm_new: bool = False) -> str:
    """The HR password from the environment, or asked for (twice when it is being chosen)."""
    given = os.environ.get(HR_PASSWORD_VARIABLE)
    if given:
        return given
    return ask_twice("New HR password: ") if confirm_new else ask("HR password: ")


def ensure_hr(hr) -> None:
    """First HR use: set the password (from the environment, or asked for twice)."""
    if not hr.is_set_up():
        print(
            "HR has no password on this store yet; choose one: four or more unrelated words make "
            "a strong one.",
            file=sys.stderr,
        )
        hr.set_up(hr_password(confirm_new=True))


def unlock_hr(sessions, purpose: str = "there is nothing to export") -> bytes:
    from zzsign.services.hr import HrAccess

    hr = HrAccess.on_this_computer(sessions)
    if not hr.is_set_up():
        raise CliError(
            f"HR has no password on this store yet, so {purpose}; run zzsign hr-password first."
        )
    return unlock(hr)


def unlock(hr) -> bytes:
    """HR's private key (see :func:`unlock_password`)."""
    return hr.unlock(unlock_password(hr))


def unlock_password(hr) -> str:
    """The HR password, asked for only where HR's private key is (a kiosk refuses at once,
    exit 2, with HrStationOnlyError's sentence)."""
    from zzsign.services.hr import HrStationOnlyError

    if hr.is_set_up() and not hr.holds_private_keys():
        raise HrStationOnlyError()
    return hr_password()
