"""Build zzsign's one-folder bundle with PyInstaller: ``python packaging/build_bundle.py``.

Needs the build extra (``pip install -e '.[build]'``). Writes ``dist/zzsign/`` (the program
``zzsign``, its ``_internal/`` folder and, on Linux, ``install.sh`` with the launcher, the kiosk
autostart entry and the icon), and with ``--archive`` a ``.tar.gz`` (``.zip`` on Windows) of
that folder to copy to a laptop. See docs/deploy.md.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "packaging" / "zzsign.spec"
LINUX_FILES = ROOT / "packaging" / "linux"
ICON = ROOT / "resources" / "icons" / "zzsign.svg"


def build(dist: Path, work: Path) -> Path:
    """Run PyInstaller on the spec; return the bundle folder (``dist/zzsign``)."""
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        raise SystemExit(
            "PyInstaller is missing; install the build extra: pip install -e '.[build]'"
        ) from None
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level=WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
            str(SPEC),
        ],
        check=True,
        cwd=ROOT,
    )
    bundle = dist / "zzsign"
    if sys.platform.startswith("linux"):
        for name in ("install.sh", "zzsign.desktop", "zzsign-kiosk.desktop"):
            shutil.copy2(LINUX_FILES / name, bundle / name)
        shutil.copy2(ICON, bundle / "zzsign.svg")
    return bundle


def archive(bundle: Path) -> Path:
    """``zzsign-VERSION-SYSTEM-MACHINE.tar.gz`` (or ``.zip``) of the bundle, beside it."""
    program = bundle / ("zzsign-cli.exe" if sys.platform == "win32" else "zzsign")
    completed = subprocess.run(
        [str(program), "--version"], capture_output=True, text=True, check=True
    )
    version = completed.stdout.split()[-1]
    name = f"zzsign-{version}-{platform.system().lower()}-{platform.machine().lower()}"
    kind = "zip" if sys.platform == "win32" else "gztar"
    return Path(shutil.make_archive(str(bundle.parent / name), kind, bundle.parent, bundle.name))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--dist",
        type=Path,
        default=ROOT / "dist",
        help="where the bundle folder goes (default: dist/)",
    )
    parser.add_argument(
        "--work",
        type=Path,
        default=ROOT / "build" / "pyinstaller",
        help="PyInstaller's scratch folder (default: build/pyinstaller/)",
    )
    parser.add_argument(
        "--archive",
        action="store_true",
        help="also pack the bundle into one file to copy to laptops",
    )
    args = parser.parse_args(argv)
    bundle = build(args.dist.resolve(), args.work.resolve())
    print(f"Built {bundle}")
    if args.archive:
        print(f"Packed {archive(bundle)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
