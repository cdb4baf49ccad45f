"""Open items (`!item`, `!punkt`): numbered per group, owned by a member or an organisation."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from commands.framework import CommandContext, CommandSet, Reply, Text, UserId
from commands.meeting_flow import put_on_next_agenda
from domain.errors import UserError
from domain.items import ItemFilter, is_overdue
from domain.roles import Access, Role
from i18n import Message, UserRef
from storage.models import Decision, Group, Item, ItemState
from storage.unit_of_work import UnitOfWork

commands = CommandSet()

_STATES = {
    ItemFilter.OPEN: (ItemState.OPEN,),
    ItemFilter.DONE: (ItemState.DONE,),
    ItemFilter.ALL: (ItemState.OPEN, ItemState.DONE, ItemState.DROPPED),
}


@commands.command("item add", de="punkt hinzufügen", access=Access.CONTRIBUTOR)
async def item_add(
    ctx: CommandContext,
    text: Annotated[str, Text()],
    *,
    owner: UserId | None = None,
    org: str | None = None,
    due: date | None = None,
) -> Reply:
    group = ctx.require_group()
    item = await create_item(ctx, group, text, owner=owner, org=org, due=due)
    return Reply.of("item.added", number=item.number, text=text, owner=owner_of(item),
                    due=due_of(item))


async def create_item(ctx: CommandContext, group: Group, text: str, *, owner: str | None,
                      org: str | None, due: date | None) -> Item:
    """An open item (`!punkt hinzufügen`, or an action in a session): checked, stored, on the
    agenda of the next meeting if it falls due by then, its reminders planned."""
    await check_owner(ctx.uow, group, owner, org)
    check_due(ctx, due)
    item = await ctx.uow.items.add(
        group, text, by=ctx.sender, now=ctx.now(), owner_user=owner, owner_org=org, due=due
    )
    await agenda_if_due(ctx.uow, group, item, ctx.now())
    _reminders_may_move(ctx, item)
    return item


def _reminders_may_move(ctx: CommandContext, item: Item, had_due: bool = False) -> None:
    """Re-plan the timed jobs only where the item has (or had) a due date: an item without
    one has no reminder, and re-planning reads every deadline (off the reply's path, but
    still work for the machine a moment later)."""
    if had_due or item.due is not None:
        ctx.effects.timers_changed()


@commands.command("item list", de="punkt liste", access=Access.PARTICIPANT)
async def item_list(
    ctx: CommandContext, which: ItemFilter = ItemFilter.OPEN, *, owner: UserId | None = None
) -> Reply:
    group = ctx.require_group()
    items = await ctx.uow.items.listing(group, _STATES[which], owner_user=owner)
    if not items:
        return Reply.of("item.list.none", which=which)
    today = _today(ctx, group)
    rows = [_row(item, today) for item in items]
    return Reply.of("item.list", which=which, count=len(items), rows=rows)


@commands.command("item show", de="punkt zeigen", access=Access.PARTICIPANT)
async def item_show(ctx: CommandContext, number: int) -> Reply:
    group = ctx.require_group()
    item = await _item(ctx, group, number)
    reply = Reply.of("item.show", number=item.number, text=item.text, state=item.state,
                     owner=owner_of(item), due=due_of(item))
    if item.decision_id is not None:
        decision = await ctx.uow.session.get(Decision, item.decision_id)
        reply = reply.then("item.show.mandate", decision=decision.number if decision else "?")
    history = [
        Message(f"item.history.{event.kind}", at=event.at, by=UserRef(event.by),
                detail=event.detail or "")
        for event in item.history
    ]
    return reply.then("item.show.history", events=history)


@commands.command("item done", de="punkt erledigt", access=Access.CONTRIBUTOR)
async def item_done(ctx: CommandContext, number: int) -> Reply:
    group = ctx.require_group()
    item = await _open_item(ctx, group, number)
    if not _may_close(ctx, item):
        raise UserError("item.not_yours", number=item.number, owner=owner_of(item))
    item.state = ItemState.DONE
    item.closed_at = ctx.now()
    await ctx.uow.items.record(item, "done", None, by=ctx.sender, now=ctx.now())
    _reminders_may_move(ctx, item)
    return Reply.of("item.done", number=item.number, text=item.text)


@commands.command("item assign", de="punkt zuweisen", access=Access.COORDINATOR)
async def item_assign(
    ctx: CommandContext, number: int, owner: UserId | None = None, *, org: str | None = None
) -> Reply:
    group = ctx.require_group()
    if owner is None and org is None:
        raise UserError("item.assign.nobody")
    item = await _open_item(ctx, group, number)
    await check_owner(ctx.uow, group, owner, org)
    item.owner_user, item.owner_org = owner, org
    await ctx.uow.items.record(item, "assigned", _owner_text(item), by=ctx.sender,
                               now=ctx.now())
    _reminders_may_move(ctx, item)
    return Reply.of("item.assigned", number=item.number, owner=owner_of(item))


@commands.command("item due", de="punkt frist", access=Access.COORDINATOR)
async def item_due(ctx: CommandContext, number: int, due: date) -> Reply:
    group = ctx.require_group()
    item = await _open_item(ctx, group, number)
    check_due(ctx, due)
    had_due = item.due is not None
    item.due = due
    await ctx.uow.items.record(item, "due", due.isoformat(), by=ctx.sender, now=ctx.now())
    await agenda_if_due(ctx.uow, group, item, ctx.now())
    _reminders_may_move(ctx, item, had_due)
    return Reply.of("item.due.set", number=item.number, due=due)


@commands.command("item note", de="punkt notiz", access=Access.CONTRIBUTOR)
async def item_note(ctx: CommandContext, number: int, text: Annotated[str, Text()]) -> Reply:
    group = ctx.require_group()
    item = await _item(ctx, group, number)
    await ctx.uow.items.record(item, "note", text, by=ctx.sender, now=ctx.now())
    return Reply.of("item.noted", number=item.number)


@commands.command("item drop", de="punkt streichen", access=Access.COORDINATOR)
async def item_drop(ctx: CommandContext, number: int) -> Reply:
    group = ctx.require_group()
    item = await _open_item(ctx, group, number)
    item.state = ItemState.DROPPED
    item.closed_at = ctx.now()
    await ctx.uow.items.record(item, "dropped", None, by=ctx.sender, now=ctx.now())
    _reminders_may_move(ctx, item)
    return Reply.of("item.dropped", number=item.number, text=item.text)


async def open_mandate(
    uow: UnitOfWork,
    group: Group,
    decision: Decision,
    text: str,
    *,
    owner_user: str | None,
    owner_org: str | None,
    due: date | None,
    by: str,
    now: datetime,
) -> Item:
    """The item a decision hands on (mandate → report), linked to the decision; it comes on
    the agenda of the meeting by which it is due."""
    item = await uow.items.add(group, text, by=by, now=now, owner_user=owner_user,
                               owner_org=owner_org, due=due, decision_id=decision.id)
    await agenda_if_due(uow, group, item, now)
    return item


async def agenda_if_due(uow: UnitOfWork, group: Group, item: Item, now: datetime) -> None:
    """An item due by the next meeting goes on its agenda, marked as added automatically."""
    if item.due is not None:
        await put_on_next_agenda(uow, group, item.text, source="item-due", by=item.created_by,
                                 now=now, item_id=item.id, due_by=item.due)


async def check_owner(
    uow: UnitOfWork, group: Group, owner: str | None, org: str | None
) -> None:
    if owner is not None and org is not None:
        raise UserError("item.owner.both")
    if owner is not None and await uow.members.active_member(group, owner) is None:
        raise UserError("member.unknown", user=UserRef(owner))


def check_due(ctx: CommandContext, due: date | None) -> None:
    if due is not None and due < _today(ctx, ctx.require_group()):
        raise UserError("item.due.past", due=due)


def owner_of(item: Item) -> Message:
    if item.owner_user:
        return Message("item.owner.user", user=UserRef(item.owner_user))
    if item.owner_org:
        return Message("item.owner.org", org=item.owner_org)
    return Message("item.owner.none")


def due_of(item: Item) -> Message:
    return Message("item.due", due=item.due) if item.due else Message("item.due.none")


def _owner_text(item: Item) -> str:
    return item.owner_user or item.owner_org or ""


def _row(item: Item, today: date) -> Message:
    key = "item.list.row.overdue" if item.state is ItemState.OPEN and is_overdue(
        item.due, today
    ) else "item.list.row"
    return Message(key, number=item.number, text=item.text, owner=owner_of(item),
                   due=due_of(item), state=item.state)


def _may_close(ctx: CommandContext, item: Item) -> bool:
    if ctx.role in (Role.CHAIR, Role.COORDINATOR) or ctx.sender in (
        item.owner_user, item.created_by
    ):
        return True
    return ctx.member is not None and item.owner_org == ctx.member.organisation


def _today(ctx: CommandContext, group: Group) -> date:
    return ctx.now().astimezone(ZoneInfo(group.timezone)).date()


async def _item(ctx: CommandContext, group: Group, number: int) -> Item:
    item = await ctx.uow.items.by_number(group, number)
    if item is None:
        raise UserError("item.unknown", number=number)
    return item


async def _open_item(ctx: CommandContext, group: Group, number: int) -> Item:
    item = await _item(ctx, group, number)
    if item.state is not ItemState.OPEN:
        raise UserError("item.closed", number=item.number, state=item.state)
    return item
