"""The GUI entry point: show the kiosk window first, then open the store."""

from __future__ import annotations

import logging
import os
import sys
import threading

from zzsign.config import Settings

log = logging.getLogger(__name__)

#: The application's property saying it has been styled by :func:`create_application`.


def create_application(argv: list[str]):  # -> QApplication (Qt imported lazily)
    """The QApplication, styled for the kiosk: Qt's Fusion style and the kiosk's style sheet,
    once (asked again, the application is returned as it is: styling again would re-polish
    every widget it has)."""
    from PySide6.QtWidgets import QApplication

    _quicken_pyside_import_hook()
    from zzsign.views.style import STYLE_SHEET

    app = QApplication.instance()
    if app is None:
        # Fusion named as on Qt's command line: setStyle would hand back the QStyle, and
        # PySide would make its ten enums for Python first (some 5 ms before the first paint).
        app = QApplication([*argv, "-style", "Fusion"])
    elif app.styleSheet() == STYLE_SHEET:
        return app  # made here already: as it is
    else:
        app.setStyle("Fusion")
    app.setApplicationName("zzsign")
    app.setOrganizationName("ZZ Servers")
    app.setDesktopFileName("zzsign")  # the launcher (zzsign.desktop): its icon on the window
    app.setStyleSheet(STYLE_SHEET)
    return app


def _quicken_pyside_import_hook() -> None:
    """Make PySide6's check of every module imported after it cheap.

    PySide6 asks of each newly imported module whether its source names "PySide6" (its
    ``__feature__`` switching, PYSIDE-2029) through ``inspect.getsource``: about 0.2 ms a
    module, some 70 ms for SQLAlchemy's modules when the store opens. The same question is
    answered here by reading the file's bytes. Left as it is if PySide6 changes that function.
    """
    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if original is None or getattr(original, "quick", False):
        return

    def uses_pyside(module) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return original(module)
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return original(module)

    uses_pyside.quick = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside


#: How often the kiosk tries again to open a store it could not open (locked, full, keyring).
RETRY_OPEN_MS = 10_000


def connect_store(window, settings: Settings, secrets=None, retry_ms: int = RETRY_OPEN_MS) -> None:
    """Open the store and hand the signing service to ``window`` (or say why it can't).

    A storage fault that may clear by itself or by IT's hand (a lock, a full disk, a read-only
    folder) is tried again every ``retry_ms`` while the sentence stays on screen, so the kiosk
    becomes ready without a restart. Not a damaged file (IT restores it), nor the keyring
    (trying again could prompt for its password every few seconds).
    """
    from PySide6.QtCore import QCoreApplication, QTimer

    from zzsign.services.errors import StorageFaultError, StoreUnavailableError
    from zzsign.services.hr import HrAccess
    from zzsign.services.signing import SigningService
    from zzsign.services.store import check_deferred, open_store

    try:
        store = open_store(settings, secrets, full_check=False)
    except StoreUnavailableError as failure:
        window.set_unavailable(failure.message)
        if isinstance(failure, StorageFaultError):
            QTimer.singleShot(
                retry_ms, window, lambda: connect_store(window, settings, secrets, retry_ms)
            )
        return
    service = SigningService(store)
    window.set_service(
        service, HrAccess(store.sessions, pin=store.hr_pin, secrets=store.secrets), store
    )
    # The keyring's copy of the newest chain entry is written on a thread: finish it at quit.
    QCoreApplication.instance().aboutToQuit.connect(store.anchor.flush)
    if check_deferred(settings):
        check_in_background(window, service, settings)


def get_ready(window, settings: Settings, secrets=None, retry_ms: int = RETRY_OPEN_MS) -> None:
    """Enable *Start* on a quick readiness answer, and open the store on a thread meanwhile.

    The answer (:func:`zzsign.services.readiness.check_readiness`) is a read-only look at the
    store file: it needs neither SQLAlchemy nor the ORM store nor the keyring. They load, the
    store opens and the keyring is read (``secrets``, or the keyring ``keyring`` chooses,
    made there) on a thread while the hire reads and types; whatever fails there (the file, a
    lock, the keyring, the signing key) is said as :func:`open_in_background` says it. When
    the store is not known ready that way (a first start, an upgrade to make, a damaged file,
    another database), it is opened here, as :func:`connect_store` does, and says itself what
    is wrong.
    """
    from zzsign.services.readiness import SigningWhileOpening, check_readiness
    from zzsign.views.later import after_pending_paints

    readiness = check_readiness(settings)
    if readiness is None:
        connect_store(window, settings, secrets, retry_ms)
        _warm_up_signed_copies()
        return
    signing = SigningWhileOpening(readiness)
    window.set_service(signing)  # Start enabled; once painted, the later pages are built
    # ... and then the thread starts, so that neither waits for it.
    after_pending_paints(
        window, lambda: open_in_background(window, signing, settings, secrets, retry_ms)
    )


def open_in_background(
    window, signing, settings: Settings, secrets, retry_ms: int = RETRY_OPEN_MS
) -> threading.Thread:
    """Open the store on a thread for ``signing`` (a SigningWhileOpening the window signs
    with), then give the window the store (HR's way in) — or, if it cannot be opened, the
    store's one sentence, tried again every ``retry_ms`` for a fault that may clear.

    ``keyring`` is imported, and the keyring read, on that thread only (``secrets``: the
    keyring ``keyring`` chooses when None): the GUI thread imports none of it meanwhile, so it
    never waits on the thread's import lock. A keyring that is missing or locked, or a signing
    key gone, is one more way the store fails to open, said the same way (not tried again: it
    could prompt for the keyring's password every few seconds)."""
    from PySide6.QtCore import QCoreApplication, QTimer

    from zzsign.services.errors import StorageFaultError, StoreUnavailableError
    from zzsign.views import later

    later.prepare()
    outcome: dict = {}

    def open_it() -> None:
        try:
            from zzsign.services.hr import HrAccess  # noqa: F401 - loaded here, used there
            from zzsign.services.signing import SigningService
            from zzsign.services.store import open_store

            store = open_store(settings, secrets, full_check=False)
            outcome["store"] = store
            signing.opened(SigningService(store, signing.clock))
        except StoreUnavailableError as failure:
            outcome["failure"] = failure
            signing.failed(failure.message)
        except BaseException as unexpected:  # raised again on the GUI thread (the error hook)
            outcome["unexpected"] = unexpected
            signing.failed(UNEXPECTED)  # so that a Sign waiting for the store never hangs
        # settled on the GUI thread; the thread touches no widget (the window may be gone)
        later.after_pending_paints(window, settle)
        later.after_pending_paints(QCoreApplication.instance(), close_if_unsettled)

    def close_if_unsettled() -> None:
        """The window went before the store was handed to it: close the store."""
        store = outcome.get("store")
        if store is not None and not outcome.get("settled"):
            store.close()

    def settle() -> None:
        outcome["settled"] = True
        if "unexpected" in outcome:
            window.set_unavailable(UNEXPECTED)
            raise outcome["unexpected"]
        failure = outcome.get("failure")
        if failure is not None:
            window.set_unavailable(failure.message)
            if isinstance(failure, StorageFaultError):
                QTimer.singleShot(retry_ms, window, retry)
            return
        from zzsign.services.hr import HrAccess
        from zzsign.services.store import check_deferred

        store = outcome["store"]
        window.set_service(
            signing, HrAccess(store.sessions, pin=store.hr_pin, secrets=store.secrets), store
        )
        # The keyring's copy of the newest chain entry is written on a thread: finish it at quit.
        QCoreApplication.instance().aboutToQuit.connect(store.anchor.flush)
        if check_deferred(settings):
            check_in_background(window, signing, settings)
        _warm_up_signed_copies()

    def retry() -> None:
        signing.reopening()
        open_in_background(window, signing, settings, secrets, retry_ms)

    thread = threading.Thread(target=open_it, name="zzsign-open-store", daemon=True)
    thread.start()
    return thread


#: What the kiosk says when opening the store failed in a way nobody foresaw.
UNEXPECTED = (
    "Something went wrong inside zzsign; please tell IT. Nothing already signed was affected."
)


def check_in_background(window, service, settings: Settings) -> threading.Thread:
    """A big store's damage check, on a thread while hires read: if the file turns out damaged,
    signing is refused and the kiosk says so (long before anyone could reach *Sign*)."""
    from zzsign.services.store import check_for_damage
    from zzsign.views import later

    later.prepare()

    def check() -> None:
        message = check_for_damage(settings)
        if message is not None:
            service.refuse_signing(message)  # at once: no signing from now on
            later.after_pending_paints(window, lambda: window.set_unavailable(message))

    thread = threading.Thread(target=check, name="zzsign-integrity-check", daemon=True)
    thread.start()
    return thread


def _install_exception_hook() -> None:
    """Unexpected errors: log the type (never the data) and tell the person in one sentence."""

    def hook(kind, value, traceback) -> None:
        log.critical("Unexpected error: %s", kind.__name__, exc_info=(kind, value, traceback))
        from PySide6.QtWidgets import QApplication, QMessageBox

        if QApplication.instance() is not None:
            QMessageBox.critical(
                None,
                "zzsign",
                UNEXPECTED,
            )

    sys.excepthook = hook


def start_kiosk(
    settings: Settings,
    argv: list[str],
    *,
    full_screen: bool = False,
    secrets=None,
    screen_saver=None,
):
    """Put the kiosk window on screen; the store opens once the window has been painted.

    In kiosk mode (``settings.kiosk``) the window fills the primary screen and only HR can
    leave it; the screen saver is held off while a hire signs (``screen_saver``: the
    platform's own by default). Short-lived files left in the scratch folder by a previous run
    (HR's copies opened in a viewer) are wiped first.
    """
    os.umask(0o077)
    create_application(argv)
    from zzsign.files import empty_folder
    from zzsign.views.kiosk_window import KioskWindow
    from zzsign.views.language import use_system_language
    from zzsign.views.screen_saver import screen_saver_guard

    _install_exception_hook()
    empty_folder(settings.scratch_dir)
    use_system_language()  # the interface speaks the laptop's language (when it is offered)
    window = KioskWindow(
        idle_reset_ms=settings.idle_reset_seconds * 1000,
        kiosk_mode=settings.kiosk,
        screen_saver=screen_saver if screen_saver is not None else screen_saver_guard(),
        scratch_dir=settings.scratch_dir,
    )
    # The database and its libraries load only after the hire can see the window; Start is
    # enabled on a quick look at the store, which opens fully on a thread meanwhile.
    window.when_first_exposed(lambda: get_ready(window, settings, secrets))
    if settings.kiosk:
        window.show_kiosk()
    elif full_screen:
        window.showFullScreen()
    else:
        window.show()
    return window


def _warm_up_signed_copies() -> None:
    """Load the PDF libraries on a thread once the store is open, so a hire's first copy is
    quick."""
    from zzsign.services.pdf_copy import warm_up

    warm_up()


def keep_temporary_files_in(folder, environ=os.environ) -> None:
    """Send every temporary file of this process (Python's ``tempfile``, Qt's QTemporaryFile,
    such as a print job's spool file) into ``folder``: the owner-only scratch folder, which
    is emptied between hires, at close and at start, so nothing is left in ``/tmp``."""
    import tempfile

    from zzsign.files import make_private_folder

    make_private_folder(folder)
    environ["TMPDIR"] = str(folder)
    tempfile.tempdir = None  # looked up again from TMPDIR on next use


def run_gui(settings: Settings, argv: list[str], *, full_screen: bool = False) -> int:
    """Start the kiosk window and run until it is closed."""
    from PySide6.QtWidgets import QApplication

    keep_temporary_files_in(settings.scratch_dir)
    window = start_kiosk(settings, argv, full_screen=full_screen)
    code = QApplication.instance().exec()
    del window
    return code
