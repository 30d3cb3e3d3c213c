"""What every export shares on its way out: the file appears only when complete, progress is
told the same way, and the outcome is an :class:`ExportResult`."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from zzsign.domain.messages import QT_TRANSLATE_NOOP, Message
from zzsign.files import atomic_path
from zzsign.services.export.problems import ExportError

#: Told ``(records done, records in all)`` before the first record and after each one; may
#: raise :class:`ExportCancelled` to stop the export (nothing is then written).
ExportProgress = Callable[[int, int], None]
_Item = TypeVar("_Item")


class ExportCancelled(Exception):
    """Raised by an :data:`ExportProgress` callback to stop the export; nothing is written."""


@dataclass(frozen=True)
class ExportResult:
    """A finished export: where it went, how many records it holds, how many were left out."""

    path: Path
    exported: int
    left_out: int = 0  # records signed on other laptops (PDF and evidence package only)


# -- writing files atomically ------------------------------------------------------------------
@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path``, renamed over it only if the block completes.

    On any failure or interruption (KeyboardInterrupt included) the temporary file is removed,
    so no partial export is ever left behind. The file is owner-only.
    """
    path = Path(path)
    if path.is_dir():
        raise ExportError(
            Message(
                QT_TRANSLATE_NOOP("Messages", "{file} is a folder; give a file name to export to."),
                file=path.name,
            )
        )
    if path.exists() and not path.is_file():  # never replace a device, pipe or socket
        raise ExportError(
            Message(
                QT_TRANSLATE_NOOP(
                    "Messages", "{file} is not a regular file; give a file name to export to."
                ),
                file=path.name,
            )
        )
    if not path.parent.is_dir():
        raise ExportError(
            Message(
                QT_TRANSLATE_NOOP(
                    "Messages",
                    "The folder for {file} does not exist; create it or choose another folder.",
                ),
                file=path.name,
            )
        )
    writing = atomic_path(path)
    try:
        temporary = writing.__enter__()
    except OSError as exc:
        raise ExportError(
            Message(
                QT_TRANSLATE_NOOP(
                    "Messages",
                    "Cannot write in the folder for {file} ({reason}); choose another folder.",
                ),
                file=path.name,
                reason=exc.strerror,
            )
        ) from exc
    with contextlib.ExitStack() as finish:
        finish.push(writing)  # fsync and rename on success, remove on any failure
        yield temporary


# -- progress ------------------------------------------------------------------
def reported(
    items: Iterable[_Item], total: int, progress: ExportProgress | None
) -> Iterator[_Item]:
    """``items`` passed through, with ``progress`` told before the first and after each one.

    "After" means once the consumer asks for the next item, i.e. when it has dealt with this
    one; the last call, ``(total, total)``, comes when the consumer finds the end.
    """
    if progress is None:
        yield from items
        return
    progress(0, total)
    for done, item in enumerate(items, start=1):
        yield item
        progress(done, max(total, done))
