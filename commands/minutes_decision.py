"""Minutes approved by a decision taken by hand — `!minutes approve N` by the chair or the
office, or `!agreed` under the approval's TOP in a session. (A poll that approves them does so
as it closes, `commands.poll_flow.close_poll`.)"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from commands.framework import CommandContext
from commands.minutes_flow import approval_text, approved_paper, settle_approval
from commands.poll_flow import cancel_poll
from commands.signed_exports import Paperwork
from domain.voting import Outcome
from storage.models import Decision, Group, MinutesVersion, PollState


async def approve(ctx: CommandContext, group: Group, draft: MinutesVersion,
                  text: str | None = None) -> Decision:
    """Approve the minutes: their approved version is made, signed and posted, then the
    decision logged with its digest. A poll still asking the group to approve them is
    cancelled: they are approved now."""
    now = ctx.now()
    year = now.astimezone(ZoneInfo(group.timezone)).year
    number = await ctx.uow.decisions.next_number(group, year)
    document = await approved_paper(Paperwork.of(ctx), group, draft, number)
    decision = await ctx.uow.decisions.append(
        group, text=text or approval_text(ctx.renderer, draft), decided_at=now, year=year,
        outcome=Outcome.ADOPTED, recorded_by=await ctx.uow.people.pseudonym(ctx.sender),
        document=document)
    settle_approval(draft, decision, number)
    if draft.poll_id is not None:
        poll = await ctx.uow.polls.get(draft.poll_id)
        if poll is not None and poll.state is PollState.OPEN:
            await cancel_poll(ctx.uow, ctx.effects, poll, by=ctx.sender, prefix=ctx.prefix,
                              now=now)
        draft.poll_id = None
    return decision
