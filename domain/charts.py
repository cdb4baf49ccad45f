"""Charts the group would rather see than read, as PNG: drawn with matplotlib's Agg backend
(no display, no pyplot state — safe in a worker thread), sized to be readable where Element
shows an image (about 800 pixels wide)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

#: Colours that stay apart for the common colour blindnesses (Okabe–Ito).
COLOURS = ("#009E73", "#E69F00", "#56B4E9", "#CC79A7", "#999999")
DPI = 100
WIDTH_INCHES = 8.0


@dataclass(frozen=True)
class StackedBars:
    """Per row (an organisation), one count per series, stacked left to right."""

    title: str
    subtitle: str
    series: tuple[str, ...]  # the legend, one name per series
    rows: tuple[tuple[str, tuple[int, ...]], ...]  # (label, a count per series)
    axis: str


@dataclass(frozen=True)
class Png:
    data: bytes
    width: int
    height: int


def stacked_bars(chart: StackedBars) -> Png:
    # matplotlib loads when a chart is drawn, not when the bot starts (about half a second
    # and 40 MB that most runs never need).
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    rows = chart.rows or (("–", tuple(0 for _ in chart.series)),)
    height_inches = 1.6 + 0.38 * len(rows)
    figure = Figure(figsize=(WIDTH_INCHES, height_inches), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    labels = [_short(label) for label, _ in rows][::-1]  # the first row on top
    left = [0] * len(rows)
    for index, name in enumerate(chart.series):
        values = [counts[index] for _, counts in rows][::-1]
        axes.barh(labels, values, left=left, color=COLOURS[index % len(COLOURS)], label=name,
                  height=0.65)
        left = [a + b for a, b in zip(left, values, strict=True)]
    axes.set_xlabel(chart.axis)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))  # meetings come whole
    axes.spines[["top", "right"]].set_visible(False)
    figure.suptitle(f"{chart.title} · {chart.subtitle}", fontsize=12, x=0.01, ha="left")
    axes.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=len(chart.series),
                frameon=False, fontsize=9)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return Png(buffer.getvalue(), round(WIDTH_INCHES * DPI), round(height_inches * DPI))


def _short(label: str, limit: int = 32) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def totals(rows: Sequence[tuple[str, tuple[int, ...]]]) -> tuple[int, ...]:
    return tuple(sum(column) for column in zip(*(counts for _, counts in rows), strict=True))
