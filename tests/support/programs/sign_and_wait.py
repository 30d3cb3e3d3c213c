"""Child process for the kill -9 test: sign through the real kiosk, report Done, then wait.

python tests/support/programs/sign_and_wait.py DATA_DIR NAME
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # tests/, for support


def main() -> None:
    from support.keyrings import MemoryKeyring
    from support.kiosk import Hire, KioskDriver, QTestBot
    from support.store import set_up_hr
    from zzsign.app import connect_store, create_application
    from zzsign.config import Settings
    from zzsign.security.keyring_store import SecretStore
    from zzsign.services.store import open_database
    from zzsign.views.kiosk_window import KioskWindow
    from zzsign.views.pages.done import DonePage

    app = create_application([])
    window = KioskWindow(idle_reset_ms=600_000)
    window.show()
    settings = Settings.resolve(data_dir=sys.argv[1], environ={})
    database = open_database(settings)
    set_up_hr(database.sessions)
    database.close()
    connect_store(window, settings, SecretStore(backend=MemoryKeyring()))
    driver = KioskDriver(QTestBot(), window)
    driver.walk_to_review(Hire(full_name=sys.argv[2]))
    driver.click("Sign agreement")
    assert isinstance(driver.page, DonePage)
    print("DONE", window.wizard.done.record_id.text().removeprefix("Record ID: "), flush=True)
    while True:  # the parent kills us now, as hard as it can
        app.processEvents()
        time.sleep(0.01)


if __name__ == "__main__":
    main()
