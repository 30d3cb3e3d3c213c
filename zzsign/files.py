"""Files and folders: owner-only folders, emptying the scratch folder, and writing files so
that nothing is ever half-written (a temporary file, fsync, then rename)."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path


def make_private_folder(path: Path) -> None:
    """Create ``path`` (and parents) readable only by its owner."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)


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


def write_file_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path``: either the whole new file appears, or nothing changes."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
