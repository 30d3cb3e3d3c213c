"""Command line: ``zzsign`` starts the kiosk window; verbs let IT script checks and demo data.

Exit codes: 0 success, 1 the check or operation found a problem, 2 usage or environment error.
Errors go to stderr as one sentence saying what to do.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path

from zzsign import __version__
from zzsign.config import DATABASE_FILE_NAME

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2
HR_PASSWORD_VARIABLE = "ZZSIGN_HR_PASSWORD"
NEW_HR_PASSWORD_VARIABLE = "ZZSIGN_NEW_HR_PASSWORD"


class CliError(Exception):
    """A failure to report in one sentence, with its exit code."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


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
        description="Check the store: exit 0 intact, 1 problems found (each listed), "
        "2 could not check.",
    )
    verify.add_argument(
        "file",
        nargs="?",
        metavar="FILE",
        type=_path,
        help="a signed PDF or evidence package instead of the store",
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
        help="the records database's schema and roles (upgrade, grant)",
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
    grant = database_verbs.add_parser(
        "grant",
        parents=[common],
        help="give a PostgreSQL database's kiosk role and HR role their rights",
        description="Run as the owner of zzsign's tables (the user of zzsign db upgrade): the "
        "kiosk role reads all but HR's private key and only inserts; the HR role reads all and "
        "changes only HR's key and settings (docs/fleet.md). Run it again after each upgrade.",
    )
    grant.add_argument("--kiosk-role", metavar="ROLE", default="zzsign_kiosk")
    grant.add_argument("--hr-role", metavar="ROLE", default="zzsign_hr")
    grant.add_argument(
        "--print",
        action="store_true",
        dest="print_sql",
        help="print the SQL for psql instead of running it (connects nowhere)",
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


def _shown(text: object) -> str:
    """``text`` safe for one line of a terminal: control characters and bytes that are not
    UTF-8 (in file names) are shown escaped, never sent as they are."""
    return "".join(
        c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in str(text)
    )


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``zzsign`` command."""
    args = parse_arguments(argv)
    from zzsign.config import Settings

    try:
        settings = Settings.resolve(
            data_dir=args.data_dir,
            database_url=args.database_url,
            kiosk=getattr(args, "kiosk", False),
        )
    except ValueError:
        print(
            "zzsign: ZZSIGN_IDLE_RESET_SECONDS must be a whole number of seconds.", file=sys.stderr
        )
        return EXIT_USAGE
    from zzsign.logs import configure_logging

    configure_logging(settings.data_dir)
    if args.verb is None:
        from zzsign.app import run_gui

        return run_gui(settings, [sys.argv[0]], full_screen=args.fullscreen)
    os.umask(0o077)
    commands: dict[str, Callable[[argparse.Namespace, Settings], int]] = {
        "verify": run_verify,
        "demo": run_demo,
        "hr-password": run_hr_password,
        "export": run_export,
        "import": run_import,
        "backup": run_backup,
        "restore": run_restore,
        "email-domains": run_email_domains,
        "void": run_void,
        "agreement": run_agreement,
        "db": run_db,
        "fingerprint": run_fingerprint,
        "hr": run_hr,
    }
    from zzsign.services.errors import StoreDamagedError, UserFacingError
    from zzsign.services.store import StoreMissingError

    try:
        return commands[args.verb](args, settings)
    except CliError as failure:
        print(f"zzsign: {_shown(failure.message)}", file=sys.stderr)
        return failure.code
    except (StoreDamagedError, StoreMissingError) as damaged:  # IT is here: say how to restore
        print(f"zzsign: {damaged.restore_steps}", file=sys.stderr)
        return EXIT_USAGE
    except UserFacingError as failure:
        print(f"zzsign: {_shown(failure.message)}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("zzsign: interrupted; nothing half-written was kept.", file=sys.stderr)
        return EXIT_USAGE


# -- HR password ----------------------------------------------------------------------------
def _ask(prompt: str) -> str:
    if not sys.stdin.isatty():
        raise CliError(
            f"The HR password is needed: set {HR_PASSWORD_VARIABLE} or run zzsign in a terminal."
        )
    return getpass.getpass(prompt)


def _ask_twice(prompt: str) -> str:
    """A new password, typed twice."""
    password = _ask(prompt)
    if _ask("Repeat it: ") != password:
        raise CliError("The two passwords are different; run the command again.")
    return password


def _hr_password(confirm_new: bool = False) -> str:
    """The HR password from the environment, or asked for (twice when it is being chosen)."""
    given = os.environ.get(HR_PASSWORD_VARIABLE)
    if given:
        return given
    return _ask_twice("New HR password: ") if confirm_new else _ask("HR password: ")


def _open_database(settings):
    from zzsign.services.store import open_database

    return open_database(settings)


def _ensure_hr(hr) -> None:
    """First HR use: set the password (from the environment, or asked for twice)."""
    if not hr.is_set_up():
        print(
            "HR has no password on this store yet; choose one (12 characters or more).",
            file=sys.stderr,
        )
        hr.set_up(_hr_password(confirm_new=True))


def run_hr_password(args: argparse.Namespace, settings) -> int:
    """Set the HR password on first use, or change it."""
    from zzsign.services.hr import HrAccess

    database = _open_database(settings)
    try:
        hr = HrAccess(database.sessions)
        if not hr.is_set_up():
            _ensure_hr(hr)
            print("HR password set.")
            return EXIT_OK
        old = _hr_password()
        new = os.environ.get(NEW_HR_PASSWORD_VARIABLE) or _ask_twice("New HR password: ")
        hr.change_password(old, new)
        print("HR password changed.")
        return EXIT_OK
    finally:
        database.close()


# -- fingerprints ---------------------------------------------------------------------------
def run_fingerprint(args: argparse.Namespace, settings) -> int:
    """Print this installation's key fingerprint alone on a line."""
    from zzsign.services.store import installation_fingerprint, open_store

    store = open_store(settings)
    try:
        print(installation_fingerprint(store))
    finally:
        store.close()
    return EXIT_OK


def run_hr(args: argparse.Namespace, settings) -> int:
    """``hr fingerprint``: HR's fingerprint alone on a line (exit 2 before HR has set up)."""
    from zzsign.services.hr import HrAccess

    database = _open_database(settings)
    try:
        print(HrAccess(database.sessions).fingerprint())
    finally:
        database.close()
    return EXIT_OK


# -- verify ---------------------------------------------------------------------------------
def run_verify(args: argparse.Namespace, settings) -> int:
    """Check the store; list each problem with its record; exit 0, 1 or 2."""
    if args.file:
        return _verify_file(Path(args.file), settings)
    return _check_store(settings, with_hr_password=args.with_hr_password)


def _check_store(settings, *, with_hr_password: bool) -> int:
    """What ``zzsign verify`` does for the store: exit 0 intact, 1 problems (a store whose
    records are missing is one), 2 could not check."""
    from zzsign.security.keyring_store import SecretStore
    from zzsign.services.hr import HrAccess
    from zzsign.services.store import StoreMissingError
    from zzsign.services.verify import verify_database

    try:
        database = _open_database(settings)
    except StoreMissingError as missing:
        raise CliError(missing.restore_steps, EXIT_PROBLEM) from missing
    try:
        hr_key = None
        if with_hr_password or os.environ.get(HR_PASSWORD_VARIABLE):
            hr_key = HrAccess(database.sessions).unlock(_hr_password())
        # A keyring that is missing or locked is not fatal: verify notes why it was not read.
        secrets = SecretStore()
        # A reader's snapshot: the kiosk can go on signing while the store is checked.
        report = verify_database(settings.database_url, secrets=secrets, hr_private_key=hr_key)
    finally:
        database.close()
    summary = (
        f"Checked {report.records} records and {report.links} chain entries"
        + (f", and opened {report.sealed_checked} sealed records" if hr_key else "")
        + (f" ({report.voided} voided)" if report.voided else "")
    )
    return _print_report(report, summary)


def _print_report(report, summary: str) -> int:
    """Problems on stdout (one per line, record first), notes on stderr, then a summary."""
    for problem in report.problems:
        print(_shown(problem))
    for note in report.not_checked:
        print(f"Not checked: {_shown(note.rstrip('.'))}.", file=sys.stderr)
    if report.intact:
        print(f"{summary}: all intact.")
        return EXIT_OK
    count = len(report.problems)
    print(f"{summary}: {count} {'problem' if count == 1 else 'problems'} found.")
    return EXIT_PROBLEM


def _verify_file(path: Path, settings) -> int:
    """Check a signed PDF copy: its seal, and its record against its chain entry."""
    from zzsign.services.verify_file import verify_pdf

    if path.exists() and not path.is_file():
        raise CliError(
            f"{_shown(path.name)} is not a regular file; give a signed copy (.pdf) "
            "or an evidence package (.zip)."
        )
    try:
        with path.open("rb") as file:
            data = file.read(MAX_SIGNED_COPY_BYTES + 1)
    except OSError as exc:
        raise CliError(
            f"Cannot read {path.name}: {exc.strerror or 'unreadable'}; check the "
            "path and try again."
        ) from exc
    if data.startswith(b"PK"):  # read from the file itself, never whole into memory
        from zzsign.services.evidence_package import verify_package

        report, _contents = verify_package(path)
        return _print_report(report, f"Checked the evidence package {_shown(path.name)}")
    if len(data) > MAX_SIGNED_COPY_BYTES:
        raise CliError(
            f"{_shown(path.name)} is larger than any signed copy zzsign makes "
            f"({MAX_SIGNED_COPY_BYTES // 1024**2} MB); check that this is the right "
            "file."
        )
    known = None
    if settings.data_dir.joinpath(DATABASE_FILE_NAME).exists():
        from zzsign.store.records import RecordRepository

        database = _open_database(settings)
        try:
            with database.sessions() as db:
                known = {i.id: i.public_key for i in RecordRepository(db).installations()}
        finally:
            database.close()
    report = verify_pdf(data, known)
    return _print_report(report, f"Checked the signed copy {_shown(path.name)}")


# -- export, import, backup -----------------------------------------------------------------
def _unlock_hr(sessions, purpose: str = "there is nothing to export") -> bytes:
    from zzsign.services.hr import HrAccess

    hr = HrAccess(sessions)
    if not hr.is_set_up():
        raise CliError(
            f"HR has no password on this store yet, so {purpose}; run zzsign hr-password first."
        )
    return hr.unlock(_hr_password())


def _report_progress(done: int, total: int) -> None:
    if done % 100 == 0 or done == total:
        print(f"  {done} of {total} signed copies", file=sys.stderr)


def run_export(args: argparse.Namespace, settings) -> int:
    """Export the matching records; the file appears only when complete."""
    from zzsign.services.evidence_package import export_evidence
    from zzsign.services.export import ExportFilter, ExportProblemError, export_pdf, export_table

    if args.since and args.until and args.since > args.until:
        raise CliError("--since is after --until; give a date range that is not empty.")
    chosen = ExportFilter(args.since, args.until, args.agreement_version)
    out = Path(args.out)
    try:
        if args.format in ("csv", "xlsx", "json"):
            database = _open_database(settings)
            try:
                hr_key = _unlock_hr(database.sessions)
                count = export_table(settings.database_url, hr_key, chosen, args.format, out)
            finally:
                database.close()
            left_out = 0
        else:
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
            from PySide6.QtGui import QGuiApplication

            from zzsign.services.store import open_store

            app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
            store = open_store(settings)
            try:
                hr_key = _unlock_hr(store.sessions)
                make = export_pdf if args.format == "pdf" else export_evidence
                count, left_out = make(store, hr_key, chosen, out, _report_progress)
            finally:
                store.close()
            del app
    except ExportProblemError as problem:
        raise CliError(problem.message, EXIT_PROBLEM) from problem
    if left_out:
        print(
            f"Left out {left_out} records signed on other laptops: make their copies on the "
            "laptop that signed them.",
            file=sys.stderr,
        )
    print(f"Exported {count} {'record' if count == 1 else 'records'} to {_shown(out)}.")
    return EXIT_OK


def run_import(args: argparse.Namespace, settings) -> int:
    """Verify a package and merge its records; a second import of it changes nothing."""
    from zzsign.domain.clock import system_clock
    from zzsign.services.evidence_package import ImportRefusedError, import_package

    path = Path(args.package)
    if path.exists() and not path.is_file():
        raise CliError(
            f"{_shown(path.name)} is not a regular file; give the evidence package "
            "(.zip) zzsign export made."
        )
    if not path.is_file():
        raise CliError(f"There is no file {path.name}; check the path and try again.")
    database = _open_database(settings)
    try:
        result = import_package(database.sessions, path, system_clock(), args.trust)
    except ImportRefusedError as refused:
        raise CliError(refused.message, EXIT_PROBLEM) from refused
    finally:
        database.close()
    print(
        f"Imported {result.records_added} records and {result.links_added} chain entries "
        f"({result.records_present} records were already here)."
    )
    return EXIT_OK


def run_backup(args: argparse.Namespace, settings) -> int:
    """Copy the live store consistently (SQLite online backup) to --out."""
    from zzsign.services.backup import backup_store

    result = backup_store(settings.database_url, Path(args.out))
    print(
        f"Backed up {result.records} records and {result.links} chain entries to "
        f"{_shown(result.path)}."
    )
    return EXIT_OK


def run_db(args: argparse.Namespace, settings) -> int:
    """``zzsign db upgrade``: bring the store's schema to this zzsign's; ``zzsign db grant``:
    give the kiosk and HR roles their rights."""
    from zzsign.services.store import upgrade_database

    if args.db_verb == "grant":
        from zzsign.services.database_roles import grant_roles, roles_script

        if args.print_sql:
            print(roles_script(args.kiosk_role, args.hr_role), end="")
        else:
            grant_roles(settings, args.kiosk_role, args.hr_role)
            print(f"Gave {args.kiosk_role} a kiosk's rights and {args.hr_role} HR's rights.")
        return EXIT_OK
    upgrade = upgrade_database(settings)
    if not upgrade.changed:
        print(f"The records database is already at schema {upgrade.after}; nothing to do.")
    elif upgrade.before is None:
        print(f"Set up the records database at schema {upgrade.after}.")
    else:
        kept = "" if upgrade.backup is None else f" (a copy from before: {_shown(upgrade.backup)})"
        print(
            f"Upgraded the records database from schema {upgrade.before} to {upgrade.after}{kept}."
        )
    return EXIT_OK


def run_restore(args: argparse.Namespace, settings) -> int:
    """Put a backup of this laptop's records in place (then check it as verify does), or start
    an empty store with a new HR password (``--new-store``)."""
    from zzsign.security.keyring_store import SecretStore
    from zzsign.services import restore

    if (args.backup is None) == (not args.new_store):
        raise CliError("Give either the backup file to restore or --new-store (not both).")
    secrets = SecretStore()
    if args.new_store:
        if not os.environ.get(HR_PASSWORD_VARIABLE) and sys.stdin.isatty():
            print(
                "The new store needs its own HR password; choose one (12 characters or more).",
                file=sys.stderr,
            )
        started = restore.start_new_store(settings, secrets, _hr_password(confirm_new=True))
        print(
            f"Started an empty records store for this laptop (installation "
            f"{started.installation_id}), with the new HR password."
        )
        _print_kept(started.kept)
        return EXIT_OK
    try:
        restored = restore.restore_backup(settings, secrets, Path(args.backup))
    except restore.RestoreRefusedError as refused:
        raise CliError(refused.message, EXIT_PROBLEM) from refused
    print(
        f"Restored {restored.records} {'record' if restored.records == 1 else 'records'} "
        f"from {_shown(Path(args.backup).name)}."
    )
    _print_kept(restored.kept)
    return _check_store(settings, with_hr_password=False)


def _print_kept(kept) -> None:
    """Where the files that were in the data folder went (nothing is deleted)."""
    if kept:
        print(
            f"The files it replaced are kept in {_shown(kept[0].parent)}: "
            + ", ".join(_shown(path.name) for path in kept)
            + "."
        )


# -- work email domains ---------------------------------------------------------------------
def run_email_domains(args: argparse.Namespace, settings) -> int:
    """List the company's work email domains, or set or clear them (with the HR password)."""
    from zzsign.domain.signer import EmailDomainError, parse_email_domains
    from zzsign.services.email_domains import allowed_email_domains, set_email_domains

    try:
        wanted = parse_email_domains(args.domains) if args.domains is not None else ()
    except EmailDomainError as bad:
        raise CliError(bad.message) from bad
    database = _open_database(settings)
    try:
        if args.domains is None and not args.clear:
            listed = allowed_email_domains(database.sessions)
        else:
            _unlock_hr(database.sessions, "no one can set the email domains")
            listed = set_email_domains(database.sessions, wanted)
    finally:
        database.close()
    if not listed:
        print("No work email domains are set: a work email in any domain is accepted.")
    for domain in listed:
        print(domain)
    return EXIT_OK


# -- void ---------------------------------------------------------------------------------
def run_void(args: argparse.Namespace, settings) -> int:
    """Void a record with a reason, as HR; exit 1 if it is unknown or voided already."""
    from zzsign.services.store import open_store
    from zzsign.services.voiding import VoidReasonError, VoidRefusedError, void_record

    store = open_store(settings)
    try:
        _unlock_hr(store.sessions, "no one can void records")
        try:
            receipt = void_record(store, args.record_id, args.reason)
        except VoidRefusedError as refused:
            raise CliError(refused.message, EXIT_PROBLEM) from refused
        except VoidReasonError as bad:
            raise CliError(bad.message, EXIT_USAGE) from bad
    finally:
        store.close()
    print(
        f"Voided record {receipt.record_id} at {receipt.voided_at.utc_iso} "
        f"(chain entry {receipt.link.sequence})."
    )
    return EXIT_OK


# -- agreement versions ------------------------------------------------------------------------
def run_agreement(args: argparse.Namespace, settings) -> int:
    """``agreement list`` or ``agreement publish FILE --version V``."""
    from zzsign.services import agreements

    database = _open_database(settings)
    try:
        if args.agreement_verb == "list":
            versions = agreements.list_versions(database.sessions)
            print(f"{'version':>7}  {'published (UTC)':<20}  {'sha256':<16}  signatures  title")
            for v in versions:
                print(
                    f"{v.version:>7}  {v.published_at[:19]:<20}  {v.sha256[:16]:<16}  "
                    f"{v.signatures:>10}  {v.title}"
                )
            return EXIT_OK
        path = Path(args.file)
        if path.exists() and not path.is_file():
            raise CliError(
                f"{_shown(path.name)} is not a regular file; give the agreement's "
                ".md or .html file."
            )
        try:
            with path.open("rb") as file:  # a bigger file is refused from its first bytes
                data = file.read(agreements.MAX_BYTES + 1)
        except OSError as exc:
            raise CliError(
                f"Cannot read {path.name}: {exc.strerror or 'unreadable'}; check the "
                "path and try again."
            ) from exc
        _unlock_hr(database.sessions, "no one can publish agreements")
        sanitised = agreements.prepare_publication(data, path.name)
        for removed in sanitised.problems:
            print(f"Removed: {removed}", file=sys.stderr)
        published = agreements.publish(database.sessions, sanitised, args.new_version, args.title)
    except agreements.PublicationRefusedError as refused:
        raise CliError(refused.message, EXIT_PROBLEM) from refused
    finally:
        database.close()
    print(
        f"Published agreement version {published.version} ({published.title}), "
        f"sha256 {published.sha256}; the kiosk shows it from the next hire on."
    )
    return EXIT_OK


# -- demo -----------------------------------------------------------------------------------
def run_demo(args: argparse.Namespace, settings) -> int:
    """Fill an empty store with synthetic records through the real signing path."""
    if args.signatures < 1:
        raise CliError("--signatures must be 1 or more.")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    from zzsign.config import default_database_url
    from zzsign.services.demo import SignatureArt, fill_with_demo_records, refuse_real_records
    from zzsign.services.hr import HrAccess
    from zzsign.services.store import open_store

    database = _open_database(settings)
    try:
        refuse_real_records(database.sessions)
    finally:
        database.close()
    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    store = open_store(settings)
    try:
        _ensure_hr(HrAccess(store.sessions))
        art = SignatureArt.as_the_kiosk_draws()
        step = max(args.signatures // 20, 1000)

        def progress(done: int) -> None:
            if done % step < 500 or done == args.signatures:
                print(f"  {done} of {args.signatures} records", file=sys.stderr)

        written = fill_with_demo_records(store, args.signatures, art, progress)
    finally:
        store.close()
    del app
    where = _shown(settings.data_dir)
    if settings.database_url != default_database_url(settings.data_dir):
        where = "the database given by --database-url"
    print(f"Signed {written} demo records into {where}.")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
