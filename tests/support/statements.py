"""How many SQL statements a piece of work sends: the measure of "one query for all groups"
that does not depend on the machine's speed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from storage import Database


class StatementCount:
    def __init__(self) -> None:
        self.statements = 0

    def __call__(self, *_: object) -> None:
        self.statements += 1


@contextmanager
def counting_statements(database: Database) -> Iterator[StatementCount]:
    count = StatementCount()
    event.listen(database.engine.sync_engine, "before_cursor_execute", count)
    try:
        yield count
    finally:
        event.remove(database.engine.sync_engine, "before_cursor_execute", count)
