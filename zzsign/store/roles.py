"""The database roles of a fleet on PostgreSQL: what a kiosk's user and HR's user may do.

zzsign's tables belong to the database's owner (the user that runs ``zzsign db upgrade``).
Kiosks and HR connect as other users, each a member of one of two roles IT names:

* the **kiosk role** reads every table but HR's wrapped private key (``hr_keys`` is readable
  only column by column: its id, public key and date) and inserts what a kiosk writes — its
  installation, the shipped documents, its records and their chain links; it updates, deletes
  and truncates nothing;
* the **HR role** reads everything and inserts into every table (HR's key, voids, published
  agreements, settings, imported records); it updates only HR's key (a new password's
  wrapping, the count of failed unlocks) and the settings HR keeps, and deletes only a setting
  HR clears; it truncates nothing.

Every table is listed once, in :data:`TABLES`: a migration that adds a table adds it there (a
test fails for a table of the schema that is missing). :func:`grant_statements` is the SQL IT
runs as the owner (``zzsign db grant --print``), or :func:`apply_grants` runs it: it first
takes back everything the two roles had on zzsign's tables, so running it again after an
upgrade leaves exactly these rights.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from zzsign.store.migrate import require_current_schema


@dataclass(frozen=True)
class TableRights:
    """What each role may do on one table (both read it; ``kiosk_reads`` narrows the kiosk's
    reading to those columns)."""

    table: str
    kiosk_inserts: bool = False
    kiosk_reads: tuple[str, ...] | None = None
    hr_inserts: bool = True
    hr_updates: tuple[str, ...] = ()
    hr_deletes: bool = False
    #: the sequence an insert draws its id from (an ``Integer`` primary key's ``SERIAL``)
    sequence: str | None = None


#: Every table of zzsign's schema and what each role may do on it.
TABLES: tuple[TableRights, ...] = (
    TableRights("alembic_version", hr_inserts=False),  # read by both: the schema check
    TableRights("installations", kiosk_inserts=True),
    TableRights(
        "hr_keys",  # append-only: a new password or key is a new entry
        # never the wrapped private keys
        kiosk_reads=("id", "public_key", "created_at_utc", "signing_public_key"),
        sequence="hr_keys_id_seq",
    ),
    TableRights(
        "hr_unlock_attempts",  # HR's failed unlocks in a row: the one mutable piece of HR's
        hr_updates=("failures", "last_failure_at"),
        hr_deletes=True,
    ),
    TableRights("documents", kiosk_inserts=True),  # the shipped agreement and disclosure
    TableRights("signature_records", kiosk_inserts=True),
    TableRights("audit_events"),  # format-1 records, which only an import adds now
    TableRights("ledger_entries", kiosk_inserts=True),
    TableRights("record_voids"),
    TableRights("store_settings", hr_updates=("value", "changed_at_utc"), hr_deletes=True),
)

DEFAULT_KIOSK_ROLE = "zzsign_kiosk"
DEFAULT_HR_ROLE = "zzsign_hr"

#: A role name the SQL can hold as it is: lower case letters, digits and underscores.
_ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
#: The SQLSTATE the guard raises when a role is missing or is (or belongs to) the owner.
_MISSING_STATE, _OWNER_STATE = "42704", "0LP01"

#: What ``zzsign db grant`` says when it refuses (IT's command line: English, as the others).
BAD_ROLE_NAME = (
    "A role name may hold only lower-case letters, digits and underscores (up to 63), "
    "and the kiosk and HR roles must differ; choose other names."
)
ROLE_MISSING = (
    "The kiosk or HR role does not exist on the database server yet; ask its superuser to "
    "create both (see docs/fleet.md), then run zzsign db grant again."
)
ROLE_IS_OWNER = (
    "The kiosk and HR roles must be roles of their own, not the owner of zzsign's tables "
    "nor a member of it; choose other roles (see docs/fleet.md)."
)
NOT_THE_OWNER = (
    "Only the owner of zzsign's tables can grant rights on them; run zzsign db grant with "
    "the database URL of the user that ran zzsign db upgrade."
)


class RoleNameError(ValueError):
    """A role name that is not a plain lower-case identifier, or the same name twice."""

    def __init__(self) -> None:
        super().__init__(BAD_ROLE_NAME)
        self.message = BAD_ROLE_NAME


class GrantRefusedError(Exception):
    """The server refused the grants; ``message`` says why and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _checked(kiosk_role: str, hr_role: str) -> None:
    names = (kiosk_role, hr_role)
    if kiosk_role == hr_role or not all(_ROLE_NAME.fullmatch(name) for name in names):
        raise RoleNameError()


def _guard(kiosk_role: str, hr_role: str) -> str:
    """A block that stops the script before any grant when it is not run by the owner of
    zzsign's tables (PostgreSQL would only warn, and grant nothing), or when a role is missing
    or would hold the owner's rights anyway (it is the owner, or a member of it)."""
    return f"""DO $$
DECLARE
    owner name := (SELECT tableowner FROM pg_tables
                   WHERE schemaname = current_schema() AND tablename = 'signature_records');
    role name;
BEGIN
    IF owner IS NULL THEN
        RAISE EXCEPTION 'zzsign''s tables are not in this database' USING ERRCODE = '42P01';
    END IF;
    IF NOT pg_has_role(current_user, owner, 'USAGE') THEN
        RAISE EXCEPTION 'only the owner of zzsign''s tables grants rights on them'
            USING ERRCODE = '42501';
    END IF;
    FOREACH role IN ARRAY ARRAY['{kiosk_role}', '{hr_role}']::name[] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = role) THEN
            RAISE EXCEPTION 'role % does not exist', role USING ERRCODE = '{_MISSING_STATE}';
        END IF;
        IF pg_has_role(role, owner, 'USAGE') THEN
            RAISE EXCEPTION 'role % owns zzsign''s tables or belongs to their owner', role
                USING ERRCODE = '{_OWNER_STATE}';
        END IF;
    END LOOP;
END
$$"""


def _columns(names: tuple[str, ...] | None) -> str:
    """A privilege's column list (``" (a, b)"``), or nothing for the whole table."""
    return "" if names is None else f" ({', '.join(names)})"


def grant_statements(kiosk_role: str, hr_role: str) -> list[str]:
    """The statements that give ``kiosk_role`` and ``hr_role`` exactly their rights on
    zzsign's tables (see the module's text), to run as the tables' owner in one transaction.
    Raises :class:`RoleNameError` for a name that is not a plain identifier."""
    _checked(kiosk_role, hr_role)
    both = f"{kiosk_role}, {hr_role}"
    statements = [
        _guard(kiosk_role, hr_role),
        f"GRANT USAGE ON SCHEMA public TO {both}",
    ]
    for rights in TABLES:
        table = rights.table
        statements.append(f"REVOKE ALL ON TABLE {table} FROM {both}")
        if rights.sequence:
            statements.append(f"REVOKE ALL ON SEQUENCE {rights.sequence} FROM {both}")
        kiosk_rights = ["SELECT" + _columns(rights.kiosk_reads)]
        if rights.kiosk_inserts:
            kiosk_rights.append("INSERT")
        hr_rights = ["SELECT"]
        if rights.hr_inserts:
            hr_rights.append("INSERT")
        if rights.hr_updates:
            hr_rights.append("UPDATE" + _columns(rights.hr_updates))
        if rights.hr_deletes:
            hr_rights.append("DELETE")
        for role, granted in ((kiosk_role, kiosk_rights), (hr_role, hr_rights)):
            statements.append(f"GRANT {', '.join(granted)} ON TABLE {table} TO {role}")
        if rights.sequence and rights.hr_inserts:
            statements.append(f"GRANT USAGE ON SEQUENCE {rights.sequence} TO {hr_role}")
    return statements


def grant_script(kiosk_role: str, hr_role: str) -> str:
    """:func:`grant_statements` as one script for ``psql`` (in one transaction)."""
    body = ";\n".join(grant_statements(kiosk_role, hr_role))
    return (
        f"-- zzsign: the rights of the kiosk role {kiosk_role} and the HR role {hr_role};\n"
        "-- run as the owner of zzsign's tables: psql -v ON_ERROR_STOP=1 -f FILE DATABASE\n"
        f"BEGIN;\n{body};\nCOMMIT;\n"
    )


def apply_grants(engine: Engine, kiosk_role: str, hr_role: str) -> None:
    """Run :func:`grant_statements` on ``engine``'s database in one transaction (connected as
    the tables' owner), once it is at this zzsign's schema (else ``UpgradeByItError`` or
    ``UnknownSchemaError``). Raises :class:`GrantRefusedError` with the sentence for a missing
    role, a role that is the owner, or a user that is not the owner; other failures as they
    come."""
    statements = grant_statements(kiosk_role, hr_role)
    try:
        require_current_schema(engine)  # the rights name this schema's tables
        with engine.begin() as connection:
            for statement in statements:
                connection.execute(text(statement))
    except DBAPIError as exc:
        state = getattr(exc.orig, "sqlstate", None)
        refusal = {
            _MISSING_STATE: ROLE_MISSING,
            _OWNER_STATE: ROLE_IS_OWNER,
            "42501": NOT_THE_OWNER,  # insufficient_privilege: only the owner grants
        }.get(state or "")
        if refusal is None:
            raise
        raise GrantRefusedError(refusal) from exc
