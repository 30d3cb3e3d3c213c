"""Record format 2: one chain entry per signing, the audit trail kept beside the record, no image.

Two columns are added to ``signature_records`` (after every existing one, so format-1 rows keep
every byte they had and read 1 and NULL): ``record_format`` and ``audit_trail``, the compact
audit trail of a format-2 record (format-1 records keep theirs in ``audit_events``). A format-2
record seals only its personal part (the strokes or typed text *are* the signature); its
``sealed_signature_image`` is empty.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ADD COLUMN rewrites no row, so the append-only triggers on the table stay as they are.
    op.add_column(
        "signature_records",
        sa.Column("record_format", sa.Integer(), nullable=False, server_default="1"),
    )
    op.add_column("signature_records", sa.Column("audit_trail", sa.Text(), nullable=True))


def downgrade() -> None:
    format_2 = (
        op.get_bind()
        .exec_driver_sql("SELECT count(*) FROM signature_records WHERE record_format = 2")
        .scalar()
    )
    if format_2:
        raise RuntimeError(
            f"The store holds {format_2} format-2 records, which an older schema "
            "cannot keep; it stays at schema 0004."
        )
    op.drop_column("signature_records", "audit_trail")
    op.drop_column("signature_records", "record_format")
