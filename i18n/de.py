"""Deutsch (Standard). Die Mitglieder werden mit „Sie“ angesprochen.

Jeder Eintrag ist eine Vorlage (Klartext; HTML entsteht daraus mit Zeilenumbrüchen) oder ein
Paar (Klartext, HTML). `{p}` ist immer das Befehlspräfix. Benutzereingaben werden beim
Einsetzen maskiert; Vorlagen selbst enthalten nur vertrauenswürdiges HTML.
"""

MESSAGES: dict[str, str | tuple[str, str]] = {
    # Werte
    "value.yes": "ja",
    "value.no": "nein",
    "value.datetime": "{day}, {time} Uhr",
    "value.days": "{n} Tage",
    "value.hours": "{n} Stunden",
    "value.minutes": "{n} Minuten",
    "enum.Role.chair": "Vorsitz",
    "enum.Role.coordinator": "Geschäftsstelle",
    "enum.Role.member": "Mitglied",
    "enum.Role.advisor": "beratendes Mitglied",
    "enum.Role.guest": "Gast",
    "enum.GroupKind.steering": "Lenkungsgruppe",
    "enum.GroupKind.working": "Arbeitsgruppe",
    "enum.GroupKind.project": "Projektgruppe",
    "enum.Language.de": "Deutsch",
    "enum.Language.en": "Englisch",
    "enum.MajorityRule.simple": "einfache Mehrheit",
    "enum.MajorityRule.absolute": "absolute Mehrheit",
    "enum.MajorityRule.two-thirds": "Zweidrittelmehrheit",
    "enum.MajorityRule.unanimous": "Einstimmigkeit",
    # Platzhalter in Befehlsformen
    "placeholder.text": "TEXT",
    "placeholder.number": "NR",
    "placeholder.bool": "ja|nein",
    "placeholder.user": "@nutzer:server",
    "placeholder.email": "E-MAIL",
    "placeholder.percent": "PROZENT",
    "placeholder.timezone": "ZEITZONE",
    "placeholder.date": "TT.MM.JJJJ",
    "placeholder.time": "HH:MM",
    "placeholder.datetime": "TT.MM.JJJJ HH:MM",
    "placeholder.duration": "DAUER",
    "placeholder.param.name": "NAME",
    "placeholder.param.org": "ORGANISATION",
    "placeholder.param.topic": "BEFEHL",
    # Befehle lesen
    "parse.unclosed_quote": "Das Anführungszeichen {quote} wird nicht geschlossen.",
    "command.empty": "Nach {p} fehlt der Befehl. Eine Übersicht gibt {p}hilfe.",
    "command.unknown": "Den Befehl {p}{word} gibt es nicht. Eine Übersicht gibt {p}hilfe.",
    "command.unknown.suggest": "Den Befehl {p}{word} gibt es nicht. Meinten Sie {p}{suggestion}?",
    "command.unknown_subcommand": (
        "{p}{command} kennt „{word}“ nicht. Eine Übersicht gibt {p}hilfe {command}."
    ),
    "command.unknown_subcommand.suggest": (
        "{p}{command} kennt „{word}“ nicht. Meinten Sie {p}{suggestion}?"
    ),
    "command.needs_subcommand": (
        "{p}{command} braucht einen Unterbefehl: {subcommands}. Mehr dazu: {p}hilfe {command}"
    ),
    # Argumente
    "arg.unknown_key": "Die Angabe „{key}=“ gibt es hier nicht. Möglich sind: {allowed}.",
    "arg.duplicate_key": "„{key}=“ ist doppelt angegeben.",
    "arg.too_many": "Mit „{value}“ kann ich hier nichts anfangen: zu viele Angaben.",
    "arg.missing": "Es fehlt die Angabe {name}.",
    "arg.missing_key": "Es fehlt die Angabe {name}=….",
    "arg.user.invalid": (
        "„{value}“ ist keine Matrix-ID. Eine Matrix-ID sieht so aus: @vorname.nachname:server.de"
    ),
    "arg.number.invalid": "„{value}“ ist keine Nummer (Angabe {name}).",
    "arg.text.empty": "Die Angabe {name} ist leer.",
    "arg.email.invalid": "„{value}“ ist keine E-Mail-Adresse.",
    "arg.percent.invalid": "„{value}“ ist kein Prozentwert zwischen 0 und 100.",
    "arg.timezone.invalid": "„{value}“ ist keine bekannte Zeitzone, z. B. Europe/Berlin.",
    "arg.bool.invalid": "„{value}“ ist weder ja noch nein (Angabe {name}).",
    "arg.date.invalid": "„{value}“ ist kein Datum. Bitte so: 3.12.2026 oder 2026-12-03.",
    "arg.date.no_year": "Bei „{value}“ fehlt das Jahr. Bitte so: 3.12.2026.",
    "arg.date.impossible": "Den Tag „{value}“ gibt es nicht im Kalender.",
    "arg.time.invalid": "„{value}“ ist keine Uhrzeit. Bitte so: 14:00.",
    "arg.datetime.no_time": "Bei „{value}“ fehlt die Uhrzeit. Bitte so: 3.12.2026 14:00.",
    "arg.datetime.nonexistent": (
        "„{value}“ gibt es nicht: Die Uhr wird in dieser Nacht auf Sommerzeit umgestellt."
    ),
    "arg.duration.invalid": "„{value}“ ist keine Dauer. Bitte so: 90m, 2h oder 1d.",
    "arg.choice.invalid": "„{value}“ ist nicht möglich (Angabe {name}). Erlaubt: {choices}.",
    "usage.form": "Richtige Form: {usage}",
    "usage.example": "Beispiel: {example}",
    # Rechte und Zustand
    "access.not_member": (
        "{command} ist Mitgliedern der Gruppe vorbehalten, und Sie sind (noch) keines. "
        "Die Geschäftsstelle kann Sie aufnehmen."
    ),
    "access.denied": (
        "{command} dürfen nur Personen mit der Rolle {roles} ausführen. Ihre Rolle: {role}."
    ),
    "group.not_set_up": (
        "Dieser Raum ist noch keine Gruppe. Richten Sie ihn ein mit {p}einrichten NAME, "
        "z. B. {p}einrichten „Lenkungsgruppe KIM“."
    ),
    "error.internal": (
        "Das hat leider nicht geklappt: ein interner Fehler. Es wurde nichts geändert; "
        "der Betrieb ist informiert."
    ),
    # Einrichten und Gruppe
    "setup.already": "Dieser Raum ist bereits als Gruppe „{name}“ eingerichtet. Siehe {p}gruppe.",
    "setup.power_level": (
        "Einen Raum einrichten dürfen nur Moderatoren des Raums (Berechtigungsstufe ab "
        "{needed}); Ihre Stufe ist {level}."
    ),
    "setup.done": (
        "Die {kind} „{name}“ ist eingerichtet. {user} ist als Geschäftsstelle eingetragen.\n"
        "Nächster Schritt: Mitglieder aufnehmen, z. B. "
        "{p}mitglied hinzufügen @name:server org=„Jobcenter“ role=member"
    ),
    "group.show": (
        "Gruppe „{name}“ ({kind})\n"
        "Sprache: {language} · Zeitzone: {timezone}\n"
        "Beschlussfähig ab mehr als {quorum} % der Stimmen · Regel: {rule}\n"
        "Ladungsfrist: {notice} Tage · eingerichtet am {created}"
    ),
    "group.set.nothing": (
        "Bitte geben Sie an, was geändert werden soll, z. B. {p}gruppe ändern language=en."
    ),
    "group.set.notice_too_long": "Eine Ladungsfrist von {value} Tagen ist zu lang (höchstens 90).",
    "group.set.changed_line": "• {setting}: {value}",
    "group.set.done": "Geändert:\n{changes}",
    "setting.name": "Name",
    "setting.kind": "Art",
    "setting.language": "Sprache",
    "setting.timezone": "Zeitzone",
    "setting.quorum_percent": "Beschlussfähigkeit (%)",
    "setting.majority_rule": "Mehrheitsregel",
    "setting.notice_days": "Ladungsfrist (Tage)",
    # Mitglieder
    "member.exists": (
        "{user} ist bereits Mitglied. Ändern können Sie die Angaben mit {p}mitglied ändern."
    ),
    "member.added": "{user} ({org}) ist jetzt {role}. Stimmberechtigt: {votes}.",
    "member.added.deputy": "{user} vertritt {principal} (Stellvertretung Nr. {rank}).",
    "member.list.empty": "Die Gruppe hat noch keine Mitglieder. Aufnehmen: {p}mitglied hinzufügen",
    "member.list": "Mitglieder von „{group}“: {count}, stimmberechtigte Sitze: {seats}\n{rows}",
    "member.list.row": "• {org}: {user} – {role}",
    "member.list.row.voting": "• {org}: {user} – {role}, Sitz",
    "member.list.row.deputy": "• {org}: {user} – {role}, vertritt {principal}",
    "member.unknown": "{user} ist kein Mitglied dieser Gruppe. Alle Mitglieder: {p}mitglied liste",
    "member.show": (
        "{user}\n"
        "Organisation: {org}\n"
        "Rolle: {role} · stimmberechtigt: {votes}\n"
        "E-Mail: {email}\n"
        "Aufgenommen am {added} von {added_by}"
    ),
    "member.show.deputy_of": "Vertritt: {principal}",
    "member.show.deputies": "Stellvertretung: {deputies}",
    "member.show.removed": "Aus der Gruppe entfernt am {removed}; die bisherigen Einträge bleiben.",
    "member.set.nothing": (
        "Bitte geben Sie an, was geändert werden soll, z. B. org=„Sozialamt“ oder role=advisor."
    ),
    "member.set.principal_needs_vote": (
        "{user} hat Stellvertretungen ({deputies}) und muss daher stimmberechtigt bleiben. "
        "Entfernen Sie zuerst die Stellvertretungen oder ordnen Sie sie neu zu."
    ),
    "member.set.changed_line": "• {setting}: {value}",
    "member.set.done": "Angaben zu {user} geändert:\n{changes}",
    "member.field.organisation": "Organisation",
    "member.field.role": "Rolle",
    "member.field.voting": "stimmberechtigt",
    "member.field.email": "E-Mail",
    "member.field.deputy_of": "vertritt",
    "member.remove.has_deputies": (
        "{user} hat Stellvertretungen ({deputies}). Bitte entfernen Sie diese zuerst oder "
        "ordnen Sie sie mit {p}mitglied ändern @… deputy-of=… neu zu."
    ),
    "member.removed": (
        "{user} ist nicht mehr Mitglied. Frühere Abstimmungen und Zusagen bleiben erhalten."
    ),
    "member.last_coordinator": (
        "{user} ist die letzte Person mit Vorsitz oder Geschäftsstelle. Bitte benennen Sie "
        "zuerst eine weitere, sonst kann niemand die Gruppe verwalten."
    ),
    "member.deputy.self": "{user} kann nicht sich selbst vertreten.",
    "member.deputy.principal_unknown": (
        "{principal} ist kein Mitglied dieser Gruppe; nur Mitglieder können vertreten werden."
    ),
    "member.deputy.principal_is_deputy": (
        "{principal} ist selbst Stellvertretung (für {of}). Bitte nennen Sie den Sitz selbst: "
        "deputy-of={of}"
    ),
    "member.deputy.principal_not_voting": (
        "{principal} ist nicht stimmberechtigt; eine Stellvertretung gibt es nur für Sitze."
    ),
    "member.deputy.has_deputies": (
        "{user} hat selbst Stellvertretungen und kann daher niemanden vertreten."
    ),
    # Hilfe
    "help.overview": (
        "Befehle (englisch oder deutsch, z. B. {p}member oder {p}mitglied):\n{commands}\n"
        "Mehr zu einem Befehl: {p}hilfe BEFEHL, z. B. {p}hilfe mitglied hinzufügen"
    ),
    "help.listing": "{commands}\nMehr zu einem Befehl: {p}hilfe BEFEHL",
    "help.line": "{command} – {summary}",
    "help.unknown": "Zu „{topic}“ gibt es keine Hilfe. Alle Befehle: {p}hilfe",
    "help.command": (
        "{usage}\n{summary}\n{details}\nBeispiel: {example}\n{roles}\nAuch: {alias}"
    ),
    "help.access.everyone": "Darf jede Person im Raum.",
    "help.access.participant": "Dürfen alle Mitglieder der Gruppe.",
    "help.access.contributor": "Dürfen: {roles}.",
    "help.access.coordinator": "Dürfen: {roles}.",
    "help.setup": "Richtet diesen Raum als Gruppe ein.",
    "help.setup.details": (
        "Wer den Befehl als Moderator des Raums ausführt, wird Geschäftsstelle. "
        "kind= ist steering (Lenkungsgruppe), working oder project."
    ),
    "example.setup": "{p}einrichten „Lenkungsgruppe KIM Musterstadt“ kind=steering",
    "help.group": "Zeigt die Einstellungen der Gruppe.",
    "help.group.details": (
        "Name, Art, Sprache, Zeitzone, Beschlussfähigkeit, Mehrheitsregel, Ladungsfrist."
    ),
    "example.group": "{p}gruppe",
    "help.group.set": "Ändert Einstellungen der Gruppe.",
    "help.group.set.details": (
        "language=de|en stellt alle Antworten um; quorum= in Prozent der Stimmen; "
        "notice-days= ist die Ladungsfrist."
    ),
    "example.group.set": "{p}gruppe ändern language=en quorum=50 rule=simple",
    "help.member.add": "Nimmt ein Mitglied mit Organisation und Rolle auf.",
    "help.member.add.details": (
        "Rollen: chair (Vorsitz), coordinator (Geschäftsstelle), member (stimmberechtigt), "
        "advisor (beratend), guest (Gast). deputy-of= macht die Person zur Stellvertretung "
        "eines Sitzes."
    ),
    "example.member.add": (
        "{p}mitglied hinzufügen @anna.schmidt:stadt.de org=„Jobcenter“ role=member "
        "email=anna.schmidt@stadt.de"
    ),
    "help.member.list": "Listet die Mitglieder nach Organisation, mit Sitzen und Vertretungen.",
    "help.member.list.details": "Stellvertretungen stehen bei dem Sitz, den sie vertreten.",
    "example.member.list": "{p}mitglied liste",
    "help.member.show": "Zeigt alles, was zu einem Mitglied gespeichert ist.",
    "help.member.show.details": "Auch entfernte Mitglieder werden mit Datum gezeigt.",
    "example.member.show": "{p}mitglied zeigen @anna.schmidt:stadt.de",
    "help.member.set": "Ändert Organisation, Rolle, E-Mail, Stimmrecht oder Vertretung.",
    "help.member.set.details": "email=- oder deputy-of=keine löscht die Angabe.",
    "example.member.set": "{p}mitglied ändern @anna.schmidt:stadt.de role=advisor",
    "help.member.remove": "Entfernt ein Mitglied; die bisherigen Einträge bleiben erhalten.",
    "help.member.remove.details": (
        "Stellvertretungen müssen vorher entfernt oder neu zugeordnet werden."
    ),
    "example.member.remove": "{p}mitglied entfernen @anna.schmidt:stadt.de",
    "help.help": "Zeigt alle Befehle oder die Hilfe zu einem Befehl.",
    "help.help.details": "Befehle gibt es auf Englisch und Deutsch; beide funktionieren.",
    "example.help": "{p}hilfe mitglied hinzufügen",
}
