"""A guard for every test: a kiosk page never opens a file browser or a print-to-file dialog.

The hire's screens (everything in ``zzsign.views`` except HR's ``zzsign.views.hr``) must offer
no file dialog at all and no print dialog that can print to a file. The guard wraps the Python
entry points of those dialogs; the module that asks is the innermost ``zzsign.views`` module on
the call stack (so HR's export and publish dialogs, whose code is in ``zzsign.views.hr``, may
use QFileDialog). A kiosk request raises at once (no modal dialog ever blocks a test) and is
recorded, and the conftest fixture fails the test with the list.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrintPreviewDialog
from PySide6.QtWidgets import QFileDialog

VIEWS = "zzsign.views"
HR_VIEWS = "zzsign.views.hr"
#: QFileDialog's static functions: each opens a file dialog.
FILE_DIALOG_FUNCTIONS = (
    "getOpenFileName",
    "getOpenFileNames",
    "getSaveFileName",
    "getExistingDirectory",
    "getOpenFileUrl",
    "getOpenFileUrls",
    "getSaveFileUrl",
    "getExistingDirectoryUrl",
    "getOpenFileContent",
    "saveFileContent",
)
#: The ways a QPrintDialog is put on screen from Python.
PRINT_DIALOG_RUNS = ("exec", "exec_", "open", "show")
PRINT_TO_FILE = QAbstractPrintDialog.PrintDialogOption.PrintToFile


class KioskDialogError(AssertionError):
    """A kiosk page asked for a file dialog or a print-to-file dialog."""


def asking_module() -> str | None:
    """The innermost ``zzsign.views`` module on the call stack, or None (a test, HR's CLI)."""
    frame = sys._getframe(1)
    while frame is not None:
        name = frame.f_globals.get("__name__", "")
        if name == VIEWS or name.startswith(VIEWS + "."):
            return name
        frame = frame.f_back
    return None


def is_kiosk_module(name: str | None) -> bool:
    """True for the hire's screens: ``zzsign.views`` and below, except ``zzsign.views.hr``."""
    return name is not None and not (name == HR_VIEWS or name.startswith(HR_VIEWS + "."))


class KioskDialogGuard:
    """Installed for one test through ``monkeypatch``; ``violations`` lists what was refused."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.violations: list[str] = []
        self._wrap(monkeypatch, QFileDialog, "__init__", "constructed a QFileDialog")
        for function in FILE_DIALOG_FUNCTIONS:
            if hasattr(QFileDialog, function):
                self._wrap(
                    monkeypatch,
                    QFileDialog,
                    function,
                    f"called QFileDialog.{function}",
                    static=True,
                )
        self._wrap(
            monkeypatch,
            QPrintPreviewDialog,
            "__init__",
            "constructed a QPrintPreviewDialog (its Print button can print to a file)",
        )
        for run in PRINT_DIALOG_RUNS:
            if hasattr(QPrintDialog, run):
                self._wrap(
                    monkeypatch,
                    QPrintDialog,
                    run,
                    "showed a QPrintDialog that can print to a file",
                    refuse_if=lambda dialog, *_a, **_k: dialog.testOption(PRINT_TO_FILE),
                )

    def _wrap(
        self,
        monkeypatch: pytest.MonkeyPatch,
        cls: type,
        attribute: str,
        what: str,
        *,
        static: bool = False,
        refuse_if: Callable[..., bool] = lambda *_a, **_k: True,
    ) -> None:
        original = getattr(cls, attribute)

        def guarded(*args: Any, **kwargs: Any) -> Any:
            module = asking_module()
            if is_kiosk_module(module) and refuse_if(*args, **kwargs):
                message = f"{module} {what}: a hire must never see one"
                self.violations.append(message)
                raise KioskDialogError(message)
            return original(*args, **kwargs)

        monkeypatch.setattr(cls, attribute, staticmethod(guarded) if static else guarded)
