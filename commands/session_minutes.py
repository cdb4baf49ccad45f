"""The Niederschrift of a session held in the room, written from what was recorded in it:
start and end, presence per organisation (deputies and who came late or left early), when the
meeting became quorate or stopped being so, and per agenda item the statements, decisions (with
their tally), polls and actions — in the wording of German minutes, as Markdown."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from commands.decision_text import result_text
from commands.meeting_flow import local_start, where
from commands.members import current_seats
from domain.escaping import markdown_text as md
from domain.meetings import RsvpAnswer
from domain.session import Span, stood_in
from i18n import Message, Renderer
from storage.models import (
    AgendaEntry,
    Decision,
    Group,
    Item,
    MeetingSession,
    Member,
    Occurrence,
    Poll,
    Report,
    SessionPresence,
    SessionRecord,
)
from storage.unit_of_work import UnitOfWork

#: Someone who came this long after the start, or left this long before the end, is noted so.
NOTED_AFTER = timedelta(minutes=5)


def md_agenda(renderer: Renderer, entry: AgendaEntry) -> str:
    """An agenda item's text for Markdown, with its annex when it is a report."""
    if entry.report is not None:
        return renderer("agenda.with_annex", text=md(entry.text),
                        annex=entry.report.annex).plain
    return md(entry.text)


def minutes_filename(renderer: Renderer, occurrence: Occurrence) -> str:
    day = local_start(occurrence).date()
    return (f"{renderer('minutes.filename').plain}-{occurrence.meeting.number}-"
            f"{day.isoformat()}.md")


@dataclass
class Recorded:
    record: SessionRecord
    item: Item | None = None
    decision: Decision | None = None
    poll: Poll | None = None
    poll_decision: Decision | None = None
    report: Report | None = None


class SessionMinutes:
    """What a session recorded, gathered from the database."""

    def __init__(self, group: Group, held: MeetingSession, members: Sequence[Member],
                 stays: Sequence[SessionPresence], answers: dict[str, RsvpAnswer],
                 agenda: Sequence[AgendaEntry], recorded: list[Recorded],
                 standing_in: dict[str, str], *, names: bool = True) -> None:
        self.group = group
        self.held = held
        self.members = members
        self.stays = stays
        self.answers = answers
        self.agenda = agenda
        self.recorded = recorded
        self.standing_in = standing_in
        #: Whether people are named; without, each is shown by organisation (the web, where a
        #: group publishes no names).
        self.names = names

    @classmethod
    async def gather(cls, uow: UnitOfWork, group: Group, held: MeetingSession, *,
                     names: bool = True) -> SessionMinutes:
        stays = await uow.sessions.stays(held)
        recorded = []
        for record in await uow.sessions.records(held):
            found = Recorded(record)
            if record.item_id is not None:
                found.item = await uow.items.get(record.item_id)
            if record.decision_id is not None:
                found.decision = await uow.decisions.get(record.decision_id)
            if record.report_id is not None:
                found.report = await uow.session.get(Report, record.report_id)
            if record.poll_id is not None:
                found.poll = await uow.polls.get(record.poll_id)
                found.poll_decision = await uow.decisions.by_poll(record.poll_id)
            recorded.append(found)
        # Who stood in for whom: a deputy who was there while the principal was not.
        end = held.ended_at or held.started_at
        spans: dict[str, list[Span]] = {}
        for stay in stays:
            spans.setdefault(stay.user_id, []).append((stay.arrived_at, stay.left_at or end))
        standing_in = {
            deputy: seat.principal
            for seat in await current_seats(uow, group) for deputy in seat.deputies
            if deputy in spans and stood_in(spans[deputy], spans.get(seat.principal, []))
        }
        return cls(group, held, list(await uow.members.active(group)), stays,
                   await uow.meetings.answers(held.occurrence),
                   list(await uow.meetings.agenda(held.occurrence)), recorded, standing_in,
                   names=names)

    def summary(self) -> Message:
        kinds = [r.record.kind for r in self.recorded]
        return Message("session.minutes.summary", present=len({s.user_id for s in self.stays}),
                       items=len(self.agenda), infos=kinds.count("info"),
                       decisions=kinds.count("agreed") + kinds.count("poll"),
                       actions=kinds.count("action"))

    def markdown(self, renderer: Renderer) -> str:
        meeting = self.held.occurrence.meeting
        end = self.held.ended_at or self.held.started_at
        lines = [
            renderer("minutes.title", title=md(meeting.title)).plain, "",
            renderer("session.minutes.meta", group=md(self.group.name), number=meeting.number,
                     day=local_start(self.held.occurrence).date(),
                     location=md(_plain_where(renderer, where(meeting)))).plain,
            renderer("session.minutes.times", start=self.time(self.held.started_at),
                     end=self.time(end)).plain,
        ]
        if meeting.scribe:
            lines.append(renderer("session.minutes.scribe",
                                  user=md(self.name(meeting.scribe))).plain)
        lines += ["", renderer("minutes.present").plain]
        lines += self._present(renderer) or [renderer("minutes.nobody").plain]
        lines += ["", renderer("minutes.absent").plain]
        lines += self._absent(renderer) or [renderer("minutes.nobody").plain]
        before = [r for r in self.recorded if r.record.entry_id is None]
        if before:
            lines += ["", renderer("session.minutes.before").plain]
            lines += [self._line(renderer, r) for r in before]
        for entry in self.agenda:
            lines += ["", renderer("session.minutes.top", label=entry.label or "?",
                                   text=md_agenda(renderer, entry)).plain]
            under = [r for r in self.recorded if r.record.entry_id == entry.id]
            lines += [self._line(renderer, r) for r in under] or [
                renderer("session.minutes.nothing").plain]
        lines += ["", renderer("session.minutes.closed", end=self.time(end)).plain]
        return "\n".join(lines) + "\n"

    def _line(self, renderer: Renderer, found: Recorded) -> str:
        record = found.record
        at = self.time(record.created_at)
        if record.kind == "info":
            return renderer("session.minutes.info", text=md(record.text or "")).plain
        if record.kind == "action" and found.item is not None:
            item = found.item
            owner = self.name(item.owner_user) if item.owner_user else item.owner_org
            return renderer("session.minutes.action", number=item.number, text=md(item.text),
                            owner=md(owner or "–"),
                            due=Message("item.due", due=item.due) if item.due
                            else Message("item.due.none")).plain
        if record.kind == "agreed" and found.decision is not None:
            return renderer("session.minutes.agreed", number=found.decision.number,
                            text=md(found.decision.text)).plain
        if record.kind == "poll" and found.poll is not None:
            poll = found.poll
            if found.poll_decision is not None:
                result = result_text(renderer, found.poll_decision).plain
                return renderer("session.minutes.poll", number=poll.number,
                                question=md(poll.question), result=result).plain
            return renderer("session.minutes.poll.open", number=poll.number,
                            question=md(poll.question)).plain
        if record.kind == "report" and found.report is not None:
            report = found.report
            return renderer("session.minutes.report", report=report.number, annex=report.annex,
                            title=md(report.title), org=md(report.organisation or "–")).plain
        if record.kind == "quorum" and record.text:
            quorate, present, seats = (int(part) for part in record.text.split(":"))
            key = "session.minutes.quorate" if quorate else "session.minutes.not_quorate"
            return renderer(key, at=at, present=present, seats=seats).plain
        return renderer("session.minutes.info", text=md(record.text or "")).plain

    def presence(self) -> dict[str, tuple[datetime | None, datetime | None]]:
        """Per person who came: when they came, if noticeably after the start, and when they
        left, if noticeably before the end (None: from the start, to the end)."""
        first: dict[str, datetime] = {}
        last: dict[str, datetime | None] = {}
        for stay in self.stays:
            first.setdefault(stay.user_id, stay.arrived_at)
            last[stay.user_id] = stay.left_at
        end = self.held.ended_at or self.held.started_at
        noted = {}
        for user, came in first.items():
            left = last[user]
            noted[user] = (came if came - self.held.started_at > NOTED_AFTER else None,
                           left if left is not None and end - left > NOTED_AFTER else None)
        return noted

    def _present(self, renderer: Renderer) -> list[str]:
        presence = self.presence()
        rows = []
        for member in sorted(self.members, key=lambda m: (m.organisation, self.name(m.user_id))):
            if member.user_id not in presence:
                continue
            if member.user_id in self.standing_in:
                note = Message("minutes.as_deputy",
                               principal=md(self.name(self.standing_in[member.user_id])))
            else:
                note = Message("minutes.role", role=member.role)
            parts = [self._person(renderer, member, note)]
            came, left = presence[member.user_id]
            if came is not None:
                parts.append(renderer("session.minutes.from", at=self.time(came)).plain)
            if left is not None:
                parts.append(renderer("session.minutes.until", at=self.time(left)).plain)
            rows.append(", ".join(parts))
        return rows

    def _absent(self, renderer: Renderer) -> list[str]:
        came = {stay.user_id for stay in self.stays}
        rows = []
        for member in sorted(self.members, key=lambda m: (m.organisation, self.name(m.user_id))):
            if member.user_id in came:
                continue
            excused = self.answers.get(member.user_id) is RsvpAnswer.NO
            rows.append(self._person(renderer, member, Message(
                "minutes.excused" if excused else "minutes.unexcused")))
        return rows

    def _person(self, renderer: Renderer, member: Member, note: Message) -> str:
        if not self.names:
            return renderer("minutes.seat", org=md(member.organisation), note=note).plain
        return renderer("minutes.person", org=md(member.organisation),
                        user=md(member.display_name), note=note).plain

    def name(self, user_id: str) -> str:
        member = next((m for m in self.members if m.user_id == user_id), None)
        if not self.names:
            return member.organisation if member is not None else "–"
        return member.display_name if member is not None else user_id

    def time(self, moment: datetime) -> str:
        return moment.astimezone(ZoneInfo(self.group.timezone)).strftime("%H:%M")


def _plain_where(renderer: Renderer, place: Message | str) -> str:
    return renderer.message(place).plain if isinstance(place, Message) else place
