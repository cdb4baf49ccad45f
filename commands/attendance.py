"""Answers to invitations (`!rsvp`, `!zusage`, or ✅ / ❌ / ❔ on the announcement)."""

from __future__ import annotations

from datetime import date, datetime

from commands.framework import CommandContext, CommandSet, Reply
from commands.framework.effects import Effects
from commands.meeting_flow import ask_deputies, forecast_message, local_end, local_start
from commands.meeting_flow import seat_attendance as attendance_of
from commands.meetings import find_meeting, find_occurrence
from domain.errors import UserError
from domain.meetings import RSVP_REACTIONS, RsvpAnswer
from domain.roles import Access
from i18n import Message, Renderer, TimeRange
from storage.models import Occurrence
from storage.unit_of_work import UnitOfWork

commands = CommandSet()


@commands.command("rsvp", de="zusage", access=Access.PARTICIPANT)
async def rsvp(
    ctx: CommandContext, number: int, answer: RsvpAnswer, *, on: date | None = None
) -> Reply:
    group = ctx.require_group()
    meeting = await find_meeting(ctx, group, number)
    occurrence = await find_occurrence(ctx, meeting, on)
    if occurrence.cancelled:
        raise UserError("meeting.cancelled", number=meeting.number)
    await record_rsvp(ctx.uow, ctx.effects, occurrence, ctx.sender, answer, ctx.event_id,
                      ctx.sent_at, ctx.renderer)
    _, _, _, result = await attendance_of(ctx.uow, occurrence)
    forecast = forecast_message(result)
    return Reply.of(
        "meeting.rsvp.done", number=meeting.number,
        answer=Message(f"meeting.answer.{answer.value}"),
        when=TimeRange(local_start(occurrence), local_end(occurrence)),
    ).then(forecast.key, **forecast.params)


async def record_rsvp(
    uow: UnitOfWork,
    effects: Effects,
    occurrence: Occurrence,
    user_id: str,
    answer: RsvpAnswer,
    event_id: str,
    at: datetime,
    renderer: Renderer,
    *,
    via: str = "matrix",
    comment: str | None = None,
) -> None:
    """Store an answer (it replaces the person's earlier one); a principal who declines has
    their deputies asked."""
    await uow.meetings.add_answer(occurrence, user_id, answer, event_id, at, via=via,
                                  comment=comment)
    occurrence.meeting.updated_at = max(occurrence.meeting.updated_at, at)
    if answer is RsvpAnswer.NO:
        await ask_deputies(uow, effects, occurrence, user_id, renderer)


async def answer_by_reaction(
    uow: UnitOfWork,
    effects: Effects,
    *,
    target_event_id: str,
    key: str,
    user_id: str,
    event_id: str,
    at: datetime,
    prefix: str,
) -> bool:
    """A reaction to an announcement: an answer if it is ✅ / ❌ / ❔ from a member."""
    answer = RSVP_REACTIONS.get(key)
    if answer is None:
        return False
    occurrence = await uow.meetings.by_message_event(target_event_id)
    if occurrence is None or occurrence.cancelled:
        return False
    group = occurrence.meeting.group
    if await uow.members.active_member(group, user_id) is None:
        return False  # reactions are also just reactions; outsiders are not told
    renderer = Renderer(group.language, group.timezone, prefix)
    await record_rsvp(uow, effects, occurrence, user_id, answer, event_id, at, renderer)
    return True


async def withdraw_by_redaction(
    uow: UnitOfWork, *, redacts: str, user_id: str, at: datetime
) -> bool:
    """A reaction taken back: the answer it gave no longer counts."""
    occurrence = await uow.meetings.withdraw_answer(redacts, user_id)
    if occurrence is None:
        return False
    occurrence.meeting.updated_at = max(occurrence.meeting.updated_at, at)
    return True
