"""The few statements SQLite and PostgreSQL spell differently, chosen by the session's dialect."""

from __future__ import annotations

import functools
from typing import Any, cast

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncSession


def insert_new(session: AsyncSession, model: type[Any]) -> Any:
    """`INSERT … ON CONFLICT DO NOTHING` into the model's table, to be executed with the row's
    values as parameters: a row whose unique key exists already is skipped, and the result's
    `rowcount` says whether the row was new. Built once per dialect and table (the hot path
    runs it for every event)."""
    return _insert_new(session.get_bind().dialect.name, cast(Table, model.__table__))


@functools.cache
def _insert_new(dialect: str, table: Table) -> Any:
    # Imported here: the other dialect's module is not loaded by a bot that never uses it.
    if dialect == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(table).on_conflict_do_nothing()
    from sqlalchemy.dialects import sqlite

    return sqlite.insert(table).on_conflict_do_nothing()
