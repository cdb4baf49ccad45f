"""The mail queue: invitations by email wait here until the mail server takes them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import MAIL_KEY_LENGTH, OutgoingMail
from storage.queues import backlog


class MailQueue:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def queue(self, key: str, recipient: str, subject: str, text: str, now: datetime, *,
                    calendar: bytes = b"", method: str = "",
                    meeting_id: int | None = None) -> None:
        """Queue a mail to go out now, once per `key` (without `calendar`, plain text)."""
        await self.queue_to({key: recipient}, subject, text, now, calendar=calendar,
                            method=method, meeting_id=meeting_id)

    async def queue_to(self, recipients: Mapping[str, str], subject: str, text: str,
                       now: datetime, *, calendar: bytes = b"", method: str = "",
                       meeting_id: int | None = None, letter_id: int | None = None) -> None:
        """Queue the same mail to every recipient (`key` → address), once per key.

        One look-up and one insert for them all: an invitation to a group of forty would
        otherwise be eighty statements in the transaction of the command that schedules it."""
        by_key = {key[:MAIL_KEY_LENGTH]: address for key, address in recipients.items()}
        if not by_key:
            return
        queued = set(await self.session.scalars(
            select(OutgoingMail.key).where(OutgoingMail.key.in_(by_key))
        ))
        self.session.add_all([
            OutgoingMail(key=key, meeting_id=meeting_id, recipient=address, subject=subject,
                         text=text, calendar=calendar, method=method, created_at=now,
                         letter_id=letter_id,
                         next_attempt_at=now, attempts=0, failed=False)
            for key, address in by_key.items() if key not in queued
        ])
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
