"""Everything zzsign draws, with QtGui only (never QtWidgets): the screen, the printer and the PDF
share it, so a signature or the agreement looks the same wherever it is shown.

Views reach it through services (``services/drawing.py``, ``services/pdf_copy.py``).

* ``fonts`` — the bundled fonts (handwriting, Devanagari, Thai) and the fonts of the paper copy
* ``text`` — text direction, and wrapped text painted in its own direction
* ``agreement_look`` — the agreement's headings and its framed Third Party Information clause
* ``ink`` — a drawn or typed signature: the one drawing of strokes, and their images
* ``paper`` — the page: A4 at 300 DPI, margins, units and colours
* ``wording`` — what the copy calls things: title, step names, the paper-copy notice (English
  sources, translated as they are drawn: a copy speaks the interface's language)
* ``dates`` — days and times on the copy, in the interface's language
* ``layout`` — the agreement laid out for the page, with sensible page breaks
* ``signature_block`` — the signature, its meaning, the printed name and the date
* ``certificate`` — the certificate of completion
* ``furniture`` — the running header and footer of every page
* ``signed_agreement`` — all pages painted in order on a PDF writer or a printer

The PDF post-pass (ToUnicode fix, metadata, seal) turns bytes into bytes: ``zzsign.pdf``.
"""
