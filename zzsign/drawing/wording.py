"""What the signed copy calls things: its title, the audit steps, times, the paper-copy notice.

Plain Python (no Qt), so services can use the same words without loading any drawing.
"""

from __future__ import annotations

from zzsign.domain.clock import Timestamp
from zzsign.domain.record import Step

#: The name under which the signed copy carries its evidence (JSON).
ATTACHMENT_NAME = "zzsign-record.json"
PDF_TITLE = "Employee Confidentiality Agreement — signed copy"
#: What a printed copy says about itself, under every page and on its certificate (there with
#: the record ID; in the footer the record ID is on the line above).
PAPER_COPY_NOTICE = "Paper copy — not sealed. The sealed electronic record is kept by ZZ Servers HR"

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
