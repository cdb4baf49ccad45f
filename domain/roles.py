"""Roles in a group and what each may do (SPEC.md, "Groups and roles")."""

from __future__ import annotations

from enum import Enum, StrEnum


class Role(StrEnum):
    CHAIR = "chair"  # Vorsitz
    COORDINATOR = "coordinator"  # Geschäftsstelle
    MEMBER = "member"  # stimmberechtigtes Mitglied
    ADVISOR = "advisor"  # beratendes Mitglied
    GUEST = "guest"


class Notify(StrEnum):
    """How a member hears from the bot: in the room, or in the room and by email too."""

    MATRIX = "matrix"
    EMAIL = "email"


#: German words a coordinator may type instead of the English role names.
ROLE_ALIASES: dict[str, Role] = {
    "vorsitz": Role.CHAIR,
    "geschäftsstelle": Role.COORDINATOR,
    "koordination": Role.COORDINATOR,
    "mitglied": Role.MEMBER,
    "stimmberechtigt": Role.MEMBER,
    "beratend": Role.ADVISOR,
    "gast": Role.GUEST,
}


class Access(Enum):
    """Who may run a command. Each level names the roles it admits."""

    EVERYONE = "everyone"  # anyone in the room, registered or not
    PARTICIPANT = "participant"  # any registered member of the group, guests included
    CONTRIBUTOR = "contributor"  # may add items and agenda points
    COORDINATOR = "coordinator"  # manages members, items, meetings, polls, the log


_ADMITTED: dict[Access, frozenset[Role]] = {
    Access.EVERYONE: frozenset(Role),
    Access.PARTICIPANT: frozenset(Role),
    Access.CONTRIBUTOR: frozenset({Role.CHAIR, Role.COORDINATOR, Role.MEMBER, Role.ADVISOR}),
    Access.COORDINATOR: frozenset({Role.CHAIR, Role.COORDINATOR}),
}


def may_run(role: Role | None, access: Access) -> bool:
    """Whether someone with `role` (None: not a member of the group) may run a command."""
    if access is Access.EVERYONE:
        return True
    return role is not None and role in _ADMITTED[access]


def admitted_roles(access: Access) -> list[Role]:
    """The roles `access` admits, in the order of the role table (for refusal messages)."""
    return [role for role in Role if role in _ADMITTED[access]]


def votes_by_default(role: Role) -> bool:
    """Chair and members vote; a coordinator votes only when explicitly listed as voting."""
    return role in (Role.CHAIR, Role.MEMBER)


#: Roles that never vote, whatever a member's own setting says.
NEVER_VOTING = (Role.ADVISOR, Role.GUEST)


def may_vote(role: Role, voting_override: bool | None) -> bool:
    """Voting right of a member: the explicit setting if any, else the role's default.

    Advisors and guests never vote, whatever the setting says: SPEC.md counts them neither
    toward quorum nor majority.
    """
    if role in NEVER_VOTING:
        return False
    if voting_override is not None:
        return voting_override
    return votes_by_default(role)
