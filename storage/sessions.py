"""Queries for meetings held in the room: sessions, presence, and what was recorded."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    AgendaEntry,
    Group,
    Meeting,
    MeetingSession,
    Occurrence,
    OutboxMessage,
    SessionPresence,
    SessionRecord,
)


class SessionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def start(self, occurrence: Occurrence, *, by: str, now: datetime,
                    start_txn_id: str) -> MeetingSession:
        held = MeetingSession(occurrence_id=occurrence.id, started_at=now, started_by=by,
                              start_txn_id=start_txn_id, quorate=False)
        self.session.add(held)
        await self.session.flush()
        return held

    async def running(self, group: Group) -> MeetingSession | None:
        """The group's session under way, if one is."""
        return await self.session.scalar(
            select(MeetingSession)
            .join(Occurrence, Occurrence.id == MeetingSession.occurrence_id)
            .join(Meeting, Meeting.id == Occurrence.meeting_id)
            .where(Meeting.group_id == group.id, MeetingSession.ended_at.is_(None)))

    async def of_occurrence(self, occurrence: Occurrence) -> MeetingSession | None:
        return await self.session.scalar(
            select(MeetingSession).where(MeetingSession.occurrence_id == occurrence.id))

    async def by_start_event(self, event_id: str) -> MeetingSession | None:
        """The session whose start message has this event id."""
        return await self.session.scalar(
            select(MeetingSession)
            .join(OutboxMessage, OutboxMessage.txn_id == MeetingSession.start_txn_id)
            .where(OutboxMessage.sent_event_id == event_id))

    # Presence

    async def arrive(self, held: MeetingSession, user_id: str, *, by: str,
                     now: datetime) -> bool:
        """Note that `user_id` is here; False if they were already."""
        if await self._open_stay(held, user_id) is not None:
            return False
        self.session.add(SessionPresence(session_id=held.id, user_id=user_id, arrived_at=now,
                                         recorded_by=by))
        await self.session.flush()
        return True

    async def leave(self, held: MeetingSession, user_id: str, now: datetime) -> bool:
        """Note that `user_id` has left; False if they were not here."""
        stay = await self._open_stay(held, user_id)
        if stay is None:
            return False
        stay.left_at = now
        await self.session.flush()
        return True

    async def _open_stay(self, held: MeetingSession, user_id: str) -> SessionPresence | None:
        return await self.session.scalar(
            select(SessionPresence).where(SessionPresence.session_id == held.id,
                                          SessionPresence.user_id == user_id,
                                          SessionPresence.left_at.is_(None)))

    async def present(self, held: MeetingSession) -> set[str]:
        query = select(SessionPresence.user_id).where(SessionPresence.session_id == held.id,
                                                      SessionPresence.left_at.is_(None))
        return set((await self.session.scalars(query)).all())

    async def stays(self, held: MeetingSession) -> Sequence[SessionPresence]:
        query = select(SessionPresence).where(SessionPresence.session_id == held.id)
        return (await self.session.scalars(
            query.order_by(SessionPresence.arrived_at, SessionPresence.id))).all()

    # The agenda while the session runs

    async def insert_after(self, occurrence: Occurrence, after: AgendaEntry | None, *,
                           text: str, label: str, by: str, now: datetime,
                           item_id: int | None = None, report_id: int | None = None
                           ) -> AgendaEntry:
        """An agenda entry right after `after` (at the top when None); later ones move on."""
        position = after.position + 1 if after is not None else 1
        await self.session.execute(
            update(AgendaEntry)
            .where(AgendaEntry.occurrence_id == occurrence.id, AgendaEntry.position >= position)
            .values(position=AgendaEntry.position + 1)
            .execution_options(synchronize_session="fetch"))
        entry = AgendaEntry(occurrence_id=occurrence.id, position=position, text=text,
                            item_id=item_id, source="report" if report_id else "session",
                            added_by=by, added_at=now, label=label, report_id=report_id)
        self.session.add(entry)
        await self.session.flush()
        return entry

    # What is recorded

    async def record(self, held: MeetingSession, kind: str, *, author: str, now: datetime,
                     text: str | None = None, item_id: int | None = None,
                     decision_id: int | None = None, poll_id: int | None = None,
                     report_id: int | None = None) -> SessionRecord:
        row = SessionRecord(session_id=held.id, entry_id=held.current_entry_id, kind=kind,
                            text=text, item_id=item_id, decision_id=decision_id,
                            poll_id=poll_id, report_id=report_id, author=author,
                            created_at=now)
        self.session.add(row)
        await self.session.flush()
        return row

    async def records(self, held: MeetingSession) -> Sequence[SessionRecord]:
        query = select(SessionRecord).where(SessionRecord.session_id == held.id,
                                            SessionRecord.undone_at.is_(None))
        return (await self.session.scalars(query.order_by(SessionRecord.id))).all()

    async def last_record(self, held: MeetingSession, kinds: Sequence[str]
                          ) -> SessionRecord | None:
        """The latest record under the current agenda entry that can be taken back."""
        return await self.session.scalar(
            select(SessionRecord)
            .where(SessionRecord.session_id == held.id,
                   SessionRecord.entry_id == held.current_entry_id,
                   SessionRecord.undone_at.is_(None), SessionRecord.kind.in_(kinds))
            .order_by(SessionRecord.id.desc()).limit(1))
