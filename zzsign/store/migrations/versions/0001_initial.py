"""The first schema: installations, documents, signature records and their audit trail.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

APPEND_ONLY_TABLES = ("documents", "signature_records", "audit_events")


def upgrade() -> None:
    op.create_table(
        "installations",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("created_at_utc", sa.String(27), nullable=False),
        sa.Column("app_version", sa.String(32), nullable=False),
        sa.Column("is_local", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "documents",
        sa.Column("kind", sa.String(16), primary_key=True),
        sa.Column("version", sa.Integer(), primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("registered_at_utc", sa.String(27), nullable=False),
        sa.UniqueConstraint("kind", "sha256", name="uq_documents_kind_sha256"),
    )
    op.create_table(
        "signature_records",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("installation_id", sa.String(36), sa.ForeignKey("installations.id"),
                  nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("app_version", sa.String(32), nullable=False),
        sa.Column("agreement_version", sa.Integer(), nullable=False),
        sa.Column("agreement_sha256", sa.String(64), nullable=False),
        sa.Column("disclosure_version", sa.Integer(), nullable=False),
        sa.Column("disclosure_sha256", sa.String(64), nullable=False),
        sa.Column("full_name", sa.Text(), nullable=False),
        sa.Column("work_email", sa.Text(), nullable=False),
        sa.Column("employee_id", sa.Text(), nullable=True),
        sa.Column("department", sa.Text(), nullable=False),
        sa.Column("start_date", sa.String(10), nullable=False),
        sa.Column("signature_kind", sa.String(8), nullable=False),
        sa.Column("signature_json", sa.Text(), nullable=False),
        sa.Column("signature_png", sa.LargeBinary(), nullable=False),
        sa.Column("meaning", sa.Text(), nullable=False),
        sa.Column("device_json", sa.Text(), nullable=False),
        sa.Column("signed_at_utc", sa.String(27), nullable=False),
        sa.Column("signed_at_offset_minutes", sa.Integer(), nullable=False),
        sa.Column("record_sha256", sa.String(64), nullable=False),
        sa.UniqueConstraint("installation_id", "sequence",
                            name="uq_records_installation_sequence"),
    )
    op.create_index("ix_signature_records_signed_at_utc", "signature_records", ["signed_at_utc"])
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("record_id", sa.String(36), sa.ForeignKey("signature_records.id"),
                  nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(64), nullable=False),
        sa.Column("at_utc", sa.String(27), nullable=False),
        sa.Column("offset_minutes", sa.Integer(), nullable=False),
        sa.UniqueConstraint("record_id", "position", name="uq_audit_record_position"),
    )
    for table in APPEND_ONLY_TABLES:
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )


def downgrade() -> None:
    for table in APPEND_ONLY_TABLES:
        for action in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{action}")
    op.drop_table("audit_events")
    op.drop_index("ix_signature_records_signed_at_utc", "signature_records")
    op.drop_table("signature_records")
    op.drop_table("documents")
    op.drop_table("installations")
