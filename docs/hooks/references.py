"""The handbook's references, generated from the code at every build so that they cannot
drift (an MkDocs hook, `mkdocs.yml`):

- `referenz/befehle.md` — every command from the command declarations (German and English
  words, arguments with types and defaults, who may run it) with its help and example from
  the message catalogues, exactly as `!hilfe BEFEHL` gives them, and the bot's answer to the
  example (`examples.py` runs it; a refused example fails the build);
- `referenz/konfiguration.md` — every configuration key the parser reads
  (`bot.config.parse_config`), with its type from the parser, and its default and meaning
  from `config.example.toml` (a test holds the two to the same keys);
- `referenz/metriken.md` — every metric in the registry (`bot.metrics.Metrics`).
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot import config as config_module  # noqa: E402
from bot.metrics import Metrics  # noqa: E402
from commands import build_command_tree  # noqa: E402
from commands.framework.spec import CommandSpec, ParameterKind  # noqa: E402
from commands.framework.usage import usage  # noqa: E402
from domain.group import Language  # noqa: E402
from domain.roles import admitted_roles  # noqa: E402
from i18n import Renderer  # noqa: E402

PAGES = {
    "referenz/befehle.md": "commands_page",
    "referenz/konfiguration.md": "configuration_page",
    "referenz/metriken.md": "metrics_page",
}
GERMAN = Renderer(Language.DE, prefix="!")
ENGLISH = Renderer(Language.EN, prefix="!")


def on_files(files: Any, config: Any) -> Any:
    from mkdocs.structure.files import File

    for path, builder in PAGES.items():
        files.append(File.generated(config, path, content=globals()[builder]()))
    for name, png in pictures().items():
        files.append(File.generated(config, f"bilder/{name}.png", content=png))
    return files


def pictures() -> dict[str, bytes]:
    """What the handbook shows as pictures, made now from a small group's work: page 1 of
    the Einladung, the Niederschrift and the Beschlussbuch (drawn by poppler's pdftoppm), the
    participation chart, and two published pages (drawn by Chromium). Where pdftoppm or
    Chromium is missing, the pictures kept in docs/images are shown instead."""
    import asyncio
    import tempfile

    if str(ROOT) not in sys.path:  # MkDocs takes back what the hook put there at its import
        sys.path.insert(0, str(ROOT))
    # The tests' support code, imported by name: the hook is type-checked, the tests are not.
    papers = importlib.import_module("tests.support.paper_images").papers
    first_page_png = importlib.import_module("tests.support.pdf_layout").first_page_png

    with tempfile.TemporaryDirectory() as directory:
        made: dict[str, bytes] = asyncio.run(papers(Path(directory)))
    shown = {"beteiligung": made.pop("beteiligung")}
    for name, data in made.items():
        png = first_page_png(data, resolution=60)
        shown[name] = png if png is not None else (ROOT / "docs" / "images" /
                                                   f"{name}.png").read_bytes()
    web = importlib.import_module("tests.support.web_images")
    with tempfile.TemporaryDirectory() as directory:
        pages: dict[str, bytes] | None = asyncio.run(web.web_pictures(Path(directory)))
    for name in web.PAGES:
        shown[name] = pages[name] if pages is not None else (ROOT / "docs" / "images" /
                                                             f"{name}.png").read_bytes()
    return shown


# --- commands -------------------------------------------------------------------------------


def commands_page() -> str:
    lines = [
        "# Befehle",
        "",
        "Alle Befehle des Bots, erzeugt aus ihren Deklarationen und den Texten, die der Bot "
        "selbst verwendet — so, wie `!hilfe BEFEHL` sie im Raum zeigt. Jeder Befehl hat einen "
        "deutschen und einen englischen Namen; beide wirken gleich. In eckigen Klammern: was "
        "wegfallen darf. Die Antwort unter jedem Beispiel hat der Bot beim Erstellen dieser "
        "Seite gegeben, in einer Beispielgruppe (Mittwoch, 25. November 2026; für Befehle der "
        "Sitzung während der Sitzung am 3. Dezember).",
        "",
    ]
    families: dict[str, list[CommandSpec]] = {}
    for spec in build_command_tree().specs:
        if spec.listed:
            families.setdefault(spec.german[0], []).append(spec)
    listed = [spec for specs in families.values() for spec in specs]
    answered = example_answers(
        {spec.name: GERMAN(f"example.{spec.help_key}").plain for spec in listed})
    for word, specs in families.items():
        if len(specs) == 1:  # a command of its own: no family heading above it
            lines += _command(specs[0], "##", answered[specs[0].name])
            continue
        lines += [f"## !{word}", ""]
        for spec in specs:
            lines += _command(spec, "###", answered[spec.name])
    return "\n".join(lines) + "\n"


def example_answers(examples: dict[str, str]) -> dict[str, str]:
    answers: dict[str, str] = _examples().answers(examples)
    return answers


def _examples() -> Any:
    """The examples module beside this one (MkDocs loads a hook by its path alone)."""
    if str(Path(__file__).parent) not in sys.path:
        sys.path.insert(0, str(Path(__file__).parent))
    return importlib.import_module("examples")


def _command(spec: CommandSpec, heading: str, answer: str) -> list[str]:
    key = spec.help_key
    roles = GERMAN(f"help.access.{spec.access.value}",
                   roles=admitted_roles(spec.access)).plain
    lines = [
        f"{heading} !{' '.join(spec.german)} {{#{anchor(spec)}}}",
        "",
        GERMAN(f"help.{key}").plain,
        "",
        f"    {usage(spec, '!', GERMAN)}",
        "",
        f"English: `{usage(spec, '!', ENGLISH)}` — {ENGLISH(f'help.{key}').plain}",
        "",
    ]
    details = GERMAN(f"help.{key}.details").plain
    if details:
        lines += [details, ""]
    lines += [f"**Wer darf es?** {roles}", ""]
    arguments = [_argument(parameter) for parameter in spec.parameters]
    if arguments:
        lines += ["| Angabe | Art | Vorgabe |", "|---|---|---|", *arguments, ""]
    fence = "````" if "```" in answer else "```"
    lines += [f"**Beispiel:** `{GERMAN(f'example.{key}').plain}` — der Bot antwortet:", "",
              f"{fence}text", answer.strip(), fence, ""]
    return lines


def anchor(spec: CommandSpec) -> str:
    """The command's anchor on the page: its English words joined by hyphens."""
    return "befehl-" + "-".join(spec.path)


def _argument(parameter: Any) -> str:
    if parameter.flag_de is not None:
        name = f"`{parameter.flag_de}` / `{parameter.key}`"
        kind = "Schalter (Wort)"
    elif parameter.kind is ParameterKind.KEYWORD:
        name = f"`{parameter.key}=`"
        kind = _type_name(parameter)
    else:
        name = parameter.name
        kind = _type_name(parameter) + (", mehrere" if parameter.kind in
                                         (ParameterKind.WORDS, ParameterKind.REST) else "")
    if parameter.required:
        default = "nötig"
    elif parameter.default in (None, (), False):
        default = "–"
    else:
        value = parameter.default
        default = f"`{value.value if isinstance(value, Enum) else value}`"
    return f"| {name} | {kind} | {default} |"


def _type_name(parameter: Any) -> str:
    kind = parameter.type
    if isinstance(kind, type) and issubclass(kind, Enum):
        return " \\| ".join(f"`{member.value}`" for member in kind)
    from commands.framework.converters import PLACEHOLDERS

    key = PLACEHOLDERS.get(kind)
    return GERMAN(key).plain if key else getattr(kind, "__name__", str(kind))


# --- configuration --------------------------------------------------------------------------


@dataclass(frozen=True)
class Setting:
    section: str
    key: str
    kind: str
    required: bool
    environment: str | None


def parsed_settings() -> list[Setting]:
    """Every key the parser reads, in its order, with the kind its validator checks: the
    parser is run on the example configuration with every optional section present, and
    asked what it read."""
    import tomllib

    read: list[Setting] = []
    original = config_module._Section.get

    def recording(self: Any, key: str, validate: Any, *, required: bool = False,
                  default: Any = None) -> Any:
        if not any(s.section == self.name and s.key == key for s in read):
            read.append(Setting(self.name, key, _validator_kind(validate), required,
                                config_module.ENVIRONMENT_SECRETS.get((self.name, key))))
        return original(self, key, validate, required=required, default=default)

    raw = tomllib.loads(example_with_every_section())
    config_module._Section.get = recording  # type: ignore[method-assign]
    try:
        config_module.parse_config(raw, {}, "config.example.toml", ROOT)
    finally:
        config_module._Section.get = original  # type: ignore[method-assign]
    return read


def _validator_kind(validate: Any) -> str:
    name = getattr(validate, "__name__", "").strip("_").replace("_", " ")
    return VALIDATOR_KINDS.get(name, name)


VALIDATOR_KINDS = {
    "text": "text", "url": "URL", "user id": "Matrix user id", "bool": "true / false",
    "positive int": "whole number > 0", "port": "port (1–65535)", "seconds": "seconds",
    "email": "email address", "timezone": "time zone (IANA)", "language": "de / en",
    "database url": "database URL", "server list": "list of server names",
    "address list": "list of IP addresses", "prefix": "characters",
    "trust": "tofu / cross-signed / verified", "log level": "DEBUG / INFO / WARNING / ERROR",
    "log format": "text / json",
}


def example_with_every_section() -> str:
    """config.example.toml with its commented-out settings switched on (every key the
    parser knows then has a value to read)."""
    lines = []
    for line in (ROOT / "config.example.toml").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^#\s?(\[[a-z_]+\]|[a-z0-9_]+ = .*)$", line)
        lines.append(match.group(1) if match else line)
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Documented:
    section: str
    key: str
    value: str
    meaning: str
    commented: bool


def documented_settings() -> Iterator[Documented]:
    """The settings config.example.toml shows: its value as written, and the comment above
    it as its meaning."""
    section, shared = "", ""
    comment: list[str] = []
    for line in (ROOT / "config.example.toml").read_text(encoding="utf-8").splitlines():
        header = re.match(r"^#?\s?\[([a-z_]+)\]", line)
        setting = re.match(r"^(#\s?)?([a-z0-9_]+) = (.*?)(\s+#\s*(.*))?$", line)
        if header:
            section, comment, shared = header.group(1), [], ""
        elif setting:
            # Settings written one under the other share the comment above the first.
            shared = " ".join(comment) or shared
            trailing = setting.group(5)
            meaning = f"{shared} {trailing}" if trailing else shared
            yield Documented(section, setting.group(2), setting.group(3), meaning.strip(),
                             bool(setting.group(1)))
            comment = []
        elif line.startswith("#"):
            comment.append(line.lstrip("#").strip())
            shared = ""
        else:
            comment, shared = [], ""


def configuration_page() -> str:
    documented = {(d.section, d.key): d for d in documented_settings()}
    lines = [
        "# Configuration",
        "",
        "Every setting of `config.toml`, generated from the code: the keys and their kinds "
        "from the configuration parser (`bot/config.py`), each setting's default and meaning "
        "from `config.example.toml` in the source tree, which shows every setting with its "
        "default (a test keeps the two to the same keys). Settings with a variable may come "
        "from the environment instead (secrets belong there).",
        "",
    ]
    current = None
    for setting in parsed_settings():
        if setting.section != current:
            current = setting.section
            lines += ["", f"## [{current}]", "", "| key | kind | default | meaning |",
                      "|---|---|---|---|"]
        shown = documented.get((setting.section, setting.key))
        default = "required" if setting.required else (
            f"`{shown.value}`" if shown and not shown.commented else "–")
        meaning = shown.meaning if shown else ""
        if setting.environment:
            meaning += f" Environment: `{setting.environment}`."
        lines.append(f"| `{setting.key}` | {setting.kind} | {_cell(default)} | "
                     f"{_cell(meaning)} |")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


# --- metrics --------------------------------------------------------------------------------


def metric_names() -> list[tuple[str, str, str, list[str]]]:
    """(name as scraped, type, help, labels) of every metric the bot exports."""
    from prometheus_client.metrics import MetricWrapperBase

    found = []
    for metric in vars(Metrics()).values():
        if not isinstance(metric, MetricWrapperBase):
            continue
        # prometheus_client keeps a metric's declared labels only on the metric itself.
        kind, labels = str(metric._type), [str(label) for label in metric._labelnames]
        name = str(metric._name) + ("_total" if kind == "counter" else "")
        found.append((name, kind, str(metric._documentation), labels))
    return found


def metrics_page() -> str:
    lines = [
        "# Metrics",
        "",
        "Every metric `GET /metrics` exports (Prometheus text format), generated from the "
        "bot's metrics registry. How to switch them on, and alert rules: "
        "[Operating kimbot](../operations.md#metrics).",
        "",
        "| metric | type | labels | what it says |",
        "|---|---|---|---|",
    ]
    for name, kind, text, labels in metric_names():
        shown = ", ".join(f"`{label}`" for label in labels) or "–"
        lines.append(f"| `{name}` | {kind} | {shown} | {text} |")
    return "\n".join(lines) + "\n"


# --- the records the bot keeps (Datenschutz) ------------------------------------------------

#: Where the Datenschutz page shows, table by table, what the bot keeps about people.
RECORDS_MARK = "<!-- verarbeitungen: aus storage/data_protection.py -->"


def records_table() -> str:
    from storage.data_protection import RECORDS

    lines = ["| Tabelle | personenbezogene Daten | Zweck | Speicherdauer und Löschung |",
             "|---|---|---|---|"]
    for table, record in sorted(RECORDS.items()):
        lines.append(f"| `{table}` | {_cell(record.holds)} | {_cell(record.purpose)} | "
                     f"{_cell(record.kept)} |")
    return "\n".join(lines)


# --- conversations: commands and the bot's real answers --------------------------------------

#: A block of commands in a page, run through the bot when the handbook is built:
#:
#:     ```kimbot
#:     koordination: !einrichten „Lenkungsgruppe KIM Musterstadt“
#:     anna: !zusage 1 ja
#:     ```
#:
#: Each line is a person (the local part of their Matrix id) and what they send; the block is
#: replaced by what they sent and what the bot answered — the real answers, from the real
#: dispatcher and catalogue, on a database of the page's own (the blocks of a page run in
#: order, in one group; its clock stands at Wednesday, 25 November 2026, 11:00). A line
#: `zeit: TT.MM.JJJJ HH:MM` moves that clock. A block `kimbot-vorher` runs the same way but is
#: not shown: what a page takes as given (the group, its members). Every command must succeed
#: — the build fails if one is refused — except where the page shows a refusal on purpose:
#: `anna (abgelehnt): !…`.
CONVERSATION = re.compile(r"^```kimbot(-vorher)?\n(.*?)^```\n", re.S | re.M)
SERVER = "stadt.example"
ZEIT = "zeit: "


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    markdown = markdown.replace(RECORDS_MARK, records_table())
    if "```kimbot" not in markdown:
        return markdown
    import asyncio

    matches = list(CONVERSATION.finditer(markdown))
    answers = asyncio.run(converse([match.group(2) for match in matches]))
    shown = iter("" if match.group(1) else answer
                 for match, answer in zip(matches, answers, strict=True))
    return CONVERSATION.sub(lambda _: next(shown), markdown)


async def converse(blocks: list[str]) -> list[str]:
    """Every block's lines run in order through the bot; each block as Markdown."""
    import tempfile

    from storage import Database

    if str(ROOT) not in sys.path:  # MkDocs takes back what the hook put there at its import
        sys.path.insert(0, str(ROOT))
    runner_class = importlib.import_module("tests.support.commands").Runner
    examples = _examples()
    shown = []
    with tempfile.TemporaryDirectory(prefix="kimbot-docs-") as directory:
        database = Database(f"sqlite+aiosqlite:///{Path(directory) / 'kimbot.db'}")
        await database.migrate()
        run = runner_class(database, room=f"!gruppenraum:{SERVER}",
                           moderator=f"@koordination:{SERVER}")
        try:
            for block in blocks:
                parts = []
                for line in block.strip().splitlines():
                    if line.startswith(ZEIT):
                        run.now = examples.moment(line.removeprefix(ZEIT))
                        continue
                    who, _, command = line.partition(": ")
                    person, refusal, _ = who.partition(" (abgelehnt)")
                    answer = await examples.checked(run, f"@{person}:{SERVER}", command,
                                                    refused=bool(refusal))
                    parts.append(_exchange(person, command, answer))
                shown.append("\n".join(parts))
        finally:
            await database.dispose()
    return shown


def _exchange(person: str, command: str, answer: str) -> str:
    """One message and the bot's answer, as a reader sees them in the room."""
    fence = "````" if "```" in answer else "```"
    return (f"**{person}** schreibt `{command}`, der Bot antwortet:\n\n"
            f"{fence}text\n{answer.strip()}\n{fence}\n")
