"""What the copy calls things: its title, the audit steps, times, and each kind of copy.

Plain Python (no Qt), so services can use the same words without loading any drawing.
"""

from __future__ import annotations

from dataclasses import dataclass

from zzsign.domain.clock import Timestamp
from zzsign.domain.record import Step

#: The name under which the signed copy carries its evidence (JSON).
ATTACHMENT_NAME = "zzsign-record.json"
PDF_TITLE = "Employee Confidentiality Agreement — signed copy"
#: What a printed copy says about itself, under every page and on its certificate (there with
#: the record ID; in the footer the record ID is on the line above).
PAPER_COPY_NOTICE = "Paper copy — not sealed. The sealed electronic record is kept by ZZ Servers HR"
#: What each copy in HR's combined PDF says about itself (merging drops each copy's seal and
#: attachment), in the same places as the paper copy's notice.
EXPORT_COPY_NOTICE = (
    "Copy from a combined HR export — not sealed. The sealed electronic record is kept by "
    "ZZ Servers HR"
)


@dataclass(frozen=True)
class CopyKind:
    """What the pages are, as they say it in the header's badge, in every footer and on the
    certificate: the sealed signed copy, or a copy without the seal and the attached record."""

    name: str  # "This certificate is part of the <name> above."
    badge: str  # the header's badge
    #: An unsealed copy's notice (footer and certificate); None for the sealed signed copy.
    unsealed_notice: str | None = None

    @property
    def sealed(self) -> bool:
        """The copy carries the seal and the attached record (so it can say so)."""
        return self.unsealed_notice is None


#: The PDF the hire takes away and HR makes again: sealed, the record attached.
SIGNED_COPY = CopyKind("signed copy", "SIGNED COPY")
#: *Print…* on the Done page.
PAPER_COPY = CopyKind("paper copy", "PAPER COPY — NOT SEALED", PAPER_COPY_NOTICE)
#: One signer's pages in HR's combined PDF export.
EXPORT_COPY = CopyKind("exported copy", "HR EXPORT — NOT SEALED", EXPORT_COPY_NOTICE)

STEP_LABELS = {
    Step.OPENED: "Opened the agreement",
    Step.DETAILS_ENTERED: "Entered signer details",
    Step.CONSENTED: "Consented to electronic records",
    Step.REACHED_END: "Reached the end of the agreement",
    Step.ACKNOWLEDGED_CLAUSE: "Acknowledged the Third Party Information clause",
    Step.ACKNOWLEDGED_AGREEMENT: "Acknowledged the agreement as a whole",
    Step.SIGNATURE_ADOPTED: "Adopted the signature",
    Step.SIGNED: "Signed",
}


def local_time(stamp: Timestamp) -> str:
    """``25 November 2026, 14:04:26 (UTC+01:00)``."""
    local = stamp.local
    return f"{local.day} {local:%B %Y, %H:%M:%S} (UTC{stamp.offset_iso})"


def short_local_time(stamp: Timestamp) -> str:
    """``2026-11-25 14:04:26 +01:00``: local time with its UTC offset, compact."""
    return f"{stamp.local:%Y-%m-%d %H:%M:%S} {stamp.offset_iso}"
