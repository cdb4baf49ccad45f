"""Reading what groups publish on the web into plain data (`domain.publication`), once per
change: the web server renders OParl objects and pages from it without further queries.

Privacy is decided here: only groups that publish are read; people are named only where the
group publishes names and never once removed or erased; video links only for members."""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from commands.decision_text import result_text
from commands.framework.context import CalendarSettings
from commands.session_minutes import SessionMinutes, minutes_filename
from domain.group import Publication
from domain.ical import CalendarEvent, render_calendar
from domain.publication import (
    MeetingState,
    PublishedAgendaItem,
    PublishedDecision,
    PublishedFile,
    PublishedGroup,
    PublishedMeeting,
    PublishedMembership,
    PublishedPerson,
    PublishedRecord,
    PublishedReport,
    public_key,
)
from i18n import Message, Renderer
from storage.models import (
    AgendaEntry,
    Decision,
    Group,
    InvitationLetter,
    Meeting,
    MeetingSession,
    Member,
    MinutesVersion,
    Occurrence,
    Report,
    SessionRecord,
)
from storage.people import is_pseudonym
from storage.unit_of_work import UnitOfWork


async def published_groups(uow: UnitOfWork) -> dict[int, Publication]:
    """Every group that publishes something, with how."""
    return {group.id: group.publish for group in await uow.published.groups()}


#: Reads a kept file by its kind ("letter": an Einladung, "minutes": approved minutes) and
#: id, from the web server's worker thread.
StoredBytes = Callable[[str, int], bytes]


async def published_record(uow: UnitOfWork, group_ids: Collection[int],
                           settings: CalendarSettings, prefix: str,
                           now: datetime, stored_bytes: StoredBytes | None = None,
                           ) -> PublishedRecord:
    """What the groups in `group_ids` publish (those that publish nothing are left out).
    A date's invitation is its Einladung as sent (read by `stored_bytes` when asked for), or
    its .ics where no Einladung was written; its minutes are the approved version where the
    group publishes names (it names the people), else the session's record without names."""
    groups: list[PublishedGroup] = []
    people: dict[str, PublishedPerson] = {}
    for group in await uow.published.groups():
        if group.id in group_ids:
            reader = _GroupReader(uow, group, settings, Renderer(group.language, group.timezone,
                                                                 prefix), now, stored_bytes)
            groups.append(await reader.read(people))
    return PublishedRecord(tuple(groups), people)


class _GroupReader:
    def __init__(self, uow: UnitOfWork, group: Group, settings: CalendarSettings,
                 renderer: Renderer, now: datetime,
                 stored_bytes: StoredBytes | None = None) -> None:
        self.uow = uow
        self.stored_bytes = stored_bytes
        self.letters: dict[int, InvitationLetter] = {}
        self.approved: dict[int, MinutesVersion] = {}
        self.group = group
        self.settings = settings
        self.renderer = renderer
        self.now = now
        self.zone = ZoneInfo(group.timezone)
        self.events: list[CalendarEvent] = []

    def text(self, key: str, **params: object) -> str:
        return self.renderer(key, **params).plain

    async def read(self, people: dict[str, PublishedPerson]) -> PublishedGroup:
        group = self.group
        members = list(await self.uow.members.everyone(group))
        memberships = tuple(self._membership(m, people) for m in members)
        decisions_by_id = {d.id: d for d in await self.uow.decisions.entries(group)}
        sessions = await self.uow.published.sessions(group)
        placed = self._placed(await self.uow.published.records(group), sessions,
                              decisions_by_id.values())
        reports = await self._reports(await self.uow.reports.of_group(group))
        meetings = await self._meetings(members, sessions, placed)
        decisions = self._decisions(list(decisions_by_id.values()), placed,
                                    {r.number: r.id for r in reports})
        moments = [group.created_at, *(m.modified for m in memberships),
                   *(m.modified for m in meetings), *(d.decided for d in decisions)]
        return PublishedGroup(
            id=group.id, name=group.name, kind=group.kind,
            kind_label=self.renderer.message(Message(f"enum.GroupKind.{group.kind.value}")).plain,
            language=group.language, timezone=group.timezone, publish=group.publish,
            names=group.publish_names, created=group.created_at, modified=max(moments),
            memberships=memberships, meetings=tuple(meetings), decisions=tuple(decisions),
            reports=tuple(reports),
            write_calendar=functools.partial(render_calendar, tuple(self.events),
                                             stamp=max(moments), name=group.name))

    def _membership(self, member: Member,
                    people: dict[str, PublishedPerson]) -> PublishedMembership:
        gone = member.removed_at is not None or is_pseudonym(member.user_id)
        person = None
        if self.group.publish_names and not gone:
            person = public_key("person", member.user_id)
            known = people.get(person)
            people[person] = PublishedPerson(
                person, member.display_name,
                min(member.added_at, known.created) if known else member.added_at,
                max(member.added_at, known.modified) if known else member.added_at)
        role = (self.text("web.role.deputy", org=member.organisation) if member.deputy_of
                else self.renderer.message(Message(f"enum.Role.{member.role.value}")).plain)
        return PublishedMembership(
            id=member.id, group_id=self.group.id, organisation=member.organisation, role=role,
            voting=member.votes, start=member.added_at.astimezone(self.zone).date(),
            end=member.removed_at.astimezone(self.zone).date() if member.removed_at else None,
            created=member.added_at, modified=member.removed_at or member.added_at,
            person=person)

    def _placed(self, records: Sequence[SessionRecord], sessions: dict[int, MeetingSession],
                decisions: Collection[Decision]) -> dict[int, tuple[int, int | None]]:
        """Decision id → (date id, agenda entry id) for decisions taken in a session."""
        occurrence_of = {held.id: occurrence_id for occurrence_id, held in sessions.items()}
        by_poll = {d.poll_id: d.id for d in decisions if d.poll_id is not None}
        placed: dict[int, tuple[int, int | None]] = {}
        for record in records:
            decision_id = record.decision_id
            if decision_id is None and record.poll_id is not None:
                decision_id = by_poll.get(record.poll_id)
            if decision_id is not None:
                placed[decision_id] = (occurrence_of[record.session_id], record.entry_id)
        return placed

    async def _meetings(self, members: list[Member], sessions: dict[int, MeetingSession],
                        placed: dict[int, tuple[int, int | None]]) -> list[PublishedMeeting]:
        by_id = {m.id: m for m in await self.uow.meetings.all_meetings(self.group)}
        dates = await self.uow.meetings.dates_by_meeting(self.group)
        occurrences = sorted((o for found in dates.values() for o in found),
                             key=lambda o: (o.starts_at, o.id))
        agendas = await self.uow.meetings.agendas([o.id for o in occurrences])
        if self.stored_bytes is not None:
            self.letters = await self.uow.letters.newest([o.id for o in occurrences])
            if self.group.publish_names:
                self.approved = await self.uow.minutes.approved([o.id for o in occurrences])
        present = await self.uow.published.present(self.group)
        organisation_of = {m.user_id: m.organisation for m in members}
        under: dict[int, list[int]] = {}
        for decision_id, (_, entry_id) in placed.items():
            if entry_id is not None:
                under.setdefault(entry_id, []).append(decision_id)
        meetings = []
        for occurrence in occurrences:
            meeting = by_id[occurrence.meeting_id]
            held = sessions.get(occurrence.id)
            agenda = tuple(self._agenda_item(entry, n, under)
                           for n, entry in enumerate(agendas.get(occurrence.id, []), start=1))
            counts: dict[str, int] = {}
            for user_id in present.get(occurrence.id, ()):
                organisation = organisation_of.get(user_id)
                if organisation is not None:
                    counts[organisation] = counts.get(organisation, 0) + 1
            meetings.append(await self._meeting(meeting, occurrence, held, agenda,
                                                tuple(sorted(counts.items()))))
        return meetings

    def _agenda_item(self, entry: AgendaEntry, order: int,
                     under: dict[int, list[int]]) -> PublishedAgendaItem:
        return PublishedAgendaItem(
            id=entry.id, meeting_id=entry.occurrence_id, label=entry.label or str(order),
            order=order, name=entry.text, created=entry.added_at, modified=entry.added_at,
            report_id=entry.report_id, decisions=tuple(sorted(under.get(entry.id, ()))))

    async def _meeting(self, meeting: Meeting, occurrence: Occurrence,
                       held: MeetingSession | None, agenda: tuple[PublishedAgendaItem, ...],
                       present: tuple[tuple[str, int], ...]) -> PublishedMeeting:
        start = occurrence.starts_at.astimezone(self.zone)
        end = start + timedelta(minutes=meeting.duration_minutes)
        state = self._state(meeting, occurrence, held, end)
        moments = [meeting.updated_at, occurrence.scheduled_at,
                   *(item.modified for item in agenda)]
        if held is not None:
            moments += [held.started_at, held.ended_at or held.started_at]
        modified = max(moments)
        created = min(meeting.created_at, occurrence.scheduled_at)
        online_url = meeting.online_url if self.group.publish is Publication.MEMBERS else None
        # The date's event: its own .ics (the invitation) and one of the group's calendar.
        event = self._event(meeting, occurrence,
                            "\n".join(self.text("session.agenda.line", label=item.label,
                                                 text=item.name) for item in agenda))
        self.events.append(event)
        letter = self.letters.get(occurrence.id)
        if letter is not None and self.stored_bytes is not None:
            invitation = PublishedFile(
                key=f"invitation-{occurrence.id}",
                name=self.text("web.file.invitation", title=meeting.title),
                filename=letter.filename, mimetype="application/pdf",
                # Read when first asked for, off the event loop.
                source=functools.partial(self.stored_bytes, "letter", letter.id),
                day=start.date(), created=created, modified=letter.created_at,
                meeting_id=occurrence.id)
        else:
            invitation = PublishedFile(
                key=f"invitation-{occurrence.id}",
                name=self.text("web.file.invitation", title=meeting.title),
                filename=f"{meeting.uid.split('@')[0]}-{start.date().isoformat()}.ics",
                mimetype="text/calendar",
                # Written when first asked for, off the event loop.
                source=functools.partial(render_calendar, (event,),
                                         stamp=max(meeting.updated_at, occurrence.scheduled_at)),
                day=start.date(), created=created, modified=modified, meeting_id=occurrence.id)
        return PublishedMeeting(
            id=occurrence.id, group_id=self.group.id, number=meeting.number,
            title=meeting.title, start=start, end=end, state=state,
            state_label=self.text(f"web.state.{state.value}"), created=created,
            modified=modified, location=meeting.location, online_url=online_url,
            online=meeting.online_url is not None, agenda=agenda, present=present,
            invitation=invitation,
            minutes=self._approved(occurrence, created) or (
                await self._minutes(held, occurrence, created) if held else None))

    def _approved(self, occurrence: Occurrence, created: datetime) -> PublishedFile | None:
        approved = self.approved.get(occurrence.id)
        if approved is None or self.stored_bytes is None or approved.approved_at is None:
            return None
        return PublishedFile(
            key=f"minutes-{occurrence.id}",
            name=self.text("web.file.minutes", title=occurrence.meeting.title),
            filename=approved.filename or f"minutes-{occurrence.id}.pdf",
            mimetype="application/pdf",
            source=functools.partial(self.stored_bytes, "minutes", approved.id),
            day=approved.approved_at.astimezone(self.zone).date(), created=created,
            modified=approved.approved_at, meeting_id=occurrence.id)

    def _state(self, meeting: Meeting, occurrence: Occurrence, held: MeetingSession | None,
               end: datetime) -> MeetingState:
        if meeting.cancelled or occurrence.cancelled:
            return MeetingState.CANCELLED
        if held is not None and held.ended_at is None:
            return MeetingState.RUNNING
        if held is not None or end <= self.now:
            return MeetingState.HELD
        return MeetingState.SCHEDULED

    def _event(self, meeting: Meeting, occurrence: Occurrence, description: str = "",
               ) -> CalendarEvent:
        start = occurrence.starts_at.astimezone(self.zone)
        online_url = meeting.online_url if self.group.publish is Publication.MEMBERS else None
        return CalendarEvent(
            uid=meeting.uid if meeting.repeat is None else f"{occurrence.id}-{meeting.uid}",
            sequence=meeting.sequence, start=start,
            end=start + timedelta(minutes=meeting.duration_minutes), summary=meeting.title,
            description=description, location=meeting.location or online_url, url=online_url,
            conference=online_url,
            conference_label=self.text("meeting.ics.conference"),
            cancelled=meeting.cancelled or occurrence.cancelled,
            organizer=self.settings.organizer, organizer_name=self.settings.organizer_name,
            created=meeting.created_at)

    async def _minutes(self, held: MeetingSession, occurrence: Occurrence,
                       created: datetime) -> PublishedFile:
        minutes = await SessionMinutes.gather(self.uow, self.group, held,
                                              names=self.group.publish_names)
        content = minutes.markdown(self.renderer).encode("utf-8")
        moment = held.ended_at or held.started_at
        return PublishedFile(
            key=f"minutes-{occurrence.id}",
            name=self.text("web.file.minutes", title=occurrence.meeting.title),
            filename=minutes_filename(self.renderer, occurrence),
            mimetype="text/markdown", source=content,
            day=moment.astimezone(self.zone).date(), created=held.started_at,
            modified=max(moment, created), meeting_id=occurrence.id)

    async def _reports(self, reports: Sequence[Report]) -> list[PublishedReport]:
        contents = await self.uow.published.report_contents(self.group)
        found = []
        for report in reports:
            file = None
            data = contents.get(report.id)
            if data is None and report.text is not None:
                data = report.text.encode("utf-8")
            if data is not None and report.removed_at is None:
                file = PublishedFile(
                    key=f"report-{report.id}", name=report.title,
                    filename=report.filename or f"{self.text('web.file.report')}-"
                                                f"{report.number}.txt",
                    mimetype=report.mimetype or "text/plain", source=data,
                    day=report.submitted_at.astimezone(self.zone).date(),
                    created=report.submitted_at, modified=report.submitted_at,
                    meeting_id=report.occurrence_id, paper=f"r{report.id}")
            found.append(PublishedReport(
                id=report.id, group_id=self.group.id, meeting_id=report.occurrence_id,
                number=report.number, annex=report.annex, title=report.title,
                organisation=report.organisation, submitted=report.submitted_at, file=file))
        return found

    def _decisions(self, entries: list[Decision], placed: dict[int, tuple[int, int | None]],
                   report_ids: dict[int, int]) -> list[PublishedDecision]:
        numbers = {d.id: d.number for d in entries}
        corrected_by: dict[int, list[str]] = {}
        for entry in entries:
            if entry.corrects_id is not None:
                corrected_by.setdefault(entry.corrects_id, []).append(entry.number)
        found = []
        for entry in entries:
            meeting_id, agenda_item_id = placed.get(entry.id, (None, None))
            found.append(PublishedDecision(
                id=entry.id, group_id=self.group.id, number=entry.number, text=entry.text,
                outcome=entry.outcome,
                outcome_label=self.text(f"web.outcome.{entry.outcome.value}"),
                result=result_text(self.renderer, entry).plain if entry.counting else "",
                decided=entry.decided_at, hash=entry.hash,
                corrects=numbers.get(entry.corrects_id) if entry.corrects_id else None,
                corrected_by=tuple(corrected_by.get(entry.id, ())),
                meeting_id=meeting_id, agenda_item_id=agenda_item_id,
                report_id=report_ids.get(entry.report["number"]) if entry.report else None))
        return found

