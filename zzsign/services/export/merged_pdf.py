"""One merged PDF of the signed copies, a bookmark per signer."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from zzsign.services.export.output import ExportProgress, atomic_output, reported
from zzsign.services.export.selection import ExportFilter, matching_local_ids, store_url
from zzsign.store.database import snapshot_sessions
from zzsign.store.records import RecordRepository


def merge_signed_copies(copies: Iterable[tuple[bytes, str]], out: Path) -> int:
    """Write one PDF of ``copies`` ((signed copy, bookmark title) pairs) to ``out``, a bookmark
    at the first page of each; returns how many were merged. Pure pypdf: no Qt, no store."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    count = 0
    for pdf, title in copies:
        first_page = len(writer.pages)
        writer.append(PdfReader(_bytes_io(pdf)), import_outline=False)
        writer.add_outline_item(title=title, page_number=first_page)
        count += 1
    writer.add_metadata({"/Title": "Signed confidentiality agreements", "/Producer": "zzsign"})
    with open(out, "wb") as file:
        writer.write(file)
    return count


def bookmark_title(record) -> str:
    """A signer's bookmark in a merged PDF: "Name — YYYY-MM-DD" (the local signing date)."""
    return f"{record.signer.full_name} — {record.signed_at.local.date().isoformat()}"


def export_pdf(
    store,
    hr_private_key: bytes,
    chosen: ExportFilter,
    path: Path,
    progress: ExportProgress | None = None,
) -> tuple[int, int]:
    """One merged PDF of the signed copies, a bookmark per signer ("Name — date"); merging
    keeps no seal or attachment, so each copy's pages say they are an unsealed exported copy.

    Only this installation's records can be sealed here; returns (exported, left out).
    Needs a QGuiApplication (the copies are rendered with QtGui), on its thread.
    """
    from zzsign.services.pdf_copy import make_export_copy, material_from_store

    sessions, release = snapshot_sessions(store_url(store))
    try:
        with atomic_output(path) as temporary, sessions() as db:
            ids, foreign = matching_local_ids(RecordRepository(db), store.installation_id, chosen)

            def copies() -> Iterator[tuple[bytes, str]]:
                for record_id in reported(ids, len(ids), progress):
                    material = material_from_store(
                        db, record_id, hr_private_key, store.seal, store.seal_endorsement
                    )
                    yield make_export_copy(material), bookmark_title(material.record)

            merge_signed_copies(copies(), temporary)
    finally:
        release()
    return len(ids), foreign


def _bytes_io(data: bytes):
    import io

    return io.BytesIO(data)
