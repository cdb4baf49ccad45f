"""Queries for meetings, their occurrences, agenda, answers and attendance."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, String, bindparam, func, select, type_coerce, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import contains_eager, lazyload

from domain.meetings import RsvpAnswer
from storage.loading import attach
from storage.models import (
    AgendaEntry,
    DeputyRequest,
    Group,
    Meeting,
    MeetingMessage,
    Occurrence,
    OutboxMessage,
    Presence,
    RsvpRecord,
)
from storage.prepared import prepared

_ANSWERS = {answer.value: answer for answer in RsvpAnswer}


class MeetingRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, group: Group, **fields: Any) -> Meeting:
        number = await self.session.scalar(
            select(func.coalesce(func.max(Meeting.number), 0) + 1).where(
                Meeting.group_id == group.id
            )
        )
        meeting = Meeting(group=group, number=int(number or 1), **fields)
        self.session.add(meeting)
        await self.session.flush()
        return meeting

    async def add_occurrence(self, meeting: Meeting, original_start: datetime,
                             now: datetime) -> Occurrence:
        occurrence = Occurrence(
            meeting=meeting, original_start=original_start, starts_at=original_start,
            cancelled=False, changed=False, scheduled_at=now,
        )
        self.session.add(occurrence)
        await self.session.flush()
        return occurrence

    async def by_number(self, group: Group, number: int) -> Meeting | None:
        meeting = await self.session.scalar(_meeting_by_number(),
                                            {"group_id": group.id, "number": number})
        if meeting is not None:
            attach([meeting], "group", group)
        return meeting

    async def occurrences(self, meeting: Meeting) -> Sequence[Occurrence]:
        occurrences = (await self.session.scalars(_occurrences(),
                                                  {"meeting_id": meeting.id})).all()
        attach(occurrences, "meeting", meeting)
        return occurrences

    async def in_group(
        self, group: Group, start: datetime, end: datetime, *, cancelled: bool = False
    ) -> Sequence[Occurrence]:
        """Occurrences of the group's meetings starting in [start, end), by start."""
        occurrences = (await self.session.scalars(
            _in_group(cancelled), {"group_id": group.id, "start": start, "end": end})).all()
        attach((occurrence.meeting for occurrence in occurrences), "group", group)
        return occurrences

    async def starting_between(self, start: datetime, end: datetime) -> Sequence[Occurrence]:
        """Occurrences of every group's meetings (not cancelled) starting in [start, end), by
        start: one query for all groups, whose objects the caller holds already."""
        query = (select(Occurrence).join(Meeting, Meeting.id == Occurrence.meeting_id)
                 .options(contains_eager(Occurrence.meeting))
                 .where(Occurrence.starts_at >= start, Occurrence.starts_at < end,
                        Occurrence.cancelled.is_(False))
                 .order_by(Occurrence.starts_at))
        return (await self.session.scalars(query)).all()

    async def first_in_group(self, group: Group, start: datetime,
                             end: datetime) -> Occurrence | None:
        """The first date of the group's meetings (not cancelled) starting in [start, end)."""
        occurrence = await self.session.scalar(
            _in_group(False, first=True), {"group_id": group.id, "start": start, "end": end})
        if occurrence is not None:
            attach([occurrence.meeting], "group", group)
        return occurrence

    async def all_meetings(self, group: Group) -> Sequence[Meeting]:
        query = select(Meeting).where(Meeting.group_id == group.id).order_by(Meeting.number)
        return (await self.session.scalars(query)).all()

    async def some_meetings(self, group: Group, ids: Collection[int]) -> Sequence[Meeting]:
        """The group's meetings among `ids` (ids of meetings since deleted are left out)."""
        found: list[Meeting] = []
        wanted = sorted(ids)
        for start in range(0, len(wanted), 500):
            found += (await self.session.scalars(select(Meeting).where(
                Meeting.group_id == group.id, Meeting.id.in_(wanted[start:start + 500])))).all()
        return sorted(found, key=lambda meeting: meeting.number)

    async def last_changed(self, group: Group) -> datetime | None:
        """When one of the group's meetings last changed."""
        return await self.session.scalar(
            select(func.max(Meeting.updated_at)).where(Meeting.group_id == group.id))

    async def dates_by_meeting(
        self, group: Group, meeting_ids: Collection[int] | None = None
    ) -> dict[int, list[Occurrence]]:
        """Every date of the group's meetings (or of those in `meeting_ids`), per meeting, in
        series order: one query for a whole calendar."""
        query = select(Occurrence).join(Meeting, Meeting.id == Occurrence.meeting_id).where(
            Meeting.group_id == group.id)
        if meeting_ids is not None:
            query = query.where(Meeting.id.in_(meeting_ids))
        found: dict[int, list[Occurrence]] = {}
        for occurrence in (await self.session.scalars(
                query.order_by(Occurrence.meeting_id, Occurrence.original_start))).all():
            found.setdefault(occurrence.meeting_id, []).append(occurrence)
        return found

    async def answers_by_date(
        self, group: Group, meeting_ids: Collection[int] | None = None,
        people: Sequence[str] | None = None,
    ) -> dict[int, dict[str, RsvpAnswer]]:
        """Each person's current answer per date (their latest one not withdrawn), for the
        group's meetings or those in `meeting_ids`, of everyone or of `people`: one query, rows
        as plain tuples."""
        # The answer as its stored text, turned into the enum here: tens of thousands of rows
        # for a long-lived group's feed.
        query = (
            select(RsvpRecord.occurrence_id, RsvpRecord.user_id,
                   type_coerce(RsvpRecord.answer, String))
            .join(Occurrence, Occurrence.id == RsvpRecord.occurrence_id)
            .join(Meeting, Meeting.id == Occurrence.meeting_id)
            .where(RsvpRecord.withdrawn.is_(False))
        )
        query = query.where(Meeting.group_id == group.id)
        if meeting_ids is not None:
            query = query.where(Meeting.id.in_(meeting_ids))
        if people is not None:
            query = query.where(RsvpRecord.user_id.in_(people))
        found: dict[int, dict[str, RsvpAnswer]] = {}
        for occurrence_id, user_id, answer in (await self.session.execute(
                query.order_by(RsvpRecord.answered_at, RsvpRecord.id))).all():
            found.setdefault(occurrence_id, {})[user_id] = _ANSWERS[answer]
        return found

    async def agendas(self, occurrence_ids: Sequence[int]) -> dict[int, list[AgendaEntry]]:
        """The agenda entries of several dates at once, by date, in order."""
        found: dict[int, list[AgendaEntry]] = {}
        for start in range(0, len(occurrence_ids), 500):
            query = select(AgendaEntry).where(
                AgendaEntry.occurrence_id.in_(occurrence_ids[start:start + 500]))
            for entry in (await self.session.scalars(
                    query.order_by(AgendaEntry.occurrence_id, AgendaEntry.position))).all():
                found.setdefault(entry.occurrence_id, []).append(entry)
        return found

    async def series_to_extend(self, horizon: datetime) -> Sequence[Meeting]:
        query = select(Meeting).where(
            Meeting.repeat.is_not(None), Meeting.cancelled.is_(False),
            Meeting.materialized_until < horizon,
        )
        return (await self.session.scalars(query)).all()

    # Agenda

    async def agenda(self, occurrence: Occurrence) -> Sequence[AgendaEntry]:
        query = select(AgendaEntry).where(AgendaEntry.occurrence_id == occurrence.id)
        return (await self.session.scalars(query.order_by(AgendaEntry.position))).all()

    async def add_agenda(
        self, occurrence: Occurrence, text: str, *, source: str, by: str, now: datetime,
        item_id: int | None = None, report_id: int | None = None, first: bool = False,
    ) -> AgendaEntry:
        """A new entry at the end — or `first`, before the others, where their numbers are
        not fixed yet (a session fixes them when it begins)."""
        position = await self.session.scalar(
            select(func.coalesce(func.max(AgendaEntry.position), 0) + 1).where(
                AgendaEntry.occurrence_id == occurrence.id
            )
        )
        if first and not await self.session.scalar(
                select(func.count()).select_from(AgendaEntry).where(
                    AgendaEntry.occurrence_id == occurrence.id,
                    AgendaEntry.label.is_not(None))):
            await self.session.execute(
                update(AgendaEntry).where(AgendaEntry.occurrence_id == occurrence.id)
                .values(position=AgendaEntry.position + 1))
            position = 1
        entry = AgendaEntry(
            occurrence_id=occurrence.id, position=int(position or 1), text=text,
            item_id=item_id, source=source, added_by=by, added_at=now, report_id=report_id,
        )
        self.session.add(entry)
        await self.session.flush()
        return entry

    # Announcements and answers

    async def remember_message(self, txn_id: str, occurrence: Occurrence) -> None:
        self.session.add(MeetingMessage(txn_id=txn_id, occurrence_id=occurrence.id))
        await self.session.flush()

    async def by_message_event(self, event_id: str) -> Occurrence | None:
        """The occurrence an announcement (by its sent event id) is about."""
        return await self.session.scalar(
            select(Occurrence)
            .join(MeetingMessage, MeetingMessage.occurrence_id == Occurrence.id)
            .join(OutboxMessage, OutboxMessage.txn_id == MeetingMessage.txn_id)
            .where(OutboxMessage.sent_event_id == event_id)
        )

    async def add_answer(
        self, occurrence: Occurrence, user_id: str, answer: RsvpAnswer, event_id: str,
        at: datetime, *, via: str = "matrix", comment: str | None = None,
    ) -> None:
        existing = await self.session.scalar(
            select(RsvpRecord.id).where(RsvpRecord.event_id == event_id)
        )
        if existing is None:
            self.session.add(RsvpRecord(
                occurrence_id=occurrence.id, user_id=user_id, answer=answer, event_id=event_id,
                answered_at=at, withdrawn=False, via=via, comment=comment,
            ))
            await self.session.flush()

    async def by_uid(self, uid: str) -> Meeting | None:
        return await self.session.scalar(select(Meeting).where(Meeting.uid == uid))

    async def latest_answer(self, occurrence: Occurrence, user_id: str) -> RsvpRecord | None:
        """The person's answer that counts now (their latest one not withdrawn)."""
        query = (
            select(RsvpRecord)
            .where(RsvpRecord.occurrence_id == occurrence.id, RsvpRecord.user_id == user_id,
                   RsvpRecord.withdrawn.is_(False))
            .order_by(RsvpRecord.answered_at.desc(), RsvpRecord.id.desc()).limit(1)
        )
        return await self.session.scalar(query)

    async def current_answers(self, occurrence: Occurrence) -> dict[str, RsvpRecord]:
        """Each person's answer that counts (their latest one not withdrawn), with what they
        wrote with it (calendar replies' COMMENT)."""
        records = await self.session.scalars(_current_answers(),
                                             {"occurrence_id": occurrence.id})
        return {r.user_id: r for r in records.all()}

    async def withdraw_answer(self, event_id: str, user_id: str) -> Occurrence | None:
        """Withdraw the answer a (now redacted) reaction gave; its occurrence, if any."""
        record = await self.session.scalar(
            select(RsvpRecord).where(RsvpRecord.event_id == event_id,
                                     RsvpRecord.user_id == user_id)
        )
        if record is None or record.withdrawn:
            return None
        record.withdrawn = True
        await self.session.flush()
        return await self.session.get(Occurrence, record.occurrence_id)

    async def answers(
        self, occurrence: Occurrence, people: Sequence[str] | None = None
    ) -> dict[str, RsvpAnswer]:
        """Each person's current answer (their latest one not withdrawn); only of `people`,
        if given."""
        if people is None:
            current = await self.current_answers(occurrence)
            return {user: record.answer for user, record in current.items()}
        records = await self.session.scalars(
            _current_answers().where(RsvpRecord.user_id.in_(people)),
            {"occurrence_id": occurrence.id})
        return {r.user_id: r.answer for r in records.all()}

    async def ask_deputy_once(self, occurrence: Occurrence, user_id: str) -> bool:
        if await self.session.get(DeputyRequest, (occurrence.id, user_id)) is not None:
            return False
        self.session.add(DeputyRequest(occurrence_id=occurrence.id, user_id=user_id))
        await self.session.flush()
        return True

    async def record_presence(
        self, occurrence: Occurrence, user_id: str, by: str, now: datetime
    ) -> None:
        if await self.session.get(Presence, (occurrence.id, user_id)) is None:
            self.session.add(Presence(occurrence_id=occurrence.id, user_id=user_id,
                                      recorded_by=by, recorded_at=now))
            await self.session.flush()

    async def present(self, occurrence: Occurrence) -> set[str]:
        query = select(Presence.user_id).where(Presence.occurrence_id == occurrence.id)
        return set((await self.session.scalars(query)).all())


@prepared
def _meeting_by_number() -> Select[Meeting]:
    return (select(Meeting).options(lazyload(Meeting.group))
            .where(Meeting.group_id == bindparam("group_id"),
                   Meeting.number == bindparam("number")))


@prepared
def _occurrences() -> Select[Occurrence]:
    return (select(Occurrence).options(lazyload(Occurrence.meeting))
            .where(Occurrence.meeting_id == bindparam("meeting_id"))
            .order_by(Occurrence.original_start))


@prepared
def _current_answers() -> Select[RsvpRecord]:
    """Answers of one date not withdrawn, oldest first (the last of a person's counts)."""
    return (select(RsvpRecord)
            .where(RsvpRecord.occurrence_id == bindparam("occurrence_id"),
                   RsvpRecord.withdrawn.is_(False))
            .order_by(RsvpRecord.answered_at, RsvpRecord.id))


@prepared
def _in_group(cancelled: bool, first: bool = False) -> Select[Occurrence]:
    # The meeting from the join the filter needs anyway; its group is the caller's.
    query = (select(Occurrence).join(Meeting, Meeting.id == Occurrence.meeting_id)
             .options(contains_eager(Occurrence.meeting).lazyload(Meeting.group))
             .where(Meeting.group_id == bindparam("group_id"),
                    Occurrence.starts_at >= bindparam("start"),
                    Occurrence.starts_at < bindparam("end")))
    if not cancelled:
        query = query.where(Occurrence.cancelled.is_(False))
    query = query.order_by(Occurrence.starts_at)
    return query.limit(1) if first else query
