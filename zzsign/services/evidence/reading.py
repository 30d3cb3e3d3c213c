"""Reading an evidence package safely: members read into memory only, within size limits; a
package with unsafe or duplicate names, links, or a suspicious size or ratio is refused."""

from __future__ import annotations

import json
import stat
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from zzsign.services.verify import VerificationImpossibleError

MAX_TOTAL_BYTES = 2 * 1024**3
MAX_MEMBER_BYTES = 512 * 1024**2
MAX_RATIO = 200  # deflate rarely beats 10:1 on this content; bombs reach 1000:1
MAX_MEMBERS = 1_000_000
NOT_A_PACKAGE = "is not a zzsign evidence package"
EXPORT_AGAIN = "export it again on the laptop that made it"


class PackageReader:
    """A package's members, read into memory only, within size limits."""

    def __init__(self, path: Path) -> None:
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise VerificationImpossibleError(
                f"The file {NOT_A_PACKAGE} (not a readable .zip); "
                "give the package zzsign export made."
            ) from exc
        infos = self._zip.infolist()
        if len(infos) > MAX_MEMBERS:
            self._refuse("it has too many files")
        total = 0
        self.names: set[str] = set()
        for info in infos:
            name = info.filename
            parts = PurePosixPath(name).parts
            if (
                name.startswith(("/", "\\"))
                or "\\" in name
                or ".." in parts
                or (parts and ":" in parts[0])
            ):
                self._refuse(f"it holds a file with an unsafe name ({name[:80]!r})")
            if name in self.names:
                self._refuse(f"it holds the file {name[:80]!r} twice")
            kind = stat.S_IFMT(info.external_attr >> 16)
            if kind and kind not in (stat.S_IFREG, stat.S_IFDIR):
                self._refuse(f"it holds a link or special file ({name[:80]!r})")
            if info.file_size > MAX_MEMBER_BYTES or (
                info.file_size > 1024**2 and info.file_size > MAX_RATIO * max(info.compress_size, 1)
            ):
                self._refuse(f"the file {name[:80]!r} unpacks to a suspicious size")
            total += info.file_size
            self.names.add(name)
        if total > MAX_TOTAL_BYTES:
            self._refuse("it unpacks to more than 2 GB")

    def _refuse(self, why: str) -> None:
        self._zip.close()
        raise VerificationImpossibleError(
            f"The package was not opened: {why}; give the package zzsign export made."
        )

    def read(self, name: str) -> bytes:
        """A member's bytes (at most its declared size; CRC checked by zipfile)."""
        info = self._zip.getinfo(name)
        try:
            with self._zip.open(info) as member:
                data = member.read(info.file_size + 1)
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
            raise VerificationImpossibleError(
                f"The package is damaged: {printable(name)} cannot be read; {EXPORT_AGAIN}."
            ) from exc
        except (NotImplementedError, RuntimeError) as exc:  # unknown compression, encryption
            raise VerificationImpossibleError(
                f"The package is not one zzsign made: {printable(name)} is encrypted or "
                "compressed in a way zzsign does not write."
            ) from exc
        if len(data) != info.file_size:
            raise VerificationImpossibleError(
                f"The package is damaged: {printable(name)} has the wrong size; {EXPORT_AGAIN}."
            )
        return data

    def json(self, name: str):
        """A member parsed as JSON."""
        try:
            return json.loads(self.read(name))
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:
            raise VerificationImpossibleError(
                f"The package is damaged: {printable(name)} is not valid JSON; {EXPORT_AGAIN}."
            ) from exc

    def close(self) -> None:
        """Release the file."""
        self._zip.close()


def printable(name: str) -> str:
    """A member name as it may be shown: quoted and cut short if it is odd or long."""
    return name if name.isprintable() and len(name) <= 80 else repr(name[:80])
