"""Feed tokens, kept only as hashes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import CalendarToken, Group


class CalendarTokens:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def issue(
        self, group: Group, user_id: str, token_hash: str, *, personal: bool, now: datetime
    ) -> None:
        self.session.add(CalendarToken(group_id=group.id, user_id=user_id, personal=personal,
                                       token_hash=token_hash, created_at=now))
        await self.session.flush()

    async def revoke_all(self, group: Group, user_id: str, now: datetime) -> int:
        tokens = (await self.session.scalars(select(CalendarToken).where(
            CalendarToken.group_id == group.id, CalendarToken.user_id == user_id,
            CalendarToken.revoked_at.is_(None),
        ))).all()
        for token in tokens:
            token.revoked_at = now
        await self.session.flush()
        return len(tokens)

    async def valid(self, token_hash: str) -> CalendarToken | None:
        return await self.session.scalar(select(CalendarToken).where(
            CalendarToken.token_hash == token_hash, CalendarToken.revoked_at.is_(None)
        ))
