"""The Einladung: the letter a meeting date is invited by — group, number, date and time,
place and video link, the agenda with its annexes, how to answer, and whether the Ladungsfrist
is kept. A signed PDF, kept as sent: posted in the room, attached to the invitation email, and
the invitation file of the published record. Written when a date is scheduled or moved, when
its agenda is extended, and on request (`commands.invitations`)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import datetime

from commands.framework import CommandContext
from commands.meeting_flow import local_end, local_start
from commands.minutes_form import agenda_subject, place_rows
from commands.signed_exports import post_signed
from domain.meetings import notice_shortfall, rounded
from domain.minutes_form import InvitationLetterForm
from i18n import Message, Renderer
from storage.models import AgendaEntry, Group, InvitationLetter, Occurrence


async def post_letter(ctx: CommandContext, occurrence: Occurrence) -> InvitationLetter:
    """Write the date's Einladung, sign it, keep it and post it in the group's room."""
    # fpdf2 (and matplotlib's fonts) load when a PDF is made, not when the bot starts.
    from domain.pdf import invitation_letter_pdf

    group = occurrence.meeting.group
    agenda = await ctx.uow.meetings.agenda(occurrence)
    form = letter_form(ctx.renderer, group, occurrence, agenda, ctx.now())
    data = await asyncio.to_thread(invitation_letter_pdf, form, created_at=ctx.now())
    filename = (f"{ctx.renderer('letter.filename').plain}-{occurrence.meeting.number}-"
                f"{local_start(occurrence).date().isoformat()}.pdf")
    signed = await post_signed(ctx, group, filename, "application/pdf", data)
    letter = await ctx.uow.letters.add(occurrence, filename, signed, ctx.now())
    return letter


def notice(group: Group, occurrence: Occurrence) -> Message:
    """Whether the date was invited within the Ladungsfrist: from when it got its start (set
    when it was scheduled or moved) to the start."""
    invited = occurrence.scheduled_at.astimezone(local_start(occurrence).tzinfo).date()
    shortfall = notice_shortfall(occurrence.starts_at, occurrence.scheduled_at,
                                 group.notice_days)
    if shortfall is None:
        return Message("letter.notice.kept", day=invited, days=group.notice_days)
    return Message("letter.notice.missed", day=invited, days=group.notice_days,
                   by=rounded(shortfall))


def letter_form(renderer: Renderer, group: Group, occurrence: Occurrence,
                agenda: Sequence[AgendaEntry], now: datetime) -> InvitationLetterForm:
    meeting = occurrence.meeting
    start, end = local_start(occurrence), local_end(occurrence)
    head = [
        (renderer("minutes.form.group").plain, group.name),
        (renderer("minutes.form.date").plain,
         renderer("minutes.form.date.value", day=start.date()).plain),
        (renderer("letter.time").plain,
         renderer("letter.time.value", start=start.strftime("%H:%M"),
                  end=end.strftime("%H:%M")).plain),
    ]
    head += place_rows(renderer, meeting)
    answer = [renderer("letter.answer.room", number=meeting.number).plain]
    answer += [renderer("letter.answer.calendar").plain, renderer("letter.answer.deputy").plain]
    return InvitationLetterForm(
        running_head=renderer("letter.running_head", group=group.name,
                              number=meeting.number).plain,
        page=renderer("decision.pdf.page").plain,
        created=renderer("decision.pdf.created", at=now).plain,
        sender=renderer("letter.sender", group=group.name).plain,
        title=renderer("letter.title").plain,
        subtitle=renderer("letter.subtitle", number=meeting.number, group=group.name,
                          title=meeting.title).plain,
        salutation=renderer("letter.salutation").plain,
        intro=renderer("letter.intro", number=meeting.number, group=group.name).plain,
        head=tuple(head),
        agenda_title=renderer("minutes.form.agenda").plain,
        agenda_columns=(renderer("minutes.form.column.top").plain,
                        renderer("minutes.form.column.subject").plain),
        agenda=tuple((entry.label or str(n), agenda_subject(renderer, entry))
                     for n, entry in enumerate(agenda, start=1))
        or (("", renderer("letter.agenda.empty").plain),),
        answer_title=renderer("letter.answer.title").plain,
        answer=tuple(answer),
        notice=renderer.message(notice(group, occurrence)).plain,
        closing=(renderer("letter.closing.greeting").plain,
                 renderer("letter.closing.sender", group=group.name).plain),
    )
