"""Files and folders: owner-only folders, emptying the scratch folder, and writing files so
that nothing is ever half-written (a temporary file, fsync, then rename)."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path


def make_private_folder(path: Path) -> None:
    """Create ``path`` (and parents) readable only by its owner."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)


def sync_folder(folder: Path) -> None:
    """Make renames and new names in ``folder`` durable (where the platform allows it)."""
    with contextlib.suppress(OSError, AttributeError):
        handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def empty_folder(folder: Path) -> None:
    """Delete everything inside ``folder`` (keeping the folder); a missing folder is fine."""
    try:
        entries = list(folder.iterdir())
    except OSError:
        return
    for entry in entries:
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                entry.unlink()


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """An owner-only temporary file beside ``path`` to write; when the block completes it is
    flushed to disk and renamed over ``path``, on any failure or interruption it is removed —
    either the whole new file appears, or nothing changes. The one way zzsign writes a file.

    OSError if the temporary file cannot be made (the caller says what to do).
    """
    path = Path(path)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        with open(temporary, "rb+") as written:
            os.fsync(written.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def write_file_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path``: either the whole new file appears, or nothing changes."""
    with atomic_path(path) as temporary:
        temporary.write_bytes(data)
