"""People's names as the group shows them: „Dr. Anna Weber“ rather than `@aweber:stadt.de`."""

from __future__ import annotations

#: A name is kept in 200 characters, like an organisation's.
NAME_LENGTH = 200


def clean_name(value: str | None) -> str | None:
    """A name as typed or as a Matrix client set it: control characters dropped, runs of
    white space made one space, at most `NAME_LENGTH` characters; None if nothing is left."""
    if value is None:
        return None
    text = " ".join("".join(c for c in value if c.isprintable() or c.isspace()).split())
    return text[:NAME_LENGTH] or None


def localpart(user_id: str) -> str:
    """`anna` of `@anna:stadt.example`."""
    return user_id.removeprefix("@").partition(":")[0]


def matrix_display_name(user_id: str, display_name: str | None) -> str | None:
    """The display name from the member's Matrix profile, if it says more than the id: a
    homeserver that was never told a name shows the localpart, which names no one."""
    name = clean_name(display_name)
    if name is None or name.lower() in (localpart(user_id).lower(), user_id.lower()):
        return None
    return name


def shown_name(user_id: str, name: str | None, matrix_name: str | None) -> str:
    """The name set with `name=` wins over the Matrix display name; the id is the last word."""
    return name or matrix_name or user_id
