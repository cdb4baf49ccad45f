"""`GET /metrics` after a group's work: the counters and the histogram show it, and the text
parses with prometheus_client's own parser."""

from __future__ import annotations

from pathlib import Path

import aiohttp
from prometheus_client.parser import text_string_to_metric_families

from tests.e2e.conftest import open_room, start_bot
from tests.e2e.test_feeds import LINK
from tests.e2e.test_polls import start_poll
from tests.support.members import Member
from tests.support.synapse import Homeserver

TOKEN = "metrik-geheim"


def samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    return {(sample.name, frozenset(sample.labels.items())): sample.value
            for family in text_string_to_metric_families(text) for sample in family.samples}


def value(found: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str,
          **labels: str) -> float:
    return found.get((name, frozenset(labels.items())), 0.0)


async def test_metrics_show_what_the_bot_did(
    homeserver: Homeserver, people: dict[str, Member], tmp_path: Path
) -> None:
    bot = start_bot(homeserver, tmp_path / "bot", "kimbot-metrics",
                    extra_config=f'[metrics]\nenabled = true\ntoken = "{TOKEN}"\n')
    room = await open_room(people, bot.user_id)
    anna = people["anna"]
    await room.say("coord", "!einrichten Lenkungsgruppe")
    await room.say("coord", "!mitglied hinzufügen @anna:localhost org=Jobcenter")
    await room.say("coord", "!mitglied hinzufügen @carla:localhost org=Sozialamt")
    assert "dürfen nur" in await room.say("anna", "!mitglied entfernen @carla:localhost")
    poll_id, answers = await start_poll(room, '!abstimmung "Messen wir?"')
    await anna.answer_poll(room.room_id, poll_id, answers["Ja"])
    await room.say("anna", "!kalender")
    link = LINK.search((await anna.direct_messages(room.bot))[-1]["content"]["body"])
    assert link is not None
    url = f"http://127.0.0.1:{bot.http_port}/metrics"
    async with aiohttp.ClientSession() as session:
        async with session.get(link.group(0)) as feed:
            assert feed.status == 200
        async with session.get(url) as response:
            assert response.status == 404, "without the token, /metrics is not there"
        async with session.get(url, headers={"Authorization": f"Bearer {TOKEN}"}) as response:
            assert response.status == 200
            assert response.headers["Content-Type"].startswith("text/plain")
            text = await response.text()

    found = samples(text)
    assert value(found, "kimbot_device_cross_signed") == 1
    assert value(found, "kimbot_commands_total", command="setup", outcome="answered") == 1
    assert value(found, "kimbot_commands_total", command="member add", outcome="answered") == 2
    assert value(found, "kimbot_commands_total", command="member remove",
                 outcome="refused") == 1
    assert value(found, "kimbot_commands_total", command="poll", outcome="answered") == 1
    assert value(found, "kimbot_events_total", kind="poll_response") >= 1
    assert value(found, "kimbot_events_total", kind="message") >= 6
    replies = value(found, "kimbot_reply_latency_seconds_count")
    assert replies >= 6
    assert value(found, "kimbot_reply_latency_seconds_bucket", le="+Inf") == replies
    assert value(found, "kimbot_http_requests_total", path="calendar", status="200") == 1
    assert value(found, "kimbot_http_requests_total", path="metrics", status="404") == 1
    assert ("kimbot_outbox_pending", frozenset()) in found
    assert ("kimbot_mail_queue_oldest_age_seconds", frozenset()) in found
    assert 0 <= value(found, "kimbot_sync_lag_seconds") < 60
    assert value(found, "kimbot_last_sync_timestamp_seconds") > 1.7e9
    assert bot.process.stop() == 0
