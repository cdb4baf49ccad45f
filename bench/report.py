"""Figures of a benchmark run and the one table `make bench` prints.

Every figure is compared with a baseline measured in the same run on the same machine: absolute
times on a shared two-core machine are noise, ratios are not. A ratio of two sets of timings
(the reply latencies) is printed with its bootstrap interval — where it would lie in nine runs
of ten — so that a verdict at the edge of its target reads as what it is; the verdict itself
is the ratio's.
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum

#: Resamples for a ratio's interval, and their seed: the same timings give the same interval.
RESAMPLES = 2000
RESAMPLING_SEED = 10


class Better(Enum):
    LOWER = "≤"
    HIGHER = "≥"


@dataclass(frozen=True)
class Figure:
    """One measured figure against its baseline: `ratio = value / baseline` must stay on the
    right side of `target` (a ratio), or of `limit` (an absolute bound) where one is given."""

    name: str
    value: float
    unit: str
    baseline: float | None = None
    baseline_name: str = ""
    target: float | None = None
    better: Better = Better.LOWER
    limit: float | None = None
    #: Where the ratio would lie in nine runs of ten, had the same rounds been measured
    #: again (`ratio_interval`): a verdict near the target is only as sure as this.
    ratio_range: tuple[float, float] | None = None

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or self.baseline == 0:
            return None
        return self.value / self.baseline

    @property
    def passed(self) -> bool | None:
        checks = []
        if self.target is not None and self.ratio is not None:
            checks.append(self._within(self.ratio, self.target))
        if self.limit is not None:
            checks.append(self._within(self.value, self.limit))
        return all(checks) if checks else None

    def _within(self, measured: float, bound: float) -> bool:
        return measured <= bound if self.better is Better.LOWER else measured >= bound

    def target_text(self) -> str:
        parts = []
        if self.target is not None:
            parts.append(f"{self.better.value} {self.target:g}×")
        if self.limit is not None:
            parts.append(f"{self.better.value} {_number(self.limit)} {self.unit}")
        return ", ".join(parts) or "(shown)"


def ratio_interval(
    values: Sequence[float], baseline: Sequence[float],
    statistic: Callable[[Sequence[float]], float] = statistics.median,
) -> tuple[float, float]:
    """The 5th and 95th percentile of `statistic(values) / statistic(baseline)` over
    bootstrap resamples of both (each drawn with replacement, of its own size)."""
    draw = random.Random(RESAMPLING_SEED)
    ratios = sorted(
        statistic(draw.choices(values, k=len(values)))
        / statistic(draw.choices(baseline, k=len(baseline)))
        for _ in range(RESAMPLES)
    )
    return ratios[RESAMPLES * 5 // 100], ratios[RESAMPLES * 95 // 100 - 1]


def _number(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}".replace(",", " ")
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def table(figures: Sequence[Figure]) -> str:
    header = ("figure", "value", "baseline", "ratio", "target", "result")
    rows = [header]
    for f in figures:
        baseline = (f"{_number(f.baseline)} {f.unit} ({f.baseline_name})"
                    if f.baseline is not None else "")
        ratio = f"{f.ratio:.2f}×" if f.ratio is not None else ""
        if f.ratio_range is not None:
            ratio += f" ({f.ratio_range[0]:.2f}–{f.ratio_range[1]:.2f})"
        result = {True: "pass", False: "FAIL", None: "-"}[f.passed]
        rows.append((f.name, f"{_number(f.value)} {f.unit}", baseline, ratio, f.target_text(),
                     result))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = []
    for index, row in enumerate(rows):
        lines.append("| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True))
                     + " |")
        if index == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def failed(figures: Sequence[Figure]) -> list[Figure]:
    return [f for f in figures if f.passed is False]
