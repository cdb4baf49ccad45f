"""The Einladung as it was sent: each letter (a signed PDF) of a meeting date, kept, so that
the web, the mail and the files show the same one, and when it went out (the Ladungsfrist).

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "invitation_letters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occurrence_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("filename", sa.String(200), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(["occurrence_id"], ["occurrences.id"],
                                name=op.f("fk_invitation_letters_occurrence_id_occurrences")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitation_letters")),
    )
    op.create_index(op.f("ix_invitation_letters_occurrence_id"), "invitation_letters",
                    ["occurrence_id"])
    # SQLite adds a column with a reference only by copying the table.
    with op.batch_alter_table("outgoing_mail") as batch:
        batch.add_column(sa.Column("letter_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_outgoing_mail_letter_id_invitation_letters"),
                                 "invitation_letters", ["letter_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("outgoing_mail") as batch:
        batch.drop_constraint(op.f("fk_outgoing_mail_letter_id_invitation_letters"),
                              type_="foreignkey")
        batch.drop_column("letter_id")
    op.drop_index(op.f("ix_invitation_letters_occurrence_id"), table_name="invitation_letters")
    op.drop_table("invitation_letters")
