"""The signing wizard: seven pages in one window, driven by one SigningSession."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QStackedWidget, QVBoxLayout, QWidget

from zzsign.domain.record import Step
from zzsign.files import write_file_atomically
from zzsign.services.errors import SigningFailedError
from zzsign.views.pages.welcome import WelcomePage
from zzsign.views.widgets import Page

if TYPE_CHECKING:
    from zzsign.domain.record import SigningSession
    from zzsign.domain.signature import Signature
    from zzsign.domain.signer import SignerDetails
    from zzsign.services.signing import SigningReceipt, SigningService

STEP_NAMES = ("Your details", "Consent", "Read", "Sign", "Review", "Done")


class SigningWizard(QWidget):
    """One hire's pass through the flow. Thrown away whole when the next hire begins."""

    finished = Signal()

    def __init__(self, service: SigningService | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self.session: SigningSession | None = None
        self.receipt: SigningReceipt | None = None
        self._copy: bytes | None = None
        self._numbered: list[Page] = []  # the pages that count as steps, once they exist
        #: Replaced in tests: the printer and the print dialog.
        self.printer = None
        self.ask_to_print = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.progress = QLabel()
        self.progress.setObjectName("progress")
        self.progress.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.progress)
        self.pages = QStackedWidget()
        layout.addWidget(self.pages, 1)

        self.welcome = WelcomePage()
        self.welcome.start_requested.connect(self._start)
        self._add(self.welcome)
        if service is not None:
            self.set_service(service)

    # -- set-up -----------------------------------------------------------------------------
    def set_service(self, service: SigningService) -> None:
        """The store is open: build the pages that need the agreement, and allow Start."""
        # Imported here so that the welcome page reaches the screen without paying for them.
        from zzsign.views.pages.agreement import AgreementPage
        from zzsign.views.pages.consent import ConsentPage, DeclinedPage
        from zzsign.views.pages.details import DetailsPage
        from zzsign.views.pages.done import DonePage
        from zzsign.views.pages.review import ReviewPage
        from zzsign.views.pages.sign import SignPage

        self._service = service
        agreement, disclosure = service.agreement, service.disclosure

        self.details = DetailsPage(date.today())
        self.details.back_requested.connect(lambda: self._go(self.welcome))
        self.details.submitted.connect(self._details_entered)

        self.consent = ConsentPage(disclosure)
        self.consent.back_requested.connect(lambda: self._go(self.details))
        self.consent.declined.connect(lambda: self._go(self.declined))
        self.consent.consented.connect(self._consented)
        self.declined = DeclinedPage()
        self.declined.finished.connect(self.finished)

        self.agreement = AgreementPage(agreement)
        self.agreement.back_requested.connect(lambda: self._go(self.consent))
        self.agreement.reached_end.connect(lambda: self._mark(Step.REACHED_END))
        self.agreement.clause_acknowledged.connect(lambda: self._mark(Step.ACKNOWLEDGED_CLAUSE))
        self.agreement.agreement_acknowledged.connect(
            lambda: self._mark(Step.ACKNOWLEDGED_AGREEMENT)
        )
        self.agreement.completed.connect(lambda: self._go(self.sign))

        self.sign = SignPage(agreement)
        self.sign.back_requested.connect(lambda: self._go(self.agreement))
        self.sign.adopted.connect(self._signature_adopted)

        self.review = ReviewPage()
        self.review.back_requested.connect(lambda: self._go(self.sign))
        self.review.sign_requested.connect(self._sign)

        self.done = DonePage()
        self.done.finished.connect(self.finished)
        self.done.save_requested.connect(self._save_copy)
        self.done.print_requested.connect(self._print_copy)
        self._numbered = [self.details, self.consent, self.agreement, self.sign, self.review,
                          self.done]
        for page in (self.details, self.consent, self.declined, self.agreement, self.sign,
                     self.review, self.done):
            self._add(page)
        self.welcome.set_ready()
        self._go(self.welcome)

    def _add(self, page: Page) -> None:
        self.pages.addWidget(page)

    def current_page(self) -> Page:
        """The page on screen."""
        page = self.pages.currentWidget()
        assert isinstance(page, Page)
        return page

    def _go(self, page: Page) -> None:
        self.pages.setCurrentWidget(page)
        if page in self._numbered:
            index = self._numbered.index(page)
            self.progress.setText(f"Step {index + 1} of {len(STEP_NAMES)} · {STEP_NAMES[index]}")
        else:
            self.progress.setText("ZZ Servers · Onboarding")
        page.on_enter()

    # -- the flow ---------------------------------------------------------------------------
    def _mark(self, step: Step) -> None:
        assert self.session is not None and self._service is not None
        self.session.mark(step, self._service.clock())

    def _start(self) -> None:
        assert self._service is not None
        self.session = self._service.start_session()
        self._go(self.details)

    def _details_entered(self, details: SignerDetails) -> None:
        assert self.session is not None
        self.session.signer = details
        self.sign.set_full_name(details.full_name)
        self._mark(Step.DETAILS_ENTERED)
        self._go(self.consent)

    def _consented(self) -> None:
        self._mark(Step.CONSENTED)
        self._go(self.agreement)

    def _signature_adopted(self, signature: Signature) -> None:
        assert self.session is not None
        self.session.signature = signature
        self._mark(Step.SIGNATURE_ADOPTED)
        self.review.show_session(self.session)
        self._go(self.review)

    def _sign(self) -> None:
        assert self.session is not None and self._service is not None
        self.review.sign.setEnabled(False)
        try:
            receipt = self._service.sign(self.session, screen=self._screen_description())
        except SigningFailedError as failure:
            self.review.show_failure(failure.message)
            return
        finally:
            self.review.sign.setEnabled(True)
        self.receipt = receipt
        self.done.show_receipt(receipt.record_id, receipt.signed_at)
        self._go(self.done)

    # -- the hire's copy ----------------------------------------------------------------------
    def _signed_copy(self) -> bytes | None:
        """The sealed PDF of this hire's record, made once; None (and a message) on failure."""
        from zzsign.services.errors import UserFacingError

        assert self._service is not None and self.receipt is not None
        if self._copy is None:
            self.setCursor(Qt.CursorShape.BusyCursor)
            try:
                self._copy = self._service.signed_copy(self.receipt)
            except UserFacingError as failure:
                self.done.show_copy_result(failure.message, failed=True)
            finally:
                self.unsetCursor()
        return self._copy

    def _save_copy(self) -> None:
        from zzsign.views.pages.done import suggested_file_name

        assert self.receipt is not None
        path = self.done.choose_path(self, suggested_file_name(self.receipt.signed_at))
        copy = self._signed_copy() if path else None
        if path is None or copy is None:
            return
        try:
            write_file_atomically(Path(path), copy)
        except OSError:
            self.done.show_copy_result(
                "The copy could not be saved there; choose another place (is the drive full or "
                "read-only?).", failed=True)
            return
        self.done.show_copy_result(f"Your signed copy was saved as {Path(path).name}.")

    def _print_copy(self) -> None:
        from zzsign.views.printing import print_copy

        assert self._service is not None and self.receipt is not None
        material = self._service.copy_material(self.receipt)
        if print_copy(self, material, printer=self.printer, ask=self.ask_to_print):
            self.done.show_copy_result("Your signed copy was sent to the printer.")

    def _screen_description(self) -> str:
        screen = self.screen()
        size = screen.size()
        return f"{size.width()}x{size.height()} at {screen.devicePixelRatio():g}x ({screen.name()})"

    def discard(self) -> None:
        """Forget this hire: drop the session, blank every input, and schedule deletion."""
        self.session = None
        self.receipt = None
        self._copy = None
        self.hide()
        for editor in self.findChildren(QLineEdit):
            editor.setText("")
        self.setParent(None)
        self.deleteLater()

    def is_pristine(self) -> bool:
        """True on the welcome page before anyone has pressed Start."""
        return self.session is None and self.current_page() is self.welcome
