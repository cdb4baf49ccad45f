"""Minutes (`!meeting minutes`, `!termin niederschrift`): the Niederschrift as a file — in
Markdown, or with `pdf` as the form a Geschäftsstelle files. Posting minutes posts them as a
draft (objections may be raised from then on, `commands.minutes_approval`); once approved, the
PDF asked for is the approved version as it was kept."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated

from commands.framework import CommandContext, CommandSet, Flag, Reply
from commands.framework.effects import FileMessage
from commands.meeting_flow import local_end, local_start
from commands.meetings import find_meeting, find_occurrence
from commands.minutes_flow import (
    Minutes,
    draft_state,
    post_draft,
    post_minutes_pdf,
    version_filename,
)
from commands.minutes_form import MinutesState, session_form
from commands.session_minutes import SessionMinutes, minutes_filename
from commands.signed_exports import post_signed
from domain.minutes_form import MinutesForm
from domain.roles import Access
from i18n import TimeRange
from storage.models import Group, MeetingSession, Occurrence

commands = CommandSet()


@commands.command("meeting minutes", de="termin niederschrift", access=Access.COORDINATOR)
async def meeting_minutes(ctx: CommandContext, number: int,
                          pdf: Annotated[bool, Flag(de="pdf")] = False, *,
                          on: date | None = None) -> Reply:
    group = ctx.require_group()
    meeting = await find_meeting(ctx, group, number)
    occurrence = await find_occurrence(ctx, meeting, on)
    held = await ctx.uow.sessions.of_occurrence(occurrence)
    if held is not None:
        return await _session_minutes(ctx, group, held, pdf)
    minutes = await Minutes.gather(ctx.uow, group, occurrence)
    filename = minutes_filename(ctx.renderer, occurrence)
    if pdf:
        filename = await _pdf(ctx, group, occurrence, filename,
                              lambda state: minutes.form(ctx.renderer, ctx.now(), state))
    else:
        await post_draft(ctx, group, occurrence)
        await _post_markdown(ctx, group, filename, minutes.markdown(ctx.renderer))
    return Reply.of(
        "minutes.done", number=meeting.number,
        when=TimeRange(local_start(occurrence), local_end(occurrence)),
        present=len(minutes.present), decisions=len(minutes.decisions),
        opened=len(minutes.opened), closed=len(minutes.closed), filename=filename,
    )


async def _session_minutes(ctx: CommandContext, group: Group, held: MeetingSession,
                           pdf: bool = False) -> Reply:
    """A meeting held in the room: its minutes as the session recorded them (so far, while it
    still runs — not a draft yet then)."""
    minutes = await SessionMinutes.gather(ctx.uow, group, held)
    filename = minutes_filename(ctx.renderer, held.occurrence)
    if pdf and held.ended_at is None:
        filename = await post_minutes_pdf(ctx, group, filename,
                                          session_form(minutes, ctx.renderer, ctx.now()))
    elif pdf:
        filename = await _pdf(ctx, group, held.occurrence, filename,
                              lambda state: session_form(minutes, ctx.renderer, ctx.now(),
                                                         state))
    else:
        await _post_markdown(ctx, group, filename, minutes.markdown(ctx.renderer))
    return Reply.of("minutes.session", number=held.occurrence.meeting.number,
                    minutes=minutes.summary(), filename=filename)


async def _pdf(ctx: CommandContext, group: Group, occurrence: Occurrence, filename: str,
               form_of: Callable[[MinutesState], MinutesForm]) -> str:
    """The approved version as kept, once there is one; else the draft (posted now if it
    was not yet), marked as such, with the objections raised."""
    draft = await post_draft(ctx, group, occurrence)
    if draft is not None and draft.approved_at is not None:
        kept = await ctx.uow.minutes.with_pdf(draft.id)
        assert kept is not None and kept.pdf is not None and kept.filename is not None
        await ctx.effects.post(group.room_id, FileMessage(kept.filename, "application/pdf",
                                                          kept.pdf))
        return kept.filename
    if draft is not None:
        filename = version_filename(ctx.renderer, draft)
    return await post_minutes_pdf(ctx, group, filename, form_of(await draft_state(ctx, draft)))


async def _post_markdown(ctx: CommandContext, group: Group, filename: str,
                         markdown: str) -> None:
    await post_signed(ctx, group, filename, "text/markdown; charset=utf-8",
                      markdown.encode("utf-8"))
