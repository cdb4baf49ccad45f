"""The queries behind what groups publish on the web: a few per group, read once per change."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.group import Publication
from storage.models import (
    Group,
    Meeting,
    MeetingSession,
    Occurrence,
    Presence,
    Report,
    SessionPresence,
    SessionRecord,
)


class PublishedData:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def groups(self) -> Sequence[Group]:
        """The groups that publish anything, by id."""
        query = select(Group).where(Group.publish != Publication.NONE).order_by(Group.id)
        return (await self.session.scalars(query)).all()

    async def sessions(self, group: Group) -> dict[int, MeetingSession]:
        """The sessions held (or running) in the group's room, by their date's id."""
        query = (select(MeetingSession)
                 .join(Occurrence, Occurrence.id == MeetingSession.occurrence_id)
                 .join(Meeting, Meeting.id == Occurrence.meeting_id)
                 .where(Meeting.group_id == group.id))
        return {held.occurrence_id: held for held in (await self.session.scalars(query)).all()}

    async def records(self, group: Group) -> Sequence[SessionRecord]:
        """What the group's sessions recorded and did not undo, in order."""
        query = (select(SessionRecord)
                 .join(MeetingSession, MeetingSession.id == SessionRecord.session_id)
                 .join(Occurrence, Occurrence.id == MeetingSession.occurrence_id)
                 .join(Meeting, Meeting.id == Occurrence.meeting_id)
                 .where(Meeting.group_id == group.id, SessionRecord.undone_at.is_(None))
                 .order_by(SessionRecord.id))
        return (await self.session.scalars(query)).all()

    async def present(self, group: Group) -> dict[int, set[str]]:
        """Who was recorded present, by date: in a session held in the room, or afterwards
        with `!termin anwesenheit`."""
        found: dict[int, set[str]] = {}
        marked = (select(Presence.occurrence_id, Presence.user_id)
                  .join(Occurrence, Occurrence.id == Presence.occurrence_id)
                  .join(Meeting, Meeting.id == Occurrence.meeting_id)
                  .where(Meeting.group_id == group.id))
        stayed = (select(MeetingSession.occurrence_id, SessionPresence.user_id)
                  .join(MeetingSession, MeetingSession.id == SessionPresence.session_id)
                  .join(Occurrence, Occurrence.id == MeetingSession.occurrence_id)
                  .join(Meeting, Meeting.id == Occurrence.meeting_id)
                  .where(Meeting.group_id == group.id))
        for query in (marked, stayed):
            for occurrence_id, user_id in (await self.session.execute(query)).all():
                found.setdefault(occurrence_id, set()).add(user_id)
        return found

    async def report_contents(self, group: Group) -> dict[int, bytes]:
        """The files of the group's reports still kept, by report id."""
        query = select(Report.id, Report.content).where(
            Report.group_id == group.id, Report.content.is_not(None))
        return {row[0]: row[1] for row in (await self.session.execute(query)).all()
                if row[1] is not None}
