"""A small file system of its own (tmpfs) that a test fills up or makes read-only, where this
machine lets a test mount one (root, and a kernel and container that allow it)."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest


def _can_mount_tmpfs() -> bool:
    """Whether ``mount -t tmpfs`` works here (root, and a kernel and container that allow it)."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    with tempfile.TemporaryDirectory(prefix="zzsign-mount-probe-") as probe:
        mounted = (
            subprocess.run(
                ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", probe], capture_output=True
            ).returncode
            == 0
        )
        if mounted:
            subprocess.run(["umount", probe], capture_output=True, check=True)
    return mounted


#: ``ZZSIGN_TEST_FAULTS_NO_MOUNT=1`` takes the fallback paths even where mount works.
CAN_MOUNT = os.environ.get("ZZSIGN_TEST_FAULTS_NO_MOUNT") != "1" and _can_mount_tmpfs()


class SmallDisk:
    """A folder on its own 8 MiB tmpfs, which a test can fill up or make read-only."""

    def __init__(self, mount_point: Path) -> None:
        self.root = mount_point
        self.filler = mount_point / "filler"
        mount_point.mkdir()
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=8m,mode=0700", "tmpfs", str(mount_point)],
            check=True,
            capture_output=True,
        )

    def fill(self) -> None:
        """Write until the file system refuses: not one byte is left."""
        descriptor = os.open(self.filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            for size in (65536, 4096, 512, 1):
                with contextlib.suppress(OSError):
                    while True:
                        os.write(descriptor, b"\0" * size)
        finally:
            os.close(descriptor)
        with pytest.raises(OSError) as refused:
            os.close(os.open(self.root / "probe", os.O_WRONLY | os.O_CREAT, 0o600))
            (self.root / "probe").write_bytes(b"x" * 4096)
        assert refused.value.errno == errno.ENOSPC

    def free(self) -> None:
        """Give the space back."""
        self.filler.unlink()
        with contextlib.suppress(FileNotFoundError):
            (self.root / "probe").unlink()

    def read_only(self, on: bool) -> None:
        """Remount read-only (fails while any file on it is open for writing) or read-write."""
        subprocess.run(
            ["mount", "-o", f"remount,{'ro' if on else 'rw'}", str(self.root)],
            check=True,
            capture_output=True,
        )

    def unmount(self) -> None:
        """Remove the file system (lazily, if something still holds a file on it)."""
        if subprocess.run(["umount", str(self.root)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(self.root)], capture_output=True)
