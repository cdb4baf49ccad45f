"""What the calendar change counter can tell about the commits after a version."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from storage.changes import (
    NOT_IN_CALENDARS,
    NOT_ON_THE_WEB,
    REMEMBERED,
    CalendarChanges,
    Touched,
)
from storage.repositories import BOOKKEEPING_TABLES


def commit(changes: CalendarChanges, touched: Touched | None) -> None:
    session: Any = SimpleNamespace(info={} if touched is None else {"calendar_touched": touched})
    changes._after_commit(session)


def test_the_meetings_touched_since_a_version_are_gathered() -> None:
    changes = CalendarChanges()
    commit(changes, Touched(meetings={1}))
    start = changes.version
    commit(changes, Touched(occurrences={7}))
    commit(changes, None)  # a commit no calendar shows moves nothing
    commit(changes, Touched(meetings={2}))
    assert changes.version == start + 2
    assert changes.since(start) == Touched(meetings={2}, occurrences={7})
    assert changes.since(changes.version) == Touched()


def test_a_change_to_everything_or_out_of_memory_is_unknown() -> None:
    changes = CalendarChanges()
    commit(changes, Touched(meetings={1}))
    commit(changes, Touched(everything=True))
    assert changes.since(0) is None
    start = changes.version
    for meeting in range(REMEMBERED):
        commit(changes, Touched(meetings={meeting}))
    assert changes.since(start) is not None, "the last REMEMBERED commits are known"
    assert changes.since(start - 1) is None, "one further back is not"


def test_the_tables_written_past_the_session_are_shown_by_no_cache() -> None:
    # Written on the connection, they never reach the counters' listeners: a table added
    # there must be one that neither the feeds nor the web show.
    assert BOOKKEEPING_TABLES <= NOT_IN_CALENDARS & NOT_ON_THE_WEB
