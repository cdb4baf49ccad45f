"""The engine, sessions and migrations for one database (SQLite file or PostgreSQL)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.orm import Session

from storage.changes import CalendarChanges, PublishedChanges
from storage.sqlite import inline_dbapi
from storage.unit_of_work import UnitOfWork

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"

log = logging.getLogger(__name__)


class Database:
    """Owns the engine; hands out units of work; applies migrations."""

    def __init__(self, url: str | URL, *, echo: bool = False, read_only: bool = False) -> None:
        """`read_only`: for a second connection that only reads (`storage.reader`); its
        transactions take no write lock, so they never hold up the bot's writes."""
        self.url = make_url(url)
        if self.is_sqlite:
            self._ensure_sqlite_directory()
            self.engine: AsyncEngine = create_async_engine(
                self.url, echo=echo, connect_args={"timeout": 30}, module=inline_dbapi()
            )
            _use_explicit_sqlite_transactions(self.engine, "BEGIN" if read_only
                                              else "BEGIN IMMEDIATE")
        else:
            self.engine = create_async_engine(
                self.url, echo=echo, pool_pre_ping=True,
                **({"execution_options": READER_OPTIONS} if read_only else {}))
        # A session class of its own, so the change counter hears this database's sessions only.
        session_class = type("KimbotSession", (Session,), {})
        #: Bumped by every commit that changed something a calendar shows.
        self.calendar_changes = CalendarChanges()
        self.calendar_changes.watch(session_class)
        #: Bumped by every commit that changed something the web shows (OParl, pages).
        self.published_changes = PublishedChanges()
        self.published_changes.watch(session_class)
        self.sessions = async_sessionmaker(
            self.engine, expire_on_commit=False, sync_session_class=session_class
        )

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    def _ensure_sqlite_directory(self) -> None:
        database = self.url.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)

    @asynccontextmanager
    async def unit_of_work(self) -> AsyncIterator[UnitOfWork]:
        """One transaction: everything done inside commits together or not at all."""
        async with self.sessions() as session, session.begin():
            yield UnitOfWork(session)

    async def migrate(self, revision: str = "head") -> None:
        """Bring the schema to `revision` (default: the newest), in place.

        SQLite alters a table by copying it; dropping the original would trip over the rows
        that refer to it. So, as Alembic advises, references are not enforced while the
        migration runs (outside its transaction: SQLite ignores the switch inside one) and
        are all checked before it commits.

        A database already at the newest revision is recognised without Alembic, whose
        import and reading of the migration scripts took a sixth of the bot's start."""
        if revision == "head" and await self.current_revision() == newest_revision():
            return
        async with self.engine.connect() as connection:
            if self.is_sqlite:
                await connection.run_sync(_sqlite_pragma, "foreign_keys=OFF")
            try:
                async with connection.begin():
                    await connection.run_sync(_upgrade, revision)
                    if self.is_sqlite:
                        await connection.run_sync(_references_hold)
            finally:
                if self.is_sqlite:
                    await connection.run_sync(_sqlite_pragma, "foreign_keys=ON")

    async def current_revision(self) -> str | None:
        """The revision in Alembic's version table, read with plain SQL (None if there is no
        such table yet, or more than one revision: a case left to Alembic)."""
        async with self.engine.connect() as connection:
            return await connection.run_sync(_version_in_table)

    async def dispose(self) -> None:
        """Close the connections — but do not wait for ever on one whose server side is
        gone (a connection from before a database restart may never see its close
        answered): the process is ending anyway."""
        try:
            await asyncio.wait_for(self.engine.dispose(), DISPOSE_TIMEOUT)
        except TimeoutError:
            log.warning("database connections not closed within %d s; leaving them",
                        DISPOSE_TIMEOUT)


#: A PostgreSQL reader's transactions: read-only, and one snapshot for all their statements
#: (as SQLite's WAL gives a reader), so a record read in several queries is of one moment.
READER_OPTIONS = {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}

#: How long closing the connections may take at the end.
DISPOSE_TIMEOUT = 10


# Alembic is imported where a migration or a revision is looked at, not with the database:
# commands that only read (`kimbot verify-log`) start a third of a second sooner.


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def newest_revision() -> str:
    """The newest migration's revision, from the file names: each script is `NNNN_what.py`
    with revision "NNNN", one after the other (a test holds this to Alembic's own head)."""
    scripts = (MIGRATIONS / "versions").glob("[0-9][0-9][0-9][0-9]_*.py")
    return max(script.name[:4] for script in scripts)


def _version_in_table(connection: Connection) -> str | None:
    if not inspect(connection).has_table(VERSION_TABLE):
        return None
    revisions = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars()
    recorded = revisions.all()
    return recorded[0] if len(recorded) == 1 else None


#: Where Alembic records the schema's revision (its default name).
VERSION_TABLE = "alembic_version"


def _upgrade(connection: Connection, revision: str) -> None:
    from alembic import command

    command.upgrade(alembic_config(connection), revision)


def _sqlite_pragma(connection: Connection, setting: str) -> None:
    """A PRAGMA on the driver's connection itself, outside any transaction."""
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    cursor.execute(f"PRAGMA {setting}")
    cursor.close()


def _references_hold(connection: Connection) -> None:
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        raise RuntimeError(f"migration left {len(broken)} broken references, e.g. {broken[0]}")


def _use_explicit_sqlite_transactions(engine: AsyncEngine, begin: str) -> None:
    """Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.

    The sqlite3 driver starts transactions lazily and breaks SAVEPOINT; this is SQLAlchemy's
    documented recipe. `BEGIN IMMEDIATE` takes the write lock up front, so two writers in the
    bot wait for each other instead of failing with "database is locked". A reader's plain
    (deferred) `BEGIN` takes no lock: in WAL mode it reads one committed state beside the writer.

    `synchronous=NORMAL` is SQLite's recommended level for WAL: a commit survives a crash or
    kill of the process (the WAL is written before the commit returns) and the database stays
    consistent after a power cut, which may lose the last commits but never half of one. Such
    lost events are read again from the stored sync position and handled anew; their messages
    carry the same transaction ids, so the homeserver does not show them twice.
    """

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql(begin)
