"""The decision log (`!decision`, `!beschluss`): list, show, record, export, verify."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from collections.abc import Sequence
from datetime import date
from typing import Annotated
from zoneinfo import ZoneInfo

from commands.agenda_reports import find_report
from commands.decision_text import result_text
from commands.framework import CommandContext, CommandSet, Reply, Text, UserId
from commands.items import check_due, check_owner, due_of, open_mandate, owner_of
from commands.signed_exports import post_signed
from domain.decision_log import ExportFormat, first_break, parse_number
from domain.errors import UserError
from domain.escaping import markdown_text as md
from domain.escaping import spreadsheet_cell
from domain.group import MajorityRule
from domain.items import followup_key, is_overdue
from domain.roles import Access
from domain.voting import Outcome
from i18n import Message, Renderer, UserRef
from storage.models import Decision, Group
from storage.unit_of_work import UnitOfWork

commands = CommandSet()

LIST_LIMIT = 20


@commands.command("decision list", de="beschluss liste", access=Access.PARTICIPANT)
async def decision_list(
    ctx: CommandContext, text: Annotated[str, Text()] | None = None
) -> Reply:
    group = ctx.require_group()
    total, shown = await ctx.uow.decisions.latest(group, LIST_LIMIT, containing=text)
    if not shown:
        return Reply.of("decision.list.none_matching" if text else "decision.list.none",
                        text=text)
    rows = [
        Message("decision.list.row", number=e.number, date=_local_date(group, e),
                outcome=e.outcome, text=e.text)
        for e in reversed(shown)
    ]
    reply = Reply.of("decision.list", count=total, rows=rows)
    if total > len(shown):
        reply = reply.then("decision.list.more", shown=len(shown))
    return reply


@commands.command("decision show", de="beschluss zeigen", access=Access.PARTICIPANT)
async def decision_show(ctx: CommandContext, number: str) -> Reply:
    group = ctx.require_group()
    entry = await _entry(ctx, group, number)
    names = await _names(ctx.uow, [entry])
    reply = Reply.of(
        "decision.show",
        number=entry.number,
        text=entry.text,
        decided=entry.decided_at,
        result=result_text(ctx.renderer, entry),
        recorded_by=_person(names, entry.recorded_by),
        hash=entry.hash[:16],
    )
    if entry.counting is not None:
        reply = reply.then("decision.show.poll", poll=entry.counting["poll"],
                           rule=_rule(entry), quorum=entry.counting["quorum_percent"])
    if entry.votes:
        reply = reply.then("decision.show.votes", votes=[
            Message("decision.show.vote", org=v["organisation"],
                    voter=_person(names, v["voter"]), answer=v["answer"],
                    deputy=Message("decision.show.vote.deputy", seat=_person(names, v["seat"]))
                    if v["voter"] != v["seat"] else "")
            for v in entry.votes
        ])
    for item in await ctx.uow.items.for_decision(entry.id):
        reply = reply.then("decision.show.mandate", item=item.number, owner=owner_of(item),
                           state=item.state)
    if entry.corrects_id is not None:
        corrected = await ctx.uow.session.get(Decision, entry.corrects_id)
        reply = reply.then("decision.show.corrects",
                           number=corrected.number if corrected else "?")
    if entry.report is not None:
        reply = reply.then("report.cited", report=entry.report["number"],
                           title=entry.report["title"], annex=entry.report["annex"])
    return reply


@commands.command("decision record", de="beschluss erfassen", access=Access.COORDINATOR)
async def decision_record(
    ctx: CommandContext,
    text: Annotated[str, Text()],
    *,
    corrects: str | None = None,
    assign: UserId | None = None,
    org: str | None = None,
    due: date | None = None,
    report: int | None = None,
) -> Reply:
    group = ctx.require_group()
    corrected = await _entry(ctx, group, corrects) if corrects else None
    cited = await find_report(ctx.uow, group, report) if report is not None else None
    await check_owner(ctx.uow, group, assign, org)
    check_due(ctx, due)
    entry = await ctx.uow.decisions.append(
        group,
        text=text,
        decided_at=ctx.now(),
        year=ctx.now().astimezone(ZoneInfo(group.timezone)).year,
        outcome=Outcome.ADOPTED,
        recorded_by=await ctx.uow.people.pseudonym(ctx.sender),
        corrects=corrected,
        report=cited.citation() if cited else None,
    )
    reply = Reply.of("decision.recorded", number=entry.number, text=entry.text)
    if cited is not None:
        reply = reply.then("report.cited", report=cited.number, title=cited.title,
                           annex=cited.annex)
    if corrected is not None:
        reply = reply.then("decision.recorded.corrects", number=corrected.number)
    if assign or org or due:
        item = await open_mandate(ctx.uow, group, entry, text, owner_user=assign, owner_org=org,
                                  due=due, by=ctx.sender, now=ctx.now())
        reply = reply.then("decision.mandate", item=item.number, owner=owner_of(item),
                           due=due_of(item))
    return reply


@commands.command("decision export", de="beschluss exportieren", access=Access.PARTICIPANT)
async def decision_export(ctx: CommandContext, format: ExportFormat,
                          year: int | None = None) -> Reply:
    group = ctx.require_group()
    chain = await ctx.uow.decisions.entries(group)
    entries = [entry for entry in chain if year is None or entry.year == year]
    if not entries:
        raise UserError("decision.export.none_in_year", year=year) if year else UserError(
            "decision.list.none")
    names = await _names(ctx.uow, entries)
    if format is ExportFormat.PDF:
        # The head of the whole chain, not of the year: it pins the printed year to the log.
        data, mimetype = await _pdf(ctx, group, entries, names, year, chain[-1].hash)
    else:
        exporters = {ExportFormat.MARKDOWN: _markdown, ExportFormat.CSV: _csv,
                     ExportFormat.JSON: _json}
        data, mimetype = exporters[format](ctx.renderer, group, entries, names)
    stamp = ctx.now().astimezone(ZoneInfo(group.timezone)).strftime("%Y-%m-%d")
    suffix = f"-{year}" if year else ""
    filename = (f"{ctx.renderer('decision.export.filename').plain}{suffix}-{stamp}."
                f"{format.value}")
    reply = Reply.of("decision.export.done", count=len(entries), filename=filename)
    await post_signed(ctx, group, filename, mimetype, data)
    if ctx.signer is not None:
        key = "export.signed.pdf" if format is ExportFormat.PDF else "export.signed.detached"
        reply = reply.then(key, filename=filename, fingerprint=ctx.signer.fingerprint)
    return reply



@commands.command("decision followup", de="beschluss kontrolle", access=Access.PARTICIPANT)
async def decision_followup(ctx: CommandContext) -> Reply:
    group = ctx.require_group()
    rows = await _followup(ctx, group)
    if not rows:
        return Reply.of("decision.followup.none")
    return Reply.of("decision.followup", count=len(rows), rows=rows)


async def _followup(ctx: CommandContext, group: Group) -> list[Message]:
    """The Beschlusskontrolle: each open mandate with its decision, overdue ones first."""
    today = ctx.now().astimezone(ZoneInfo(group.timezone)).date()
    mandates = sorted(await ctx.uow.items.open_mandates(group),
                      key=lambda pair: followup_key(pair[0].due, today, pair[1].number,
                                                    pair[0].number))
    return [Message("decision.followup.row.overdue" if is_overdue(item.due, today)
                    else "decision.followup.row", decision=decision.number,
                    number=item.number, text=item.text, owner=owner_of(item),
                    due=due_of(item))
            for item, decision in mandates]


@commands.command("decision verify", de="beschluss prüfen", access=Access.PARTICIPANT)
async def decision_verify(ctx: CommandContext) -> Reply:
    group = ctx.require_group()
    links = await ctx.uow.decisions.chain(group.id)
    broken = first_break(links)
    if broken is not None:
        return Reply.of(f"decision.verify.broken.{broken.reason}", number=broken.number)
    return Reply.of("decision.verify.ok", count=len(links))


async def _entry(ctx: CommandContext, group: Group, raw: str) -> Decision:
    year, sequence = parse_number(raw, ctx.now().astimezone(ZoneInfo(group.timezone)).year)
    entry = await ctx.uow.decisions.by_number(group, year, sequence)
    if entry is None:
        raise UserError("decision.unknown", number=raw)
    return entry


def _local_date(group: Group, entry: Decision) -> object:
    return entry.decided_at.astimezone(ZoneInfo(group.timezone)).date()


def _rule(entry: Decision) -> MajorityRule | None:
    return MajorityRule(entry.counting["rule"]) if entry.counting else None


def _result_plain(renderer: Renderer, entry: Decision) -> str:
    return result_text(renderer, entry).plain


async def _names(uow: UnitOfWork, entries: Sequence[Decision]) -> Names:
    pseudonyms = [e.recorded_by for e in entries]
    pseudonyms += [v[key] for e in entries for v in e.votes or [] for key in ("seat", "voter")]
    return await uow.people.resolve(pseudonyms)


def _person(names: Names, value: str) -> UserRef | Message | str:
    """A person named in the log: their Matrix id, or a note that their data was erased."""
    if value in names:
        user_id = names[value]
        return UserRef(user_id) if user_id else Message("person.erased", pseudonym=value)
    return UserRef(value) if value.startswith("@") else value


def _plain_person(renderer: Renderer, names: Names, value: str) -> str:
    return renderer.format_value(_person(names, value), for_html=False)


def _markdown(
    renderer: Renderer, group: Group, entries: Sequence[Decision], names: Names
) -> tuple[bytes, str]:
    parts = [renderer("decision.export.md.title", group=md(group.name)).plain, ""]
    for entry in entries:
        parts.append(renderer("decision.export.md.entry", number=entry.number,
                              date=_local_date(group, entry)).plain)
        parts += ["", md(entry.text), "", _result_plain(renderer, entry)]
        if entry.report is not None:
            parts.append(_cited(renderer, entry))
        for vote in entry.votes or []:
            voter = _plain_person(renderer, names, vote["voter"])
            parts.append(f"- {md(vote['organisation'])}: {voter} – {vote['answer']}")
        parts += ["", f"`sha256 {entry.hash}`", ""]
    return "\n".join(parts).encode("utf-8"), "text/markdown; charset=utf-8"


def _csv(
    renderer: Renderer, group: Group, entries: Sequence[Decision], names: Names
) -> tuple[bytes, str]:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")  # what German spreadsheet programs expect
    writer.writerow([renderer(f"decision.export.column.{c}").plain for c in CSV_COLUMNS])
    for entry in entries:
        counting = entry.counting or {}
        writer.writerow([
            entry.number,
            _local_date(group, entry),
            spreadsheet_cell(entry.text),
            renderer.format_value(entry.outcome, for_html=False),
            counting.get("yes", ""),
            counting.get("no", ""),
            counting.get("abstain", ""),
            counting.get("represented", ""),
            counting.get("seats", ""),
            _result_plain(renderer, entry),
            _cited(renderer, entry) if entry.report is not None else "",
            entry.hash,
        ])
    # A byte order mark lets Excel read the umlauts as UTF-8.
    return ("\ufeff" + out.getvalue()).encode("utf-8"), "text/csv; charset=utf-8"


Names = dict[str, str | None]


async def _pdf(ctx: CommandContext, group: Group, entries: Sequence[Decision], names: Names,
               year: int | None, head: str) -> tuple[bytes, str]:
    """The Beschlussbuch: every entry with its text, result, votes, corrections, citation and
    hash; each page names the group, the period and the chain's head."""
    # fpdf2 (and matplotlib's fonts) load when a PDF is made, not when the bot starts.
    from domain.pdf import BookEntry, BookHeader, decision_book

    renderer = ctx.renderer
    book = []
    for entry in entries:
        lines = [renderer("decision.pdf.vote", org=vote["organisation"],
                          voter=_plain_person(renderer, names, vote["voter"]),
                          answer=vote["answer"]).plain for vote in entry.votes or []]
        if entry.corrects_id is not None:
            corrected = await ctx.uow.decisions.get(entry.corrects_id)
            lines.append(renderer("decision.show.corrects",
                                  number=corrected.number if corrected else "?").plain)
        if entry.report is not None:
            lines.append(_cited(renderer, entry))
        book.append(BookEntry(
            number=entry.number,
            heading=renderer("decision.pdf.heading", number=entry.number,
                             date=_local_date(group, entry)).plain,
            text=entry.text, result=_result_plain(renderer, entry), hash=entry.hash,
            lines=tuple(lines)))
    header = BookHeader(
        title=renderer("decision.pdf.title", group=group.name).plain,
        period=renderer("decision.pdf.year", year=year).plain if year
        else renderer("decision.pdf.all").plain,
        head=renderer("decision.pdf.head", hash=head).plain,
        page=renderer("decision.pdf.page").plain,
        created=renderer("decision.pdf.created", at=ctx.now()).plain,
        hash_label="SHA-256")
    followup = [renderer.message(row).plain for row in await _followup(ctx, group)]
    appendix = (renderer("decision.pdf.followup").plain,
                tuple(followup) or (renderer("decision.pdf.followup.none").plain,))
    data = await asyncio.to_thread(decision_book, header, book, created_at=ctx.now(),
                                   manifest=export_manifest(group, entries), appendix=appendix)
    return data, "application/pdf"


def export_manifest(group: Group, entries: Sequence[Decision]) -> str:
    """What `kimbot verify-export` compares with the chain: the group and each entry's number
    and hash."""
    return json.dumps({"kimbot": "decisions", "group": group.id,
                       "entries": [[entry.number, entry.hash] for entry in entries]})


def _cited(renderer: Renderer, entry: Decision) -> str:
    assert entry.report is not None
    return renderer("report.cited", report=entry.report["number"], title=entry.report["title"],
                    annex=entry.report["annex"]).plain

CSV_COLUMNS = ("number", "date", "text", "outcome", "yes", "no", "abstain", "represented",
               "seats", "result", "report", "hash")


def _json(
    renderer: Renderer, group: Group, entries: Sequence[Decision], names: Names
) -> tuple[bytes, str]:
    document = {
        "group": group.name,
        "group_id": group.id,
        "entries": [
            {
                "number": entry.number,
                "text": entry.text,
                "decided_at": entry.decided_at.isoformat(),
                "outcome": entry.outcome.value,
                "counting": entry.counting,
                "report": entry.report,
                "votes": [
                    {**vote, "seat_user": names.get(vote["seat"], vote["seat"]),
                     "voter_user": names.get(vote["voter"], vote["voter"])}
                    for vote in entry.votes or []
                ] or None,
                "recorded_by": entry.recorded_by,
                "recorded_by_user": names.get(entry.recorded_by, entry.recorded_by),
                "previous_hash": entry.previous_hash,
                "hash": entry.hash,
            }
            for entry in entries
        ],
    }
    text = json.dumps(document, ensure_ascii=False, indent=2)
    return text.encode("utf-8"), "application/json"

