"""Minutes (`!meeting minutes`, `!termin niederschrift`): a Markdown Niederschrift as a file."""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from commands.framework import CommandContext, CommandSet, Flag, Reply
from commands.meeting_flow import local_end, local_start
from commands.meetings import find_meeting, find_occurrence
from commands.minutes_form import planned_form, session_form
from commands.poll_flow import result_text
from commands.session_minutes import SessionMinutes, md_agenda, minutes_filename
from commands.signed_exports import post_signed
from domain.escaping import markdown_text as md
from domain.meetings import RsvpAnswer
from domain.minutes_form import MinutesForm
from domain.roles import Access
from i18n import Message, Renderer, TimeRange
from storage.models import (
    AgendaEntry,
    Decision,
    Group,
    Item,
    ItemState,
    MeetingSession,
    Member,
    Occurrence,
)
from storage.unit_of_work import UnitOfWork

commands = CommandSet()


@commands.command("meeting minutes", de="termin niederschrift", access=Access.COORDINATOR)
async def meeting_minutes(ctx: CommandContext, number: int,
                          pdf: Annotated[bool, Flag(de="pdf")] = False, *,
                          on: date | None = None) -> Reply:
    group = ctx.require_group()
    meeting = await find_meeting(ctx, group, number)
    occurrence = await find_occurrence(ctx, meeting, on)
    held = await ctx.uow.sessions.of_occurrence(occurrence)
    if held is not None:
        return await _session_minutes(ctx, group, held, pdf)
    minutes = await Minutes.gather(ctx.uow, group, occurrence)
    filename = minutes_filename(ctx.renderer, occurrence)
    if pdf:
        filename = await _post_pdf(ctx, group, filename, minutes.form(ctx.renderer, ctx.now()))
    else:
        await _post_markdown(ctx, group, filename, minutes.markdown(ctx.renderer))
    return Reply.of(
        "minutes.done", number=meeting.number,
        when=TimeRange(local_start(occurrence), local_end(occurrence)),
        present=len(minutes.present), decisions=len(minutes.decisions),
        opened=len(minutes.opened), closed=len(minutes.closed), filename=filename,
    )


async def _session_minutes(ctx: CommandContext, group: Group, held: MeetingSession,
                           pdf: bool = False) -> Reply:
    """A meeting held in the room: its minutes as the session recorded them (so far, while it
    still runs)."""
    minutes = await SessionMinutes.gather(ctx.uow, group, held)
    filename = minutes_filename(ctx.renderer, held.occurrence)
    if pdf:
        filename = await _post_pdf(ctx, group, filename,
                                   session_form(minutes, ctx.renderer, ctx.now()))
    else:
        await _post_markdown(ctx, group, filename, minutes.markdown(ctx.renderer))
    return Reply.of("minutes.session", number=held.occurrence.meeting.number,
                    minutes=minutes.summary(), filename=filename)


async def _post_markdown(ctx: CommandContext, group: Group, filename: str,
                         markdown: str) -> None:
    await post_signed(ctx, group, filename, "text/markdown; charset=utf-8",
                      markdown.encode("utf-8"))


async def _post_pdf(ctx: CommandContext, group: Group, filename: str,
                    form: MinutesForm) -> str:
    """The Niederschrift as the form a Geschäftsstelle files, signed (PAdES)."""
    # fpdf2 (and matplotlib's fonts) load when a PDF is made, not when the bot starts.
    from domain.pdf import minutes_form_pdf

    data = await asyncio.to_thread(minutes_form_pdf, form, created_at=ctx.now())
    filename = filename.removesuffix(".md") + ".pdf"
    await post_signed(ctx, group, filename, "application/pdf", data)
    return filename


class Minutes:
    """What a Niederschrift records, gathered from the database."""

    def __init__(self, group: Group, occurrence: Occurrence, members: list[Member],
                 present: set[str], answers: dict[str, RsvpAnswer],
                 agenda: list[AgendaEntry],
                 decisions: list[Decision], opened: list[Item], closed: list[Item]) -> None:
        self.group = group
        self.occurrence = occurrence
        self.members = members
        self.present = present
        self.answers = answers
        self.agenda = agenda
        self.decisions = decisions
        self.opened = opened
        self.closed = closed

    @classmethod
    async def gather(cls, uow: UnitOfWork, group: Group, occurrence: Occurrence) -> Minutes:
        zone = ZoneInfo(group.timezone)
        day = local_start(occurrence).date()

        def on_day(moment: datetime | None) -> bool:
            return moment is not None and moment.astimezone(zone).date() == day

        members = list(await uow.members.active(group))
        items = await uow.items.listing(group, tuple(ItemState))
        return cls(
            group, occurrence, members,
            await uow.meetings.present(occurrence),
            await uow.meetings.answers(occurrence),
            list(await uow.meetings.agenda(occurrence)),
            [d for d in await uow.decisions.entries(group) if on_day(d.decided_at)],
            [i for i in items if on_day(i.created_at)],
            [i for i in items if on_day(i.closed_at)],
        )

    def markdown(self, renderer: Renderer) -> str:
        meeting = self.occurrence.meeting
        lines = [
            renderer("minutes.title", title=md(meeting.title)).plain, "",
            renderer("minutes.meta", group=md(self.group.name),
                     when=TimeRange(local_start(self.occurrence), local_end(self.occurrence)),
                     location=md(meeting.location or "–")).plain, "",
            renderer("minutes.present").plain,
        ]
        lines += self._people(renderer, present=True) or [renderer("minutes.nobody").plain]
        lines += ["", renderer("minutes.absent").plain]
        lines += self._people(renderer, present=False) or [renderer("minutes.nobody").plain]
        lines += ["", renderer("minutes.agenda").plain]
        lines += [f"{entry.label or n}. {md_agenda(renderer, entry)}"
                  for n, entry in enumerate(self.agenda, start=1)] or [
            renderer("minutes.none").plain]
        lines += ["", renderer("minutes.decisions").plain]
        lines += [f"- {result_text(renderer, d).plain} {md(d.text)}" for d in self.decisions] or [
            renderer("minutes.none").plain]
        lines += ["", renderer("minutes.items").plain]
        lines += [renderer("minutes.item.opened", number=i.number, text=md(i.text)).plain
                  for i in self.opened]
        lines += [renderer("minutes.item.closed", number=i.number, text=md(i.text)).plain
                  for i in self.closed]
        if not self.opened and not self.closed:
            lines.append(renderer("minutes.none").plain)
        return "\n".join(lines) + "\n"

    def form(self, renderer: Renderer, now: datetime) -> MinutesForm:
        return planned_form(renderer, self.group, self.occurrence, self.members, self.present,
                            self.answers, self.agenda, self.decisions,
                            [(i.number, i.text) for i in self.opened],
                            [(i.number, i.text) for i in self.closed], now)

    def _people(self, renderer: Renderer, *, present: bool) -> list[str]:
        deputies = {m.user_id: md(m.deputy_of.display_name)
                    for m in self.members if m.deputy_of}
        rows = []
        for member in sorted(self.members, key=lambda m: (m.organisation, m.user_id)):
            if (member.user_id in self.present) != present:
                continue
            if present:
                note = (Message("minutes.as_deputy", principal=deputies[member.user_id])
                        if member.user_id in deputies else Message("minutes.role",
                                                                    role=member.role))
            else:
                excused = self.answers.get(member.user_id) is RsvpAnswer.NO
                note = Message("minutes.excused" if excused else "minutes.unexcused")
            rows.append(renderer("minutes.person", org=md(member.organisation),
                                 user=md(member.display_name), note=note).plain)
        return rows

