"""What the bot's two queues — Matrix messages (the outbox) and invitations by email — hold
back: rows neither sent nor given up. One query for both tables, as `/metrics` reports them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.utc import as_utc
from storage.models import OutboxMessage, OutgoingMail


async def backlog(
    session: AsyncSession, queue: type[OutboxMessage] | type[OutgoingMail]
) -> tuple[int, datetime | None]:
    """How many rows of `queue` wait to be sent, and since when the oldest does."""
    count, oldest = (await session.execute(
        select(func.count(queue.id), func.min(queue.created_at)).where(
            queue.sent_at.is_(None), queue.failed.is_(False)))).one()
    # An aggregate over a UTC column comes back without its zone on SQLite.
    return int(count or 0), None if oldest is None else as_utc(oldest)
