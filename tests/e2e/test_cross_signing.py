"""Encrypted rooms as Element runs them: members whose client shares keys only with, and reads
messages only from, devices their owner cross-signed (MSC4153, matrix-js-sdk's
`OnlySignedDevicesIsolationMode`). The bot's device is signed by the account's own identity,
kept in secret storage by a recovery key, never replaced without `kimbot reset-identity`."""

from __future__ import annotations

import asyncio
import json
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.matrix.cross_signing import PublishedIdentity, encode_recovery_key
from bot.matrix.identity import HomeserverApi
from tests.e2e.conftest import PASSWORD, RunningBot, start_bot
from tests.e2e.test_metrics import samples, value
from tests.e2e.test_polls import POLL_START, kimbot, this_year
from tests.support.botprocess import BotProcess, write_bot_config
from tests.support.element import ElementMember, unavailable
from tests.support.faultproxy import FaultProxy
from tests.support.members import Member
from tests.support.synapse import Homeserver

pytestmark = pytest.mark.skipif(unavailable() is not None, reason=str(unavailable()))

Login = Callable[..., Awaitable[ElementMember]]


@pytest.fixture
async def element(homeserver: Homeserver, tmp_path: Path) -> AsyncIterator[Login]:
    """Members on matrix-js-sdk; `await element("name")` registers and logs one in."""
    started: list[ElementMember] = []

    async def login(localpart: str, **options: Any) -> ElementMember:
        homeserver.register(localpart, PASSWORD)
        member = await ElementMember(tmp_path / f"{localpart}-{len(started)}.log").start()
        started.append(member)
        return await member.login(homeserver.url, localpart, PASSWORD, **options)

    yield login
    for member in started:
        await member.close()


def device_of(bot: RunningBot) -> str:
    return str(json.loads((bot.directory / "data" / "session.json").read_text())["device_id"])


async def published(homeserver: Homeserver, token: str, user_id: str) -> PublishedIdentity:
    answer = await HomeserverApi(homeserver.url, token).query_keys([user_id])
    return PublishedIdentity.from_query(user_id, answer)


async def cross_signed_metric(bot: RunningBot, expected: float) -> float:
    """`kimbot_device_cross_signed` once it shows `expected` (the check at start ends a
    moment after its log line), or as it is after ten seconds."""
    for _ in range(100):
        async with aiohttp.ClientSession() as session, session.get(
                f"http://127.0.0.1:{bot.http_port}/metrics") as response:
            found = value(samples(await response.text()), "kimbot_device_cross_signed")
        if found == expected:
            break
        await asyncio.sleep(0.1)
    return found


async def room_with(member: ElementMember, bot: str, *others: str) -> str:
    room_id = str((await member.call("create_room", invite=[bot, *others],
                                     name="Lenkungsgruppe (verschlüsselt)"))["room_id"])
    await member.wait_for(lambda e: e["room_id"] == room_id and e["type"] == "m.room.member"
                          and e["state_key"] == bot and e["content"].get("membership") == "join")
    return room_id


async def joined(member: ElementMember, room_id: str) -> None:
    await member.wait_for(lambda e: e["room_id"] == room_id and e["type"] == "m.room.member"
                          and e["state_key"] == member.user_id
                          and e["content"].get("membership") == "join")


async def test_a_member_who_accepts_only_cross_signed_devices_gets_answers_and_votes(
    homeserver: Homeserver, element: Login, tmp_path: Path
) -> None:
    bot = start_bot(homeserver, tmp_path / "bot", "kimbot-signed")
    elke, jonas = await element("elke"), await element("jonas")
    uwe = await element("uwe", isolation="all")  # Element's default mode, beside them
    room = await room_with(elke, bot.user_id, jonas.user_id, uwe.user_id)
    await joined(jonas, room)
    await joined(uwe, room)

    assert "ist eingerichtet" in await elke.command(room, "!einrichten Lenkungsgruppe",
                                                    bot.user_id)
    assert "ist jetzt Mitglied" in await elke.command(
        room, "!mitglied hinzufügen @jonas:localhost org=Jobcenter", bot.user_id)
    # Her client holds the bot's device for signed by the bot's own identity.
    seen = await elke.call("device_verification", user_id=bot.user_id,
                           device_id=device_of(bot))
    assert seen["cross_signed"] is True and seen["identity_needs_approval"] is False
    identity = await published(homeserver, elke.access_token, bot.user_id)
    assert identity.master is not None
    key_file = bot.directory / "data" / "recovery-key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert "kimbot's recovery key was written to" in bot.process.log.read_text()

    # A poll, as Element's Poll model shows it, voted by clicking.
    assert "läuft" in await elke.command(room, '!abstimmung "Verschlüsselt beschließen?"',
                                         bot.user_id)
    poll_event = await jonas.wait_for(lambda e: e["room_id"] == room and e["type"] == POLL_START)
    poll = await jonas.call("poll", room_id=room, poll_id=poll_event["event_id"])
    assert poll["found"] and poll["question"] == "Verschlüsselt beschließen?"
    answers = {a["text"]: a["id"] for a in poll["answers"]}
    assert list(answers) == ["Ja", "Nein", "Enthaltung"]
    await jonas.call("vote", room_id=room, poll_id=poll_event["event_id"],
                    answers=[answers["Ja"]])
    result = await jonas.wait_for(lambda e: e["room_id"] == room and e["sender"] == bot.user_id
                                 and "ist beendet" in e["content"].get("body", ""))
    assert "einstimmig angenommen — Ja 1, Nein 0, Enthaltung 0" in result["content"]["body"]
    assert (await jonas.call("poll", room_id=room, poll_id=poll_event["event_id"]))["ended"]

    # A secret ballot: the bot's direct room with him is encrypted and readable to him.
    assert "läuft" in await elke.command(room, '!abstimmung "Geheim beschließen?" geheim',
                                         bot.user_id)
    ballot = await jonas.wait_for(lambda e: e["room_id"] != room and e["sender"] == bot.user_id
                                 and "Stimmzettel" in e["content"].get("body", ""))
    assert ballot["encrypted"] and ballot["failure"] is None
    cast = await jonas.command(ballot["room_id"], "!abstimmen 2 ja", bot.user_id)
    assert "ist abgegeben" in cast
    year = this_year()
    secret_result = await elke.wait_for(
        lambda e: e["room_id"] == room and e["sender"] == bot.user_id
        and f"Beschluss {year}/002" in e["content"].get("body", ""))
    assert "angenommen" in secret_result["content"]["body"]

    # A restart: the same device, still signed.
    device = device_of(bot)
    assert bot.process.stop() == 0
    bot.process.start()
    assert "Lenkungsgruppe" in await elke.command(room, "!gruppe", bot.user_id)
    assert device_of(bot) == device

    # The crypto store lost: a new device, signed by the same identity — nothing changes for
    # her client, no identity to approve.
    assert bot.process.stop() == 0
    shutil.rmtree(bot.directory / "data" / "crypto")
    bot.process.start()
    bot.process.wait_log("crypto store of device")
    answer = await elke.command(room, "!gruppe", bot.user_id)
    if "Lenkungsgruppe" not in answer:  # sent for the old device only: she sends it again
        assert "konnte ich nicht lesen" in answer
        answer = await elke.command(room, "!gruppe", bot.user_id)
    assert "Lenkungsgruppe" in answer
    # A member in Element's default mode reads it too, after the loss.
    plain = await uwe.command(room, "!hilfe", bot.user_id)
    if "konnte ich nicht lesen" in plain:
        plain = await uwe.command(room, "!hilfe", bot.user_id)
    assert "!termin" in plain, plain
    assert device_of(bot) != device
    seen = await elke.call("device_verification", user_id=bot.user_id,
                           device_id=device_of(bot))
    assert seen["cross_signed"] is True and seen["identity_needs_approval"] is False
    assert (await published(homeserver, elke.access_token, bot.user_id)).master == \
        identity.master
    failures = [e for e in elke.events if e["sender"] == bot.user_id and e["failure"]]
    assert not failures, failures
    assert bot.process.stop() == 0


async def test_an_identity_set_up_in_element_is_used_with_its_recovery_key_only(
    homeserver: Homeserver, element: Login, tmp_path: Path
) -> None:
    # The operator logs into the bot's account with Element and sets up recovery there.
    operator = await element("kimbot-element")
    made = await operator.call("bootstrap_recovery")
    recovery_key = str(made["recovery_key"])
    bot_user = operator.user_id
    token = operator.access_token
    before = await published(homeserver, token, bot_user)
    assert before.master is not None
    await operator.close()

    # Without its recovery key the bot works on, leaves the identity alone and says why.
    bot = start_bot(homeserver, tmp_path / "bot", "kimbot-element",
                    extra_config="[metrics]\nenabled = true\n")
    bot.process.wait_log("not cross-signed: identity set up elsewhere, recovery key not given")
    assert await cross_signed_metric(bot, 0) == 0
    config = str(bot.directory / "config.toml")
    code, output = await kimbot("doctor", "-c", config)
    assert code == 1, output
    assert "FAIL  device cross-signed" in output and "recovery_key_file" in output
    assert (await published(homeserver, token, bot_user)).master == before.master
    elke = await element("elke2", isolation="all")
    room = await room_with(elke, bot.user_id)
    assert "ist eingerichtet" in await elke.command(room, "!einrichten Lenkungsgruppe",
                                                    bot.user_id), "default mode still works"
    assert bot.process.stop() == 0

    # A wrong key: a clear error, the identity untouched.
    key_file = bot.directory / "data" / "recovery-key"
    key_file.write_text(encode_recovery_key(bytes(range(32))) + "\n")
    key_file.chmod(0o600)
    bot.process.start()
    bot.process.wait_log("recovery key does not fit the account's secret storage")
    assert (await published(homeserver, token, bot_user)).master == before.master
    assert bot.process.stop() == 0

    # Element's recovery key: the device is signed by Element's identity.
    key_file.write_text(recovery_key + "\n")
    bot.process.start()
    bot.process.wait_log("signed by the bot's cross-signing identity")
    assert await cross_signed_metric(bot, 1) == 1
    code, output = await kimbot("doctor", "-c", config)
    assert code == 0, output
    assert "ok    device cross-signed" in output
    assert (await published(homeserver, token, bot_user)).master == before.master
    strict = await element("frank")
    strict_room = await room_with(strict, bot_user)
    assert "ist eingerichtet" in await strict.command(strict_room, "!einrichten Lenkungsgruppe",
                                                      bot_user)
    seen = await strict.call("device_verification", user_id=bot_user,
                             device_id=device_of(bot))
    assert seen["cross_signed"] is True
    assert bot.process.stop() == 0

    # Replaced only on purpose, with the bot stopped.
    assert (await kimbot("reset-identity", "-c", config))[0] == 2
    assert (await published(homeserver, token, bot_user)).master == before.master
    code, output = await kimbot("reset-identity", "--yes", "-c", config)
    assert code == 0, output
    assert "identity as changed" in output
    after = await published(homeserver, token, bot_user)
    assert after.master is not None and after.master != before.master
    code, output = await kimbot("doctor", "-c", config)
    assert "ok    device cross-signed" in output, output
    failed = [line for line in output.splitlines() if line.startswith("FAIL")]
    assert code == 1 and [line.split(":")[0] for line in failed] == [
        "FAIL  instance", "FAIL  public url"], "only that the bot is stopped, as it is"


async def test_with_cross_signed_trust_an_unsigned_devices_vote_does_not_count(
    homeserver: Homeserver, element: Login, people: dict[str, Member], tmp_path: Path
) -> None:
    bot = start_bot(homeserver, tmp_path / "bot", "kimbot-strict-signed", trust="cross-signed")
    elke, kai = await element("elke3"), await element("kai")
    anna = people["anna"]  # matrix-nio: her device is not cross-signed
    room = await room_with(elke, bot.user_id, anna.user_id, kai.user_id)
    await anna.join(room)
    await joined(kai, room)
    await elke.wait_for(lambda e: e["room_id"] == room and e["type"] == "m.room.member"
                        and e["state_key"] == anna.user_id
                        and e["content"].get("membership") == "join")
    await elke.command(room, "!einrichten Lenkungsgruppe", bot.user_id)
    await elke.command(room, "!mitglied hinzufügen @kai:localhost org=Jobcenter", bot.user_id)
    await elke.command(room, "!mitglied hinzufügen @anna:localhost org=Sozialamt",
                       bot.user_id)
    assert "läuft" in await elke.command(room, '!abstimmung "Nur bestätigte Geräte?"',
                                         bot.user_id)
    poll_event = await elke.wait_for(lambda e: e["room_id"] == room and e["type"] == POLL_START)
    poll = await elke.call("poll", room_id=room, poll_id=poll_event["event_id"])
    answers = {a["text"]: a["id"] for a in poll["answers"]}

    # Anna, on an unsigned device, votes twice and sends a command: nothing counts, and she
    # is told once — readable on her signed devices and to the group, not on the unsigned
    # one (the bot shares no keys with it; Element asks her there to verify the session).
    await anna.answer_poll(room, poll_event["event_id"], answers["Nein"])
    told = await elke.wait_for(lambda e: e["room_id"] == room and e["sender"] == bot.user_id
                               and "nicht bestätigt" in e["content"].get("body", ""))
    assert anna.client.device_id in told["content"]["body"]
    assert "Einstellungen → Sitzungen" in told["content"]["body"]
    await anna.answer_poll(room, poll_event["event_id"], answers["Nein"])
    await anna.send(room, "!gruppe")
    # Kai's vote counts; the poll stays open for Anna's seat.
    await kai.call("vote", room_id=room, poll_id=poll_event["event_id"],
                    answers=[answers["Ja"]])
    shown = await elke.command(room, "!abstimmung zeigen 1", bot.user_id)
    assert "1 von 2" in shown, shown
    log = bot.process.log.read_text()
    assert log.count(f"device {anna.client.device_id} is not cross-signed") == 3
    notices = [e for e in elke.from_sender(room, bot.user_id)
               if "nicht bestätigt" in e["content"].get("body", "")]
    assert len(notices) == 1
    # The bot's messages are not for her unsigned device.
    assert f"not sharing keys with device {anna.client.device_id}" in log
    await anna.sync(timeout_ms=1000)
    from_bot = [e for e in anna.timeline.get(room, []) if e.get("sender") == bot.user_id
                and e.get("type") in ("m.room.encrypted", "m.room.message")]
    assert from_bot and all(e["type"] == "m.room.encrypted" for e in from_bot)

    # After a restart the bot knows again whose devices are signed: Kai's command counts.
    assert bot.process.stop() == 0
    bot.process.start()
    assert "1 von 2" in await kai.command(room, "!abstimmung zeigen 1", bot.user_id)
    assert bot.process.stop() == 0


async def log_says(bot: BotProcess, text: str, within: float = 30) -> None:
    """As `BotProcess.wait_log`, without blocking the loop (the fault proxy runs in it)."""
    for _ in range(int(within * 10)):
        if text in bot.log.read_text(errors="replace"):
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"bot log never said {text!r}")


async def test_a_homeserver_in_trouble_at_the_start_delays_the_signature_only(
    homeserver: Homeserver, element: Login, tmp_path: Path
) -> None:
    proxy = await FaultProxy(homeserver.url, seed=1, rate=0).start()
    try:
        bot_user = homeserver.register("kimbot-trouble", PASSWORD)
        directory = tmp_path / "bot"
        config = write_bot_config(directory, homeserver, bot_user, PASSWORD,
                                  homeserver_url=proxy.url)
        proxy.refuse("/account_data/", 12)  # secret storage out of reach for a while
        bot = BotProcess(config, directory / "bot.log").start()
        try:
            await log_says(bot, "Trying again later")
            assert "signed its device" not in bot.log.read_text()
            # The bot answers meanwhile (a member whose client accepts unsigned devices reads
            # it), and signs its device once the homeserver answers again.
            elke = await element("elke4", isolation="all")
            room = await room_with(elke, bot_user)
            assert "ist eingerichtet" in await elke.command(room, "!einrichten Lenkungsgruppe",
                                                            bot_user)
            await log_says(bot, "made its cross-signing identity and signed its device", 60)
            seen = await elke.call("device_verification", user_id=bot_user,
                                   device_id=json.loads((directory / "data" / "session.json")
                                                        .read_text())["device_id"])
            assert seen["cross_signed"] is True
            assert proxy.injected["refused"] > 0
            assert bot.stop() == 0
        finally:
            if bot.running():
                bot.kill()
    finally:
        await proxy.stop()


async def test_a_kill_while_the_identity_is_made_leaves_one_the_next_start_completes(
    homeserver: Homeserver, element: Login, tmp_path: Path
) -> None:
    bot_user = homeserver.register("kimbot-killed", PASSWORD)
    directory = tmp_path / "bot"
    config = write_bot_config(directory, homeserver, bot_user, PASSWORD)
    bot = BotProcess(config, directory / "bot.log")
    for fault in ("identity_stored", "identity_published"):
        bot.start(fault=fault)
        assert bot.process is not None
        assert bot.process.wait(timeout=60) == -9, f"killed at {fault}"
    bot.start()
    try:
        await log_says(bot, "signed by the bot's cross-signing identity")
        assert bot.log.read_text().count("kimbot's recovery key was written to") == 1
        strict = await element("elke5")
        room = await room_with(strict, bot_user)
        assert "ist eingerichtet" in await strict.command(room, "!einrichten Lenkungsgruppe",
                                                          bot_user)
        code, output = await kimbot("doctor", "-c", str(config))
        assert code == 0, output
        assert bot.stop() == 0
    finally:
        if bot.running():
            bot.kill()
