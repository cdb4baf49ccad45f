"""A seeded share of the fault run (`tests/faults/kills.py`): a small group works while the
bot is killed — from outside, and by itself right after a commit and right after a send.
`make test-faults` runs the full size."""

from __future__ import annotations

from pathlib import Path

from tests.faults.kills import run_under_kills
from tests.support.synapse import Homeserver


async def test_a_group_at_work_while_the_bot_is_killed(
    homeserver: Homeserver, tmp_path: Path
) -> None:
    figures = await run_under_kills(homeserver, tmp_path / "bot", seed=1, seats=10, kills=6,
                                    commands=4, deadline_s=35)
    killed = figures.killed
    print(f"\nseed {figures.seed}: {figures.kills} kills ({killed['signal']} signal, "
          f"{killed['after_commit']} after commit, {killed['after_send']} after send); "
          f"{figures.answers_sent} answers sent, {figures.answers_counted} counted")
    assert figures.problems == []
    assert figures.kills >= 6 and killed["after_commit"] + killed["after_send"] >= 2
    assert figures.results_posted == 1 and figures.decisions == 1 and figures.reminders == 1
    assert figures.status_edits >= 1  # checked in full by the run: one status, no edit twice
