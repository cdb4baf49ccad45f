"""Decision polls, their answers, the decision log; direct messages and files in the outbox.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.alter_column("room_id", existing_type=sa.String(length=255), nullable=True)
        batch.add_column(sa.Column("to_user", sa.String(length=255), nullable=True))
        batch.add_column(sa.Column("attachment", sa.LargeBinary(), nullable=True))
    op.create_table(
        "direct_rooms",
        sa.Column("user_id", sa.String(length=255), nullable=False),
        sa.Column("room_id", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_direct_rooms")),
    )
    op.create_table(
        "polls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("yes_no", sa.Boolean(), nullable=False),
        sa.Column("rule", sa.String(length=20), nullable=False),
        sa.Column("quorum_percent", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(length=20), nullable=False),
        sa.Column("secret", sa.Boolean(), nullable=False),
        sa.Column("deadline", UTCDateTime(), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("start_txn_id", sa.String(length=64), nullable=False),
        sa.Column("created_by", sa.String(length=255), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        sa.Column("closed_by", sa.String(length=255), nullable=True),
        sa.ForeignKeyConstraint(
            ["group_id"], ["groups.id"], name=op.f("fk_polls_group_id_groups")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_polls")),
        sa.UniqueConstraint("group_id", "number", name=op.f("uq_polls_group_id")),
        sa.UniqueConstraint("start_txn_id", name=op.f("uq_polls_start_txn_id")),
    )
    op.create_index(op.f("ix_polls_group_id"), "polls", ["group_id"])
    op.create_index(op.f("ix_polls_state"), "polls", ["state"])
    op.create_table(
        "poll_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("poll_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=255), nullable=False),
        sa.Column("answer", sa.String(length=100), nullable=False),
        sa.Column("event_id", sa.String(length=255), nullable=False),
        sa.Column("sent_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["poll_id"], ["polls.id"], name=op.f("fk_poll_answers_poll_id_polls")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_poll_answers")),
        sa.UniqueConstraint("event_id", name=op.f("uq_poll_answers_event_id")),
    )
    op.create_index(op.f("ix_poll_answers_poll_id"), "poll_answers", ["poll_id"])
    op.create_table(
        "poll_refusals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("poll_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(
            ["poll_id"], ["polls.id"], name=op.f("fk_poll_refusals_poll_id_polls")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_poll_refusals")),
        sa.UniqueConstraint("poll_id", "user_id", name=op.f("uq_poll_refusals_poll_id")),
    )
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("decided_at", UTCDateTime(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("poll_id", sa.Integer(), nullable=True),
        sa.Column("counting", sa.JSON(), nullable=True),
        sa.Column("votes", sa.JSON(), nullable=True),
        sa.Column("corrects_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by", sa.String(length=255), nullable=False),
        sa.Column("previous_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"], ["groups.id"], name=op.f("fk_decisions_group_id_groups")
        ),
        sa.ForeignKeyConstraint(
            ["poll_id"], ["polls.id"], name=op.f("fk_decisions_poll_id_polls")
        ),
        sa.ForeignKeyConstraint(
            ["corrects_id"], ["decisions.id"], name=op.f("fk_decisions_corrects_id_decisions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
        sa.UniqueConstraint("group_id", "year", "sequence", name=op.f("uq_decisions_group_id")),
        sa.UniqueConstraint("poll_id", name=op.f("uq_decisions_poll_id")),
    )
    op.create_index(op.f("ix_decisions_group_id"), "decisions", ["group_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_decisions_group_id"), table_name="decisions")
    op.drop_table("decisions")
    op.drop_table("poll_refusals")
    op.drop_index(op.f("ix_poll_answers_poll_id"), table_name="poll_answers")
    op.drop_table("poll_answers")
    op.drop_index(op.f("ix_polls_state"), table_name="polls")
    op.drop_index(op.f("ix_polls_group_id"), table_name="polls")
    op.drop_table("polls")
    op.drop_table("direct_rooms")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("attachment")
        batch.drop_column("to_user")
        batch.alter_column("room_id", existing_type=sa.String(length=255), nullable=False)
