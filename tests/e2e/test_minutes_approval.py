"""Minutes the group approves, end to end against Synapse: a meeting held as a session posts
its draft Niederschrift (the form, „ENTWURF“ on every page); a member objects; the next
meeting's agenda has the approval first, with the objection; agreeing under that TOP approves
it; the final PDF has no „ENTWURF“, `kimbot verify-export` accepts it and names the decision
whose log entry holds its digest, and the meeting's web page links it. Approved in writing by
clicks on the bot's poll, then corrected by a new version."""

from __future__ import annotations

import io
import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import aiohttp
import pypdf

from tests.e2e.conftest import open_room, start_bot
from tests.e2e.test_polls import POLL_START, kimbot, this_year
from tests.support.members import Member
from tests.support.synapse import Homeserver

BERLIN = ZoneInfo("Europe/Berlin")


def text_of(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in
                             pypdf.PdfReader(io.BytesIO(data)).pages).split())


async def latest_pdf(member: Member, room_id: str, bot: str, name: str,
                     after: set[str] | None = None) -> tuple[str, bytes]:
    files = await member.wait_for(room_id, lambda e: e.get("sender") == bot
                                  and e.get("content", {}).get("body") == name
                                  and e["event_id"] not in (after or set()))
    return files[-1]["event_id"], await member.download(files[-1]["content"]["url"])


async def test_minutes_from_draft_to_approval_in_the_next_session(
    homeserver: Homeserver, people: dict[str, Member], tmp_path: Path
) -> None:
    bot = start_bot(homeserver, tmp_path / "bot", "kimbot-approval")
    room = await open_room(people, bot.user_id)
    coord = people["coord"]
    await room.say("coord", "!einrichten Lenkungsgruppe")
    await room.say("coord", "!mitglied hinzufügen @anna:localhost org=Jobcenter")
    await room.say("coord", "!mitglied hinzufügen @carla:localhost org=Sozialamt")
    await room.say("coord", "!gruppe ändern publish=public publish-names=ja")
    soon = datetime.now(BERLIN) + timedelta(minutes=2)
    await room.say("coord", f"!termin ansetzen {soon:%d.%m.%Y %H:%M} duration=5m "
                            "title=Lenkungsgruppe")
    await room.say("coord", "!termin tagesordnung 1 add Bericht der Geschäftsstelle")
    await room.say("coord", "!sitzung beginnen 1")
    await room.say("anna", "!anwesend")
    await room.say("carla", "!anwesend")
    await room.say("coord", "!weiter")
    await room.say("coord", "!notiz Der Bericht liegt allen vor.")
    await room.say("coord", "!sitzung beenden")
    name = f"niederschrift-1-{soon.date().isoformat()}.pdf"
    draft_event, draft = await latest_pdf(coord, room.room_id, room.bot, name)
    assert "ENTWURF – von der Gruppe noch nicht genehmigt" in text_of(draft)

    objected = await room.say("anna", '!niederschrift einwand 1 "Der Bericht lag nicht allen '
                                      'vor."')
    assert "ist eingetragen" in objected
    later = soon + timedelta(minutes=7)
    scheduled = await room.say("coord", f"!termin ansetzen {later:%d.%m.%Y %H:%M} "
                                        "duration=5m title=Lenkungsgruppe")
    assert "ist angesetzt" in scheduled, scheduled
    agenda = await room.say("carla", "!termin tagesordnung 2")
    assert re.search(r"1\. Genehmigung der Niederschrift der Sitzung Nr\. 1 vom .* – "
                     r"Einwendungen: @anna:localhost: „Der Bericht lag nicht allen vor\.“",
                     agenda), agenda

    await room.say("coord", "!sitzung beginnen 2")
    await room.say("anna", "!anwesend")
    await room.say("carla", "!anwesend")
    assert "Genehmigung der Niederschrift" in await room.say("coord", "!weiter")
    year = this_year()
    agreed = await room.say("coord", "!beschlossen Die Niederschrift wird mit der Einwendung "
                                     "genehmigt.")
    assert f"Die Niederschrift der Sitzung Nr. 1 ist genehmigt (Beschluss {year}/001)" in agreed
    _, final = await latest_pdf(coord, room.room_id, room.bot, name, after={draft_event})
    final_text = text_of(final)
    assert "ENTWURF" not in final_text and f"(Beschluss {year}/001)" in final_text
    kept = tmp_path / name
    kept.write_bytes(final)
    code, output = await kimbot("verify-export", str(kept), "-c",
                                str(bot.directory / "config.toml"))
    assert code == 0 and "signature valid" in output, output
    assert f"approved by decision {year}/001" in output

    # The meeting's page links the approved version, and hands out those very bytes.
    base = f"http://127.0.0.1:{bot.http_port}/web"
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{base}/1/meeting/1") as response:
            assert response.status == 200
            page = await response.text()
        assert f"Einladung herunterladen (einladung-1-{soon.date().isoformat()}.pdf)" in page
        links = re.findall(r'href="([^"]*/file/[^"]+)"', page)
        served = []
        for link in links:
            async with session.get(link if link.startswith("http") else
                                   f"http://127.0.0.1:{bot.http_port}{link}") as response:
                served.append(await response.read())
    assert final in served, "the approved minutes are linked from the meeting's page"
    assert bot.process.stop() == 0


async def test_minutes_approved_in_writing_by_clicks_then_corrected(
    homeserver: Homeserver, people: dict[str, Member], tmp_path: Path
) -> None:
    """The bot's own poll handler approves: the last click on the written procedure makes the
    approved version, signed with the bot's key; a correction is then a new version."""
    bot = start_bot(homeserver, tmp_path / "bot", "kimbot-approval-poll")
    room = await open_room(people, bot.user_id)
    coord, anna, carla = people["coord"], people["anna"], people["carla"]
    await room.say("coord", "!einrichten Lenkungsgruppe")
    await room.say("coord", "!mitglied hinzufügen @anna:localhost org=Jobcenter")
    await room.say("coord", "!mitglied hinzufügen @carla:localhost org=Sozialamt")
    soon = datetime.now(BERLIN) + timedelta(minutes=2)
    await room.say("coord", f"!termin ansetzen {soon:%d.%m.%Y %H:%M} duration=5m "
                            "title=Lenkungsgruppe")
    await room.say("coord", "!sitzung beginnen 1")
    await room.say("anna", "!anwesend")
    await room.say("coord", "!sitzung beenden")
    name = f"niederschrift-1-{soon.date().isoformat()}.pdf"
    draft_event, _ = await latest_pdf(coord, room.room_id, room.bot, name)

    started = await room.say("coord", "!niederschrift abstimmung 1 mode=umlauf")
    assert "Umlaufverfahren" in started and "Genehmigung der Niederschrift" in started, started
    polls = await coord.wait_for(room.room_id, lambda e: e.get("type") == POLL_START
                                 and e.get("sender") == room.bot)
    answers = {a["org.matrix.msc1767.text"]: a["id"]
               for a in polls[-1]["content"][POLL_START]["answers"]}
    await anna.answer_poll(room.room_id, polls[-1]["event_id"], answers["Zustimmung"])
    await carla.answer_poll(room.room_id, polls[-1]["event_id"], answers["Zustimmung"],
                            stable=True)
    year = this_year()
    await coord.wait_for(room.room_id, lambda e: e.get("sender") == room.bot and
                         f"ist genehmigt (Beschluss {year}/001)"
                         in e.get("content", {}).get("body", ""))
    _, final = await latest_pdf(coord, room.room_id, room.bot, name, after={draft_event})
    assert "ENTWURF" not in text_of(final)
    kept = tmp_path / name
    kept.write_bytes(final)
    code, output = await kimbot("verify-export", str(kept), "-c",
                                str(bot.directory / "config.toml"))
    assert code == 0 and "signature valid" in output, output
    assert f"approved by decision {year}/001" in output

    corrected = await room.say("coord", '!niederschrift berichtigen 1 "Frau Czerny war '
                                        'entschuldigt."')
    assert "als Fassung 2" in corrected, corrected
    second = name.removesuffix(".pdf") + "_Fassung-2.pdf"
    _, draft2 = await latest_pdf(coord, room.room_id, room.bot, second)
    assert "ENTWURF" in text_of(draft2) and "Frau Czerny war entschuldigt." in text_of(draft2)
    assert bot.process.stop() == 0
