"""Voids: a record can be voided once, with a reason; the void is itself a signed chain entry.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

from zzsign.store.append_only import create_guards, drop_guards

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
    create_guards("record_voids")


def downgrade() -> None:
    drop_guards("record_voids")
    op.drop_table("record_voids")
