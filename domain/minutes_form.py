"""The papers a Geschäftsstelle files, as forms: the Niederschrift and the Einladung.

The Niederschrift as a German authority files it is a form, not a text laid out line by line.

A head block (Gremium, Sitzung, Datum, Beginn and Ende, Ort, Vorsitz, Schriftführung) as a
table; the Anwesenheitsliste per organisation, voting members apart from advisors and guests;
the Tagesordnung; each TOP with what was recorded under it, every decision in a box of its own;
lines to sign for Vorsitz and Schriftführung; „Seite n von m“ and table headers repeated where a
table runs onto the next page. A draft says so on every page.

All texts arrive rendered in the group's language (`commands.minutes_form` builds the form);
`domain.pdf.minutes_form_pdf` lays it out. This module holds the form's parts only, so that
the commands can build one without loading fpdf2 at the bot's start.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class AttendanceSection:
    title: str  # „Stimmberechtigte Mitglieder“, „Beratende Mitglieder und Gäste“
    rows: tuple[tuple[str, str, str, str], ...]  # organisation, name, function, attendance


@dataclass(frozen=True)
class DecisionBox:
    heading: str  # „Beschluss 2026/007“
    text: str
    result: str  # „einstimmig angenommen — Ja 9, Nein 0, Enthaltung 1; … beschlussfähig“


@dataclass(frozen=True)
class TopSection:
    heading: str  # „TOP 2: Sprachkurse für Geflüchtete (Anlage 1)“
    entries: tuple[str | DecisionBox, ...]


@dataclass(frozen=True)
class MinutesForm:
    running_head: str  # „Niederschrift – Lenkungsgruppe KIM, Sitzung Nr. 3“
    page: str  # „Seite {n} von {total}“
    created: str
    title: str  # „Niederschrift“
    subtitle: str  # „über die 3. Sitzung der Lenkungsgruppe KIM“
    head: tuple[tuple[str, str], ...]  # (label, value)
    attendance_title: str
    attendance_columns: tuple[str, str, str, str]
    attendance: tuple[AttendanceSection, ...]
    agenda_title: str
    agenda_columns: tuple[str, str]
    agenda: tuple[tuple[str, str], ...]  # (TOP, subject)
    tops: tuple[TopSection, ...]
    signatures: tuple[str, ...]  # „Vorsitz“, „Schriftführung“
    #: „Entwurf“ on every page until the group approves the minutes; None once approved.
    marking: str | None = None
    #: Lines after the TOPs (the end of the meeting); before the signatures.
    closing: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class InvitationLetterForm:
    """The Einladung: the letter a Gremium is invited by, with its agenda, within the
    Ladungsfrist (the .ics is the calendar's copy of it, not the invitation)."""

    running_head: str  # „Einladung – Lenkungsgruppe KIM, Sitzung Nr. 3“
    page: str
    created: str
    sender: str  # „Lenkungsgruppe KIM · Geschäftsstelle“
    title: str  # „Einladung“
    subtitle: str  # „zur Sitzung Nr. 3 der Lenkungsgruppe KIM: …“
    salutation: str
    intro: str
    head: tuple[tuple[str, str], ...]  # Gremium, Datum, Uhrzeit, Ort, Online
    agenda_title: str
    agenda_columns: tuple[str, str]
    agenda: tuple[tuple[str, str], ...]  # (TOP, subject with its Anlage)
    answer_title: str
    answer: tuple[str, ...]
    notice: str  # „Fristgerecht eingeladen am …“, or how the Ladungsfrist was missed
    closing: tuple[str, ...]  # „Mit freundlichen Grüßen“, „Die Geschäftsstelle“
