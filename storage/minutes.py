"""Queries for the Niederschriften on their way to approval, and the objections to them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import undefer

from storage.models import AgendaEntry, Group, MinutesObjection, MinutesVersion, Occurrence


class MinutesVersions:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def of(self, occurrence: Occurrence) -> MinutesVersion | None:
        """The newest version of a date's minutes."""
        return await self.session.scalar(
            select(MinutesVersion).where(MinutesVersion.occurrence_id == occurrence.id)
            .order_by(MinutesVersion.version.desc()).limit(1))

    async def of_meeting(self, meeting_id: int) -> MinutesVersion | None:
        """The newest minutes of any date of a meeting (a series has one per date)."""
        return await self.session.scalar(
            select(MinutesVersion).join(Occurrence)
            .where(Occurrence.meeting_id == meeting_id)
            .order_by(Occurrence.starts_at.desc(), MinutesVersion.version.desc()).limit(1))

    async def open_draft(self, group: Group, occurrence: Occurrence,
                         now: datetime) -> tuple[MinutesVersion, bool]:
        """The date's minutes, a draft posted now if there were none; whether it is new."""
        found = await self.of(occurrence)
        if found is not None:
            return found, False
        draft = MinutesVersion(
            group_id=group.id, occurrence_id=occurrence.id, version=1, posted_at=now,
            objections_until=now + timedelta(days=group.minutes_objection_days))
        self.session.add(draft)
        await self.session.flush()
        return draft, True

    async def drafts_without_agenda(self, group: Group) -> Sequence[MinutesVersion]:
        """Drafts whose approval is on no meeting's agenda yet, oldest first."""
        return (await self.session.scalars(
            select(MinutesVersion).where(
                MinutesVersion.group_id == group.id, MinutesVersion.approved_at.is_(None),
                MinutesVersion.agenda_entry_id.is_(None))
            .order_by(MinutesVersion.id))).all()

    async def approved(self, occurrence_ids: Sequence[int]) -> dict[int, MinutesVersion]:
        """Per date, its approved minutes (without the PDF's bytes: `with_pdf` reads them)."""
        if not occurrence_ids:
            return {}
        found = await self.session.scalars(
            select(MinutesVersion).where(MinutesVersion.occurrence_id.in_(occurrence_ids),
                                         MinutesVersion.approved_at.is_not(None))
            .order_by(MinutesVersion.version))
        return {minutes.occurrence_id: minutes for minutes in found}

    async def on_cancelled_dates(self, group: Group) -> Sequence[MinutesVersion]:
        """Drafts whose approval stands on the agenda of a date that was cancelled."""
        return (await self.session.scalars(
            select(MinutesVersion)
            .join(AgendaEntry, AgendaEntry.id == MinutesVersion.agenda_entry_id)
            .join(Occurrence, Occurrence.id == AgendaEntry.occurrence_id)
            .where(MinutesVersion.group_id == group.id, MinutesVersion.approved_at.is_(None),
                   Occurrence.cancelled.is_(True)))).all()

    async def get(self, minutes_id: int) -> MinutesVersion | None:
        return await self.session.get(MinutesVersion, minutes_id)

    async def by_poll(self, poll_id: int) -> MinutesVersion | None:
        return await self.session.scalar(
            select(MinutesVersion).where(MinutesVersion.poll_id == poll_id))

    async def correct(self, group: Group, approved: MinutesVersion, text: str,
                      now: datetime) -> MinutesVersion:
        """A new version correcting approved minutes: a draft again, until approved."""
        draft = MinutesVersion(
            group_id=group.id, occurrence_id=approved.occurrence_id,
            version=approved.version + 1, posted_at=now,
            objections_until=now + timedelta(days=group.minutes_objection_days),
            corrects_id=approved.id, correction=text)
        self.session.add(draft)
        await self.session.flush()
        return draft

    async def by_agenda_entry(self, entry_id: int) -> MinutesVersion | None:
        return await self.session.scalar(
            select(MinutesVersion).where(MinutesVersion.agenda_entry_id == entry_id))

    async def with_pdf(self, minutes_id: int) -> MinutesVersion | None:
        return await self.session.scalar(
            select(MinutesVersion).options(undefer(MinutesVersion.pdf))
            .where(MinutesVersion.id == minutes_id))

    async def object(self, minutes: MinutesVersion, user_id: str, text: str,
                     now: datetime) -> MinutesObjection:
        objection = MinutesObjection(minutes_id=minutes.id, user_id=user_id, text=text,
                                     created_at=now)
        self.session.add(objection)
        await self.session.flush()
        return objection

    async def objections(self, minutes: MinutesVersion) -> Sequence[MinutesObjection]:
        return (await self.session.scalars(
            select(MinutesObjection).where(MinutesObjection.minutes_id == minutes.id)
            .order_by(MinutesObjection.id))).all()
