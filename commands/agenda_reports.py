"""Coordinators' reports on the agenda (`!report submit`, `!bericht einreichen`): the
*Berichterstattung der koordinierenden Stellen* that the group hears and decides on.

A report is a file (the command replies to it) or a text, submitted for a meeting's date: it
gets a number in the group, an annex number at that meeting („Anlage 2“) and an agenda item of
its own. In a running session `!report R` presents it under the current item; a decision or a
poll can cite it (`report=R`), and the decision log then holds its number, title and digest.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from commands.framework import CommandContext, CommandSet, Reply, Text
from commands.framework.converters import Length
from commands.framework.effects import FileMessage
from commands.meeting_flow import local_end, local_start
from commands.meetings import find_meeting, find_occurrence
from commands.session import SCRIBE, add_during_session, recording_session
from domain.errors import UserError
from domain.roles import Access
from i18n import Message, TimeRange, UserRef
from storage.models import Group, Occurrence, Report
from storage.unit_of_work import UnitOfWork

commands = CommandSet()

#: A report's title, as the agenda shows it.
TITLE_LENGTH = 300


@commands.command("report submit", de="bericht einreichen", access=Access.CONTRIBUTOR)
async def report_submit(
    ctx: CommandContext,
    number: int,
    title: Annotated[str, Length(TITLE_LENGTH)],
    text: Annotated[str, Text()] | None = None,
    *,
    org: str | None = None,
    on: date | None = None,
) -> Reply:
    group = ctx.require_group()
    meeting = await find_meeting(ctx, group, number)
    occurrence = await find_occurrence(ctx, meeting, on)
    attachment = await ctx.room.replied_file()
    if attachment is None and not text:
        raise UserError("report.needs_content", number=meeting.number)
    if attachment is not None and text:
        raise UserError("report.file_or_text")
    organisation = org or (ctx.member.organisation if ctx.member else "")
    report = await ctx.uow.reports.add(
        group, occurrence, title=title, organisation=organisation, by=ctx.sender,
        now=ctx.now(), text=text,
        filename=attachment.filename if attachment else None,
        mimetype=attachment.mimetype if attachment else None,
        content=attachment.data if attachment else None)
    held = await ctx.uow.sessions.of_occurrence(occurrence)
    if held is not None and held.ended_at is None:
        entry = await add_during_session(ctx.uow, held, title, by=ctx.sender, now=ctx.now(),
                                         report_id=report.id)
    else:
        entry = await ctx.uow.meetings.add_agenda(occurrence, title, source="report",
                                                  by=ctx.sender, now=ctx.now(),
                                                  report_id=report.id)
        meeting.updated_at = ctx.now()
    return Reply.of("report.submitted", report=report.number, annex=report.annex,
                    number=meeting.number, org=organisation,
                    when=TimeRange(local_start(occurrence), local_end(occurrence)),
                    position=entry.label or entry.position, title=title)


@commands.command("report list", de="bericht liste", access=Access.PARTICIPANT)
async def report_list(ctx: CommandContext) -> Reply:
    group = ctx.require_group()
    reports = await ctx.uow.reports.of_group(group)
    if not reports:
        raise UserError("report.none")
    return Reply.of("report.list", rows=[await _row(ctx.uow, report) for report in reports])


@commands.command("report show", de="bericht zeigen", access=Access.PARTICIPANT)
async def report_show(ctx: CommandContext, report: int) -> Reply:
    group = ctx.require_group()
    found = await find_report(ctx.uow, group, report)
    if found.removed_at is not None:
        return Reply.of("report.show.removed", row=await _row(ctx.uow, found),
                        removed=found.removed_at, sha256=found.sha256)
    if found.text is not None:
        return Reply.of("report.show.text", row=await _row(ctx.uow, found), text=found.text)
    data = await ctx.uow.reports.with_content(found)
    assert data is not None and found.filename is not None
    await ctx.effects.post(group.room_id, FileMessage(
        found.filename, found.mimetype or "application/octet-stream", data))
    return Reply.of("report.show.file", row=await _row(ctx.uow, found), sha256=found.sha256)


@commands.command("report", de="bericht", access=Access.PARTICIPANT, condition=SCRIBE)
async def report_present(ctx: CommandContext, report: int) -> Reply:
    """In a running session: the report is presented under the current agenda item."""
    group = ctx.require_group()
    held, label = await recording_session(ctx, group)
    found = await find_report(ctx.uow, group, report)
    await ctx.uow.sessions.record(held, "report", author=ctx.sender, now=ctx.now(),
                                  report_id=found.id)
    return Reply.of("report.presented", report=found.number, annex=found.annex,
                    title=found.title, label=label)


async def find_report(uow: UnitOfWork, group: Group, number: int) -> Report:
    found = await uow.reports.by_number(group, number)
    if found is None:
        raise UserError("report.unknown", report=number)
    return found


async def _row(uow: UnitOfWork, report: Report) -> Message:
    occurrence = await uow.session.get(Occurrence, report.occurrence_id)
    assert occurrence is not None
    return Message("report.entry", report=report.number, title=report.title,
                   org=report.organisation or "–", annex=report.annex,
                   number=occurrence.meeting.number, day=local_start(occurrence).date(),
                   by=UserRef(report.submitted_by),
                   kind=Message("report.kind.file", filename=report.filename)
                   if report.filename else Message("report.kind.text"))
