"""The signing wizard: seven pages in one window, driven by one SigningSession."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QStackedWidget, QVBoxLayout, QWidget

from zzsign.services.errors import SigningFailedError
from zzsign.views.language import translate
from zzsign.views.later import after_pending_paints
from zzsign.views.pages.welcome import WelcomePage
from zzsign.views.widgets import Page, show_as_written

if TYPE_CHECKING:
    from zzsign.domain.record import SigningSession, Step
    from zzsign.domain.signature import Signature
    from zzsign.domain.signer import SignerDetails
    from zzsign.services.pdf_copy import CopyMaterial
    from zzsign.services.readiness import SigningWhileOpening
    from zzsign.services.removable_media import RemovableDrive
    from zzsign.services.signing import SigningReceipt, SigningService

#: The steps the progress line names (translated where shown, in the context "Progress").
STEP_NAMES = (
    QT_TRANSLATE_NOOP("Progress", "Your details"),
    QT_TRANSLATE_NOOP("Progress", "Consent"),
    QT_TRANSLATE_NOOP("Progress", "Read"),
    QT_TRANSLATE_NOOP("Progress", "Sign"),
    QT_TRANSLATE_NOOP("Progress", "Review"),
    QT_TRANSLATE_NOOP("Progress", "Done"),
)


def print_on_paper(printer_name: str, material: CopyMaterial) -> None:
    """Print the hire's paper copy (imported on first use: printing loads the PDF renderer)."""
    from zzsign.views.printing import print_copy

    print_copy(printer_name, material)


def _steps() -> type[Step]:
    """The audit steps (the domain's record module loads after the welcome page is painted)."""
    from zzsign.domain.record import Step

    return Step


class SigningWizard(QWidget):
    """One hire's pass through the flow. Thrown away whole when the next hire begins."""

    finished = Signal()
    #: The hire chose *Change details* on Review: Continue on the details page returns there.
    _changing_details = False

    def __init__(
        self, service: SigningService | SigningWhileOpening | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._service = service
        self.session: SigningSession | None = None
        self.receipt: SigningReceipt | None = None
        self._copy: bytes | None = None
        self._numbered: list[Page] = []  # the pages that count as steps, once they exist
        #: Replaced in tests: prints the paper copy on the named printer, or raises
        #: UserFacingError.
        self.print_on: Callable[[str, CopyMaterial], None] = print_on_paper
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.progress = QLabel()
        self.progress.setObjectName("progress")
        show_as_written(self.progress)
        layout.addWidget(self.progress)
        self.pages = QStackedWidget()
        layout.addWidget(self.pages, 1)

        self.welcome = WelcomePage()
        self.welcome.start_requested.connect(self._start)
        self._add(self.welcome)
        if service is not None:
            self.set_service(service)

    # -- set-up -----------------------------------------------------------------------------
    def set_service(self, service: SigningService | SigningWhileOpening) -> None:
        """The store is open (or known ready): allow Start; the pages that need the agreement
        are built just after, once Start has been painted enabled (or as soon as anything asks
        for one)."""
        self._service = service
        self._pages_built = False
        self.welcome.set_ready()
        self._go(self.welcome)
        after_pending_paints(self, self._build_pages)

    #: The pages :meth:`_build_pages` makes once the store is open.
    _LATER_PAGES = frozenset(
        {"details", "consent", "declined", "agreement", "sign", "review", "done"}
    )

    def __getattr__(self, name: str):
        """A page asked for before its turn comes (at Start, or in a test) is built now."""
        if name in SigningWizard._LATER_PAGES and not self.__dict__.get("_pages_built", True):
            self._build_pages()
            return getattr(self, name)
        raise AttributeError(name)

    def is_on_done_page(self) -> bool:
        """True while the Done page is on screen."""
        return self.__dict__.get("_pages_built", False) and self.current_page() is self.done

    def _build_pages(self) -> None:
        """Build the pages after Welcome (once); imported here so that the welcome page
        reaches the screen, and Start is enabled, without paying for them."""
        if self.__dict__.get("_pages_built", True):
            return
        self._pages_built = True
        service = self._service
        assert service is not None
        from zzsign.drawing.fonts import load_bundled_fonts

        load_bundled_fonts()  # names in every script render, whatever fonts the laptop has
        from zzsign.views.pages.agreement import AgreementPage
        from zzsign.views.pages.consent import ConsentPage, DeclinedPage
        from zzsign.views.pages.details import DetailsPage
        from zzsign.views.pages.done import DonePage
        from zzsign.views.pages.review import ReviewPage
        from zzsign.views.pages.sign import SignPage

        Step = _steps()
        agreement, disclosure = service.agreement, service.disclosure

        self.details = DetailsPage(date.today(), email_domains=service.email_domains())
        self.details.back_requested.connect(self._back_from_details)
        self.details.submitted.connect(self._details_entered)

        self.consent = ConsentPage(disclosure)
        self.consent.back_requested.connect(lambda: self._go(self.details))
        self.consent.declined.connect(lambda: self._go(self.declined))
        self.consent.consented.connect(self._consented)
        self.declined = DeclinedPage()
        self.declined.finished.connect(self.finished)
        self.declined.back_requested.connect(lambda: self._go(self.consent))

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
        self.review.change_details_requested.connect(self._change_details)
        self.review.change_signature_requested.connect(lambda: self._go(self.sign))

        self.done = DonePage()
        self.done.finished.connect(self.finished)
        self.done.save_requested.connect(self._save_copy)
        self.done.print_requested.connect(self._print_copy)
        self._numbered = [
            self.details,
            self.consent,
            self.agreement,
            self.sign,
            self.review,
            self.done,
        ]
        for page in (
            self.details,
            self.consent,
            self.declined,
            self.agreement,
            self.sign,
            self.review,
            self.done,
        ):
            self._add(page)

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
            self.progress.setText(
                translate("Progress", "Step {step} of {steps} · {name}").format(
                    step=index + 1,
                    steps=len(STEP_NAMES),
                    name=translate("Progress", STEP_NAMES[index]),
                )
            )
        else:
            self.progress.setText(translate("Progress", "ZZ Servers · Onboarding"))
        page.on_enter()

    # -- the flow ---------------------------------------------------------------------------
    def _mark(self, step: Step) -> None:
        assert self.session is not None and self._service is not None
        self.session.mark(step, self._service.clock())

    def _start(self) -> None:
        assert self._service is not None
        self.session = self._service.start_session()
        self._changing_details = False
        self._go(self.details)

    def _details_entered(self, details: SignerDetails) -> None:
        assert self.session is not None
        self.session.signer = details
        self.sign.set_full_name(details.full_name)
        self._mark(_steps().DETAILS_ENTERED)
        if self._changing_details:
            self._changing_details = False
            self._details_changed()
            return
        self._go(self.consent)

    def _back_from_details(self) -> None:
        """Back: to Review when the hire came from there to change a detail, else to Welcome."""
        if self._changing_details:
            self._changing_details = False
            self._go(self.review)
        else:
            self._go(self.welcome)

    def _change_details(self) -> None:
        """From Review: the details page as the hire left it, and back to Review on Continue."""
        self._changing_details = True
        self._go(self.details)

    def _details_changed(self) -> None:
        """Back to Review, unless the signature no longer fits: a typed one must be the new
        legal name, so the sign page checks it again and says what to type."""
        assert self.session is not None and self.session.signer is not None
        signature = self.session.signature
        if signature is None or signature.problem(self.session.signer.full_name) is not None:
            self.session.signature = None
            self._go(self.sign)
            self.sign.recheck()
            return
        self.review.show_session(self.session)
        self._go(self.review)

    def _consented(self) -> None:
        self._mark(_steps().CONSENTED)
        self._go(self.agreement)

    def _signature_adopted(self, signature: Signature) -> None:
        assert self.session is not None
        self.session.signature = signature
        self._mark(_steps().SIGNATURE_ADOPTED)
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
            self.setCursor(QtCore.Qt.CursorShape.BusyCursor)
            try:
                self._copy = self._service.signed_copy(self.receipt)
            except UserFacingError as failure:
                self.done.show_copy_result(failure.message, failed=True)
            finally:
                self.unsetCursor()
        return self._copy

    def _save_copy(self, drive: RemovableDrive) -> None:
        """Save the sealed PDF on the USB drive the hire chose, and say where it went."""
        from zzsign.services.removable_media import CopyNotSavedError, save_copy

        assert self.receipt is not None
        copy = self._signed_copy()
        if copy is None:
            return
        self.setCursor(QtCore.Qt.CursorShape.BusyCursor)
        try:
            saved = save_copy(drive, self.receipt.record_id, copy)
        except CopyNotSavedError as failure:
            self.done.show_copy_result(failure.message, failed=True)
            return
        finally:
            self.unsetCursor()
        self.done.show_copy_result(saved.message)

    def _print_copy(self, printer_name: str) -> None:
        """Print the paper copy on the printer the hire chose; "sent" only once it was."""
        from zzsign.services.errors import UserFacingError

        assert self._service is not None and self.receipt is not None
        material = self._service.copy_material(self.receipt)
        self.setCursor(QtCore.Qt.CursorShape.BusyCursor)
        try:
            self.print_on(printer_name, material)
        except UserFacingError as failure:
            self.done.show_copy_result(failure.message, failed=True)
            return
        finally:
            self.unsetCursor()
        self.done.show_copy_result(
            translate(
                "SigningWizard", "Your signed copy was sent to the printer {printer}."
            ).format(printer=printer_name)
        )

    def _screen_description(self) -> str:
        screen = self.screen()
        size = screen.size()
        name = f" ({screen.name()})" if screen.name() else ""
        return f"{size.width()}x{size.height()} at {screen.devicePixelRatio():g}x{name}"

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
