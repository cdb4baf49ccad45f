"""Charts come out as PNG files a client can show: the size they say, not blank, readable, and
nothing cut — every text's drawn extent (as matplotlib's renderer measures it) lies inside the
image and apart from the others, at the longest German labels."""

from __future__ import annotations

import io
from itertools import combinations

import pytest
from matplotlib.text import Text
from PIL import Image

from domain.charts import StackedBars, stacked_bars, stacked_bars_figure

SERIES = ("persönlich teilgenommen", "teilgenommen durch Vertretung", "abgesagt",
          "ohne Antwort", "zugesagt, nicht da")
CHART = StackedBars("Beteiligung der Organisationen", "1. Januar bis 1. Dezember 2026", SERIES,
                    (("Jobcenter", (3, 1, 1, 0, 0)), ("Sozialamt", (2, 0, 0, 1, 1)),
                     ("Caritasverband für die Stadt und den Landkreis", (0, 0, 0, 4, 0))),
                    "Sitzungen")
LONG = StackedBars(
    "Beteiligung der Organisationen an den Sitzungen der Lenkungsgruppe Kommunales "
    "Integrationsmanagement",
    "Donnerstag, 1. Januar 2026 bis Donnerstag, 31. Dezember 2026",
    SERIES,
    (("Arbeiterwohlfahrt Bezirksverband Westliches Westfalen e. V., Kreisverband "
      "Recklinghausen", (4, 2, 1, 1, 1)),
     ("Integrationsagenturverbundkoordinierungsstellenleitung", (1, 0, 0, 0, 0)),
     ("Der Paritätische Nordrhein-Westfalen", (0, 3, 0, 0, 2)),
     *((f"Organisation {n}", (n % 3, 1, 0, n % 2, 0)) for n in range(12))),
    "Sitzungen (eingeladen, nach dem, was daraus wurde)")


def test_a_chart_is_a_png_of_the_size_it_says_and_not_blank() -> None:
    png = stacked_bars(CHART)
    image = Image.open(io.BytesIO(png.data))
    assert image.format == "PNG" and image.size == (png.width, png.height)
    assert png.width == 800 and 200 < png.height < 450
    colours = image.convert("RGB").getcolors(maxcolors=100_000)
    assert colours is not None and len(colours) > 10, "more than a blank page"
    # The Okabe–Ito green of "persönlich teilgenommen" and orange of the deputies are there.
    assert any(rgb == (0, 158, 115) for _, rgb in colours)
    assert any(rgb == (230, 159, 0) for _, rgb in colours)


def test_a_chart_grows_with_its_rows_and_has_a_row_when_there_is_none() -> None:
    many = StackedBars("T", "S", ("a",), tuple((f"Organisation {n}", (n,)) for n in range(30)),
                       "x")
    assert stacked_bars(many).height > stacked_bars(CHART).height
    empty = StackedBars("T", "S", ("a", "b"), (), "x")
    assert Image.open(io.BytesIO(stacked_bars(empty).data)).format == "PNG"


@pytest.mark.parametrize("chart", [CHART, LONG], ids=["usual", "longest"])
def test_no_title_legend_or_label_is_cut_or_overlaps(chart: StackedBars) -> None:
    figure = stacked_bars_figure(chart)
    figure.canvas.draw()  # as saving it does: every text where it is drawn
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    page = figure.bbox
    axes = figure.axes[0]
    low, high = axes.get_xlim()
    unused = {id(t) for t in axes.get_xticklabels() if not low <= t.get_position()[0] <= high}
    texts = [t for t in figure.findobj(Text) if t.get_visible() and t.get_text().strip()
             and id(t) not in unused]  # tick labels beyond the axis are not drawn
    assert {t.get_text() for t in texts} >= set(SERIES), "every series named in the legend"
    boxes = []
    for text in texts:
        box = text.get_window_extent(renderer)
        assert page.x0 <= box.x0 and box.x1 <= page.x1 and page.y0 <= box.y0 and \
            box.y1 <= page.y1, f"{text.get_text()!r} is cut: {box} outside {page}"
        boxes.append((text.get_text(), box))
    for (one, a), (other, b) in combinations(boxes, 2):
        assert not a.overlaps(b), f"{one!r} and {other!r} overlap"
    plot = axes.get_window_extent(renderer)
    for name, box in boxes:
        if name in SERIES or name.startswith(chart.title[:20]):
            assert box.y0 >= plot.y1, f"{name!r} reaches into the plot"
    # The row labels are whole: every word of every label is drawn (a word longer than a
    # line across two).
    drawn = " ".join(t.get_text().replace("\n", "") for t in texts)
    for label, _ in chart.rows:
        assert all(word in drawn for word in label.split()), label
