"""Failures a person can act on: each carries one sentence to show them.

The sentence is English (the command line shows it as it is); given as a
:class:`zzsign.domain.messages.Message`, a view shows it in the interface's language
(zzsign.views.language.shown).
"""


class UserFacingError(Exception):
    """An error whose message is safe to show (no personal data, no paths, no traceback):
    ``message`` is the English sentence, a Message when it can be shown translated."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class StoreUnavailableError(UserFacingError):
    """The records store could not be opened or prepared."""


class StorageFaultError(StoreUnavailableError):
    """The store's file system or database refused (locked, full, read-only): worth trying
    again once the cause clears."""


class SigningFailedError(UserFacingError):
    """The record could not be saved; nothing was written and the hire may try again."""


class StoreDamagedError(StoreUnavailableError):
    """The database file is damaged and was left as it was; ``restore_steps`` is IT's sentence."""

    def __init__(self, message: str, restore_steps: str) -> None:
        super().__init__(message)
        self.restore_steps = restore_steps
