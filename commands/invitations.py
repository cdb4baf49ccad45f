"""The Einladung on request (`!meeting invitation`, `!termin einladung`); how it is written,
and when by itself, is in `commands.invitation_flow`."""

from __future__ import annotations

from datetime import date

from commands.framework import CommandContext, CommandSet, Reply
from commands.invitation_flow import notice, post_letter
from commands.meeting_flow import local_end, local_start
from commands.meetings import find_meeting, find_occurrence
from domain.roles import Access
from i18n import TimeRange

commands = CommandSet()


@commands.command("meeting invitation", de="termin einladung", access=Access.COORDINATOR)
async def meeting_invitation(ctx: CommandContext, number: int, *,
                             on: date | None = None) -> Reply:
    group = ctx.require_group()
    meeting = await find_meeting(ctx, group, number)
    occurrence = await find_occurrence(ctx, meeting, on)
    letter = await post_letter(ctx, occurrence)
    return Reply.of("letter.done", number=meeting.number,
                    when=TimeRange(local_start(occurrence), local_end(occurrence)),
                    filename=letter.filename, notice=notice(group, occurrence))
