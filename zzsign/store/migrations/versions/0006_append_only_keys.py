"""HR's keys and the installations become append-only; HR gets a signing key beside its sealing key.

* ``hr_keys`` loses the failed-unlock counter (``failed_unlocks``, ``last_failed_unlock_at``),
  which moves to its own table, ``hr_unlock_attempts``, keyed by the fingerprint of the HR
  sealing key it counts for (the one mutable piece of HR's state). ``wrapped_private_key``
  may be NULL (a kiosk's entry holds HR's public keys only), and two columns are added for
  the Ed25519 HR signing key: ``signing_public_key`` and ``wrapped_signing_key`` (NULL in
  the entries made before; HR's next unlock adds an entry with them).
* ``hr_keys`` and ``installations`` get the append-only guards of
  :mod:`zzsign.store.append_only` (UPDATE, DELETE and, on PostgreSQL, TRUNCATE refused).

Every existing row keeps its id, public key, wrapped key and time, so every record's
``hr_key_id`` and signed payload stay as they were. Going back (only tests and developers do)
refuses a kiosk's store (HR's public keys only) and drops HR's signing key: HR's next unlock
makes a new one, so HR's fingerprint changes and kiosks must be enrolled again.

SQLite rebuilds ``hr_keys`` (its way of dropping a NOT NULL), with foreign-key enforcement off,
and checks every reference before the change is committed; PostgreSQL alters the table in
place.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

from zzsign.security.fingerprints import public_key_fingerprint
from zzsign.store.append_only import create_guards, drop_guards

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _fingerprint(public_key: object) -> str:
    try:
        return public_key_fingerprint(bytes.fromhex(str(public_key)))
    except ValueError:
        return f"damaged:{public_key!s:.60}"  # an edited row: kept apart, never matched


def _check_references() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    broken = op.get_bind().exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise RuntimeError(
            f"{len(broken)} rows name a record, installation or HR key that is not there; "
            "the store was left as it was."
        )


def upgrade() -> None:
    bind = op.get_bind()
    attempts = op.create_table(
        "hr_unlock_attempts",
        sa.Column("fingerprint", sa.String(71), primary_key=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", sa.Float(), nullable=True),
    )
    counted: dict[str, tuple[int, float | None]] = {}
    for public_key, failures, last in bind.execute(
        sa.text("SELECT public_key, failed_unlocks, last_failed_unlock_at FROM hr_keys ORDER BY id")
    ):
        if failures:  # the newest entry of a key counts (it is the one unlocked)
            counted[_fingerprint(public_key)] = (failures, last)
    if counted:
        op.bulk_insert(
            attempts,
            [
                {"fingerprint": key, "failures": failures, "last_failure_at": last}
                for key, (failures, last) in counted.items()
            ],
        )
    with op.batch_alter_table("hr_keys", recreate="auto") as table:
        table.drop_column("failed_unlocks")
        table.drop_column("last_failed_unlock_at")
        table.alter_column("wrapped_private_key", existing_type=sa.Text(), nullable=True)
        table.add_column(sa.Column("signing_public_key", sa.String(64), nullable=True))
        table.add_column(sa.Column("wrapped_signing_key", sa.Text(), nullable=True))
    create_guards("hr_keys")
    create_guards("installations")
    _check_references()


def downgrade() -> None:
    bind = op.get_bind()
    public_only = bind.execute(
        sa.text("SELECT count(*) FROM hr_keys WHERE wrapped_private_key IS NULL")
    ).scalar()
    if public_only:
        raise RuntimeError(
            "The store holds HR's public keys only (an enrolled kiosk), which an older schema "
            "cannot keep; it stays at schema 0006."
        )
    drop_guards("installations")
    drop_guards("hr_keys")
    with op.batch_alter_table("hr_keys", recreate="auto") as table:
        table.drop_column("wrapped_signing_key")
        table.drop_column("signing_public_key")
        table.alter_column("wrapped_private_key", existing_type=sa.Text(), nullable=False)
        table.add_column(
            sa.Column("failed_unlocks", sa.Integer(), nullable=False, server_default="0")
        )
        table.add_column(sa.Column("last_failed_unlock_at", sa.Float(), nullable=True))
    newest = {
        _fingerprint(public_key): key_id
        for key_id, public_key in bind.execute(
            sa.text("SELECT id, public_key FROM hr_keys ORDER BY id")
        )
    }
    for fingerprint, failures, last in bind.execute(
        sa.text("SELECT fingerprint, failures, last_failure_at FROM hr_unlock_attempts")
    ).fetchall():
        if fingerprint in newest:
            bind.execute(
                sa.text(
                    "UPDATE hr_keys SET failed_unlocks = :failures, "
                    "last_failed_unlock_at = :last WHERE id = :id"
                ),
                {"failures": failures, "last": last, "id": newest[fingerprint]},
            )
    op.drop_table("hr_unlock_attempts")
    _check_references()
