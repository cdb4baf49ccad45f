"""The bot starts with the cyclic garbage collector off (bot.cli._run) and must end its start
with it on: a bot that never collected would grow by every reference cycle it makes."""

import gc
from collections.abc import Iterator

import pytest

from bot.cli import settle_garbage_collector


@pytest.fixture
def collector_state() -> Iterator[None]:
    enabled, threshold = gc.isenabled(), gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)
    if enabled:
        gc.enable()


@pytest.mark.usefixtures("collector_state")
def test_cycles_made_after_the_start_are_collected() -> None:
    gc.disable()  # as during the imports
    settle_garbage_collector()
    assert gc.isenabled()

    class Node:
        partner: object

    collections_before = gc.get_stats()[0]["collections"]
    for _ in range(50_000):  # well past the first generation's threshold
        first, second = Node(), Node()
        first.partner, second.partner = second, first
    assert gc.get_stats()[0]["collections"] > collections_before
