"""Setting a room up as a group, and the group's settings (`!setup`, `!group`)."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from commands.framework import CommandContext, CommandSet, Percent, Reply, Text, TimeZoneName
from commands.framework.converters import Length, ParseContext, convert_duration
from commands.poll_status import nudge_lead
from domain.errors import UserError
from domain.group import GroupKind, Language, MajorityRule, Publication
from domain.reminders import format_offsets, parse_offsets
from domain.roles import Access, Role
from i18n import Message, UserRef

#: Power level a user needs in the room to turn it into a group (moderator).
SETUP_POWER_LEVEL = 50

commands = CommandSet()

#: Reminders are planned at most this far ahead of a meeting.
MAX_REMINDER = timedelta(days=30)


@commands.command("setup", de="einrichten", access=Access.EVERYONE, needs_group=False)
async def setup(
    ctx: CommandContext,
    name: Annotated[str, Text(), Length(200)],
    *,
    kind: GroupKind = GroupKind.STEERING,
    org: str | None = None,
) -> Reply:
    if ctx.group is not None:
        raise UserError("setup.already", name=ctx.group.name)
    level = await ctx.room.power_level(ctx.sender)
    if level < SETUP_POWER_LEVEL:
        raise UserError("setup.power_level", level=level, needed=SETUP_POWER_LEVEL)
    group = await ctx.uow.groups.create(
        ctx.room_id, name, kind, created_by=ctx.sender, now=ctx.now(), defaults=ctx.defaults
    )
    ctx.group = group
    organisation = org or _default_organisation(ctx.defaults.language)
    await ctx.uow.members.add(
        group,
        ctx.sender,
        organisation=organisation,
        role=Role.COORDINATOR,
        voting=None,
        email=None,
        deputy_of=None,
        deputy_rank=0,
        added_by=ctx.sender,
        now=ctx.now(),
    )
    return Reply.of("setup.done", name=name, kind=kind, user=UserRef(ctx.sender))


def _default_organisation(language: Language) -> str:
    return "Kommunales Integrationszentrum" if language is Language.DE else "Integration centre"


@commands.command("group", de="gruppe", access=Access.PARTICIPANT)
async def group_show(ctx: CommandContext) -> Reply:
    group = ctx.require_group()
    reply = Reply.of(
        "group.show",
        name=group.name,
        kind=group.kind,
        language=group.language,
        timezone=group.timezone,
        quorum=group.quorum_percent,
        rule=group.majority_rule,
        notice=group.notice_days,
        circular_rule=group.circular_rule,
        circular_days=group.circular_days,
        feed_attendees=group.feed_attendees,
        reminders=group.reminders,
        announce_mail_replies=group.announce_mail_replies,
        live_tally=group.live_tally,
        objection_days=group.minutes_objection_days,
        report_retention=Message("group.report_retention.days", n=group.report_retention_days)
        if group.report_retention_days else Message("group.report_retention.forever"),
        poll_nudge=Message("group.poll_nudge.before", lead=nudge_lead(group))
        if group.poll_nudge else Message("group.poll_nudge.off"),
        publish=group.publish,
        publish_names=group.publish_names,
        created=group.created_at,
    )
    if ctx.signer is not None:
        reply = reply.then("group.show.signing", fingerprint=ctx.signer.fingerprint)
    return reply


@commands.command("group set", de="gruppe ändern", access=Access.COORDINATOR)
async def group_set(
    ctx: CommandContext,
    *,
    name: str | None = None,
    kind: GroupKind | None = None,
    language: Language | None = None,
    timezone: TimeZoneName | None = None,
    quorum: Percent | None = None,
    rule: MajorityRule | None = None,
    notice_days: int | None = None,
    circular_rule: MajorityRule | None = None,
    circular_days: int | None = None,
    feed_attendees: bool | None = None,
    reminders: str | None = None,
    announce_mail_replies: bool | None = None,
    live_tally: bool | None = None,
    poll_nudge: str | None = None,
    report_retention: int | None = None,
    minutes_objection_days: int | None = None,
    publish: Publication | None = None,
    publish_names: bool | None = None,
) -> Reply:
    group = ctx.require_group()
    requested: dict[str, Any] = {
        "name": name,
        "kind": kind,
        "language": language,
        "timezone": timezone,
        "quorum_percent": quorum,
        "majority_rule": rule,
        "notice_days": notice_days,
        "circular_rule": circular_rule,
        "circular_days": circular_days,
        "feed_attendees": feed_attendees,
        "reminders": _reminder_setting(reminders, ParseContext(ctx.timezone)),
        "announce_mail_replies": announce_mail_replies,
        "live_tally": live_tally,
        "poll_nudge": _poll_nudge_setting(poll_nudge, ParseContext(ctx.timezone)),
        "report_retention_days": report_retention,
        "minutes_objection_days": minutes_objection_days,
        "publish": publish,
        "publish_names": publish_names,
    }
    changes = {column: value for column, value in requested.items() if value is not None}
    if not changes:
        raise UserError("group.set.nothing")
    if notice_days is not None and notice_days > 90:
        raise UserError("group.set.notice_too_long", value=notice_days)
    if circular_days is not None and not 1 <= circular_days <= 60:
        raise UserError("group.set.circular_days", value=circular_days)
    if minutes_objection_days is not None and not 1 <= minutes_objection_days <= 90:
        raise UserError("group.set.objection_days", value=minutes_objection_days)
    if report_retention is not None and not 0 <= report_retention <= 36500:
        raise UserError("group.set.report_retention", value=report_retention)
    await ctx.uow.groups.update(group, changes)
    ctx.effects.timers_changed()  # reminder times and the zone they are counted in
    if live_tally is not None:
        for poll in await ctx.uow.polls.open(group):
            ctx.effects.poll_status_changed(poll.id)
    lines = [
        Message("group.set.changed_line", setting=Message(f"setting.{column}"),
                value=_shown(column, value))
        for column, value in changes.items()
    ]
    return Reply.of("group.set.done", changes=lines)


#: Words that turn the nudge before poll deadlines off.
OFF_WORDS = {"off", "aus", "no", "nein", "none", "keine", "0"}


def _poll_nudge_setting(raw: str | None, parse: ParseContext) -> str | None:
    """`24h` as the group keeps it, "" for off; refused when not a duration or too far."""
    if raw is None:
        return None
    if raw.strip().casefold() in OFF_WORDS:
        return ""
    lead = convert_duration(raw, parse)
    if lead > MAX_REMINDER:
        raise UserError("group.set.poll_nudge.too_far", value=lead)
    return format_offsets([lead])


def _shown(column: str, value: Any) -> Any:
    if column == "poll_nudge":
        return value or Message("group.poll_nudge.off")
    return value


def _reminder_setting(raw: str | None, parse: ParseContext) -> str | None:
    """`7d,1d` as the group keeps it; refused when a time is not a duration or too far."""
    if raw is None:
        return None
    offsets = parse_offsets(raw, lambda word: convert_duration(word, parse))
    if any(offset > MAX_REMINDER for offset in offsets):
        raise UserError("reminders.too_far", value=raw)
    return format_offsets(offsets)
