"""Helpers the tests share: import them from here (``from support.kiosk import KioskDriver``),
never from another test module; fixtures live in ``conftest.py``.

``tests/`` is on ``sys.path`` while pytest runs (it holds the root ``conftest.py``); a child
process or a script outside pytest puts it there itself (``PYTHONPATH=tests``).

- ``support.store``: a store to test against: the HR password, HR set up, records signed.
- ``support.cli``: running ``zzsign`` as IT does, in a process of its own or in this one.
- ``support.keyrings``: keyring backends in memory or in a file several processes share.
- ``support.kiosk``: a person at the kiosk window (find controls by name, type, click).
- ``support.hr``: HR's side: unlocking the workspace, the export dialog, sample table rows.
- ``support.pdf``: signed copies rendered without a store, and checked with qpdf.
- ``support.laptops``: a laptop's store with earlier records, damaged or locked, checked after.
- ``support.dialog_guard``: the guard that keeps file and print-to-file dialogs off kiosk pages.
- ``support.secret_service``: a real GNOME Keyring on a private D-Bus session bus.
- ``support.desktop``: a fresh desktop login, an X11 display, the PyInstaller bundle.
- ``support.stress``: what the stress tests check afterwards.
- ``support.programs``: child programs the tests start by path.
- ``support.seal``: a blank PDF to seal, and the byte ranges a seal signs.
- ``support.small_disk``: a small tmpfs to fill up or make read-only, where mount is allowed.
- ``support.network``: the network cut off (what it raises), a local web server that counts.
- ``support.exports``: the records the export tests sign.
- ``support.certificate``, ``support.tamper``: hires signed for those tests' records.
- ``support.hr_password``: one HR key and password, with the cheapest Argon2 cost.
- ``support.drives``: a fake /sys with removable and internal disks.
- ``support.backed_up_laptop``: a laptop with four records and automatic backups.
- ``support.old_stores``: the stores earlier zzsign versions left (tests/fixtures/).
"""

from __future__ import annotations

from pathlib import Path

#: The tests folder, and the checkout it is in.
TESTS = Path(__file__).resolve().parent.parent
PROJECT = TESTS.parent
