"""Reports (`!report`, `!bericht`): the group's Beteiligung — who takes part."""

from __future__ import annotations

import asyncio
import csv
import io
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from commands.framework import CommandContext, CommandSet, Reply
from commands.framework.effects import ImageMessage
from commands.signed_exports import post_signed
from domain.charts import StackedBars, stacked_bars
from domain.errors import UserError
from domain.group import GroupKind
from domain.participation import Answer, MeetingFacts, OrganisationParticipation, participation
from domain.roles import Access
from i18n import Message, Renderer
from storage.models import Group
from storage.unit_of_work import UnitOfWork

commands = CommandSet()

#: The table's columns; „by deputy“ (of „attended“) comes last, so that spreadsheets made
#: from the earlier files find every other column where it was.
COLUMNS = ("organisation", "invited", "attended", "declined", "unanswered", "absent",
           "by_deputy")


@commands.command("report participation", de="bericht beteiligung", access=Access.PARTICIPANT)
async def report_participation(
    ctx: CommandContext, start: date | None = None, end: date | None = None
) -> Reply:
    group = ctx.require_group()
    zone = ZoneInfo(group.timezone)
    today = ctx.now().astimezone(zone).date()
    start = start or date(today.year, 1, 1)
    end = end or today
    if start > end:
        raise UserError("report.range", start=start, end=end)
    groups = await _groups_in_report(ctx.uow, group)
    sections = []
    tables: list[tuple[Group, dict[str, OrganisationParticipation]]] = []
    for reported in groups:
        rows = await _participation(ctx.uow, reported, start, end, ctx.now())
        tables.append((reported, rows))
        sections.append(Message(
            "report.group", group=reported.name, kind=reported.kind,
            rows=[_row(org, row) for org, row in rows.items()] or [Message("report.empty")],
        ))
    renderer = ctx.renderer
    stem = f"{renderer('report.filename').plain}-{start.isoformat()}-{end.isoformat()}"
    await post_signed(ctx, group, f"{stem}.md", "text/markdown; charset=utf-8",
                      _markdown(renderer, tables, start, end))
    await post_signed(ctx, group, f"{stem}.csv", "text/csv; charset=utf-8",
                      _csv(renderer, tables))
    chart = _chart(renderer, tables[0][1], start, end)
    # Drawing takes a few tens of milliseconds: in a worker thread, the bot keeps answering.
    png = await asyncio.to_thread(stacked_bars, chart)
    await ctx.effects.post(group.room_id, ImageMessage(
        f"{stem}.png", png.data, png.width, png.height, _alt(renderer, chart)))
    return Reply.of("report.heading", start=start, end=end, sections=sections)


#: The chart's series, stacked: what happened to an organisation's invitations (its deputies'
#: attendance apart from its own).
SERIES = ("in_person", "by_deputy", "declined", "unanswered", "absent")


def _chart(renderer: Renderer, rows: dict[str, OrganisationParticipation], start: date,
           end: date) -> StackedBars:
    """The group's own organisations (a steering group's working groups are in the files)."""
    return StackedBars(
        title=renderer("report.chart.title").plain,
        subtitle=renderer("report.chart.period", start=start, end=end).plain,
        series=tuple(renderer(f"report.chart.series.{name}").plain for name in SERIES),
        rows=tuple((org, (row.attended - row.by_deputy, row.by_deputy, row.declined,
                          row.unanswered, row.absent))
                   for org, row in rows.items()),
        axis=renderer("report.chart.axis").plain,
    )


def _alt(renderer: Renderer, chart: StackedBars) -> str:
    """The chart in words, for screen readers and clients without images."""
    parts = [renderer("report.chart.alt.row", org=org, counts=", ".join(
        f"{name} {count}" for name, count in zip(chart.series, counts, strict=True))).plain
        for org, counts in chart.rows]
    return renderer("report.chart.alt", title=chart.title, period=chart.subtitle,
                    rows="; ".join(parts) or "–").plain


async def _groups_in_report(uow: UnitOfWork, group: Group) -> list[Group]:
    """A steering group sees its working and project groups too (when the bot serves them)."""
    if group.kind is not GroupKind.STEERING:
        return [group]
    others = [g for g in await uow.groups.all()
              if g.id != group.id and g.kind is not GroupKind.STEERING]
    return [group, *sorted(others, key=lambda g: g.name)]


async def _participation(
    uow: UnitOfWork, group: Group, start: date, end: date, now: datetime
) -> dict[str, OrganisationParticipation]:
    zone = ZoneInfo(group.timezone)
    begin = datetime.combine(start, time(0), zone)
    finish = min(datetime.combine(end + timedelta(days=1), time(0), zone), now)
    members = await uow.members.everyone(group)
    facts = []
    for occurrence in await uow.meetings.in_group(group, begin, finish):
        at = occurrence.starts_at
        then = [m for m in members
                if m.added_at <= at and (m.removed_at is None or m.removed_at > at)]
        answers = {user: Answer(a.value) for user, a in
                   (await uow.meetings.answers(occurrence)).items()}
        facts.append(MeetingFacts(
            invited={m.user_id: m.organisation for m in then},
            present=frozenset(await uow.meetings.present(occurrence)),
            answers=answers,
            deputies=frozenset(m.user_id for m in then if m.deputy_of_id is not None),
        ))
    return participation(facts)


def _row(org: str, row: OrganisationParticipation) -> Message:
    by_deputy = Message("report.by_deputy", count=row.by_deputy) if row.by_deputy else ""
    return Message("report.row", org=org, invited=row.invited, attended=row.attended,
                   by_deputy=by_deputy, declined=row.declined, unanswered=row.unanswered,
                   absent=row.absent)


def _markdown(renderer: Renderer,
              tables: list[tuple[Group, dict[str, OrganisationParticipation]]],
              start: date, end: date) -> bytes:
    header = [renderer(f"report.column.{c}").plain for c in COLUMNS]
    lines = [renderer("report.md.title", start=start, end=end).plain, ""]
    for group, rows in tables:
        lines += [f"## {group.name}", "", "| " + " | ".join(header) + " |",
                  "|" + "---|" * len(header)]
        for org, row in rows.items():
            cells = [org.replace("|", "/"), *_counts(row)]
            lines.append("| " + " | ".join(str(c) for c in cells) + " |")
        lines.append("")
    return "\n".join(lines).encode("utf-8")


def _csv(renderer: Renderer,
         tables: list[tuple[Group, dict[str, OrganisationParticipation]]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([renderer("report.column.group").plain,
                     *(renderer(f"report.column.{c}").plain for c in COLUMNS)])
    for group, rows in tables:
        for org, row in rows.items():
            writer.writerow([group.name, org, *_counts(row)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _counts(row: OrganisationParticipation) -> list[int]:
    """The row's figures in the order of `COLUMNS` (after the organisation)."""
    return [getattr(row, column) for column in COLUMNS[1:]]
