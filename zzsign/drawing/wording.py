"""What the copy calls things: its title, the audit steps, and each kind of copy.

Plain Python (no Qt), so services can use the same words without loading any drawing. The words
drawn on the pages are English sources marked for translation in the context :data:`CONTEXT`;
the drawing translates them as it paints (``zzsign.drawing.dates`` writes the times), so a copy
is worded in the interface's language where it is made (English on the command line). The
document information (:data:`PDF_TITLE`) and the attached evidence stay English.
"""

from __future__ import annotations

from dataclasses import dataclass

from zzsign.domain.messages import QT_TRANSLATE_NOOP
from zzsign.domain.record import Step

#: The translation context of every word the copy draws on its pages.
CONTEXT = "SignedCopy"

#: The name under which the signed copy carries its evidence (JSON).
ATTACHMENT_NAME = "zzsign-record.json"
PDF_TITLE = "Employee Confidentiality Agreement — signed copy"
#: What a printed copy says about itself, under every page and on its certificate (there with
#: the record ID; in the footer the record ID is on the line above).
PAPER_COPY_NOTICE = QT_TRANSLATE_NOOP(
    "SignedCopy", "Paper copy — not sealed. The sealed electronic record is kept by ZZ Servers HR"
)
#: What each copy in HR's combined PDF says about itself (merging drops each copy's seal and
#: attachment), in the same places as the paper copy's notice.
EXPORT_COPY_NOTICE = QT_TRANSLATE_NOOP(
    "SignedCopy",
    "Copy from a combined HR export — not sealed. The sealed electronic record is kept by "
    "ZZ Servers HR",
)


@dataclass(frozen=True)
class CopyKind:
    """What the pages are, as they say it in the header's badge, in every footer and on the
    certificate: the sealed signed copy, or a copy without the seal and the attached record.
    Each text is an English source, translated in :data:`CONTEXT` where it is drawn."""

    #: The certificate's opening sentence, which names the copy.
    intro: str
    badge: str  # the header's badge
    #: An unsealed copy's notice (footer and certificate); None for the sealed signed copy.
    unsealed_notice: str | None = None

    @property
    def sealed(self) -> bool:
        """The copy carries the seal and the attached record (so it can say so)."""
        return self.unsealed_notice is None


#: The PDF the hire takes away and HR makes again: sealed, the record attached.
SIGNED_COPY = CopyKind(
    QT_TRANSLATE_NOOP(
        "SignedCopy",
        "This certificate is part of the signed copy above. It records who signed, what was "
        "signed, and when, where and how each step was completed.",
    ),
    QT_TRANSLATE_NOOP("SignedCopy", "SIGNED COPY"),
)
#: *Print…* on the Done page.
PAPER_COPY = CopyKind(
    QT_TRANSLATE_NOOP(
        "SignedCopy",
        "This certificate is part of the paper copy above. It records who signed, what was "
        "signed, and when, where and how each step was completed.",
    ),
    QT_TRANSLATE_NOOP("SignedCopy", "PAPER COPY — NOT SEALED"),
    PAPER_COPY_NOTICE,
)
#: One signer's pages in HR's combined PDF export.
EXPORT_COPY = CopyKind(
    QT_TRANSLATE_NOOP(
        "SignedCopy",
        "This certificate is part of the exported copy above. It records who signed, what was "
        "signed, and when, where and how each step was completed.",
    ),
    QT_TRANSLATE_NOOP("SignedCopy", "HR EXPORT — NOT SEALED"),
    EXPORT_COPY_NOTICE,
)

STEP_LABELS = {
    Step.OPENED: QT_TRANSLATE_NOOP("SignedCopy", "Opened the agreement"),
    Step.DETAILS_ENTERED: QT_TRANSLATE_NOOP("SignedCopy", "Entered signer details"),
    Step.CONSENTED: QT_TRANSLATE_NOOP("SignedCopy", "Consented to electronic records"),
    Step.REACHED_END: QT_TRANSLATE_NOOP("SignedCopy", "Reached the end of the agreement"),
    Step.ACKNOWLEDGED_CLAUSE: QT_TRANSLATE_NOOP(
        "SignedCopy", "Acknowledged the Third Party Information clause"
    ),
    Step.ACKNOWLEDGED_AGREEMENT: QT_TRANSLATE_NOOP(
        "SignedCopy", "Acknowledged the agreement as a whole"
    ),
    Step.SIGNATURE_ADOPTED: QT_TRANSLATE_NOOP("SignedCopy", "Adopted the signature"),
    Step.SIGNED: QT_TRANSLATE_NOOP("SignedCopy", "Signed"),
}
