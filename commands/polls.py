"""Decision polls in the room (`!poll`, `!abstimmung`) and voting by text (`!vote`)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from commands.agenda_reports import find_report
from commands.decision_text import result_text
from commands.framework import (
    CommandContext,
    CommandSet,
    Deadline,
    Flag,
    Percent,
    Reply,
    UserId,
    Words,
)
from commands.framework.converters import LONG_TEXT, Length
from commands.framework.effects import Notice, PollStart
from commands.items import check_due, check_owner
from commands.members import current_seats
from commands.poll_flow import (
    AnswerResult,
    AnswerStatus,
    CloseReason,
    cancel_poll,
    close_poll,
    record_answer,
    record_secret_ballot,
    renderer_for,
    voted_seats,
    yes_no_answers,
)
from commands.poll_status import has_status, post_status, status_text
from commands.session import note_poll
from domain.errors import UserError
from domain.group import MajorityRule
from domain.poll_status import progress
from domain.roles import Access
from domain.seats import Seat
from domain.voting import ABSTAIN, NO, YES, PollMode, seat_for, seats_needed_for_quorum
from i18n import Code, Message, UserRef
from storage.models import Group, Poll, PollState

commands = CommandSet()

MAX_OPTIONS = 20
#: Words that mean an answer of a Ja / Nein / Enthaltung poll, in both languages.
ANSWER_WORDS = {
    "ja": YES, "yes": YES, "dafür": YES,
    "nein": NO, "no": NO, "dagegen": NO,
    "enthaltung": ABSTAIN, "enthalten": ABSTAIN, "abstain": ABSTAIN, "abstention": ABSTAIN,
    "zustimmung": YES, "zustimmen": YES, "consent": YES, "agree": YES,
    "widerspruch": NO, "widersprechen": NO, "objection": NO, "object": NO,
}  # fmt: skip


@commands.command("poll", de="abstimmung", access=Access.COORDINATOR)
async def poll_start(
    ctx: CommandContext,
    question: str,
    options: Annotated[tuple[str, ...], Words()] = (),
    *,
    rule: MajorityRule | None = None,
    quorum: Percent | None = None,
    deadline: Deadline | None = None,
    mode: PollMode = PollMode.OPEN,
    secret: Annotated[bool, Flag(de="geheim")] = False,
    then: Annotated[str, Length(LONG_TEXT)] | None = None,
    assign: UserId | None = None,
    org: str | None = None,
    due: date | None = None,
    report: int | None = None,
) -> Reply:
    group = ctx.require_group()
    if mode is PollMode.FINDTIME:
        raise UserError("poll.findtime_mode")
    _, reply = await start_poll(
        ctx, group, question, options, rule=rule, quorum=quorum, deadline=deadline, mode=mode,
        secret=secret, then=then, assign=assign, org=org, due=due, report=report)
    return reply


async def start_poll(
    ctx: CommandContext, group: Group, question: str, options: tuple[str, ...] = (), *,
    rule: MajorityRule | None = None, quorum: Percent | None = None,
    deadline: Deadline | None = None, mode: PollMode = PollMode.OPEN, secret: bool = False,
    then: str | None = None, assign: UserId | None = None, org: str | None = None,
    due: date | None = None, report: int | None = None,
) -> tuple[Poll, Reply]:
    """A decision poll started in the group's room (or, secret, by direct message), with its
    status message and deadline; the poll and the answer to whoever started it."""
    circular = mode is PollMode.CIRCULAR
    if circular and deadline is None:
        deadline = Deadline(after=timedelta(days=group.circular_days))
    group_seats = await current_seats(ctx.uow, group)
    if not group_seats:
        raise UserError("poll.no_seats")
    closes_at = deadline.resolve(ctx.now()) if deadline else None
    if closes_at is not None and closes_at <= ctx.now():
        raise UserError("poll.deadline.past", deadline=closes_at)
    answers = _answers(ctx, options, circular)
    await check_owner(ctx.uow, group, assign, org)
    check_due(ctx, due)
    cited = await find_report(ctx.uow, group, report) if report is not None else None
    mandate = then or (question if assign or org or due else None)
    poll = await ctx.uow.polls.add(
        group,
        question=question,
        options=[list(answer) for answer in answers],
        yes_no=not options,
        rule=rule or (group.circular_rule if circular else group.majority_rule),
        quorum_percent=group.quorum_percent if quorum is None else int(quorum),
        mode=mode,
        secret=secret,
        deadline=closes_at,
        start_txn_id=f"pending:{ctx.event_id}",
        created_by=ctx.sender,
        created_at=ctx.now(),
        then_text=mandate,
        then_owner_user=assign,
        then_owner_org=org,
        then_due=due,
        report_id=cited.id if cited else None,
    )
    if secret:
        poll.start_txn_id = await _send_ballots(ctx, group, poll, group_seats)
    else:
        fallback = ctx.render(
            Message("poll.fallback", number=poll.number, question=question),
            *_option_lines(answers),
            Message("poll.fallback.how", number=poll.number, example=answers[0][1].lower()),
        )
        poll.start_txn_id = await ctx.effects.post(
            group.room_id, PollStart(question, answers, fallback)
        )
    await post_status(ctx.uow, ctx.effects, poll, ctx.now(), ctx.prefix)
    await note_poll(ctx.uow, group, poll, by=ctx.sender, now=ctx.now())
    if closes_at is not None:
        ctx.effects.timers_changed()
    return poll, Reply.of(
        "poll.started.circular" if circular else "poll.started",
        number=poll.number,
        rule=poll.rule,
        needed=seats_needed_for_quorum(len(group_seats), poll.quorum_percent),
        seats=len(group_seats),
        until=Message("poll.until", deadline=closes_at) if closes_at else Message("poll.open_end"),
    )


def _option_lines(answers: tuple[tuple[str, str], ...]) -> list[Message]:
    return [
        Message("poll.fallback.option", n=i, label=label)
        for i, (_, label) in enumerate(answers, start=1)
    ]


async def _send_ballots(
    ctx: CommandContext, group: Group, poll: Poll, group_seats: list[Seat]
) -> str:
    """A secret poll: announced in the room, voted by direct message with the bot."""
    answers = tuple((a, label) for a, label in poll.options)
    until = Message("poll.until", deadline=poll.deadline) if poll.deadline else Message(
        "poll.open_end"
    )
    announcement = await ctx.effects.post(group.room_id, Notice(ctx.render(
        Message("poll.secret.announced", number=poll.number, question=poll.question, until=until)
    )))
    for seat in group_seats:
        for person in (seat.principal, *seat.deputies):
            lines = [
                Message("poll.secret.ballot", number=poll.number, group=group.name,
                        question=poll.question, until=until),
                *_option_lines(answers),
                Message("poll.secret.how", number=poll.number, example=answers[0][1].lower()),
            ]
            if person != seat.principal:
                lines.append(Message("poll.secret.deputy", principal=UserRef(seat.principal)))
            await ctx.effects.direct(person, Notice(ctx.render(*lines), mentions=(person,)))
    return announcement


def _answers(
    ctx: CommandContext, options: tuple[str, ...], circular: bool
) -> tuple[tuple[str, str], ...]:
    if circular and options:
        raise UserError("poll.circular.no_options")
    if not options:
        return yes_no_answers(ctx.renderer, circular)
    if len(options) < 2:
        raise UserError("poll.options.too_few", option=options[0])
    if len(options) > MAX_OPTIONS:
        raise UserError("poll.options.too_many", n=len(options), max=MAX_OPTIONS)
    folded = [option.casefold() for option in options]
    duplicate = next((o for o, f in zip(options, folded, strict=True) if folded.count(f) > 1), None)
    if duplicate is not None:
        raise UserError("poll.options.duplicate", option=duplicate)
    return tuple((f"o{i}", option) for i, option in enumerate(options, start=1))


@commands.command("poll show", de="abstimmung zeigen", access=Access.PARTICIPANT)
async def poll_show(ctx: CommandContext, number: int | None = None) -> Reply:
    group = ctx.require_group()
    if number is None:
        return await _open_polls(ctx, group)
    poll = await _poll(ctx, group, number)
    if poll.state is PollState.CLOSED:
        decision = await ctx.uow.decisions.by_poll(poll.id)
        assert decision is not None
        return Reply.of(
            "poll.show.closed", number=poll.number, question=poll.question,
            closed=poll.closed_at, result=result_text(ctx.renderer, decision),
        )
    if poll.state is PollState.CANCELLED:
        return Reply.of("poll.show.cancelled", number=poll.number, question=poll.question,
                        closed=poll.closed_at, by=UserRef(poll.closed_by or ""))
    if not has_status(poll):
        return await _findtime_show(ctx, group, poll)
    status = await status_text(ctx.uow, renderer_for(group, ctx.prefix), poll, ctx.now())
    return Reply.of(
        "poll.show.open",
        status=status,
        options=", ".join(label for _, label in poll.options),
        rule=poll.rule,
        quorum=poll.quorum_percent,
    )


async def _findtime_show(ctx: CommandContext, group: Group, poll: Poll) -> Reply:
    """A date-finding poll: who has answered so far (its tally is shown by clients)."""
    group_seats = await current_seats(ctx.uow, group)
    voted = await voted_seats(ctx.uow, poll, group_seats)
    state = progress(group_seats, voted, poll.quorum_percent)
    return Reply.of("poll.show.findtime", number=poll.number, question=poll.question,
                    voted=state.voted, seats=state.seats)


async def _open_polls(ctx: CommandContext, group: Group) -> Reply:
    polls = await ctx.uow.polls.open(group)
    if not polls:
        return Reply.of("poll.list.none")
    return Reply.of(
        "poll.list",
        rows=[
            Message(
                "poll.list.row",
                number=poll.number,
                question=poll.question,
                until=Message("poll.until", deadline=poll.deadline) if poll.deadline
                else Message("poll.open_end"),
            )
            for poll in polls
        ],
    )


@commands.command("poll close", de="abstimmung schließen", access=Access.COORDINATOR)
async def poll_close(ctx: CommandContext, number: int) -> Reply:
    group = ctx.require_group()
    poll = await _open_poll(ctx, group, number)
    if poll.mode is PollMode.FINDTIME:
        raise UserError("poll.findtime_close", number=poll.number)
    decision = await close_poll(
        ctx.uow, ctx.effects, poll, closes_at=ctx.now(), closed_by=ctx.sender,
        reason=CloseReason.COMMAND, prefix=ctx.prefix, signer=ctx.signer,
    )
    return Reply.of("poll.close.done", number=poll.number, decision=decision.number)


@commands.command("poll cancel", de="abstimmung abbrechen", access=Access.COORDINATOR)
async def poll_cancel(ctx: CommandContext, number: int) -> Reply:
    group = ctx.require_group()
    poll = await _open_poll(ctx, group, number)
    await cancel_poll(ctx.uow, ctx.effects, poll, by=ctx.sender, prefix=ctx.prefix,
                      now=ctx.now())
    return Reply.of("poll.cancel.done", number=poll.number, question=poll.question)


@commands.command("vote", de="abstimmen", access=Access.EVERYONE, needs_group=False)
async def vote(ctx: CommandContext, number: int, answer: str) -> Reply:
    if ctx.group is None:
        return await _secret_vote(ctx, number, answer)
    if ctx.member is None:
        raise UserError("access.not_member", command=Code(f"{ctx.prefix}vote"))
    poll = await _open_poll(ctx, ctx.group, number)
    if poll.secret:
        raise UserError("poll.secret.not_here", number=poll.number)
    answer_id = _answer_id(poll, answer)
    result = await record_answer(
        ctx.uow, ctx.effects, poll, user_id=ctx.sender, answer=answer_id,
        event_id=ctx.event_id, sent_at=ctx.sent_at, prefix=ctx.prefix, now=ctx.now(),
        signer=ctx.signer,
    )
    _refuse_unless_counted(ctx, poll, result)
    assert result.seat is not None
    reply = Reply.of("poll.vote.counted", number=poll.number, answer=poll.label(answer_id))
    if result.seat.principal != ctx.sender:
        reply = reply.then("poll.vote.as_deputy", principal=UserRef(result.seat.principal))
    return reply


async def _secret_vote(ctx: CommandContext, number: int, answer: str) -> Reply:
    """A ballot sent by direct message: the open secret poll of that number in a group where
    the sender holds or stands in for a seat."""
    candidates = [
        poll
        for poll in await ctx.uow.polls.open()
        if poll.secret and poll.number == number
        and seat_for(ctx.sender, await current_seats(ctx.uow, poll.group)) is not None
    ]
    if not candidates:
        raise UserError("poll.secret.none", number=number)
    if len(candidates) > 1:
        raise UserError("poll.secret.ambiguous", number=number,
                        groups=", ".join(p.group.name for p in candidates))
    poll = candidates[0]
    ctx.group = poll.group  # answer in the group's language
    result = await record_secret_ballot(
        ctx.uow, ctx.effects, poll, user_id=ctx.sender, answer=_answer_id(poll, answer),
        sent_at=ctx.sent_at, prefix=ctx.prefix, now=ctx.now(), signer=ctx.signer,
    )
    _refuse_unless_counted(ctx, poll, result)
    return Reply.of("poll.secret.cast", number=poll.number, group=poll.group.name)


def _refuse_unless_counted(ctx: CommandContext, poll: Poll, result: AnswerResult) -> None:
    if result.status is AnswerStatus.NOT_ELIGIBLE:
        raise UserError("poll.vote.not_voting", role=ctx.role)
    if result.status is AnswerStatus.POLL_CLOSED:
        raise UserError("poll.closed", number=poll.number)
    if result.status is AnswerStatus.SEAT_VOTED:
        if result.voted_by == ctx.sender:
            raise UserError("poll.secret.already", number=poll.number)
        raise UserError("poll.secret.seat_taken", number=poll.number,
                        voter=UserRef(result.voted_by or ""))


def _answer_id(poll: Poll, typed: str) -> str:
    """An answer typed as its number, id, label, or (Ja/Nein/Enthaltung) in either language;
    for date finding, slot numbers separated by commas (`!vote 4 1,3`)."""
    if poll.mode is PollMode.FINDTIME:
        chosen = [_answer_id_single(poll, part) for part in typed.split(",") if part.strip()]
        return ",".join(sorted(set(chosen), key=poll.answer_ids.index))
    return _answer_id_single(poll, typed)


def _answer_id_single(poll: Poll, typed: str) -> str:
    text = typed.strip().casefold()
    if text.isdigit() and 1 <= int(text) <= len(poll.options):
        return poll.options[int(text) - 1][0]
    for answer_id, label in poll.options:
        if text in (answer_id.casefold(), label.casefold()):
            return answer_id
    if poll.yes_no and text in ANSWER_WORDS:
        return ANSWER_WORDS[text]
    raise UserError(
        "poll.vote.unknown_answer", answer=typed,
        answers=", ".join(label for _, label in poll.options),
    )


async def _poll(ctx: CommandContext, group: Group, number: int) -> Poll:
    poll = await ctx.uow.polls.by_number(group, number)
    if poll is None:
        raise UserError("poll.unknown", number=number)
    return poll


async def _open_poll(ctx: CommandContext, group: Group, number: int) -> Poll:
    poll = await _poll(ctx, group, number)
    if poll.state is not PollState.OPEN:
        raise UserError("poll.closed", number=poll.number)
    return poll

