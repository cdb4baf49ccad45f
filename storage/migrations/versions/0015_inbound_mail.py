"""Calendar replies by email: the journal of mails that came back, where an answer came
from (and the comment it carried), whether the room is told of such answers — and members'
names (given with `name=`, and their Matrix display name), which calendars show as CN, and
whether reminders reach them by email too (`notify=email`).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inbound_mail",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(400), nullable=False),
        sa.Column("via", sa.String(10), nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.Column("outcome", sa.String(30), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_inbound_mail_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbound_mail")),
        sa.UniqueConstraint("key", name=op.f("uq_inbound_mail_key")),
    )
    op.create_index(op.f("ix_inbound_mail_meeting_id"), "inbound_mail", ["meeting_id"])
    # Plain ADD COLUMN (with a default), which SQLite does in place: a batch copy of
    # `groups` would trip over the rows that refer to it.
    op.add_column("groups", sa.Column("announce_mail_replies", sa.Boolean(), nullable=False,
                                      server_default=sa.true()))
    op.add_column("rsvps", sa.Column("via", sa.String(10), nullable=False,
                                     server_default="matrix"))
    op.add_column("rsvps", sa.Column("comment", sa.Text(), nullable=True))
    op.add_column("members", sa.Column("name", sa.String(200), nullable=True))
    op.add_column("members", sa.Column("matrix_name", sa.String(200), nullable=True))
    op.add_column("members", sa.Column("notify", sa.Enum("matrix", "email",
                                                         native_enum=False,
                                                         create_constraint=False, length=20),
                                       nullable=False, server_default="matrix"))


def downgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.drop_column("notify")
        batch.drop_column("matrix_name")
        batch.drop_column("name")
    with op.batch_alter_table("groups") as batch:
        batch.drop_column("announce_mail_replies")
    with op.batch_alter_table("rsvps") as batch:
        batch.drop_column("comment")
        batch.drop_column("via")
    op.drop_index(op.f("ix_inbound_mail_meeting_id"), table_name="inbound_mail")
    op.drop_table("inbound_mail")
