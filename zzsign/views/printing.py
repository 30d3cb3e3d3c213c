"""*Print…* on the Done page: real printers only, no print dialog, never a file.

The hire picks a printer by name (when there are several) on the Done page itself; the pages go
to that printer in its native format. Printers that make files (CUPS-PDF, "Microsoft Print to
PDF", XPS writers, fax) are never offered, and a printer that would write a file is refused.
"""

from __future__ import annotations

import re

from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from zzsign.domain.messages import QT_TRANSLATE_NOOP, Message
from zzsign.services.errors import UserFacingError
from zzsign.services.pdf_copy import CopyMaterial, paint_copy

NO_PRINTER = Message(
    QT_TRANSLATE_NOOP(
        "Messages",
        "No printer is connected to this laptop; save your copy to a USB drive, or ask HR "
        "for a copy.",
    )
)
#: Names and models of "printers" that write a file instead of paper.
FILE_PRINTER = re.compile(r"pdf|xps|onenote|fax|print to file|file writer", re.IGNORECASE)
#: The print job's name in the printer's queue (never the hire's name).
JOB_NAME = "Signed agreement"


class PrintFailedError(UserFacingError):
    """The pages did not reach the printer."""


def is_paper_printer(name: str, make_and_model: str = "") -> bool:
    """True unless the printer writes a file (a PDF or XPS printer, a fax, print to file)."""
    return not FILE_PRINTER.search(name) and not FILE_PRINTER.search(make_and_model)


def paper_printers() -> list[str]:
    """The names of this computer's printers that print on paper."""
    return [
        info.printerName()
        for info in QPrinterInfo.availablePrinters()
        if is_paper_printer(info.printerName(), info.makeAndModel())
    ]


def print_copy(printer_name: str, material: CopyMaterial) -> None:
    """Print the signed agreement on ``printer_name``, marked as an unsealed paper copy.

    Raises :class:`PrintFailedError` (one sentence) if the printer is gone, would write a file,
    or refused the job.
    """
    info = QPrinterInfo.printerInfo(printer_name)
    if info.isNull() or not is_paper_printer(info.printerName(), info.makeAndModel()):
        raise PrintFailedError(NO_PRINTER)
    printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
    printer.setOutputFileName("")
    printer.setDocName(JOB_NAME)
    if printer.outputFormat() != QPrinter.OutputFormat.NativeFormat:
        raise PrintFailedError(NO_PRINTER)  # no print system: Qt would write a PDF file instead
    try:
        paint_copy(printer, material)  # a paper copy: says on every page it is not sealed
    except RuntimeError as exc:
        raise PrintFailedError(_refused(printer_name)) from exc
    if printer.printerState() in (QPrinter.PrinterState.Error, QPrinter.PrinterState.Aborted):
        raise PrintFailedError(_refused(printer_name))


def _refused(printer_name: str) -> Message:
    return Message(
        QT_TRANSLATE_NOOP(
            "Messages",
            "The printer {printer} did not take your copy; check that it is on and has "
            "paper, then press Print… again, or save your copy to a USB drive.",
        ),
        printer=printer_name,
    )
