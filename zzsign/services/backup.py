"""``zzsign backup``: a consistent copy of the live SQLite store, taken while the app runs.

SQLite's online backup API copies the database page by page under a read snapshot, so the copy is
consistent even while the kiosk signs (WAL: writers are not blocked). The copy is written to a
temporary file beside the target, checked, made owner-only and renamed into place: an interrupted
backup leaves nothing behind. The copy holds only what the store holds: public keys, documents,
records with their sealed personal parts, audit events and chain links (no private key).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from zzsign.services.errors import UserFacingError
from zzsign.store.database import sqlite_path


class BackupError(UserFacingError):
    """The backup could not be made; nothing was written."""


@dataclass(frozen=True)
class BackupResult:
    """What the copy holds."""

    path: Path
    records: int
    links: int


def backup_store(database_url: str, out: Path) -> BackupResult:
    """Copy the store at ``database_url`` to ``out`` (atomically, owner-only)."""
    source = sqlite_path(database_url)
    if source is None:
        raise BackupError("zzsign backup copies the SQLite store only; back up other databases "
                          "with their own tools.")
    if not source.is_file():
        raise BackupError("There is no zzsign store to back up here; check --data-dir.")
    out = Path(out)
    if out.resolve() == source.resolve():
        raise BackupError("The backup cannot replace the store itself; choose another --out.")
    if out.is_dir() or not out.parent.is_dir() or (out.exists() and not out.is_file()):
        raise BackupError(f"Cannot write the backup to {out.name}; give a file name in an "
                          "existing folder for --out.")
    handle, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        os.chmod(temporary, 0o600)
        with contextlib.closing(sqlite3.connect(source)) as src, \
                contextlib.closing(sqlite3.connect(temporary)) as dst:
            src.execute("PRAGMA busy_timeout=5000")
            src.execute("PRAGMA query_only=ON")
            src.backup(dst)
            check = dst.execute("PRAGMA integrity_check").fetchone()[0]
            if check != "ok":
                raise BackupError("The copy did not pass SQLite's integrity check; run zzsign "
                                  "verify on the store.")
            records = dst.execute("SELECT count(*) FROM signature_records").fetchone()[0]
            links = dst.execute("SELECT count(*) FROM ledger_entries").fetchone()[0]
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        with open(temporary, "rb+") as written:
            os.fsync(written.fileno())
        os.replace(temporary, out)
    except sqlite3.Error as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise BackupError(f"The store could not be copied ({exc.__class__.__name__}); make sure "
                          "it is a zzsign store and try again.") from exc
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    return BackupResult(out, records, links)
