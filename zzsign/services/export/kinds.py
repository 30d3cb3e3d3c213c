"""Any kind of export, as HR's workspace makes it: one entry point for the five kinds."""

from __future__ import annotations

from pathlib import Path

from zzsign.domain.messages import QT_TRANSLATE_NOOP, Message
from zzsign.services.evidence.writing import export_evidence
from zzsign.services.export.merged_pdf import export_pdf
from zzsign.services.export.output import ExportProgress, ExportResult
from zzsign.services.export.problems import ExportError
from zzsign.services.export.selection import ExportFilter, store_url
from zzsign.services.export.table import TABLE_KINDS, export_table

#: The kinds of export, as ``zzsign export --format`` names them.
EXPORT_KINDS = ("csv", "xlsx", "json", "pdf", "evidence")


def export_records(
    store,
    hr_private_key: bytes,
    chosen: ExportFilter,
    kind: str,
    path: Path,
    progress: ExportProgress | None = None,
) -> ExportResult:
    """Any kind of export (one of :data:`EXPORT_KINDS`), as HR's workspace makes it.

    Raises :class:`ExportCancelled` if ``progress`` did, and a :class:`UserFacingError` (one
    sentence) if the export failed; either way nothing is left at ``path`` or beside it. PDF
    and evidence exports need a QGuiApplication, on its thread.
    """
    path = Path(path)
    try:
        if kind in TABLE_KINDS:
            count = export_table(store_url(store), hr_private_key, chosen, kind, path, progress)
            return ExportResult(path, count)
        if kind == "pdf":
            count, left_out = export_pdf(store, hr_private_key, chosen, path, progress)
        elif kind == "evidence":
            count, left_out = export_evidence(store, hr_private_key, chosen, path, progress)
        else:
            raise ValueError(f"not a kind of export: {kind!r}")
    except OSError as exc:
        raise ExportError(
            Message(
                QT_TRANSLATE_NOOP(
                    "Messages",
                    "{file} could not be written ({reason}), so nothing was saved; free some "
                    "space or choose another folder.",
                ),
                file=path.name,
                reason=exc.strerror or type(exc).__name__,
            )
        ) from exc
    return ExportResult(path, count, left_out)
