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
from datetime import datetime
from pathlib import Path

from bench import feeds, reply_latency, scale, votes
from bench.report import Figure, failed, table


async def run_all(only: list[str], rounds: int) -> list[Figure]:
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="kimbot-bench-") as directory:
        root = Path(directory)
        if not only or "feeds" in only:
            figures += await feeds.run(root / "feeds", requests=rounds * 10)
        if not only or "replies" in only:
            figures += await reply_latency.run(root / "replies", rounds)
        if not only or "votes" in only:
            figures += await votes.run(root / "votes")
        if not only or "scale" in only:
            figures += await scale.run(root / "scale")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--rounds", type=int, default=200,
                        help="commands per bot and command (default 200)")
    parser.add_argument("--only", nargs="*", default=[],
                        choices=["replies", "feeds", "votes", "scale"])
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
