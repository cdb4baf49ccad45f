"""The operator's command line on both databases: export-member and verify-log."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot.instance import InstanceLock
from storage import Database
from tests.storage.test_polls_and_decisions import group_with_seats
from tests.support.commands import Runner


async def kimbot(config: Path, *args: str) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, "-c", str(config), stdout=asyncio.subprocess.PIPE
    )
    output, _ = await process.communicate()
    return process.returncode or 0, output.decode()


def write_config(tmp_path: Path, database_url: str) -> Path:
    config = tmp_path / "config.toml"
    config.write_text(
        '[matrix]\nhomeserver = "http://127.0.0.1:9"\nuser_id = "@kimbot:x"\n'
        'password = "unused"\n[bot]\ndata_dir = "data"\n'
        f'[database]\nurl = "{database_url}"\n'
    )
    return config


async def test_export_member_prints_what_the_bot_holds(
    database: Database, database_url: str, tmp_path: Path
) -> None:
    run = Runner(database)
    await group_with_seats(run)
    await run("@carla:x", "!punkt hinzufügen Carlas Punkt")
    config = write_config(tmp_path, database_url)
    code, output = await kimbot(config, "export-member", "@carla:x")
    assert code == 0
    exported = json.loads(output)
    assert exported["records"]["members"][0]["organisation"] == "Sozialamt"
    assert exported["records"]["items"][0]["text"] == "Carlas Punkt"
    assert (await kimbot(config, "export-member", "@nobody:x"))[0] == 1
    code, output = await kimbot(config, "verify-log")
    assert code == 0 and output == ""  # no decisions yet: nothing to check


async def test_doctor_names_what_is_wrong_and_how_to_fix_it(
    database: Database, database_url: str, tmp_path: Path
) -> None:
    """The database is migrated (the fixture); the homeserver at port 9 does not answer."""
    config = write_config(tmp_path, database_url)
    code, output = await kimbot(config, "doctor")
    assert code == 1
    lines = {line.split(":")[0][6:]: line for line in output.splitlines()}
    assert lines["config"] == "ok    config: valid"
    assert lines["instance"].startswith("FAIL  instance: no kimbot process runs on this data")
    assert lines["database"].startswith("ok    database: reachable, schema current")
    assert lines["homeserver"].startswith("FAIL  homeserver: ")
    assert "fix: check [matrix] homeserver" in lines["homeserver"]
    assert "login" not in lines, "no login to check without a homeserver"
    assert lines["public url"].startswith("FAIL  public url: ")


async def test_doctor_finds_a_database_behind_the_code_and_creates_none(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    code, output = await kimbot(write_config(tmp_path, f"sqlite+aiosqlite:///{missing}"),
                                "doctor")
    assert code == 1 and f"FAIL  database: {missing} does not exist" in output
    assert not missing.exists()
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    code, output = await kimbot(write_config(tmp_path, f"sqlite+aiosqlite:///{empty}"),
                                "doctor")
    assert code == 1
    assert "FAIL  database: schema at nothing, the code needs" in output
    assert "fix: kimbot migrate" in output


async def test_what_must_run_with_the_bot_stopped_is_refused_while_it_runs(
    database: Database, database_url: str, tmp_path: Path
) -> None:
    """restore, reset-identity and verify-device change what a running bot holds open: while
    a process holds the instance lock (here this test, as the bot would) they refuse, exit 2,
    naming it; once it lets go, they run."""
    config = write_config(tmp_path, database_url)
    lock = InstanceLock(tmp_path / "data", database_url)
    await lock.claim(datetime.now(UTC))
    try:
        for args in (("restore", str(tmp_path / "missing.tar.gz")),
                     ("reset-identity", "--yes"),
                     ("verify-device", "@anna:x", "ABCDEFGHIJ")):
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", *args, "-c", str(config),
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
            _, error = await process.communicate()
            assert process.returncode == 2, (args, error)
            assert f"the bot is running on this data (host {socket.gethostname()}, pid " \
                f"{os.getpid()}" in error.decode(), error
    finally:
        await lock.release()
    code, _ = await kimbot(config, "restore", str(tmp_path / "missing.tar.gz"))
    assert code == 1, "with the lock let go, restore runs (and finds no archive)"
