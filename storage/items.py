"""Open items and their history."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import raiseload

from storage.models import Decision, Group, Item, ItemEvent, ItemState
from storage.prepared import prepared


class ItemRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(
        self,
        group: Group,
        text: str,
        *,
        by: str,
        now: datetime,
        owner_user: str | None = None,
        owner_org: str | None = None,
        due: date | None = None,
        decision_id: int | None = None,
    ) -> Item:
        number = await self.session.scalar(_next_number(), {"group_id": group.id})
        item = Item(
            group_id=group.id, number=int(number or 1), text=text, owner_user=owner_user,
            owner_org=owner_org, due=due, state=ItemState.OPEN, decision_id=decision_id,
            created_by=by, created_at=now,
            history=[ItemEvent(kind="created", detail=None, by=by, at=now)],
        )
        self.session.add(item)
        await self.session.flush()  # the item, then its first event (one flush)
        return item

    async def record(
        self, item: Item, kind: str, detail: str | None, *, by: str, now: datetime
    ) -> None:
        item.history.append(ItemEvent(item_id=item.id, kind=kind, detail=detail, by=by, at=now))
        await self.session.flush()

    async def get(self, item_id: int) -> Item | None:
        return await self.session.get(Item, item_id)

    async def by_number(self, group: Group, number: int) -> Item | None:
        return await self.session.scalar(
            select(Item).where(Item.group_id == group.id, Item.number == number)
        )

    async def listing(
        self, group: Group, states: Sequence[ItemState], owner_user: str | None = None,
        *, history: bool = True,
    ) -> Sequence[Item]:
        """The group's items in these states; `history=False` leaves each item's history
        unread (for overviews: asking for it then raises instead of reading it unnoticed)."""
        values = {"group_id": group.id, "states": list(states), "owner_user": owner_user}
        return (await self.session.scalars(_listing(history, owner_user is not None),
                                           values)).all()

    async def due_by(self, group: Group, day: date) -> Sequence[Item]:
        """Open items due on or before `day`."""
        query = select(Item).where(
            Item.group_id == group.id, Item.state == ItemState.OPEN, Item.due.is_not(None),
            Item.due <= day,
        )
        return (await self.session.scalars(query.order_by(Item.due, Item.number))).all()

    async def open_with_due(self) -> Sequence[Item]:
        """Every group's open items that have a due date (their history left unread)."""
        query = select(Item).where(Item.state == ItemState.OPEN, Item.due.is_not(None))
        return (await self.session.scalars(
            query.options(raiseload(Item.history)).order_by(Item.group_id, Item.number))).all()

    async def open_mandates(self, group: Group) -> Sequence[tuple[Item, Decision]]:
        """The open items that decisions gave (mandates), with their decision."""
        rows = await self.session.execute(
            select(Item, Decision).join(Decision, Item.decision_id == Decision.id)
            .where(Item.group_id == group.id, Item.state == ItemState.OPEN)
            .options(raiseload(Item.history)))
        return [(item, decision) for item, decision in rows]

    async def for_decision(self, decision_id: int) -> Sequence[Item]:
        query = select(Item).where(Item.decision_id == decision_id).order_by(Item.number)
        return (await self.session.scalars(query)).all()


@prepared
def _next_number() -> Select[Any]:
    return (select(func.coalesce(func.max(Item.number), 0) + 1)
            .where(Item.group_id == bindparam("group_id")))


@prepared
def _listing(history: bool, by_owner: bool) -> Select[Item]:
    query = select(Item).where(Item.group_id == bindparam("group_id"),
                               Item.state.in_(bindparam("states", expanding=True)))
    if not history:
        query = query.options(raiseload(Item.history))
    if by_owner:
        query = query.where(Item.owner_user == bindparam("owner_user"))
    return query.order_by(Item.number)
