"""The mail queue: invitations by email wait here until the mail server takes them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import OutgoingMail
from storage.queues import backlog


class MailQueue:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def queue(self, key: str, recipient: str, subject: str, text: str, now: datetime, *,
                    calendar: bytes = b"", method: str = "",
                    meeting_id: int | None = None) -> None:
        """Queue a mail to go out now, once per `key` (without `calendar`, plain text)."""
        await self.enqueue(OutgoingMail(
            key=key[:400], meeting_id=meeting_id, recipient=recipient, subject=subject,
            text=text, calendar=calendar, method=method, created_at=now, next_attempt_at=now,
            attempts=0, failed=False,
        ))

    async def enqueue(self, mail: OutgoingMail) -> None:
        existing = await self.session.scalar(
            select(OutgoingMail.id).where(OutgoingMail.key == mail.key)
        )
        if existing is None:
            self.session.add(mail)
            await self.session.flush()

    async def due(self, now: datetime, limit: int = 50) -> Sequence[OutgoingMail]:
        query = select(OutgoingMail).where(
            OutgoingMail.sent_at.is_(None), OutgoingMail.failed.is_(False),
            OutgoingMail.next_attempt_at <= now,
        )
        return (await self.session.scalars(query.order_by(OutgoingMail.id).limit(limit))).all()

    async def backlog(self) -> tuple[int, datetime | None]:
        """How many mails wait to be delivered, and since when the oldest does."""
        return await backlog(self.session, OutgoingMail)

    async def next_due(self) -> datetime | None:
        query = select(OutgoingMail.next_attempt_at).where(
            OutgoingMail.sent_at.is_(None), OutgoingMail.failed.is_(False)
        )
        return await self.session.scalar(query.order_by(OutgoingMail.next_attempt_at).limit(1))

    async def delivered(self, mail_id: int, now: datetime) -> None:
        mail = await self.session.get(OutgoingMail, mail_id)
        if mail is not None:
            mail.sent_at = now
            mail.attempts += 1
            mail.last_error = None

    async def attempt_failed(
        self, mail_id: int, error: str, *, retry_at: datetime, give_up: bool
    ) -> OutgoingMail | None:
        mail = await self.session.get(OutgoingMail, mail_id)
        if mail is not None:
            mail.attempts += 1
            mail.last_error = error[:500]
            mail.next_attempt_at = retry_at
            mail.failed = give_up
        return mail

    async def for_meeting(self, meeting_id: int) -> Sequence[OutgoingMail]:
        query = select(OutgoingMail).where(OutgoingMail.meeting_id == meeting_id)
        return (await self.session.scalars(query.order_by(OutgoingMail.id))).all()
