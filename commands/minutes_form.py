"""The Niederschrift as a form (`domain.minutes_form`), filled from what the bot recorded: from a
session held in the room (times, presence, what was said and decided under each TOP), or, for a
meeting held elsewhere, from the answers, the presence entered and the day's decisions."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from commands.decision_text import tally_text
from commands.meeting_flow import local_end, local_start
from commands.session_minutes import Recorded, SessionMinutes
from domain.group import MajorityRule
from domain.meetings import RsvpAnswer
from domain.minutes_form import AttendanceSection, DecisionBox, MinutesForm, TopSection
from domain.roles import Role
from i18n import Message, Renderer
from storage.models import AgendaEntry, Decision, Group, Meeting, Member, Occurrence

#: Roles whose attendance is listed apart from the voting members'.
OTHERS = (Role.ADVISOR, Role.GUEST)


@dataclass(frozen=True)
class MinutesState:
    """Where the minutes stand: a draft says so on every page and lists the objections; the
    approved version names its approval in the head block."""

    marking: str | None = None
    head: tuple[tuple[str, str], ...] = ()
    objections_title: str = ""
    objections: tuple[str, ...] = ()


def session_form(minutes: SessionMinutes, renderer: Renderer, now: datetime,
                 state: MinutesState | None = None) -> MinutesForm:
    held = minutes.held
    occurrence = held.occurrence
    end = held.ended_at or held.started_at
    presence = minutes.presence()
    represented = {principal: deputy for deputy, principal in minutes.standing_in.items()}

    def status(member: Member) -> str:
        if member.user_id in presence:
            came, left = presence[member.user_id]
            if member.user_id in minutes.standing_in:
                return renderer("minutes.form.deputy_for",
                                principal=minutes.name(minutes.standing_in[member.user_id])).plain
            if came and left:
                return renderer("minutes.form.present.between", start=minutes.time(came),
                                end=minutes.time(left)).plain
            if came or left:
                key = "minutes.form.present.from" if came else "minutes.form.present.until"
                moment = came or left
                assert moment is not None
                return renderer(key, at=minutes.time(moment)).plain
            return renderer("minutes.form.present").plain
        if member.user_id in represented:
            return renderer("minutes.form.represented",
                            deputy=minutes.name(represented[member.user_id])).plain
        return _absence(renderer, minutes.answers.get(member.user_id))

    tops = []
    before = [r for r in minutes.recorded if r.record.entry_id is None]
    if before:
        tops.append(TopSection(renderer("minutes.form.before").plain,
                               tuple(_entry(renderer, minutes, r) for r in before)))
    for entry in minutes.agenda:
        under = [r for r in minutes.recorded if r.record.entry_id == entry.id]
        tops.append(TopSection(
            renderer("minutes.form.top", label=entry.label or "?",
                     text=agenda_subject(renderer, entry)).plain,
            tuple(_entry(renderer, minutes, r) for r in under)
            or (renderer("minutes.form.nothing").plain,)))
    return _form(
        renderer, minutes.group, occurrence, now,
        start=renderer("minutes.form.time", time=minutes.time(held.started_at)).plain,
        end=renderer("minutes.form.time", time=minutes.time(end)).plain,
        scribe=minutes.name(occurrence.meeting.scribe) if occurrence.meeting.scribe else "–",
        members=minutes.members, status=status, agenda=minutes.agenda, tops=tops,
        closing=(renderer("minutes.form.closed", end=minutes.time(end)).plain,),
        name=lambda member: minutes.name(member.user_id), state=state)


def _entry(renderer: Renderer, minutes: SessionMinutes, found: Recorded) -> str | DecisionBox:
    record = found.record
    if record.kind == "action" and found.item is not None:
        item = found.item
        owner = minutes.name(item.owner_user) if item.owner_user else item.owner_org
        return renderer("minutes.form.action", number=item.number, text=item.text,
                        owner=owner or "–", due=Message("item.due", due=item.due) if item.due
                        else Message("item.due.none")).plain
    if record.kind == "agreed" and found.decision is not None:
        return decision_box(renderer, found.decision)
    if record.kind == "poll" and found.poll is not None:
        if found.poll_decision is not None:
            return decision_box(renderer, found.poll_decision)
        return renderer("minutes.form.poll.open", number=found.poll.number,
                        question=found.poll.question).plain
    if record.kind == "report" and found.report is not None:
        report = found.report
        return renderer("minutes.form.report", report=report.number, annex=report.annex,
                        title=report.title, org=report.organisation or "–").plain
    if record.kind == "quorum" and record.text:
        quorate, present, seats = (int(part) for part in record.text.split(":"))
        return renderer("minutes.form.quorate" if quorate else "minutes.form.not_quorate",
                        at=minutes.time(record.created_at), present=present, seats=seats).plain
    return renderer("minutes.form.info", text=record.text or "").plain


def decision_box(renderer: Renderer, decision: Decision) -> DecisionBox:
    """A decision as the form frames it: its number, its text, how it was taken."""
    tally = tally_text(renderer, decision)
    if tally is None:
        result = renderer("minutes.form.agreed").plain
    else:
        rule = (decision.counting or {}).get("rule")
        result = tally.plain
        if rule:
            result += " " + renderer("minutes.form.rule", rule=MajorityRule(rule)).plain
    return DecisionBox(renderer("minutes.form.decision", number=decision.number).plain,
                       decision.text, result)


def planned_form(renderer: Renderer, group: Group, occurrence: Occurrence,
                 members: Sequence[Member], present: set[str],
                 answers: dict[str, RsvpAnswer], agenda: Sequence[AgendaEntry],
                 decisions: Sequence[Decision], opened: Iterable[tuple[int, str]],
                 closed: Iterable[tuple[int, str]], now: datetime,
                 state: MinutesState | None = None) -> MinutesForm:
    """A meeting not held as a session in the room: presence as entered, the day's decisions
    and items (the bot cannot know under which TOP they fell)."""
    deputies = {m.user_id: m.deputy_of for m in members if m.deputy_of}
    stood_in = {deputies[user].user_id: user for user in present if user in deputies}

    def status(member: Member) -> str:
        if member.user_id in present:
            principal = deputies.get(member.user_id)
            if principal is not None and principal.user_id not in present:
                return renderer("minutes.form.deputy_for",
                                principal=principal.display_name).plain
            return renderer("minutes.form.present").plain
        deputy = stood_in.get(member.user_id)
        if deputy is not None:
            name = next((m.display_name for m in members if m.user_id == deputy), deputy)
            return renderer("minutes.form.represented", deputy=name).plain
        return _absence(renderer, answers.get(member.user_id))

    items = [renderer("minutes.form.item.opened", number=n, text=t).plain for n, t in opened]
    items += [renderer("minutes.form.item.closed", number=n, text=t).plain for n, t in closed]
    tops = [TopSection(renderer("minutes.form.decisions").plain,
                       tuple(decision_box(renderer, d) for d in decisions)
                       or (renderer("minutes.form.nothing").plain,)),
            TopSection(renderer("minutes.form.items").plain,
                       tuple(items) or (renderer("minutes.form.nothing").plain,))]
    return _form(
        renderer, group, occurrence, now,
        start=renderer("minutes.form.planned",
                       time=local_start(occurrence).strftime("%H:%M")).plain,
        end=renderer("minutes.form.planned", time=local_end(occurrence).strftime("%H:%M")).plain,
        scribe=_name_of(members, occurrence.meeting.scribe),
        members=members, status=status, agenda=agenda, tops=tops, closing=(),
        name=lambda member: member.display_name, state=state)


def _form(renderer: Renderer, group: Group, occurrence: Occurrence, now: datetime, *,
          start: str, end: str, scribe: str, members: Sequence[Member],
          status: Callable[[Member], str], agenda: Sequence[AgendaEntry],
          tops: Sequence[TopSection], closing: tuple[str, ...],
          name: Callable[[Member], str], state: MinutesState | None) -> MinutesForm:
    state = state or MinutesState()
    meeting = occurrence.meeting
    tops = list(tops)
    if state.objections:
        tops.append(TopSection(state.objections_title, state.objections))
    chairs = [m for m in members if m.role is Role.CHAIR]
    head = [
        (renderer("minutes.form.group").plain, group.name),
        (renderer("minutes.form.meeting").plain,
         renderer("minutes.form.meeting.value", number=meeting.number,
                  title=meeting.title).plain),
        (renderer("minutes.form.date").plain,
         renderer("minutes.form.date.value", day=local_start(occurrence).date()).plain),
        (renderer("minutes.form.start").plain, start),
        (renderer("minutes.form.end").plain, end),
    ]
    head += place_rows(renderer, meeting)
    head += [
        (renderer("minutes.form.chair").plain,
         ", ".join(name(m) for m in chairs) or "–"),
        (renderer("minutes.form.scribe").plain, scribe),
        *state.head,
    ]
    organisation, person, function, attendance = (
        renderer(f"minutes.form.column.{key}").plain
        for key in ("organisation", "name", "function", "attendance"))

    def rows(selected: Iterable[Member]) -> tuple[tuple[str, str, str, str], ...]:
        return tuple((m.organisation, name(m), renderer("minutes.role", role=m.role).plain,
                      status(m))
                     for m in sorted(selected, key=lambda m: (m.organisation.casefold(),
                                                              m.display_name.casefold())))

    voting = [m for m in members if m.role not in OTHERS]
    others = [m for m in members if m.role in OTHERS]
    sections = [AttendanceSection(renderer("minutes.form.voting").plain, rows(voting))]
    if others:
        sections.append(AttendanceSection(renderer("minutes.form.others").plain, rows(others)))
    return MinutesForm(
        running_head=renderer("minutes.form.running_head", group=group.name,
                              number=meeting.number).plain,
        page=renderer("decision.pdf.page").plain,
        created=renderer("decision.pdf.created", at=now).plain,
        title=renderer("minutes.form.title").plain,
        subtitle=renderer("minutes.form.subtitle", number=meeting.number, group=group.name,
                          title=meeting.title).plain,
        head=tuple(head),
        attendance_title=renderer("minutes.form.attendance").plain,
        attendance_columns=(organisation, person, function, attendance),
        attendance=tuple(sections),
        agenda_title=renderer("minutes.form.agenda").plain,
        agenda_columns=(renderer("minutes.form.column.top").plain,
                        renderer("minutes.form.column.subject").plain),
        agenda=tuple((entry.label or str(n), agenda_subject(renderer, entry))
                     for n, entry in enumerate(agenda, start=1)),
        tops=tuple(tops),
        signatures=(renderer("minutes.form.chair").plain,
                    renderer("minutes.form.scribe").plain),
        closing=closing,
        marking=state.marking,
    )


def place_rows(renderer: Renderer, meeting: Meeting) -> list[tuple[str, str]]:
    """Where the meeting is, as the head of a paper gives it: the place, the video link."""
    rows = []
    if meeting.location or not meeting.online_url:
        rows.append((renderer("minutes.form.place").plain, meeting.location or "–"))
    if meeting.online_url:
        rows.append((renderer("minutes.form.online").plain, meeting.online_url))
    return rows


def agenda_subject(renderer: Renderer, entry: AgendaEntry) -> str:
    if entry.report is not None:
        return renderer("minutes.form.with_annex", text=entry.text,
                        annex=entry.report.annex).plain
    return entry.text


def _absence(renderer: Renderer, answer: RsvpAnswer | None) -> str:
    return renderer("minutes.form.excused" if answer is RsvpAnswer.NO
                    else "minutes.form.unexcused").plain


def _name_of(members: Sequence[Member], user_id: str | None) -> str:
    if user_id is None:
        return "–"
    return next((m.display_name for m in members if m.user_id == user_id), user_id)
