import subprocess
import sys
from datetime import UTC, datetime

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from storage import Database
from storage.database import head_revision, newest_revision
from storage.models import Base


async def test_schema_from_migrations_matches_the_models(database: Database) -> None:
    async with database.engine.connect() as connection:
        diff = await connection.run_sync(
            lambda sync: compare_metadata(
                MigrationContext.configure(sync, opts={"compare_type": True}), Base.metadata
            )
        )
    assert diff == []
    assert await database.current_revision() == head_revision()


async def test_a_database_of_the_first_version_upgrades_in_place(database_url: str) -> None:
    db = Database(database_url)
    try:
        await db.migrate("0001")
        created = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
        async with db.engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO groups (id, room_id, name, kind, timezone, language, "
                    "quorum_percent, majority_rule, notice_days, created_by, created_at) VALUES "
                    "(1, '!old:x', 'Alte Gruppe', 'steering', 'Europe/Berlin', 'de', 50, "
                    "'simple', 7, '@c:x', :created)"
                ),
                {"created": created.replace(tzinfo=None) if db.is_sqlite else created},
            )
        await db.migrate()
        assert await db.current_revision() == head_revision()
        async with db.unit_of_work() as uow:
            group = await uow.groups.by_room("!old:x")
            assert group is not None and group.name == "Alte Gruppe"
            assert group.created_at == created
            assert await uow.sync.get() is None  # the newer tables exist and are empty
    finally:
        await db.dispose()


async def test_migrating_twice_changes_nothing(database: Database) -> None:
    await database.migrate()
    assert await database.current_revision() == head_revision()


def test_the_newest_revision_read_from_the_file_names_is_alembics_head() -> None:
    assert newest_revision() == head_revision()


#: Migrates the database named on the command line, then says whether Alembic was imported.
MIGRATE_AND_TELL = """
import asyncio, sys
from storage import Database

async def migrate(url):
    database = Database(url)
    await database.migrate()
    await database.dispose()

asyncio.run(migrate(sys.argv[1]))
print("alembic" in sys.modules)
"""


async def test_a_database_at_the_newest_revision_is_recognised_without_alembic(
    database_url: str,
) -> None:
    """The bot checks the schema at every start; Alembic's import and reading of the
    scripts took a sixth of the start, and are only needed when there is something to do."""
    database = Database(database_url)
    try:
        await database.migrate("0021")
        await database.dispose()

        def migrate_and_tell() -> str:
            return subprocess.run([sys.executable, "-c", MIGRATE_AND_TELL, database_url],
                                  capture_output=True, text=True, check=True).stdout.strip()

        assert migrate_and_tell() == "True"  # one migration behind: Alembic brings it up
        assert await database.current_revision() == head_revision()
        assert migrate_and_tell() == "False"
    finally:
        await database.dispose()


async def test_existing_meeting_dates_take_their_meetings_creation_as_scheduled(
    database_url: str,
) -> None:
    """Migration 0014: dates that existed before it was scheduled at their meeting's
    creation, so no reminder of theirs becomes void."""
    db = Database(database_url)
    created = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    start = datetime(2026, 12, 3, 13, 0, tzinfo=UTC)

    def stored(moment: datetime) -> datetime:
        return moment.replace(tzinfo=None) if db.is_sqlite else moment

    try:
        await db.migrate("0013")
        async with db.engine.begin() as connection:
            await connection.execute(text(
                "INSERT INTO groups (id, room_id, name, kind, timezone, language, "
                "quorum_percent, majority_rule, notice_days, created_by, created_at) VALUES "
                "(1, '!old:x', 'Alte Gruppe', 'steering', 'Europe/Berlin', 'de', 50, "
                "'simple', 7, '@c:x', :created)"), {"created": stored(created)})
            await connection.execute(text(
                "INSERT INTO meetings (id, group_id, number, title, first_start, "
                "duration_minutes, timezone, uid, sequence, cancelled, materialized_until, "
                "created_by, created_at, updated_at) VALUES (1, 1, 1, 'Sitzung', :start, 90, "
                "'Europe/Berlin', 'uid-1', 0, false, :until, '@c:x', :created, :created)"),
                {"start": stored(start), "until": stored(start), "created": stored(created)})
            await connection.execute(text(
                "INSERT INTO occurrences (id, meeting_id, original_start, starts_at, "
                "cancelled, changed) VALUES (1, 1, :start, :start, false, false)"),
                {"start": stored(start)})
        await db.migrate()
        async with db.unit_of_work() as uow:
            group = await uow.groups.by_room("!old:x")
            assert group is not None
            meeting = await uow.meetings.by_number(group, 1)
            assert meeting is not None
            [occurrence] = await uow.meetings.occurrences(meeting)
            assert occurrence.scheduled_at == created
    finally:
        await db.dispose()


async def test_reports_come_in_without_touching_polls_and_what_refers_to_them(
    database_url: str,
) -> None:
    """Migration 0018 copies `polls` on SQLite to add a reference: the answers and decisions
    that refer to a poll stay, and every reference still holds."""
    db = Database(database_url)
    now = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    stamp = now.replace(tzinfo=None) if db.is_sqlite else now
    try:
        await db.migrate("0017")
        async with db.engine.begin() as connection:
            for statement in (
                "INSERT INTO groups (id, room_id, name, kind, timezone, language, quorum_percent,"
                " majority_rule, notice_days, created_by, created_at) VALUES (1, '!r:x', 'G', "
                "'steering', 'Europe/Berlin', 'de', 50, 'simple', 7, '@c:x', :at)",
                "INSERT INTO polls (id, group_id, number, question, options, yes_no, rule, "
                "quorum_percent, mode, secret, state, start_txn_id, created_by, created_at, "
                "status_revision) VALUES (7, 1, 1, 'Frage?', '[]', true, 'simple', 50, 'open', "
                "false, 'closed', 't1', '@c:x', :at, 0)",
                "INSERT INTO poll_answers (poll_id, user_id, answer, event_id, sent_at) VALUES "
                "(7, '@a:x', 'yes', '$e1', :at)",
            ):
                await connection.execute(text(statement), {"at": stamp})
        await db.migrate()
        async with db.engine.connect() as connection:
            answers = (await connection.execute(text(
                "SELECT poll_id, user_id FROM poll_answers"))).all()
            assert [tuple(row) for row in answers] == [(7, "@a:x")]
            if db.is_sqlite:
                broken = (await connection.execute(text("PRAGMA foreign_key_check"))).all()
                assert broken == []
        async with db.unit_of_work() as uow:
            poll = await uow.polls.get(7)
            assert poll is not None and poll.question == "Frage?" and poll.report_id is None
    finally:
        await db.dispose()
