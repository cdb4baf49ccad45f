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
    "value.time_range": "{day}, {start}–{end} Uhr",
    "value.time_range.days": "{start} bis {end}",
    "value.days": "{n} Tage",
    "value.hours": "{n} Stunden",
    "value.minutes": "{n} Minuten",
    "value.seconds": "{n} Sekunden",
    "value.days.one": "1 Tag",
    "value.hours.one": "1 Stunde",
    "value.minutes.one": "1 Minute",
    "value.seconds.one": "1 Sekunde",
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
    "arg.number.too_large": "„{value}“ ist zu groß für eine Nummer (Angabe {name}).",
    "arg.text.empty": "Die Angabe {name} ist leer.",
    "arg.text.too_long": "„{start}“ ist zu lang: Die Angabe {name} darf höchstens {most} Zeichen haben.",
    "arg.email.invalid": "„{value}“ ist keine E-Mail-Adresse.",
    "arg.percent.invalid": "„{value}“ ist kein Prozentwert zwischen 0 und 100.",
    "arg.timezone.invalid": "„{value}“ ist keine bekannte Zeitzone, z. B. Europe/Berlin.",
    "arg.bool.invalid": "„{value}“ ist weder ja noch nein (Angabe {name}).",
    "arg.date.invalid": "„{value}“ ist kein Datum. Bitte so: 3.12.2026 oder 2026-12-03.",
    "arg.date.no_year": "Bei „{value}“ fehlt das Jahr. Bitte so: 3.12.2026.",
    "arg.date.impossible": "Den Tag „{value}“ gibt es nicht im Kalender.",
    "arg.date.out_of_range": "„{value}“ liegt nicht zwischen den Jahren {first} und {last}.",
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
        "Ladungsfrist: {notice} Tage\n"
        "Umlaufverfahren: {circular_rule}, Frist {circular_days} Tage\n"
        "Namen im Kalender-Feed der Gruppe: {feed_attendees}\n"
        "Erinnerungen vor Sitzungen: {reminders}\n"
        "Antworten aus Kalendern per E-Mail im Raum melden: {announce_mail_replies}\n"
        "Zwischenstand laufender Abstimmungen zeigen: {live_tally}\n"
        "Erinnerung an fehlende Stimmen: {poll_nudge}\n"
        "Berichte aufbewahren: {report_retention}\n"
        "Einwendungsfrist für Niederschriften: {objection_days} Tage\n"
        "Im Web veröffentlicht: {publish} · mit Namen: {publish_names}\n"
        "Eingerichtet am {created}"
    ),
    "group.set.nothing": (
        "Bitte geben Sie an, was geändert werden soll, z. B. {p}gruppe ändern language=en."
    ),
    "group.set.notice_too_long": "Eine Ladungsfrist von {value} Tagen ist zu lang (höchstens 90).",
    "group.set.circular_days": "Die Frist im Umlaufverfahren muss 1 bis 60 Tage sein, nicht {value}.",
    "setting.circular_rule": "Regel im Umlaufverfahren",
    "setting.circular_days": "Frist im Umlaufverfahren (Tage)",
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
        "Matrix-ID: {matrix_id}\n"
        "Organisation: {org}\n"
        "Rolle: {role} · stimmberechtigt: {votes}\n"
        "E-Mail: {email} · Erinnerungen: {notify}\n"
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
    "member.field.notify": "Erinnerungen",
    "enum.Notify.matrix": "im Raum",
    "enum.Notify.email": "im Raum und per E-Mail",
    "member.notify.needs_email": "Erinnerungen per E-Mail brauchen eine E-Mail-Adresse: bitte mit email=… angeben.",
    "reminder.mail.subject": "Erinnerung: {title}",
    "reminder.mail.item_subject": "Erinnerung: offener Punkt Nr. {number}",
    "reminder.mail.footer": "\n\n— {group}. Diese Erinnerung erhalten Sie auch per E-Mail (notify=email).",
    "member.field.name": "Name",
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
        "Mehr: {p}hilfe mitglied zeigt alle Mitglieder-Befehle mit Beispiel, "
        "{p}hilfe mitglied hinzufügen erklärt einen Befehl."
    ),
    "help.listing": "{commands}\nMehr zu einem Befehl: {p}hilfe BEFEHL",
    "help.family": "{command} ({others})",
    "help.family.own": "{command} – {summary} Dazu: {others}",
    "help.line": "{command} – {summary}",
    "help.line.example": "{command} – {summary}\n    Beispiel: {example}",
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
        "notice-days= ist die Ladungsfrist; circular-rule= und circular-days= sind Regel und "
        "Frist im Umlaufverfahren; live-tally=ja zeigt in laufenden offenen Abstimmungen den "
        "Zwischenstand; poll-nudge=24h erinnert die Sitze, die noch nicht abgestimmt haben, "
        "so lange vor der Frist (poll-nudge=aus schaltet es ab); report-retention=365 entfernt "
        "die Dateien und Texte von Berichten so viele Tage nach ihrer Sitzung (0: nie); "
        "minutes-objection-days=14 ist die Frist für Einwendungen gegen den Entwurf einer "
        "Niederschrift; publish=none|members|public veröffentlicht Sitzungen, Tagesordnungen und Beschlüsse "
        "im Web (OParl und Seiten) — gar nicht, für Mitglieder über einen persönlichen Link "
        "({p}web) oder für alle; publish-names=ja nennt dort die Mitglieder mit Namen."
    ),
    "example.group.set": "{p}gruppe ändern language=en quorum=50 rule=simple",
    "help.member.add": "Nimmt ein Mitglied mit Organisation und Rolle auf.",
    "help.member.add.details": (
        "Rollen: chair (Vorsitz), coordinator (Geschäftsstelle), member (stimmberechtigt), "
        "advisor (beratend), guest (Gast). deputy-of= macht die Person zur Stellvertretung "
        "eines Sitzes. name= gibt den Namen, unter dem die Person in Antworten, Einladungen und "
        "Kalendern erscheint (sonst ihr Matrix-Anzeigename)."
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
    "help.member.set.details": (
        "email=-, name=- oder deputy-of=keine löscht die Angabe. notify=email schickt die "
        "Erinnerungen auch per E-Mail."
    ),
    "example.member.set": "{p}mitglied ändern @anna.schmidt:stadt.de role=advisor",
    "help.member.remove": "Entfernt ein Mitglied; die bisherigen Einträge bleiben erhalten.",
    "help.member.remove.details": (
        "Stellvertretungen müssen vorher entfernt oder neu zugeordnet werden. purge=ja löscht "
        "zusätzlich alle Daten der Person (DSGVO); das Beschlussprotokoll nennt sie dann nur "
        "noch mit Pseudonym."
    ),
    "example.member.remove": "{p}mitglied entfernen @anna.schmidt:stadt.de",
    "help.help": "Zeigt alle Befehle oder die Hilfe zu einem Befehl.",
    "help.help.details": "Befehle gibt es auf Englisch und Deutsch; beide funktionieren.",
    "example.help": "{p}hilfe mitglied hinzufügen",
    # Abstimmungen
    "enum.PollMode.open": "offen",
    "enum.PollMode.circular": "Umlaufverfahren",
    "enum.PollMode.findtime": "Terminfindung",
    "enum.Outcome.adopted": "angenommen",
    "enum.Outcome.rejected": "abgelehnt",
    "enum.Outcome.not-decided": "nicht beschlossen",
    "placeholder.deadline": "TT.MM.JJJJ HH:MM|DAUER",
    "placeholder.param.question": "„FRAGE“",
    "placeholder.param.options": "„OPTION“",
    "placeholder.param.answer": "ANTWORT",
    "placeholder.param.number": "NR",
    "arg.deadline.invalid": (
        "„{value}“ ist keine Frist. Bitte so: 3.12.2026 18:00 oder eine Dauer wie 3d oder 12h."
    ),
    "poll.answer.open.yes": "Ja",
    "poll.answer.open.no": "Nein",
    "poll.answer.open.abstain": "Enthaltung",
    "poll.answer.circular.yes": "Zustimmung",
    "poll.answer.circular.no": "Widerspruch",
    "poll.answer.circular.abstain": "Enthaltung",
    "poll.circular.no_options": (
        "Im Umlaufverfahren wird mit Zustimmung / Widerspruch / Enthaltung abgestimmt; eigene "
        "Optionen gibt es dort nicht."
    ),
    "poll.started.circular": (
        "Umlaufverfahren Nr. {number} läuft {until}. Regel: {rule}; es müssen mehr als die "
        "Hälfte der Sitze antworten (ab {needed} von {seats}). Bei Widerspruch oder zu wenigen "
        "Antworten kommt die Frage auf die Tagesordnung der nächsten Sitzung."
    ),
    "poll.circular.to_agenda": (
        "Das Umlaufverfahren ist nicht zustande gekommen; die Frage steht auf der Tagesordnung "
        "der nächsten Sitzung."
    ),
    "decision.number.circular": "{number} (Umlaufverfahren)",
    "poll.not_yet": "{what} ist noch nicht verfügbar; bitte stimmen Sie offen im Raum ab.",
    "poll.no_seats": (
        "Die Gruppe hat noch keine stimmberechtigten Mitglieder. Aufnehmen: "
        "{p}mitglied hinzufügen @name:server org=… role=member"
    ),
    "poll.deadline.past": "Die Frist {deadline} liegt nicht in der Zukunft.",
    "poll.options.too_few": (
        "Eine Abstimmung braucht mindestens zwei Optionen, nicht nur „{option}“. Ohne Optionen "
        "wird mit Ja / Nein / Enthaltung abgestimmt. Eine Frage aus mehreren Wörtern setzen "
        "Sie in Anführungszeichen."
    ),
    "poll.options.too_many": "{n} Optionen sind zu viele; höchstens {max}.",
    "poll.options.duplicate": "Die Option „{option}“ steht doppelt da.",
    "poll.fallback": "Abstimmung Nr. {number}: {question}",
    "poll.fallback.option": "{n}. {label}",
    "poll.fallback.how": "Abstimmen: {p}abstimmen {number} {example}",
    "poll.until": "bis {deadline}",
    "poll.open_end": "ohne Frist (bis sie geschlossen wird)",
    "poll.started": (
        "Abstimmung Nr. {number} läuft {until}. Regel: {rule}; beschlussfähig ab {needed} von "
        "{seats} Stimmen. Ergebnis vorzeitig: {p}abstimmung schließen {number}"
    ),
    "poll.unknown": "Eine Abstimmung Nr. {number} gibt es in dieser Gruppe nicht.",
    "poll.closed": "Abstimmung Nr. {number} ist bereits beendet.",
    "poll.ended": "Abstimmung Nr. {number} „{question}“ ist beendet.",
    "poll.cancelled.fallback": "Abstimmung Nr. {number} wurde abgebrochen.",
    "poll.list.none": "Zurzeit läuft keine Abstimmung.",
    "poll.list": "Laufende Abstimmungen:\n{rows}",
    "poll.list.row": "• Nr. {number}: {question} ({until})",
    "poll.show.open": (
        "{status}\nOptionen: {options} · Regel: {rule} · beschlussfähig mit mehr als "
        "{quorum} % der Sitze"
    ),
    "poll.show.closed": "Abstimmung Nr. {number}: {question}\nBeendet am {closed}.\n{result}",
    "poll.show.cancelled": (
        "Abstimmung Nr. {number}: {question}\nAbgebrochen am {closed} von {by}."
    ),
    "poll.close.done": "Abstimmung Nr. {number} ist geschlossen (Beschluss {decision}).",
    "poll.cancel.done": (
        "Abstimmung Nr. {number} „{question}“ ist abgebrochen; es wird kein Beschluss "
        "eingetragen."
    ),
    "poll.vote.counted": "Ihre Stimme zu Abstimmung Nr. {number} ist gezählt: {answer}.",
    "poll.vote.as_deputy": (
        "Sie stimmen als Stellvertretung für {principal}; stimmt {principal} selbst ab, zählt "
        "diese Stimme."
    ),
    "poll.vote.not_voting": (
        "Sie sind in dieser Gruppe nicht stimmberechtigt (Rolle: {role}); Ihre Stimme wird "
        "nicht gezählt."
    ),
    "poll.vote.unknown_answer": "„{answer}“ ist keine Antwort dieser Abstimmung. Möglich: {answers}.",
    "poll.refused.not_member": (
        "Sie haben bei Abstimmung Nr. {number} („{question}“) in „{group}“ abgestimmt. Sie sind "
        "kein Mitglied dieser Gruppe, daher wird Ihre Stimme nicht gezählt. Wenn das ein "
        "Versehen ist, wenden Sie sich bitte an die Geschäftsstelle."
    ),
    "poll.refused.not_voting": (
        "Sie haben bei Abstimmung Nr. {number} („{question}“) in „{group}“ abgestimmt. Als "
        "{role} sind Sie nicht stimmberechtigt, daher wird Ihre Stimme nicht gezählt."
    ),
    # Beschlüsse
    "decision.result": (
        "Beschluss {number}: {verdict} — {counts}; {represented} von {seats} Stimmen vertreten; "
        "{quorate}."
    ),
    "decision.count": "{label} {n}",
    "decision.quorate": "beschlussfähig",
    "decision.not_quorate": "nicht beschlussfähig",
    "decision.verdict.unanimous": "einstimmig angenommen",
    "decision.verdict.adopted": "mehrheitlich angenommen",
    "decision.verdict.unanimous.option": "einstimmig angenommen: „{option}“",
    "decision.verdict.adopted.option": "mehrheitlich angenommen: „{option}“",
    "decision.verdict.rejected": "abgelehnt",
    "decision.verdict.not_decided": "nicht beschlossen",
    "decision.recorded.line": "Beschluss {number}: {text}",
    "decision.number.invalid": "„{value}“ ist keine Beschlussnummer. Bitte so: 2026/007 oder 7.",
    "decision.unknown": "Einen Beschluss {number} gibt es in dieser Gruppe nicht.",
    "decision.list.none": "Es sind noch keine Beschlüsse eingetragen.",
    "decision.list.none_matching": "Kein Beschluss enthält „{text}“.",
    "decision.list": "Beschlüsse ({count}), neueste zuerst:\n{rows}",
    "decision.list.row": "• {number} vom {date}: {outcome} – {text}",
    "decision.list.more": "Gezeigt sind die letzten {shown}; alle: {p}beschluss exportieren md",
    "decision.show": (
        "Beschluss {number}\n{text}\nDatum: {decided}\n{result}\n"
        "Eingetragen von {recorded_by} · Prüfsumme {hash}…"
    ),
    "decision.show.poll": "Abstimmung Nr. {poll}; Regel: {rule}; beschlussfähig ab mehr als {quorum} %",
    "decision.show.votes": "Stimmen:\n{votes}",
    "decision.show.vote": "• {org}: {voter} – {answer}{deputy}",
    "decision.show.vote.deputy": " (in Vertretung für {seat})",
    "decision.show.corrects": "Berichtigt Beschluss {number}.",
    "decision.recorded": "Eingetragen als Beschluss {number}: {text}",
    "decision.recorded.corrects": "Er berichtigt Beschluss {number}; dieser bleibt unverändert im Protokoll.",
    "decision.export.filename": "beschluesse",
    "decision.export.done": "Die {count} Beschlüsse stehen in der Datei {filename}.",
    "decision.export.md.title": "# Beschlüsse – {group}",
    "decision.export.md.entry": "## Beschluss {number} vom {date}",
    "decision.export.column.number": "Nummer",
    "decision.export.column.date": "Datum",
    "decision.export.column.text": "Beschluss",
    "decision.export.column.outcome": "Ergebnis",
    "decision.export.column.yes": "Ja",
    "decision.export.column.no": "Nein",
    "decision.export.column.abstain": "Enthaltung",
    "decision.export.column.represented": "vertreten",
    "decision.export.column.seats": "Sitze",
    "decision.export.column.result": "Wortlaut",
    "decision.export.column.hash": "Prüfsumme",
    "decision.verify.ok": "Das Beschlussprotokoll ist unverändert (geprüfte Einträge: {count}).",
    "decision.verify.broken.content": (
        "Achtung: Beschluss {number} wurde nachträglich verändert (Prüfsumme stimmt nicht). "
        "Bitte informieren Sie den Betrieb."
    ),
    "decision.verify.broken.link": (
        "Achtung: Vor Beschluss {number} wurde ein Eintrag verändert oder entfernt (die Kette "
        "der Prüfsummen ist unterbrochen). Bitte informieren Sie den Betrieb."
    ),
    # Hilfe zu Abstimmungen und Beschlüssen
    "help.poll": "Startet eine Abstimmung im Raum (Ja / Nein / Enthaltung oder eigene Optionen).",
    "help.poll.details": (
        "Mitglieder stimmen per Klick ab; pro Sitz zählt die letzte Antwort, sonst die der "
        "ersten Stellvertretung. rule= und quorum= überschreiben die Regeln der Gruppe; "
        "deadline= ist eine Frist als Datum oder Dauer (3d, 12h). Mit geheim wird per "
        "Direktnachricht abgestimmt; veröffentlicht wird nur das Ergebnis. then=„AUFTRAG“ "
        "mit assign=/org= und due= wird bei Annahme ein offener Punkt."
    ),
    "example.poll": "{p}abstimmung „Soll das Integrationszentrum den Sprachkursbericht beauftragen?“ deadline=3d",
    "help.poll.show": "Zeigt den Stand einer Abstimmung (ohne Nummer: alle laufenden).",
    "help.poll.show.details": (
        "Wie die Statusnachricht im Raum: wie viele Sitze abgestimmt haben, ob die "
        "Abstimmung beschlussfähig ist, welche Organisationen fehlen, die Restzeit; den "
        "Zwischenstand nur mit {p}gruppe ändern live-tally=ja, bei geheimen Abstimmungen nie."
    ),
    "example.poll.show": "{p}abstimmung zeigen 3",
    "help.poll.close": "Beendet eine Abstimmung jetzt und trägt das Ergebnis ein.",
    "help.poll.close.details": "Gezählt wird, was bis jetzt abgestimmt wurde.",
    "example.poll.close": "{p}abstimmung schließen 3",
    "help.poll.cancel": "Bricht eine Abstimmung ab, ohne Beschluss.",
    "help.poll.cancel.details": "Die Stimmen bleiben gespeichert, werden aber nicht ausgezählt.",
    "example.poll.cancel": "{p}abstimmung abbrechen 3",
    "help.vote": "Stimmt per Text ab – wie ein Klick auf die Abstimmung.",
    "help.vote.details": (
        "Antwort als Nummer oder Text: ja, nein, enthaltung oder eine Option. Gezählt werden "
        "nur Stimmberechtigte. Bei geheimen Abstimmungen in der Direktnachricht mit dem Bot."
    ),
    "example.vote": "{p}abstimmen 3 ja",
    "help.decision.list": "Listet die Beschlüsse, auf Wunsch nur solche mit einem Suchwort.",
    "help.decision.list.details": "Die neuesten zuerst.",
    "example.decision.list": "{p}beschluss liste Sprachkurs",
    "help.decision.show": "Zeigt einen Beschluss mit Auszählung und Stimmen.",
    "help.decision.show.details": "Nummer als 2026/007 oder, für dieses Jahr, einfach 7.",
    "example.decision.show": "{p}beschluss zeigen 2026/007",
    "help.decision.record": "Trägt einen Beschluss ohne Abstimmung im Chat ein, z. B. aus der Sitzung.",
    "help.decision.record.details": (
        "corrects= berichtigt einen früheren Beschluss; der alte Eintrag bleibt unverändert. "
        "assign=@name:server oder org=… und due= erteilen einen Auftrag als offenen Punkt."
    ),
    "example.decision.record": "{p}beschluss erfassen Die Sitzung am 3.12. beschließt den Jahresbericht.",
    "help.decision.export": "Schickt das Beschlussprotokoll als Datei (md, csv, json oder pdf).",
    "help.decision.export.details": "CSV mit Semikolon, für Tabellenprogramme; pdf ist das Beschlussbuch zum Ablegen, mit Jahr nur die Beschlüsse dieses Jahres.",
    "example.decision.export": "{p}beschluss exportieren csv",
    "help.decision.verify": "Prüft, ob das Beschlussprotokoll unverändert ist.",
    "help.decision.verify.details": (
        "Jeder Eintrag trägt eine Prüfsumme über sich und den vorigen Eintrag."
    ),
    "example.decision.verify": "{p}beschluss prüfen",
    "poll.secret.announced": (
        "Geheime Abstimmung Nr. {number}: {question}\n"
        "Die Stimmberechtigten erhalten ihren Stimmzettel per Direktnachricht; abgestimmt wird "
        "dort, {until}. Veröffentlicht wird nur das Ergebnis."
    ),
    "poll.secret.ballot": (
        "Stimmzettel – geheime Abstimmung Nr. {number} in „{group}“ ({until}):\n{question}"
    ),
    "poll.secret.how": (
        "Antworten Sie hier in dieser Direktnachricht, z. B. {p}abstimmen {number} {example}. "
        "Ihre Stimme kann danach nicht mehr geändert werden."
    ),
    "poll.secret.deputy": (
        "Sie sind Stellvertretung für {principal}. Es zählt die erste Stimme, die für den Sitz "
        "abgegeben wird."
    ),
    "poll.secret.not_here": (
        "Abstimmung Nr. {number} ist geheim: Bitte stimmen Sie in Ihrer Direktnachricht mit "
        "dem Bot ab, nicht hier im Raum. Diese Nachricht wurde nicht gezählt."
    ),
    "poll.secret.none": (
        "Eine laufende geheime Abstimmung Nr. {number}, bei der Sie stimmberechtigt sind, "
        "gibt es nicht."
    ),
    "poll.secret.ambiguous": (
        "Geheime Abstimmungen Nr. {number} laufen in mehreren Gruppen ({groups}). Das kann der "
        "Bot hier nicht unterscheiden; bitte wenden Sie sich an die Geschäftsstelle."
    ),
    "poll.secret.cast": (
        "Ihr Stimmzettel für die geheime Abstimmung Nr. {number} in „{group}“ ist abgegeben. "
        "Gespeichert ist nur, dass Ihr Sitz abgestimmt hat, getrennt von der Stimme."
    ),
    "poll.secret.already": "Sie haben bei Abstimmung Nr. {number} bereits abgestimmt.",
    "poll.secret.seat_taken": (
        "Für Ihren Sitz hat bei Abstimmung Nr. {number} bereits {voter} abgestimmt."
    ),
    # Offene Punkte
    "enum.ItemState.open": "offen",
    "enum.ItemState.done": "erledigt",
    "enum.ItemState.dropped": "gestrichen",
    "enum.ItemFilter.open": "offene",
    "enum.ItemFilter.done": "erledigte",
    "enum.ItemFilter.all": "alle",
    "placeholder.param.then": "AUFTRAG",
    "item.owner.user": "{user}",
    "item.owner.org": "{org}",
    "item.owner.none": "niemand zugewiesen",
    "item.due": "fällig am {due}",
    "item.due.none": "ohne Frist",
    "item.added": "Punkt Nr. {number} ist notiert: {text} ({owner}, {due}).",
    "item.list.none": "Keine Punkte ({which}).",
    "item.list": "Punkte ({which}, {count}):\n{rows}",
    "item.list.row": "• Nr. {number}: {text} – {owner}, {due}",
    "item.list.row.overdue": "• Nr. {number}: {text} – {owner}, {due} – ÜBERFÄLLIG",
    "item.show": "Punkt Nr. {number}: {text}\nStand: {state} · {owner} · {due}",
    "item.show.mandate": "Auftrag aus Beschluss {decision}.",
    "item.show.history": "Verlauf:\n{events}",
    "item.history.created": "• {at}: angelegt von {by}",
    "item.history.assigned": "• {at}: {by} weist zu an {detail}",
    "item.history.due": "• {at}: {by} setzt die Frist auf {detail}",
    "item.history.note": "• {at}: Notiz von {by}: {detail}",
    "item.history.done": "• {at}: erledigt ({by})",
    "item.history.dropped": "• {at}: gestrichen ({by})",
    "item.unknown": "Einen Punkt Nr. {number} gibt es in dieser Gruppe nicht. Übersicht: {p}punkt liste",
    "item.closed": "Punkt Nr. {number} ist bereits {state}.",
    "item.not_yours": (
        "Punkt Nr. {number} liegt bei {owner}. Als erledigt markieren können ihn die "
        "Zuständigen, wer ihn angelegt hat, Vorsitz und Geschäftsstelle."
    ),
    "item.done": "Punkt Nr. {number} ist erledigt: {text}",
    "item.assign.nobody": "Bitte nennen Sie, wem der Punkt zugewiesen wird: @name:server oder org=….",
    "item.owner.both": "Bitte nur eines angeben: eine Person oder eine Organisation (org=…).",
    "item.assigned": "Punkt Nr. {number} ist jetzt bei {owner}.",
    "item.due.set": "Punkt Nr. {number} ist fällig am {due}.",
    "item.due.past": "Das Datum {due} liegt in der Vergangenheit.",
    "item.noted": "Die Notiz zu Punkt Nr. {number} ist gespeichert.",
    "item.dropped": "Punkt Nr. {number} ist gestrichen: {text}. Der Verlauf bleibt erhalten.",
    "decision.mandate": "Auftrag: Punkt Nr. {item} ({owner}, {due}).",
    "decision.show.mandate": "Auftrag: Punkt Nr. {item} ({owner}, {state}).",
    "help.item.add": "Notiert einen offenen Punkt und antwortet mit seiner Nummer.",
    "help.item.add.details": (
        "owner=@name:server oder org=… macht jemanden zuständig; due= ist die Frist."
    ),
    "example.item.add": "{p}punkt hinzufügen Sprachkursbericht vorlegen org=„Jobcenter“ due=15.1.2027",
    "help.item.list": "Listet offene, erledigte oder alle Punkte.",
    "help.item.list.details": "owner=@name:server zeigt nur die Punkte einer Person.",
    "example.item.list": "{p}punkt liste alle",
    "help.item.show": "Zeigt einen Punkt mit seinem Verlauf.",
    "help.item.show.details": "Auch erledigte und gestrichene Punkte.",
    "example.item.show": "{p}punkt zeigen 3",
    "help.item.done": "Markiert einen Punkt als erledigt.",
    "help.item.done.details": "Dürfen die Zuständigen, wer ihn angelegt hat, Vorsitz und Geschäftsstelle.",
    "example.item.done": "{p}punkt erledigt 3",
    "help.item.assign": "Weist einen Punkt einer Person oder Organisation zu.",
    "help.item.assign.details": "Eine Person als @name:server oder eine Organisation mit org=….",
    "example.item.assign": "{p}punkt zuweisen 3 @anna.schmidt:stadt.de",
    "help.item.due": "Setzt die Frist eines Punkts.",
    "help.item.due.details": "Datum als 15.1.2027 oder 2027-01-15.",
    "example.item.due": "{p}punkt frist 3 15.1.2027",
    "help.item.note": "Hängt eine Notiz an einen Punkt (mit Name und Zeit).",
    "help.item.note.details": "Notizen bleiben im Verlauf.",
    "example.item.note": "{p}punkt notiz 3 Entwurf liegt der Geschäftsstelle vor",
    "help.item.drop": "Streicht einen Punkt; der Verlauf bleibt erhalten.",
    "help.item.drop.details": "Für Punkte, die sich erledigt haben, ohne erledigt worden zu sein.",
    "example.item.drop": "{p}punkt streichen 3",
    # Sitzungen
    "enum.Repeat.weekly": "wöchentlich",
    "enum.Repeat.monthly": "monatlich",
    "enum.RsvpAnswer.yes": "Zusage",
    "enum.RsvpAnswer.no": "Absage",
    "enum.RsvpAnswer.maybe": "vielleicht",
    "placeholder.param.title": "TITEL",
    "placeholder.param.location": "ORT",
    "placeholder.param.reason": "GRUND",
    "placeholder.param.agenda": "NR,NR",
    "meeting.default_title": "Sitzung {group}",
    "meeting.repeat.none": "einmaliger Termin",
    "meeting.repeat.weekly": "wöchentlich",
    "meeting.repeat.monthly": "monatlich",
    "meeting.answer.yes": "Zusage",
    "meeting.answer.no": "Absage",
    "meeting.answer.maybe": "vielleicht",
    "meeting.answer.none": "keine Antwort",
    "meeting.state.planned": "geplant",
    "meeting.state.cancelled": "abgesagt",
    "meeting.ics.agenda": "Tagesordnung:",
    "meeting.announcement": (
        "Einladung: {title} (Termin Nr. {number}, {repeat})\n{when}\nOrt: {location}\n"
        "Tagesordnung:\n{agenda}\n"
        "Bitte antworten Sie mit ✅ (Zusage), ❌ (Absage) oder ❔ (vielleicht) auf diese "
        "Nachricht oder mit {p}zusage {number} ja|nein|vielleicht. Die Einladung für Ihren "
        "Kalender hängt an."
    ),
    "meeting.moved": (
        "Verlegt: {title} (Termin Nr. {number}) findet nicht am {before} statt, sondern:\n"
        "{when}\nOrt: {location}\nBitte antworten Sie erneut mit ✅ / ❌ / ❔ auf diese "
        "Nachricht. Die geänderte Einladung hängt an."
    ),
    "meeting.cancelled.announcement": (
        "Abgesagt: {title} (Termin Nr. {number}) am {when}.\nGrund: {reason}\n"
        "Die Absage für Ihren Kalender hängt an."
    ),
    "meeting.scheduled": "Termin Nr. {number} „{title}“ ist angesetzt: {when}. Die Einladung ist verschickt.",
    "meeting.notice.late": (
        "Achtung: Die Ladungsfrist von {days} Tagen ist um {by} unterschritten."
    ),
    "meeting.notice.late_agenda": (
        "Achtung: Die Tagesordnung ändert sich innerhalb der Ladungsfrist von {days} Tagen "
        "(um {by} zu spät)."
    ),
    "meeting.in_past": "Der Zeitpunkt {when} liegt nicht in der Zukunft.",
    "meeting.too_long": "Eine Sitzung von {duration} ist zu lang (höchstens 12 Stunden).",
    "meeting.until_without_repeat": "until= gibt es nur zusammen mit repeat=weekly oder repeat=monthly.",
    "meeting.until_before_start": "Das Ende der Serie ({until}) liegt vor dem ersten Termin.",
    "meeting.clash": "Zu dieser Zeit ist schon Termin Nr. {number} „{title}“ angesetzt: {when}.",
    "meeting.unknown": "Einen Termin Nr. {number} gibt es in dieser Gruppe nicht. Übersicht: {p}termin liste",
    "meeting.no_date": "Termin Nr. {number} findet am {on} nicht statt.",
    "meeting.cancelled": "Termin Nr. {number} ist abgesagt.",
    "meeting.series.needs_on": (
        "Termin Nr. {number} ist eine Serie: Bitte nennen Sie den Tag mit on=TT.MM.JJJJ. Eine "
        "ganze Serie verlegen Sie, indem Sie sie absagen und neu ansetzen."
    ),
    "meeting.list.none": "Es sind keine Termine angesetzt. Neu: {p}termin ansetzen TT.MM.JJJJ HH:MM",
    "meeting.list": "Nächste Termine:\n{rows}",
    "meeting.list.row": "• Nr. {number}: {title} – {when}, {location}",
    "meeting.list.row.cancelled": "• Nr. {number}: {title} – {when} – ABGESAGT",
    "meeting.show": "Termin Nr. {number}: {title}\n{when}\nOrt: {location} · {repeat} · {state}",
    "meeting.agenda": "Tagesordnung:\n{entries}",
    "meeting.agenda.of": "Tagesordnung für Termin Nr. {number} ({when}):\n{entries}",
    "meeting.agenda.empty": "(noch keine Punkte)",
    "meeting.agenda.entry": "{position}. {text}",
    "meeting.agenda.entry.auto": "{position}. {text} ({source})",
    "meeting.agenda.source.coordinator": "von der Geschäftsstelle",
    "meeting.agenda.source.member": "von einem Mitglied",
    "meeting.agenda.source.item-due": "automatisch: offener Punkt wird fällig",
    "meeting.agenda.source.circular": "automatisch: Umlaufverfahren nicht zustande gekommen",
    "meeting.agenda.say_add": "Zum Ergänzen: {p}termin tagesordnung {number} hinzufügen TEXT",
    "meeting.agenda.text_or_item": "Bitte entweder einen Text oder item=NR angeben.",
    "meeting.agenda.numbers": "„{value}“ sind keine Punktnummern. Bitte so: agenda=3,5",
    "meeting.agenda.added": "Tagesordnung von Termin Nr. {number} ergänzt: {position}. {text}",
    "meeting.attendance": "Teilnahme an Termin Nr. {number} ({when}):\n{seats}",
    "meeting.attendance.seat": "• {org}: {user} – {answer}{comment}{deputy}",
    "meeting.attendance.comment": " („{comment}“)",
    "meeting.attendance.deputy": "; vertreten durch {user}",
    "meeting.attendance.no_seats": "• (keine stimmberechtigten Sitze)",
    "meeting.attendance.others": "Ohne Stimmrecht:\n{rows}",
    "meeting.attendance.other": "• {org}: {user} ({role}) – {answer}{comment}",
    "meeting.forecast.quorate": "{confirmed} von {seats} Stimmen zugesagt — beschlussfähig ab {needed}.",
    "meeting.forecast.not_quorate": (
        "{confirmed} von {seats} Stimmen zugesagt — beschlussfähig ab {needed}: Stand jetzt "
        "nicht beschlussfähig."
    ),
    "meeting.present.done": "Anwesend bei Termin Nr. {number} ({count}): {people}",
    "meeting.move.done": "Termin Nr. {number} ist verlegt auf {when}; die Änderung ist verschickt.",
    "meeting.cancel.done": "Termin Nr. {number} ({when}) ist abgesagt; die Absage ist verschickt.",
    "meeting.rsvp.done": "Ihre Antwort zu Termin Nr. {number} ({when}): {answer}.",
    "meeting.deputy.asked": (
        "{deputies}: {principal} hat für Termin Nr. {number} „{title}“ am {start} abgesagt. "
        "Können Sie den Sitz vertreten? Bitte antworten Sie mit ✅ oder ❌ auf die Einladung "
        "oder mit {p}zusage {number} ja|nein."
    ),
    "help.meeting.schedule": "Setzt eine Sitzung an und verschickt die Einladung mit Kalenderdatei.",
    "help.meeting.schedule.details": (
        "duration= (Standard 90m), title=, location=, repeat=weekly|monthly mit until=DATUM, "
        "agenda=3,5 setzt offene Punkte auf die Tagesordnung. Fällige Punkte und gescheiterte "
        "Umlaufverfahren kommen von selbst dazu. online=URL (oder online=ja für den "
        "Videodienst der Stadt) macht die Sitzung hybrid oder online: der Link steht in "
        "Einladung, Kalender und Erinnerungen."
    ),
    "example.meeting.schedule": "{p}termin ansetzen 3.12.2026 14:00 duration=90m location=„Rathaus, Raum 101“",
    "help.meeting.list": "Zeigt die nächsten Termine.",
    "help.meeting.list.details": "Abgesagte Termine werden als solche gezeigt.",
    "example.meeting.list": "{p}termin liste",
    "help.meeting.show": "Zeigt einen Termin mit Tagesordnung und Zusagen.",
    "help.meeting.show.details": "Bei Serien zeigt on=TT.MM.JJJJ einen bestimmten Tag.",
    "example.meeting.show": "{p}termin zeigen 3",
    "help.meeting.move": "Verlegt einen Termin und verschickt die geänderte Einladung.",
    "help.meeting.move.details": "Bei Serien mit on=TT.MM.JJJJ den Tag nennen, der verlegt wird.",
    "example.meeting.move": "{p}termin verlegen 3 10.12.2026 14:00",
    "help.meeting.cancel": "Sagt einen Termin ab und verschickt die Absage.",
    "help.meeting.cancel.details": "Bei Serien sagt on=TT.MM.JJJJ nur diesen Tag ab, ohne on= die ganze Serie.",
    "example.meeting.cancel": "{p}termin absagen 3 Krankheitsbedingt",
    "help.meeting.agenda": "Zeigt oder ergänzt die Tagesordnung eines Termins.",
    "help.meeting.agenda.details": "hinzufügen TEXT oder hinzufügen item=NR für einen offenen Punkt.",
    "example.meeting.agenda": "{p}termin tagesordnung 3 hinzufügen Bericht des Integrationszentrums",
    "help.meeting.attendance": "Zeigt, wer zu- oder abgesagt hat, und ob die Sitzung beschlussfähig sein wird.",
    "help.meeting.attendance.details": "Pro Sitz, mit Vertretungen; beratende Mitglieder und Gäste getrennt. chart=ja stellt die Prognose auch als Diagramm ein.",
    "example.meeting.attendance": "{p}termin teilnahme 3",
    "help.meeting.present": "Hält fest, wer tatsächlich anwesend war.",
    "help.meeting.present.details": "Mehrere Personen durch Leerzeichen getrennt.",
    "example.meeting.present": "{p}termin anwesend 3 @anna.schmidt:stadt.de @ben.meier:stadt.de",
    "help.rsvp": "Sagt zu einem Termin zu oder ab – wie ✅ / ❌ / ❔ auf die Einladung.",
    "help.rsvp.details": "Eine spätere Antwort ersetzt die frühere.",
    "example.rsvp": "{p}zusage 3 ja",
    # Kalender
    "setting.feed_attendees": "Namen im Kalender-Feed",
    "calendar.sent": "Ich habe Ihnen die Kalender-Links per Direktnachricht geschickt.",
    "calendar.revoked": (
        "Ihre bisherigen Kalender-Links ({count}) funktionieren nicht mehr; die neuen habe ich "
        "Ihnen per Direktnachricht geschickt."
    ),
    "calendar.links": (
        "Kalender von „{group}“ zum Abonnieren (in Outlook: Kalender hinzufügen → Aus dem "
        "Internet; in Thunderbird: Neuer Kalender → Im Netzwerk):\n"
        "Ihr persönlicher Kalender, mit Ihren Zusagen: {personal}\n"
        "Kalender der Gruppe: {shared}\n"
        "Bitte geben Sie die Links nicht weiter. {p}kalender widerrufen macht sie ungültig."
    ),
    "calendar.links.renewed": (
        "Neue Kalender-Links für „{group}“; die alten funktionieren nicht mehr:\n"
        "Ihr persönlicher Kalender: {personal}\n"
        "Kalender der Gruppe: {shared}"
    ),
    "calendar.name.group": "{group}",
    "calendar.name.personal": "{group} (persönlich)",
    "help.calendar": "Schickt Ihnen per Direktnachricht Links zum Abonnieren der Termine.",
    "help.calendar.details": (
        "Ein persönlicher Kalender mit Ihren Zusagen und der Kalender der Gruppe; jede "
        "Kalender-App, die Internetkalender (ICS) abonniert, kann sie lesen."
    ),
    "example.calendar": "{p}kalender",
    "help.calendar.revoke": "Macht Ihre Kalender-Links ungültig und schickt neue.",
    "help.calendar.revoke.details": "Etwa wenn ein Link in falsche Hände geraten ist.",
    "example.calendar.revoke": "{p}kalender widerrufen",
    "meeting.announcement.subject": "Einladung: {title}, {when}",
    "meeting.moved.subject": "Verlegt: {title}, jetzt {when}",
    "meeting.cancelled.announcement.subject": "Abgesagt: {title}, {when}",
    "meeting.mail.status": "E-Mail-Einladungen: {sent} zugestellt, {waiting} ausstehend.",
    "meeting.mail.failure": "• an {recipient}: {error} ({attempts} Versuche; {state})",
    "meeting.mail.retrying": "wird wiederholt",
    "meeting.mail.given_up": "aufgegeben",
    "meeting.mail.answers": "Antworten per E-Mail: {applied} übernommen.",
    "meeting.mail.stale": "{n} Antworten per E-Mail zu einer älteren Fassung der Einladung nicht übernommen.",
    "meeting.mail.unassigned": "{n} Antworten per E-Mail nicht zugeordnet.",
    "setting.announce_mail_replies": "Antworten per E-Mail im Raum melden",
    # Antworten aus Kalenderprogrammen per E-Mail
    "mail.reply.yes": "{user} ({org}) hat über den Kalender zugesagt: Termin Nr. {number}, {when}{more}.",
    "mail.reply.no": "{user} ({org}) hat über den Kalender abgesagt: Termin Nr. {number}, {when}{more}.",
    "mail.reply.maybe": (
        "{user} ({org}) hat über den Kalender mit Vorbehalt geantwortet: Termin Nr. {number}, "
        "{when}{more}."
    ),
    "mail.reply.more_dates": " (und {n} weitere Termine der Serie)",
    "mail.counter": (
        "{user} ({org}) schlägt für Termin Nr. {number} ({when}) eine andere Zeit vor: "
        "{proposed}. {comment}\nZum Verlegen: {command}"
    ),
    "mail.counter.command": "termin verlegen",
    "mail.refresh.text": (
        "Guten Tag,\n\nSie haben die Einladung zu „{title}“ (Termin Nr. {number}) erneut "
        "angefordert. Sie ist dieser Nachricht beigefügt."
    ),
    # Erinnerungen
    "setting.reminders": "Erinnerungen vor Sitzungen",
    "reminders.invalid": (
        "„{value}“ sind keine Erinnerungszeiten. Bitte bis zu {max} Dauern mit Komma, z. B. "
        "reminders=7d,1d oder reminders=2h."
    ),
    "reminders.too_far": "„{value}“: Erinnerungen gehen höchstens 30 Tage vor einer Sitzung.",
    "reminder.meeting": (
        "Erinnerung ({offset} vorher): {title} (Termin Nr. {number})\n{when}\nOrt: {location}"
    ),
    "reminder.meeting.silent": (
        "Noch keine Antwort von {users}. Bitte antworten Sie mit ✅ / ❌ / ❔ auf die Einladung "
        "oder mit {p}zusage {number} ja|nein|vielleicht."
    ),
    "reminder.meeting.not_quorate": (
        "Hinweis an {users}: Nach den Zusagen wird die Sitzung nicht beschlussfähig sein."
    ),
    "reminder.item.due": "Erinnerung an {users}: Punkt Nr. {number} „{text}“ ist heute fällig ({due}).",
    "reminder.item.overdue": (
        "Erinnerung an {users}: Punkt Nr. {number} „{text}“ ist seit {due} überfällig. "
        "Erledigt? {p}punkt erledigt {number}"
    ),
    # Status
    "status.heading": "Stand für „{group}“:",
    "status.meeting": "Nächster Termin: Nr. {number} „{title}“, {when}",
    "status.meeting.none": "Nächster Termin: keiner angesetzt.",
    "status.polls": "Laufende Abstimmungen ({count}):\n{rows}",
    "status.poll": "• Nr. {number}: {question} ({until})",
    "status.overdue": "Überfällige Punkte ({count}):\n{rows}",
    "status.item": "• Nr. {number}: {text} (fällig am {due})",
    "status.items_more": "• … und {n} weitere; alle: {p}punkt liste",
    "status.reminders": "Geplante Erinnerungen ({count}):\n{rows}",
    "status.reminder.meeting": "• {at}: Erinnerung an Termin Nr. {number}",
    "status.reminder.item": "• {at}: Erinnerung an Punkt Nr. {number}",
    "status.reminder.poll": "• {at}: Erinnerung an Abstimmung Nr. {number}",
    "status.reminders_more": "• … und {n} weitere",
    "status.none": "• keine",
    "help.status": "Zeigt, was der Bot für die Gruppe gerade tut.",
    "help.status.details": "Nächster Termin, laufende Abstimmungen, überfällige Punkte, geplante Erinnerungen.",
    "example.status": "{p}status",
    # Niederschrift
    "minutes.filename": "niederschrift",
    "minutes.title": "# Niederschrift: {title}",
    "minutes.meta": "{group} · {when} · Ort: {location}",
    "minutes.present": "## Anwesend",
    "minutes.absent": "## Abwesend",
    "minutes.person": "- {org}: {user} ({note})",
    "minutes.role": "{role}",
    "minutes.seat": "- {org} ({note})",
    "minutes.as_deputy": "in Vertretung für {principal}",
    "minutes.excused": "entschuldigt",
    "minutes.unexcused": "nicht entschuldigt",
    "minutes.nobody": "- niemand erfasst",
    "minutes.agenda": "## Tagesordnung",
    "minutes.decisions": "## Beschlüsse",
    "minutes.items": "## Offene Punkte",
    "minutes.item.opened": "- neu: Nr. {number} – {text}",
    "minutes.item.closed": "- erledigt: Nr. {number} – {text}",
    "minutes.none": "- keine",
    "minutes.done": (
        "Niederschrift zu Termin Nr. {number} ({when}): {present} anwesend, {decisions} "
        "Beschlüsse, {opened} neue und {closed} erledigte Punkte. Datei: {filename}"
    ),
    "help.meeting.minutes": "Erstellt die Niederschrift eines Termins als Markdown-Datei.",
    "help.meeting.minutes.details": (
        "Anwesenheit (aus {p}termin anwesend), Tagesordnung, Beschlüsse und Punkte des Tages."
    ),
    "example.meeting.minutes": "{p}termin niederschrift 3",
    # Berichte
    "placeholder.param.start": "VON",
    "placeholder.param.end": "BIS",
    "report.range": "Der Zeitraum ist verkehrt herum: {start} liegt nach {end}.",
    "report.heading": "Beteiligung vom {start} bis {end} (Tabelle und CSV als Dateien):\n{sections}",
    "report.group": "{group} ({kind}):\n{rows}",
    "report.row": (
        "• {org}: eingeladen {invited}, teilgenommen {attended}{by_deputy}, abgesagt {declined}, "
        "ohne Antwort {unanswered}, zugesagt und nicht da {absent}"
    ),
    "report.by_deputy": " (davon {count} durch Vertretung)",
    "report.empty": "• keine Sitzungen im Zeitraum",
    "report.filename": "beteiligung",
    "report.md.title": "# Beteiligung vom {start} bis {end}",
    "report.column.group": "Gruppe",
    "report.column.organisation": "Organisation",
    "report.column.invited": "eingeladen",
    "report.column.attended": "teilgenommen",
    "report.column.declined": "abgesagt",
    "report.column.unanswered": "ohne Antwort",
    "report.column.absent": "zugesagt, nicht da",
    "report.column.by_deputy": "teilgenommen durch Vertretung",
    "help.report.participation": "Zeigt die Beteiligung der Organisationen an den Sitzungen.",
    "help.report.participation.details": (
        "Zeitraum VON BIS (Standard: seit Jahresbeginn); Teilnahme durch Vertretung zählt mit "
        "und wird eigens ausgewiesen. "
        "Eine Lenkungsgruppe sieht ihre Arbeits- und Projektgruppen mit."
    ),
    "example.report.participation": "{p}bericht beteiligung 1.1.2026 31.12.2026",
    # Terminfindung
    "placeholder.param.slots": "TT.MM.JJJJ HH:MM",
    "findtime.too_few": "Bitte nennen Sie mindestens zwei Termine, z. B. {p}termin finden 3.12.2026 14:00 4.12.2026 10:00",
    "findtime.too_many": "{n} Termine sind zu viele; höchstens {max}.",
    "findtime.duplicate": "Ein Termin steht doppelt da.",
    "findtime.question": "Terminfindung {title}: Wann können Sie?",
    "findtime.fallback": "Terminfindung Nr. {number}: Wann können Sie? (mehrere Antworten möglich)",
    "findtime.how": "Antworten: {p}abstimmen {number} 1,3 (die Nummern der Termine, die Ihnen passen)",
    "findtime.started": (
        "Terminfindung Nr. {number} mit {count} Terminen läuft. Bitte klicken Sie alle Termine "
        "an, die Ihnen passen. Auswerten: {p}termin finden schließen {number}"
    ),
    "findtime.unknown": "Eine Terminfindung Nr. {number} gibt es in dieser Gruppe nicht.",
    "findtime.nobody": "Für keinen der noch kommenden Termine hat ein Sitz Zeit.",
    "findtime.result": "Ergebnis: {when} – {available} von {seats} Sitzen haben Zeit.",
    "findtime.closed": (
        "Terminfindung Nr. {number}: Am besten passt {when} ({available} von {seats} Sitzen). "
        "Angesetzt als Termin Nr. {meeting}; die Einladung ist verschickt."
    ),
    "poll.findtime_mode": "Für Terminfindungen gibt es {p}termin finden.",
    "poll.findtime_close": "Abstimmung Nr. {number} ist eine Terminfindung: {p}termin finden schließen {number}",
    "help.meeting.findtime": "Startet eine Umfrage, welcher von mehreren Terminen passt.",
    "help.meeting.findtime.details": (
        "Termine als TT.MM.JJJJ HH:MM, mehrere Antworten möglich; duration=, title=, "
        "location= gelten für den Termin, der angesetzt wird."
    ),
    "example.meeting.findtime": "{p}termin finden 3.12.2026 14:00 4.12.2026 10:00 7.12.2026 9:00",
    "help.meeting.findtime.close": "Wertet eine Terminfindung aus und setzt den besten Termin an.",
    "help.meeting.findtime.close.details": "Gewählt wird der Termin mit den meisten Sitzen; bei Gleichstand der frühere.",
    "example.meeting.findtime.close": "{p}termin finden schließen 4",
    "undecryptable": (
        "{user}, Ihre verschlüsselte Nachricht konnte ich nicht lesen (mir fehlt der "
        "Schlüssel). Bitte senden Sie sie noch einmal; hilft das nicht, prüfen Sie in Ihrem "
        "Client die Verschlüsselungseinstellungen für diesen Raum."
    ),
    "device.unsigned": (
        "{user}, Ihre Nachricht kam von einem Gerät ({device}), das Sie nicht bestätigt haben. "
        "In dieser Gruppe zählen Befehle, Antworten und Stimmen nur von bestätigten Geräten; "
        "diese Nachricht habe ich deshalb nicht ausgeführt. So bestätigen Sie das Gerät in "
        "Element: Einstellungen → Sitzungen → die Sitzung {device} auswählen → „Sitzung "
        "verifizieren“, mit einem Ihrer anderen Geräte oder Ihrem Wiederherstellungsschlüssel. "
        "Danach senden Sie die Nachricht bitte noch einmal."
    ),
    "person.erased": "gelöschte Person ({pseudonym})",
    "member.purged": (
        "Die Person ist entfernt und ihre Daten sind gelöscht. Im Beschlussprotokoll steht für "
        "sie weiter das Pseudonym {pseudonym}; die Prüfsummen bleiben gültig."
    ),
    "member.purge.elsewhere": (
        "{user} ist noch Mitglied in: {groups}. Die Daten können erst gelöscht werden, wenn "
        "die Person dort ebenfalls entfernt ist."
    ),
    "poll.status.heading": (
        "Abstimmung Nr. {number}: {question}",
        "<b>Abstimmung Nr. {number}:</b> {question}",
    ),
    "poll.status.heading.secret": (
        "Geheime Abstimmung Nr. {number}: {question}",
        "<b>Geheime Abstimmung Nr. {number}:</b> {question}",
    ),
    "poll.status.heading.circular": (
        "Umlaufverfahren Nr. {number}: {question}",
        "<b>Umlaufverfahren Nr. {number}:</b> {question}",
    ),
    "poll.status.voted": "Abgestimmt haben {voted} von {seats} Sitzen.",
    "poll.status.quorate": "Beschlussfähig (ab {needed} Sitzen): ja.",
    "poll.status.quorum_missing": (
        "Beschlussfähig ab {needed} Sitzen: es fehlen noch {missing} Sitze."
    ),
    "poll.status.quorum_missing.one": "Beschlussfähig ab {needed} Sitzen: es fehlt noch 1 Sitz.",
    "poll.status.missing": "Noch nicht abgestimmt: {orgs}",
    "poll.status.org": "{org}",
    "poll.status.org.seats": "{org} ({missing} von {seats} Sitzen)",
    "poll.status.more": "und {n} weitere",
    "poll.status.all_voted": "Alle Sitze haben abgestimmt.",
    "poll.status.tally": "Zwischenstand: {counts}",
    "poll.status.deadline": "Frist: {deadline} ({left})",
    "poll.status.no_deadline": "Ohne Frist; sie endet mit {p}abstimmung schließen {number}.",
    "poll.status.closed": "Abgeschlossen: {result}",
    "poll.status.cancelled": "Abgebrochen; es wird kein Beschluss eingetragen.",
    "poll.left.days": "noch {n} Tage",
    "poll.left.hours": "noch {n} Stunden",
    "poll.left.hours.one": "noch 1 Stunde",
    "poll.left.minutes": "noch {n} Minuten",
    "poll.left.minutes.one": "noch 1 Minute",
    "poll.left.passed": "abgelaufen",
    "poll.show.findtime": (
        "Terminfindung Nr. {number}: {question}\nGeantwortet haben {voted} von {seats} Sitzen."
    ),
    "poll.nudge": (
        "Erinnerung: Abstimmung Nr. {number} „{question}“ endet am {deadline} ({left}). "
        "Noch nicht abgestimmt haben:\n{seats}\n"
        "Abstimmen in der Umfrage oder mit {p}abstimmen {number} {example}"
    ),
    "poll.nudge.seat": "• {org}: {user}",
    "poll.nudge.seat.deputies": "• {org}: {user} (Vertretung: {deputies})",
    "poll.nudge.secret": (
        "Erinnerung: Die geheime Abstimmung Nr. {number} der Gruppe „{group}“ („{question}“) "
        "endet am {deadline} ({left}). Für Ihren Sitz ist noch keine Stimme abgegeben. "
        "Abstimmen: {p}abstimmen {number} {example}"
    ),
    "setting.live_tally": "Zwischenstand laufender Abstimmungen zeigen",
    "setting.poll_nudge": "Erinnerung vor Abstimmungsfristen",
    "group.poll_nudge.off": "aus",
    "group.poll_nudge.before": "{lead} vor der Frist",
    "group.set.poll_nudge.too_far": (
        "Erinnert wird höchstens 30 Tage vor einer Frist, nicht {value} vorher."
    ),
    "meeting.ics.conference": "Videokonferenz",
    "meeting.where.online": "online – Videokonferenz: {url}",
    "meeting.where.hybrid": "{location} und online – Videokonferenz: {url}",
    "meeting.online.invalid": (
        "„{value}“ ist kein Link zu einer Videokonferenz. Bitte so: online=https://… oder "
        "online=ja für den Videodienst der Stadt."
    ),
    "meeting.online.no_service": (
        "Für online=ja ist kein Videodienst eingerichtet ([bot] video_service); bitte geben "
        "Sie den Link an: online=https://…"
    ),
    "session.started": (
        "Die Sitzung „{title}“ (Termin Nr. {number}) ist eröffnet, {at} Uhr. Ort: {where}",
        "<b>Die Sitzung „{title}“ (Termin Nr. {number}) ist eröffnet</b>, {at} Uhr. Ort: {where}",
    ),
    "session.started.agenda": "Tagesordnung:\n{entries}",
    "session.agenda.line": "TOP {label}: {text}",
    "session.agenda.empty": "(noch keine Punkte; neu: {p}top neu TEXT)",
    "session.started.online": "Videokonferenz: {url}",
    "session.started.how": (
        "Anwesenheit bitte mit ✋ auf diese Nachricht oder mit {p}anwesend; wer geht: "
        "{p}abwesend."
    ),
    "session.opened": "Sitzung zu Termin Nr. {number} läuft. {quorum} Zum ersten TOP: {p}weiter",
    "session.ended": (
        "Die Sitzung zu Termin Nr. {number} ist um {at} Uhr geschlossen. {minutes} "
        "Die Niederschrift hängt an ({filename})."
    ),
    "session.minutes.summary": (
        "Anwesend: {present} · TOPs: {items} · Feststellungen: {infos} · Beschlüsse und "
        "Abstimmungen: {decisions} · Aufgaben: {actions}."
    ),
    "session.scribe.set": "{user} führt das Protokoll für Termin Nr. {number}.",
    "session.scribe.cleared": "Für Termin Nr. {number} ist keine Protokollführung mehr benannt.",
    "session.here": "{user} ist anwesend.",
    "session.here.already": "{user} ist bereits als anwesend erfasst.",
    "session.gone": "{user} hat die Sitzung verlassen.",
    "session.gone.not_here": "{user} ist nicht als anwesend erfasst.",
    "session.standing_in": "In Vertretung für {principal}.",
    "session.quorum_line": "{quorum}",
    "session.quorate": "Beschlussfähig: {present} von {seats} Sitzen vertreten (nötig {needed}).",
    "session.not_quorate": (
        "Nicht beschlussfähig: {present} von {seats} Sitzen vertreten (nötig {needed})."
    ),
    "session.quorum_changed": "Festgestellt: {quorum}",
    "session.agenda.end": "Das war der letzte TOP. Ein weiterer: {p}top neu TEXT; schließen: {p}termin beenden",
    "session.agenda.none": "Die Tagesordnung ist leer. Einen Punkt aufnehmen: {p}top neu TEXT",
    "session.top.unknown": "Einen TOP „{label}“ gibt es nicht. Die Tagesordnung hat: {labels}",
    "session.top.added": "Aufgenommen als TOP {label}: {text}",
    "session.top.now": ("TOP {label}: {text}", "<b>TOP {label}:</b> {text}"),
    "session.info.noted": "Für TOP {label} festgehalten.",
    "session.action.added": (
        "Aufgabe Nr. {number} unter TOP {label}: {text} — zuständig: {owner}, {due}."
    ),
    "session.agreed": "Beschluss {number} unter TOP {label} (einvernehmlich): {text}",
    "session.undo.nothing": "Unter TOP {label} ist nichts festgehalten, was zurückgenommen werden kann.",
    "session.undo.not_yours": (
        "Das hat {author} festgehalten; zurücknehmen können das nur {author} oder die "
        "Geschäftsstelle."
    ),
    "session.undo.correction": "Berichtigung: Beschluss {number} wurde irrtümlich erfasst.",
    "session.undone.info": "Zurückgenommen (TOP {label}): {text}",
    "session.undone.action": "Zurückgenommen (TOP {label}), die Aufgabe ist gestrichen: {text}",
    "session.undone.agreed": (
        "Zurückgenommen (TOP {label}): {text} — im Beschlussbuch steht dazu eine Berichtigung."
    ),
    "session.may_not_record": (
        "Festhalten dürfen in dieser Sitzung Vorsitz, Geschäftsstelle und die "
        "Protokollführung von Termin Nr. {number} ({p}termin protokoll {number} @name:server)."
    ),
    "session.none": "Zurzeit läuft keine Sitzung. Beginnen: {p}termin beginnen [NR]",
    "session.no_item": "Bitte zuerst einen TOP aufrufen: {p}weiter oder {p}top NR",
    "session.none_today": (
        "Für {day} ist kein Termin angesetzt. Einen bestimmten beginnen: {p}termin beginnen NR"
    ),
    "session.not_member": "{user} ist kein Mitglied dieser Gruppe.",
    "session.already": (
        "Die Sitzung zu Termin Nr. {number} läuft noch; erst schließen: {p}termin beenden"
    ),
    "session.held": "Die Sitzung zu Termin Nr. {number} ({when}) hat schon stattgefunden.",
    "session.minutes.meta": "{group} · Termin Nr. {number} · {day} · Ort: {location}",
    "session.minutes.times": "Beginn: {start} Uhr · Ende: {end} Uhr",
    "session.minutes.scribe": "Protokoll: {user}",
    "session.minutes.before": "## Vor Eintritt in die Tagesordnung",
    "session.minutes.top": "## TOP {label}: {text}",
    "session.minutes.nothing": "- ohne Eintrag",
    "session.minutes.info": "- Festgehalten: {text}",
    "session.minutes.action": "- Aufgabe Nr. {number}: {text} (zuständig: {owner}; {due})",
    "session.minutes.agreed": "- Beschluss {number} (einvernehmlich): {text}",
    "session.minutes.poll": "- Abstimmung Nr. {number} „{question}“: {result}",
    "session.minutes.poll.open": "- Abstimmung Nr. {number} „{question}“: läuft noch",
    "session.minutes.quorate": (
        "- Um {at} Uhr festgestellt: beschlussfähig ({present} von {seats} Sitzen vertreten)."
    ),
    "session.minutes.not_quorate": (
        "- Um {at} Uhr festgestellt: nicht beschlussfähig ({present} von {seats} Sitzen "
        "vertreten)."
    ),
    "session.minutes.from": "ab {at} Uhr",
    "session.minutes.until": "bis {at} Uhr",
    "session.minutes.closed": "Die Sitzung wurde um {end} Uhr geschlossen.",
    "help.meeting.start": "Eröffnet die Sitzung eines Termins im Raum (ohne Nummer: der von heute).",
    "help.meeting.start.details": (
        "Postet die Tagesordnung (und den Videolink); Anwesenheit mit ✋ auf diese Nachricht "
        "oder {p}anwesend. Vorsitz, Geschäftsstelle oder die Protokollführung. Auch: "
        "{p}sitzung beginnen."
    ),
    "example.meeting.start": "{p}termin beginnen 3",
    "help.meeting.end": "Schließt die laufende Sitzung und stellt die Niederschrift ein.",
    "help.meeting.end.details": (
        "Die Niederschrift (Markdown) enthält Beginn, Ende, Anwesenheit je Organisation und "
        "je TOP, was festgehalten wurde; {p}termin niederschrift NR zeigt sie wieder. Auch: "
        "{p}sitzung beenden."
    ),
    "example.meeting.end": "{p}termin beenden",
    "help.meeting.scribe": "Benennt die Protokollführung eines Termins.",
    "help.meeting.scribe.details": "Sie darf in der Sitzung festhalten; „keine“ hebt es auf.",
    "example.meeting.scribe": "{p}termin protokoll @anna:example.org",
    "help.here": "Meldet Sie (oder jemanden) in der laufenden Sitzung als anwesend.",
    "help.here.details": "Wer Stellvertretung ist, zählt für den Sitz, solange der Sitz fehlt.",
    "example.here": "{p}anwesend",
    "help.gone": "Meldet Sie (oder jemanden) aus der laufenden Sitzung ab.",
    "help.gone.details": "Die Beschlussfähigkeit wird neu festgestellt.",
    "example.gone": "{p}abwesend",
    "help.next": "Ruft den nächsten TOP auf.",
    "help.next.details": "Was danach festgehalten wird, steht unter diesem TOP.",
    "example.next": "{p}weiter",
    "help.top": "Ruft einen bestimmten TOP auf.",
    "help.top.details": "Mit der Nummer, wie sie in der Tagesordnung steht, z. B. 4a.",
    "example.top": "{p}top 3",
    "help.top.add": "Nimmt während der Sitzung einen TOP auf (nach dem laufenden: „TOP 4a“).",
    "help.top.add.details": "Die übrigen TOPs behalten ihre Nummern.",
    "example.top.add": "{p}top neu Bericht des Jobcenters",
    "help.info": "Hält eine Feststellung für die Niederschrift fest.",
    "help.info.details": "Nur was so festgehalten wird, kommt in die Niederschrift.",
    "example.info": "{p}notiz Der Bericht liegt allen vor.",
    "help.action": "Hält eine Aufgabe fest (wird ein offener Punkt unter diesem TOP).",
    "help.action.details": "Zuständig: @name:server am Ende oder owner=/org=; due= Frist.",
    "example.action": "{p}aufgabe Zahlen nachreichen @anna:example.org due=15.1.2027",
    "help.agreed": "Trägt einen einvernehmlichen Beschluss ins Beschlussbuch ein.",
    "help.agreed.details": "Zur Abstimmung stattdessen: {p}abstimmung „FRAGE“ (kommt unter diesen TOP).",
    "example.agreed": "{p}beschlossen Der Bericht wird zur Kenntnis genommen.",
    "help.undo": "Nimmt den letzten Eintrag des laufenden TOPs zurück.",
    "help.undo.details": (
        "Eine Aufgabe wird gestrichen; ein Beschluss bekommt eine Berichtigung im "
        "Beschlussbuch (es wird nie etwas gelöscht)."
    ),
    "example.undo": "{p}rückgängig",
    "minutes.session": "Niederschrift der Sitzung zu Termin Nr. {number}: {minutes} Datei: {filename}",
    "placeholder.param.label": "NR",
    "meeting.agenda.source.session": "in der Sitzung aufgenommen",
    "meeting.agenda.source.report": "Bericht",
    "placeholder.param.report": "BERICHT",
    "placeholder.param.text": "TEXT",
    "report.submitted": (
        "Bericht Nr. {report} ({org}) ist als Anlage {annex} zu Termin Nr. {number} ({when}) "
        "eingereicht: TOP {position}: {title} (Anlage {annex})"
    ),
    "report.needs_content": (
        "Ein Bericht ist eine Datei oder ein Text: antworten Sie mit dem Befehl auf die Datei "
        "im Raum, oder schreiben Sie den Text dazu: {p}bericht einreichen {number} „TITEL“ TEXT"
    ),
    "report.file_or_text": "Bitte entweder auf eine Datei antworten oder einen Text angeben, nicht beides.",
    "report.none": "Es sind noch keine Berichte eingereicht. Neu: {p}bericht einreichen NR „TITEL“",
    "report.list": "Berichte:\n{rows}",
    "report.entry": (
        "• Nr. {report}: {title} ({org}) – Anlage {annex} zu Termin Nr. {number} am {day}, "
        "{kind}, eingereicht von {by}"
    ),
    "report.kind.file": "Datei {filename}",
    "report.kind.text": "Text",
    "report.show.text": "{row}\n\n{text}",
    "report.show.file": "{row}\nDie Datei hängt an (SHA-256 {sha256}).",
    "report.presented": "Bericht Nr. {report} (Anlage {annex}) unter TOP {label} vorgestellt: {title}",
    "report.unknown": "Einen Bericht Nr. {report} gibt es in dieser Gruppe nicht.",
    "report.cited": "Bezug: Bericht Nr. {report} „{title}“ (Anlage {annex})",
    "agenda.with_annex": "{text} (Anlage {annex})",
    "file.too_large": "Die Datei ist {size} MB groß; ich nehme höchstens {limit} MB an.",
    "file.damaged": "Die Datei ist beschädigt: Sie lässt sich nicht zu dem entschlüsseln, was ihre Nachricht angibt. Bitte senden Sie sie noch einmal.",
    "file.unreadable": "Die Datei konnte ich nicht vom Server laden; bitte später noch einmal.",
    "file.not_a_file": (
        "Die Nachricht, auf die Sie antworten, ist keine Datei (oder ich kann sie nicht "
        "entschlüsseln)."
    ),
    "help.report.submit": "Reicht einen Bericht zu einem Termin ein (er kommt auf die Tagesordnung).",
    "help.report.submit.details": (
        "Als Antwort auf eine Datei im Raum (bis 20 MB) oder mit dem Text dazu; org= für eine "
        "andere Organisation als Ihre. Er bekommt eine Nummer und wird Anlage des Termins."
    ),
    "example.report.submit": "{p}bericht einreichen 3 „Bericht des Jobcenters zur Sprachkursversorgung“",
    "help.report.list": "Zeigt die eingereichten Berichte.",
    "help.report.list.details": "Mit Termin, Anlage, Organisation und wer sie eingereicht hat.",
    "example.report.list": "{p}bericht liste",
    "help.report.show": "Stellt einen Bericht (die Datei oder den Text) erneut ein.",
    "help.report.show.details": "Mit seiner Prüfsumme (SHA-256), wie Beschlüsse sie zitieren.",
    "example.report.show": "{p}bericht zeigen 2",
    "help.report": "Stellt in der laufenden Sitzung einen Bericht unter dem aktuellen TOP vor.",
    "help.report.details": "Er steht dann in der Niederschrift unter diesem TOP.",
    "example.report": "{p}bericht 2",
    "session.minutes.report": "- Bericht Nr. {report} (Anlage {annex}) vorgestellt: {title} ({org})",
    "decision.export.column.report": "Bericht",
    "roster.needs_file": (
        "Bitte antworten Sie mit {p}mitglied importieren auf die Datei im Raum (CSV aus der "
        "Tabellenkalkulation oder vCard)."
    ),
    "roster.file.encoding": "„{filename}“ ist nicht in UTF-8 gespeichert; bitte als „CSV UTF-8“ speichern.",
    "roster.file.empty": "„{filename}“ ist leer.",
    "roster.file.columns": (
        "In „{filename}“ fehlen die Spalten „Matrix-ID“ und „Organisation“ (gefunden: {value}). "
        "Möglich sind: Matrix-ID, Organisation, Rolle, E-Mail, Name, Vertretung für."
    ),
    "roster.file.too_long": "„{filename}“ hat mehr als {value} Zeilen.",
    "roster.file.vcard": "„{filename}“ ist keine lesbare vCard-Datei.",
    "roster.error.user": "• Zeile {line}: „{value}“ ist keine Matrix-ID (so: @name:server).",
    "roster.error.org": "• Zeile {line}: die Organisation fehlt (oder ist länger als 200 Zeichen).",
    "roster.error.role": (
        "• Zeile {line}: „{value}“ ist keine Rolle (Vorsitz, Geschäftsstelle, Mitglied, "
        "beratend, Gast)."
    ),
    "roster.error.email": "• Zeile {line}: „{value}“ ist keine E-Mail-Adresse.",
    "roster.error.deputy": "• Zeile {line}: „{value}“ (Vertretung für) ist keine Matrix-ID.",
    "roster.error.twice": "• Zeile {line}: {value} steht schon weiter oben in der Datei.",
    "roster.error.principal": (
        "• Zeile {line}: {value} kann nicht vertreten werden (kein stimmberechtigtes Mitglied, "
        "selbst Vertretung, oder dieselbe Person)."
    ),
    "roster.preview": (
        "Vorschau für „{filename}“: {added} neu, {changed} geändert, {unchanged} unverändert, "
        "{errors} fehlerhaft.\n{rows}\n{verdict}"
    ),
    "roster.preview.added": "• Zeile {line}: neu {user} ({org}, {role})",
    "roster.preview.changed": "• Zeile {line}: {user} – geändert: {fields}",
    "roster.field.organisation": "Organisation",
    "roster.field.role": "Rolle",
    "roster.field.email": "E-Mail",
    "roster.field.name": "Name",
    "roster.field.deputy_of": "Vertretung",
    "roster.preview.more": "• … und {n} weitere",
    "roster.preview.fix": (
        "Es wurde nichts geändert. Bitte korrigieren Sie die {n} fehlerhaften Zeilen und "
        "importieren Sie die Datei noch einmal."
    ),
    "roster.preview.confirm": "Es wurde noch nichts geändert. Übernehmen: {p}mitglied importieren bestätigen",
    "roster.preview.nothing": "Die Mitgliederliste entspricht der Datei schon; es gibt nichts zu übernehmen.",
    "roster.preview.none": "• (keine Zeilen)",
    "roster.nothing_pending": (
        "Es liegt keine geprüfte Datei vor. Zuerst: {p}mitglied importieren als Antwort auf die "
        "Datei."
    ),
    "roster.changed_since": (
        "Seit der Vorschau von „{filename}“ hat sich die Mitgliederliste so geändert, dass die "
        "Datei nicht mehr passt. Bitte importieren Sie sie noch einmal."
    ),
    "roster.applied": "Übernommen aus „{filename}“: {added} neu, {changed} geändert.",
    "roster.filename": "mitglieder",
    "roster.exported": "Die Mitgliederliste ({n} Personen) hängt an: {filename}",
    "help.member.import": "Liest eine Mitgliederliste (CSV oder vCard) ein: erst Vorschau, dann bestätigen.",
    "help.member.import.details": (
        "Als Antwort auf die Datei. CSV mit Komma oder Semikolon, UTF-8; Spalten: Matrix-ID, "
        "Organisation, Rolle, E-Mail, Name, Vertretung für. Fehlerhafte Zeilen werden mit "
        "Nummer genannt; geändert wird erst mit {p}mitglied importieren bestätigen. Wer in der "
        "Datei fehlt, bleibt Mitglied."
    ),
    "example.member.import": "{p}mitglied importieren",
    "help.member.export": "Stellt die Mitgliederliste als Datei ein (CSV oder vCard).",
    "help.member.export.details": "Die CSV-Datei lässt sich wieder importieren.",
    "example.member.export": "{p}mitglied exportieren csv",
    "placeholder.param.step": "bestätigen",
    "placeholder.param.format": "csv|vcf",
    "report.chart.title": "Beteiligung der Organisationen",
    "report.chart.period": "{start} bis {end}",
    "report.chart.series.in_person": "persönlich teilgenommen",
    "report.chart.series.by_deputy": "teilgenommen durch Vertretung",
    "report.chart.series.declined": "abgesagt",
    "report.chart.series.unanswered": "ohne Antwort",
    "report.chart.series.absent": "zugesagt, nicht da",
    "report.chart.axis": "Sitzungen",
    "report.chart.alt": "Balkendiagramm „{title}“, {period}. {rows}.",
    "report.chart.alt.row": "{org}: {counts}",
    "meeting.chart.title": "Zusagen zu Termin Nr. {number}",
    "meeting.chart.self": "kommt",
    "meeting.chart.deputy": "Vertretung kommt",
    "meeting.chart.maybe": "vielleicht",
    "meeting.chart.no": "abgesagt",
    "meeting.chart.none": "keine Antwort",
    "meeting.chart.row": "Sitze",
    "meeting.chart.axis": "Sitze",
    "meeting.chart.alt": "Balkendiagramm „{title}“, {when}: {counts}.",
    "meeting.chart.filename": "zusagen",
    "decision.export.none_in_year": "Im Jahr {year} gibt es keine Beschlüsse.",
    "decision.pdf.title": "Beschlussbuch – {group}",
    "decision.pdf.year": "Jahr {year}",
    "decision.pdf.all": "alle Jahre",
    "decision.pdf.head": "Kopf der Kette (SHA-256): {hash}",
    "decision.pdf.page": "Seite {{n}} von {{total}}",
    "decision.pdf.created": "Erstellt von kimbot am {at}",
    "decision.pdf.heading": "Beschluss {number} vom {date}",
    "decision.pdf.vote": "{org}: {voter} – {answer}",
    "export.signed.pdf": "Die PDF-Datei ist signiert (Zertifikat {fingerprint}).",
    "export.signed.detached": "Die Signatur steht in {filename}.p7s (Zertifikat {fingerprint}).",
    "group.show.signing": "Exporte sind signiert mit dem Zertifikat {fingerprint}.",
    "decision.tally": "{verdict} — {counts}; {represented} von {seats} Stimmen vertreten; {quorate}.",
    "letter.running_head": "Einladung – {group}, Sitzung Nr. {number}",
    "letter.sender": "{group} · Geschäftsstelle",
    "letter.title": "Einladung",
    "letter.subtitle": "zur Sitzung Nr. {number} der {group}: {title}",
    "letter.salutation": "Sehr geehrte Damen und Herren,",
    "letter.intro": "hiermit lade ich Sie zur Sitzung Nr. {number} der {group} ein. Die Tagesordnung steht unten; die Anlagen liegen im Gruppenraum bereit.",
    "letter.time": "Uhrzeit",
    "letter.time.value": "{start} bis {end} Uhr",
    "letter.agenda.empty": "Die Tagesordnung folgt.",
    "letter.answer.title": "Zu- oder Absage",
    "letter.answer.room": "Bitte antworten Sie im Gruppenraum mit einer Reaktion auf die Einladung – Häkchen für Zusage, Kreuz für Absage, Fragezeichen für „vielleicht“ – oder mit dem Befehl {p}zusage {number} ja, nein oder vielleicht.",
    "letter.answer.calendar": "Haben Sie die Einladung per E-Mail erhalten, können Sie auch in Ihrem Kalender zu- oder absagen.",
    "letter.answer.deputy": "Können Sie nicht teilnehmen, sagen Sie bitte ab: Ihre Vertretung wird dann gefragt.",
    "letter.notice.kept": "Fristgerecht eingeladen am {day} (Ladungsfrist: {days} Tage).",
    "letter.notice.missed": "Eingeladen am {day}: Die Ladungsfrist von {days} Tagen ist um {by} unterschritten.",
    "letter.closing.greeting": "Mit freundlichen Grüßen",
    "letter.closing.sender": "Die Geschäftsstelle der {group}",
    "letter.filename": "einladung",
    "letter.done": "Die Einladung zu Termin Nr. {number} ({when}) steht in der Datei {filename}. {notice}",
    "help.meeting.invitation": "Schreibt die Einladung zu einem Termin als signiertes PDF (mit Tagesordnung und Ladungsfrist).",
    "help.meeting.invitation.details": "Die Einladung entsteht auch von selbst, wenn ein Termin angesetzt, verlegt oder seine Tagesordnung ergänzt wird; sie liegt der Einladungs-E-Mail bei. on= wählt bei einer Terminreihe das Datum.",
    "example.meeting.invitation": "{p}termin einladung 3",
    "meeting.agenda.source.minutes": "automatisch: Genehmigung der Niederschrift",
    "minutes.approval.top": "Genehmigung der Niederschrift der Sitzung Nr. {number} vom {day}",
    "minutes.approval.top.objections": "{top} – Einwendungen: {objections}",
    "minutes.objection.line": "{name}: „{text}“",
    "minutes.draft.marking": "ENTWURF – von der Gruppe noch nicht genehmigt; Einwendungen bis {until}",
    "minutes.draft.marking.early": "ENTWURF – die Sitzung hat noch nicht begonnen",
    "minutes.objections.heard": "Einwendungen gegen den Entwurf (vor der Genehmigung gehört)",
    "minutes.objections.title": "Einwendungen gegen den Entwurf",
    "minutes.form.approved": "Genehmigt",
    "minutes.form.approved.value": "am {day} (Beschluss {number})",
    "minutes.approval.decision": "Die Niederschrift der Sitzung Nr. {number} vom {day} wird genehmigt.",
    "minutes.object.none": "Zur Sitzung Nr. {number} gibt es noch keinen Entwurf der Niederschrift. Er entsteht mit {p}termin niederschrift {number} oder am Ende einer Sitzung im Raum.",
    "minutes.object.approved": "Die Niederschrift der Sitzung Nr. {number} ist bereits genehmigt (Beschluss {decision}); Einwendungen sind nicht mehr möglich.",
    "minutes.object.done": "Ihre Einwendung zur Niederschrift der Sitzung Nr. {number} ist eingetragen (Einwendungen insgesamt: {count}). Sie steht unter dem Entwurf und bei der Genehmigung auf der Tagesordnung.",
    "minutes.object.late": "Die Einwendungsfrist endete am {until}; die Einwendung wird dennoch aufgeführt.",
    "minutes.approve.done": "Die Niederschrift der Sitzung Nr. {number} ist genehmigt (Beschluss {decision}). Die genehmigte Fassung steht in der Datei {filename}.",
    "minutes.approve.already": "Die Niederschrift der Sitzung Nr. {number} ist bereits genehmigt (Beschluss {decision}).",
    "minutes.status.draft": "Niederschrift: Entwurf vom {posted}, Einwendungen bis {until}; Einwendungen: {count}",
    "minutes.status.objection": "• {name}: „{text}“",
    "minutes.status.approved": "Niederschrift: genehmigt am {day} (Beschluss {decision}).",
    "help.minutes.object": "Erhebt eine Einwendung gegen den Entwurf der Niederschrift einer Sitzung.",
    "help.minutes.object.details": "Die Einwendung steht unter dem Entwurf und bei der Genehmigung der Niederschrift auf der Tagesordnung der nächsten Sitzung.",
    "example.minutes.object": "{p}niederschrift einwand 3 „Unter TOP 2 fehlt der Hinweis auf die Kinderbetreuung.“",
    "help.minutes.approve": "Genehmigt die Niederschrift einer Sitzung (Vorsitz oder Geschäftsstelle).",
    "help.minutes.approve.details": "Trägt die Genehmigung als Beschluss ins Beschlussbuch ein, mit der Prüfsumme der genehmigten Fassung, und stellt diese als signiertes PDF in den Raum. In einer Sitzung genügt {p}beschlossen unter dem TOP der Genehmigung.",
    "example.minutes.approve": "{p}niederschrift genehmigen 3",
    "minutes.approval.top.version": "Genehmigung der berichtigten Niederschrift (Fassung {version}) der Sitzung Nr. {number} vom {day}",
    "minutes.approval.decision.version": "Die berichtigte Niederschrift (Fassung {version}) der Sitzung Nr. {number} vom {day} wird genehmigt.",
    "minutes.form.version": "Fassung",
    "minutes.form.version.value": "{version} (Berichtigung)",
    "minutes.form.corrects": "Berichtigt",
    "minutes.form.corrects.value": "Fassung {version}, genehmigt am {day} (Beschluss {number}): {text}",
    "minutes.filename.version": "_Fassung-{version}",
    "minutes.poll.not_approved": "Die Niederschrift der Sitzung Nr. {number} ist damit nicht genehmigt; ihre Genehmigung bleibt auf der Tagesordnung der nächsten Sitzung.",
    "minutes.poll.findtime": "Über eine Niederschrift wird mit Ja, Nein oder Enthaltung abgestimmt (mode=offen oder mode=umlauf), nicht mit einer Terminfindung.",
    "minutes.poll.running": "Über die Genehmigung der Niederschrift der Sitzung Nr. {number} läuft bereits die Abstimmung Nr. {poll}.",
    "minutes.poll.started": "Abgestimmt wird über die Genehmigung der Niederschrift der Sitzung Nr. {number} (Einwendungen zum Entwurf: {count}). Wird sie angenommen, entsteht sofort die genehmigte Fassung, signiert und mit ihrer Prüfsumme im Beschlussbuch.",
    "minutes.correct.draft": "Die Niederschrift der Sitzung Nr. {number} (Fassung {version}) ist noch nicht genehmigt. Änderungswünsche zum Entwurf bitte als Einwendung: {p}niederschrift einwand {number} „…“",
    "minutes.correct.done": "Die Berichtigung ist als Fassung {version} der Niederschrift der Sitzung Nr. {number} angelegt; der Entwurf steht in der Datei {filename}. Fassung {corrected} bleibt unverändert gültig, bis die Gruppe die Berichtigung genehmigt. Einwendungen bis {until}; die Genehmigung steht auf der Tagesordnung der nächsten Sitzung.",
    "help.minutes.poll": "Lässt die Gruppe über die Genehmigung einer Niederschrift abstimmen – im Raum oder im Umlaufverfahren (mode=umlauf).",
    "help.minutes.poll.details": "Die Abstimmung folgt den Regeln der Gruppe für Abstimmungen bzw. Umlaufverfahren. Wird sie angenommen, entsteht sofort die genehmigte Fassung, signiert und mit ihrer Prüfsumme im Beschlussbuch; wird sie es nicht, bleibt die Genehmigung auf der Tagesordnung der nächsten Sitzung.",
    "example.minutes.poll": "{p}niederschrift abstimmung 3 mode=umlauf",
    "help.minutes.correct": "Berichtigt eine genehmigte Niederschrift durch eine neue Fassung (Vorsitz oder Geschäftsstelle).",
    "help.minutes.correct.details": "Die genehmigte Fassung bleibt unverändert. Die neue Fassung nennt die berichtigte und den Grund, ist ein Entwurf mit Einwendungsfrist und wird wie jede Niederschrift genehmigt; erst dann gilt sie.",
    "example.minutes.correct": "{p}niederschrift berichtigen 3 „Unter TOP 2 war Frau Kaya anwesend, nicht entschuldigt.“",
    "decision.followup": "Beschlusskontrolle – offene Aufträge aus Beschlüssen ({count}):\n{rows}",
    "decision.followup.none": "Beschlusskontrolle: Aus Beschlüssen ist kein Auftrag offen.",
    "decision.followup.row": "• Beschluss {decision}: Nr. {number} „{text}“ – {owner}, {due}",
    "decision.followup.row.overdue": "• Beschluss {decision}: Nr. {number} „{text}“ – {owner}, {due} – ÜBERFÄLLIG",
    "decision.pdf.followup": "Anlage: Beschlusskontrolle – offene Aufträge aus Beschlüssen",
    "decision.pdf.followup.none": "Aus Beschlüssen ist kein Auftrag offen.",
    "help.decision.followup": "Listet die offenen Aufträge aus Beschlüssen, überfällige zuerst (Beschlusskontrolle).",
    "help.decision.followup.details": "Mit zuständiger Person oder Organisation und Frist; das Beschlussbuch als PDF enthält dieselbe Liste als Anlage.",
    "example.decision.followup": "{p}beschluss kontrolle",
    "minutes.form.title": "Niederschrift",
    "minutes.form.subtitle": "über die Sitzung Nr. {number} der {group}: {title}",
    "minutes.form.running_head": "Niederschrift – {group}, Sitzung Nr. {number}",
    "minutes.form.group": "Gremium",
    "minutes.form.meeting": "Sitzung",
    "minutes.form.meeting.value": "Nr. {number}: {title}",
    "minutes.form.date": "Datum",
    "minutes.form.date.value": "{day}",
    "minutes.form.start": "Beginn",
    "minutes.form.end": "Ende",
    "minutes.form.planned": "{time} Uhr (geplant)",
    "minutes.form.time": "{time} Uhr",
    "minutes.form.place": "Ort",
    "minutes.form.online": "Online",
    "minutes.form.chair": "Vorsitz",
    "minutes.form.scribe": "Schriftführung",
    "minutes.form.attendance": "Anwesenheit",
    "minutes.form.voting": "Stimmberechtigte Mitglieder und Vertretungen",
    "minutes.form.others": "Beratende Mitglieder und Gäste",
    "minutes.form.column.organisation": "Organisation",
    "minutes.form.column.name": "Name",
    "minutes.form.column.function": "Funktion",
    "minutes.form.column.attendance": "Anwesenheit",
    "minutes.form.present": "anwesend",
    "minutes.form.present.from": "anwesend ab {at} Uhr",
    "minutes.form.present.until": "anwesend bis {at} Uhr",
    "minutes.form.present.between": "anwesend von {start} bis {end} Uhr",
    "minutes.form.deputy_for": "anwesend in Vertretung für {principal}",
    "minutes.form.represented": "vertreten durch {deputy}",
    "minutes.form.excused": "entschuldigt",
    "minutes.form.unexcused": "nicht entschuldigt",
    "minutes.form.agenda": "Tagesordnung",
    "minutes.form.column.top": "TOP",
    "minutes.form.column.subject": "Gegenstand",
    "minutes.form.with_annex": "{text} (Anlage {annex})",
    "minutes.form.before": "Vor Eintritt in die Tagesordnung",
    "minutes.form.top": "TOP {label}: {text}",
    "minutes.form.nothing": "Ohne Eintrag.",
    "minutes.form.info": "{text}",
    "minutes.form.report": "Bericht Nr. {report} (Anlage {annex}): {title} – vorgestellt von {org}.",
    "minutes.form.action": "Aufgabe Nr. {number}: {text} – zuständig: {owner}; {due}.",
    "minutes.form.decision": "Beschluss {number}",
    "minutes.form.agreed": "Einvernehmlich festgestellt, ohne Abstimmung.",
    "minutes.form.poll.open": "Abstimmung Nr. {number} „{question}“: läuft noch.",
    "minutes.form.rule": "Regel: {rule}",
    "minutes.form.quorate": "{at} Uhr: beschlussfähig ({present} von {seats} Stimmen vertreten).",
    "minutes.form.not_quorate": "{at} Uhr: nicht mehr beschlussfähig ({present} von {seats} Stimmen vertreten).",
    "minutes.form.decisions": "Beschlüsse",
    "minutes.form.items": "Aufgaben und offene Punkte",
    "minutes.form.item.opened": "Neu: Nr. {number} – {text}",
    "minutes.form.item.closed": "Erledigt: Nr. {number} – {text}",
    "minutes.form.closed": "Die Sitzung wurde um {end} Uhr geschlossen.",
    "report.show.removed": (
        "{row}\nDatei bzw. Text wurden am {removed} nach der Aufbewahrungsfrist der Gruppe "
        "entfernt; Nummer, Titel und Prüfsumme (SHA-256 {sha256}) bleiben."
    ),
    "setting.minutes_objection_days": "Einwendungsfrist für Niederschriften (Tage)",
    "group.set.objection_days": "Die Einwendungsfrist muss 1 bis 90 Tage sein, nicht {value}.",
    "setting.report_retention_days": "Aufbewahrung von Berichten (Tage nach der Sitzung)",
    "group.report_retention.days": "{n} Tage nach der Sitzung",
    "group.report_retention.forever": "unbegrenzt",
    "group.set.report_retention": "Die Aufbewahrung muss 0 (unbegrenzt) bis 36500 Tage sein, nicht {value}.",
    "session.scribe.no_meeting": "Es ist kein Termin angesetzt; so: {p}termin protokoll NR @name:server",
    "placeholder.param.meeting_or_user": "[NR]",
    "placeholder.param.user": "@NAME:SERVER",
    "enum.Publication.none": "nicht veröffentlicht",
    "enum.Publication.members": "für Mitglieder",
    "enum.Publication.public": "öffentlich",
    "setting.publish": "Im Web veröffentlicht",
    "setting.publish_names": "Namen im Web",
    "web.sent": "Ich habe Ihnen den Link zu den Seiten der Gruppe per Direktnachricht geschickt.",
    "web.links": (
        "Sitzungen und Beschlüsse von „{group}“ im Web ({publish}):\n"
        "Seiten: {pages}\n"
        "OParl-Schnittstelle (für Ratsinformations-Programme): {oparl}\n"
        "{note}"
    ),
    "web.links.personal": (
        "Der Link ist persönlich: Bitte geben Sie ihn nicht weiter. {p}web widerrufen macht "
        "ihn ungültig."
    ),
    "web.links.public": "Diese Seiten sind öffentlich; jede und jeder kann sie lesen.",
    "web.not_published": (
        "„{group}“ veröffentlicht nichts im Web. Die Geschäftsstelle kann es einschalten: "
        "{p}gruppe ändern publish=members (für Mitglieder) oder publish=public (für alle)."
    ),
    "web.revoked": (
        "{count} Link(s) zu den Seiten der Gruppe sind jetzt ungültig."
    ),
    "help.web": "Schickt Ihnen per Direktnachricht den Link zu den Seiten der Gruppe im Web.",
    "help.web.details": (
        "Sitzungen, Tagesordnungen, Niederschriften und das Beschlussbuch, so wie die Gruppe "
        "sie veröffentlicht (publish= in {p}gruppe ändern), als Seiten und über OParl 1.1."
    ),
    "example.web": "{p}web",
    "help.web.revoke": "Macht Ihre Links zu den Seiten der Gruppe ungültig.",
    "help.web.revoke.details": "Etwa wenn ein Link in falsche Hände geraten ist; {p}web schickt einen neuen.",
    "example.web.revoke": "{p}web widerrufen",
    # OParl's free texts (the protocol's own values, e.g. organizationType, stay as named).
    "oparl.paper.decision": "Beschluss",
    "oparl.paper.report": "Bericht",
    "oparl.annex": "Anlage {annex}",
    "oparl.member_organisation": "Mitgliedsorganisation",
    "web.skip": "Zum Inhalt springen",
    "web.site": "Kommunales Integrationsmanagement",
    "web.nav.label": "Bereiche der Gruppe",
    "web.nav.meetings": "Sitzungen",
    "web.nav.decisions": "Beschlussbuch",
    "web.footer.oparl": "Dieselben Daten maschinenlesbar (OParl 1.1):",
    "web.index.title": "Gremien",
    "web.group.next": "Nächste Sitzungen",
    "web.group.no_meetings": "Es ist keine Sitzung angesetzt.",
    "web.group.all_meetings": "Alle Sitzungen",
    "web.group.members": "Mitglieder",
    "web.group.members.caption": "Mitglieder von „{group}“ nach Organisation",
    "web.group.no_members": "Die Gruppe hat noch keine Mitglieder.",
    "web.col.organisation": "Organisation",
    "web.col.name": "Name",
    "web.col.role": "Funktion",
    "web.col.voting": "Stimmrecht",
    "web.col.number": "Nr.",
    "web.col.when": "Termin",
    "web.col.title": "Sitzung",
    "web.col.where": "Ort",
    "web.col.state": "Stand",
    "web.col.present": "Anwesend",
    "web.online": "online",
    "web.meetings.title": "Sitzungen: {group}",
    "web.meetings.subscribe": "Termine als Kalender abonnieren (ICS)",
    "web.meetings.subscribe.how": "in Outlook: Kalender hinzufügen → Aus dem Internet; in Thunderbird: Neuer Kalender → Im Netzwerk.",
    "web.meetings.upcoming": "Kommende Sitzungen",
    "web.meetings.past": "Vergangene Sitzungen",
    "web.meetings.none_past": "Es gab noch keine Sitzung.",
    "web.meeting.invitation": "Einladung herunterladen ({name})",
    "web.meeting.ics": "Termin in den Kalender übernehmen (ICS)",
    "web.meeting.agenda": "Tagesordnung",
    "web.meeting.top": "TOP {label}: {text}",
    "web.meeting.report": "Anlage {annex}: {title} ({org})",
    "web.download": "{name} herunterladen",
    "web.decision.heading": "Beschluss {number}",
    "web.decision.in_log": "Im Beschlussbuch",
    "web.meeting.no_agenda": "Die Tagesordnung ist noch leer.",
    "web.meeting.annexes": "Anlagen",
    "web.meeting.report_removed": "nach Ablauf der Aufbewahrungsfrist entfernt",
    "web.meeting.attendance": "Anwesenheit",
    "web.meeting.attendance.caption": "Anwesende Personen je Organisation",
    "web.meeting.no_attendance": "Es ist keine Anwesenheit festgehalten.",
    "web.meeting.minutes": "Niederschrift",
    "web.meeting.no_minutes": "Es liegt keine Niederschrift vor.",
    "web.decisions.title": "Beschlussbuch",
    "web.decisions.search": "Beschlüsse durchsuchen",
    "web.decisions.search.button": "Suchen",
    "web.decisions.found": "{n} Beschlüsse zu „{search}“.",
    "web.decision.meeting": "Gefasst in der Sitzung „{title}“",
    "web.decision.corrects": "Berichtigt Beschluss",
    "web.decision.corrected_by": "Berichtigt durch Beschluss",
    "web.decision.hash": "Prüfsumme (SHA-256):",
    "web.decisions.none": "Es sind keine Beschlüsse verzeichnet.",
    "web.when": "{when}",
    "web.day": "{day}",
    "web.role.deputy": "Stellvertretung ({org})",
    "web.file.invitation": "Einladung: {title}",
    "web.file.minutes": "Niederschrift: {title}",
    "web.file.report": "Bericht",
    "web.state.scheduled": "terminiert",
    "web.state.running": "Sitzung läuft",
    "web.state.held": "durchgeführt",
    "web.state.cancelled": "abgesagt",
    "web.outcome.adopted": "angenommen",
    "web.outcome.rejected": "abgelehnt",
    "web.outcome.not-decided": "nicht beschlossen",
}
