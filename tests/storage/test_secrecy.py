"""A secret poll, read by someone with the whole database and the bot's debug log: nothing
links a voter to a choice — no row, no order of rows, no row version, no time."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import DateTime, select, text

from storage import Database
from storage.models import Base, SecretTally, SecretVoter
from tests.storage.test_polls_and_decisions import group_with_seats, outbox
from tests.support.commands import Runner

VOTERS = {"@anna:x", "@ben:x", "@carla:x", "@deniz:x"}
CHOICES = {"yes", "no", "abstain", "Ja", "Nein", "Enthaltung"}
# Two orders of the same ballots: whatever is stored must not differ in a way that follows
# who voted what.
ORDERS = {
    "carla first": [("@carla:x", "nein"), ("@deniz:x", "ja"), ("@ben:x", "enthaltung")],
    "deniz first": [("@deniz:x", "ja"), ("@ben:x", "enthaltung"), ("@carla:x", "nein")],
}


async def secret_poll(database: Database, ballots: list[tuple[str, str]]) -> None:
    run = Runner(database)
    await group_with_seats(run)
    await run("@coord:x", '!abstimmung "Geheim?" geheim')
    for voter, choice in ballots:
        cast = await run(voter, f"!abstimmen 1 {choice}", room=f"!dm-{voter[1:-2]}:x")
        assert "ist abgegeben" in cast


def physical_order(database: Database) -> str:
    if database.engine.dialect.name == "sqlite":
        return "rowid"
    return "ctid"


@pytest.mark.parametrize("order", list(ORDERS))
async def test_no_row_order_or_version_links_a_voter_to_a_choice(
    database: Database, order: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await secret_poll(database, ORDERS[order])
    position = physical_order(database)
    async with database.unit_of_work() as uow:
        # No row holds a voter and a choice.
        for name, table in Base.metadata.tables.items():
            for row in (await uow.session.execute(select(table))).all():
                values = {str(v) for v in row}
                assert not (values & VOTERS and values & CHOICES), f"{name} links {row}"
        # The counters stand in the answers' order, whoever voted first.
        counters = (await uow.session.execute(text(
            f"SELECT answer, count FROM secret_tallies ORDER BY {position}"))).all()
        assert [tuple(c) for c in counters] == [("yes", 1), ("no", 1), ("abstain", 1)]
        if database.engine.dialect.name == "postgresql":
            versions = (await uow.session.execute(text(
                "SELECT DISTINCT xmin::text FROM secret_tallies"))).all()
            assert len(versions) == 1, "each ballot rewrites every counter"
    # Neither table has a time, a serial number or anything but seat, voter, answer, count.
    for model in (SecretVoter, SecretTally):
        columns = model.__table__.columns
        assert not [c.name for c in columns if isinstance(c.type, DateTime)
                    or c.autoincrement is True]
        assert {c.name for c in columns} <= {"poll_id", "seat", "voter", "answer", "count"}
    # The debug log names no choice next to a voter.
    for record in caplog.records:
        message = record.getMessage()
        assert not (any(v in message for v in VOTERS)
                    and any(c.lower() in message.lower().split() for c in CHOICES)), message
    results = [m.content["body"] for m in await outbox(database)
               if "ist beendet" in m.content.get("body", "")]
    assert len(results) == 1 and "Ja 1, Nein 1, Enthaltung 1" in results[0], \
        "every seat voted: closed, counted"
