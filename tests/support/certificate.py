"""A hire signed through the kiosk's service, for the tests of the signed copy's certificate."""

from __future__ import annotations

from datetime import date

from support.store import walk_to_signature
from zzsign.domain.record import Step
from zzsign.domain.signature import DrawnSignature, TypedSignature
from zzsign.domain.signer import SignerDetails

#: What the kiosk records for a screen without a name.
EMPTY_SCREEN_NAME = "1920x1080 at 1x ()"  # what the kiosk records for a screen without a name
#: The strokes of a drawn signature.
STROKES = (tuple((10 + i * 7, 40 + (i % 5) * 9, i * 16) for i in range(40)),)


def sign(service, name: str, *, screen: str = EMPTY_SCREEN_NAME, typed: bool = False):
    """Sign as a hire through the kiosk's service; the copy material the Done page gets."""
    session = service.start_session()
    session.signer = SignerDetails(
        name, "zoe.nunez@zzservers.com", "E-1042", "Finance", date(2026, 12, 1)
    )
    walk_to_signature(session, service.clock)
    session.signature = (
        TypedSignature(name, "Dancing Script", "DancingScript-Regular.otf", b"png")
        if typed
        else DrawnSignature(STROKES, 600, 200, b"png")
    )
    session.mark(Step.SIGNATURE_ADOPTED, service.clock())
    receipt = service.sign(session, screen=screen)
    return service.copy_material(receipt)
