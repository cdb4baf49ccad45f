"""Charts come out as PNG files a client can show: the size they say, not blank, readable."""

from __future__ import annotations

import io

from PIL import Image

from domain.charts import StackedBars, stacked_bars

CHART = StackedBars("Beteiligung der Organisationen", "1. Januar bis 1. Dezember 2026",
                    ("teilgenommen", "abgesagt", "ohne Antwort", "zugesagt, nicht da"),
                    (("Jobcenter", (3, 1, 0, 0)), ("Sozialamt", (2, 0, 1, 1)),
                     ("Caritasverband für die Stadt und den Landkreis", (0, 0, 4, 0))),
                    "Sitzungen")


def test_a_chart_is_a_png_of_the_size_it_says_and_not_blank() -> None:
    png = stacked_bars(CHART)
    image = Image.open(io.BytesIO(png.data))
    assert image.format == "PNG" and image.size == (png.width, png.height)
    assert png.width == 800 and 200 < png.height < 400
    colours = image.convert("RGB").getcolors(maxcolors=100_000)
    assert colours is not None and len(colours) > 10, "more than a blank page"
    # The Okabe–Ito green of "teilgenommen" is there: bars were drawn.
    assert any(rgb == (0, 158, 115) for _, rgb in colours)


def test_a_chart_grows_with_its_rows_and_has_a_row_when_there_is_none() -> None:
    many = StackedBars("T", "S", ("a",), tuple((f"Organisation {n}", (n,)) for n in range(30)),
                       "x")
    assert stacked_bars(many).height > stacked_bars(CHART).height
    empty = StackedBars("T", "S", ("a", "b"), (), "x")
    assert Image.open(io.BytesIO(stacked_bars(empty).data)).format == "PNG"
