"""Page 6: everything that will be recorded, a way back to change it, and Sign agreement."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from zzsign.domain.record import SigningSession, Step
from zzsign.domain.signature import TypedSignature
from zzsign.views.language import long_date, long_date_time, signature_meaning, translate
from zzsign.views.widgets import ErrorMessage, Page, button, paragraph

SIGN_LABEL = QT_TRANSLATE_NOOP("ReviewPage", "Sign agreement")
CHANGE_DETAILS_LABEL = QT_TRANSLATE_NOOP("ReviewPage", "Change details")
CHANGE_SIGNATURE_LABEL = QT_TRANSLATE_NOOP("ReviewPage", "Change signature")
#: The rows' captions (English sources: :attr:`ReviewPage.values` is keyed by them).
DETAILS_ROWS = (
    QT_TRANSLATE_NOOP("ReviewPage", "Full legal name"),
    QT_TRANSLATE_NOOP("ReviewPage", "Work email"),
    QT_TRANSLATE_NOOP("ReviewPage", "Employee ID"),
    QT_TRANSLATE_NOOP("ReviewPage", "Department"),
    QT_TRANSLATE_NOOP("ReviewPage", "Start date"),
)
AGREEMENT_ROWS = (
    QT_TRANSLATE_NOOP("ReviewPage", "Agreement"),
    QT_TRANSLATE_NOOP("ReviewPage", "Electronic records"),
    QT_TRANSLATE_NOOP("ReviewPage", "Third Party Information"),
    QT_TRANSLATE_NOOP("ReviewPage", "Whole agreement"),
    QT_TRANSLATE_NOOP("ReviewPage", "Meaning of signature"),
)
#: The signature's width on the page, in pixels.
SIGNATURE_WIDTH = 320


def _local_time(session: SigningSession, step: Step) -> str:
    at = session.at(step)
    return f"{long_date_time(at.local)} UTC{at.offset_iso}"


class ReviewPage(Page):
    """A read-only summary in three parts (details, signature, agreement); the details and
    the signature each have a *Change* button that takes the hire back to fix them.

    Pressing Sign agreement commits the record.
    """

    title = QT_TRANSLATE_NOOP("Page", "Review and sign")
    sign_requested = Signal()
    back_requested = Signal()
    change_details_requested = Signal()
    change_signature_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.body.addWidget(
            paragraph(
                translate(
                    "ReviewPage",
                    "Check what will be recorded. When you press Sign agreement, your signature is "
                    "applied and the record is saved; it cannot be changed afterwards.",
                )
            )
        )
        self._summary = QWidget()
        self._grid = QGridLayout(self._summary)
        self._grid.setContentsMargins(0, 0, 4, 0)
        self._grid.setHorizontalSpacing(24)
        self._grid.setVerticalSpacing(8)
        self._grid.setColumnStretch(1, 1)
        self.change_details = button(translate("ReviewPage", CHANGE_DETAILS_LABEL))
        self.change_details.clicked.connect(self.change_details_requested)
        self.change_signature = button(translate("ReviewPage", CHANGE_SIGNATURE_LABEL))
        self.change_signature.clicked.connect(self.change_signature_requested)
        #: The value shown for each row, by its caption (in English, the source language).
        self.values: dict[str, QLabel] = {}
        # Your details (left) and your signature (right), each with its Change button; then
        # the agreement and what the hire did with it, across the page.
        yours = translate("ReviewPage", "Your details")
        self._grid.addLayout(self._heading(yours, self.change_details), 0, 0, 1, 2)
        signature_heading = translate("ReviewPage", "Your signature")
        self._grid.addLayout(self._heading(signature_heading, self.change_signature), 0, 3)
        for row, caption in enumerate(DETAILS_ROWS, start=1):
            self._row(caption, row, span=1)
        self.signature_kind = QLabel()
        self.signature_kind.setObjectName("muted")
        self.signature_image = QLabel()
        self.signature_image.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        signature = QVBoxLayout()
        signature.setSpacing(4)
        signature.addWidget(self.signature_kind)
        signature.addWidget(self.signature_image)
        signature.addStretch(1)
        below = len(DETAILS_ROWS) + 1
        self._grid.addLayout(signature, 1, 3, below, 1)  # beside the details, down to the gap
        self._grid.setRowMinimumHeight(below, 10)
        agreement_heading = self._heading(translate("ReviewPage", "The agreement"))
        self._grid.addLayout(agreement_heading, below + 1, 0, 1, 4)
        for row, caption in enumerate(AGREEMENT_ROWS, start=below + 2):
            self._row(caption, row, span=3)
        self._grid.setRowStretch(below + 2 + len(AGREEMENT_ROWS), 1)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._summary)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.body.addWidget(scroll, 1)
        self.problem = ErrorMessage()
        self.body.addWidget(self.problem)
        self.back = button(translate("ReviewPage", "Back"))
        self.back.clicked.connect(self.back_requested)
        self.sign = button(translate("ReviewPage", SIGN_LABEL), primary=True)
        self.sign.clicked.connect(self.sign_requested)
        self.add_footer(left=[self.back], right=[self.sign])

    @staticmethod
    def _heading(text: str, change: QWidget | None = None) -> QHBoxLayout:
        """A part's heading, with its *Change* button beside it."""
        row = QHBoxLayout()
        row.setSpacing(16)
        title = QLabel(text)
        title.setObjectName("reviewSection")
        title.setAccessibleName(text)
        row.addWidget(title)
        if change is not None:
            row.addWidget(change)
        row.addStretch(1)
        return row

    def _row(self, caption: str, row: int, *, span: int) -> None:
        value = QLabel()
        value.setWordWrap(True)
        value.setTextFormat(Qt.TextFormat.PlainText)
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        value.setAccessibleName(translate("ReviewPage", caption))
        self.values[caption] = value
        label = QLabel(translate("ReviewPage", caption))
        self._grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
        self._grid.addWidget(value, row, 1, 1, span, Qt.AlignmentFlag.AlignTop)

    def show_session(self, session: SigningSession) -> None:
        """Fill the summary from the session (which must be ready to sign)."""
        signer = session.signer
        signature = session.signature
        assert signer is not None and signature is not None
        agreement = session.agreement
        shown = {
            "Full legal name": signer.full_name,
            "Work email": signer.work_email,
            "Employee ID": signer.employee_id or "—",
            # An offered department in the interface's language (the record keeps English).
            "Department": translate("DetailsPage", signer.department),
            "Start date": long_date(signer.start_date),
            "Agreement": translate("ReviewPage", "{title}, version {version}").format(
                title=agreement.title, version=agreement.version
            ),
            "Electronic records": translate("ReviewPage", "Consented {when}").format(
                when=_local_time(session, Step.CONSENTED)
            ),
            "Third Party Information": translate("ReviewPage", "Acknowledged {when}").format(
                when=_local_time(session, Step.ACKNOWLEDGED_CLAUSE)
            ),
            "Whole agreement": translate("ReviewPage", "Acknowledged {when}").format(
                when=_local_time(session, Step.ACKNOWLEDGED_AGREEMENT)
            ),
            "Meaning of signature": "\n".join(
                text for text in signature_meaning(agreement.meaning) if text is not None
            ),
        }
        for caption, text in shown.items():
            self.values[caption].setText(text)
        pixmap = QPixmap()
        pixmap.loadFromData(signature.image_png, "PNG")
        pixmap.setDevicePixelRatio(max(pixmap.width() / SIGNATURE_WIDTH, 1.0))
        self.signature_image.setPixmap(pixmap)
        kind = (
            translate("ReviewPage", "Typed signature")
            if isinstance(signature, TypedSignature)
            else translate("ReviewPage", "Drawn signature")
        )
        self.signature_kind.setText(kind)
        self.signature_image.setAccessibleName(kind)
        self.problem.show_message(None)

    def show_failure(self, message: str) -> None:
        """Signing failed: say why; everything entered stays where it is."""
        self.problem.show_message(message)
        self.sign.setFocus()

    def on_enter(self) -> None:
        self.sign.setFocus()
