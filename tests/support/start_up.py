"""A kiosk start watched from inside: what is loaded before the first paint and at *Start*
(run as ``python -c START_AND_WATCH`` with the store's environment; prints one JSON line)."""

START_AND_WATCH = """
import json, os, sys, threading, time

class WhoImportsTheKeyring:
    # notes the threads that import keyring or its Secret Service libraries
    threads = set()
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("keyring", "secretstorage", "jeepney"):
            self.threads.add(threading.current_thread().name)
        return None

sys.meta_path.insert(0, WhoImportsTheKeyring())
from zzsign.cli import parse_arguments
parse_arguments([])
from zzsign.config import Settings
settings = Settings.resolve()
import zzsign.app as app
window = app.start_kiosk(settings, [sys.argv[0]])
HEAVY = ("sqlalchemy", "alembic", "pyhanko", "pypdf", "argon2", "asyncio", "keyring",
         "zzsign.domain.record", "zzsign.views.pages.done")
LATER = ("pyhanko", "pypdf", "zzsign.services.pdf_copy", "zzsign.views.pages.agreement",
         "sqlalchemy", "zzsign.services.store", "argon2", "asyncio", "keyring")
import PySide6.QtCore
seen = {"before_paint": sorted(name for name in HEAVY if name in sys.modules)}
# PySide makes the Python enums of the whole Qt namespace (Qt.TextFormat, Qt.Key...) at its
# first use: some 15 ms, left until the window has been painted.
seen["qt_namespace_before_paint"] = "Qt" in vars(PySide6.QtCore)
real_set_service = window.set_service
def set_service(*args, **kwargs):
    real_set_service(*args, **kwargs)
    if "start_enabled" not in seen:
        seen["start_enabled"] = window.wizard.welcome.start.isEnabled()
        seen["loaded_at_start"] = sorted(name for name in LATER if name in sys.modules)
        seen["store_open_at_start"] = window._store is not None
        seen["qt_namespace_at_start"] = "Qt" in vars(PySide6.QtCore)
window.set_service = set_service
from PySide6.QtWidgets import QApplication
deadline = time.monotonic() + 60
while window._store is None and time.monotonic() < deadline:
    QApplication.processEvents()
    time.sleep(0.005)
seen["store_opened"] = window._store is not None
seen["start_enabled_with_store"] = window.wizard.welcome.start.isEnabled()
seen["hr_entry_with_store"] = window._hr_entry.isVisibleTo(window)
seen["keyring_imported_on"] = sorted(WhoImportsTheKeyring.threads)
print(json.dumps(seen))
sys.stdout.flush()
os._exit(0)
"""
