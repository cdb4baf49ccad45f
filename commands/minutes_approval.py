"""Minutes the group approves (`!minutes object|approve`, `!niederschrift einwand|genehmigen`):
members object to a draft; the chair or the office approves it — or the group does, by
`!agreed` under the approval's TOP in a session (`commands.session`)."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from zoneinfo import ZoneInfo

from commands.framework import CommandContext, CommandSet, Reply, Text
from commands.framework.converters import LONG_TEXT, Length
from commands.meetings import find_meeting, find_occurrence
from commands.minutes_flow import approval_top, approve
from domain.errors import UserError
from domain.roles import Access
from storage.models import AgendaEntry, Meeting, MinutesVersion

commands = CommandSet()


@commands.command("minutes object", de="niederschrift einwand", access=Access.PARTICIPANT)
async def minutes_object(ctx: CommandContext, number: int,
                         text: Annotated[str, Text(), Length(LONG_TEXT)], *,
                         on: date | None = None) -> Reply:
    group = ctx.require_group()
    meeting = await find_meeting(ctx, group, number)
    draft = await _minutes(ctx, meeting, on)
    if draft.approved_at is not None:
        raise UserError("minutes.object.approved", number=meeting.number,
                        decision=await _decision_number(ctx, draft))
    await ctx.uow.minutes.object(draft, ctx.sender, text.strip(), ctx.now())
    if draft.agenda_entry_id is not None:  # the approval's TOP lists the objections
        entry = await ctx.uow.session.get(AgendaEntry, draft.agenda_entry_id)
        if entry is not None:
            entry.text = await approval_top(ctx.uow, ctx.renderer, draft)
    count = len(await ctx.uow.minutes.objections(draft))
    reply = Reply.of("minutes.object.done", number=meeting.number, count=count)
    if ctx.now() > draft.objections_until:
        until = draft.objections_until.astimezone(ZoneInfo(group.timezone)).date()
        reply = reply.then("minutes.object.late", until=until)
    return reply


@commands.command("minutes approve", de="niederschrift genehmigen", access=Access.COORDINATOR)
async def minutes_approve(ctx: CommandContext, number: int, *,
                          on: date | None = None) -> Reply:
    group = ctx.require_group()
    meeting = await find_meeting(ctx, group, number)
    draft = await _minutes(ctx, meeting, on)
    if draft.approved_at is not None:
        raise UserError("minutes.approve.already", number=meeting.number,
                        decision=await _decision_number(ctx, draft))
    decision = await approve(ctx, group, draft)
    return Reply.of("minutes.approve.done", number=meeting.number, decision=decision.number,
                    filename=draft.filename)


async def _minutes(ctx: CommandContext, meeting: Meeting, on: date | None) -> MinutesVersion:
    """The minutes of the meeting's date `on`, or of its latest date that has minutes."""
    if on is None:
        found = await ctx.uow.minutes.of_meeting(meeting.id)
    else:
        found = await ctx.uow.minutes.of(await find_occurrence(ctx, meeting, on))
    if found is None:
        raise UserError("minutes.object.none", number=meeting.number)
    return found


async def _decision_number(ctx: CommandContext, draft: MinutesVersion) -> str:
    decision = await ctx.uow.decisions.get(draft.decision_id) if draft.decision_id else None
    return decision.number if decision is not None else "–"
