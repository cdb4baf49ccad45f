"""The group's record on the web over real HTTP, on SQLite and PostgreSQL: OParl 1.1 crawled
from its entry point and every object checked against the official schemas, pagination and
filters, the pages, and — for every `publish` setting — exactly what a reader may see."""

from __future__ import annotations

import asyncio
import gzip
import io
import json
import re
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import aiohttp
import pypdf
import pytest
import vobject
from multidict import CIMultiDict
from sqlalchemy import select

from bot.http.feeds import CalendarFeeds
from bot.http.server import HttpServer
from bot.http.site import PublishedSite
from commands.framework.context import CalendarSettings
from domain.throttle import Throttle
from storage import Database
from storage.models import Group, Meeting, Occurrence, OutboxMessage
from tests.storage.test_sessions import meeting_today
from tests.support.commands import NOW, ROOM, Runner, signer_for_tests
from tests.support.oparl import crawl, problems
from tests.support.synapse import free_port
from web.oparl import BodyInfo


@dataclass
class Served:
    url: str
    run: Runner


@asynccontextmanager
async def serve(database: Database, run: Runner,
                throttle: Throttle | None = None) -> AsyncIterator[Served]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    settings = CalendarSettings(feed_url=url)
    site = PublishedSite(database, settings, prefix="!", clock=lambda: run.now,
                         body=BodyInfo(name="Stadt Musterstadt", ags="05315000"))
    feeds = CalendarFeeds(database, settings, "!", lambda: run.now)
    server = HttpServer(bind="127.0.0.1", port=port, health=_healthy, parts=[feeds, site],
                        throttle=throttle if throttle is not None
                        else Throttle(capacity=10_000, rate=10_000))
    await server.start()
    try:
        yield Served(url, run)
    finally:
        await server.stop()


async def _healthy() -> dict[str, bool | str]:
    return {"synced": True, "database": True}


async def get(url: str, headers: dict[str, str] | None = None,
              ) -> tuple[int, bytes, CIMultiDict[str]]:
    """Status, body (as sent: gzipped where the server chose gzip) and headers."""
    async with aiohttp.ClientSession(auto_decompress=False) as session, session.get(
            url, headers={"Accept-Encoding": "identity", **(headers or {})}) as response:
        return response.status, await response.read(), CIMultiDict(response.headers)


async def held_meeting(run: Runner) -> None:
    """Meeting 1 held in the room today: two items, a deputy standing in, a statement, a
    decision under item 1, a poll closed under item 2; a later meeting; a decision outside
    any meeting; the minutes."""
    await meeting_today(run)
    await run("@coord:x", "!mitglied ändern @anna:x name=„Anna Aschenbrenner“")
    await run("@coord:x", "!mitglied ändern @carla:x name=„Carla Czerny“")
    run.now = NOW + timedelta(minutes=30)
    await run("@coord:x", "!sitzung beginnen")
    await run("@ben:x", "!anwesend")
    await run("@carla:x", "!anwesend")
    await run("@deniz:x", "!anwesend")
    await run("@coord:x", "!weiter")
    await run("@coord:x", "!notiz Frau Czerny berichtet über die Sprachkurse.")
    await run("@coord:x", "!beschlossen Der Bericht wird zur Kenntnis genommen.")
    await run("@coord:x", "!weiter")
    await run("@coord:x", '!abstimmung "Haushalt 2027 beschließen?"')
    for voter, answer in (("@ben:x", "ja"), ("@carla:x", "ja"), ("@deniz:x", "nein")):
        await run(voter, f"!vote 1 {answer}")
    await run("@coord:x", "!abstimmung schließen 1")
    run.now += timedelta(minutes=50)
    await run("@coord:x", "!sitzung beenden")
    await run("@coord:x", '!termin ansetzen 10.12.2026 14:00 title="Lenkungsgruppe Dezember" '
                          'location="Rathaus, Raum 101"')
    await run("@coord:x", '!beschluss erfassen "Die Geschäftsordnung gilt ab 2027."')
    await run("@carla:x", '!bericht einreichen 2 "Sachstand Sprachkurse" Alle Kurse sind belegt.')


async def publish(run: Runner, setting: str, names: str = "nein") -> None:
    reply = await run("@coord:x", f"!gruppe ändern publish={setting} publish-names={names}")
    assert "Geändert" in reply, reply


async def web_token(run: Runner, database: Database, user: str) -> str:
    assert "Direktnachricht" in await run(user, "!web")
    async with database.unit_of_work() as uow:
        sent = (await uow.session.scalars(select(OutboxMessage).where(
            OutboxMessage.to_user == user).order_by(OutboxMessage.id.desc()))).first()
    assert sent is not None
    [token] = re.findall(r"/web/([^/\s]+)/", sent.content["body"])
    return token


NAMES = ("Anna Aschenbrenner", "Carla Czerny", "@anna:x", "@ben:x", "@carla:x", "@deniz:x",
         "@emil:x", "@coord:x")


async def test_a_public_group_in_oparl_every_object_valid_and_linked(database: Database) -> None:
    run = Runner(database)
    await held_meeting(run)
    await publish(run, "public")
    async with serve(database, run) as served:
        found = await crawl(f"{served.url}/oparl/v1/system")
    assert found.broken == {}, "every link answers"
    assert found.objects, "the crawler found the objects"
    wrong = [p for o in found.objects.values() for p in problems(o)]
    assert wrong == []
    [body] = found.of_type("Body")
    assert body["name"] == "Stadt Musterstadt" and body["ags"] == "05315000"
    organisations = {o["name"]: o for o in found.of_type("Organization")}
    assert set(organisations) == {"Lenkungsgruppe", "Jobcenter", "Sozialamt",
                                  "Caritasverband", "BAMF", "Kommunales Integrationszentrum"}
    assert organisations["Lenkungsgruppe"]["classification"] == "Lenkungsgruppe"
    assert organisations["Lenkungsgruppe"]["votingMemberCount"] == 4  # a deputy included
    meetings = {m["name"]: m for m in found.of_type("Meeting")}
    held = meetings["Lenkungsgruppe November"]
    assert held["meetingState"] == "durchgeführt" and held["cancelled"] is False
    assert held["start"] == "2026-11-25T11:30:00+01:00"
    assert [(a["number"], a["name"]) for a in held["agendaItem"]] == [
        ("1", "Bericht der Geschäftsstelle"), ("2", "Haushalt 2027")]
    first, second = held["agendaItem"]
    assert "Der Bericht wird zur Kenntnis genommen." in first["resolutionText"]
    assert second["result"] == "angenommen" and "Ja 2" in second["resolutionText"]
    minutes = found.files[held["resultsProtocol"]["accessUrl"]].decode()
    assert "Frau Czerny berichtet über die Sprachkurse." in minutes
    # The invitation is the Einladung as it was sent: the signed PDF.
    assert held["invitation"]["mimeType"] == "application/pdf"
    invitation = found.files[held["invitation"]["accessUrl"]]
    assert signer_for_tests().check_pdf(invitation).valid
    assert "Einladung zur Sitzung Nr. 1 der Lenkungsgruppe: Lenkungsgruppe November" in " ".join(
        " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(invitation)).pages)
        .split())
    assert meetings["Lenkungsgruppe Dezember"]["location"]["description"] == "Rathaus, Raum 101"
    papers = {p["reference"]: p for p in found.of_type("Paper")}
    assert sorted(p["paperType"] for p in papers.values()) == ["Bericht"] + ["Beschluss"] * 3
    report = papers["Anlage 1"]
    assert report["name"] == "Sachstand Sprachkurse"
    assert found.files[report["mainFile"]["accessUrl"]] == b"Alle Kurse sind belegt."
    assert report["mainFile"]["accessUrl"] in {
        f["accessUrl"] for f in meetings["Lenkungsgruppe Dezember"]["auxiliaryFile"]}
    assert papers["2026/003"]["name"] == "Die Geschäftsordnung gilt ab 2027."
    memberships = found.of_type("Membership")
    assert {m["onBehalfOf"] for m in memberships} == {
        o["id"] for name, o in organisations.items() if name != "Lenkungsgruppe"}
    assert found.of_type("Person") == [], "no names without publish-names"
    assert not any(name in found.text for name in NAMES)


async def test_a_correction_and_the_entry_it_corrects_name_each_other(
    database: Database,
) -> None:
    run = Runner(database)
    await held_meeting(run)
    await run("@coord:x", '!beschluss erfassen "Sie gilt ab 2028." corrects=2026/003')
    await publish(run, "public")
    async with serve(database, run) as served:
        _, listed, _ = await get(f"{served.url}/oparl/v1/body/papers")
        papers = {p["reference"]: p for p in json.loads(listed)["data"]}
    assert papers["2026/003"]["relatedPaper"] == [papers["2026/004"]["id"]]
    assert papers["2026/004"]["relatedPaper"] == [papers["2026/003"]["id"]]
    assert "relatedPaper" not in papers["2026/001"]


async def test_names_only_with_publish_names_and_never_after_removal(
    database: Database,
) -> None:
    run = Runner(database)
    await held_meeting(run)
    await publish(run, "public", names="ja")
    async with serve(database, run) as served:
        named = await crawl(f"{served.url}/oparl/v1/system")
        assert sorted(p["name"] for p in named.of_type("Person")) == [
            "@ben:x", "@coord:x", "@deniz:x", "@emil:x", "Anna Aschenbrenner", "Carla Czerny"]
        assert "Anna Aschenbrenner" in named.text and [
            p for o in named.objects.values() for p in problems(o)] == []
        assert "nicht mehr Mitglied" in await run("@coord:x", "!mitglied entfernen @carla:x")
        assert "Daten sind gelöscht" in await run("@coord:x",
                                                  "!mitglied entfernen @deniz:x purge=ja")
        after = await crawl(f"{served.url}/oparl/v1/system")
    assert after.broken == {}
    people = sorted(p["name"] for p in after.of_type("Person"))
    assert people == ["@ben:x", "@coord:x", "@emil:x", "Anna Aschenbrenner"]
    assert "Carla Czerny" not in after.text and "@deniz:x" not in after.text
    ended = [m for m in after.of_type("Membership") if "endDate" in m]
    assert len(ended) == 2 and all("person" not in m for m in ended)


async def test_nothing_of_a_group_that_publishes_nothing(database: Database) -> None:
    run = Runner(database)
    await held_meeting(run)
    async with serve(database, run) as served:
        misses = [await get(served.url + path) for path in (
            "/oparl/v1/system", "/oparl/v1/body", "/oparl/v1/meeting/1", "/web/", "/web/1/",
            "/web/1/decisions", "/oparl/v1/nowhere")]
        assert {(status, body) for status, body, _ in misses} == {(404, b"Not Found")}
        refused = await run("@anna:x", "!web")
        assert "veröffentlicht nichts" in refused
        await publish(run, "members")
        token = await web_token(run, database, "@anna:x")
        assert (await get(f"{served.url}/oparl/v1/{token}/system"))[0] == 200
        await publish(run, "none")
        assert (await get(f"{served.url}/oparl/v1/{token}/system"))[:2] == (404, b"Not Found")
        assert (await get(f"{served.url}/web/{token}/"))[:2] == (404, b"Not Found")


async def test_members_only_with_their_personal_link(database: Database) -> None:
    run = Runner(database)
    await held_meeting(run)
    await publish(run, "members")
    async with serve(database, run) as served:
        assert (await get(f"{served.url}/oparl/v1/system"))[:2] == (404, b"Not Found")
        assert (await get(f"{served.url}/web/"))[:2] == (404, b"Not Found")
        token = await web_token(run, database, "@anna:x")
        found = await crawl(f"{served.url}/oparl/v1/{quote(token)}/system")
        assert found.broken == {} and len(found.of_type("Meeting")) == 2
        assert all(o["id"].startswith(f"{served.url}/oparl/v1/{token}/")
                   for o in found.objects.values())
        status, page, headers = await get(f"{served.url}/web/{token}/1/")
        assert status == 200 and "Lenkungsgruppe Dezember" in page.decode()
        assert headers["Cache-Control"].startswith("private")
        assert headers["Referrer-Policy"] == "no-referrer"
        assert "default-src 'none'" in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert "1 Link(s) zu den Seiten der Gruppe sind jetzt ungültig." in await run(
            "@anna:x", "!web widerrufen")
        assert (await get(f"{served.url}/web/{token}/1/"))[:2] == (404, b"Not Found")
        token = await web_token(run, database, "@carla:x")
        assert (await get(f"{served.url}/web/{token}/"))[0] == 200
        await run("@coord:x", "!mitglied entfernen @carla:x")
        assert (await get(f"{served.url}/web/{token}/"))[:2] == (404, b"Not Found"), (
            "a removed member's link opens nothing")


async def test_pages_hold_what_the_database_holds(database: Database) -> None:
    run = Runner(database)
    await held_meeting(run)
    await publish(run, "public")
    async with serve(database, run) as served:
        status, page, headers = await get(f"{served.url}/web/1/meeting/1",
                                          {"Accept-Encoding": "gzip"})
        assert status == 200 and headers["Content-Encoding"] == "gzip"
        html = gzip.decompress(page).decode()
        assert '<html lang="de">' in html
        for text in ("Lenkungsgruppe November", "TOP 1: Bericht der Geschäftsstelle",
                     "Der Bericht wird zur Kenntnis genommen.", "Haushalt 2027 beschließen?",
                     "Frau Czerny berichtet über die Sprachkurse.", "Caritasverband"):
            assert text in html, text
        assert not any(name in html for name in NAMES)
        again = await get(f"{served.url}/web/1/meeting/1", {"If-None-Match": headers["ETag"]})
        assert again[0] == 304
        _, page, _ = await get(f"{served.url}/web/1/meeting/2")
        assert "Anlage 1: Sachstand Sprachkurse (Sozialamt)" in page.decode()
        [link] = set(re.findall(r'href="([^"]*/file/report-[^"]*)"', page.decode()))
        assert (await get(link))[1] == b"Alle Kurse sind belegt."
        status, page, _ = await get(f"{served.url}/web/1/decisions?q=Geschäftsordnung")
        html = page.decode()
        assert "Die Geschäftsordnung gilt ab 2027." in html
        assert "Der Bericht wird zur Kenntnis genommen." not in html
        status, ics, headers = await get(f"{served.url}/web/1/meetings.ics")
        calendar = vobject.readOne(ics.decode())
        assert sorted(e.summary.value for e in calendar.vevent_list) == [
            "Lenkungsgruppe Dezember", "Lenkungsgruppe November"]
        assert "ATTENDEE" not in ics.decode()


async def test_pagination_and_modified_since_over_250_meetings(database: Database) -> None:
    run = Runner(database)
    await run("@coord:x", "!setup Lenkungsgruppe")
    await run("@coord:x", "!member add @anna:x org=Jobcenter")
    async with database.unit_of_work() as uow:
        group = (await uow.session.scalars(select(Group))).one()
        for n in range(1, 251):
            start = datetime(2020, 1, 6, 13, 0, tzinfo=UTC) + timedelta(weeks=n)
            changed = NOW - timedelta(days=250 - n)
            meeting = Meeting(group_id=group.id, number=n, title=f"Sitzung {n}", location=None,
                              first_start=start, duration_minutes=90, timezone="Europe/Berlin",
                              uid=f"m{n}@kimbot", materialized_until=start, created_by="@coord:x",
                              created_at=changed, updated_at=changed)
            uow.session.add(meeting)
            await uow.session.flush()
            uow.session.add(Occurrence(meeting_id=meeting.id, original_start=start,
                                       starts_at=start, scheduled_at=changed))
    await publish(run, "public")
    async with serve(database, run) as served, aiohttp.ClientSession() as session:
        url: str | None = f"{served.url}/oparl/v1/body/meetings"
        names: list[str] = []
        pages = 0
        while url is not None:
            async with session.get(url) as response:
                answer = await response.json()
            pages += 1
            assert not [p for o in answer["data"] for p in problems(o)]
            names += [m["name"] for m in answer["data"]]
            url = answer["links"].get("next")
        assert pages == 3 and len(names) == 250 == len(set(names))
        assert answer["pagination"] == {"totalElements": 250, "elementsPerPage": 100,
                                        "currentPage": 3, "totalPages": 3}
        since = (NOW - timedelta(days=59, hours=12)).isoformat()
        async with session.get(f"{served.url}/oparl/v1/body/meetings",
                               params={"modified_since": since, "limit": "20"}) as response:
            recent = await response.json()
        assert recent["pagination"]["totalElements"] == 60
        assert "modified_since=" in recent["links"]["next"]
        assert all(datetime.fromisoformat(m["modified"]) >= NOW - timedelta(days=59.5)
                   for m in recent["data"])
        async with session.get(f"{served.url}/oparl/v1/body/meetings",
                               params={"modified_since": "gestern"}) as response:
            assert response.status == 400


async def test_an_answer_is_kept_until_something_published_changes(database: Database) -> None:
    run = Runner(database)
    await held_meeting(run)
    await publish(run, "public")
    async with serve(database, run) as served:
        _, _, headers = await get(f"{served.url}/oparl/v1/body/papers")
        await run("@anna:x", "!hilfe")
        await run("@anna:x", "!zusage 2 ja")  # an answer to an invitation: not published
        assert (await get(f"{served.url}/oparl/v1/body/papers",
                          {"If-None-Match": headers["ETag"]}))[0] == 304
        await run("@coord:x", '!beschluss erfassen "Ein weiterer Beschluss."')
        status, after, _ = await get(f"{served.url}/oparl/v1/body/papers",
                                     {"If-None-Match": headers["ETag"]})
        assert status == 200 and "Ein weiterer Beschluss." in after.decode()


@pytest.mark.parametrize("path", ["/web/1/meeting/999", "/web/2/", "/web/x/", "/web/1/file/x",
                                  "/oparl/v1/meeting/999", "/oparl/v1/paper/d999",
                                  "/oparl/v1/file/nothing/download", "/oparl/v1/organization/x",
                                  "/oparl/v1/" + "a" * 43 + "/system"])
async def test_unknown_addresses_are_the_same_404(database: Database, path: str) -> None:
    run = Runner(database)
    await run("@coord:x", "!setup Lenkungsgruppe")
    await publish(run, "public")
    async with serve(database, run) as served:
        assert (await get(served.url + path))[:2] == (404, b"Not Found")
        assert (await get(served.url + "/oparl/v1/system"))[0] == 200


async def test_group_settings_show_the_publication(database: Database) -> None:
    run = Runner(database)
    await run("@coord:x", "!setup Lenkungsgruppe")
    assert "Im Web veröffentlicht: nicht veröffentlicht · mit Namen: nein" in await run(
        "@coord:x", "!gruppe")
    refused = await run("@coord:x", "!gruppe ändern publish=alle")
    assert "„alle“ ist nicht möglich (Angabe publish). Erlaubt: none, members, public." in refused
    await run("@coord:x", "!gruppe ändern publish=öffentlich")
    async with database.unit_of_work() as uow:
        group = await uow.groups.by_room(ROOM)
        assert group is not None and group.publish.value == "public"
    await run("@coord:x", "!member add @anna:x org=Jobcenter")
    refused = await run("@anna:x", "!gruppe ändern publish=none")
    assert "dürfen nur Personen mit der Rolle Vorsitz, Geschäftsstelle" in refused
    assert "Im Web veröffentlicht: öffentlich" in await run("@anna:x", "!gruppe")


async def test_in_english_for_an_english_group(database: Database) -> None:
    run = Runner(database)
    await held_meeting(run)
    await publish(run, "public")
    await run("@coord:x", "!gruppe ändern language=en")
    async with serve(database, run) as served:
        _, page, _ = await get(f"{served.url}/web/1/meeting/1")
        html = page.decode()
        assert '<html lang="en">' in html
        assert "Agenda" in html and "Item 1: Bericht der Geschäftsstelle" in html
        assert "Tagesordnung" not in html
        _, found, _ = await get(f"{served.url}/oparl/v1/meeting/1")
        assert '"meetingState":"held"' in found.decode()
        _, papers, _ = await get(f"{served.url}/oparl/v1/body/papers")
        types = {p["reference"]: p["paperType"] for p in json.loads(papers)["data"]}
        assert types["Annex 1"] == "Report" and types["2026/001"] == "Decision"


async def test_another_group_that_publishes_nothing_stays_unseen(database: Database) -> None:
    run = Runner(database)
    await held_meeting(run)
    await publish(run, "public")
    await run("@coord:x", "!setup „AG Wohnen“", room="!other:x")
    await run("@coord:x", "!member add @gero:x org=Wohnungsamt", room="!other:x")
    await run("@coord:x", '!termin ansetzen 9.12.2026 10:00 title="AG Wohnen tagt"',
              room="!other:x")
    async with serve(database, run) as served:
        found = await crawl(f"{served.url}/oparl/v1/system")
        assert found.broken == {}
        assert not any(word in found.text for word in ("AG Wohnen", "Wohnungsamt", "@gero:x"))
        assert (await get(f"{served.url}/web/2/"))[:2] == (404, b"Not Found")
        await run("@coord:x", "!gruppe ändern publish=public", room="!other:x")
        assert (await get(f"{served.url}/web/2/"))[0] == 200
        assert "AG Wohnen tagt" in (await crawl(f"{served.url}/oparl/v1/system")).text


async def test_a_guesser_is_slowed_and_then_turned_away(database: Database) -> None:
    run = Runner(database)
    await run("@coord:x", "!setup Lenkungsgruppe")
    await publish(run, "members")
    async with serve(database, run, throttle=Throttle(capacity=3, rate=0.5,
                                                       longest_wait=2)) as served:

        async def guess(n: int) -> int:
            return (await get(f"{served.url}/oparl/v1/{'g' * 43}{n}/system"))[0]

        started = time.monotonic()
        assert [await guess(n) for n in range(4)] == [404] * 4
        assert time.monotonic() - started >= 1.5, "the fourth guess waited"
        statuses = await asyncio.gather(*(guess(n) for n in range(30)))
        assert set(statuses) == {404, 429}, statuses
