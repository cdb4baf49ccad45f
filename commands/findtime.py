"""Finding a date (`!meeting findtime`, `!termin finden`): a native poll with one answer per
slot, then the slot with the most seats available is scheduled through the meetings flow."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated
from zoneinfo import ZoneInfo

from commands.framework import CommandContext, CommandSet, Reply, Words
from commands.framework.effects import PollEnd, PollStart
from commands.meetings import DEFAULT_DURATION, schedule_meeting
from commands.members import current_seats
from commands.poll_flow import counted_votes
from domain.errors import UserError
from domain.meetings import best_slot
from domain.roles import Access
from domain.voting import PollMode
from i18n import Message, TimeRange
from storage.models import PollState

commands = CommandSet()

MAX_SLOTS = 12


@commands.command("meeting findtime", de="termin finden", access=Access.COORDINATOR)
async def meeting_findtime(
    ctx: CommandContext,
    slots: Annotated[tuple[datetime, ...], Words()] = (),
    *,
    duration: timedelta = DEFAULT_DURATION,
    title: str | None = None,
    location: str | None = None,
) -> Reply:
    group = ctx.require_group()
    if len(slots) < 2:
        raise UserError("findtime.too_few")
    if len(slots) > MAX_SLOTS:
        raise UserError("findtime.too_many", n=len(slots), max=MAX_SLOTS)
    if len(set(slots)) != len(slots):
        raise UserError("findtime.duplicate")
    past = next((s for s in slots if s <= ctx.now()), None)
    if past is not None:
        raise UserError("meeting.in_past", when=past)
    ordered = sorted(slots)
    answers = tuple(
        (f"s{i}", ctx.renderer.time_range(TimeRange(s, s + duration)))
        for i, s in enumerate(ordered, start=1)
    )
    question = ctx.render(Message("findtime.question", title=title or "")).plain
    poll = await ctx.uow.polls.add(
        group, question=question, options=[list(a) for a in answers], yes_no=False,
        rule=group.majority_rule, quorum_percent=group.quorum_percent, mode=PollMode.FINDTIME,
        secret=False, deadline=None, start_txn_id=f"pending:{ctx.event_id}",
        created_by=ctx.sender, created_at=ctx.now(),
        details={"slots": [s.isoformat() for s in ordered],
                 "duration": int(duration.total_seconds() // 60),
                 "title": title, "location": location},
    )
    fallback = ctx.render(
        Message("findtime.fallback", number=poll.number),
        *(Message("poll.fallback.option", n=i, label=label)
          for i, (_, label) in enumerate(answers, start=1)),
        Message("findtime.how", number=poll.number),
    )
    poll.start_txn_id = await ctx.effects.post(group.room_id, PollStart(
        question, answers, fallback, max_selections=len(answers), disclosed=True,
    ))
    return Reply.of("findtime.started", number=poll.number, count=len(answers))


@commands.command("meeting findtime close", de="termin finden schließen",
                  access=Access.COORDINATOR)
async def meeting_findtime_close(ctx: CommandContext, number: int) -> Reply:
    group = ctx.require_group()
    poll = await ctx.uow.polls.by_number(group, number)
    if poll is None or poll.mode is not PollMode.FINDTIME:
        raise UserError("findtime.unknown", number=number)
    if poll.state is not PollState.OPEN:
        raise UserError("poll.closed", number=number)
    details = poll.details or {}
    zone = ZoneInfo(group.timezone)
    slots = [datetime.fromisoformat(s).astimezone(zone) for s in details.get("slots", [])]
    group_seats = await current_seats(ctx.uow, group)
    votes = await counted_votes(ctx.uow, poll, group_seats, None)
    availability = [
        sum(1 for v in votes if f"s{i}" in v.answer.split(","))
        for i in range(1, len(slots) + 1)
    ]
    choice = best_slot(slots, availability, ctx.now())
    if choice is None:
        raise UserError("findtime.nobody")
    when = slots[choice]
    meeting, _ = await schedule_meeting(
        ctx, group, when, timedelta(minutes=int(details.get("duration", 90))),
        title=details.get("title"), location=details.get("location"),
    )
    poll.state = PollState.CLOSED
    poll.closed_at = ctx.now()
    poll.closed_by = ctx.sender
    result = ctx.render(Message("findtime.result", number=poll.number,
                                when=TimeRange(when, when + timedelta(
                                    minutes=meeting.duration_minutes)),
                                available=availability[choice], seats=len(group_seats)))
    start_event = await ctx.uow.polls.start_event_id(poll)
    if start_event is not None:
        await ctx.effects.post(group.room_id, PollEnd(start_event, result))
    return Reply.of("findtime.closed", number=poll.number, meeting=meeting.number,
                    available=availability[choice], seats=len(group_seats),
                    when=TimeRange(when, when + timedelta(minutes=meeting.duration_minutes)))

