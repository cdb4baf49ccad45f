"""Every group's decision log read straight from the database driver, for `kimbot verify-log`.

The verifier is a command of its own that reads each entry once. It needs neither SQLAlchemy
nor the bot's models (importing them is half of its run), and reading past them means the
check does not go through the code that wrote the entries: what it hashes is what the
database holds. Both readers turn a row into the same `StoredEntry` the bot's own check uses
(`storage.decisions`), so the two cannot disagree on what an entry's content is.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote

from domain.decision_log import ChainLink, StoredEntry, chain_links
from domain.utc import as_utc


@dataclass(frozen=True)
class GroupLog:
    group_id: int
    #: The group's name, or `#id` for entries whose group row is gone.
    name: str
    links: list[ChainLink]


_GROUPS = "SELECT id, name FROM groups"
# `group_id` first, then the entry as `StoredEntry` lists its fields.
_ENTRIES = (f"SELECT group_id, {', '.join(StoredEntry._fields)} FROM decisions "
            "ORDER BY group_id, id")
_DECIDED_AT = StoredEntry._fields.index("decided_at")
_JSON = tuple(StoredEntry._fields.index(name)
              for name in ("counting", "votes", "report", "document"))


async def read_logs(url: str) -> list[GroupLog]:
    """The logs of every group with entries, by group id, each in log order; `url` is the
    configured `database.url` (`sqlite+aiosqlite://…` or `postgresql+asyncpg://…`)."""
    scheme, _, rest = url.partition("://")
    if scheme == "sqlite+aiosqlite":
        names, rows = _read_sqlite(rest.partition("?")[0].removeprefix("/"))
    elif scheme == "postgresql+asyncpg":
        names, rows = await _read_postgres(f"postgresql://{rest}")
    else:
        raise ValueError(f"not a database kimbot uses: {scheme}://")
    return [
        GroupLog(group_id, names.get(group_id, f"#{group_id}"),
                 chain_links(group_id, [_entry(row[1:]) for row in group_rows]))
        for group_id, group_rows in itertools.groupby(rows, key=lambda row: row[0])
    ]


def _read_sqlite(path: str) -> tuple[dict[int, str], Sequence[Sequence[Any]]]:
    # Read-only: verifying never creates a database file that was not there.
    connection = sqlite3.connect(f"file:{quote(path)}?mode=ro", uri=True, isolation_level=None)
    try:
        connection.execute("BEGIN")  # both reads see one state of the file
        names = dict(connection.execute(_GROUPS).fetchall())
        rows = connection.execute(_ENTRIES).fetchall()
        connection.execute("COMMIT")
        return names, rows
    finally:
        connection.close()


async def _read_postgres(dsn: str) -> tuple[dict[int, str], Sequence[Sequence[Any]]]:
    import asyncpg  # only for PostgreSQL

    connection = await asyncpg.connect(dsn)
    try:
        async with connection.transaction(isolation="repeatable_read", readonly=True):
            names = {row[0]: row[1] for row in await connection.fetch(_GROUPS)}
            rows = [tuple(row) for row in await connection.fetch(_ENTRIES)]
        return names, rows
    finally:
        await connection.close()


def _entry(values: Sequence[Any]) -> StoredEntry:
    """A row as the bot's models read it: the time in UTC (SQLite keeps it without a zone),
    JSON parsed (both drivers hand it over as text)."""
    fields = list(values)
    decided_at = fields[_DECIDED_AT]
    if isinstance(decided_at, str):
        decided_at = datetime.fromisoformat(decided_at)
    fields[_DECIDED_AT] = as_utc(decided_at)
    for index in _JSON:
        if fields[index] is not None:
            fields[index] = json.loads(fields[index])
    return StoredEntry(*fields)
