"""A counter of committed changes to what calendars show, for caches outside the database.

The calendar feeds keep their rendered bytes and ETag in memory and serve them while nothing
they show has changed. What they show reaches into many tables (meetings, their dates and
agendas, answers, members, group settings, feed links), so the rule is the other way round:
every committed change invalidates, except changes to the tables named below, which no calendar
reads — among them the ones written with every event (journal, outbox, sync position) and every
vote. A table added later invalidates until it is listed here.

The counter moves *after* the commit. A reader takes the counter before it reads the data and
files what it built under that number, so data committed while it read makes its copy stale at
once instead of being missed.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

#: Tables no calendar feed reads.
NOT_IN_CALENDARS = frozenset({
    "handled_events", "outbox", "sync_state", "known_rooms", "direct_rooms",
    "polls", "poll_answers", "poll_refusals", "secret_voters", "secret_tallies",
    "decisions", "sent_reminders", "outgoing_mail", "item_events", "alembic_version",
})

_TOUCHED = "calendar_touched"


class CalendarChanges:
    """Counts commits that changed something a calendar shows (one counter per database)."""

    def __init__(self) -> None:
        self.version = 0

    def watch(self, session_class: type[Session]) -> None:
        event.listen(session_class, "after_flush", self._after_flush)
        event.listen(session_class, "do_orm_execute", self._on_execute)
        event.listen(session_class, "after_commit", self._after_commit)
        event.listen(session_class, "after_rollback", self._after_rollback)

    def _after_flush(self, session: Session, _: UOWTransaction) -> None:
        for instance in (*session.new, *session.dirty, *session.deleted):
            if _table_of(instance) not in NOT_IN_CALENDARS:
                session.info[_TOUCHED] = True
                return

    def _on_execute(self, state: ORMExecuteState) -> None:
        if not (state.is_insert or state.is_update or state.is_delete):
            return
        table = getattr(state.statement, "table", None)
        if getattr(table, "name", None) not in NOT_IN_CALENDARS:
            state.session.info[_TOUCHED] = True

    def _after_commit(self, session: Session) -> None:
        if session.info.pop(_TOUCHED, False):
            self.version += 1

    def _after_rollback(self, session: Session) -> None:
        session.info.pop(_TOUCHED, None)


def _table_of(instance: Any) -> str | None:
    table = getattr(type(instance), "__table__", None)
    return getattr(table, "name", None)
