"""Coordinators' reports (Berichterstattung) on a meeting's agenda: the report itself (a file or
a text), the agenda entry it is on, and where decisions, polls and sessions cite it.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("occurrence_id", sa.Integer(), nullable=False),
        sa.Column("annex", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("organisation", sa.String(200), nullable=False),
        sa.Column("submitted_by", sa.String(255), nullable=False),
        sa.Column("submitted_at", UTCDateTime(), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("filename", sa.String(255), nullable=True),
        sa.Column("mimetype", sa.String(100), nullable=True),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["groups.id"],
                                name=op.f("fk_reports_group_id_groups")),
        sa.ForeignKeyConstraint(["occurrence_id"], ["occurrences.id"],
                                name=op.f("fk_reports_occurrence_id_occurrences")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reports")),
        sa.UniqueConstraint("group_id", "number", name=op.f("uq_reports_group_id")),
    )
    op.create_index(op.f("ix_reports_group_id"), "reports", ["group_id"])
    op.create_index(op.f("ix_reports_occurrence_id"), "reports", ["occurrence_id"])
    # SQLite adds a column with a reference only by copying the table (references are
    # checked after the copy: see `Database.migrate`).
    for table in ("agenda_entries", "session_records", "polls"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("report_id", sa.Integer(), nullable=True))
            batch.create_foreign_key(op.f(f"fk_{table}_report_id_reports"), "reports",
                                     ["report_id"], ["id"])
    op.add_column("decisions", sa.Column("report", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("decisions") as batch:
        batch.drop_column("report")
    for table in ("polls", "session_records", "agenda_entries"):
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(op.f(f"fk_{table}_report_id_reports"), type_="foreignkey")
            batch.drop_column("report_id")
    op.drop_index(op.f("ix_reports_occurrence_id"), table_name="reports")
    op.drop_index(op.f("ix_reports_group_id"), table_name="reports")
    op.drop_table("reports")
