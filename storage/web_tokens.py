"""Members' personal links to what their group publishes for members, kept only as hashes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Group, Member, WebToken


class WebTokens:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def issue(self, group: Group, user_id: str, token_hash: str, now: datetime) -> None:
        self.session.add(WebToken(group_id=group.id, user_id=user_id, token_hash=token_hash,
                                  created_at=now))
        await self.session.flush()

    async def revoke_all(self, group: Group, user_id: str, now: datetime) -> int:
        tokens = (await self.session.scalars(select(WebToken).where(
            WebToken.group_id == group.id, WebToken.user_id == user_id,
            WebToken.revoked_at.is_(None),
        ))).all()
        for token in tokens:
            token.revoked_at = now
        await self.session.flush()
        return len(tokens)

    async def all_valid(self) -> Sequence[tuple[str, int]]:
        """Every link that opens a group's pages — not revoked, its holder still a member —
        as (hash, group id): one query, for a map kept in memory."""
        query = select(WebToken.token_hash, WebToken.group_id).join(Member, and_(
            Member.group_id == WebToken.group_id, Member.user_id == WebToken.user_id,
            Member.removed_at.is_(None))).where(WebToken.revoked_at.is_(None))
        return [(row[0], row[1]) for row in (await self.session.execute(query)).all()]
