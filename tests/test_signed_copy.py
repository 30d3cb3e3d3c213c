"""The hire's signed PDF copy: saved from the Done page to a USB drive, sealed, checkable
anywhere (the Done page's choices themselves: tests/test_hire_copy.py)."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from support.kiosk import Hire, KioskDriver, sign_through_kiosk
from support.pdf import qpdf_check

from zzsign.security.fingerprints import public_key_fingerprint
from zzsign.services.pdf_copy import ATTACHMENT_NAME, make_signed_copy, material_from_store
from zzsign.services.verify_file import verify_pdf
from zzsign.store.records import RecordRepository


def save_to_usb_drive(driver: KioskDriver, folder: Path, monkeypatch) -> Path:
    """Plug in a "USB drive" (a folder named by ZZSIGN_REMOVABLE_MEDIA), press Save to USB
    drive, and return the one file it wrote there."""
    folder.mkdir(exist_ok=True)
    monkeypatch.setenv("ZZSIGN_REMOVABLE_MEDIA", str(folder))
    driver.window.wizard.done.refresh_drives()
    driver.click("Save to USB drive")
    (saved,) = folder.iterdir()
    assert driver.window.wizard.done.copy_status.text() == (
        f"Saved to USB drive {folder.name} as {saved.name}."
    )
    return saved


@pytest.mark.parametrize("name", ["Zoë Ñúñez-O'Brien", "Ольга Петрова", "王小明"])
def test_save_a_copy_writes_a_sealed_pdf_that_verifies(
    qtbot, kiosk, tmp_path, store, name, monkeypatch
):
    driver = sign_through_kiosk(qtbot, kiosk, Hire(full_name=name))
    target = save_to_usb_drive(driver, tmp_path / "KINGSTON", monkeypatch)
    data = target.read_bytes()
    qpdf_check(target)
    reader = PdfReader(target)
    assert name in reader.pages[-1].extract_text()
    assert "Certificate of completion" in reader.pages[-1].extract_text()
    assert ATTACHMENT_NAME in reader.attachments
    assert reader.metadata.author == name
    with store.sessions() as db:
        known = {i.id: i.public_key for i in RecordRepository(db).installations()}
    report = verify_pdf(data, known)
    assert report.intact, [str(p) for p in report.problems]
    assert not report.not_checked and report.origin_checked
    # Anywhere else the copy is consistent, but its maker unconfirmed until its fingerprint
    # is given; a wrong one is a problem.
    elsewhere = verify_pdf(data)
    assert elsewhere.intact and not elsewhere.origin_checked
    assert any("give --expect" in note for note in elsewhere.not_checked)
    (laptop_key,) = known.values()
    expected = verify_pdf(data, None, public_key_fingerprint(bytes.fromhex(laptop_key)))
    assert expected.intact and expected.origin_checked and not expected.not_checked
    wrong = verify_pdf(data, None, "SHA256:" + "ab" * 32)
    assert [p.what for p in wrong.problems] == [
        f"it was made by the laptop {public_key_fingerprint(bytes.fromhex(laptop_key))}, "
        "not the one expected"
    ]


def test_one_changed_byte_breaks_the_copy(qtbot, kiosk, tmp_path, monkeypatch):
    driver = sign_through_kiosk(qtbot, kiosk, Hire())
    target = save_to_usb_drive(driver, tmp_path / "KINGSTON", monkeypatch)
    data = bytearray(target.read_bytes())
    position = data.index(b"/Producer")  # inside the sealed bytes
    data[position + 2] ^= 0x01
    report = verify_pdf(bytes(data))
    assert not report.intact
    assert any("changed" in str(problem) for problem in report.problems)


def test_copy_can_be_made_again_from_the_database_alone(qtbot, kiosk, store, hr_key):
    sign_through_kiosk(qtbot, kiosk, Hire(full_name="Σοφία Παπαδοπούλου"))
    with store.sessions() as db:
        (record_id,) = RecordRepository(db).ids()
        material = material_from_store(db, record_id, hr_key, store.seal, store.seal_endorsement)
    again = make_signed_copy(material)
    report = verify_pdf(again, {store.installation_id: store.signer.public_key_hex})
    assert report.intact, [str(p) for p in report.problems]
    assert "Σοφία Παπαδοπούλου" in PdfReader(io.BytesIO(again)).pages[-1].extract_text()


def test_finish_forgets_the_copy(qtbot, kiosk):
    sign_through_kiosk(qtbot, kiosk, Hire())
    wizard = kiosk.wizard
    assert wizard.receipt is not None
    KioskDriver(qtbot, kiosk).finish()
    assert kiosk.wizard is not wizard and kiosk.wizard.receipt is None


def test_zzsign_verify_on_the_copy_passes_then_fails_after_one_byte(
    qtbot, kiosk, tmp_path, settings, monkeypatch
):
    import os
    import sys

    driver = sign_through_kiosk(qtbot, kiosk, Hire())
    target = save_to_usb_drive(driver, tmp_path / "KINGSTON", monkeypatch)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("ZZSIGN_HR_PASSWORD", None)

    def verify() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "zzsign",
                "verify",
                str(target),
                "--data-dir",
                str(settings.data_dir),
            ],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )

    intact = verify()
    assert intact.returncode == 0, intact.stdout + intact.stderr
    assert intact.stdout.strip() == f"Checked the signed copy {target.name}: all intact."
    data = bytearray(target.read_bytes())
    position = data.index(b"Certificate") if b"Certificate" in data else len(data) // 3
    data[position] ^= 0x20
    target.write_bytes(bytes(data))
    broken = verify()
    assert broken.returncode == 1
    assert "document: the PDF was changed after it was sealed" in broken.stdout
