"""Rosters as files: what a line says, what is wrong with it, and that an export reads back."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from domain.roles import Role
from domain.roster import (
    CurrentMember,
    RosterFileError,
    parse_roster,
    plan_import,
    roster_csv,
)

NAMES = {role: role.value for role in Role}
text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")),
               min_size=1, max_size=40).map(str.strip).filter(bool)


@given(st.lists(st.tuples(st.from_regex(r"@[a-z0-9]{1,8}:x\.de", fullmatch=True), text,
                          st.sampled_from(list(Role)), text), min_size=1, max_size=8,
                unique_by=lambda row: row[0]))
def test_an_export_reads_back_unchanged(rows: list[tuple[str, str, Role, str]]) -> None:
    members = [CurrentMember(user, org, role, None, name, None)
               for user, org, role, name in rows]
    parsed = parse_roster(roster_csv(members, NAMES), "mitglieder.csv")
    assert parsed.errors == []
    plan = plan_import(parsed, members)
    assert (plan.added, plan.changed, plan.errors) == ([], [], [])
    assert len(plan.unchanged) == len(members)


def test_comma_files_and_their_errors_by_line() -> None:
    data = (b"Matrix ID,Organization,Role,Email,Deputy of\n"
            b"@a:x,Jobcenter,member,a@jc.example,\n"
            b"@b:x,,member,,\n"
            b"@c:x,Jobcenter,member,kein-mail,\n"
            b"@d:x,Jobcenter,member,,@a:x\n"
            b"@a:x,Jobcenter,member,,\n")
    parsed = parse_roster(data, "roster.csv")
    assert [(e.line, e.key) for e in parsed.errors] == [
        (3, "roster.error.org"), (4, "roster.error.email"), (6, "roster.error.twice")]
    assert [line.user_id for line in parsed.lines] == ["@a:x", "@d:x"]
    plan = plan_import(parsed, [])
    assert [line.user_id for line in plan.added] == ["@a:x", "@d:x"]


def test_a_deputy_needs_a_voting_principal() -> None:
    data = ("Matrix-ID;Organisation;Rolle;Vertretung für\n"
            "@gast:x;Presse;Gast;\n@d:x;Presse;Mitglied;@gast:x\n@e:x;Presse;;@nobody:x\n")
    plan = plan_import(parse_roster(data.encode(), "r.csv"), [])
    assert [(e.line, e.key) for e in plan.errors] == [
        (3, "roster.error.principal"), (4, "roster.error.principal")]


def test_a_file_without_the_needed_columns_is_refused_whole() -> None:
    try:
        parse_roster(b"Name;Telefon\nA;1\n", "r.csv")
    except RosterFileError as error:
        assert error.key == "roster.file.columns"
    else:
        raise AssertionError("not refused")
