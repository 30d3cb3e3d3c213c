"""The company's work email domains: HR names them (with the HR password), the kiosk checks.

Kept in the store, so that every kiosk and command on the data folder sees the same list and it
travels with the store's backups. Without a list, any domain is accepted.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from zzsign.domain.clock import Clock, system_clock
from zzsign.domain.signer import EmailDomainError, normalise_email_domain

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)


def allowed_email_domains(sessions: sessionmaker[Session]) -> tuple[str, ...]:
    """The domains HR has named, in HR's order; empty when none are (any domain is accepted).

    A stored value that no longer parses (edited outside zzsign) counts as no list, and is
    logged.
    """
    from zzsign.store.settings import WORK_EMAIL_DOMAINS, SettingsRepository

    with sessions() as db:
        stored = SettingsRepository(db).get(WORK_EMAIL_DOMAINS)
    return parse_email_domains(stored)


def parse_email_domains(stored: str | None) -> tuple[str, ...]:
    """The domains in the stored setting's value (a JSON list), normalised; empty for none.

    A value that no longer parses (edited outside zzsign) counts as no list, and is logged.
    """
    if stored is None:
        return ()
    try:
        values = json.loads(stored)
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise ValueError("not a list of text")
        return tuple(normalise_email_domain(value) for value in values)
    except (ValueError, EmailDomainError) as exc:
        log.error("The stored work email domains cannot be read: %s", type(exc).__name__)
        return ()


def set_email_domains(
    sessions: sessionmaker[Session], domains: Sequence[str], clock: Clock = system_clock
) -> tuple[str, ...]:
    """Keep ``domains`` (normalised, without repeats) as the company's email domains; an empty
    list clears them. The caller has checked the HR password. Returns what is kept."""
    from zzsign.store.settings import WORK_EMAIL_DOMAINS, SettingsRepository

    kept = tuple(dict.fromkeys(normalise_email_domain(domain) for domain in domains))
    with sessions.begin() as db:
        settings = SettingsRepository(db)
        if kept:
            settings.put(WORK_EMAIL_DOMAINS, json.dumps(list(kept), ensure_ascii=False), clock())
        else:
            settings.remove(WORK_EMAIL_DOMAINS)
    return kept
