"""``zzsign export``: records out as CSV, XLSX, JSON or one merged PDF, never half-written.

Records are streamed from a read snapshot of the store (a deferred SQLite transaction, so the
kiosk can keep signing meanwhile) and each is opened with HR's private key; memory stays flat
whatever the number of records. Every export is written to a temporary file beside the target
and renamed over it only when complete, so a failed or interrupted export leaves nothing behind.

The modules, each one idea:

* :mod:`~zzsign.services.export.kinds` — any kind of export, as HR's workspace makes it;
* :mod:`~zzsign.services.export.selection` — which records an export holds (:class:`ExportFilter`);
* :mod:`~zzsign.services.export.output` — what every export shares: the file appears only when
  complete, progress is told the same way, the outcome (:class:`ExportResult`);
* :mod:`~zzsign.services.export.problems` — the one sentence a failed export ends in;
* :mod:`~zzsign.services.export.table` — CSV and XLSX (and the entry point of the JSON export);
* :mod:`~zzsign.services.export.rows` and :mod:`~zzsign.services.export.workers` — a table's rows
  opened in this process or, from :data:`~zzsign.services.export.table.PARALLEL_FROM` records
  on, in worker processes on every core; either way the rows and bytes are the same;
* :mod:`~zzsign.services.export.json_records` — the JSON export, also the evidence package's
  ``records.json``;
* :mod:`~zzsign.services.export.merged_pdf` — one merged PDF of the signed copies.

The evidence package is an export too (:mod:`zzsign.services.evidence.writing`), built on
``selection``, ``output`` and ``json_records``; nothing here imports it but ``kinds``.

Every kind of export reports its progress the same way, and can be cancelled the same way: an
:data:`~zzsign.services.export.output.ExportProgress` callback is told ``(done, total)`` once
before the first record and again after each one (``total`` is known up front), and may raise
:class:`~zzsign.services.export.output.ExportCancelled` to stop; the temporary file is then
removed like after any other failure, and any worker processes ended.

Spreadsheet safety: formula-like text is neutralised in CSV and XLSX alike (see
:func:`~zzsign.services.export.rows.neutralise`).

Every sentence a failed export ends in is a :class:`~zzsign.domain.messages.Message`: English as
a ``str`` (the command line), shown in the interface's language in HR's export dialog.

This package's ``__init__`` imports nothing: an export's worker processes import
:mod:`~zzsign.services.export.workers` alone, without SQLAlchemy or Qt.
"""
