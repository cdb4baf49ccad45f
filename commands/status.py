"""`!status`: what the bot is doing for this group right now."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from commands.framework import CommandContext, CommandSet, Reply
from commands.meeting_flow import local_end, local_start, next_occurrence
from commands.reminder_flow import group_reminders
from domain.items import is_overdue
from domain.roles import Access
from i18n import Message, TimeRange
from storage.models import ItemState

commands = CommandSet()

#: The next reminders shown (the count says how many are planned).
SHOWN_REMINDERS = 5
#: Overdue items shown, the longest overdue first: a neglected group's forty would bury the
#: rest of the answer (the count says how many there are; `!punkt liste` shows them all).
SHOWN_OVERDUE = 10


@commands.command("status", de="status", access=Access.PARTICIPANT)
async def status(ctx: CommandContext) -> Reply:
    group = ctx.require_group()
    now = ctx.now()
    reply = Reply.of("status.heading", group=group.name)
    upcoming = await next_occurrence(ctx.uow, group, now)
    if upcoming is None:
        reply = reply.then("status.meeting.none")
    else:
        reply = reply.then("status.meeting", number=upcoming.meeting.number,
                           title=upcoming.meeting.title,
                           when=TimeRange(local_start(upcoming), local_end(upcoming)))
    polls = await ctx.uow.polls.open(group)
    reply = reply.then("status.polls", count=len(polls), rows=[
        Message("status.poll", number=p.number, question=p.question,
                until=Message("poll.until", deadline=p.deadline) if p.deadline
                else Message("poll.open_end"))
        for p in polls
    ] or [Message("status.none")])
    today = now.astimezone(ZoneInfo(group.timezone)).date()
    open_items = await ctx.uow.items.listing(group, (ItemState.OPEN,), history=False)
    overdue = sorted((i for i in open_items if is_overdue(i.due, today)),
                     key=lambda i: (i.due, i.number))
    rows: list[Message] = [Message("status.item", number=i.number, text=i.text, due=i.due)
                           for i in overdue[:SHOWN_OVERDUE]]
    if len(overdue) > SHOWN_OVERDUE:
        rows.append(Message("status.items_more", n=len(overdue) - SHOWN_OVERDUE))
    reply = reply.then("status.overdue", count=len(overdue),
                       rows=rows or [Message("status.none")])
    planned = [p for p in await group_reminders(ctx.uow, group, now, open_items, polls)
               if p.at > now]
    reminders = [Message(f"status.reminder.{p.kind.value}", at=p.at, number=p.number)
                 for p in planned[:SHOWN_REMINDERS]]
    if len(planned) > SHOWN_REMINDERS:
        reminders.append(Message("status.reminders_more", n=len(planned) - SHOWN_REMINDERS))
    return reply.then("status.reminders", count=len(planned),
                      rows=reminders or [Message("status.none")])

