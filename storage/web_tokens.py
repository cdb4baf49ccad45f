"""Members' personal links to what their group publishes for members, kept only as hashes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from storage.member_tokens import MemberTokens
from storage.models import Group, WebToken


class WebTokens(MemberTokens):
    model = WebToken

    async def issue(self, group: Group, user_id: str, token_hash: str, now: datetime) -> None:
        self.session.add(WebToken(group_id=group.id, user_id=user_id, token_hash=token_hash,
                                  created_at=now))
        await self.session.flush()

    async def all_valid(self) -> Sequence[tuple[str, int]]:
        """Every link that opens a group's pages, as (hash, group id)."""
        query = self._valid(WebToken.token_hash, WebToken.group_id)
        return [(row[0], row[1]) for row in (await self.session.execute(query)).all()]
