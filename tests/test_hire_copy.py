"""The hire's copy from the Done page: USB drives by label, real printers by name, no file
browser and no print dialog; Finish asks once before leaving without a copy."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel
from support.cli import cli_environment, zzsign
from support.dialog_guard import KioskDialogError
from support.kiosk import Hire, sign_through_kiosk

from zzsign.services import removable_media
from zzsign.services.removable_media import (
    CopyNotSavedError,
    RemovableDrive,
    copy_file_name,
    mounted_removable_drives,
    removable_drives,
    save_copy,
)
from zzsign.views.pages.done import LEAVE_QUESTION, NO_DRIVE
from zzsign.views.pages.welcome import WelcomePage
from zzsign.views.printing import NO_PRINTER, PrintFailedError, is_paper_printer, print_copy

PRINT_TO_FILE = QAbstractPrintDialog.PrintDialogOption.PrintToFile
RECORD_ID = "0f3c2a9e-5b1d-4c7a-9e2f-1a2b3c4d5e6f"
PDF = b"%PDF-1.7\n" + os.urandom(4096) + b"\n%%EOF\n"


# -- finding drives -------------------------------------------------------------------------------
MOUNTINFO = rb"""22 27 0:21 / /proc rw,relatime - proc proc rw
27 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
40 27 8:2 / /media/alice/DATA rw,nosuid shared:20 - ext4 /dev/sda2 rw
41 27 8:17 / /media/alice/KINGSTON rw,nosuid,nodev shared:21 - vfat /dev/sdb1 rw,uid=1000
42 27 8:33 / /run/media/bob/MY\040STICK rw,nosuid shared:22 - exfat /dev/sdc1 rw
43 27 179:1 / /media/alice/SDCARD rw,nosuid shared:23 - vfat /dev/mmcblk0p1 rw
44 27 0:50 / /media/alice/PASSPORT rw,nosuid shared:24 - fuseblk /dev/sdd1 rw,user_id=0
45 27 0:60 / /media/alice/share rw shared:25 - cifs //nas/share rw
46 27 179:9 / /mnt/emmc rw shared:26 - ext4 /dev/mmcblk1p1 rw
47 27 8:18 / /home rw,relatime shared:27 - ext4 /dev/sdb2 rw
48 27 8:17 / /media/alice/KINGSTON rw,nosuid,nodev shared:21 - vfat /dev/sdb1 rw,uid=1000
"""


def test_removable_media_are_found_by_what_the_kernel_says_of_their_disk(fake_sysfs_with_six_disks):
    drives = removable_drives(
        {}, mountinfo=_write(fake_sysfs_with_six_disks, MOUNTINFO), sysfs=fake_sysfs_with_six_disks
    )
    assert [(drive.label, str(drive.path)) for drive in drives] == [
        ("KINGSTON", "/media/alice/KINGSTON"),  # on a USB bus; mounted twice, listed once
        ("MY STICK", "/run/media/bob/MY STICK"),  # marked removable; a space in its label
        ("PASSPORT", "/media/alice/PASSPORT"),  # NTFS through FUSE: found by its /dev/sdd1
        ("SDCARD", "/media/alice/SDCARD"),  # an SD card
    ]
    assert all(drive.is_mount for drive in drives)


def _write(folder: Path, text: bytes) -> Path:
    path = folder / "mountinfo"
    path.write_bytes(text)
    return path


def test_internal_disks_network_shares_and_system_folders_are_never_drives(
    fake_sysfs_with_six_disks,
):
    paths = {
        str(drive.path) for drive in mounted_removable_drives(MOUNTINFO, fake_sysfs_with_six_disks)
    }
    for not_a_drive in (
        "/",
        "/media/alice/DATA",
        "/media/alice/share",
        "/mnt/emmc",
        "/home",
        "/proc",
    ):
        assert not_a_drive not in paths


def test_no_mount_table_means_no_drives(tmp_path):
    assert removable_drives({}, mountinfo=tmp_path / "missing", sysfs=tmp_path) == []


def test_the_variable_names_exactly_the_drives(tmp_path, fake_sysfs_with_six_disks):
    kingston, sandisk = tmp_path / "KINGSTON", tmp_path / "SanDisk"
    kingston.mkdir()
    sandisk.mkdir()
    named = os.pathsep.join(["", str(sandisk), str(tmp_path / "gone"), str(kingston), ""])
    mounts = _write(fake_sysfs_with_six_disks, MOUNTINFO)
    drives = removable_drives(
        {"ZZSIGN_REMOVABLE_MEDIA": named}, mountinfo=mounts, sysfs=fake_sysfs_with_six_disks
    )
    assert [(d.label, d.path) for d in drives] == [("KINGSTON", kingston), ("SanDisk", sandisk)]
    # Set but empty: no drive at all, whatever is mounted.
    assert (
        removable_drives(
            {"ZZSIGN_REMOVABLE_MEDIA": ""}, mountinfo=mounts, sysfs=fake_sysfs_with_six_disks
        )
        == []
    )


def test_two_drives_with_one_label_are_told_apart(tmp_path):
    first, second = tmp_path / "a" / "USB DISK", tmp_path / "b" / "USB DISK"
    first.mkdir(parents=True)
    second.mkdir(parents=True)
    drives = removable_drives({"ZZSIGN_REMOVABLE_MEDIA": f"{first}{os.pathsep}{second}"})
    assert [d.label for d in drives] == ["USB DISK", "USB DISK (2)"]


# -- saving to a drive ----------------------------------------------------------------------------
def test_save_writes_the_record_id_name_reads_back_and_says_where(kingston_drive):
    saved = save_copy(kingston_drive, RECORD_ID, PDF)
    assert saved.file_name == f"ZZ Servers signed agreement {RECORD_ID}.pdf"
    assert saved.message == f"Saved to USB drive KINGSTON as {saved.file_name}."
    assert [p.name for p in kingston_drive.path.iterdir()] == [saved.file_name]
    assert (kingston_drive.path / saved.file_name).read_bytes() == PDF


def test_the_copy_on_the_drive_is_readable_on_the_hire_s_own_computer(kingston_drive):
    """zzsign's owner-only umask protects its data folder, not the hire's own copy."""
    import os

    previous = os.umask(0o077)
    try:
        saved = save_copy(kingston_drive, RECORD_ID, PDF)
    finally:
        os.umask(previous)
    assert (kingston_drive.path / saved.file_name).stat().st_mode & 0o777 == 0o644


def test_a_second_save_never_replaces_the_first(kingston_drive):
    first = save_copy(kingston_drive, RECORD_ID, PDF)
    second = save_copy(kingston_drive, RECORD_ID, b"%PDF-1.7 another\n")
    assert (
        second.file_name
        == copy_file_name(RECORD_ID, 2)
        == (f"ZZ Servers signed agreement {RECORD_ID} (2).pdf")
    )
    assert (kingston_drive.path / first.file_name).read_bytes() == PDF
    assert sorted(p.name for p in kingston_drive.path.iterdir()) == sorted(
        [first.file_name, second.file_name]
    )


def test_a_file_already_there_under_that_name_is_kept(kingston_drive):
    squatter = kingston_drive.path / copy_file_name(RECORD_ID)
    squatter.write_bytes(b"someone else's file")
    saved = save_copy(kingston_drive, RECORD_ID, PDF)
    assert squatter.read_bytes() == b"someone else's file"
    assert (kingston_drive.path / saved.file_name).read_bytes() == PDF


@pytest.mark.parametrize(
    ("code", "sentence"),
    [
        (errno.ENOSPC, "USB drive KINGSTON is full; free some space on it or use another drive."),
        (
            errno.EROFS,
            "USB drive KINGSTON cannot be written to (it may be locked or read-only); "
            "use another drive.",
        ),
        (
            errno.EIO,
            "Your copy could not be saved to USB drive KINGSTON; plug it in again and press "
            "Save to USB drive, or use another drive.",
        ),
    ],
    ids=["full", "read-only", "input-output-error"],
)
def test_a_failing_drive_is_one_sentence_and_leaves_no_partial_file(
    kingston_drive, monkeypatch, code, sentence
):
    def refuse(_handle: int) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(removable_media.os, "fsync", refuse)
    with pytest.raises(CopyNotSavedError) as caught:
        save_copy(kingston_drive, RECORD_ID, PDF)
    assert caught.value.message == sentence
    assert list(kingston_drive.path.iterdir()) == []


def test_a_drive_pulled_out_mid_save_is_one_sentence(kingston_drive, monkeypatch):
    real_fsync = os.fsync

    def pulled_out(handle: int) -> None:
        real_fsync(handle)
        shutil.rmtree(kingston_drive.path)  # gone before the copy could be read back

    monkeypatch.setattr(removable_media.os, "fsync", pulled_out)
    with pytest.raises(CopyNotSavedError) as caught:
        save_copy(kingston_drive, RECORD_ID, PDF)
    assert caught.value.message == (
        "USB drive KINGSTON was removed before your copy was saved; plug it in again and press "
        "Save to USB drive."
    )


def test_a_copy_that_reads_back_differently_is_removed(kingston_drive, monkeypatch):
    def damage(handle: int) -> None:
        os.pwrite(handle, b"X", 100)  # the drive kept something else than was written

    monkeypatch.setattr(removable_media, "_drop_cached_pages", damage)
    with pytest.raises(CopyNotSavedError, match="could not be saved to USB drive KINGSTON"):
        save_copy(kingston_drive, RECORD_ID, PDF)
    assert list(kingston_drive.path.iterdir()) == []


def test_an_unmounted_drive_s_empty_folder_is_never_written_to(kingston_drive):
    """A drive pulled out leaves its mount folder on the laptop's own disk: nothing goes there."""
    unmounted = RemovableDrive(kingston_drive.label, kingston_drive.path, is_mount=True)
    with pytest.raises(CopyNotSavedError, match="was removed"):
        save_copy(unmounted, RECORD_ID, PDF)
    assert list(kingston_drive.path.iterdir()) == []


# -- the Done page: Save to USB drive -------------------------------------------------------------
def plug_in(monkeypatch, *folders: Path) -> None:
    """Make ``folders`` the USB drives (ZZSIGN_REMOVABLE_MEDIA), creating them."""
    for folder in folders:
        folder.mkdir(exist_ok=True)
    monkeypatch.setenv("ZZSIGN_REMOVABLE_MEDIA", os.pathsep.join(map(str, folders)))


def visible_text(window) -> str:
    return "\n".join(label.text() for label in window.findChildren(QLabel) if label.isVisible())


def test_save_to_usb_drive_writes_a_copy_that_zzsign_verify_passes(
    qtbot, kiosk, tmp_path, settings, monkeypatch
):
    usb = tmp_path / "KINGSTON"
    plug_in(monkeypatch, usb)
    hire = Hire()
    driver = sign_through_kiosk(qtbot, kiosk, hire)
    record_id = kiosk.wizard.receipt.record_id
    assert kiosk.wizard.done.drive_status.text() == "USB drive KINGSTON is plugged in."
    driver.click("Save to USB drive")
    name = f"ZZ Servers signed agreement {record_id}.pdf"
    assert [p.name for p in usb.iterdir()] == [name]
    assert kiosk.wizard.done.copy_status.text() == f"Saved to USB drive KINGSTON as {name}."
    assert str(tmp_path) not in visible_text(kiosk)  # a label, never a path
    assert hire.full_name.split()[0] not in name
    copy = (usb / name).read_bytes()
    result = zzsign(
        cli_environment(tmp_path / "keyring.json"),
        "verify",
        str(usb / name),
        "--data-dir",
        str(settings.data_dir),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "all intact" in result.stdout

    driver.click("Save to USB drive")  # again: a second file, the first untouched
    second = f"ZZ Servers signed agreement {record_id} (2).pdf"
    assert sorted(p.name for p in usb.iterdir()) == sorted([name, second])
    assert (usb / name).read_bytes() == copy
    assert kiosk.wizard.done.copy_status.text() == f"Saved to USB drive KINGSTON as {second}."


def test_no_drive_says_plug_one_in_and_a_drive_plugged_in_later_is_offered(
    qtbot, kiosk, tmp_path, monkeypatch
):
    monkeypatch.setenv("ZZSIGN_REMOVABLE_MEDIA", "")
    driver = sign_through_kiosk(qtbot, kiosk, Hire())
    done = kiosk.wizard.done
    assert done.drive_status.text() == NO_DRIVE
    assert not driver.is_enabled("Save to USB drive")
    assert done.is_watching_drives
    plug_in(monkeypatch, tmp_path / "SANDISK")  # nobody touches the kiosk meanwhile
    qtbot.waitUntil(lambda: driver.is_enabled("Save to USB drive"), timeout=5000)
    assert done.drive_status.text() == "USB drive SANDISK is plugged in."
    driver.click("Save to USB drive")
    assert done.copy_status.text().startswith("Saved to USB drive SANDISK as ")
    driver.finish()
    assert not done.is_watching_drives


def test_several_drives_are_a_choice_among_their_labels(qtbot, kiosk, tmp_path, monkeypatch):
    kingston, sandisk = tmp_path / "one" / "KINGSTON", tmp_path / "two" / "SANDISK"
    kingston.parent.mkdir()
    sandisk.parent.mkdir()
    plug_in(monkeypatch, kingston, sandisk)
    driver = sign_through_kiosk(qtbot, kiosk, Hire())
    driver.click("Save to USB drive")
    assert "Which USB drive?" in visible_text(kiosk)
    assert [b.text() for b in kiosk.wizard.done.choice.answers()] == ["KINGSTON", "SANDISK"]
    assert str(tmp_path) not in visible_text(kiosk)
    driver.click("SANDISK")
    assert list(kingston.iterdir()) == []
    assert len(list(sandisk.iterdir())) == 1
    assert not kiosk.wizard.done.choice.isVisible()


def test_a_drive_pulled_out_while_saving_is_one_sentence_and_no_copy_taken(
    qtbot, kiosk, tmp_path, monkeypatch
):
    usb = tmp_path / "KINGSTON"
    plug_in(monkeypatch, usb)
    driver = sign_through_kiosk(qtbot, kiosk, Hire())
    real_fsync = os.fsync

    def pulled_out(handle: int) -> None:
        real_fsync(handle)
        shutil.rmtree(usb)

    monkeypatch.setattr(removable_media.os, "fsync", pulled_out)
    driver.click("Save to USB drive")
    done = kiosk.wizard.done
    assert done.problem.text() == (
        "USB drive KINGSTON was removed before your copy was saved; plug it in again and press "
        "Save to USB drive."
    )
    assert not done.copy_status.isVisible()
    driver.click("Finish")
    assert done.leave_question.isVisible()  # nothing was taken


# -- the Done page: Print… ------------------------------------------------------------------------
class PrinterSpy:
    """Stands in for printing: records which printer got which record."""

    def __init__(self, failure: str | None = None) -> None:
        self.jobs: list[tuple[str, str]] = []
        self.failure = failure

    def __call__(self, printer_name: str, material) -> None:
        if self.failure:
            raise PrintFailedError(self.failure)
        self.jobs.append((printer_name, material.record.record_id))


def test_print_with_no_printer_says_so_and_nothing_is_sent(qtbot, kiosk):
    driver = sign_through_kiosk(qtbot, kiosk, Hire())
    kiosk.wizard.done.find_printers = list
    kiosk.wizard.print_on = spy = PrinterSpy()
    driver.click("Print…")
    assert (
        kiosk.wizard.done.problem.text()
        == NO_PRINTER
        == (
            "No printer is connected to this laptop; save your copy to a USB drive, or ask HR for "
            "a copy."
        )
    )
    assert "sent" not in visible_text(kiosk)
    assert spy.jobs == []
    assert not kiosk.wizard.done.copy_taken


def test_print_offers_printers_by_name_and_says_sent_only_after_printing(qtbot, kiosk):
    driver = sign_through_kiosk(qtbot, kiosk, Hire())
    kiosk.wizard.done.find_printers = lambda: ["Office LaserJet", "HR Colour"]
    kiosk.wizard.print_on = spy = PrinterSpy()
    driver.click("Print…")
    assert "Which printer?" in visible_text(kiosk)
    assert spy.jobs == []
    driver.click("HR Colour")
    assert spy.jobs == [("HR Colour", kiosk.wizard.receipt.record_id)]
    assert kiosk.wizard.done.copy_status.text() == (
        "Your signed copy was sent to the printer HR Colour."
    )
    driver.click("Finish")  # a copy was taken: no question
    assert isinstance(driver.page, WelcomePage)


def test_one_printer_prints_at_once_and_a_refusal_is_never_called_sent(qtbot, kiosk):
    driver = sign_through_kiosk(qtbot, kiosk, Hire())
    kiosk.wizard.done.find_printers = lambda: ["Office LaserJet"]
    kiosk.wizard.print_on = PrinterSpy(failure="The printer Office LaserJet did not take it.")
    driver.click("Print…")
    assert kiosk.wizard.done.problem.text() == "The printer Office LaserJet did not take it."
    assert "sent" not in visible_text(kiosk)
    kiosk.wizard.print_on = spy = PrinterSpy()
    driver.click("Print…")
    assert spy.jobs == [("Office LaserJet", kiosk.wizard.receipt.record_id)]
    assert not kiosk.wizard.done.problem.isVisible()


@pytest.mark.parametrize(
    ("name", "model", "paper"),
    [
        ("Office_LaserJet", "HP LaserJet Pro M404n", True),
        ("Brother-HL-L2350DW", "", True),
        ("PDF", "Generic CUPS-PDF Printer", False),
        ("Microsoft Print to PDF", "", False),
        ("Microsoft XPS Document Writer", "", False),
        ("Fax", "", False),
        ("Send To OneNote 16", "", False),
    ],
)
def test_only_paper_printers_are_offered(name, model, paper):
    assert is_paper_printer(name, model) is paper


def test_printing_never_falls_back_to_a_file(qtbot, kiosk, tmp_path, monkeypatch):
    """A printer that is not there (or a PDF printer) is refused; Qt's PDF fallback never runs."""
    sign_through_kiosk(qtbot, kiosk, Hire())
    material = kiosk.wizard._service.copy_material(kiosk.wizard.receipt)
    monkeypatch.chdir(tmp_path)
    for name in ("No such printer", "PDF"):
        with pytest.raises(PrintFailedError) as caught:
            print_copy(name, material)
        assert caught.value.message == NO_PRINTER
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]
    assert QPrinter().outputFileName() == ""


# -- leaving --------------------------------------------------------------------------------
def test_finish_without_a_copy_asks_once(qtbot, kiosk, monkeypatch):
    monkeypatch.setenv("ZZSIGN_REMOVABLE_MEDIA", "")
    driver = sign_through_kiosk(qtbot, kiosk, Hire())
    done = kiosk.wizard.done
    driver.click("Finish")
    assert driver.page is done
    assert done.leave_question.isVisible()
    assert LEAVE_QUESTION in visible_text(kiosk)
    assert LEAVE_QUESTION == (
        "Leave without a copy? HR keeps your signed record and can give you one."
    )
    driver.click("Take a copy")
    assert not done.leave_question.isVisible()
    assert QApplication.focusWidget() is done.print  # Save waits for a drive
    driver.click("Finish")  # asked once already
    assert isinstance(driver.page, WelcomePage)


def test_leave_without_a_copy_finishes(qtbot, kiosk):
    driver = sign_through_kiosk(qtbot, kiosk, Hire())
    driver.click("Finish")
    driver.click("Leave without a copy")
    assert isinstance(driver.page, WelcomePage)


def test_enter_on_the_done_page_never_finishes(qtbot, kiosk, tmp_path, monkeypatch):
    plug_in(monkeypatch, tmp_path / "KINGSTON")
    driver = sign_through_kiosk(qtbot, kiosk, Hire())
    done = kiosk.wizard.done
    kiosk.activateWindow()
    assert QApplication.focusWidget() is done.save  # the copy first
    assert not done.finish.autoDefault() and not done.finish.isDefault()
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        done.finish.setFocus()
        qtbot.keyClick(done.finish, key)
        assert driver.page is done and not done.leave_question.isVisible()
    driver.click("Finish")
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        done.leave.setFocus()
        qtbot.keyClick(done.leave, key)
        assert driver.page is done
    qtbot.keyClick(done.save, Qt.Key.Key_Return)  # Enter on Save to USB drive saves
    assert done.copy_status.text().startswith("Saved to USB drive KINGSTON as ")
    assert driver.page is done


# -- the guard every test runs under --------------------------------------------------------
def run_as(module: str, source: str) -> None:
    """Run ``source`` as if it were code in ``module``, with ``printer`` at hand; a ``dialog``
    it makes is deleted before its printer."""
    scope = {
        "__name__": module,
        "QFileDialog": QFileDialog,
        "QPrintDialog": QPrintDialog,
        "printer": QPrinter(),
        "PrintToFile": PRINT_TO_FILE,
    }
    try:
        exec(compile(source, f"<{module}>", "exec"), scope)
    finally:
        if "dialog" in scope:
            shiboken6.delete(scope.pop("dialog"))


@pytest.mark.parametrize(
    "source",
    [
        "dialog = QFileDialog()",
        "QFileDialog.getSaveFileName(None, 'Save', '', 'PDF (*.pdf)')",
        "QFileDialog.getExistingDirectory(None, 'Folder')",
        "dialog = QPrintDialog(printer)\ndialog.exec()",
    ],
    ids=["constructed", "save-file-name", "directory", "print-dialog"],
)
def test_the_guard_refuses_file_dialogs_on_a_kiosk_page(qapp, kiosk_dialog_guard, source):
    with pytest.raises(KioskDialogError):
        run_as("zzsign.views.pages.done", source)
    assert kiosk_dialog_guard.violations[0].startswith("zzsign.views.pages.done ")
    kiosk_dialog_guard.violations.clear()  # the point of this test; don't fail it


def test_the_guard_lets_hr_use_file_dialogs_and_kiosk_print_dialogs_without_files(
    qapp, kiosk_dialog_guard
):
    run_as("zzsign.views.hr.export_dialog", "dialog = QFileDialog()")
    run_as(
        "zzsign.views.pages.done",
        "dialog = QPrintDialog(printer)\n"
        "dialog.setOption(PrintToFile, False)\ndialog.show()\nassert dialog.isVisible()",
    )
    assert kiosk_dialog_guard.violations == []


def test_no_kiosk_module_mentions_a_file_dialog_or_the_home_folder():
    views = Path(removable_media.__file__).parents[1] / "views"
    for source in views.rglob("*.py"):
        if "hr" in source.relative_to(views).parts[:1]:
            continue
        text = source.read_text(encoding="utf-8")
        for forbidden in ("QFileDialog", "QPrintDialog", "Path.home", "expanduser"):
            assert forbidden not in text, f"{source.name} mentions {forbidden}"
