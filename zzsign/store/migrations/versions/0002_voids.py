"""Voids: a record can be voided once, with a reason; the void is itself a signed chain entry.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "record_voids",
        sa.Column(
            "record_id", sa.String(36), sa.ForeignKey("signature_records.id"), primary_key=True
        ),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("voided_at_utc", sa.String(27), nullable=False),
        sa.Column("voided_at_offset_minutes", sa.Integer(), nullable=False),
        sa.Column("voided_by", sa.String(64), nullable=False),
        sa.Column(
            "installation_id", sa.String(36), sa.ForeignKey("installations.id"), nullable=False
        ),
    )
    for action in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER record_voids_no_{action.lower()} BEFORE {action} ON record_voids "
            "BEGIN SELECT RAISE(ABORT, 'record_voids is append-only'); END"
        )


def downgrade() -> None:
    for action in ("update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS record_voids_no_{action}")
    op.drop_table("record_voids")
