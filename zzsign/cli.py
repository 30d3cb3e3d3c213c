"""Command line: ``zzsign`` starts the kiosk window; verbs for IT arrive with later features."""

from __future__ import annotations

import argparse
import sys

from zzsign import __version__

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    """The ``zzsign`` argument parser."""
    parser = argparse.ArgumentParser(
        prog="zzsign",
        description=(
            "Kiosk e-signing of the ZZ Servers Employee Confidentiality Agreement. "
            "Without a command, starts the signing window."
        ),
    )
    parser.add_argument("--version", action="version", version=f"zzsign {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="where records are kept (default: the platform's user data folder; "
        "or set ZZSIGN_DATA_DIR)",
    )
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="a SQLAlchemy database URL instead of the SQLite file in the data folder "
        "(or set ZZSIGN_DATABASE_URL)",
    )
    parser.add_argument(
        "--fullscreen", action="store_true", help="start the kiosk full-screen (F11 toggles)"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``zzsign`` command."""
    args = build_parser().parse_args(argv)
    from zzsign.config import Settings

    try:
        settings = Settings.resolve(data_dir=args.data_dir, database_url=args.database_url)
    except ValueError:
        print(
            "zzsign: ZZSIGN_IDLE_RESET_SECONDS must be a whole number of seconds.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    from zzsign.app import run_gui

    return run_gui(settings, [sys.argv[0]], full_screen=args.fullscreen)


if __name__ == "__main__":
    sys.exit(main())
