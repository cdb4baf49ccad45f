"""Seats and deputies (Stellvertretung).

Voting is by seat: each voting member who stands in for no one holds one seat; deputies are
attached to a principal's seat in the order they were appointed. These functions decide who
holds which seat and whether an appointment is allowed; counting votes per seat builds on them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from domain.errors import UserError


@dataclass(frozen=True)
class SeatHolder:
    """The facts about one active member that seating depends on."""

    user_id: str
    organisation: str
    votes: bool
    deputy_of: str | None = None
    #: Order of appointment among the deputies of one principal (lower is asked first).
    rank: int = 0


@dataclass(frozen=True)
class Seat:
    principal: str
    organisation: str
    deputies: tuple[str, ...] = field(default=())


def seats(members: Iterable[SeatHolder]) -> list[Seat]:
    """The group's voting seats, each with its deputies in the order they are asked."""
    members = list(members)
    principals = [m for m in members if m.votes and m.deputy_of is None]
    by_principal: dict[str, list[SeatHolder]] = {p.user_id: [] for p in principals}
    for member in members:
        if member.deputy_of in by_principal:
            by_principal[member.deputy_of].append(member)
    return [
        Seat(
            principal=p.user_id,
            organisation=p.organisation,
            deputies=tuple(d.user_id for d in sorted(by_principal[p.user_id], key=_rank)),
        )
        for p in principals
    ]


def _rank(holder: SeatHolder) -> tuple[int, str]:
    return (holder.rank, holder.user_id)


def check_deputy_appointment(
    deputy: str, principal: str, members: Sequence[SeatHolder]
) -> None:
    """Raise `UserError` unless `deputy` may stand in for `principal`'s seat.

    `members` are the group's active members as they are now (the deputy may or may not be
    among them yet).
    """
    if deputy == principal:
        raise UserError("member.deputy.self", user=deputy)
    by_id = {m.user_id: m for m in members}
    holder = by_id.get(principal)
    if holder is None:
        raise UserError("member.deputy.principal_unknown", principal=principal)
    if holder.deputy_of is not None:
        raise UserError(
            "member.deputy.principal_is_deputy", principal=principal, of=holder.deputy_of
        )
    if not holder.votes:
        raise UserError("member.deputy.principal_not_voting", principal=principal)
    if any(m.deputy_of == deputy for m in members):
        raise UserError("member.deputy.has_deputies", user=deputy)


def next_deputy_rank(principal: str, members: Iterable[SeatHolder]) -> int:
    """The rank a newly appointed deputy of `principal` gets: after all existing ones."""
    ranks = [m.rank for m in members if m.deputy_of == principal]
    return max(ranks, default=-1) + 1
