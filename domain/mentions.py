"""Whether a message needs an (empty) `m.mentions` to keep it from highlighting anyone.

Before intentional mentions (Matrix 1.7), clients and homeservers highlighted a message for
everyone whose display name or user-id localpart it contains as a word, and for the whole room
when it says „@room“ (the push rules `.m.rule.contains_display_name`,
`.m.rule.contains_user_name` and `.m.rule.roomnotif`). These legacy rules are skipped for an
event that carries `m.mentions` — so a listing of names carries an empty one. Synapse checks
that field against a JSON schema for every event that has it (a few milliseconds a message,
measured in `bench/RESULTS.md`), so an answer in which none of the legacy rules can fire for
anyone in the room goes without it: who is notified stays the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from domain.names import localpart

#: Characters a push rule's pattern reads as a glob: a name with them may match text that
#: does not contain the name itself.
GLOB_CHARACTERS = frozenset("*?[")

ROOM_MENTION = "@room"


@dataclass(frozen=True)
class RoomPerson:
    """Someone in the room, as the room's state has them (joined or invited)."""

    user_id: str
    display_name: str | None = None


def could_highlight(body: str, people: Iterable[RoomPerson], sender: str | None = None) -> bool:
    """Whether one of the legacy mention rules could highlight `body` for someone in the room
    but its sender (a homeserver does not notify the sender of their own message).

    The rules' word match is Synapse's: the pattern, case ignored, not preceded or followed
    by a letter, digit or „_“ that would continue a word. Case is compared by full case
    folding (`_folded`), which equates at least what a case-blind match does; a name with
    glob characters counts as found, since as a pattern it may match other text. So the
    answer may be yes where no rule would fire, never no where one would.
    """
    text = _folded(body)
    if _found_as_word(ROOM_MENTION, text):
        return True
    for person in people:
        if person.user_id == sender:
            continue
        for pattern in (localpart(person.user_id), person.display_name):
            if pattern and _found_as_word(_folded(pattern), text):
                return True
    return False


def _folded(text: str) -> str:
    """Full case folding, and the Turkish dotted „İ“ and dotless „ı“ as „i“: a case-blind
    match may take „I“ for „ı“ and „i“ for „İ“, which case folding keeps apart („ı“ stays,
    „İ“ becomes „i̇“) — a member named „Işık“ would otherwise go unprotected in „IŞIK“."""
    return text.replace("İ", "i").replace("ı", "i").casefold()


def _found_as_word(pattern: str, text: str) -> bool:
    if GLOB_CHARACTERS.intersection(pattern):
        return True
    # Most names are not in a text at all: the plain search spares the regular expression.
    return pattern in text and _word_pattern(pattern).search(text) is not None


@lru_cache(maxsize=4096)
def _word_pattern(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?:^|\b|\W){re.escape(pattern)}(?:\b|\W|$)")
