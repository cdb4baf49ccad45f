"""The group's roster as a file: read from a spreadsheet's CSV or from vCards, written back as
either. Pure functions: what a file says, line by line (or what is wrong with each line), and
what importing it would change in the roster as it is.

CSV: UTF-8 (with or without the byte order mark Excel writes), comma or semicolon; the first line
names the columns, in German or English — `Matrix-ID` (required), `Organisation` (required),
`Rolle`, `E-Mail`, `Name`, `Vertretung für`. vCard 3.0/4.0: `FN` is the name, `ORG` the
organisation, `EMAIL` the address, the Matrix id an `IMPP:matrix:u/…` or a `matrix.to` link in
`URL`, `ROLE` the role, `X-KIMBOT-DEPUTY-OF` the principal.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import vobject

from domain.roles import ROLE_ALIASES, Role


class ImportStep(StrEnum):
    CONFIRM = "confirm"


IMPORT_STEP_ALIASES = {"bestätigen": ImportStep.CONFIRM, "bestaetigen": ImportStep.CONFIRM}


class RosterFormat(StrEnum):
    CSV = "csv"
    VCF = "vcf"


ROSTER_FORMAT_ALIASES = {"vcard": RosterFormat.VCF}

#: Role names as exports write them (besides the role aliases of commands).
ROLE_NAMES = {**ROLE_ALIASES, "beratendes mitglied": Role.ADVISOR,
              "stimmberechtigtes mitglied": Role.MEMBER}

#: Column names (lowercase, German and English) and the field each fills.
COLUMNS = {
    "matrix-id": "user_id", "matrix id": "user_id", "matrix": "user_id", "user": "user_id",
    "benutzer": "user_id",
    "organisation": "organisation", "organization": "organisation", "org": "organisation",
    "rolle": "role", "role": "role",
    "e-mail": "email", "email": "email", "mail": "email",
    "name": "name",
    "vertretung für": "deputy_of", "stellvertretung für": "deputy_of", "deputy of": "deputy_of",
    "deputy-of": "deputy_of",
}
#: The columns written by an export, in order (German headers).
EXPORT_HEADERS = ("Matrix-ID", "Organisation", "Rolle", "E-Mail", "Name", "Vertretung für")
USER_ID = re.compile(r"^@[^:\s]+:[^\s]+$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_LINES = 2000
MAX_TEXT = 200


@dataclass(frozen=True)
class RosterLine:
    line: int
    user_id: str
    organisation: str
    role: Role = Role.MEMBER
    email: str | None = None
    name: str | None = None
    deputy_of: str | None = None


@dataclass(frozen=True)
class LineError:
    """What is wrong with one line: a catalogue key (`roster.error.…`) and its values."""

    line: int
    key: str
    value: str = ""


@dataclass
class ParsedRoster:
    lines: list[RosterLine] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)


class RosterFileError(Exception):
    """The file as a whole cannot be read (a catalogue key)."""

    def __init__(self, key: str, value: str = "") -> None:
        super().__init__(key)
        self.key = key
        self.value = value


def parse_roster(data: bytes, filename: str) -> ParsedRoster:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RosterFileError("roster.file.encoding") from None
    if text.lstrip().upper().startswith("BEGIN:VCARD") or filename.lower().endswith(
            (".vcf", ".vcard")):
        return _parse_vcards(text)
    return _parse_csv(text)


def _parse_csv(text: str) -> ParsedRoster:
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not rows:
        raise RosterFileError("roster.file.empty")
    fields = [COLUMNS.get(cell.strip().lower()) for cell in rows[0]]
    if "user_id" not in fields or "organisation" not in fields:
        raise RosterFileError("roster.file.columns", value=", ".join(rows[0]))
    if len(rows) > MAX_LINES + 1:
        raise RosterFileError("roster.file.too_long", value=str(MAX_LINES))
    parsed = ParsedRoster()
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        values = {name: _uncell(cell.strip()) for name, cell in zip(fields, row, strict=False)
                  if name}
        _take(parsed, number, values)
    return parsed


def _parse_vcards(text: str) -> ParsedRoster:
    parsed = ParsedRoster()
    try:
        cards = list(vobject.readComponents(text))
    except Exception:  # vobject raises several kinds for a broken file
        raise RosterFileError("roster.file.vcard") from None
    for number, card in enumerate(cards, start=1):
        values: dict[str, str] = {}
        if "fn" in card.contents:
            values["name"] = str(card.fn.value)
        if "org" in card.contents:
            org = card.org.value
            values["organisation"] = str(org[0] if isinstance(org, list) else org)
        if "email" in card.contents:
            values["email"] = str(card.email.value)
        if "role" in card.contents:
            values["role"] = str(card.role.value)
        if "x-kimbot-deputy-of" in card.contents:
            values["deputy_of"] = str(card.contents["x-kimbot-deputy-of"][0].value)
        for prop in (*card.contents.get("impp", []), *card.contents.get("url", [])):
            found = _matrix_id(str(prop.value))
            if found:
                values["user_id"] = found
        _take(parsed, number, values)
    return parsed


def _matrix_id(value: str) -> str | None:
    for prefix in ("matrix:u/", "https://matrix.to/#/", "xmpp:"):
        if value.startswith(prefix):
            rest = value.removeprefix(prefix).split("?")[0]
            return rest if rest.startswith("@") else f"@{rest}"
    return None


def _take(parsed: ParsedRoster, number: int, values: dict[str, str]) -> None:
    """One line checked: added to the lines, or its first error noted."""
    user = values.get("user_id", "")
    if not USER_ID.match(user):
        parsed.errors.append(LineError(number, "roster.error.user", user))
        return
    organisation = values.get("organisation", "")
    if not organisation or len(organisation) > MAX_TEXT:
        parsed.errors.append(LineError(number, "roster.error.org", organisation))
        return
    role_text = values.get("role", "").strip().lower()
    role = Role.MEMBER
    if role_text:
        found = ROLE_NAMES.get(role_text) or next((r for r in Role if r.value == role_text),
                                                 None)
        if found is None:
            parsed.errors.append(LineError(number, "roster.error.role", values["role"]))
            return
        role = found
    email = values.get("email") or None
    if email is not None and not EMAIL.match(email):
        parsed.errors.append(LineError(number, "roster.error.email", email))
        return
    deputy_of = values.get("deputy_of") or None
    if deputy_of is not None and not USER_ID.match(deputy_of):
        parsed.errors.append(LineError(number, "roster.error.deputy", deputy_of))
        return
    if any(line.user_id == user for line in parsed.lines):
        parsed.errors.append(LineError(number, "roster.error.twice", user))
        return
    name = values.get("name") or None
    parsed.lines.append(RosterLine(number, user, organisation, role, email,
                                   name[:MAX_TEXT] if name else None, deputy_of))


@dataclass(frozen=True)
class CurrentMember:
    """A member as the roster has them now (for comparing)."""

    user_id: str
    organisation: str
    role: Role
    email: str | None
    name: str | None
    deputy_of: str | None


@dataclass
class ImportPlan:
    added: list[RosterLine] = field(default_factory=list)
    #: Each changed member with the fields that change.
    changed: list[tuple[RosterLine, list[str]]] = field(default_factory=list)
    unchanged: list[RosterLine] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)


FIELDS = ("organisation", "role", "email", "name", "deputy_of")


def plan_import(parsed: ParsedRoster, current: Sequence[CurrentMember]) -> ImportPlan:
    """What importing would change; a deputy must name a voting member (in the roster now or in
    the file) who is no deputy themselves."""
    plan = ImportPlan(errors=list(parsed.errors))
    now = {member.user_id: member for member in current}
    in_file = {line.user_id: line for line in parsed.lines}
    for line in parsed.lines:
        if line.deputy_of is not None:
            principal = in_file.get(line.deputy_of) or now.get(line.deputy_of)
            if (principal is None or principal.deputy_of is not None
                    or principal.role in (Role.ADVISOR, Role.GUEST)
                    or line.deputy_of == line.user_id):
                plan.errors.append(LineError(line.line, "roster.error.principal",
                                             line.deputy_of))
                continue
        existing = now.get(line.user_id)
        if existing is None:
            plan.added.append(line)
            continue
        # A file without names keeps the names the roster has.
        compared = [name for name in FIELDS if name != "name" or line.name is not None]
        differs = [name for name in compared if getattr(existing, name) != getattr(line, name)]
        if differs:
            plan.changed.append((line, differs))
        else:
            plan.unchanged.append(line)
    plan.errors.sort(key=lambda error: error.line)
    return plan


def roster_csv(members: Sequence[CurrentMember], role_names: dict[Role, str]) -> bytes:
    """The roster as a spreadsheet reads it: semicolons, a byte order mark, German headers."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(EXPORT_HEADERS)
    for member in members:
        writer.writerow([member.user_id, _cell(member.organisation), role_names[member.role],
                         member.email or "", _cell(member.name or ""), member.deputy_of or ""])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _cell(value: str) -> str:
    """A spreadsheet does not read a cell beginning with = + - @ as a formula."""
    # A value that starts with the apostrophe itself gets one too, so reading back removes
    # exactly the one the export added („'=“ stays „'=“).
    return "'" + value if value[:1] in (*FORMULA_STARTS, "'") else value


def _uncell(value: str) -> str:
    """The apostrophe an export put before such a cell is not part of the value."""
    return value[1:] if value[:1] == "'" and value[1:2] in (*FORMULA_STARTS, "'") else value


FORMULA_STARTS = ("=", "+", "-", "@")


def roster_vcards(members: Sequence[CurrentMember]) -> bytes:
    cards = []
    for member in members:
        card = vobject.vCard()
        card.add("fn").value = member.name or member.user_id
        card.add("n").value = vobject.vcard.Name(family=member.name or member.user_id)
        card.add("org").value = [member.organisation]
        card.add("impp").value = f"matrix:u/{member.user_id.removeprefix('@')}"
        card.add("role").value = member.role.value
        if member.email:
            card.add("email").value = member.email
        if member.deputy_of:
            card.add("x-kimbot-deputy-of").value = member.deputy_of
        cards.append(card.serialize())
    return "".join(cards).encode("utf-8")
