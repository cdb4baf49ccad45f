"""`make test-faults`: the long runs of the reliability suite, with one table of figures.

    python -m tests.faults [--seeds 1,2] [--seats 100] [--kills 24] [--fuzz 50000]

- kill runs (`tests/faults/kills.py`) at full size, one per seed;
- the fuzzer (`tests/storage/test_fuzzing.py`) with `--fuzz` inputs per database;
- the homeserver-fault and kill tests of the e2e suite once more, with hangs past the
  client's timeout added to the proxy's faults.

Exits 1 on any loss, duplicate or exception. Seeds are printed, so a failing run can be
repeated exactly.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

from tests.conftest import POSTGRES_URL, _dsn
from tests.faults.kills import TAKEOVER_LIMIT_S, KillRun, run_under_kills
from tests.support.synapse import Homeserver

ROOT = Path(__file__).resolve().parents[2]


#: The standby run: the active process killed this often during a vote of this many seats.
STANDBY_KILLS, STANDBY_SEATS = 10, 30


async def kill_runs(directory: Path, seeds: list[int], seats: int, kills: int) -> list[KillRun]:
    """One run per seed on SQLite, the last seed once more on PostgreSQL, and once on
    PostgreSQL with a standby that takes over at every kill of the active process."""
    server = Homeserver(directory / "synapse")
    server.start()
    runs = []
    plan = [(seed, None, seats, kills) for seed in seeds] + [
        (seeds[-1] + 100, "postgresql", seats, kills),
        (seeds[-1] + 200, "postgresql with standby", STANDBY_SEATS, STANDBY_KILLS)]
    try:
        for seed, database, run_seats, run_kills in plan:
            started = time.monotonic()
            print(f"kill run, seed {seed}: {run_seats} seats, {run_kills} kills, "
                  f"{database or 'sqlite'} …", flush=True)
            url = await postgres_database() if database else None
            run = await run_under_kills(server, directory / f"bot-{seed}", seed=seed,
                                        seats=run_seats, kills=run_kills, commands=12,
                                        deadline_s=100, every=(3.0, 6.0) if database and
                                        "standby" in database else (1.0, 3.0),
                                        database_url=url,
                                        standby=bool(database and "standby" in database))
            run.database = database or "sqlite"
            if url:
                await drop_database(url)
            print(f"  done in {time.monotonic() - started:.0f} s; problems: "
                  f"{run.problems or 'none'}", flush=True)
            if run.takeovers:
                print(f"  {takeover_figures(run)}", flush=True)
            runs.append(run)
    finally:
        server.stop()
    return runs


async def postgres_database() -> str:
    """A fresh database on the suite's PostgreSQL server."""
    name = f"kimbot_faults_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(_dsn(POSTGRES_URL))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)


async def drop_database(url: str) -> None:
    admin = await asyncpg.connect(_dsn(POSTGRES_URL))
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')
    finally:
        await admin.close()


def pytest(*args: str, env: dict[str, str]) -> tuple[int, str]:
    """Run part of the suite; its exit code and its summary line."""
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-W", "ignore",
               *args]
    process = subprocess.run(command, cwd=ROOT, env={**os.environ, **env},
                             capture_output=True, text=True)
    lines = [line for line in process.stdout.splitlines() if line.strip()]
    if process.returncode:  # the failures, not the warnings before them
        failures = process.stdout.find("= FAILURES =")
        print(process.stdout[max(0, failures - 40):][:12000], flush=True)
    return process.returncode, lines[-1] if lines else ""


def takeover_figures(run: KillRun) -> str:
    times = sorted(run.takeovers)
    return (f"takeover after kill -9 of the active, {len(times)} times: "
            f"p50 {statistics.median(times):.1f} s, max {times[-1]:.1f} s "
            f"(limit {TAKEOVER_LIMIT_S:.0f} s)")


def table(runs: list[KillRun], fuzz: tuple[int, str, int], e2e: tuple[int, str]) -> str:
    rows = ["| run | kills (signal / after commit / after send) | answers sent → counted "
            "(latest per seat) | reactions | commands → replies | results posted | "
            "status edits | reminders posted | decisions | problems |",
            "|---|---|---|---|---|---|---|---|---|---|"]
    for run in runs:
        rows.append(
            f"| kills, seed {run.seed}, {run.seats} seats, {run.database} | {run.kills} "
            f"({run.killed['signal']} / "
            f"{run.killed['after_commit']} / {run.killed['after_send']}) | {run.answers_sent} → "
            f"{run.answers_counted} | {run.reactions_sent} | {run.commands_sent} → "
            f"{run.replies} | {run.results_posted} | {run.status_edits} | {run.reminders} | "
            f"{run.decisions} | {'; '.join(run.problems) or 'none'} |")
    code, summary, inputs = fuzz
    rows.append(f"| fuzzing, {inputs:,} inputs per database (SQLite, PostgreSQL) | | | | | | | | | "
                f"{'none' if code == 0 else 'FAILED'}: {summary} |")
    code, summary = e2e
    rows.append(f"| homeserver faults incl. hangs; kill share | | | | | | | | | "
                f"{'none' if code == 0 else 'FAILED'}: {summary} |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.faults")
    parser.add_argument("--seeds", default="1,2")
    parser.add_argument("--seats", type=int, default=100)
    parser.add_argument("--kills", type=int, default=24)
    parser.add_argument("--fuzz", type=int, default=50_000)
    args = parser.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kimbot-faults-") as directory:
        runs = asyncio.run(kill_runs(Path(directory), seeds, args.seats, args.kills))
    print(f"fuzzing, {args.fuzz:,} inputs per database …", flush=True)
    # One test per database runs all the inputs: the suite's 300-second limit per test is
    # for `make test`, not for this (about four minutes per database on a quiet machine).
    fuzz_code, fuzz_summary = pytest("tests/storage/test_fuzzing.py", "--timeout=3600",
                                     env={"KIMBOT_FUZZ_EXAMPLES": str(args.fuzz)})
    print("homeserver faults with hangs, and the kill share …", flush=True)
    e2e = pytest("tests/e2e/test_homeserver_faults.py", "tests/e2e/test_faults.py",
                 env={"KIMBOT_PROXY_HANG": "40"})
    print()
    print(f"kimbot fault runs — {time.strftime('%Y-%m-%d %H:%M')}, "
          f"{time.monotonic() - started:.0f} s, seeds {args.seeds}")
    print(table(runs, (fuzz_code, fuzz_summary, args.fuzz), e2e))
    for run in runs:
        if run.takeovers:
            print(f"\n{run.database}: {takeover_figures(run)}")
    failed = any(run.problems for run in runs) or fuzz_code or e2e[0]
    print("\n" + ("FAILED" if failed else "everything held"))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
