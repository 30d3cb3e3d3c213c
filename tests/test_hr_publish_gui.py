"""HR's Agreements tab: the versions list, and publishing a new version through its preview."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontInfo, QGuiApplication, QTextDocument, QTextFormat
from PySide6.QtWidgets import QApplication
from support.network import CountingServer
from support.store import CLAUSE, HR_PASSWORD, SHIPPED, signed_session

from zzsign.services.agreements import list_versions, plain_removals, publish
from zzsign.services.agreements import prepare_publication as sanitise
from zzsign.services.hr import HrAccess
from zzsign.views.hr.agreements_tab import (
    COLUMN_KIOSK,
    COLUMN_SHA256,
    COLUMN_SIGNATURES,
    COLUMN_TITLE,
    COLUMN_VERSION,
    EARLIER_VERSION,
    SHOWN_AT_KIOSK,
    AgreementsTab,
)
from zzsign.views.hr.publish_dialog import NOTHING_REMOVED, PublishDialog

NEW_WORDS = "The 2027 edition of the agreement"


def hostile_markdown(counting_web_server: CountingServer) -> str:
    """A new version in Markdown with a script, remote images and a form mixed in."""
    return (
        f"# Employee Confidentiality Agreement\n\n{NEW_WORDS}, with **bold** words.\n\n"
        f"<script>fetch('{counting_web_server.url}/steal')</script>\n\n"
        f"![logo]({counting_web_server.url}/logo.png)\n\n"
        f'<img src="{counting_web_server.url}/pixel.gif" alt="tracker">\n\n'
        f'<form action="{counting_web_server.url}/collect"><input name="password"></form>\n\n'
        f"## 4. Third Party Information\n\n{CLAUSE}\n\n- Keep secrets secret.\n"
    )


def make_tab(qtbot, store, chosen: list[Path | None]) -> AgreementsTab:
    """The tab on its own, its file chooser answering with ``chosen`` one call at a time."""
    tab = AgreementsTab(store, choose_file=lambda _parent: chosen.pop(0))
    qtbot.addWidget(tab)
    tab.resize(1100, 600)
    tab.show()
    qtbot.waitExposed(tab)
    return tab


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def cell(tab: AgreementsTab, row: int, column: int) -> str:
    return tab.model.index(row, column).data()


def open_preview(qtbot, tab: AgreementsTab) -> PublishDialog:
    qtbot.mouseClick(tab.publish_button, Qt.MouseButton.LeftButton)
    dialog = tab.publish_dialog
    assert isinstance(dialog, PublishDialog), tab.problem.text()
    qtbot.waitExposed(dialog)
    return dialog


def image_count(document: QTextDocument) -> int:
    """How many images the laid-out document holds."""
    found = 0
    block = document.begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            kind = fragments.fragment().charFormat().objectType()
            found += kind == QTextFormat.ObjectTypes.ImageObject
            fragments += 1
        block = block.next()
    return found


def stored_versions(store) -> list[int]:
    return [v.version for v in list_versions(store.sessions)]


# -- the list ----------------------------------------------------------------------------------
def test_the_list_shows_version_1_with_its_full_hash_and_signature_count(
    qtbot, styled_application, store, service
):
    for name in ("Ada Lovelace", "Grace Hopper"):
        service.sign(signed_session(service, name), screen="x")
    tab = make_tab(qtbot, store, [])
    assert tab.model.rowCount() == 1
    assert cell(tab, 0, COLUMN_VERSION) == "1"
    assert cell(tab, 0, COLUMN_TITLE) == "Employee Confidentiality Agreement"
    assert cell(tab, 0, COLUMN_SIGNATURES) == "2"
    assert cell(tab, 0, COLUMN_SHA256) == SHIPPED.sha256
    assert cell(tab, 0, COLUMN_KIOSK) == SHOWN_AT_KIOSK
    assert QFontInfo(tab.model.index(0, COLUMN_SHA256).data(Qt.ItemDataRole.FontRole)).fixedPitch()
    assert tab.publish_button.accessibleName() == "Publish new version…"

    # Copying the hash, as HR would to compare it with a signed copy's certificate.
    QGuiApplication.clipboard().clear()
    tab.table.setFocus()
    tab.table.setCurrentIndex(tab.model.index(0, COLUMN_SHA256))
    qtbot.keyClick(tab.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == SHIPPED.sha256


# -- publishing --------------------------------------------------------------------------------
def test_publishing_a_markdown_file_shows_it_sanitised_then_lists_the_new_version(
    qtbot, styled_application, store, service, tmp_path, counting_web_server
):
    service.sign(signed_session(service, "Ada Lovelace"), screen="x")
    source = write(tmp_path, "agreement-2027.md", hostile_markdown(counting_web_server))
    tab = make_tab(qtbot, store, [source])
    dialog = open_preview(qtbot, tab)

    preview = dialog.preview.toPlainText()
    assert NEW_WORDS in preview and CLAUSE in preview
    for gone in ("fetch(", "steal", "logo", "tracker", "password", "127.0.0.1", "<"):
        assert gone not in preview, gone
    assert image_count(dialog.preview.document()) == 0
    # The clause is framed and shaded, as on the kiosk's agreement page.
    clause_frame = dialog.preview.document().find("Third Party Information.").currentFrame()
    assert clause_frame != dialog.preview.document().rootFrame()
    assert dialog.removed_lines == [
        "Forms and their fields: 1",
        "Images: 2",
        "Scripts (program code): 1",
    ]
    assert dialog.version.value() == 2 and dialog.version.accessibleName() == "Version"
    assert dialog.title.text() == SHIPPED.title
    assert dialog.preview.accessibleName() == f"{SHIPPED.title}, version 2"
    assert stored_versions(store) == [1]  # nothing is stored by previewing

    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert [cell(tab, row, COLUMN_VERSION) for row in range(2)] == ["2", "1"]
    assert [cell(tab, row, COLUMN_KIOSK) for row in range(2)] == [SHOWN_AT_KIOSK, EARLIER_VERSION]
    assert [cell(tab, row, COLUMN_SIGNATURES) for row in range(2)] == ["0", "1"]
    published = max(list_versions(store.sessions), key=lambda v: v.version)
    assert cell(tab, 0, COLUMN_SHA256) == published.sha256
    assert dialog.sha256.text().endswith(published.sha256)  # the preview named it beforehand
    assert tab.note.isVisible()
    assert "Version 2 is published" in tab.note.text() and "next hire" in tab.note.text()
    assert counting_web_server.requests == []

    # The kiosk's next hire reads the new version (the signing service looks between hires).
    assert service.refresh_agreement().version == 2
    assert NEW_WORDS in service.start_session().agreement.text


def test_enter_in_a_field_moves_to_publish_without_publishing_or_cancelling(
    qtbot, styled_application, store, tmp_path, counting_web_server
):
    tab = make_tab(qtbot, store, [write(tmp_path, "v2.md", hostile_markdown(counting_web_server))])
    dialog = open_preview(qtbot, tab)
    for field in (dialog.title, dialog.version):
        field.setFocus()
        qtbot.keyClick(field, Qt.Key.Key_Return)
        assert dialog.isVisible() and dialog.focusWidget() is dialog.confirm
    assert stored_versions(store) == [1]
    qtbot.keyClick(dialog.confirm, Qt.Key.Key_Return)  # Enter on Publish itself publishes
    assert not dialog.isVisible() and stored_versions(store) == [1, 2]


def test_cancel_in_the_preview_stores_nothing(
    qtbot, styled_application, store, tmp_path, counting_web_server
):
    source = write(tmp_path, "agreement-2027.md", hostile_markdown(counting_web_server))
    tab = make_tab(qtbot, store, [source])
    dialog = open_preview(qtbot, tab)
    cancel = next(
        b for b in dialog.findChildren(type(dialog.confirm)) if b.accessibleName() == "Cancel"
    )
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and tab.publish_dialog is None
    assert stored_versions(store) == [1]
    assert tab.model.rowCount() == 1 and not tab.note.isVisible()


def test_choosing_no_file_changes_nothing(qtbot, styled_application, store):
    tab = make_tab(qtbot, store, [None])
    qtbot.mouseClick(tab.publish_button, Qt.MouseButton.LeftButton)
    assert tab.publish_dialog is None and not tab.problem.isVisible()
    assert stored_versions(store) == [1]


@pytest.mark.parametrize(
    "name, content, says",
    [
        (
            "no-clause.md",
            "# Agreement\n\nNothing about third parties.\n",
            'no paragraph beginning "Third Party Information."',
        ),
        ("huge.md", b"Third Party Information. " + b"x" * (300 * 1024), "larger than 200 KB"),
        ("binary.html", b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "not UTF-8"),
        ("agreement.docx", f"{CLAUSE}\n", "neither Markdown (.md) nor HTML (.html)"),
    ],
)
def test_a_refused_file_says_why_in_one_sentence_and_stores_nothing(
    qtbot, styled_application, store, tmp_path, name, content, says
):
    tab = make_tab(qtbot, store, [write(tmp_path, name, content)])
    qtbot.mouseClick(tab.publish_button, Qt.MouseButton.LeftButton)
    assert tab.publish_dialog is None
    assert tab.problem.isVisible() and says in tab.problem.text()
    assert tab.problem.text().count(". ") <= 1 and tab.problem.text().endswith(".")
    assert stored_versions(store) == [1] and tab.model.rowCount() == 1


def test_a_missing_file_is_refused_in_one_sentence(qtbot, styled_application, store, tmp_path):
    tab = make_tab(qtbot, store, [tmp_path / "gone.md"])
    qtbot.mouseClick(tab.publish_button, Qt.MouseButton.LeftButton)
    assert tab.publish_dialog is None
    assert "gone.md could not be read" in tab.problem.text()


def test_a_refusal_at_publish_time_is_shown_in_the_preview_and_hr_can_choose_again(
    qtbot, styled_application, store, tmp_path, counting_web_server
):
    tab = make_tab(qtbot, store, [write(tmp_path, "v2.md", hostile_markdown(counting_web_server))])
    dialog = open_preview(qtbot, tab)
    dialog.title.setText("Employee Confidentiality Agreement (2027)")
    # Meanwhile someone publishes version 2 from the command line.
    publish(store.sessions, sanitise(f"# Other\n\n{CLAUSE}\n".encode(), "other.md"), 2)
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.problem.isVisible()
    assert "Version 2 is not newer than version 2" in dialog.problem.text()
    assert dialog.version.value() == 2  # what HR chose stays on screen
    assert dialog.title.text() == "Employee Confidentiality Agreement (2027)"
    assert stored_versions(store) == [1, 2]

    dialog.version.setValue(3)
    assert not dialog.problem.isVisible()
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert stored_versions(store) == [1, 2, 3]
    assert cell(tab, 0, COLUMN_TITLE) == "Employee Confidentiality Agreement (2027)"


def test_the_same_text_again_is_refused_in_the_preview(qtbot, styled_application, store, tmp_path):
    tab = make_tab(qtbot, store, [write(tmp_path, "v1-again.md", SHIPPED.text)])
    dialog = open_preview(qtbot, tab)
    assert dialog.removed_lines == [NOTHING_REMOVED]
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    assert "exactly version 1's" in dialog.problem.text()
    assert stored_versions(store) == [1]
    dialog.reject()


def test_locking_closes_an_open_preview_and_clears_the_list(
    qtbot, styled_application, store, tmp_path, counting_web_server
):
    tab = make_tab(qtbot, store, [write(tmp_path, "v2.md", hostile_markdown(counting_web_server))])
    dialog = open_preview(qtbot, tab)
    tab.wipe()
    assert not dialog.isVisible() and tab.publish_dialog is None
    assert tab.model.rowCount() == 0
    assert stored_versions(store) == [1]


# -- no remote resources -----------------------------------------------------------------------
def test_the_preview_viewer_fetches_nothing_even_from_unsanitised_html(
    qtbot, styled_application, counting_web_server
):
    """Defence in depth: the kiosk's viewer, which draws the preview, never reaches the network."""
    from zzsign.domain.documents import Agreement
    from zzsign.views.documents import document_viewer

    raw = (
        f'# Raw\n\n<img src="{counting_web_server.url}/pixel.gif">\n\n'
        f"![logo]({counting_web_server.url}/logo.png)\n\n"
        f'<p style="background: url({counting_web_server.url}/bg.png)">x</p>\n\n{CLAUSE}\n'
    )
    viewer = document_viewer(Agreement.from_text(9, "Raw", raw), "Raw")
    qtbot.addWidget(viewer)
    viewer.resize(700, 500)
    viewer.show()
    qtbot.waitExposed(viewer)
    viewer.grab()  # lay out and paint everything
    assert image_count(viewer.document()) >= 1  # Qt took the raw <img> as an image...
    QApplication.processEvents()
    qtbot.wait(200)  # a request, had one been made, would have arrived by now
    assert counting_web_server.requests == []  # ...and still asked no one for it


# -- the kiosk after publishing ----------------------------------------------------------------
def agreements_tab_of(workspace, store) -> AgreementsTab:
    """The workspace's Agreements tab (added here if the workspace does not have one yet)."""
    tabs = workspace.tabs
    for index in range(tabs.count()):
        if isinstance(tabs.widget(index), AgreementsTab):
            tabs.setCurrentIndex(index)
            return tabs.widget(index)
    tab = AgreementsTab(store)
    tabs.setCurrentIndex(tabs.addTab(tab, "Agreements"))
    return tab


def test_after_hr_publishes_and_locks_the_next_hire_reads_the_new_version(
    qtbot, styled_kiosk_over_store, store, tmp_path, counting_web_server
):
    from support.kiosk import Hire, KioskDriver

    window = styled_kiosk_over_store
    window.show_hr_workspace(HrAccess(store.sessions).unlock(HR_PASSWORD))
    tab = agreements_tab_of(window.workspace, store)
    tab.choose_file = lambda _parent: write(
        tmp_path, "agreement-2027.md", hostile_markdown(counting_web_server)
    )
    dialog = open_preview(qtbot, tab)
    preview_html = dialog.preview.document().toHtml()
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    assert cell(tab, 0, COLUMN_VERSION) == "2"

    qtbot.mouseClick(window.workspace.lock, Qt.MouseButton.LeftButton)
    driver = KioskDriver(qtbot, window)
    driver.enter_details(Hire())
    driver.consent()
    viewer = window.wizard.agreement.viewer
    assert viewer.accessibleName() == f"{SHIPPED.title}, version 2"
    assert NEW_WORDS in viewer.toPlainText()
    assert viewer.document().toHtml() == preview_html  # the preview was what hires now read
    assert counting_web_server.requests == []


def test_removals_are_counted_in_plain_words():
    assert plain_removals(
        [
            "<script> ×2",
            "<noscript>",
            "<img>",
            "image ×3",
            "<blink> tag (its text is kept)",
            "event attribute (on…)",
            "something new",
        ]
    ) == [
        "Scripts (program code): 3",
        "Images: 4",
        "Other formatting codes (the text is kept): 1",
        "Actions that run on a click or when the page loads: 1",
        "something new: 1",
    ]
