"""Page 6: everything that will be recorded, and the final Sign agreement button."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFormLayout, QLabel, QScrollArea, QWidget

from zzsign.domain.record import SigningSession, Step
from zzsign.domain.signature import TypedSignature
from zzsign.views.widgets import ErrorMessage, Page, button, paragraph

SIGN_LABEL = "Sign agreement"


def _local_time(session: SigningSession, step: Step) -> str:
    at = session.at(step).local
    return at.strftime("%d %B %Y, %H:%M:%S ") + session.at(step).offset_iso.join(("UTC", ""))


class ReviewPage(Page):
    """A read-only summary; pressing Sign agreement commits the record."""

    title = "Review and sign"
    sign_requested = Signal()
    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.body.addWidget(
            paragraph(
                "Check what will be recorded. When you press Sign agreement, your signature is "
                "applied and the record is saved; it cannot be changed afterwards."
            )
        )
        self._summary = QWidget()
        self._form = QFormLayout(self._summary)
        self._form.setContentsMargins(0, 0, 0, 0)
        self._form.setHorizontalSpacing(24)
        self._form.setVerticalSpacing(8)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._summary)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.body.addWidget(scroll, 1)
        self.problem = ErrorMessage()
        self.body.addWidget(self.problem)
        self.back = button("Back")
        self.back.clicked.connect(self.back_requested)
        self.sign = button(SIGN_LABEL, primary=True)
        self.sign.clicked.connect(self.sign_requested)
        self.add_footer(left=[self.back], right=[self.sign])

    def show_session(self, session: SigningSession) -> None:
        """Fill the summary from the session (which must be ready to sign)."""
        while self._form.rowCount():
            self._form.removeRow(0)
        signer = session.signer
        signature = session.signature
        assert signer is not None and signature is not None
        agreement = session.agreement
        rows = [
            ("Full legal name", signer.full_name),
            ("Work email", signer.work_email),
            ("Employee ID", signer.employee_id or "—"),
            ("Department", signer.department),
            ("Start date", signer.start_date.strftime("%d %B %Y")),
            ("Agreement", f"{agreement.title}, version {agreement.version}"),
            ("Text fingerprint (SHA-256)", agreement.sha256),
            ("Electronic records", "Consented " + _local_time(session, Step.CONSENTED)),
            ("Third Party Information", "Acknowledged " + _local_time(
                session, Step.ACKNOWLEDGED_CLAUSE)),
            ("Whole agreement", "Acknowledged " + _local_time(
                session, Step.ACKNOWLEDGED_AGREEMENT)),
            ("Meaning of signature", agreement.meaning),
        ]
        for label, value in rows:
            field = QLabel(value)
            field.setWordWrap(True)
            field.setTextFormat(Qt.TextFormat.PlainText)
            field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            field.setAccessibleName(label)
            self._form.addRow(QLabel(label), field)
        image = QLabel()
        pixmap = QPixmap()
        pixmap.loadFromData(signature.image_png, "PNG")
        pixmap.setDevicePixelRatio(max(pixmap.width() / 420, 1.0))
        image.setPixmap(pixmap)
        image.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        kind = "Typed signature" if isinstance(signature, TypedSignature) else "Drawn signature"
        image.setAccessibleName(kind)
        self._form.addRow(QLabel(kind), image)
        self.problem.show_message(None)

    def show_failure(self, message: str) -> None:
        """Signing failed: say why; everything entered stays where it is."""
        self.problem.show_message(message)
        self.sign.setFocus()

    def on_enter(self) -> None:
        self.sign.setFocus()
