"""Every PDF the bot makes prints clean: read back by pdfplumber, no text is struck through by
a rule or printed over another text on any page, long texts wrap, umlauts and „quotes“ are
there; page 1 drawn by poppler is not blank."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from domain.minutes_form import (
    AttendanceSection,
    DecisionBox,
    InvitationLetterForm,
    MinutesForm,
    TopSection,
)
from domain.pdf import (
    BookEntry,
    BookHeader,
    decision_book,
    invitation_letter_pdf,
    minutes_form_pdf,
)
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


def form(rows: int = 60, marking: str | None = "ENTWURF – noch nicht genehmigt") -> MinutesForm:
    people = tuple((f"Organisation {n // 2}", f"Dr. Beispiel Mustermann-Lüdenscheid {n}",
                    "Mitglied",
                    "anwesend" if n % 3 else "vertreten durch Herrn Müller-Lüdenscheidt")
                   for n in range(rows))
    return MinutesForm(
        "Niederschrift – Lenkungsgruppe KIM, Sitzung Nr. 3", "Seite {n} von {total}",
        "Erstellt am Montag, 7. Dezember 2026", "Niederschrift",
        "über die Sitzung Nr. 3 der Lenkungsgruppe KIM: Sitzung der Lenkungsgruppe",
        (("Gremium", "Lenkungsgruppe KIM"), ("Sitzung", "Nr. 3: Sitzung der Lenkungsgruppe"),
         ("Datum", "Donnerstag, 3. Dezember 2026"), ("Beginn", "14:02 Uhr"),
         ("Ende", "16:05 Uhr"), ("Ort", "Rathaus, Raum 214"),
         ("Online", "https://meet.example.org/lenkungsgruppe-kim-sitzung-3"),
         ("Vorsitz", "Dr. Anna Weber"), ("Schriftführung", "Ben Schulz")),
        "Anwesenheit", ("Organisation", "Name", "Funktion", "Anwesenheit"),
        (AttendanceSection("Stimmberechtigte Mitglieder und Vertretungen", people),
         AttendanceSection("Beratende Mitglieder und Gäste",
                           (("Caritasverband für die Stadt und den Landkreis Recklinghausen",
                             "Yilmaz", "beratend", "entschuldigt"),))),
        "Tagesordnung", ("TOP", "Gegenstand"),
        (("1", "Genehmigung der Niederschrift der Sitzung Nr. 2"),
         ("2", "Sprachkurse für Geflüchtete (Anlage 1)")),
        (TopSection("TOP 1: Genehmigung der Niederschrift der Sitzung Nr. 2",
                    ("Keine Einwendungen.",)),
         TopSection("TOP 2: Sprachkurse für Geflüchtete (Anlage 1)", (
             "Bericht Nr. 1 (Anlage 1): Sprachkurse – vorgestellt von Jobcenter.", LONG,
             DecisionBox("Beschluss 2026/007", LONG, "einstimmig angenommen — Ja 9, Nein 0, "
                         "Enthaltung 1; 10 von 12 Stimmen vertreten; beschlussfähig."),
             "Aufgabe Nr. 4: Träger ansprechen – zuständig: Jobcenter; fällig am 31.12.2026."))),
        ("Vorsitz", "Schriftführung"), marking=marking,
        closing=("Die Sitzung wurde um 16:05 Uhr geschlossen.",))


def minutes() -> bytes:
    return minutes_form_pdf(form())


def letter() -> bytes:
    return invitation_letter_pdf(InvitationLetterForm(
        "Einladung – Lenkungsgruppe KIM, Sitzung Nr. 3", "Seite {n} von {total}",
        "Erstellt am Montag, 7. Dezember 2026", "Lenkungsgruppe KIM · Geschäftsstelle",
        "Einladung", "zur Sitzung Nr. 3 der Lenkungsgruppe KIM: Haushalt 2027",
        "Sehr geehrte Damen und Herren,", LONG,
        (("Gremium", "Lenkungsgruppe KIM"), ("Datum", "Donnerstag, 3. Dezember 2026"),
         ("Uhrzeit", "14:00 bis 15:30 Uhr"), ("Ort", "Rathaus, Raum 214")),
        "Tagesordnung", ("TOP", "Gegenstand"),
        tuple((str(n), f"{LONG[:150]} (Anlage {n})") for n in range(1, 25)),
        "Zu- oder Absage", (LONG, LONG),
        "Eingeladen am Mittwoch, 25. November 2026: Die Ladungsfrist von 7 Tagen ist um "
        "4 Tage unterschritten.", ("Mit freundlichen Grüßen", "Die Geschäftsstelle")))


@pytest.mark.parametrize("make", [book, minutes, letter],
                         ids=["Beschlussbuch", "Niederschrift", "Einladung"])
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


@pytest.mark.parametrize("make", [book, minutes, letter],
                         ids=["Beschlussbuch", "Niederschrift", "Einladung"])
def test_page_one_drawn_by_poppler_is_not_blank(make: object) -> None:
    png = first_page_png(make())  # type: ignore[operator]
    if png is None:
        pytest.skip(PDFTOPPM_MISSING)
    image = Image.open(io.BytesIO(png)).convert("L")
    histogram = image.histogram()
    dark = sum(histogram[:128])
    assert dark > image.width * image.height * 0.01, "text on the page"


def test_the_form_repeats_its_table_header_and_names_its_pages() -> None:
    pages = layout(minutes())
    assert len(pages) >= 3, "sixty members run over pages"
    for page in pages:
        texts = [w.text for w in page.words]
        assert "ENTWURF" in texts, f"page {page.number} says it is a draft"
        assert f"Seite {page.number} von {len(pages)}" in " ".join(texts)
    attendance_pages = [p for p in pages if any(w.text == "Beispiel"
                                                for w in p.words)]
    assert len(attendance_pages) >= 2
    for page in attendance_pages:
        heading = [w for w in page.words if w.text == "Anwesenheit"]
        first_row = min(w.top for w in page.words if w.text == "Beispiel")
        assert any(w.top < first_row for w in heading), \
            f"page {page.number}: the table's header row comes first"


def test_the_head_block_labels_stand_left_of_their_values() -> None:
    page = layout(minutes())[0]
    for label, value in (("Gremium", "Lenkungsgruppe"), ("Beginn", "14:02"),
                         ("Schriftführung", "Ben")):
        found = next(w for w in page.words if w.text == label)
        beside = [w for w in page.words if w.text == value and abs(w.top - found.top) < 2]
        assert beside and beside[0].x0 > found.x1, f"{value} beside {label}"


def test_an_approved_form_says_no_draft() -> None:
    texts = {w.text for page in layout(minutes_form_pdf(form(rows=3, marking=None)))
             for w in page.words}
    assert "ENTWURF" not in texts and "Vorsitz" in texts
