"""Every PDF the bot makes prints clean: read back by pdfplumber, no text is struck through by
a rule or printed over another text on any page, long texts wrap, umlauts and „quotes“ are
there; page 1 drawn by poppler is not blank."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from domain.pdf import BookEntry, BookHeader, MinutesHeader, decision_book, minutes_document
from tests.support.pdf_layout import PDFTOPPM_MISSING, first_page_png, layout, problems

LONG = ("Die Lenkungsgruppe beauftragt das Kommunale Integrationszentrum, für „Sprachkurse für "
        "Geflüchtete“ – einschließlich Kinderbetreuung – bis zum Jahresende Träger zu "
        "gewinnen; die Übernahme der Kosten prüft das Sozialamt. ") * 3
HEADER = BookHeader("Beschlussbuch – Lenkungsgruppe Kommunales Integrationsmanagement",
                    "Jahr 2026", "Kopf der Kette: " + "3f2a9b" * 10 + "3f2a",
                    "Seite {n} von {total}", "Erstellt am Montag, 7. Dezember 2026, 16:00 Uhr",
                    "SHA-256")


def book() -> bytes:
    entries = [BookEntry(f"2026/{n:03}", f"Beschluss 2026/{n:03} vom Donnerstag, 3. Dezember "
                         "2026", LONG, "einstimmig angenommen — Ja 9, Nein 0, Enthaltung 1; "
                         "10 von 12 Stimmen vertreten; beschlussfähig", "ab" * 32,
                         ("Ja: Jobcenter, Sozialamt, Caritasverband für die Stadt und den "
                          "Landkreis Recklinghausen e. V.", "Nein: –"))
               for n in range(1, 12)]
    return decision_book(HEADER, entries)


def minutes() -> bytes:
    lines = ["# Niederschrift der Sitzung Nr. 3 der Lenkungsgruppe", "",
             "## TOP 1: Sprachkurse für Geflüchtete", LONG, "- Bericht des Jobcenters (Anlage 1)",
             *(f"- Punkt {n}: {LONG[:120]}" for n in range(30))]
    return minutes_document(MinutesHeader("Niederschrift – Lenkungsgruppe KIM, Sitzung Nr. 3",
                                          "Seite {n} von {total}", "Erstellt am 7.12.2026",
                                          ("Vorsitz", "Schriftführung")), lines)


@pytest.mark.parametrize("make", [book, minutes], ids=["Beschlussbuch", "Niederschrift"])
def test_no_text_is_struck_through_or_printed_over(make: object) -> None:
    data = make()  # type: ignore[operator]
    pages = layout(data)
    assert len(pages) > 1, "long enough to run over pages"
    assert all(page.rules for page in pages), "every page has its running head's rule"
    assert problems(data) == []


def test_umlauts_and_quotes_survive_and_long_lines_wrap() -> None:
    pages = layout(book())
    words = {word.text for page in pages for word in page.words}
    assert {"„Sprachkurse", "Geflüchtete“", "Übernahme", "Träger"} <= words
    assert all(word.x1 <= page.width - 50 for page in pages for word in page.words), \
        "within the right margin"


@pytest.mark.parametrize("make", [book, minutes], ids=["Beschlussbuch", "Niederschrift"])
def test_page_one_drawn_by_poppler_is_not_blank(make: object) -> None:
    png = first_page_png(make())  # type: ignore[operator]
    if png is None:
        pytest.skip(PDFTOPPM_MISSING)
    image = Image.open(io.BytesIO(png)).convert("L")
    dark = sum(1 for value in image.getdata() if value < 128)
    assert dark > image.width * image.height * 0.01, "text on the page"
