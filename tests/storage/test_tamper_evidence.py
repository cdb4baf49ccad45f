"""The decision log behind the bot's back: a row changed, deleted, inserted or moved is found
by `!beschluss prüfen` and by `kimbot verify-log`, each naming the first broken entry."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from domain.decision_log import entry_hash
from storage import Database
from storage.models import Decision
from tests.storage.test_cli import kimbot, write_config
from tests.storage.test_commands_on_database import Runner
from tests.storage.test_polls_and_decisions import group_with_seats

# What is done to a log of five entries (ids 1–5, numbers 2026/001–005), and what verifying
# must then name: the first entry, in log order, at which the chain does not hold.
TAMPERING = {
    "text changed": (["UPDATE decisions SET text = 'Anders beschlossen.' WHERE id = 3"],
                     "2026/003", "content"),
    "outcome changed": (["UPDATE decisions SET outcome = 'rejected' WHERE id = 2"],
                        "2026/002", "content"),
    "recorder changed": (["UPDATE decisions SET recorded_by = '@eve:x' WHERE id = 5"],
                         "2026/005", "content"),
    "entry deleted": (["DELETE FROM decisions WHERE id = 3"], "2026/004", "link"),
    "entry inserted": ([
        # Room is made after entry 2 for a forged entry 2026/099, linked to entry 2 and with
        # its hash computed just as the bot computes one (see `forge`): the genuine entry 3
        # no longer links to what now stands before it.
        *(f"UPDATE decisions SET id = {i + 10} WHERE id = {i}" for i in (5, 4, 3)),
        "FORGE",
    ], "2026/003", "link"),
    "entries swapped": ([
        "UPDATE decisions SET sequence = 900 + sequence WHERE id IN (2, 4)",
        "UPDATE decisions SET id = 99 WHERE id = 2",
        "UPDATE decisions SET id = 2 WHERE id = 4",
        "UPDATE decisions SET id = 4 WHERE id = 99",
        "UPDATE decisions SET sequence = sequence - 900 WHERE sequence > 900",
    ], "2026/004", "link"),
}


async def forge(session: AsyncSession) -> None:
    """Insert entry 2026/099 after entry 2, hashed and linked as the bot would do it."""
    genuine = await session.get(Decision, 2)
    assert genuine is not None
    forged = Decision(id=3, group_id=genuine.group_id, year=genuine.year, sequence=99,
                      text="Untergeschoben.", decided_at=genuine.decided_at,
                      outcome=genuine.outcome, recorded_by=genuine.recorded_by,
                      previous_hash=genuine.hash, hash="")
    forged.hash = entry_hash(forged.hashed_content(None), genuine.hash)
    session.add(forged)
    await session.flush()


@pytest.mark.parametrize("tampering", list(TAMPERING))
async def test_tampering_is_found_and_the_first_broken_entry_named(
    database: Database, database_url: str, tmp_path: Path, tampering: str
) -> None:
    run = Runner(database)
    await group_with_seats(run)
    for n in range(1, 6):
        await run("@coord:x", f"!beschluss erfassen Beschluss Nummer {n}.")
    assert "unverändert (5 Einträge geprüft)" in await run("@carla:x", "!beschluss prüfen")
    statements, number, reason = TAMPERING[tampering]
    async with database.unit_of_work() as uow:
        for statement in statements:
            if statement == "FORGE":
                await forge(uow.session)
            else:
                await uow.session.execute(text(statement))

    reply = await run("@carla:x", "!beschluss prüfen")
    expected = {"content": f"Beschluss {number} wurde nachträglich verändert",
                "link": f"Vor Beschluss {number} wurde ein Eintrag verändert oder entfernt"}
    assert reply.startswith("Achtung: " + expected[reason]), reply
    code, output = await kimbot(write_config(tmp_path, database_url), "verify-log")
    assert code == 1
    assert f"BROKEN at decision {number}" in output, output
