"""Hostile and malformed commands through the whole dispatcher, on a real database: every
declared command, in both languages, with generated arguments — dates that do not exist,
numbers too large for any column, quotes left open, markup, mentions, control characters,
iCalendar syntax, kilobytes of text — sent by coordinators, members, deputies and strangers.

Each must get a specific answer: never the internal-error reply, never an exception in the log.
`make test` tries a seeded `KIMBOT_FUZZ_EXAMPLES` (2,000) of them; `make test-faults` 100,000.
"""

from __future__ import annotations

import asyncio
import logging
import os
from enum import Enum

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from commands import build_command_tree
from commands.framework.spec import CommandSpec, ParameterKind
from domain.group import Language
from i18n import Renderer
from storage import Database
from tests.storage.test_polls_and_decisions import group_with_seats
from tests.support.commands import Runner

EXAMPLES = int(os.environ.get("KIMBOT_FUZZ_EXAMPLES", "2000"))
SEED = int(os.environ.get("KIMBOT_FUZZ_SEED", "20261201"))

COMMAND_WORDS = sorted({" ".join(spec.words(german)) for spec in build_command_tree().specs
                        for german in (False, True)})
# Mostly the coordinator, who may run everything: so most commands reach their handler.
SENDERS = ["@coord:x"] * 4 + ["@anna:x", "@ben:x", "@emil:x", "@stranger:x"]
HOSTILE = [
    "1", "2", "0", "-1", "99999999999999999999999", "1e9", "NaN", "٣", "Ⅻ",
    "3.12.2026", "2026-12-03", "14:00", "31.2.2026", "29.2.2027", "0.0.0", "25:61", "24:00",
    "1.1.1", "9999-12-31", "1.1.10000", "31.12.9999 23:59", "-1.-1.-1", "T", "Z",
    "@anna:x", "@ben:x", "@nobody:x", "@", "@:x", "@@", "@room", "@coord:x", "!room:x",
    "ja", "nein", "yes", "no", "enthaltung", "vielleicht", "widerspruch", "alle", "all",
    "org=Jobcenter", 'org="Neue Organisation"', "org=", "role=chair", "role=guest",
    "role=kaiser", "deputy-of=@ben:x", "deputy-of=@anna:x", "deputy-of=keine", "email=-",
    "email=a@b.de", "email=<a@b>", "due=1.1.1", "due=31.2.2026", "repeat=wöchentlich",
    "repeat=stündlich", "until=0.0.0", "duration=0m", "duration=99999d", "duration=-5m",
    "mode=umlauf", "mode=secret", "mode=x", "quorum=0", "quorum=101", "quorum=-1",
    "language=en", "language=de", "language=xx", "timezone=Mars/Olympus", "on=3.12.2026",
    "key=", "=value", "=", "==", "a=b=c", "title=„offen", '"', "„", "“", "'", '""', "„“",
    "<b>fett</b>", "<script>alert(1)</script>", "**fett**", "[link](http://x)", "&amp;",
    "END:VEVENT", "BEGIN:VEVENT", "X;Y,Z\\", ";", ",", "\\", "\\n", "\n", "\r\n", "\t",
    "\u202e", "\x00", "\x1b[31m", "\ufeff", "👍", "✅", "ß" * 300, "x" * 5000,
]
argument = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=40),
    st.from_regex(r"[a-z\-]{1,12}=[^\s]{0,20}", fullmatch=True),
)

#: Values close to what each type takes, valid and not, by the name of the parameter's type.
NEAR = {
    "int": ["1", "2", "3", "0", "-1", "12", "99999999999999999999", "1.5", "eins"],
    "date": ["3.12.2026", "2026-12-03", "1.12.2026", "31.2.2026", "1.1.1", "heute", "3.12."],
    "datetime": ["3.12.2026 14:00", "4.12.2026 9:00", "1.12.2026 08:00", "3.12.2026 25:00",
                 "2026-12-03T14:00", "31.2.2026 10:00", "3.12.2026"],
    "timedelta": ["90m", "2h", "1d", "0m", "-1h", "99999d", "1x"],
    "UserId": ["@anna:x", "@ben:x", "@carla:x", "@coord:x", "@nobody:x", "@", "anna",
               "@" + "a" * 260 + ":x"],
    "Email": ["anna@stadt.de", "-", "a@b", "<a@b.de>", "a@b.de\nBcc: x@y.de"],
    "Percent": ["50", "50%", "0", "101", "-1", "x"],
    "TimeZoneName": ["Europe/Berlin", "UTC", "Mars/Olympus", "../etc/passwd"],
    "Deadline": ["1d", "3.12.2026 14:00", "0m", "gestern"],
    "bool": ["ja", "nein", "yes", "no", "vielleicht"],
    # Texts just over what their columns hold (names 200, emails 320) and far over.
    "str": ["Jobcenter", "x" * 199, "x" * 201, "Ä" * 300, "y" * 2001, "z" * 20_000],
}


def _values(kind: object) -> st.SearchStrategy[str]:
    name = getattr(kind, "__name__", str(kind).rsplit(".", 1)[-1])
    near: list[str] = list(NEAR.get(name, []))
    if isinstance(kind, type) and issubclass(kind, Enum):
        near += [str(member.value) for member in kind] + ["unbekannt"]
    return st.one_of(st.sampled_from(near), argument) if near else argument


def _shaped(spec: CommandSpec, german: bool) -> st.SearchStrategy[str]:
    """A command as its declaration shapes it, with values near and far from valid."""
    positional = [p for p in spec.parameters if p.kind is not ParameterKind.KEYWORD]
    keywords = [p for p in spec.parameters if p.kind is ParameterKind.KEYWORD]
    parts: list[st.SearchStrategy[list[str]]] = [st.just(["!" + " ".join(spec.words(german))])]
    for parameter in positional:
        parts.append(st.lists(_values(parameter.type), min_size=0, max_size=2))
    for parameter in keywords:
        parts.append(st.lists(_values(parameter.type).map(
            lambda value, key=parameter.key: f"{key}={value}"), max_size=1))
    parts.append(st.lists(argument, max_size=1))
    return st.tuples(*parts).map(lambda chunks: " ".join(w for chunk in chunks for w in chunk))


SPECS = build_command_tree().specs
command = st.one_of(
    st.builds(
        lambda words, arguments, prefix: prefix + " ".join([words, *arguments]),
        st.sampled_from(COMMAND_WORDS),
        st.lists(argument, max_size=7),
        st.sampled_from(["!", "!", "!", "! ", "!!"]),
    ),
    *(_shaped(spec, german) for spec in SPECS for german in (False, True)),
)


class _Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_no_command_however_malformed_ends_in_an_error(database_url: str) -> None:
    loop = asyncio.new_event_loop()
    database = Database(database_url)
    run = Runner(database)

    async def prepare() -> None:
        await database.migrate()
        await group_with_seats(run)
        await run("@coord:x", "!termin ansetzen 3.12.2026 14:00 title=Lenkungsgruppe")
        await run("@coord:x", '!abstimmung "Soll der Bericht beauftragt werden?"')
        await run("@anna:x", "!punkt hinzufügen Bericht vorlegen due=1.12.2026")

    internal = {Renderer(language)("error.internal").plain for language in Language}
    errors = _Errors()
    logging.getLogger().addHandler(errors)
    tried = 0

    @seed(SEED)
    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(st.sampled_from(SENDERS), command)
    def answered(sender: str, body: str) -> None:
        nonlocal tried
        tried += 1
        errors.records.clear()
        reply = loop.run_until_complete(run(sender, body))
        assert reply.strip(), f"no answer to {body!r}"
        assert reply not in internal, f"internal error on {body!r} from {sender}"
        assert not errors.records, f"{errors.records[0].getMessage()} on {body!r}"

    try:
        loop.run_until_complete(prepare())
        answered()
    finally:
        logging.getLogger().removeHandler(errors)
        loop.run_until_complete(database.dispose())
        loop.close()
    print(f"\nfuzzed {tried} commands (seed {SEED}): no internal error, no exception logged")
