"""The benchmark table's arithmetic: ratios, verdicts and how sure a ratio is."""

from __future__ import annotations

import random

from bench.report import Figure, failed, ratio_interval, table


def timings(centre: float, spread: float, count: int = 200, seed: int = 1) -> list[float]:
    draw = random.Random(seed)
    return [draw.gauss(centre, spread) for _ in range(count)]


def test_the_interval_of_two_alike_samples_holds_one() -> None:
    low, high = ratio_interval(timings(100, 15, seed=1), timings(100, 15, seed=2))
    assert low < 1.0 < high
    assert high - low < 0.08, "200 rounds pin a median down to a few percent"


def test_a_slower_sample_is_told_apart_when_the_gap_is_larger_than_the_noise() -> None:
    baseline = timings(100, 15, seed=2)
    low, high = ratio_interval(timings(115, 15, seed=1), baseline)
    assert 1.0 < low < 1.15 < high
    low, high = ratio_interval(timings(101, 15, seed=1), baseline)
    assert low < 1.0 < high, "one percent is inside the noise of 200 rounds"


def test_the_same_timings_give_the_same_interval() -> None:
    values, baseline = timings(105, 20, seed=3), timings(100, 20, seed=4)
    assert ratio_interval(values, baseline) == ratio_interval(values, baseline)


def test_the_table_shows_the_interval_beside_the_ratio_and_judges_the_ratio() -> None:
    missed = Figure("reply p50, kimbot attendance", 111.0, "ms", 100.0, "echo bot",
                    target=1.10, ratio_range=(1.08, 1.13))
    met = Figure("reply p50, kimbot help", 104.0, "ms", 100.0, "echo bot", target=1.10)
    rows = table([missed, met]).splitlines()[2:]
    ratios = [row.split("|")[4].strip() for row in rows]
    assert ratios == ["1.11× (1.08–1.13)", "1.04×"], "no interval where none was measured"
    assert failed([missed, met]) == [missed], "the verdict is the ratio's, as before"
