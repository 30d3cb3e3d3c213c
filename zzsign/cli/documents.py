"""What hires are given: ``agreement list|publish`` and ``email-domains``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from zzsign.cli.common import EXIT_OK, EXIT_PROBLEM, CliError, open_database, shown
from zzsign.cli.passwords import unlock_hr


def run_agreement(args: argparse.Namespace, settings) -> int:
    """``agreement list`` or ``agreement publish FILE --version V``."""
    from zzsign.services import agreements

    database = open_database(settings)
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
                f"{shown(path.name)} is not a regular file; give the agreement's .md or .html file."
            )
        try:
            with path.open("rb") as file:  # a bigger file is refused from its first bytes
                data = file.read(agreements.MAX_BYTES + 1)
        except OSError as exc:
            raise CliError(
                f"Cannot read {path.name}: {exc.strerror or 'unreadable'}; check the "
                "path and try again."
            ) from exc
        unlock_hr(database.sessions, "no one can publish agreements")
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


def run_email_domains(args: argparse.Namespace, settings) -> int:
    """List the company's work email domains, or set or clear them (with the HR password)."""
    from zzsign.domain.signer import EmailDomainError, parse_email_domains
    from zzsign.services.email_domains import allowed_email_domains, set_email_domains

    try:
        wanted = parse_email_domains(args.domains) if args.domains is not None else ()
    except EmailDomainError as bad:
        raise CliError(bad.message) from bad
    database = open_database(settings)
    try:
        if args.domains is None and not args.clear:
            listed = allowed_email_domains(database.sessions)
        else:
            unlock_hr(database.sessions, "no one can set the email domains")
            listed = set_email_domains(database.sessions, wanted)
    finally:
        database.close()
    if not listed:
        print("No work email domains are set: a work email in any domain is accepted.")
    for domain in listed:
        print(domain)
    return EXIT_OK
