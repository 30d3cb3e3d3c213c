"""Start-up order (issue 11, point 8): nothing before the first paint that the welcome page does
not need, and Start enabled before the store, SQLAlchemy, the keyring, the PDF libraries and
the later pages load (tests/test_quick_start.py: what a hire meets while the store opens)."""

from __future__ import annotations

import json
import subprocess
import sys

from support.cli import cli_environment
from support.keyrings import FileKeyring
from support.start_up import START_AND_WATCH
from support.store import set_up_hr

from zzsign.cli import build_parser, parse_arguments
from zzsign.config import Settings
from zzsign.security.keyring_store import SecretStore
from zzsign.services.store import open_store
from zzsign.views.later import LOW_EVENT_PRIORITY


def test_the_window_paints_before_the_store_and_start_comes_before_the_pdf_libraries(
    tmp_path, monkeypatch
):
    keyring_file = tmp_path / "keyring.json"
    monkeypatch.setenv("ZZSIGN_TEST_KEYRING_FILE", str(keyring_file))
    store = open_store(
        Settings.resolve(data_dir=str(tmp_path / "data"), environ={}),
        SecretStore(backend=FileKeyring()),
    )
    set_up_hr(store.sessions)
    store.close()

    env = cli_environment(keyring_file)
    env["ZZSIGN_DATA_DIR"] = str(tmp_path / "data")
    done = subprocess.run(
        [sys.executable, "-c", START_AND_WATCH],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["before_paint"] == []
    assert seen["qt_namespace_before_paint"] is False
    assert seen["start_enabled"] is True
    # Start is enabled on a quick look at the store: neither the ORM store nor SQLAlchemy nor
    # the PDF libraries are loaded yet; the store opens on a thread after, HR's way in with it.
    assert seen["loaded_at_start"] == []
    assert seen["store_open_at_start"] is False
    assert seen["qt_namespace_at_start"] is False
    assert seen["store_opened"] is True
    assert seen["start_enabled_with_store"] is True
    assert seen["hr_entry_with_store"] is True
    # keyring is imported on the store's opening thread alone: the GUI thread never waits on
    # its import lock.
    assert seen["keyring_imported_on"] == ["zzsign-open-store"]


def test_the_first_page_shows_its_text_as_written(make_kiosk):
    """The labels made before the first paint take their text format and flags by name (see
    ``zzsign.views.widgets.show_as_written``): markup in them is shown, never read."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    kiosk = make_kiosk()
    welcome = kiosk.wizard.welcome
    welcome.problem.show_message("<b>Ask IT</b>")
    kiosk.show_notice("<i>Please wait</i>")
    paragraphs = [p for p in welcome.findChildren(QLabel) if p.wordWrap() and not p.objectName()]
    assert len(paragraphs) == 3
    for label in (welcome.problem, kiosk.notice, kiosk.wizard.progress, *paragraphs):
        assert label.textFormat() == Qt.TextFormat.PlainText
    assert welcome.problem.textInteractionFlags() == Qt.TextInteractionFlag.TextSelectableByMouse
    assert kiosk.notice.alignment() == Qt.AlignmentFlag.AlignCenter
    assert kiosk._hr_entry.isVisibleTo(kiosk)  # HR's way in: the store is open
    assert kiosk._hr_entry.cursor().shape() == Qt.CursorShape.PointingHandCursor
    assert Qt.EventPriority.LowEventPriority.value == LOW_EVENT_PRIORITY  # repaints' priority


def test_starting_the_window_parses_like_the_full_parser():
    for argv in ([], ["--kiosk"], ["--fullscreen"], ["--kiosk", "--fullscreen"]):
        assert vars(parse_arguments(argv)) == vars(build_parser().parse_args(argv))
    assert parse_arguments(["verify"]).verb == "verify"


def test_pages_asked_for_before_their_turn_are_built(kiosk):
    """The pages after Welcome are built just after Start is enabled; one asked for earlier
    (here at once) is built on the spot, and Start leads to it."""
    details = kiosk.wizard.details
    kiosk.wizard.welcome.start.click()
    assert kiosk.wizard.current_page() is details


def test_a_closed_kiosk_window_leaves_the_next_one_alone(make_kiosk, qtbot):
    """A kiosk window watches input from its first paint on, and stops when it is closed (its
    pages are gone): a hire on the next window signs undisturbed."""
    from support.hr import unlock_hr
    from support.kiosk import Hire, KioskDriver

    first = make_kiosk()
    first.toggle_full_screen()
    first.toggle_full_screen()
    unlock_hr(qtbot, first)
    assert first.close() is True
    second = make_kiosk()
    driver = KioskDriver(qtbot, second)
    driver.walk_to_review(Hire())
    driver.click("Sign agreement")
    assert driver.page is second.wizard.done
