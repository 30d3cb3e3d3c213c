"""The first schema: installations, HR keys, documents, sealed records, audit trail, hash chain.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

from zzsign.store.append_only import create_guards, drop_guards, drop_refuse_function

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

APPEND_ONLY_TABLES = ("documents", "signature_records", "audit_events", "ledger_entries")


def upgrade() -> None:
    op.create_table(
        "installations",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("created_at_utc", sa.String(27), nullable=False),
        sa.Column("app_version", sa.String(32), nullable=False),
        sa.Column("is_local", sa.Boolean(), nullable=False),
        sa.Column("public_key", sa.String(64), nullable=True),
        sa.Column("seal_certificate", sa.Text(), nullable=True),
        sa.Column("seal_endorsement", sa.String(128), nullable=True),
    )
    op.create_table(
        "hr_keys",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("public_key", sa.String(64), nullable=False),
        sa.Column("wrapped_private_key", sa.Text(), nullable=False),
        sa.Column("created_at_utc", sa.String(27), nullable=False),
        sa.Column("failed_unlocks", sa.Integer(), nullable=False),
        sa.Column("last_failed_unlock_at", sa.Float(), nullable=True),
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
        sa.Column(
            "installation_id", sa.String(36), sa.ForeignKey("installations.id"), nullable=False
        ),
        sa.Column("app_version", sa.String(32), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("agreement_version", sa.Integer(), nullable=False),
        sa.Column("agreement_sha256", sa.String(64), nullable=False),
        sa.Column("disclosure_version", sa.Integer(), nullable=False),
        sa.Column("disclosure_sha256", sa.String(64), nullable=False),
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
        sa.Column("personal_commitment", sa.String(64), nullable=False),
        sa.Column("record_sha256", sa.String(64), nullable=False),
    )
    op.create_index("ix_signature_records_signed_at_utc", "signature_records", ["signed_at_utc"])
    op.create_table(
        "audit_events",
        sa.Column(
            "record_id", sa.String(36), sa.ForeignKey("signature_records.id"), primary_key=True
        ),
        sa.Column("position", sa.Integer(), primary_key=True),
        sa.Column("step", sa.String(64), nullable=False),
        sa.Column("at_utc", sa.String(27), nullable=False),
        sa.Column("offset_minutes", sa.Integer(), nullable=False),
    )
    op.create_table(
        "ledger_entries",
        sa.Column(
            "installation_id", sa.String(36), sa.ForeignKey("installations.id"), primary_key=True
        ),
        sa.Column("sequence", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("subject", sa.String(64), nullable=False),
        sa.Column("payload_sha256", sa.String(64), nullable=False),
        sa.Column("prev_sha256", sa.String(64), nullable=False),
        sa.Column("entry_sha256", sa.String(64), nullable=False),
        sa.Column("signature", sa.String(128), nullable=False),
        sa.UniqueConstraint("kind", "subject", name="uq_ledger_kind_subject"),
    )
    op.create_index("ix_ledger_entries_subject", "ledger_entries", ["subject"])
    for table in APPEND_ONLY_TABLES:
        create_guards(table)


def downgrade() -> None:
    for table in APPEND_ONLY_TABLES:
        drop_guards(table)
    drop_refuse_function()
    op.drop_index("ix_ledger_entries_subject", "ledger_entries")
    op.drop_table("ledger_entries")
    op.drop_table("audit_events")
    op.drop_index("ix_signature_records_signed_at_utc", "signature_records")
    op.drop_table("signature_records")
    op.drop_table("documents")
    op.drop_table("hr_keys")
    op.drop_table("installations")
