"""The interface's translations, from code to catalogue: ``pyside6-lupdate`` extracts the
strings marked for translation in zzsign/ into the Qt Linguist sources kept in
resources/translations/ (``zzsign_<language>.ts``, English the source language), and
``lrelease`` compiles those into the binary catalogues (``.qm``) that ``QTranslator`` loads.

The one home of both steps: the wheel build (setup.py loads this file by its path), the
PyInstaller spec and a checkout at run time (zzsign.views.language) compile with it; a developer
refreshes the sources after changing wording with ``python -m zzsign.translation_build``, and
tests/test_language.py runs the same extraction to find strings left untranslated. It imports
nothing from zzsign, and PySide6 only to find the tools that ship with it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

#: The Qt Linguist sources: ``zzsign_<language>.ts``.
SOURCE_PATTERN = "zzsign_*.ts"


#: The project's top folder (in a checkout): the code and the sources of the translations.
PROJECT = Path(__file__).resolve().parent.parent
CODE_DIR = PROJECT / "zzsign"
SOURCES_DIR = PROJECT / "resources" / "translations"


def qt_tool(tool: str) -> Path:
    """A Qt tool (``lrelease``, ``lupdate``) of the installed PySide6 (FileNotFoundError when
    it has none)."""
    import PySide6

    folder = Path(PySide6.__file__).parent
    name = f"{tool}.exe" if sys.platform == "win32" else tool
    for candidate in (
        folder / name,
        folder / "Qt" / "libexec" / name,
        folder / "Qt" / "bin" / name,
    ):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"PySide6 has no {name} in {folder}")


def extract(sources: list[Path], *, code_dir: Path = CODE_DIR, drop_vanished: bool = False) -> str:
    """Update the ``.ts`` files ``sources`` with the strings the code marks for translation now:
    new ones are added unfinished, finished translations are kept, and those the code no longer
    has are marked vanished (a translator's reference for a reworded string) or, with
    ``drop_vanished``, removed. Returns lupdate's summary."""
    result = subprocess.run(
        [
            str(qt_tool("lupdate")),
            "-extensions",
            "py",
            "-locations",
            "none",
            *(["-no-obsolete"] if drop_vanished else []),
            "-source-language",
            "en",
            str(code_dir),
            "-ts",
            *map(str, sources),
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return result.stdout + result.stderr


def compile_catalogue(source: Path, target: Path) -> Path:
    """Compile the ``.ts`` file ``source`` into the ``.qm`` file ``target`` (written whole or
    not at all); CalledProcessError if ``lrelease`` refuses the source."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".qm", dir=target.parent)
    os.close(handle)
    try:
        subprocess.run(
            [str(qt_tool("lrelease")), "-silent", str(source), "-qm", name],
            check=True,
            capture_output=True,
            timeout=120,
        )
        os.replace(name, target)
    finally:
        Path(name).unlink(missing_ok=True)
    return target


def compile_all(source_dir: Path, target_dir: Path) -> list[Path]:
    """Every ``zzsign_*.ts`` of ``source_dir`` compiled into ``target_dir``; the ``.qm`` paths."""
    return [
        compile_catalogue(source, target_dir / f"{source.stem}.qm")
        for source in sorted(Path(source_dir).glob(SOURCE_PATTERN))
    ]


if __name__ == "__main__":
    # Refresh resources/translations/*.ts from the code, then translate what is unfinished
    # (pyside6-linguist); --drop-vanished removes the strings the code no longer has.
    print(
        extract(
            sorted(SOURCES_DIR.glob(SOURCE_PATTERN)),
            drop_vanished="--drop-vanished" in sys.argv[1:],
        )
    )
