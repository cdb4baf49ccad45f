"""A counter of committed changes to what calendars show, for caches outside the database —
and, for recent changes, which meetings they touched.

The calendar feeds keep their rendered bytes and ETag in memory and serve them while nothing
they show has changed. What they show reaches into many tables (meetings, their dates and
agendas, answers, members, group settings, feed links), so the rule is the other way round:
every committed change invalidates, except changes to the tables named below, which no calendar
reads — among them the ones written with every event (journal, outbox, sync position) and every
vote. A table added later invalidates until it is listed here.

A change to a meeting, one of its dates, an answer or an agenda entry — the everyday changes —
is also noted with the meeting or date it belongs to, so a feed of a thousand meetings renders
one of them again, not all. Anything else (a member, a group setting, a bulk statement) is a
change to everything.

The counter moves *after* the commit. A reader takes the counter before it reads the data and
files what it built under that number, so data committed while it read makes its copy stale at
once instead of being missed.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

#: Tables no calendar feed reads.
NOT_IN_CALENDARS = frozenset({
    "handled_events", "outbox", "sync_state", "known_rooms", "direct_rooms",
    "polls", "poll_answers", "poll_refusals", "secret_voters", "secret_tallies",
    "decisions", "sent_reminders", "outgoing_mail", "items", "item_events",
    "meeting_messages", "presence", "deputy_requests", "agenda_proposals", "people",
    "inbound_mail", "alembic_version",
})

#: How many commits back `CalendarChanges.since` can tell what changed.
REMEMBERED = 512


@dataclass
class Touched:
    """What a transaction (or several) changed that calendars show."""

    everything: bool = False
    meetings: set[int] = field(default_factory=set)
    occurrences: set[int] = field(default_factory=set)

    def add(self, other: Touched) -> None:
        self.everything |= other.everything
        self.meetings |= other.meetings
        self.occurrences |= other.occurrences


class ChangeCounter:
    """Counts commits that wrote to a table outside `ignored` (one counter per database and
    reader of the data). What a transaction changed is noted in its session as it flushes or
    executes a bulk statement, and counted after the commit; a rollback forgets it."""

    #: Tables whose changes do not count.
    ignored: frozenset[str] = frozenset()
    #: Where a transaction's changes are noted in `Session.info`.
    info_key = "changed"

    def __init__(self) -> None:
        self.version = 0

    def watch(self, session_class: type[Session]) -> None:
        event.listen(session_class, "after_flush", self._after_flush)
        event.listen(session_class, "do_orm_execute", self._on_execute)
        event.listen(session_class, "after_commit", self._after_commit)
        event.listen(session_class, "after_rollback", self._after_rollback)

    def _flushed(self, session: Session) -> tuple[Any, ...]:
        return (*session.new, *session.dirty, *session.deleted)

    def _note(self, session: Session, instance: Any, table: str | None) -> None:
        """One changed row of a counted table."""
        session.info[self.info_key] = True

    def _note_bulk(self, session: Session) -> None:
        """A bulk statement on a counted table: rows unknown."""
        session.info[self.info_key] = True

    def _counted(self, change: Any) -> None:
        """Called after the counter moved for a commit, with what it noted."""

    def _after_flush(self, session: Session, _: UOWTransaction) -> None:
        for instance in self._flushed(session):
            table = _table_of(instance)
            if table not in self.ignored:
                self._note(session, instance, table)

    def _on_execute(self, state: ORMExecuteState) -> None:
        if not (state.is_insert or state.is_update or state.is_delete):
            return
        table = getattr(state.statement, "table", None)
        if getattr(table, "name", None) not in self.ignored:
            self._note_bulk(state.session)

    def _after_commit(self, session: Session) -> None:
        change = session.info.pop(self.info_key, None)
        if change is not None:
            self.version += 1
            self._counted(change)

    def _after_rollback(self, session: Session) -> None:
        session.info.pop(self.info_key, None)


class CalendarChanges(ChangeCounter):
    """Counts commits that changed something a calendar shows, and remembers what the last
    `REMEMBERED` of them touched."""

    ignored = NOT_IN_CALENDARS
    info_key = "calendar_touched"

    def __init__(self) -> None:
        super().__init__()
        self._recent: deque[tuple[int, Touched]] = deque(maxlen=REMEMBERED)

    def since(self, version: int) -> Touched | None:
        """What the commits after `version` touched; None where that is no longer known or
        was everything."""
        if version == self.version:
            return Touched()
        if not self._recent or self._recent[0][0] > version + 1:
            return None
        touched = Touched()
        for committed, change in self._recent:
            if committed > version:
                touched.add(change)
        return None if touched.everything else touched

    def _touched(self, session: Session) -> Touched:
        touched: Touched = session.info.setdefault(self.info_key, Touched())
        return touched

    def _flushed(self, session: Session) -> tuple[Any, ...]:
        # `dirty` also holds objects whose collections alone changed (a meeting gaining an
        # answer's date): what they show changed only if one of their own columns did.
        modified = [i for i in session.dirty if session.is_modified(i, include_collections=False)]
        return (*session.new, *modified, *session.deleted)

    def _note(self, session: Session, instance: Any, table: str | None) -> None:
        touched = self._touched(session)
        if table == "meetings":
            touched.meetings.add(instance.id)
        elif table == "occurrences":
            touched.meetings.add(instance.meeting_id)
        elif table in ("rsvps", "agenda_entries"):
            touched.occurrences.add(instance.occurrence_id)
        else:
            touched.everything = True

    def _note_bulk(self, session: Session) -> None:
        self._touched(session).everything = True

    def _counted(self, change: Touched) -> None:
        self._recent.append((self.version, change))


def _table_of(instance: Any) -> str | None:
    table = getattr(type(instance), "__table__", None)
    return getattr(table, "name", None)


#: Tables nothing published on the web reads (OParl, pages): what changes with every event,
#: votes while a poll runs (only its decision is shown), answers to invitations, open items.
NOT_ON_THE_WEB = frozenset({
    "handled_events", "outbox", "sync_state", "known_rooms", "direct_rooms",
    "polls", "poll_answers", "poll_refusals", "secret_voters", "secret_tallies",
    "sent_reminders", "outgoing_mail", "inbound_mail", "items", "item_events", "rsvps",
    "meeting_messages", "deputy_requests", "agenda_proposals", "roster_imports",
    "calendar_tokens", "alembic_version",
})

class PublishedChanges(ChangeCounter):
    """Counts commits that changed something the web shows, so the web server keeps what it
    built while the counter stands. As for calendars, a table added later counts until it is
    listed in `NOT_ON_THE_WEB`; the counter moves after the commit."""

    ignored = NOT_ON_THE_WEB
    info_key = "web_touched"
