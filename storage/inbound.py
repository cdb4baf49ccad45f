"""The journal of mails that came back to the organizer address."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import InboundMail, OutgoingMail


class InboundMailJournal:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def seen(self, key: str) -> bool:
        """Whether the mail with this Message-ID has been handled (delivered twice, or read
        again from a mailbox after a crash)."""
        found = await self.session.scalar(select(InboundMail.id).where(InboundMail.key == key))
        return found is not None

    async def record(self, key: str, *, via: str, outcome: str, meeting_id: int | None,
                     now: datetime) -> None:
        self.session.add(InboundMail(key=key, via=via, received_at=now, outcome=outcome,
                                     meeting_id=meeting_id))
        await self.session.flush()

    async def outcomes_for_meeting(self, meeting_id: int) -> Counter[str]:
        query = (select(InboundMail.outcome, func.count())
                 .where(InboundMail.meeting_id == meeting_id).group_by(InboundMail.outcome))
        return Counter({outcome: count for outcome, count in await self.session.execute(query)})

    async def was_sent_to(self, meeting_id: int, address: str) -> bool:
        """Whether the meeting's invitation (or an update) went out by mail to `address`."""
        query = select(OutgoingMail.id).where(
            OutgoingMail.meeting_id == meeting_id, OutgoingMail.sent_at.is_not(None),
            func.lower(OutgoingMail.recipient) == address.lower(),
        ).limit(1)
        return await self.session.scalar(query) is not None
