"""Power levels as Matrix defines them, including room version 12's privileged creators.

Since room version 12, the room's creators (the sender of `m.room.create` and its
`additional_creators`) outrank everyone and are not listed in `m.room.power_levels`.
"""

from __future__ import annotations

from typing import Any

#: A creator's power in version 12+ rooms: above any level `m.room.power_levels` can grant.
CREATOR_POWER = 2**53


def creators_are_privileged(room_version: str) -> bool:
    if room_version.isdigit():
        return int(room_version) >= 12
    return room_version.startswith("org.matrix.hydra")


def power_level(user_id: str, state: list[dict[str, Any]]) -> int:
    """`user_id`'s power level in a room whose current state events are `state`."""
    create = _state_event(state, "m.room.create")
    levels = _state_event(state, "m.room.power_levels")
    if create is not None:
        content = create.get("content", {})
        version = str(content.get("room_version", "1"))
        creators = {create.get("sender"), *content.get("additional_creators", [])}
        if creators_are_privileged(version) and user_id in creators:
            return CREATOR_POWER
        if levels is None:
            # Without a power-levels event the creator has 100 and everyone else 0.
            return 100 if user_id == create.get("sender") else 0
    if levels is None:
        return 0
    content = levels.get("content", {})
    value = content.get("users", {}).get(user_id, content.get("users_default", 0))
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _state_event(state: list[dict[str, Any]], event_type: str) -> dict[str, Any] | None:
    for event in state:
        if event.get("type") == event_type and event.get("state_key", "") == "":
            return event
    return None
