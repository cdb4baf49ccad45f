"""Feed tokens, kept only as hashes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import CalendarToken, Group, Member


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

    async def all_valid(self) -> Sequence[tuple[str, int, str, bool]]:
        """Every token that opens a feed — not revoked, its holder still a member of its
        group — as (hash, group id, user id, personal): one query, for a map kept in memory."""
        query = select(CalendarToken.token_hash, CalendarToken.group_id, CalendarToken.user_id,
                       CalendarToken.personal).join(Member, and_(
                           Member.group_id == CalendarToken.group_id,
                           Member.user_id == CalendarToken.user_id,
                           Member.removed_at.is_(None))).where(
                               CalendarToken.revoked_at.is_(None))
        return [tuple(row) for row in (await self.session.execute(query)).all()]  # type: ignore[misc]

