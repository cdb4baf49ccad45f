"""The roster as a file (`!member import`, `!member export`): the group's members from a
spreadsheet (CSV) or address book (vCard), and back.

An import is two steps: `!mitglied importieren` in reply to the file reads it and shows what
would change — added, changed, unchanged, and every line that is wrong, with its number and why
— and changes nothing; `!mitglied importieren bestätigen` applies what was previewed, in one
transaction. Members missing from the file stay (removing is `!mitglied entfernen`).
"""

from __future__ import annotations

from dataclasses import asdict

from commands.framework import CommandContext, CommandSet, Reply
from commands.members import current_member_facts, seat_holders, seats_changed
from commands.signed_exports import post_signed
from domain.errors import UserError
from domain.names import clean_name
from domain.roles import Access, Role
from domain.roster import (
    CurrentMember,
    ImportPlan,
    ImportStep,
    ParsedRoster,
    RosterFileError,
    RosterFormat,
    RosterLine,
    parse_roster,
    plan_import,
    roster_csv,
    roster_vcards,
)
from domain.seats import next_deputy_rank
from i18n import Message, UserRef
from storage.models import Group, Member, RosterImport

commands = CommandSet()

#: Lines of a preview listed one by one; beyond, how many more.
SHOWN = 30


@commands.command("member import", de="mitglied importieren", access=Access.COORDINATOR)
async def member_import(ctx: CommandContext, step: ImportStep | None = None) -> Reply:
    group = ctx.require_group()
    if step is ImportStep.CONFIRM:
        return await _confirm(ctx, group)
    attachment = await ctx.room.replied_file()
    if attachment is None:
        raise UserError("roster.needs_file")
    try:
        parsed = parse_roster(attachment.data, attachment.filename)
    except RosterFileError as error:
        raise UserError(error.key, value=error.value, filename=attachment.filename) from None
    plan = plan_import(parsed, await current_member_facts(ctx.uow, group))
    pending = await ctx.uow.session.get(RosterImport, group.id)
    if pending is not None:
        await ctx.uow.session.delete(pending)
        await ctx.uow.session.flush()
    if not plan.errors and (plan.added or plan.changed):
        ctx.uow.session.add(RosterImport(
            group_id=group.id, filename=attachment.filename, read_by=ctx.sender,
            read_at=ctx.now(),
            lines=[{**asdict(line), "role": line.role.value}
                   for line in [*plan.added, *(line for line, _ in plan.changed)]]))
    return Reply.of("roster.preview", filename=attachment.filename, **_preview(plan))


def _preview(plan: ImportPlan) -> dict[str, object]:
    added = [Message("roster.preview.added", line=line.line, user=line.user_id,
                     org=line.organisation, role=line.role) for line in plan.added]
    changed = [Message("roster.preview.changed", line=line.line, user=line.user_id,
                       fields=[Message(f"roster.field.{name}") for name in fields])
               for line, fields in plan.changed]
    errors = [Message(error.key, line=error.line, value=error.value) for error in plan.errors]
    rows = [*errors, *added, *changed]
    more = len(rows) - SHOWN
    if more > 0:
        rows = [*rows[:SHOWN], Message("roster.preview.more", n=more)]
    if plan.errors:
        verdict = Message("roster.preview.fix", n=len(plan.errors))
    elif plan.added or plan.changed:
        verdict = Message("roster.preview.confirm")
    else:
        verdict = Message("roster.preview.nothing")
    return {"added": len(plan.added), "changed": len(plan.changed),
            "unchanged": len(plan.unchanged), "errors": len(plan.errors),
            "rows": rows or [Message("roster.preview.none")], "verdict": verdict}


async def _confirm(ctx: CommandContext, group: Group) -> Reply:
    pending = await ctx.uow.session.get(RosterImport, group.id)
    if pending is None:
        raise UserError("roster.nothing_pending")
    lines = [RosterLine(**{**raw, "role": Role(raw["role"])}) for raw in pending.lines]
    # Read against the roster as it is now: someone may have changed it since the preview.
    plan = plan_import_lines(lines, await current_member_facts(ctx.uow, group))
    if plan.errors:
        raise UserError("roster.changed_since", filename=pending.filename)
    members = {m.user_id: m for m in await ctx.uow.members.active(group)}
    # Principals before their deputies, so every deputy finds the seat it stands in for.
    ordered = sorted([*plan.added, *(line for line, _ in plan.changed)],
                     key=lambda line: (line.deputy_of is not None, line.line))
    for line in ordered:
        principal = members.get(line.deputy_of) if line.deputy_of else None
        member = members.get(line.user_id)
        if member is None:
            members[line.user_id] = await _add(ctx, group, line, principal)
        else:
            await _update(ctx, group, member, line, principal)
    await ctx.uow.session.delete(pending)
    await seats_changed(ctx, group)
    return Reply.of("roster.applied", added=len(plan.added), changed=len(plan.changed),
                    filename=pending.filename)


def plan_import_lines(lines: list[RosterLine], current: list[CurrentMember]) -> ImportPlan:
    return plan_import(ParsedRoster(lines=lines), current)


async def _add(ctx: CommandContext, group: Group, line: RosterLine,
               principal: Member | None) -> Member:
    active = await ctx.uow.members.active(group)
    rank = next_deputy_rank(principal.user_id, seat_holders(active)) if principal else 0
    return await ctx.uow.members.add(
        group, line.user_id, organisation=line.organisation, role=line.role, voting=None,
        email=line.email, deputy_of=principal, deputy_rank=rank, added_by=ctx.sender,
        now=ctx.now(), name=clean_name(line.name), matrix_name=None)


async def _update(ctx: CommandContext, group: Group, member: Member, line: RosterLine,
                  principal: Member | None) -> None:
    changes: dict[str, object] = {"organisation": line.organisation, "role": line.role,
                                  "email": line.email}
    if line.name is not None:
        changes["name"] = clean_name(line.name)
    current = member.deputy_of.user_id if member.deputy_of else None
    if current != line.deputy_of:
        active = await ctx.uow.members.active(group)
        changes["deputy_of"] = principal
        changes["deputy_rank"] = next_deputy_rank(principal.user_id, seat_holders(active)) \
            if principal else 0
    await ctx.uow.members.update(member, changes)


@commands.command("member export", de="mitglied exportieren", access=Access.COORDINATOR)
async def member_export(ctx: CommandContext, format: RosterFormat) -> Reply:
    group = ctx.require_group()
    members = await current_member_facts(ctx.uow, group)
    if format is RosterFormat.CSV:
        names = {role: ctx.renderer(f"enum.Role.{role.value}").plain for role in Role}
        data, mimetype = roster_csv(members, names), "text/csv; charset=utf-8"
    else:
        data, mimetype = roster_vcards(members), "text/vcard; charset=utf-8"
    filename = f"{ctx.renderer('roster.filename').plain}.{format.value}"
    await post_signed(ctx, group, filename, mimetype, data)
    return Reply.of("roster.exported", n=len(members), filename=filename,
                    user=UserRef(ctx.sender))
