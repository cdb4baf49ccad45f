"""Minutes the group approves (`!minutes object|approve|poll|correct`, `!niederschrift
einwand|genehmigen|abstimmung|berichtigen`): members object to a draft; the chair or the office
approves it — or the group does, by `!agreed` or a poll under the approval's TOP in a session
(`commands.session`), or by a poll here, in the room or in writing (`mode=umlauf`). Approved
minutes are never edited: a correction is a new version, approved in turn."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from zoneinfo import ZoneInfo

from commands.framework import CommandContext, CommandSet, Reply, Text
from commands.framework.converters import LONG_TEXT, Deadline, Length
from commands.meetings import find_meeting, find_occurrence
from commands.minutes_decision import approve
from commands.minutes_flow import (
    approval_text,
    approval_top,
    draft_state,
    minutes_form_of,
    place_approval,
    post_minutes_pdf,
    version_filename,
)
from commands.polls import start_poll
from commands.signed_exports import Paperwork
from domain.errors import UserError
from domain.roles import Access
from domain.voting import PollMode
from storage.models import AgendaEntry, Meeting, MinutesVersion, PollState

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
    draft = await _unapproved(ctx, meeting, on)
    decision = await approve(ctx, group, draft)
    return Reply.of("minutes.approve.done", number=meeting.number, decision=decision.number,
                    filename=draft.filename)


@commands.command("minutes poll", de="niederschrift abstimmung", access=Access.COORDINATOR)
async def minutes_poll(ctx: CommandContext, number: int, *, mode: PollMode = PollMode.OPEN,
                       deadline: Deadline | None = None, on: date | None = None) -> Reply:
    group = ctx.require_group()
    meeting = await find_meeting(ctx, group, number)
    draft = await _unapproved(ctx, meeting, on)
    if mode is PollMode.FINDTIME:
        raise UserError("minutes.poll.findtime")
    if draft.poll_id is not None:
        running = await ctx.uow.polls.get(draft.poll_id)
        if running is not None and running.state is PollState.OPEN:
            raise UserError("minutes.poll.running", number=meeting.number, poll=running.number)
    poll, reply = await start_poll(ctx, group, approval_text(ctx.renderer, draft),
                                   mode=mode, deadline=deadline)
    draft.poll_id = poll.id
    objections = len(await ctx.uow.minutes.objections(draft))
    return reply.then("minutes.poll.started", number=meeting.number, count=objections)


@commands.command("minutes correct", de="niederschrift berichtigen", access=Access.COORDINATOR)
async def minutes_correct(ctx: CommandContext, number: int,
                          text: Annotated[str, Text(), Length(LONG_TEXT)], *,
                          on: date | None = None) -> Reply:
    group = ctx.require_group()
    meeting = await find_meeting(ctx, group, number)
    approved = await _minutes(ctx, meeting, on)
    if approved.approved_at is None:
        raise UserError("minutes.correct.draft", number=meeting.number,
                        version=approved.version)
    draft = await ctx.uow.minutes.correct(group, approved, text.strip(), ctx.now())
    await place_approval(ctx.uow, ctx.renderer, group, draft, by=ctx.sender, now=ctx.now())
    filename = version_filename(ctx.renderer, draft)
    form = await minutes_form_of(Paperwork.of(ctx), group, draft.occurrence,
                                 await draft_state(ctx, draft))
    filename = await post_minutes_pdf(ctx, group, filename, form)
    until = draft.objections_until.astimezone(ZoneInfo(group.timezone)).date()
    return Reply.of("minutes.correct.done", number=meeting.number, version=draft.version,
                    corrected=approved.version, filename=filename, until=until)


async def _minutes(ctx: CommandContext, meeting: Meeting, on: date | None) -> MinutesVersion:
    """The minutes of the meeting's date `on`, or of its latest date that has minutes."""
    if on is None:
        found = await ctx.uow.minutes.of_meeting(meeting.id)
    else:
        found = await ctx.uow.minutes.of(await find_occurrence(ctx, meeting, on))
    if found is None:
        raise UserError("minutes.object.none", number=meeting.number)
    return found


async def _unapproved(ctx: CommandContext, meeting: Meeting,
                      on: date | None) -> MinutesVersion:
    """The minutes to approve, refused where they are approved already."""
    draft = await _minutes(ctx, meeting, on)
    if draft.approved_at is not None:
        raise UserError("minutes.approve.already", number=meeting.number,
                        decision=await _decision_number(ctx, draft))
    return draft


async def _decision_number(ctx: CommandContext, draft: MinutesVersion) -> str:
    decision = await ctx.uow.decisions.get(draft.decision_id) if draft.decision_id else None
    return decision.number if decision is not None else "–"
