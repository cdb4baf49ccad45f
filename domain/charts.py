"""Charts the group would rather see than read, as PNG: drawn with matplotlib's Agg backend
(no display, no pyplot state — safe in a worker thread), sized to be readable where Element
shows an image (about 800 pixels wide)."""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

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
    figure = stacked_bars_figure(chart)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    width, height = figure.get_size_inches()
    return Png(buffer.getvalue(), round(width * DPI), round(height * DPI))


def stacked_bars_figure(chart: StackedBars) -> Figure:
    """The chart laid out so that nothing is cut, at any length of its texts: the title and
    the row labels are wrapped, the legend takes as many lines as it needs, and the figure
    grows to hold them — every block measured with the renderer, not guessed."""
    # matplotlib loads when a chart is drawn, not when the bot starts (about half a second
    # and 40 MB that most runs never need).
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    rows = chart.rows or (("–", tuple(0 for _ in chart.series)),)
    labels = [_wrapped(label, LABEL_WIDTH) for label, _ in rows][::-1]  # first row on top
    # Rows are evenly spaced: each as high as the label with the most lines needs.
    most_lines = max(label.count("\n") + 1 for label in labels)
    plot_inches = 0.2 + len(rows) * max(0.38, 0.16 * most_lines + 0.1)
    figure = Figure(figsize=(WIDTH_INCHES, 6), dpi=DPI)
    canvas = FigureCanvasAgg(figure)
    renderer = canvas.get_renderer()  # type: ignore[no-untyped-call]
    axes = figure.add_subplot()
    left = [0] * len(rows)
    for index, name in enumerate(chart.series):
        values = [counts[index] for _, counts in rows][::-1]
        axes.barh(range(len(rows)), values, left=left, color=COLOURS[index % len(COLOURS)],
                  label=name, height=0.65)
        left = [a + b for a, b in zip(left, values, strict=True)]
    axes.set_yticks(range(len(rows)), labels, fontsize=9)
    axes.set_xlabel(chart.axis)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))  # meetings come whole
    axes.spines[["top", "right"]].set_visible(False)
    title = figure.text(0, 0, "", fontsize=12, ha="left", va="top")
    for width in range(TITLE_WIDTH, 10, -6):  # narrower until it fits
        title.set_text(_wrapped(f"{chart.title} · {chart.subtitle}", width))
        if title.get_window_extent(renderer).width <= figure.bbox.width - 2 * MARGIN:
            break
    handles, names = axes.get_legend_handles_labels()
    for columns in range(len(chart.series), 0, -1):
        legend = figure.legend(handles, names, loc="upper left", ncol=columns, frameon=False,
                               fontsize=9, borderaxespad=0, borderpad=0)
        if legend.get_window_extent(renderer).width <= figure.bbox.width - 2 * MARGIN:
            break
        legend.remove()

    _, title_height = _inches(title.get_window_extent(renderer))
    _, legend_height = _inches(legend.get_window_extent(renderer))
    above = MARGIN / DPI + title_height + GAP + legend_height + GAP
    for _ in range(3):  # the ticks follow the axes' size: measure again until it holds
        # What the axes draw beyond their frame (tick labels, the axis label), measured
        # where they stand now: the room they need beside and below the plot.
        frame = axes.get_window_extent(renderer)
        drawn = axes.get_tightbbox(renderer)
        assert drawn is not None
        beside = (frame.x0 - drawn.x0) / DPI + 0.05
        overhang = max(0.0, (drawn.x1 - frame.x1) / DPI) + 0.05
        below = (frame.y0 - drawn.y0) / DPI + MARGIN / DPI
        height = round((above + plot_inches + below) * DPI) / DPI  # whole pixels
        figure.set_size_inches(WIDTH_INCHES, height)
        title.set_position((MARGIN / DPI / WIDTH_INCHES, 1 - MARGIN / DPI / height))
        legend.set_bbox_to_anchor((MARGIN / DPI / WIDTH_INCHES,
                                   1 - (MARGIN / DPI + title_height + GAP) / height),
                                  transform=figure.transFigure)
        axes.set_position((
            (MARGIN / DPI + beside) / WIDTH_INCHES, below / height,
            1 - (2 * MARGIN / DPI + beside + overhang) / WIDTH_INCHES, plot_inches / height))
    return figure


def _inches(extent: Any) -> tuple[float, float]:
    return extent.width / DPI, extent.height / DPI


#: The space around the chart (pixels) and between its blocks (inches).
MARGIN = 10
GAP = 0.12
#: Where a row label or the title is wrapped (characters; the extents are checked in tests).
LABEL_WIDTH = 30
TITLE_WIDTH = 88


def _wrapped(text: str, width: int) -> str:
    """Wrapped at spaces (and after hyphens); a word longer than a line is broken."""
    return "\n".join(textwrap.wrap(text, width, break_on_hyphens=True)) or text


def totals(rows: Sequence[tuple[str, tuple[int, ...]]]) -> tuple[int, ...]:
    return tuple(sum(column) for column in zip(*(counts for _, counts in rows), strict=True))
