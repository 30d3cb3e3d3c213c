"""What every command shares: exit codes, the one-sentence error, text safe for a terminal."""

from __future__ import annotations

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2
#: ``verify FILE``: intact, but the laptop that made it is neither known here nor the one expected.
EXIT_MAKER_NOT_CHECKED = 3


class CliError(Exception):
    """A failure to report in one sentence, with its exit code."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def shown(text: object) -> str:
    """``text`` safe for one line of a terminal: control characters and bytes that are not
    UTF-8 (in file names) are shown escaped, never sent as they are."""
    return "".join(
        c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in str(text)
    )


def open_database(settings):
    """The store's database, opened through the store service (imported only when needed)."""
    from zzsign.services import store

    return store.open_database(settings)
