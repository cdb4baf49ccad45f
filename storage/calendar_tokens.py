"""Feed tokens, kept only as hashes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from storage.member_tokens import MemberTokens
from storage.models import CalendarToken, Group


class CalendarTokens(MemberTokens):
    model = CalendarToken

    async def issue(
        self, group: Group, user_id: str, token_hash: str, *, personal: bool, now: datetime
    ) -> None:
        self.session.add(CalendarToken(group_id=group.id, user_id=user_id, personal=personal,
                                       token_hash=token_hash, created_at=now))
        await self.session.flush()

    async def all_valid(self) -> Sequence[tuple[str, int, str, bool]]:
        """Every token that opens a feed, as (hash, group id, user id, personal)."""
        query = self._valid(CalendarToken.token_hash, CalendarToken.group_id,
                            CalendarToken.user_id, CalendarToken.personal)
        return [(row[0], row[1], row[2], row[3])
                for row in (await self.session.execute(query)).all()]
