"""The operator's command line on both databases: export-member and verify-log."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

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
