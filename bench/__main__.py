"""`make bench`: every benchmark, one table, exit 1 when a target is missed.

    python -m bench [--rounds N] [--only NAME ...]

Each benchmark starts what it needs (a loopback Synapse, the bots, feed servers) and stops it
again; figures are ratios to a baseline measured in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path

from bench import feeds, reply_latency, rooms, scale, votes
from bench.report import Figure, failed, table


async def run_all(only: list[str], rounds: int) -> list[Figure]:
    parts: dict[str, Callable[[Path], Awaitable[list[Figure]]]] = {
        "feeds": lambda root: feeds.run(root, requests=rounds * 10),
        "replies": lambda root: reply_latency.run(root, rounds),
        "votes": votes.run,
        "scale": scale.run,
        "rooms": rooms.run,
    }
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="kimbot-bench-") as directory:
        for name, run in parts.items():
            if only and name not in only:
                continue
            started = time.monotonic()
            figures += await run(Path(directory) / name)
            print(f"{name}: {time.monotonic() - started:.0f} s", flush=True)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--rounds", type=int, default=200,
                        help="commands per bot and command (default 200)")
    parser.add_argument("--only", nargs="*", default=[],
                        choices=["replies", "feeds", "votes", "scale", "rooms"])
    args = parser.parse_args()
    started = time.monotonic()
    figures = asyncio.run(run_all(args.only, args.rounds))
    print()
    print(f"kimbot benchmarks — {datetime.now():%Y-%m-%d %H:%M}, {platform.node()}, "
          f"Python {platform.python_version()}, {time.monotonic() - started:.0f} s")
    print(table(figures))
    missed = failed(figures)
    if missed:
        print(f"\n{len(missed)} target(s) missed: " + "; ".join(f.name for f in missed))
        sys.exit(1)
    print("\nall targets met")


if __name__ == "__main__":
    main()
