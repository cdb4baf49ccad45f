"""Members, their organisations, roles, seats and deputies (`!member`, `!mitglied`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from commands.framework import CommandContext, CommandSet, Email, Reply, UserId
from commands.framework.converters import ParseContext, convert_email, convert_user_id
from domain.errors import UserError
from domain.names import clean_name, matrix_display_name
from domain.roles import Access, Notify, Role, may_vote
from domain.roster import CurrentMember
from domain.seats import Seat, SeatHolder, check_deputy_appointment, next_deputy_rank, seats
from i18n import Message, UserRef
from storage.models import Group, Member
from storage.unit_of_work import UnitOfWork

commands = CommandSet()

#: Words that clear an optional setting in `!member set` (`email=-`, `deputy-of=keine`).
CLEAR_WORDS = frozenset({"-", "none", "keine", "keiner", "nobody", "niemand"})


@commands.command("member add", de="mitglied hinzufügen", access=Access.COORDINATOR)
async def member_add(
    ctx: CommandContext,
    user: UserId,
    *,
    org: str,
    role: Role = Role.MEMBER,
    email: Email | None = None,
    deputy_of: UserId | None = None,
    voting: bool | None = None,
    name: str | None = None,
    notify: Notify = Notify.MATRIX,
) -> Reply:
    group = ctx.require_group()
    if await ctx.uow.members.active_member(group, user) is not None:
        raise UserError("member.exists", user=UserRef(user), prefix=ctx.prefix)
    active = await ctx.uow.members.active(group)
    holders = seat_holders(active)
    principal = None
    rank = 0
    if deputy_of is not None:
        check_deputy_appointment(user, deputy_of, holders)
        principal = next(m for m in active if m.user_id == deputy_of)
        rank = next_deputy_rank(deputy_of, holders)
    member = await ctx.uow.members.add(
        group,
        user,
        organisation=org,
        role=role,
        voting=voting,
        email=email,
        deputy_of=principal,
        deputy_rank=rank,
        added_by=ctx.sender,
        now=ctx.now(),
        name=clean_name(name),
        matrix_name=matrix_display_name(user, await ctx.room.display_name(user)),
        notify=_notify(notify, email),
    )
    await seats_changed(ctx, group)
    reply = Reply.of(
        "member.added", user=UserRef(user, member.display_name), org=org, role=role,
        votes=member.votes,
    )
    if principal is not None:
        reply = reply.then(
            "member.added.deputy",
            user=UserRef(user),
            principal=UserRef(principal.user_id),
            rank=rank + 1,
        )
    return reply


@commands.command("member list", de="mitglied liste", access=Access.PARTICIPANT)
async def member_list(ctx: CommandContext) -> Reply:
    group = ctx.require_group()
    active = await ctx.uow.members.active(group)
    if not active:
        return Reply.of("member.list.empty", prefix=ctx.prefix)
    rows = [_list_row(member) for member in sorted(active, key=_listing_order)]
    voting_seats = seats(seat_holders(active))
    return Reply.of(
        "member.list", group=group.name, count=len(active), seats=len(voting_seats), rows=rows
    )


def _listing_order(member: Member) -> tuple[str, str, int, str]:
    """By organisation; a seat's deputies right after its principal, in the order asked."""
    principal = member.deputy_of.user_id if member.deputy_of else member.user_id
    position = member.deputy_rank + 1 if member.deputy_of else 0
    return (member.organisation.casefold(), principal, position, member.user_id)


def _list_row(member: Member) -> Message:
    params: dict[str, Any] = {
        "org": member.organisation,
        "user": UserRef(member.user_id, member.display_name),
        "role": member.role,
    }
    if member.deputy_of is not None:
        return Message("member.list.row.deputy",
                       principal=UserRef(member.deputy_of.user_id, member.deputy_of.display_name),
                       **params)
    key = "member.list.row.voting" if member.votes else "member.list.row"
    return Message(key, **params)


@commands.command("member show", de="mitglied zeigen", access=Access.PARTICIPANT)
async def member_show(ctx: CommandContext, user: UserId) -> Reply:
    group = ctx.require_group()
    member = await ctx.uow.members.find(group, user)
    if member is None:
        raise UserError("member.unknown", user=UserRef(user), prefix=ctx.prefix)
    deputies = await ctx.uow.members.deputies_of(member) if member.active else []
    reply = Reply.of(
        "member.show",
        user=UserRef(member.user_id),
        matrix_id=member.user_id,
        org=member.organisation,
        role=member.role,
        votes=member.votes,
        email=member.email,
        notify=member.notify,
        added=member.added_at,
        added_by=UserRef(member.added_by),
    )
    if member.deputy_of is not None:
        reply = reply.then("member.show.deputy_of", principal=UserRef(member.deputy_of.user_id))
    if deputies:
        reply = reply.then("member.show.deputies",
                           deputies=[UserRef(d.user_id) for d in deputies])
    if not member.active:
        reply = reply.then("member.show.removed", removed=member.removed_at)
    return reply


@commands.command("member set", de="mitglied ändern", access=Access.COORDINATOR)
async def member_set(
    ctx: CommandContext,
    user: UserId,
    *,
    org: str | None = None,
    role: Role | None = None,
    email: str | None = None,
    deputy_of: str | None = None,
    voting: bool | None = None,
    name: str | None = None,
    notify: Notify | None = None,
) -> Reply:
    group = ctx.require_group()
    member = await _active_member(ctx, group, user)
    active = await ctx.uow.members.active(group)
    changes: dict[str, Any] = {}
    if org is not None:
        changes["organisation"] = org
    if role is not None:
        changes["role"] = role
    if voting is not None:
        changes["voting"] = voting
    if email is not None:
        changes["email"] = None if email.lower() in CLEAR_WORDS else _email(email)
    if name is not None:
        changes["name"] = None if name.lower() in CLEAR_WORDS else clean_name(name)
    if notify is not None:
        changes["notify"] = _notify(notify, changes.get("email", member.email))
    elif "email" in changes and changes["email"] is None and member.notify is Notify.EMAIL:
        changes["notify"] = Notify.MATRIX  # no address, no reminders by email
    if deputy_of is not None:
        changes.update(await _deputy_change(ctx, member, deputy_of, active))
    if not changes:
        raise UserError("member.set.nothing")
    new_role = changes.get("role", member.role)
    new_voting = changes.get("voting", member.voting)
    deputies = await ctx.uow.members.deputies_of(member)
    if deputies and not may_vote(new_role, new_voting):
        raise UserError("member.set.principal_needs_vote", user=UserRef(user),
                        deputies=[UserRef(d.user_id) for d in deputies])
    if "role" in changes:
        _keep_a_coordinator(member, new_role, active)
    await ctx.uow.members.update(member, changes)
    await seats_changed(ctx, group)
    lines = [
        Message("member.set.changed_line", setting=Message(f"member.field.{column}"),
                value=_shown(value))
        for column, value in changes.items()
        if column != "deputy_rank"
    ]
    return Reply.of("member.set.done", user=UserRef(user), changes=lines)


@commands.command("member remove", de="mitglied entfernen", access=Access.COORDINATOR)
async def member_remove(ctx: CommandContext, user: UserId, *, purge: bool = False) -> Reply:
    group = ctx.require_group()
    member = await ctx.uow.members.find(group, user)
    if member is None or (not member.active and not purge):
        raise UserError("member.unknown", user=UserRef(user), prefix=ctx.prefix)
    if member.active:
        deputies = await ctx.uow.members.deputies_of(member)
        if deputies:
            raise UserError("member.remove.has_deputies", user=UserRef(user),
                            deputies=[UserRef(d.user_id) for d in deputies])
        _keep_a_coordinator(member, None, await ctx.uow.members.active(group))
        await ctx.uow.members.remove(member, ctx.now())
        await seats_changed(ctx, group)
    if not purge:
        return Reply.of("member.removed", user=UserRef(user))
    elsewhere = await ctx.uow.members.active_elsewhere(user, group)
    if elsewhere:
        raise UserError("member.purge.elsewhere", user=UserRef(user),
                        groups=", ".join(g.name for g in elsewhere))
    pseudonym = await ctx.uow.people.purge(user, ctx.now())
    # The reply does not name the person: it is stored like every message the bot sends.
    return Reply.of("member.purged", pseudonym=pseudonym)


async def current_member_facts(uow: UnitOfWork, group: Group) -> list[CurrentMember]:
    """The roster as it is, for comparing with a file and for exporting."""
    return [CurrentMember(m.user_id, m.organisation, m.role, m.email, m.name,
                          m.deputy_of.user_id if m.deputy_of else None)
            for m in await uow.members.active(group)]


async def seats_changed(ctx: CommandContext, group: Group) -> None:
    """Running polls count the seats as they are now: their status is brought up to date."""
    for poll in await ctx.uow.polls.open(group):
        ctx.effects.poll_status_changed(poll.id)


async def _active_member(ctx: CommandContext, group: Group, user: str) -> Member:
    member = await ctx.uow.members.active_member(group, user)
    if member is None:
        raise UserError("member.unknown", user=UserRef(user), prefix=ctx.prefix)
    return member


async def _deputy_change(
    ctx: CommandContext, member: Member, raw: str, active: Sequence[Member]
) -> dict[str, Any]:
    if raw.lower() in CLEAR_WORDS:
        return {"deputy_of": None, "deputy_rank": 0}
    principal_id = convert_user_id(raw, ParseContext(ctx.timezone))
    others = [m for m in active if m.id != member.id]
    holders = seat_holders(others)
    if any(m.deputy_of_id == member.id for m in active):
        raise UserError("member.deputy.has_deputies", user=UserRef(member.user_id))
    check_deputy_appointment(member.user_id, principal_id, holders)
    principal = next(m for m in others if m.user_id == principal_id)
    return {"deputy_of": principal, "deputy_rank": next_deputy_rank(principal_id, holders)}


def _notify(notify: Notify, email: str | None) -> Notify:
    """Reminders by email need an address; without one the member hears in the room."""
    if notify is Notify.EMAIL and not email:
        raise UserError("member.notify.needs_email")
    return notify


def _email(raw: str) -> str:
    return convert_email(raw, ParseContext())


def _keep_a_coordinator(member: Member, new_role: Role | None, active: Sequence[Member]) -> None:
    """A group must keep someone who may manage it (a coordinator or the chair)."""
    managing = {Role.CHAIR, Role.COORDINATOR}
    if member.role not in managing or new_role in managing:
        return
    if not any(m.role in managing for m in active if m.id != member.id):
        raise UserError("member.last_coordinator", user=UserRef(member.user_id))


async def current_seats(uow: UnitOfWork, group: Group) -> list[Seat]:
    """The group's voting seats as its active members hold them now."""
    return seats(seat_holders(await uow.members.active(group)))


def seat_holders(members: Sequence[Member]) -> list[SeatHolder]:
    """The seating facts of stored members (for domain.seats and domain.voting)."""
    return [
        SeatHolder(
            user_id=m.user_id,
            organisation=m.organisation,
            votes=m.votes,
            deputy_of=m.deputy_of.user_id if m.deputy_of else None,
            rank=m.deputy_rank,
        )
        for m in members
    ]


def _shown(value: Any) -> Any:
    if isinstance(value, Member):
        return UserRef(value.user_id)
    return value
