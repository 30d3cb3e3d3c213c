"""Settings HR keeps in the store: for now, the company's work email domains.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "store_settings",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("changed_at_utc", sa.String(27), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("store_settings")
