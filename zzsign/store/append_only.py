"""The append-only guards of a table, in the database's own trigger language (for migrations).

SQLite: ``BEFORE UPDATE`` and ``BEFORE DELETE`` triggers that ``RAISE(ABORT)`` (SQLite has no
``TRUNCATE``: its ``DELETE FROM t`` fires the delete trigger). PostgreSQL: the same two as
PL/pgSQL row triggers, and a statement trigger ``BEFORE TRUNCATE``; each raises SQLSTATE 23001
(``restrict_violation``, an integrity error to the driver, as SQLite's abort is). Either way the
refusal names the table and says it is append-only.
"""

from __future__ import annotations

from alembic import op

#: The PL/pgSQL function every PostgreSQL guard calls.
REFUSE_FUNCTION = "zzsign_refuse_change"

_CREATE_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {REFUSE_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END
$$
"""


def _postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def create_guards(table: str) -> None:
    """Refuse every change to ``table``'s rows but an insert."""
    if not _postgresql():
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )
        return
    op.execute(_CREATE_FUNCTION)
    for action in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {REFUSE_FUNCTION}()"
        )
    op.execute(
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {REFUSE_FUNCTION}()"
    )


def drop_guards(table: str) -> None:
    """Remove ``table``'s guards (a migration that rebuilds or drops the table)."""
    if not _postgresql():
        for action in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{action}")
        return
    for action in ("update", "delete", "truncate"):
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{action} ON {table}")


def drop_refuse_function() -> None:
    """Remove the function the PostgreSQL guards call (the first schema's downgrade)."""
    if _postgresql():
        op.execute(f"DROP FUNCTION IF EXISTS {REFUSE_FUNCTION}()")
