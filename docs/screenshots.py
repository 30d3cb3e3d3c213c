"""Render every kiosk page to PNG (offscreen), for review and for the README.

QT_QPA_PLATFORM=offscreen python docs/screenshots.py [OUT_DIR]
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from PySide6.QtWidgets import QApplication

from zzsign.app import create_application
from zzsign.config import Settings
from zzsign.services.signing import SigningService
from zzsign.services.store import open_store
from zzsign.views.kiosk_window import KioskWindow


def main() -> None:
    from support.keyrings import MemoryKeyring
    from support.kiosk import Hire, KioskDriver, QTestBot

    from zzsign.security.keyring_store import SecretStore
    from zzsign.services.hr import HrAccess

    out = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent / "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = create_application([])
    settings = Settings.resolve(data_dir=tempfile.mkdtemp(), environ={})
    window = KioskWindow(idle_reset_ms=600_000)
    window.resize(1100, 780)
    store = open_store(settings, SecretStore(backend=MemoryKeyring()))
    window.set_service(SigningService(store), HrAccess(store.sessions), store)
    window.show()
    driver = KioskDriver(QTestBot(), window)

    def shot(name: str, widget=None) -> None:
        QApplication.processEvents()
        (widget or window).grab().save(str(out / f"{name}.png"))

    hire = Hire()
    shot("0-welcome-before-hr-setup")
    dialog = window.open_hr_setup()
    dialog.password.setText("correct horse battery staple")
    dialog.repeat.setText("correct horse battery stapel")
    dialog.confirm.click()
    shot("0-hr-setup-dialog", dialog)
    dialog.repeat.setText("correct horse battery staple")
    dialog.confirm.click()
    shot("1-welcome")
    driver.click("Start")
    driver.type_into("Full legal name", hire.full_name)
    driver.type_into("Work email", "zoe.nunez@")
    driver.click("Continue")
    shot("2-details-error")
    driver.type_into("Work email", hire.work_email)
    driver.type_into("Employee ID (optional)", hire.employee_id)
    driver.type_into("Department", hire.department)
    shot("2-details")
    window.idle_prompt.start(25_000)  # what an idle hire sees before the screen is cleared
    shot("2-still-there")
    window.restart_idle_countdown()
    driver.click("Continue")
    shot("3-consent")
    driver.consent()
    shot("4-agreement")
    viewer = window.wizard.agreement.viewer
    clause = viewer.document().find("Third Party Information. I recognize")
    viewer.verticalScrollBar().setValue(
        int(viewer.document().documentLayout().blockBoundingRect(clause.block()).top()) - 80
    )
    shot("4-agreement-clause")
    driver.read_and_acknowledge()
    driver.draw_scribble()
    shot("5-sign-draw")
    driver.tick("Type my signature")
    driver.type_into("Type your full legal name", hire.full_name)
    shot("5-sign-typed")
    driver.click("Continue")
    shot("6-review")
    driver.click("Sign agreement")
    usb_drive = Path(tempfile.mkdtemp()) / "KINGSTON"
    os.environ["ZZSIGN_REMOVABLE_MEDIA"] = ""  # no USB drive plugged in
    window.wizard.done.refresh_drives()
    shot("7-done")
    driver.click("Finish")
    shot("7-done-leave-without-a-copy")
    driver.click("Take a copy")
    usb_drive.mkdir()
    os.environ["ZZSIGN_REMOVABLE_MEDIA"] = str(usb_drive)  # now one is
    window.wizard.done.refresh_drives()
    shot("7-done-usb-drive")
    driver.click("Save to USB drive")
    shot("7-done-saved")
    del os.environ["ZZSIGN_REMOVABLE_MEDIA"]
    driver.click("Finish")
    driver.enter_details(hire)
    driver.click("I do not agree")
    shot("8-declined")
    workspace = window.show_hr_workspace(
        HrAccess(store.sessions).unlock("correct horse battery staple")
    )
    while workspace.is_loading:
        QApplication.processEvents()
    workspace.table.selectRow(0)
    shot("9-hr-workspace")
    void = workspace.open_void_dialog(workspace.model.row_at(0).record_id)
    void.reason.setText("Signed under the wrong name; re-signed the same day")
    shot("10-hr-void-dialog", void)
    void.submit()
    shot("10-hr-voided")
    workspace.tabs.setCurrentIndex(1)
    shot("9-hr-activity")
    workspace.tabs.setCurrentIndex(2)
    shot("11-hr-agreements")
    source = Path(tempfile.mkdtemp()) / "agreement-v2.md"
    text = store.agreement.text.replace("Version 1", "Version 2", 1)
    source.write_text(
        text + "\n\n<script>alert(1)</script>\n\n![logo](http://example.com/x.png)\n",
        encoding="utf-8",
    )
    workspace.agreements.choose_file = lambda _parent: source
    preview = workspace.agreements.start_publishing()
    preview.resize(900, 760)
    shot("11-hr-publish-preview", preview)
    preview.reject()
    workspace.tabs.setCurrentIndex(0)
    export = workspace.open_export()
    shot("12-hr-export", export)
    export.export_to(Path(tempfile.mkdtemp()) / "records.csv")
    shot("12-hr-export-done", export)
    export.close()
    window.lock_hr()
    print(f"screenshots written to {out}")
    del app


if __name__ == "__main__":
    main()
