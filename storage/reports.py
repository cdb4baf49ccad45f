"""Queries for coordinators' reports (Berichterstattung) on meetings' agendas."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Group, Occurrence, Report


class ReportRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, group: Group, occurrence: Occurrence, *, title: str, organisation: str,
                  by: str, now: datetime, text: str | None = None, filename: str | None = None,
                  mimetype: str | None = None, content: bytes | None = None) -> Report:
        """A report numbered in the group and as the next annex of the meeting date."""
        number = await self.session.scalar(
            select(func.coalesce(func.max(Report.number), 0) + 1)
            .where(Report.group_id == group.id))
        annex = await self.session.scalar(
            select(func.coalesce(func.max(Report.annex), 0) + 1)
            .where(Report.occurrence_id == occurrence.id))
        body = content if content is not None else (text or "").encode()
        report = Report(group_id=group.id, number=int(number or 1),
                        occurrence_id=occurrence.id, annex=int(annex or 1), title=title,
                        organisation=organisation, submitted_by=by, submitted_at=now,
                        text=text, filename=filename, mimetype=mimetype, content=content,
                        sha256=hashlib.sha256(body).hexdigest())
        self.session.add(report)
        await self.session.flush()
        return report

    async def by_number(self, group: Group, number: int) -> Report | None:
        return await self.session.scalar(
            select(Report).where(Report.group_id == group.id, Report.number == number))

    async def with_content(self, report: Report) -> bytes | None:
        """The file itself (not loaded with the report)."""
        return await self.session.scalar(select(Report.content).where(Report.id == report.id))

    async def of_group(self, group: Group) -> Sequence[Report]:
        query = select(Report).where(Report.group_id == group.id).order_by(Report.number)
        return (await self.session.scalars(query)).all()

    async def remove_expired(self, group: Group, now: datetime) -> int:
        """Remove the files and texts of the group's reports whose meeting lies more than its
        retention ago; how many. Number, title and digest stay (decisions cite them)."""
        if group.report_retention_days <= 0:
            return 0
        cutoff = now - timedelta(days=group.report_retention_days)
        expired = (await self.session.scalars(
            select(Report).join(Occurrence, Occurrence.id == Report.occurrence_id)
            .where(Report.group_id == group.id, Report.removed_at.is_(None),
                   Occurrence.starts_at < cutoff))).all()
        for report in expired:
            report.content = None
            report.text = None
            report.removed_at = now
        await self.session.flush()
        return len(expired)
