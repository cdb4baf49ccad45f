"""Every row of every table, for tests that show a command changed nothing."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from storage import Database
from storage.models import Base


async def dump(database: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Each table's rows in primary-key order, as plain tuples."""
    found: dict[str, list[tuple[Any, ...]]] = {}
    async with database.unit_of_work() as uow:
        for table in Base.metadata.sorted_tables:
            query = select(table).order_by(*table.primary_key.columns)
            found[table.name] = [tuple(row) for row in (await uow.session.execute(query)).all()]
    return found
