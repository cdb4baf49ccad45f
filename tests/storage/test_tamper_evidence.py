"""The decision log behind the bot's back: a row changed, deleted, inserted or moved is found
by `!beschluss prüfen` and by `kimbot verify-log`, each naming the first broken entry."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from domain.decision_log import entry_hash
from storage import Database
from storage.audit import read_logs
from storage.models import Decision
from tests.storage.test_agenda_reports import PDF
from tests.storage.test_cli import kimbot, write_config
from tests.storage.test_polls_and_decisions import group_with_seats
from tests.support.commands import Runner

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
    assert "unverändert (geprüfte Einträge: 5)" in await run("@carla:x", "!beschluss prüfen")
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


async def test_the_operator_reads_every_kind_of_entry_as_the_bot_does(
    database: Database, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`kimbot verify-log` reads past the bot's models (`storage.audit`): an entry with
    votes, a tally, a cited report and a correction must come out exactly as the bot reads
    it, or an intact log would be reported broken (or a changed one intact)."""
    run = Runner(database)
    await group_with_seats(run)
    await run("@coord:x", "!termin ansetzen 3.12.2026 14:00")
    run.reply_to_file = PDF
    await run("@anna:x", '!bericht einreichen 1 "Sprachkurse für Geflüchtete"')
    await run("@coord:x", "!beschluss erfassen Der Bericht wird angenommen. report=1")
    await run("@coord:x", '!abstimmung "Wird der Bericht beauftragt?" report=1')
    for voter in ("@anna:x", "@carla:x", "@deniz:x"):
        await run(voter, "!vote 1 ja")
    await run("@coord:x", "!beschluss erfassen Berichtigung: Ärger statt Arger corrects=2026/001")
    await run("@coord:x", "!setup Arbeitsgruppe", room="!ag:x")
    await run("@coord:x", "!beschluss erfassen In der Arbeitsgruppe.", room="!ag:x")

    async with database.unit_of_work() as uow:
        held = {group_id: await uow.decisions.chain(group_id)
                for group_id in await uow.decisions.group_ids()}
    read = await read_logs(database_url)
    assert {log.group_id: log.links for log in read} == held
    entries = [link.content for links in held.values() for link in links]
    assert entries[1]["votes"] and entries[1]["counting"] and entries[1]["report"]
    assert entries[2]["corrects"] == "2026/001" and len(held) == 2
    assert [log.name for log in read] == ["Lenkungsgruppe", "Arbeitsgruppe"]

    # As a server in Germany runs it: a time read without its zone would count as local time.
    monkeypatch.setenv("TZ", "Europe/Berlin")
    code, output = await kimbot(write_config(tmp_path, database_url), "verify-log")
    assert (code, output) == (0, "Lenkungsgruppe: 3 entries, chain intact\n"
                                 "Arbeitsgruppe: 1 entries, chain intact\n")


async def test_verifying_a_database_that_is_not_there_says_so_and_creates_nothing(
    tmp_path: Path,
) -> None:
    missing = tmp_path / "nirgends" / "kimbot.db"
    config = write_config(tmp_path, f"sqlite+aiosqlite:///{missing}")
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "verify-log", "-c", str(config),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    output, errors = await process.communicate()
    assert process.returncode == 2 and output == b""
    assert errors.decode().startswith("kimbot: cannot read the decision log: "), errors
    assert not missing.parent.exists()
