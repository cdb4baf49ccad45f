"""Records for the files as PDF: the Beschlussbuch (the decision log, entry by entry) and the
Niederschrift as a form.

Written with fpdf2 (pure Python, from PyPI alone) in DejaVu Sans, the font matplotlib ships —
embedded, so umlauts, „quotes“ and – dashes print everywhere — in fpdf2's PDF/A-2b mode (an
sRGB output intent and XMP metadata; the archive format authorities file in). Every page
names the group, the period and the hash of the chain's head, so a single printed page says
which log it belongs to.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import matplotlib
from fpdf import FPDF
from fpdf.enums import TableBordersLayout, XPos, YPos
from fpdf.fonts import FontFace

from domain.minutes_form import DecisionBox, InvitationLetterForm, MinutesForm

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
    #: „ENTWURF“ on every page of a draft, under the title in bold.
    marking: str = ""


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
        if self.book.marking:
            self.set_font(FONT, "B", 9)
            self.set_text_color(150, 0, 0)
            self.cell(0, 4.5, self.book.marking, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.set_text_color(0)
        if self.book.period or self.book.head:
            self.set_font(FONT, "", 7.5)
            self.set_text_color(80)
            self.cell(0, 4, " · ".join(p for p in (self.book.period, self.book.head) if p),
                      new_x=XPos.LMARGIN, new_y=YPos.NEXT)
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
                  created_at: datetime | None = None, manifest: str = "",
                  appendix: tuple[str, Sequence[str]] | None = None) -> bytes:
    """The book; `manifest` (the entries' numbers and hashes, for `kimbot verify-export`) goes
    into the document's subject, where no reader shows it on a page; `appendix` (a title and
    its lines: the Beschlusskontrolle) follows the entries on a page of its own."""
    pdf = _document(header, header.title, created_at)
    if manifest:
        pdf.set_subject(manifest)
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
    if appendix is not None:
        title, lines = appendix
        pdf.add_page()
        pdf.set_font(FONT, "B", 12)
        _paragraph(pdf, title, 6)
        pdf.ln(2)
        pdf.set_font(FONT, "", 10)
        for line in lines:
            _paragraph(pdf, line)
            pdf.ln(1)
    return bytes(pdf.output())


#: The page's width for text, in mm (A4, 20 mm margins).
TEXT_WIDTH = 170


def minutes_form_pdf(form: MinutesForm, *, created_at: datetime | None = None) -> bytes:
    """The Niederschrift as a form (`domain.minutes_form`)."""
    pdf = _document(BookHeader(title=form.running_head, period="", head="", page=form.page,
                               created=form.created, hash_label="", marking=form.marking or ""),
                    f"{form.title} – {form.running_head}", created_at)
    pdf.set_font(FONT, "B", 16)
    pdf.multi_cell(0, 8, form.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 11)
    pdf.multi_cell(0, 6, form.subtitle, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    _key_values(pdf, form.head)

    _heading(pdf, form.attendance_title)
    for section in form.attendance:
        _subheading(pdf, section.title)
        _table(pdf, form.attendance_columns, section.rows, (45, 45, 30, 50))

    _heading(pdf, form.agenda_title)
    _table(pdf, form.agenda_columns, form.agenda, (18, 152))

    for top in form.tops:
        _heading(pdf, top.heading, keep=30)
        for entry in top.entries:
            if isinstance(entry, DecisionBox):
                _decision(pdf, entry)
            else:
                pdf.set_font(FONT, "", 10)
                _paragraph(pdf, entry)
                pdf.ln(1)
    if form.closing:
        pdf.ln(3)
        pdf.set_font(FONT, "", 10)
        for line in form.closing:
            _paragraph(pdf, line)
    _signatures(pdf, form.signatures)
    return bytes(pdf.output())


def _document(header: BookHeader, title: str, created_at: datetime | None) -> _Book:
    """A new document with its running head, title and creation date, on its first page."""
    pdf = _Book(header)
    pdf.set_title(title)
    pdf.set_creator("kimbot")
    if created_at is not None:
        pdf.set_creation_date(created_at)
    pdf.add_page()
    return pdf


def _paragraph(pdf: _Book, text: str, height: float = 5) -> None:
    """A paragraph in the current font, left-aligned (ragged right, as letters are set)."""
    pdf.multi_cell(0, height, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")


def _heading(pdf: _Book, text: str, *, keep: float = 25) -> None:
    """A heading, never alone at the foot of a page."""
    if pdf.will_page_break(keep):
        pdf.add_page()
    pdf.ln(4)
    pdf.set_font(FONT, "B", 12)
    pdf.multi_cell(0, 6, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)


def _subheading(pdf: _Book, text: str) -> None:
    if pdf.will_page_break(20):
        pdf.add_page()
    pdf.ln(1)
    pdf.set_font(FONT, "B", 10)
    pdf.multi_cell(0, 5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)


def _key_values(pdf: _Book, rows: Sequence[tuple[str, str]]) -> None:
    pdf.set_font(FONT, "", 10)
    with pdf.table(col_widths=(45, 125), first_row_as_headings=False, text_align="LEFT",
                   borders_layout=TableBordersLayout.HORIZONTAL_LINES, line_height=5.5,
                   padding=(1.2, 1.5)) as table:
        for label, value in rows:
            row = table.row()
            row.cell(label, style=FontFace(emphasis="BOLD"))
            row.cell(value)


def _table(pdf: _Book, columns: Sequence[str], rows: Sequence[Sequence[str]],
           widths: Sequence[float]) -> None:
    """A table whose header row is repeated on every page it runs onto."""
    pdf.set_font(FONT, "", 9)
    with pdf.table(col_widths=tuple(widths), text_align="LEFT", line_height=5,
                   headings_style=FontFace(emphasis="BOLD", fill_color=(235, 235, 235)),
                   repeat_headings=1, padding=(1, 1.5)) as table:
        table.row(list(columns))
        for values in rows or (("–",) + ("",) * (len(columns) - 1),):
            table.row(list(values))


def _decision(pdf: _Book, box: DecisionBox) -> None:
    """A decision in a framed box: number, text, result."""
    if pdf.will_page_break(28):
        pdf.add_page()
    pdf.ln(1)
    pdf.set_font(FONT, "", 10)
    with pdf.table(col_widths=(TEXT_WIDTH,), first_row_as_headings=False, text_align="LEFT",
                   borders_layout=TableBordersLayout.NO_HORIZONTAL_LINES, line_height=5,
                   padding=(1.5, 2.5), outer_border_width=0.5) as table:
        table.row().cell(box.heading, style=FontFace(emphasis="BOLD"))
        table.row().cell(box.text)
        table.row().cell(box.result)
    pdf.ln(2)


def _signatures(pdf: _Book, labels: Sequence[str]) -> None:
    if not labels:
        return
    if pdf.will_page_break(40):
        pdf.add_page()
    pdf.ln(20)
    width = TEXT_WIDTH / len(labels)
    y = pdf.get_y()
    for index, label in enumerate(labels):
        x = pdf.l_margin + index * width
        pdf.line(x, y, x + width - 10, y)
        pdf.set_xy(x, y + 1.5)
        pdf.set_font(FONT, "", 9)
        pdf.cell(width - 10, 5, label)


def invitation_letter_pdf(letter: InvitationLetterForm, *,
                          created_at: datetime | None = None) -> bytes:
    """The Einladung (`domain.minutes_form.InvitationLetterForm`) as a letter."""
    pdf = _document(BookHeader(title=letter.running_head, period="", head="",
                               page=letter.page, created=letter.created, hash_label=""),
                    f"{letter.title} – {letter.running_head}", created_at)
    pdf.set_font(FONT, "", 9)
    pdf.set_text_color(80)
    _paragraph(pdf, letter.sender, 5)
    pdf.set_text_color(0)
    pdf.ln(4)
    pdf.set_font(FONT, "B", 16)
    _paragraph(pdf, letter.title, 8)
    pdf.set_font(FONT, "", 11)
    _paragraph(pdf, letter.subtitle, 6)
    pdf.ln(4)
    pdf.set_font(FONT, "", 10)
    for paragraph in (letter.salutation, letter.intro):
        _paragraph(pdf, paragraph, 5)
        pdf.ln(2)
    _key_values(pdf, letter.head)
    _heading(pdf, letter.agenda_title)
    _table(pdf, letter.agenda_columns, letter.agenda, (18, 152))
    _heading(pdf, letter.answer_title)
    pdf.set_font(FONT, "", 10)
    for paragraph in letter.answer:
        _paragraph(pdf, paragraph, 5)
        pdf.ln(1.5)
    pdf.ln(2)
    pdf.set_font(FONT, "B", 10)
    _paragraph(pdf, letter.notice, 5)
    pdf.ln(6)
    pdf.set_font(FONT, "", 10)
    if pdf.will_page_break(5 * len(letter.closing) + 5):
        pdf.add_page()
    for line in letter.closing:
        _paragraph(pdf, line, 5)
    return bytes(pdf.output())
