"""Minutes on their way to the files: what a Niederschrift records (`Minutes` for a meeting held
elsewhere, `SessionMinutes` for one held in the room), the form it is printed as, and its
approval — a draft from when it is posted, objections heard, the approval's TOP first on the
next meeting's agenda, approved by a decision whose log entry holds the approved file's digest.
"""

from __future__ import annotations

import asyncio
import hashlib
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from commands.decision_text import result_text
from commands.framework import CommandContext, Reply
from commands.meeting_flow import SERIES_HORIZON, local_end, local_start
from commands.minutes_form import MinutesState, planned_form, session_form
from commands.session_minutes import SessionMinutes, md_agenda, minutes_filename
from commands.signed_exports import Paperwork, post_signed
from domain.escaping import markdown_text as md
from domain.meetings import RsvpAnswer
from domain.minutes_form import MinutesForm
from i18n import Message, Renderer, TimeRange
from storage.models import (
    AgendaEntry,
    Decision,
    Group,
    Item,
    ItemState,
    Member,
    MinutesVersion,
    Occurrence,
)
from storage.unit_of_work import UnitOfWork


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

    def form(self, renderer: Renderer, now: datetime,
             state: MinutesState | None = None) -> MinutesForm:
        return planned_form(renderer, self.group, self.occurrence, self.members, self.present,
                            self.answers, self.agenda, self.decisions,
                            [(i.number, i.text) for i in self.opened],
                            [(i.number, i.text) for i in self.closed], now, state)

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



# -- drafts and their approval ---------------------------------------------------------------


async def minutes_form_of(papers: Paperwork, group: Group, occurrence: Occurrence,
                          state: MinutesState | None) -> MinutesForm:
    """The form of a date's minutes: from the session held in the room, else from the
    answers, presence and decisions of the day."""
    held = await papers.uow.sessions.of_occurrence(occurrence)
    if held is not None:
        minutes = await SessionMinutes.gather(papers.uow, group, held)
        return session_form(minutes, papers.renderer, papers.now, state)
    plain = await Minutes.gather(papers.uow, group, occurrence)
    return plain.form(papers.renderer, papers.now, state)


async def post_draft(ctx: CommandContext, group: Group,
                     occurrence: Occurrence) -> MinutesVersion | None:
    """The date's minutes as a draft, posted now if they were not yet: the objection period
    opens, and their approval goes first on the next meeting's agenda. None for a meeting
    that has not begun, in the room or by the clock (its minutes are no draft yet)."""
    if occurrence.starts_at > ctx.now() and \
            await ctx.uow.sessions.of_occurrence(occurrence) is None:
        return None
    draft, new = await ctx.uow.minutes.open_draft(group, occurrence, ctx.now())
    if new:
        await place_approval(ctx.uow, ctx.renderer, group, draft, by=ctx.sender, now=ctx.now())
    return draft


async def place_approval(uow: UnitOfWork, renderer: Renderer, group: Group,
                         draft: MinutesVersion, *, by: str, now: datetime) -> None:
    """The approval as the first TOP of the group's next meeting after the minutes' date
    (none yet: it goes on when one is scheduled)."""
    after = max(now, draft.occurrence.starts_at + timedelta(minutes=1))
    upcoming = await uow.meetings.first_in_group(group, after, now + SERIES_HORIZON)
    if upcoming is None:
        return
    entry = await uow.meetings.add_agenda(upcoming, await approval_top(uow, renderer, draft),
                                          source="minutes", by=by, now=now, first=True)
    upcoming.meeting.updated_at = now
    draft.agenda_entry_id = entry.id


async def place_pending_approvals(uow: UnitOfWork, renderer: Renderer, group: Group, *,
                                  by: str, now: datetime) -> None:
    """A meeting was scheduled: the drafts waiting for a meeting to be approved at go on it."""
    for draft in await uow.minutes.drafts_without_agenda(group):
        await place_approval(uow, renderer, group, draft, by=by, now=now)


async def move_approvals_off_cancelled(uow: UnitOfWork, renderer: Renderer, group: Group, *,
                                       by: str, now: datetime) -> None:
    """A date was cancelled: the approvals on its agenda go on the next meeting instead."""
    for draft in await uow.minutes.on_cancelled_dates(group):
        draft.agenda_entry_id = None
    await place_pending_approvals(uow, renderer, group, by=by, now=now)


async def approval_top(uow: UnitOfWork, renderer: Renderer, draft: MinutesVersion) -> str:
    """The approval's TOP, with the objections raised so far."""
    occurrence = draft.occurrence
    top = renderer("minutes.approval.top.version" if draft.corrects_id else
                   "minutes.approval.top", number=occurrence.meeting.number,
                   version=draft.version, day=local_start(occurrence).date()).plain
    objections = await objection_lines(uow, renderer, draft, "minutes.objection.line")
    if not objections:
        return top
    return renderer("minutes.approval.top.objections", top=top,
                    objections="; ".join(objections)).plain


async def objection_lines(uow: UnitOfWork, renderer: Renderer, draft: MinutesVersion,
                          key: str) -> list[str]:
    members = {m.user_id: m.display_name
               for m in await uow.members.active(draft.occurrence.meeting.group)}
    return [renderer(key, name=members.get(o.user_id, o.user_id), text=o.text).plain
            for o in await uow.minutes.objections(draft)]


async def draft_state(ctx: CommandContext, draft: MinutesVersion | None) -> MinutesState:
    if draft is None:
        return MinutesState(marking=ctx.renderer("minutes.draft.marking.early").plain)
    until = draft.objections_until.astimezone(ZoneInfo(draft.occurrence.meeting.timezone))
    return MinutesState(
        marking=ctx.renderer("minutes.draft.marking", until=until.date()).plain,
        head=await correction_head(ctx.uow, ctx.renderer, draft),
        objections_title=ctx.renderer("minutes.objections.title").plain,
        objections=tuple(await objection_lines(ctx.uow, ctx.renderer, draft,
                                               "minutes.objection.line")))


async def correction_head(uow: UnitOfWork, renderer: Renderer,
                          draft: MinutesVersion) -> tuple[tuple[str, str], ...]:
    """A correcting version names, in its head, the version it corrects and what it
    corrects."""
    if draft.corrects_id is None:
        return ()
    corrected = await uow.minutes.get(draft.corrects_id)
    assert corrected is not None and corrected.approved_at is not None
    decision = await uow.decisions.get(corrected.decision_id) \
        if corrected.decision_id else None
    zone = ZoneInfo(draft.occurrence.meeting.timezone)
    return (
        (renderer("minutes.form.version").plain,
         renderer("minutes.form.version.value", version=draft.version).plain),
        (renderer("minutes.form.corrects").plain,
         renderer("minutes.form.corrects.value", version=corrected.version,
                  day=corrected.approved_at.astimezone(zone).date(),
                  number=decision.number if decision else "–",
                  text=draft.correction or "").plain),
    )


def approval_text(renderer: Renderer, draft: MinutesVersion) -> str:
    """What the approval decides: „Die Niederschrift der Sitzung Nr. 3 vom … wird genehmigt.“"""
    occurrence = draft.occurrence
    key = "minutes.approval.decision.version" if draft.corrects_id else \
        "minutes.approval.decision"
    return renderer(key, number=occurrence.meeting.number, version=draft.version,
                    day=local_start(occurrence).date()).plain


async def approved_paper(papers: Paperwork, group: Group, draft: MinutesVersion,
                         number: str) -> dict[str, Any]:
    """The approved version (no „Entwurf“, „genehmigt am … (Beschluss `number`)“ in its
    head), made, signed and posted before its decision is logged, so that the decision's log
    entry can hold its digest; kept with the minutes. Returns that entry's `document`."""
    from domain.pdf import minutes_form_pdf

    occurrence = draft.occurrence
    zone = ZoneInfo(group.timezone)
    renderer = papers.renderer
    state = MinutesState(
        head=((renderer("minutes.form.approved").plain,
               renderer("minutes.form.approved.value", day=papers.now.astimezone(zone).date(),
                        number=number).plain),
              *await correction_head(papers.uow, renderer, draft)),
        objections_title=renderer("minutes.objections.heard").plain,
        objections=tuple(await objection_lines(papers.uow, renderer, draft,
                                               "minutes.objection.line")))
    form = await minutes_form_of(papers, group, occurrence, state)
    filename = version_filename(renderer, draft) + ".pdf"
    data = await papers.post_signed(
        group, filename, "application/pdf",
        await asyncio.to_thread(minutes_form_pdf, form, created_at=papers.now))
    draft.filename, draft.pdf = filename, data
    draft.sha256 = hashlib.sha256(data).hexdigest()
    document: dict[str, Any] = {
        "kind": "minutes", "meeting": occurrence.meeting.number,
        "date": local_start(occurrence).date().isoformat(), "version": draft.version,
        "filename": filename, "sha256": draft.sha256}
    if draft.corrects_id is not None:
        corrected = await papers.uow.minutes.get(draft.corrects_id)
        assert corrected is not None
        document["corrects"] = {"version": corrected.version, "sha256": corrected.sha256}
    return document


def version_filename(renderer: Renderer, minutes: MinutesVersion) -> str:
    """The stem a version's files are named by: `niederschrift-1-2026-11-25`, a correcting
    version with `_Fassung-2` after it."""
    stem = minutes_filename(renderer, minutes.occurrence).removesuffix(".md")
    if minutes.version == 1:
        return stem
    return stem + renderer("minutes.filename.version", version=minutes.version).plain


def settle_approval(draft: MinutesVersion, decision: Decision, number: str) -> None:
    """The minutes are approved by `decision`, numbered as their approved version says."""
    assert decision.number == number, "numbered as the approved version says"
    draft.approved_at, draft.decision_id = decision.decided_at, decision.id


def draft_day(draft: MinutesVersion) -> date:
    return draft.posted_at.astimezone(ZoneInfo(draft.occurrence.meeting.timezone)).date()


async def post_minutes_pdf(ctx: CommandContext, group: Group, filename: str,
                           form: MinutesForm) -> str:
    """The Niederschrift as the form a Geschäftsstelle files, signed (PAdES)."""
    # fpdf2 (and matplotlib's fonts) load when a PDF is made, not when the bot starts.
    from domain.pdf import minutes_form_pdf

    data = await asyncio.to_thread(minutes_form_pdf, form, created_at=ctx.now())
    filename = filename.removesuffix(".md") + ".pdf"
    await post_signed(ctx, group, filename, "application/pdf", data)
    return filename


async def with_minutes_status(ctx: CommandContext, occurrence: Occurrence,
                              reply: Reply) -> Reply:
    """Where the date's minutes stand, with the objections raised to the draft."""
    minutes = await ctx.uow.minutes.of(occurrence)
    if minutes is None:
        return reply
    zone = ZoneInfo(occurrence.meeting.timezone)
    if minutes.approved_at is not None:
        decision = await ctx.uow.decisions.get(minutes.decision_id) \
            if minutes.decision_id else None
        return reply.then("minutes.status.approved",
                          day=minutes.approved_at.astimezone(zone).date(),
                          decision=decision.number if decision else "–")
    lines = await objection_lines(ctx.uow, ctx.renderer, minutes, "minutes.status.objection")
    reply = reply.then("minutes.status.draft", posted=draft_day(minutes),
                       until=minutes.objections_until.astimezone(zone).date(),
                       count=len(lines))
    for line in lines:
        reply = reply.then("minutes.form.info", text=line)
    return reply
