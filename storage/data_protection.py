"""What each table holds about people, why, and how long — for the Verzeichnis von
Verarbeitungstätigkeiten (Art. 30 DSGVO) in the handbook, which is generated from this table
(a test keeps it to the tables the models define, every one of them).

German, as the Datenschutzbeauftragte reads it. „Löschung“ names what deletes the data: the
retention the code applies by itself, a group setting, or `!mitglied entfernen … purge=ja`
(`storage.people.People.purge`: the person's Matrix id becomes their pseudonym everywhere, and
what names them beyond that is deleted).
"""

from __future__ import annotations

from dataclasses import dataclass

#: How long the journal of handled events is kept (bot.app prunes it at every start).
JOURNAL_DAYS = 30


@dataclass(frozen=True)
class Record:
    #: Personal data the table holds (none: „–“).
    holds: str
    #: Why the bot keeps it.
    purpose: str
    #: How long, and what deletes it.
    kept: str


PURGE = "bei Löschung der Person (`purge=ja`) durch ihr Pseudonym ersetzt"
WITH_GROUP = "solange die Gruppe besteht"

RECORDS: dict[str, Record] = {
    "groups": Record("–", "Einstellungen der Gruppe", WITH_GROUP),
    "people": Record(
        "Matrix-ID und das feste Pseudonym der Person", "Zuordnung der Pseudonyme, unter "
        "denen Beschlussbuch und Verläufe Personen nennen", f"{WITH_GROUP}; bei Löschung der "
        "Person wird die Matrix-ID entfernt, das Pseudonym bleibt"),
    "members": Record(
        "Matrix-ID, Anzeigename, Organisation, Rolle, Stimmrecht, Vertretung, E-Mail-Adresse "
        "(freiwillig), Benachrichtigungsweg", "Mitgliederverwaltung, Sitze und Stimmrecht, "
        "Einladungen", f"{WITH_GROUP}; ausgetretene Mitglieder bleiben für die Nachvollziehbarkeit "
        f"vermerkt; {PURGE}, E-Mail und Namen gelöscht"),
    "deputy_requests": Record("Matrix-ID", "Rückfrage an eine Vertretung",
                              "bis beantwortet; bei Löschung der Person gelöscht"),
    "roster_imports": Record(
        "Namen, Matrix-IDs, Organisationen, E-Mail-Adressen aus einer eingelesenen Liste",
        "Vorschau eines Listenimports vor der Bestätigung",
        "bis zur Bestätigung; bei Löschung einer genannten Person gelöscht"),
    "meetings": Record("Matrix-ID der Protokollführung, wer angesetzt hat",
                       "Termine der Gruppe", f"{WITH_GROUP}; {PURGE}"),
    "occurrences": Record("–", "die einzelnen Sitzungstermine", WITH_GROUP),
    "meeting_messages": Record("–", "welche Nachricht im Raum eine Einladung ist (für ✅/❌)",
                               WITH_GROUP),
    "rsvps": Record("Matrix-ID, Antwort auf die Einladung, Zeitpunkt",
                    "Zusagen und Beschlussfähigkeit", f"{WITH_GROUP}; {PURGE}"),
    "presence": Record("Matrix-ID, anwesend", "Anwesenheit (Niederschrift, Teilnahmebericht)",
                       f"{WITH_GROUP}; {PURGE}"),
    "invitation_letters": Record(
        "Einladung als PDF (Gruppe, Tagesordnung; keine Mitgliederliste)",
        "die Einladung, wie sie versandt wurde", WITH_GROUP),
    "agenda_entries": Record("wer den Punkt aufgenommen hat", "Tagesordnungen",
                             f"{WITH_GROUP}; {PURGE}"),
    "agenda_proposals": Record("wer vorgeschlagen hat", "Vorschläge für die nächste "
                               "Tagesordnung", f"{WITH_GROUP}; {PURGE}"),
    "reports": Record(
        "eingereichte Berichte (Datei oder Text), wer eingereicht hat",
        "Berichte zu Tagesordnungspunkten", "nach der Frist der Gruppe (`report-retention`; "
        "Vorgabe: unbegrenzt) gelöscht, Nummer, Titel und Prüfsumme bleiben; " + PURGE),
    "polls": Record("wer die Abstimmung gestartet oder geschlossen hat", "Abstimmungen",
                    f"{WITH_GROUP}; {PURGE}"),
    "poll_answers": Record(
        "Matrix-ID und Antwort in offenen Abstimmungen", "Auszählung je Sitz",
        f"{WITH_GROUP} (Teil des Beschlusses); {PURGE}"),
    "poll_refusals": Record("Matrix-ID", "einmaliger Hinweis an Nicht-Stimmberechtigte",
                            f"{WITH_GROUP}; bei Löschung der Person gelöscht"),
    "secret_voters": Record(
        "welcher Sitz in einer geheimen Abstimmung abgestimmt hat (nicht wie)",
        "jeder Sitz stimmt einmal", f"{WITH_GROUP}; {PURGE}"),
    "secret_tallies": Record("– (nur Stimmenzahlen, ohne Bezug zu Personen)",
                             "Ergebnis geheimer Abstimmungen", WITH_GROUP),
    "decisions": Record(
        "Pseudonyme der Abstimmenden und Eintragenden (nie Matrix-IDs), Beschlusstext",
        "das fälschungssichere Beschlussbuch", "dauerhaft (Aufbewahrung nach den Regeln der "
        "Kommune); die Einträge nennen von Anfang an nur Pseudonyme, eine Löschung ändert "
        "sie daher nicht"),
    "items": Record("Zuständige (Matrix-ID oder Organisation), wer angelegt hat",
                    "offene Punkte und Aufträge", f"{WITH_GROUP}; {PURGE}"),
    "item_events": Record("wer was an einem Punkt geändert hat", "Verlauf der Punkte",
                          f"{WITH_GROUP}; {PURGE}"),
    "sessions": Record("wer die Sitzung geführt hat", "Sitzungen im Raum",
                       f"{WITH_GROUP}; {PURGE}"),
    "session_presence": Record("Matrix-ID, Kommen und Gehen", "Anwesenheit und "
                               "Beschlussfähigkeit in der Sitzung", f"{WITH_GROUP}; {PURGE}"),
    "session_records": Record(
        "Feststellungen, Beschlüsse und Aufgaben, wie sie im Raum eingegeben wurden, mit "
        "Verfasser", "die Niederschrift", f"{WITH_GROUP}; {PURGE}"),
    "minutes": Record(
        "genehmigte Niederschriften als PDF (mit Anwesenheitsliste)",
        "die genehmigte Fassung, wie sie signiert wurde",
        "dauerhaft (Aufbewahrung nach den Regeln der Kommune); eine Löschung ändert das "
        "genehmigte Dokument nicht"),
    "minutes_objections": Record("Matrix-ID, Text der Einwendung",
                                 "Einwendungen gegen Entwürfe", f"{WITH_GROUP}; {PURGE}"),
    "calendar_tokens": Record(
        "Prüfsumme des persönlichen Kalender-Links, Matrix-ID",
        "Kalender-Abonnement", "bis widerrufen (`!kalender widerrufen`) oder die Person "
        "ausscheidet; bei Löschung gelöscht"),
    "web_tokens": Record("Prüfsumme des persönlichen Web-Links, Matrix-ID",
                         "Zugang zu den Seiten der Gruppe für Mitglieder",
                         "bis widerrufen; bei Löschung gelöscht"),
    "outgoing_mail": Record(
        "E-Mail-Adresse, Betreff und Text der Einladung oder Erinnerung",
        "Versand per E-Mail mit Wiederholung", "nach dem Versand als Nachweis behalten; "
        "bei Löschung der Person gelöscht"),
    "inbound_mail": Record(
        "– (nur Kennung und Ergebnis; nie Absender, Adresse oder Text)",
        "eine zweimal zugestellte Antwort-Mail nur einmal anwenden", WITH_GROUP),
    "outbox": Record(
        "Nachrichten des Bots, die Personen nennen können; Dateien und persönliche Links "
        "werden nach dem Senden entfernt", "jede Nachricht genau einmal senden",
        "nach dem Senden behalten (Bearbeitungen beziehen sich darauf); bei Löschung der "
        "Person werden Nachrichten, die sie nennen, geleert"),
    "direct_rooms": Record("Matrix-ID, Raum der Direktnachrichten mit dem Bot",
                           "Direktnachrichten (Links, geheime Abstimmungen)",
                           "bei Löschung der Person gelöscht"),
    "sent_reminders": Record("Kennung der Erinnerung (kann die Matrix-ID enthalten)",
                             "jede Erinnerung nur einmal", "bei Löschung der Person gelöscht"),
    "handled_events": Record(
        "Kennungen verarbeiteter Ereignisse (nie ihr Inhalt)",
        "jedes Ereignis genau einmal verarbeiten", f"{JOURNAL_DAYS} Tage"),
    "known_rooms": Record("–", "seit wann der Bot in einem Raum ist", "solange er darin ist"),
    "sync_state": Record("–", "Stand der Synchronisation mit dem Homeserver", "laufend"),
}
