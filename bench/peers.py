"""What kimbot is measured against, run as separate processes like kimbot itself.

- `echo`: a bare matrix-nio bot that answers every command with a notice in reply — the floor
  any Matrix bot in Python stands on (sync, parse, send).
- `matrix-reminder-bot` 0.4.0 (nio + APScheduler + SQLite), the bot a group would otherwise run,
  answering its `!list`. It lives in `.venv-bench` (`make bench` installs it).
- a throwaway PostgreSQL database for kimbot's run on PostgreSQL.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

from tests.support.synapse import Homeserver, terminate

REPO = Path(__file__).resolve().parents[1]
BENCH_VENV = REPO / ".venv-bench"
POSTGRES_URL = os.environ.get(
    "KIMBOT_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)


class Process:
    def __init__(self, argv: list[str], log: Path) -> None:
        self.argv = argv
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> Process:
        self.process = subprocess.Popen(self.argv, stdout=open(self.log, "ab"),  # noqa: SIM115
                                        stderr=subprocess.STDOUT)
        return self

    def stop(self) -> None:
        if self.process is not None:
            terminate(self.process)


def echo_bot(server: Homeserver, user_id: str, password: str, log: Path,
             answers: Path | None = None, since_file: Path | None = None,
             prefix: str = "!") -> Process:
    """The floor; `since_file`: it keeps its sync position there and catches up from it;
    `prefix`: what its commands start with."""
    argv = [sys.executable, "-m", "bench.echo_bot", server.url, user_id, password,
            "--prefix", prefix]
    if answers is not None:
        argv += ["--answers", str(answers)]
    if since_file is not None:
        argv += ["--since-file", str(since_file)]
    return Process(argv, log).start()


def reminder_bot_installed() -> bool:
    return (BENCH_VENV / "bin" / "matrix-reminder-bot").exists()


def reminder_bot(server: Homeserver, user_id: str, password: str, directory: Path) -> Process:
    directory.mkdir(parents=True, exist_ok=True)
    config = directory / "config.yaml"
    # matrix-reminder-bot 0.4.0 insists on allowlist/blocklist with regexes and on both
    # logging sections.
    config.write_text(
        'command_prefix: "!"\n'
        "matrix:\n"
        f'  user_id: "{user_id}"\n'
        f'  user_password: "{password}"\n'
        f'  homeserver_url: "{server.url}"\n'
        "  device_id: BENCHREMINDER\n"
        "  device_name: bench\n"
        "storage:\n"
        f'  database: "sqlite://{directory / "reminders.db"}"\n'
        f'  store_path: "{directory / "store"}"\n'
        "reminders:\n"
        '  timezone: "Europe/Berlin"\n'
        "allowlist:\n  enabled: false\n  regexes: []\n"
        "blocklist:\n  enabled: false\n  regexes: []\n"
        "logging:\n  level: WARNING\n"
        "  file_logging:\n    enabled: false\n"
        "  console_logging:\n    enabled: true\n"
    )
    (directory / "store").mkdir(exist_ok=True)
    return Process([str(BENCH_VENV / "bin" / "matrix-reminder-bot"), str(config)],
                   directory / "bot.log").start()


@asynccontextmanager
async def postgres_database() -> AsyncIterator[str]:
    """A fresh database on the local PostgreSQL server, dropped afterwards."""
    name = f"kimbot_bench_{uuid.uuid4().hex[:12]}"
    dsn = make_url(POSTGRES_URL).set(drivername="postgresql").render_as_string(
        hide_password=False)
    admin = await asyncpg.connect(dsn)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        await asyncio.sleep(0.5)  # let the stopped bot's connections go
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
