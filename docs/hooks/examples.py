"""Each command's catalogue example, answered by the bot, for the command reference: the
examples run through the real dispatcher on a small group in the state the example expects
(a meeting to come, one held with its draft minutes, approved minutes, a session under way),
each on a copy of that state of its own, so that no example changes what the next one sees."""

from __future__ import annotations

import asyncio
import importlib
import shutil
import sys
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from commands.framework.context import Attachment
from storage import Database

ROOT = Path(__file__).resolve().parents[2]
SERVER = "stadt.de"
COORDINATOR = f"@koordination:{SERVER}"
ROOM = f"!gruppenraum:{SERVER}"
BERLIN = ZoneInfo("Europe/Berlin")

#: A group between meetings: members (those the examples name among them), meeting 3 to come
#: with its agenda, polls (3 open; 4 finding a date), seven decisions, items, two reports.
BETWEEN = [
    ("10.11.2026 09:00", COORDINATOR, "!einrichten „Lenkungsgruppe KIM Musterstadt“"),
    ("", COORDINATOR, "!mitglied hinzufügen @anna.schmidt:stadt.de org=Jobcenter role=chair"),
    ("", COORDINATOR, "!mitglied hinzufügen @ben.meier:stadt.de org=Sozialamt"),
    ("", COORDINATOR, "!mitglied hinzufügen @anna:example.org org=Caritasverband"),
    ("", COORDINATOR, "!mitglied hinzufügen @deniz:stadt.de org=Diakonie"),
    ("", COORDINATOR, "!termin ansetzen 12.11.2026 14:00 title=„Lenkungsgruppe November“"),
    ("", COORDINATOR, "!termin ansetzen 19.11.2026 14:00 title=„Arbeitstreffen“"),
    ("", COORDINATOR, "!termin ansetzen 3.12.2026 10:00 title=„Lenkungsgruppe Dezember“"),
    ("", COORDINATOR, "!termin tagesordnung 3 add Bericht der Geschäftsstelle"),
    ("", COORDINATOR, "!termin tagesordnung 3 add Haushalt 2027"),
    ("", COORDINATOR, "!punkt hinzufügen Sprachkurse auswerten org=Jobcenter"),
    ("", COORDINATOR, "!punkt hinzufügen Ehrenamt einbinden org=Diakonie"),
    ("", COORDINATOR, "!punkt hinzufügen Jahresbericht entwerfen owner=@anna.schmidt:stadt.de"),
    ("", COORDINATOR, "!bericht einreichen 3 „Stand der Sprachkurse“ Die Wartelisten sinken."),
    ("", COORDINATOR, "!bericht einreichen 3 „Bericht des Jobcenters zur Sprachkursversorgung“ "
                      "Der Bericht liegt bei."),
    *[("", COORDINATOR, f"!beschluss erfassen Beschluss Nr. {n} zum Sprachkursangebot.")
      for n in range(1, 6)],
    ("", COORDINATOR, "!abstimmung „Soll das Sprachcafé gefördert werden?“"),
    ("", f"@anna.schmidt:{SERVER}", "!abstimmen 1 ja"),
    ("", COORDINATOR, "!abstimmung schließen 1"),
    ("", COORDINATOR, "!abstimmung „Wer lädt zur Fachtagung ein?“ „Jobcenter“ „Sozialamt“"),
    ("", f"@ben.meier:{SERVER}", "!abstimmen 2 Sozialamt"),
    ("", COORDINATOR, "!abstimmung schließen 2"),
    ("", COORDINATOR, "!abstimmung „Soll der Jahresbericht veröffentlicht werden?“"),
    ("", COORDINATOR, "!termin finden 8.12.2026 10:00 9.12.2026 14:00"),
    ("", f"@anna.schmidt:{SERVER}", "!abstimmen 4 1,2"),
    ("", f"@ben.meier:{SERVER}", "!abstimmen 4 2"),
    ("", COORDINATOR, "!gruppe ändern publish=members"),
    ("", f"@anna.schmidt:{SERVER}", "!kalender"),
    ("", f"@anna.schmidt:{SERVER}", "!web"),
    ("25.11.2026 11:00", f"@anna.schmidt:{SERVER}", "!zusage 3 ja"),
]
#: A group just set up, no member added yet.
FOUNDED = [("10.11.2026 09:00", COORDINATOR, "!einrichten „Lenkungsgruppe KIM Musterstadt“"),
           ("25.11.2026 11:00", "", "")]
#: Meeting 3 held in the room on 3 December, its draft minutes posted.
HELD = [
    ("3.12.2026 10:00", COORDINATOR, "!termin beginnen 3"),
    ("", f"@anna.schmidt:{SERVER}", "!anwesend"),
    ("", f"@ben.meier:{SERVER}", "!anwesend"),
    ("", COORDINATOR, "!weiter"),
    ("", COORDINATOR, "!notiz Der Bericht liegt allen vor."),
    ("", COORDINATOR, "!weiter"),
    ("3.12.2026 11:30", COORDINATOR, "!termin beenden"),
    ("4.12.2026 09:00", "", ""),
]
#: The minutes of meeting 3 approved.
APPROVED = [("10.12.2026 09:00", COORDINATOR, "!niederschrift genehmigen 3")]
#: The session of meeting 3 under way, at its first TOP.
SESSION = [
    ("3.12.2026 10:00", COORDINATOR, "!termin beginnen 3"),
    ("", f"@ben.meier:{SERVER}", "!anwesend"),
    ("", COORDINATOR, "!weiter"),
    ("", COORDINATOR, "!notiz Der Bericht liegt allen vor."),
    ("3.12.2026 10:10", "", ""),
]

#: Which state each command's example expects (by the command's English words); the rest
#: run between meetings. `setup` runs in a room that is no group yet.
STATES = {
    "setup": "empty", "member add": "founded", "report": "session",
    "minutes object": "held", "minutes approve": "held", "minutes poll": "held",
    "meeting minutes": "held", "meeting present": "held",
    "minutes correct": "approved",
    "meeting end": "session", "here": "session", "gone": "session", "next": "session",
    "top": "session", "top add": "session", "info": "session", "action": "session",
    "agreed": "session", "undo": "session",
}
STAGES = {"empty": [], "founded": [FOUNDED], "between": [BETWEEN], "held": [BETWEEN, HELD],
          "approved": [BETWEEN, HELD, APPROVED], "session": [BETWEEN, SESSION]}
#: Who sends an example: the office, except where a member's own act is shown.
MEMBER_ACTS = {"rsvp", "vote", "minutes object", "here", "gone", "calendar", "calendar revoke",
               "web", "web revoke"}
MEMBER = f"@anna.schmidt:{SERVER}"
#: Examples sent by someone else than the office or that member.
SENDERS = {"gone": f"@ben.meier:{SERVER}"}
#: Examples given as the answer to a file in the room (the file read back by the bot).
FILES = {"report submit": ("sprachkurse.md", "text/markdown",
                           "# Sprachkursversorgung\n\nDie Wartelisten sinken.\n"),
         "member import": ("mitglieder.csv", "text/csv",
                           "Matrix-ID;Organisation;Rolle;E-Mail\n"
                           "@carla.kaya:stadt.de;Ausländerbehörde;Mitglied;\n"
                           "@ben.meier:stadt.de;Sozialamt;Mitglied;ben.meier@stadt.de\n")}


def answers(examples: dict[str, str]) -> dict[str, str]:
    """The bot's answer to each command's example (by the command's English words)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    return asyncio.run(_answers(examples))


async def _answers(examples: dict[str, str]) -> dict[str, str]:
    directory = Path(tempfile.mkdtemp(prefix="kimbot-examples-"))
    try:
        states = {name: await _state(directory, name, stages)
                  for name, stages in STAGES.items()}
        found = {}
        for number, (command, example) in enumerate(examples.items()):
            state, clock = states[STATES.get(command, "between")]
            copy = directory / f"example-{number}.db"
            shutil.copyfile(state, copy)
            sender = SENDERS.get(command) or (MEMBER if command in MEMBER_ACTS else COORDINATOR)
            found[command] = await _run(copy, clock, [("", sender, example)],
                                        FILES.get(command))
        return found
    finally:
        shutil.rmtree(directory, ignore_errors=True)


async def _state(directory: Path, name: str,
                 stages: Sequence[Sequence[tuple[str, str, str]]]) -> tuple[Path, datetime]:
    path = directory / f"{name}.db"
    database = _database(path)
    await database.migrate()
    await database.dispose()
    clock = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
    for stage in stages:
        clock = moment(stage[-1][0]) if stage[-1][0] else clock
        await _run(path, datetime(2026, 11, 10, 8, 0, tzinfo=UTC), stage)
    return path, clock


async def _run(path: Path, clock: datetime, lines: Sequence[tuple[str, str, str]],
               file: tuple[str, str, str] | None = None) -> str:
    runner_class = importlib.import_module("tests.support.commands").Runner
    database = _database(path)
    try:
        run = runner_class(database, room=ROOM, moderator=COORDINATOR)
        run.now = clock
        if file is not None:
            name, mimetype, text = file
            run.reply_to_file = Attachment(name, mimetype, text.encode())
        answer = ""
        for when, sender, command in lines:
            if when:
                run.now = moment(when)
            if command:
                answer = await checked(run, sender, command)
        return answer
    finally:
        await database.dispose()


def _database(path: Path) -> Database:
    return Database(f"sqlite+aiosqlite:///{path}")


async def checked(run: Any, sender: str, command: str, *, refused: bool = False) -> str:
    """The bot's answer to `command`; the build fails where a command the handbook shows as
    answered is refused (or one it shows as refused is answered, or fails inside)."""
    outcome = await run.outcome(sender, command)
    if outcome.succeeded == refused or outcome.failed:
        expected = "refused" if refused else "answered"
        raise ValueError(f"the handbook's {command!r} should be {expected}; the bot said: "
                         f"{outcome.reply.plain}")
    return str(outcome.reply.plain)


def moment(text: str) -> datetime:
    """`TT.MM.JJJJ HH:MM` in the group's time zone."""
    day, time = text.split()
    d, m, y = (int(part) for part in day.split("."))
    hour, minute = (int(part) for part in time.split(":"))
    return datetime(y, m, d, hour, minute, tzinfo=BERLIN).astimezone(UTC)
