"""Records kept compactly: hashes and signatures as bytes, a format-2 audit trail encoded.

``signature_records`` and ``ledger_entries`` are rebuilt (SQLite's way of changing a column's
type: a new table, every row copied, the old one dropped, the new one renamed, its index and its
append-only triggers made again). Every SHA-256 and Ed25519 signature of a record or a chain link
goes from 64 or 128 hex characters to 32 or 64 bytes; a format-2 record's audit trail from its
JSON text to the encoding in :mod:`zzsign.store.compact`; the index on ``ledger_entries.subject``
alone goes (every look-up names the kind too, and ``uq_ledger_kind_subject`` serves it). The code
reads the same hex text and the same audit trail as before, so every signed payload and chain link
is rebuilt byte for byte and every signature still verifies. A value that is not what zzsign
writes (an edited file) is kept as it was, so verify still names it.

zzsign runs this with SQLite's foreign-key enforcement off (see ``zzsign.store.migrate``), as
SQLite asks for a table rebuild, and checks every reference before the change is committed.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

from collections.abc import Callable

import sqlalchemy as sa
from alembic import op

from zzsign.store.compact import (
    audit_trail_json,
    decode_audit_trail,
    encode_audit_trail,
    hex_to_stored,
    stored_to_hex,
)

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

RECORD_HASHES = ("agreement_sha256", "disclosure_sha256", "personal_commitment", "record_sha256")
LINK_HASHES = ("payload_sha256", "prev_sha256", "entry_sha256", "signature")
BATCH = 2000


def _record_columns(compact: bool) -> list[sa.Column]:
    hash_type = sa.LargeBinary() if compact else sa.String(64)
    return [
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column(
            "installation_id", sa.String(36), sa.ForeignKey("installations.id"), nullable=False
        ),
        sa.Column("app_version", sa.String(32), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("agreement_version", sa.Integer(), nullable=False),
        sa.Column("agreement_sha256", hash_type, nullable=False),
        sa.Column("disclosure_version", sa.Integer(), nullable=False),
        sa.Column("disclosure_sha256", hash_type, nullable=False),
        sa.Column("department", sa.Text(), nullable=False),
        sa.Column("start_date", sa.String(10), nullable=False),
        sa.Column("signature_kind", sa.String(8), nullable=False),
        sa.Column("meaning", sa.Text(), nullable=False),
        sa.Column("device_json", sa.Text(), nullable=False),
        sa.Column("signed_at_utc", sa.String(27), nullable=False),
        sa.Column("signed_at_offset_minutes", sa.Integer(), nullable=False),
        sa.Column("hr_key_id", sa.Integer(), sa.ForeignKey("hr_keys.id"), nullable=False),
        sa.Column("sealed_personal", sa.LargeBinary(), nullable=False),
        sa.Column("sealed_signature_image", sa.LargeBinary(), nullable=False),
        sa.Column("personal_commitment", hash_type, nullable=False),
        sa.Column("record_sha256", hash_type, nullable=False),
        sa.Column("record_format", sa.Integer(), nullable=False, server_default="1"),
        sa.Column("audit_trail", sa.LargeBinary() if compact else sa.Text(), nullable=True),
    ]


def _link_columns(compact: bool) -> list[sa.Column]:
    return [
        sa.Column(
            "installation_id", sa.String(36), sa.ForeignKey("installations.id"), primary_key=True
        ),
        sa.Column("sequence", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("subject", sa.String(64), nullable=False),
        *(
            sa.Column(
                name,
                sa.LargeBinary() if compact else sa.String(128 if name == "signature" else 64),
                nullable=False,
            )
            for name in LINK_HASHES
        ),
        sa.UniqueConstraint("kind", "subject", name="uq_ledger_kind_subject"),
    ]


def _compact_trail(value):
    """A format-2 audit trail's JSON text as bytes encoded; anything else kept as it was."""
    if value is None:
        return None
    try:
        return encode_audit_trail(decode_audit_trail(value))
    except (ValueError, TypeError, KeyError):
        return value if isinstance(value, bytes) else str(value).encode("utf-8")


def _json_trail(value):
    """Inverse of :func:`_compact_trail`."""
    if value is None:
        return None
    try:
        return audit_trail_json(decode_audit_trail(value), check=False).decode("utf-8")
    except (ValueError, TypeError, KeyError):
        return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


def _rebuild(
    table: str,
    columns: list[sa.Column],
    convert: Callable[[dict], dict],
    indexes: dict[str, list[str]],
) -> None:
    """Make ``table`` again with ``columns``, every row passed through ``convert``."""
    bind = op.get_bind()
    for action in ("update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{action}")
    new_name = f"{table}_0005"
    new = op.create_table(new_name, *columns)
    names = [column.name for column in new.columns]
    # plain SQL both ways: every stored value is copied as it is (no type processing), but for
    # what ``convert`` changes
    rows = bind.execute(sa.text(f"SELECT {', '.join(names)} FROM {table} ORDER BY rowid"))
    insert = sa.text(
        f"INSERT INTO {new_name} ({', '.join(names)}) "
        f"VALUES ({', '.join(':' + name for name in names)})"
    )
    while chunk := rows.fetchmany(BATCH):
        bind.execute(insert, [convert(dict(row._mapping)) for row in chunk])
    for name in indexes:
        op.execute(f"DROP INDEX IF EXISTS {name}")
    op.drop_table(table)
    op.rename_table(new_name, table)
    for name, index_columns in indexes.items():
        op.create_index(name, table, index_columns)
    for action in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
        )


def _check_references() -> None:
    broken = op.get_bind().exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise RuntimeError(
            f"{len(broken)} rows name a record or installation that is not there; "
            "the store was left as it was."
        )


def _convert(hashes: tuple[str, ...], to_stored: bool, trail=None) -> Callable[[dict], dict]:
    change = hex_to_stored if to_stored else stored_to_hex

    def convert(row: dict) -> dict:
        for name in hashes:
            if isinstance(row[name], str | bytes):  # anything else an edited file holds: as is
                row[name] = change(row[name])
        if trail is not None:
            row["audit_trail"] = trail(row["audit_trail"])
        return row

    return convert


def upgrade() -> None:
    _rebuild(
        "signature_records",
        _record_columns(True),
        _convert(RECORD_HASHES, True, _compact_trail),
        {"ix_signature_records_signed_at_utc": ["signed_at_utc"]},
    )
    _rebuild("ledger_entries", _link_columns(True), _convert(LINK_HASHES, True), {})
    _check_references()


def downgrade() -> None:
    _rebuild(
        "signature_records",
        _record_columns(False),
        _convert(RECORD_HASHES, False, _json_trail),
        {"ix_signature_records_signed_at_utc": ["signed_at_utc"]},
    )
    _rebuild(
        "ledger_entries",
        _link_columns(False),
        _convert(LINK_HASHES, False),
        {"ix_ledger_entries_subject": ["subject"]},
    )
    _check_references()
