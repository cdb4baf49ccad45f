"""Matters waiting for the next meeting's agenda."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AgendaProposal, Group


class AgendaProposals:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def propose(
        self,
        group: Group,
        text: str,
        *,
        source: str,
        proposed_by: str,
        now: datetime,
        poll_id: int | None = None,
    ) -> AgendaProposal:
        proposal = AgendaProposal(
            group_id=group.id, text=text, source=source, poll_id=poll_id, proposed_at=now,
            proposed_by=proposed_by,
        )
        self.session.add(proposal)
        await self.session.flush()
        return proposal

    async def pending(self, group: Group) -> Sequence[AgendaProposal]:
        """Proposals no meeting has taken up yet."""
        query = select(AgendaProposal).where(
            AgendaProposal.group_id == group.id, AgendaProposal.taken_up_by.is_(None)
        )
        return (await self.session.scalars(query.order_by(AgendaProposal.id))).all()
