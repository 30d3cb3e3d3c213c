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
PostgreSQL changes a column's type in place (``ALTER COLUMN … TYPE``, its references and
constraints untouched), so there the columns change type and every row's values are converted
with the same functions, the append-only guards lifted meanwhile.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

from collections.abc import Callable

import sqlalchemy as sa
from alembic import op

from zzsign.store.append_only import create_guards, drop_guards
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
    drop_guards(table)
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
    create_guards(table)


#: Each rebuilt table's primary key (PostgreSQL converts its rows in place, one by one).
PRIMARY_KEYS = {"signature_records": ("id",), "ledger_entries": ("installation_id", "sequence")}


def _retype_postgresql(
    table: str, columns: list, convert: Callable[[dict], dict], *, to_binary: bool
) -> None:
    """PostgreSQL's way: every row is converted while the changed columns are ``bytea`` (going
    up, the text first becomes its UTF-8 bytes; going down, the hex text is kept as its UTF-8
    bytes until the column is text again)."""
    bind = op.get_bind()
    wanted = {column.name: column.type for column in columns if isinstance(column, sa.Column)}
    current = {c["name"]: c["type"] for c in sa.inspect(bind).get_columns(table)}
    changed = [
        name
        for name, column_type in wanted.items()
        if isinstance(column_type, sa.LargeBinary) != isinstance(current[name], sa.LargeBinary)
    ]
    if not changed:
        return
    drop_guards(table)
    if to_binary:
        for name in changed:
            op.execute(
                f"ALTER TABLE {table} ALTER COLUMN {name} TYPE bytea "
                f"USING convert_to({name}, 'UTF8')"
            )
    keys = PRIMARY_KEYS[table]
    rows = bind.execute(sa.text(f"SELECT {', '.join([*keys, *changed])} FROM {table}"))
    update = sa.text(
        f"UPDATE {table} SET {', '.join(f'{n} = :{n}' for n in changed)} "
        f"WHERE {' AND '.join(f'{k} = :{k}' for k in keys)}"
    )
    for row in rows.fetchall():
        values = dict(row._mapping)
        if to_binary:  # what SQLite's rebuild reads: the text
            values.update({n: _text(values[n]) for n in changed})
        values = convert(values)
        if not to_binary:
            values.update({n: _utf8(values[n]) for n in changed})
        bind.execute(update, values)
    if not to_binary:
        for name in changed:
            column_type = wanted[name].compile(dialect=bind.dialect)
            op.execute(
                f"ALTER TABLE {table} ALTER COLUMN {name} TYPE {column_type} "
                f"USING convert_from({name}, 'UTF8')"
            )
    create_guards(table)


def _text(value):
    return value.decode("utf-8", "surrogateescape") if isinstance(value, bytes) else value


def _utf8(value):
    return value.encode("utf-8", "surrogateescape") if isinstance(value, str) else value


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
    if op.get_bind().dialect.name == "postgresql":
        _retype_postgresql(
            "signature_records",
            _record_columns(True),
            _convert(RECORD_HASHES, True, _compact_trail),
            to_binary=True,
        )
        _retype_postgresql(
            "ledger_entries", _link_columns(True), _convert(LINK_HASHES, True), to_binary=True
        )
        op.execute("DROP INDEX IF EXISTS ix_ledger_entries_subject")
        return
    _rebuild(
        "signature_records",
        _record_columns(True),
        _convert(RECORD_HASHES, True, _compact_trail),
        {"ix_signature_records_signed_at_utc": ["signed_at_utc"]},
    )
    _rebuild("ledger_entries", _link_columns(True), _convert(LINK_HASHES, True), {})
    _check_references()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _retype_postgresql(
            "signature_records",
            _record_columns(False),
            _convert(RECORD_HASHES, False, _json_trail),
            to_binary=False,
        )
        _retype_postgresql(
            "ledger_entries", _link_columns(False), _convert(LINK_HASHES, False), to_binary=False
        )
        op.create_index("ix_ledger_entries_subject", "ledger_entries", ["subject"])
        return
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
