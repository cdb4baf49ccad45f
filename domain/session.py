"""A meeting held in the room: who is there for which seat, and how agenda items are numbered.

Pure functions. A seat is present when its principal is, or — standing in — one of its
deputies; the meeting is quorate by the same rule as a vote (`domain.voting`). Agenda items get
fixed numbers when the session begins; one added during it is numbered after the item being
dealt with: „TOP 4a“, „TOP 4b“.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from domain.seats import Seat
from domain.voting import seats_needed_for_quorum


@dataclass(frozen=True)
class SessionPresence:
    present_seats: int
    seats: int
    needed: int
    #: Deputies present for a principal who is not: deputy → principal.
    standing_in: dict[str, str]

    @property
    def quorate(self) -> bool:
        return self.seats > 0 and self.present_seats >= self.needed


def presence(seats: Sequence[Seat], present: Iterable[str], quorum_percent: int
             ) -> SessionPresence:
    here = set(present)
    standing_in: dict[str, str] = {}
    count = 0
    for seat in seats:
        if seat.principal in here:
            count += 1
            continue
        deputy = next((d for d in seat.deputies if d in here), None)
        if deputy is not None:
            count += 1
            standing_in[deputy] = seat.principal
    return SessionPresence(count, len(seats), seats_needed_for_quorum(len(seats), quorum_percent),
                           standing_in)


Span = tuple[datetime, datetime]


def stood_in(deputy: Sequence[Span], principal: Sequence[Span]) -> bool:
    """Whether a deputy was there at some moment their principal was not (then the minutes
    list them as standing in, not as a guest)."""
    for start, end in deputy:
        moment = start
        for p_start, p_end in sorted(principal):
            if p_start > moment:
                break
            moment = max(moment, p_end)
        if moment < end:
            return True
    return False


_BASE = re.compile(r"\d+")


def label_after(current: str | None, taken: Iterable[str]) -> str:
    """The number of an item added during the session after item `current`: its number with
    the next free letter („4“ → „4a“, „4a“ → „4b“); before the first item, „0a“."""
    match = _BASE.match(current or "")
    base = match.group(0) if match else "0"
    used = set(taken)
    for letter in string.ascii_lowercase:
        if f"{base}{letter}" not in used:
            return f"{base}{letter}"
    return f"{base}z{len(used)}"  # 26 items added after one: numbered on, never refused


def fixed_labels(count: int) -> list[str]:
    """The numbers agenda items get when the session begins: 1, 2, 3 …"""
    return [str(n) for n in range(1, count + 1)]
