"""``zzsign``'s arguments: the window's options, each command's options, and the checks of
their values (each refusal says in one sentence what to give instead)."""

from __future__ import annotations

import argparse
import sys

from zzsign import __version__
from zzsign.cli.passwords import HR_PASSWORD_VARIABLE


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    """``zzsign``'s arguments. A plain start of the window (``zzsign``, ``zzsign --kiosk``) is
    parsed without building every command's parser first (a few ms before the first paint);
    anything else goes through the full parser."""
    words = sys.argv[1:] if argv is None else argv
    if set(words) <= _WINDOW_FLAGS:
        args = build_parser(with_commands=False).parse_args(words)
        args.verb = None
    else:
        args = build_parser().parse_args(words)
    return args


#: Options that only start the window, and take no value.
_WINDOW_FLAGS = frozenset({"--kiosk", "--fullscreen"})


def _store_options(default: object) -> argparse.ArgumentParser:
    """``--data-dir`` and ``--database-url``, as a parent parser whose values default to
    ``default``."""
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument(
        "--data-dir",
        metavar="DIR",
        type=_folder,
        default=default,
        help="where records are kept (default: the platform's user data folder; "
        "or set ZZSIGN_DATA_DIR)",
    )
    options.add_argument(
        "--database-url",
        metavar="URL",
        default=default,
        help="a SQLAlchemy database URL instead of the SQLite file in the data folder "
        "(or set ZZSIGN_DATABASE_URL)",
    )
    return options


def build_parser(*, with_commands: bool = True) -> argparse.ArgumentParser:
    """The ``zzsign`` argument parser (``with_commands=False``: the window's options only)."""
    # Each command takes the options too, with no default of its own: a default there would
    # replace a value given before the command (``zzsign --data-dir DIR verify``).
    common = _store_options(argparse.SUPPRESS)
    parser = argparse.ArgumentParser(
        prog="zzsign",
        parents=[_store_options(None)],
        description=(
            "Kiosk e-signing of the ZZ Servers Employee Confidentiality Agreement. "
            "Without a command, starts the signing window."
        ),
        epilog=f"The HR password is asked for when needed, or read from {HR_PASSWORD_VARIABLE}.",
    )
    parser.add_argument("--version", action="version", version=f"zzsign {__version__}")
    parser.add_argument(
        "--fullscreen", action="store_true", help="start the kiosk full-screen (F11 toggles)"
    )
    parser.add_argument(
        "--kiosk",
        action="store_true",
        help="kiosk mode for an onboarding laptop: full screen, and only HR (with the HR "
        "password) can leave it or quit (or set ZZSIGN_KIOSK=1)",
    )
    if not with_commands:
        return parser
    verbs = parser.add_subparsers(dest="verb", metavar="COMMAND")

    verify = verbs.add_parser(
        "verify",
        parents=[common],
        help="check every record, link and signature in the store",
        description="Check the store, or a signed copy or evidence package: exit 0 intact, "
        "1 problems found (each listed), 2 could not check, 3 a file intact but the laptop "
        "that made it not checked (unknown here: give --expect).",
    )
    verify.add_argument(
        "file",
        nargs="?",
        metavar="FILE",
        type=_path,
        help="a signed PDF or evidence package instead of the store",
    )
    verify.add_argument(
        "--expect",
        metavar="SHA256:…",
        help="the fingerprint of the laptop that made FILE, as zzsign fingerprint prints it "
        "there; checked instead of the keys this store knows",
    )
    verify.add_argument(
        "--with-hr-password",
        action="store_true",
        help=f"ask for the HR password (or use {HR_PASSWORD_VARIABLE}) to also "
        "check the sealed personal data",
    )

    demo = verbs.add_parser(
        "demo",
        parents=[common],
        help="fill an empty store with synthetic signed records",
        description="Fill an empty store with synthetic signed records through the real "
        "signing code. Refuses a store that holds real records.",
    )
    demo.add_argument(
        "--signatures",
        type=_signature_count,
        required=True,
        metavar="N",
        help="how many records to make",
    )

    verbs.add_parser(
        "hr-password",
        parents=[common],
        help="set the HR password (first use) or change it",
    )
    verbs.add_parser(
        "fingerprint",
        parents=[common],
        help="print this installation's key fingerprint (SHA256:…)",
        description="Print the fingerprint of this laptop's installation key, SHA256: and 64 "
        "hex digits alone on a line, as its signed copies print it (made on the first use).",
    )
    hr = verbs.add_parser(
        "hr",
        parents=[common],
        help="HR's keys (fingerprint)",
    )
    hr_verbs = hr.add_subparsers(dest="hr_verb", metavar="ACTION", required=True)
    hr_verbs.add_parser(
        "fingerprint",
        parents=[common],
        help="print HR's fingerprint (SHA256:…), of the key records are sealed to",
        description="Print HR's fingerprint, SHA256: and 64 hex digits alone on a line: of "
        "HR's public key that records are sealed to.",
    )

    export = verbs.add_parser(
        "export",
        parents=[common],
        help="export records (needs the HR password)",
        description="Export signed records as CSV, XLSX, JSON, one merged PDF, or an evidence "
        "package (.zip) that zzsign verify checks on any machine. The file appears only when "
        "complete. In CSV and XLSX, a text that a spreadsheet would take for a formula (starting "
        "with = + - @, a tab or a carriage return) is written with a leading ' so it stays text.",
    )
    export.add_argument("--format", required=True, choices=EXPORT_FORMATS, help="what to write")
    export.add_argument(
        "--out", required=True, metavar="PATH", type=_path, help="the file to write"
    )
    export.add_argument(
        "--since",
        type=_day,
        metavar="DATE",
        help="only records signed on or after this day (YYYY-MM-DD, UTC)",
    )
    export.add_argument(
        "--until",
        type=_day,
        metavar="DATE",
        help="only records signed on or before this day (YYYY-MM-DD, UTC)",
    )
    export.add_argument(
        "--agreement-version",
        type=_version,
        metavar="V",
        help="only records of this agreement version",
    )

    imported = verbs.add_parser(
        "import",
        parents=[common],
        help="merge another laptop's evidence package",
        description="Verify an evidence package, then merge its records into this store. "
        "Importing the same package twice changes nothing.",
    )
    imported.add_argument(
        "package", metavar="PACKAGE", type=_path, help="the evidence package (.zip)"
    )
    imported.add_argument(
        "--trust",
        action="append",
        default=[],
        metavar="FINGERPRINT",
        help="the key fingerprint (SHA256:…) of a laptop not yet known here, "
        "as its signed copies print it; needed for its first package",
    )

    void = verbs.add_parser(
        "void",
        parents=[common],
        help="void a record, with a reason (needs the HR password)",
        description="Void a signed record: nothing is deleted; the void and its reason are "
        "added as a signed entry of the chain. A record can be voided once.",
    )
    void.add_argument("record_id", metavar="RECORD_ID", type=_record_id, help="the record to void")
    void.add_argument(
        "--reason",
        required=True,
        metavar="TEXT",
        help="why the record no longer stands (3 to 500 characters)",
    )

    agreement = verbs.add_parser(
        "agreement",
        parents=[common],
        help="list or publish versions of the agreement",
        description="List the agreement versions, or publish a new one from a Markdown or HTML "
        "file (sanitised: no scripts, remote resources or forms). The kiosk shows the newest.",
    )
    agreement_verbs = agreement.add_subparsers(
        dest="agreement_verb", metavar="ACTION", required=True
    )
    agreement_verbs.add_parser(
        "list", parents=[common], help="versions with their hash and signature counts"
    )
    publish = agreement_verbs.add_parser(
        "publish", parents=[common], help="publish a new version (needs the HR password)"
    )
    publish.add_argument(
        "file", metavar="FILE", type=_path, help="the new text (.md, .html or .htm)"
    )
    publish.add_argument(
        "--version",
        type=_version,
        required=True,
        metavar="V",
        dest="new_version",
        help="the new version number (greater than every existing one)",
    )
    publish.add_argument(
        "--title", metavar="T", default=None, help="the title (default: the newest version's title)"
    )

    backup = verbs.add_parser(
        "backup",
        parents=[common],
        help="a consistent copy of the store, while the app runs",
    )
    backup.add_argument(
        "--out", required=True, metavar="FILE", type=_path, help="the copy to write"
    )

    database = verbs.add_parser(
        "db",
        parents=[common],
        help="the records database's schema (upgrade)",
        description="Bring the records database to this version of zzsign's schema. A SQLite "
        "store upgrades by itself at start-up (after a backup copy); a PostgreSQL database is "
        "upgraded only by this command, under a lock (two at once upgrade it once).",
    )
    database_verbs = database.add_subparsers(dest="db_verb", metavar="ACTION", required=True)
    database_verbs.add_parser(
        "upgrade",
        parents=[common],
        help="upgrade the schema (a SQLite store is copied into backups/ first)",
    )

    restore = verbs.add_parser(
        "restore",
        parents=[common],
        help="put this laptop's records back from a backup (or --new-store)",
        description="Put a backup of this laptop's records in place of the store in the data "
        "folder, then check it as zzsign verify does. The files it replaces are moved into "
        "the data folder's backups/, never deleted. Close zzsign on this laptop first. "
        "With --new-store instead: start an empty store with a new HR password, for a laptop "
        "whose records are missing or damaged and have no backup.",
    )
    restore.add_argument(
        "backup",
        nargs="?",
        metavar="BACKUP",
        type=_path,
        help="the backup file (in the data folder's backups/, or made by zzsign backup)",
    )
    restore.add_argument(
        "--new-store",
        action="store_true",
        help=f"start an empty store instead, with a new HR password (asked "
        f"twice, or read from {HR_PASSWORD_VARIABLE})",
    )

    email_domains = verbs.add_parser(
        "email-domains",
        parents=[common],
        help="list or set the company's work email domains (setting needs the HR password)",
        description="Without options, list the work email domains hires must use. With --set, "
        "the kiosk refuses a work email in any other domain (a subdomain counts only if listed); "
        "with --clear, any domain is accepted again.",
    )
    domain_choice = email_domains.add_mutually_exclusive_group()
    domain_choice.add_argument(
        "--set",
        metavar="DOMAINS",
        dest="domains",
        help="the domains, separated by commas, like zzservers.com,zz-servers.de",
    )
    domain_choice.add_argument(
        "--clear", action="store_true", help="accept a work email in any domain"
    )
    return parser


EXPORT_FORMATS = ("csv", "xlsx", "json", "pdf", "evidence")


#: Largest agreement version and --signatures count the command line takes.
MAX_VERSION = 1_000_000
MAX_DEMO_SIGNATURES = 1_000_000
#: A signed copy is a few hundred KB; a file past this is not one (and is not read whole).
MAX_SIGNED_COPY_BYTES = 64 * 1024**2


def _quoted(text: str, limit: int = 40) -> str:
    """``text`` as a short, printable quotation for an error line (never the whole argument)."""
    return repr(text[:limit] + ("…" if len(text) > limit else ""))


def _day(text: str):
    """A YYYY-MM-DD date for --since and --until."""
    from datetime import date

    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{_quoted(text)} is not a date like 2026-11-25") from None
    if day.year > 9998:
        raise argparse.ArgumentTypeError(
            f"{_quoted(text)} is too far ahead; give a date before the year 9999"
        )
    return day


def _whole_number(text: str, largest: int) -> int:
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{_quoted(text)} is not a whole number") from None
    if not 1 <= number <= largest:
        raise argparse.ArgumentTypeError(f"give a whole number from 1 to {largest:,}")
    return number


def _version(text: str) -> int:
    """An agreement version number (1 to MAX_VERSION)."""
    return _whole_number(text, MAX_VERSION)


def _signature_count(text: str) -> int:
    """How many demo records to make: a whole number, at most MAX_DEMO_SIGNATURES."""
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{_quoted(text)} is not a whole number") from None
    if number > MAX_DEMO_SIGNATURES:
        raise argparse.ArgumentTypeError(f"at most {MAX_DEMO_SIGNATURES:,} demo records at once")
    return number  # below 1 is refused with its own sentence by run_demo


def _path(text: str) -> str:
    """A file or folder path: the operating system cannot take a NUL character in one."""
    if "\0" in text:
        raise argparse.ArgumentTypeError("a path cannot contain a NUL character")
    return text


def _folder(text: str) -> str:
    """The data folder: also written into the database URL, so it must be valid UTF-8."""
    _path(text)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise argparse.ArgumentTypeError(
            "the folder's name is not valid UTF-8 text; choose a folder whose name is plain text"
        ) from None
    return text


def _record_id(text: str) -> str:
    """A record ID: the UUID zzsign gave the record (shown on the Done page and in exports)."""
    import uuid

    try:
        return str(uuid.UUID(text.strip()))
    except ValueError:
        raise argparse.ArgumentTypeError(
            "not a record ID; record IDs look like 3f1c2a9e-7b4d-4c1e-9a55-0d2e8f6b7c31"
        ) from None
