"""Open items with their history; mandates from polls.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("owner_user", sa.String(length=255), nullable=True),
        sa.Column("owner_org", sa.String(length=200), nullable=True),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(length=255), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["group_id"], ["groups.id"], name=op.f("fk_items_group_id_groups")
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"], ["decisions.id"], name=op.f("fk_items_decision_id_decisions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_items")),
        sa.UniqueConstraint("group_id", "number", name=op.f("uq_items_group_id")),
    )
    op.create_index(op.f("ix_items_group_id"), "items", ["group_id"])
    op.create_index(op.f("ix_items_state"), "items", ["state"])
    op.create_table(
        "item_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("by", sa.String(length=255), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"], ["items.id"], name=op.f("fk_item_events_item_id_items")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_item_events")),
    )
    op.create_index(op.f("ix_item_events_item_id"), "item_events", ["item_id"])
    with op.batch_alter_table("polls") as batch:
        batch.add_column(sa.Column("then_text", sa.Text(), nullable=True))
        batch.add_column(sa.Column("then_owner_user", sa.String(length=255), nullable=True))
        batch.add_column(sa.Column("then_owner_org", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("then_due", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("polls") as batch:
        batch.drop_column("then_due")
        batch.drop_column("then_owner_org")
        batch.drop_column("then_owner_user")
        batch.drop_column("then_text")
    op.drop_index(op.f("ix_item_events_item_id"), table_name="item_events")
    op.drop_table("item_events")
    op.drop_index(op.f("ix_items_state"), table_name="items")
    op.drop_index(op.f("ix_items_group_id"), table_name="items")
    op.drop_table("items")
