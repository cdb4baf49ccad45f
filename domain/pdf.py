"""Records for the files as PDF: the Beschlussbuch (the decision log, entry by entry).

Written with fpdf2 (pure Python, from PyPI alone) in DejaVu Sans, the font matplotlib ships —
embedded, so umlauts, „quotes“ and – dashes print everywhere — in fpdf2's PDF/A-2b mode (an
sRGB output intent and XMP metadata; the archive format authorities file in). Every page
names the group, the period and the hash of the chain's head, so a single printed page says
which log it belongs to.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import matplotlib
from fpdf import FPDF
from fpdf.enums import XPos, YPos

FONT = "DejaVu"
_FONTS = os.path.join(matplotlib.get_data_path(), "fonts", "ttf")


@dataclass(frozen=True)
class BookEntry:
    """One decision as the Beschlussbuch prints it (texts already in the group's language)."""

    number: str
    heading: str  # „Beschluss 2026/003 vom Donnerstag, 3. Dezember 2026“
    text: str
    result: str  # outcome, rule, tally — as `!beschluss zeigen` says it
    hash: str
    lines: tuple[str, ...] = field(default=())  # votes, correction, citation


@dataclass(frozen=True)
class BookHeader:
    title: str  # „Beschlussbuch – Lenkungsgruppe KIM“
    period: str  # „Jahr 2026“
    head: str  # „Kopf der Kette: 3f2a…“
    page: str  # „Seite {n} von {total}“ with {n} and {total} left in
    created: str  # „Erstellt am …“
    hash_label: str  # „SHA-256“


class _Book(FPDF):
    def __init__(self, header: BookHeader) -> None:
        # PDF/A-2b as fpdf2 writes it: fonts embedded, an sRGB output intent, XMP metadata.
        super().__init__(orientation="portrait", unit="mm", format="A4",
                         enforce_compliance="PDF/A-2B")
        self.book = header
        self.add_font(FONT, "", os.path.join(_FONTS, "DejaVuSans.ttf"))
        self.add_font(FONT, "B", os.path.join(_FONTS, "DejaVuSans-Bold.ttf"))
        self.set_margins(20, 28, 20)
        self.set_auto_page_break(auto=True, margin=20)
        self.alias_nb_pages("{total}")

    def header(self) -> None:
        self.set_y(10)
        self.set_font(FONT, "B", 10)
        self.cell(0, 5, self.book.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        if self.book.period or self.book.head:
            self.set_font(FONT, "", 7.5)
            self.set_text_color(80)
            self.cell(0, 4, f"{self.book.period} · {self.book.head}", new_x=XPos.LMARGIN,
                      new_y=YPos.NEXT)
            self.set_text_color(0)
        # The rule under the head, and the page's text below it — never through it.
        rule = self.get_y() + 1.5
        self.line(self.l_margin, rule, self.w - self.r_margin, rule)
        self.set_y(max(self.t_margin, rule + 5))

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(FONT, "", 7.5)
        self.set_text_color(80)
        self.cell(0, 5, self.book.created)
        self.set_x(20)
        self.cell(0, 5, self.book.page.replace("{n}", str(self.page_no())), align="R")
        self.set_text_color(0)


def decision_book(header: BookHeader, entries: Sequence[BookEntry], *,
                  created_at: datetime | None = None, manifest: str = "") -> bytes:
    """The book; `manifest` (the entries' numbers and hashes, for `kimbot verify-export`) goes
    into the document's subject, where no reader shows it on a page."""
    pdf = _Book(header)
    pdf.set_title(header.title)
    if manifest:
        pdf.set_subject(manifest)
    pdf.set_creator("kimbot")
    if created_at is not None:
        pdf.set_creation_date(created_at)
    pdf.add_page()
    for entry in entries:
        # An entry's heading is not left alone at the foot of a page.
        if pdf.will_page_break(30):
            pdf.add_page()
        pdf.set_font(FONT, "B", 11)
        pdf.multi_cell(0, 6, entry.heading, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        pdf.set_font(FONT, "", 10)
        pdf.multi_cell(0, 5, entry.text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        pdf.ln(1)
        pdf.multi_cell(0, 5, entry.result, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        for line in entry.lines:
            pdf.set_x(26)
            pdf.multi_cell(0, 5, f"• {line}", new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        pdf.set_font(FONT, "", 7.5)
        pdf.set_text_color(80)
        pdf.multi_cell(0, 4, f"{header.hash_label} {entry.hash}", new_x=XPos.LMARGIN,
                       new_y=YPos.NEXT)
        pdf.set_text_color(0)
        pdf.ln(4)
    return bytes(pdf.output())


@dataclass(frozen=True)
class MinutesHeader:
    title: str  # the running head: „Niederschrift – Lenkungsgruppe KIM, Termin Nr. 3“
    page: str  # „Seite {n} von {total}“
    created: str
    signatures: tuple[str, ...]  # „Vorsitz“, „Protokoll“: a line to sign above each


_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~<])")


def minutes_document(header: MinutesHeader, markdown_lines: Sequence[str], *,
                     created_at: datetime | None = None) -> bytes:
    """The Niederschrift as the bot writes it in Markdown (headings, lines, lists), laid out
    for the files, with lines to sign at the end."""
    book = BookHeader(title=header.title, period="", head="", page=header.page,
                      created=header.created, hash_label="")
    pdf = _Book(book)
    pdf.set_title(header.title)
    pdf.set_creator("kimbot")
    if created_at is not None:
        pdf.set_creation_date(created_at)
    pdf.add_page()
    for raw in markdown_lines:
        line = _ESCAPED.sub(r"\1", raw.rstrip())
        if line.startswith("# "):
            pdf.set_font(FONT, "B", 15)
            pdf.multi_cell(0, 8, line[2:], new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        elif line.startswith("## "):
            if pdf.will_page_break(20):
                pdf.add_page()
            pdf.ln(2)
            pdf.set_font(FONT, "B", 11.5)
            pdf.multi_cell(0, 6, line[3:], new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        elif line.startswith("- "):
            pdf.set_font(FONT, "", 10)
            pdf.set_x(24)
            pdf.multi_cell(0, 5, f"• {line[2:]}", new_x=XPos.LMARGIN, new_y=YPos.NEXT,
                           align="L")
        elif not line:
            pdf.ln(2)
        else:
            pdf.set_font(FONT, "", 10)
            pdf.multi_cell(0, 5, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    if pdf.will_page_break(40):
        pdf.add_page()
    pdf.ln(18)
    width = 170 / max(1, len(header.signatures))
    y = pdf.get_y()
    for index, label in enumerate(header.signatures):
        x = 20 + index * width
        pdf.line(x, y, x + width - 10, y)
        pdf.set_xy(x, y + 1)
        pdf.set_font(FONT, "", 9)
        pdf.cell(width - 10, 5, label)
    return bytes(pdf.output())
