"""The hire's copy on a USB drive: which removable drives are plugged in, and saving to one.

A hire never sees a path or a file browser. The kiosk offers the drives by their label (the name
of the folder they are mounted on, such as ``KINGSTON``) and writes one fixed file name that
holds the record id: never over an existing file, flushed to the drive, and read back to check.

Drives are the mounted removable media of this computer (on Linux: block devices that the
kernel marks removable, that sit on a USB bus or are SD cards, mounted under ``/media``,
``/run/media`` or ``/mnt``). If ``ZZSIGN_REMOVABLE_MEDIA`` is set (folders separated by
``os.pathsep``), exactly those existing folders count instead: IT's choice, and the tests'.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from zzsign.domain.messages import QT_TRANSLATE_NOOP, Message
from zzsign.files import sync_folder
from zzsign.services.errors import UserFacingError

REMOVABLE_MEDIA_VARIABLE = "ZZSIGN_REMOVABLE_MEDIA"
#: Where desktops mount removable media (udisks: /media/USER/LABEL or /run/media/USER/LABEL).
MEDIA_ROOTS = (Path("/media"), Path("/run/media"), Path("/mnt"))
#: The most copies of one record kept side by side on one drive ("… (2).pdf" up to this).
MOST_COPIES_PER_DRIVE = 99

_OCTAL_ESCAPE = re.compile(rb"\\([0-7]{3})")


@dataclass(frozen=True)
class RemovableDrive:
    """A drive the hire may save to: shown by ``label`` only, written at ``path``."""

    label: str
    path: Path
    #: True for a detected mount: saving checks it is still mounted, so that a copy never
    #: lands in the empty folder a drive leaves behind on the laptop's own disk.
    is_mount: bool = False


@dataclass(frozen=True)
class SavedCopy:
    """A copy written to a drive and read back intact."""

    drive: RemovableDrive
    file_name: str

    @property
    def message(self) -> Message:
        """What to tell the hire."""
        return Message(
            QT_TRANSLATE_NOOP("Messages", "Saved to USB drive {drive} as {file}."),
            drive=self.drive.label,
            file=self.file_name,
        )


class CopyNotSavedError(UserFacingError):
    """The copy could not be written to the drive; nothing is left behind on it."""


def removable_drives(
    environ: Mapping[str, str] = os.environ,
    *,
    mountinfo: Path = Path("/proc/self/mountinfo"),
    sysfs: Path = Path("/sys"),
) -> list[RemovableDrive]:
    """The drives a hire can save to now, sorted by label (cheap: read each time it's asked)."""
    if REMOVABLE_MEDIA_VARIABLE in environ:
        folders = [
            Path(entry) for entry in environ[REMOVABLE_MEDIA_VARIABLE].split(os.pathsep) if entry
        ]
        drives = [RemovableDrive(_label(folder), folder) for folder in folders if folder.is_dir()]
    else:
        try:
            text = mountinfo.read_bytes()
        except OSError:
            return []  # not Linux, or no /proc: only IT's list can name drives
        drives = mounted_removable_drives(text, sysfs)
    return _unique(drives)


def mounted_removable_drives(mountinfo: bytes, sysfs: Path) -> list[RemovableDrive]:
    """The removable media among the mounts in ``mountinfo`` (the text of /proc/self/mountinfo).

    Each line is ``ID PARENT MAJOR:MINOR ROOT MOUNT-POINT OPTIONS … - TYPE SOURCE …``.
    """
    drives = []
    for line in mountinfo.splitlines():
        fields = line.split()
        if len(fields) < 5:
            continue
        mount_point = _unescape(fields[4])
        if not _under_media_root(mount_point):
            continue
        # FUSE file systems (ntfs-3g, exfat-fuse) have no block device number: their source
        # (/dev/sdb1), after the " - " separator, names it instead.
        after = fields[fields.index(b"-") + 1 :] if b"-" in fields[5:] else []
        source = _unescape(after[1]) if len(after) > 1 else Path()
        candidates = [sysfs / "dev" / "block" / fields[2].decode("ascii", "replace")]
        if source.parent == Path("/dev"):
            candidates.append(sysfs / "class" / "block" / source.name)
        if any(is_removable_block_device(device) for device in candidates):
            drives.append(RemovableDrive(_label(mount_point), mount_point, is_mount=True))
    return drives


def is_removable_block_device(device_link: Path) -> bool:
    """True if the block device at ``device_link`` (a /sys/dev/block or /sys/class/block entry)
    or the disk it is a partition of is removable media: marked removable by the kernel, on a
    USB bus, or an SD card."""
    try:
        device = device_link.resolve(strict=True)
    except (OSError, RuntimeError):
        return False  # not a block device (a network share, tmpfs, …)
    disk = device.parent if (device / "partition").exists() else device
    if "/usb" in disk.as_posix():
        return True
    return _read(disk / "removable") == "1" or _read(disk / "device" / "type") == "SD"


def copy_file_name(record_id: str, number: int = 1) -> str:
    """The file name of a hire's copy: the record id, never the hire's name."""
    suffix = "" if number == 1 else f" ({number})"
    return f"ZZ Servers signed agreement {record_id}{suffix}.pdf"


def save_copy(drive: RemovableDrive, record_id: str, pdf: bytes) -> SavedCopy:
    """Write ``pdf`` to ``drive`` under :func:`copy_file_name`, flush it, read it back and compare.

    Nothing on the drive is ever replaced: a second save of the same record gets the next free
    numbered name ("… (2).pdf"). On any failure the partly written file is removed and
    :class:`CopyNotSavedError` says what to do in one sentence.
    """
    if drive.is_mount and not os.path.ismount(drive.path):
        raise CopyNotSavedError(_removed(drive))
    for number in range(1, MOST_COPIES_PER_DRIVE + 1):
        name = copy_file_name(record_id, number)
        try:
            _write_new_file(drive.path / name, pdf)
        except FileExistsError:
            continue
        except OSError as exc:
            raise CopyNotSavedError(_describe(exc, drive)) from exc
        return SavedCopy(drive, name)
    raise CopyNotSavedError(
        Message(
            QT_TRANSLATE_NOOP(
                "Messages",
                "USB drive {drive} already holds {count} copies of this agreement; use another "
                "drive.",
            ),
            drive=drive.label,
            count=MOST_COPIES_PER_DRIVE,
        )
    )


#: The hire's copy on their drive: readable by anyone who has the drive (it is theirs).
COPY_MODE = 0o644


def _write_new_file(path: Path, data: bytes) -> None:
    """Create ``path`` (failing if anything is there), write, fsync, read back; or remove it."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    handle = os.open(path, flags | getattr(os, "O_CLOEXEC", 0), 0o600)
    try:
        with os.fdopen(handle, "wb") as file:
            # The hire's own copy, for their own computer: readable there whoever owns it
            # (zzsign's owner-only umask is for the data folder, not for this file).
            with contextlib.suppress(OSError, AttributeError):
                os.fchmod(file.fileno(), COPY_MODE)
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
            _drop_cached_pages(file.fileno())
        sync_folder(path.parent)
        if path.read_bytes() != data:
            raise OSError(errno.EIO, "the copy read back differently")
    except BaseException:
        with contextlib.suppress(OSError):
            path.unlink()
        raise


def _drop_cached_pages(handle: int) -> None:
    """Ask the kernel to forget the written pages, so that the read-back comes from the drive."""
    if hasattr(os, "posix_fadvise"):
        with contextlib.suppress(OSError):
            os.posix_fadvise(handle, 0, 0, os.POSIX_FADV_DONTNEED)


def _describe(exc: OSError, drive: RemovableDrive) -> Message:
    """One sentence for the hire, naming the drive by its label and never a path."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return Message(
            QT_TRANSLATE_NOOP(
                "Messages", "USB drive {drive} is full; free some space on it or use another drive."
            ),
            drive=drive.label,
        )
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return Message(
            QT_TRANSLATE_NOOP(
                "Messages",
                "USB drive {drive} cannot be written to (it may be locked or read-only); "
                "use another drive.",
            ),
            drive=drive.label,
        )
    if exc.errno in (errno.ENOENT, errno.ENODEV, errno.ENXIO, errno.ENOTDIR, errno.ESTALE):
        return _removed(drive)
    return Message(
        QT_TRANSLATE_NOOP(
            "Messages",
            "Your copy could not be saved to USB drive {drive}; plug it in again and press "
            "Save to USB drive, or use another drive.",
        ),
        drive=drive.label,
    )


def _removed(drive: RemovableDrive) -> Message:
    return Message(
        QT_TRANSLATE_NOOP(
            "Messages",
            "USB drive {drive} was removed before your copy was saved; plug it in again "
            "and press Save to USB drive.",
        ),
        drive=drive.label,
    )


def _label(folder: Path) -> str:
    """The name a hire knows the drive by: its mount folder's name, shown safely."""
    name = folder.name or "USB drive"
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _unique(drives: list[RemovableDrive]) -> list[RemovableDrive]:
    """One entry per folder, sorted by label; two drives with one label are told apart."""
    by_path = {drive.path: drive for drive in drives}
    result: list[RemovableDrive] = []
    seen: dict[str, int] = {}
    for drive in sorted(by_path.values(), key=lambda d: (d.label.casefold(), str(d.path))):
        count = seen[drive.label] = seen.get(drive.label, 0) + 1
        if count > 1:
            drive = RemovableDrive(f"{drive.label} ({count})", drive.path, drive.is_mount)
        result.append(drive)
    return result


def _unescape(field: bytes) -> Path:
    """A mountinfo path: spaces, tabs, newlines and backslashes come as octal escapes."""
    raw = _OCTAL_ESCAPE.sub(lambda match: bytes([int(match.group(1), 8)]), field)
    return Path(os.fsdecode(raw))


def _under_media_root(mount_point: Path) -> bool:
    return any(root in mount_point.parents for root in MEDIA_ROOTS)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return ""
