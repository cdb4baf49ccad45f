"""A PDF read back for its layout (pdfplumber, on pdfminer.six — not the library that wrote
it): where every word and every rule is, so a test can say that no text is struck through by
a rule or printed over other text, on any page; and page 1 as a picture (poppler's pdftoppm)."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import pdfplumber

#: How much two boxes may touch (points) before they count as overlapping: glyph boxes of
#: neighbouring lines touch by design.
TOLERANCE = 0.6


@dataclass(frozen=True)
class Box:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        return (min(self.x1, other.x1) - max(self.x0, other.x0) > TOLERANCE
                and min(self.bottom, other.bottom) - max(self.top, other.top) > TOLERANCE)


@dataclass(frozen=True)
class Rule:
    x0: float
    x1: float
    y: float


@dataclass(frozen=True)
class PageLayout:
    number: int
    words: list[Box]
    rules: list[Rule]
    width: float
    height: float


def layout(data: bytes) -> list[PageLayout]:
    pages = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            words = [Box(w["text"], w["x0"], w["top"], w["x1"], w["bottom"])
                     for w in page.extract_words(keep_blank_chars=False, use_text_flow=True)]
            rules = [Rule(line["x0"], line["x1"], line["top"]) for line in page.lines
                     if abs(line["top"] - line["bottom"]) < 1]
            rules += [Rule(rect["x0"], rect["x1"], rect["top"]) for rect in page.rects
                      if rect["height"] < 1 and rect["width"] > 20]
            pages.append(PageLayout(page.page_number, words, rules, float(page.width),
                                    float(page.height)))
    return pages


def problems(data: bytes) -> list[str]:
    """Every place where a text runs through a rule, overlaps another text, or leaves the
    page — empty for a clean print."""
    found = []
    for page in layout(data):
        for word in page.words:
            if word.x0 < 0 or word.x1 > page.width or word.top < 0 or \
                    word.bottom > page.height:
                found.append(f"page {page.number}: {word.text!r} leaves the page")
            for rule in page.rules:
                crossed = word.top + TOLERANCE < rule.y < word.bottom - TOLERANCE
                beside = word.x1 <= rule.x0 or word.x0 >= rule.x1
                if crossed and not beside:
                    found.append(f"page {page.number}: {word.text!r} is struck through by a "
                                 f"rule at {rule.y:.1f} pt")
        for one, other in combinations(page.words, 2):
            if one.overlaps(other):
                found.append(f"page {page.number}: {one.text!r} and {other.text!r} overlap")
    return found


def first_page_png(data: bytes, resolution: int = 50) -> bytes | None:
    """Page 1 drawn by poppler's pdftoppm (None where it is not installed)."""
    if shutil.which("pdftoppm") is None:
        return None
    with tempfile.TemporaryDirectory() as directory:
        source = Path(directory) / "document.pdf"
        source.write_bytes(data)
        subprocess.run(["pdftoppm", "-png", "-r", str(resolution), "-f", "1", "-l", "1",
                        "-singlefile", str(source), str(Path(directory) / "page")],
                       check=True, capture_output=True)
        return (Path(directory) / "page.png").read_bytes()


PDFTOPPM_MISSING = ("skipped: poppler's pdftoppm is not installed (Debian: apt-get install "
                    "poppler-utils; .ci/run installs it), so page 1 was not drawn")
