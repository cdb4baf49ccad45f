"""Calendar subscriptions (`!calendar`, `!kalender`): personal and group feed links by direct
message, and the feeds themselves (served by the bot's HTTP server)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from commands.framework import CommandContext, CommandSet, Reply
from commands.framework.context import CalendarSettings
from commands.framework.effects import Notice
from commands.meeting_flow import (
    CalendarData,
    calendar_data,
    extend_series,
    meeting_events,
)
from domain.feeds import feed_url, new_token, token_hash
from domain.ical import Attendee, EventBlock, assemble_calendar, event_block
from domain.roles import Access
from i18n import Message, Renderer
from storage.changes import Touched
from storage.models import Group, Meeting
from storage.unit_of_work import UnitOfWork

commands = CommandSet()

#: How often subscribed calendars should fetch the feed again.
REFRESH = timedelta(minutes=30)


@commands.command("calendar", de="kalender", access=Access.PARTICIPANT)
async def calendar(ctx: CommandContext) -> Reply:
    group = ctx.require_group()
    await _send_links(ctx, group, "calendar.links")
    return Reply.of("calendar.sent")


@commands.command("calendar revoke", de="kalender widerrufen", access=Access.PARTICIPANT)
async def calendar_revoke(ctx: CommandContext) -> Reply:
    group = ctx.require_group()
    revoked = await ctx.uow.calendar_tokens.revoke_all(group, ctx.sender, ctx.now())
    await _send_links(ctx, group, "calendar.links.renewed")
    return Reply.of("calendar.revoked", count=revoked)


async def _send_links(ctx: CommandContext, group: Group, key: str) -> None:
    personal, shared = new_token(), new_token()
    for token, is_personal in ((personal, True), (shared, False)):
        await ctx.uow.calendar_tokens.issue(group, ctx.sender, token_hash(token),
                                            personal=is_personal, now=ctx.now())
    text = ctx.render(_links(key, group, ctx.calendar, personal, shared))
    await ctx.effects.direct(ctx.sender, Notice(text, secret=True))


def _links(key: str, group: Group, settings: CalendarSettings, personal: str,
           shared: str) -> Message:
    return Message(key, group=group.name, personal=feed_url(settings.feed_url, personal),
                   shared=feed_url(settings.feed_url, shared))


@dataclass(frozen=True)
class FeedSubject:
    """What a valid feed token opens: a group's calendar, or one member's personal view."""

    group_id: int
    personal_for: str | None


@dataclass(frozen=True)
class FeedBlocks:
    """A feed written out meeting by meeting, kept so that the next version writes out only
    the meetings that changed."""

    blocks: Mapping[int, tuple[int, EventBlock]]  # meeting id → (its number, its events)
    dates: Mapping[int, int]  # occurrence id → meeting id

    def meetings_touched(self, touched: Touched | None) -> set[int] | None:
        """The meetings a change touched, or None where the whole feed must be written anew
        (a change to everything, or to a date this feed does not know)."""
        if touched is None:
            return None
        meetings = set(touched.meetings)
        for occurrence_id in touched.occurrences:
            meeting_id = self.dates.get(occurrence_id)
            if meeting_id is None:
                return None
            meetings.add(meeting_id)
        return meetings if len(meetings) <= PARTIAL_AT_MOST else None


#: Beyond this many changed meetings a feed is written anew as a whole.
PARTIAL_AT_MOST = 200


@dataclass(frozen=True)
class FeedContent:
    """What a feed shows, read from the database (every attribute loaded): turning it into
    events and text is plain CPU work, which the HTTP server does away from the event loop.

    With `base`, `meetings` are only those that changed since `base` was written, and
    `dropped` the meetings deleted since."""

    meetings: Sequence[Meeting]
    data: CalendarData
    settings: CalendarSettings
    renderer: Renderer
    personal_for: str | None
    stamp: datetime
    name: str
    base: FeedBlocks | None = None
    dropped: frozenset[int] = frozenset()

    def render(self) -> tuple[bytes, FeedBlocks]:
        blocks = dict(self.base.blocks) if self.base else {}
        dates = dict(self.base.dates) if self.base else {}
        for meeting_id in self.dropped:
            blocks.pop(meeting_id, None)
        attendee_lines: dict[Attendee, str] = {}
        for meeting in self.meetings:
            events = meeting_events(meeting, self.data, self.settings, self.renderer,
                                    partstat_for=self.personal_for)
            blocks[meeting.id] = (meeting.number, event_block(events, attendee_lines))
            dates.update((o.id, meeting.id) for o in self.data.dates.get(meeting.id, []))
        in_order = [block for _, block in sorted(blocks.values(), key=lambda pair: pair[0])]
        # DTSTAMP is the last change, not the time of the request, so an unchanged calendar is
        # byte for byte the same and its ETag holds.
        body = assemble_calendar(in_order, stamp=self.stamp, name=self.name, refresh=REFRESH)
        return body, FeedBlocks(blocks, dates)


async def feed_subjects(uow: UnitOfWork) -> dict[str, FeedSubject]:
    """What each valid feed token opens, by the token's hash (a token of someone no longer a
    member opens nothing)."""
    return {
        hashed: FeedSubject(group_id, user_id if personal else None)
        for hashed, group_id, user_id, personal in await uow.calendar_tokens.all_valid()
    }


async def feed_content(
    uow: UnitOfWork, subject: FeedSubject, settings: CalendarSettings, prefix: str,
    now: datetime, base: FeedBlocks | None = None, touched: Touched | None = None,
) -> FeedContent | None:
    """What the feed shows: all of it, or — given the feed as last written (`base`) and what
    changed since (`touched`) — only the meetings that changed."""
    group = await uow.groups.by_id(subject.group_id)
    if group is None:
        return None
    renderer = Renderer(group.language, group.timezone, prefix)
    personal = subject.personal_for is not None
    changed = base.meetings_touched(touched) if base is not None else None
    if changed is None:
        base = None
        meetings = await uow.meetings.all_meetings(group)
    else:
        # (Dates entering a series' window as time passes are added by the scheduler's hourly
        # re-planning; a feed shows a series by its rule, not by those rows.)
        meetings = await uow.meetings.some_meetings(group, changed)
    for meeting in meetings:
        await extend_series(uow, meeting, now)
    data = await calendar_data(uow, group, with_attendees=personal or group.feed_attendees,
                               only_person=subject.personal_for,
                               meeting_ids=None if changed is None else [m.id for m in meetings])
    stamp = max(group.created_at, await uow.meetings.last_changed(group) or group.created_at)
    key = "calendar.name.personal" if personal else "calendar.name.group"
    dropped = frozenset(changed or ()) - {meeting.id for meeting in meetings}
    return FeedContent(meetings, data, settings, renderer, subject.personal_for, stamp,
                       renderer(key, group=group.name).plain, base, dropped)
