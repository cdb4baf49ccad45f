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

    async def remove_expired_everywhere(self, now: datetime) -> dict[int, int]:
        """Remove the files and texts of the reports whose meeting lies more than their
        group's retention ago, for every group in one query; how many, per group (groups
        without any left out). Number, title and digest stay (decisions cite them)."""
        retention = dict((await self.session.execute(
            select(Group.id, Group.report_retention_days)
            .where(Group.report_retention_days > 0))).tuples().all())
        if not retention:
            return {}
        # Only what lies beyond the shortest retention can have expired anywhere.
        cutoff = now - timedelta(days=min(retention.values()))
        rows = (await self.session.execute(
            select(Report, Occurrence.starts_at)
            .join(Occurrence, Occurrence.id == Report.occurrence_id)
            .where(Report.removed_at.is_(None), Report.group_id.in_(retention),
                   Occurrence.starts_at < cutoff))).tuples().all()
        removed: dict[int, int] = {}
        for report, starts_at in rows:
            if starts_at < now - timedelta(days=retention[report.group_id]):
                self._remove(report, now)
                removed[report.group_id] = removed.get(report.group_id, 0) + 1
        await self.session.flush()
        return removed

    @staticmethod
    def _remove(report: Report, now: datetime) -> None:
        """The file and text go; number, title and digest stay (decisions cite them)."""
        report.content = None
        report.text = None
        report.removed_at = now
