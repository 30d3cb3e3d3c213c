"""*Print…* on the Done page: the system print dialog, then the same pages as the PDF copy."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from zzsign.pdf.render import CertificateFacts, paint_signed_agreement
from zzsign.services.pdf_copy import CopyMaterial, certificate_facts


def ask_to_print(parent: QWidget, printer: QPrinter) -> bool:
    """The system print dialog; True if the person pressed Print."""
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print your signed copy")
    return dialog.exec() == QDialog.DialogCode.Accepted


def print_copy(
    parent: QWidget,
    material: CopyMaterial,
    *,
    printer: QPrinter | None = None,
    ask: Callable[[QWidget, QPrinter], bool] | None = None,
) -> bool:
    """Print the signed agreement (the paper copy has no seal; the PDF copy does)."""
    printer = printer or QPrinter(QPrinter.PrinterMode.HighResolution)
    if not (ask or ask_to_print)(parent, printer):
        return False
    facts: CertificateFacts = certificate_facts(material)
    paint_signed_agreement(printer, material.record, facts)
    return True
