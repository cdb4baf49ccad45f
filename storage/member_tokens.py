"""What feed links and web links have in common: secrets held by one member of one group,
kept only as their SHA-256, valid until revoked or until their holder leaves the group."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import Select, and_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import CalendarToken, Group, Member, WebToken


class MemberTokens:
    model: ClassVar[type[CalendarToken] | type[WebToken]]

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def revoke_all(self, group: Group, user_id: str, now: datetime) -> int:
        """Revoke every link the member holds in the group; how many there were."""
        model = self.model
        result = await self.session.execute(update(model).where(
            model.group_id == group.id, model.user_id == user_id, model.revoked_at.is_(None),
        ).values(revoked_at=now))
        return int(getattr(result, "rowcount", 0) or 0)

    def _valid(self, *columns: Any) -> Select[Any]:
        """`columns` of every link that opens something: not revoked, its holder still a
        member of its group — one query, for a map kept in memory."""
        model = self.model
        return select(*columns).join(Member, and_(
            Member.group_id == model.group_id, Member.user_id == model.user_id,
            Member.removed_at.is_(None))).where(model.revoked_at.is_(None))
