"""`make demo`: a throwaway Synapse, the bot, and a demo group you can log into.

Everything lives in ./demo and is removed at the next start. The group is set up the way a
coordinator would do it: by commands in the room, through a real Matrix client.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shutil
import signal
import socket
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tests.support.botprocess import BotProcess, write_bot_config
from tests.support.members import Member
from tests.support.synapse import REPO, Homeserver

DEMO = REPO / "demo"
PASSWORD = "demo-passwort"
MEMBERS = {
    "anna": '!mitglied hinzufügen @anna:localhost org="Jobcenter" role=member',
    "ben": '!mitglied hinzufügen @ben:localhost org="Jobcenter" deputy-of=@anna:localhost',
    "carla": '!mitglied hinzufügen @carla:localhost org="Sozialamt" role=chair',
    "deniz": '!mitglied hinzufügen @deniz:localhost org="Caritasverband" role=member',
    "emil": '!mitglied hinzufügen @emil:localhost org="BAMF Regionalkoordination" role=advisor',
}


def _port(preferred: int) -> int:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", preferred))
            return preferred
        except OSError:
            sock.bind(("127.0.0.1", 0))
            return int(sock.getsockname()[1])


async def build_group(server: Homeserver, bot_user: str) -> str:
    coordinator = await Member(server.url, "@koordination:localhost", PASSWORD).login()
    # Encrypted, as Element creates a private room.
    room_id = await coordinator.create_room(
        [bot_user, *(f"@{name}:localhost" for name in MEMBERS)], name="Lenkungsgruppe KIM (Demo)",
        encrypted=True,
    )
    for name in MEMBERS:
        member = await Member(server.url, f"@{name}:localhost", PASSWORD).login()
        await member.join(room_id)
        await member.close()
    await coordinator.wait_for_join(room_id, bot_user, within=60)
    meeting = (datetime.now(ZoneInfo("Europe/Berlin")) + timedelta(days=10)).strftime("%d.%m.%Y")
    setup = [
        '!einrichten "Lenkungsgruppe KIM Musterstadt"',
        *MEMBERS.values(),
        f'!termin ansetzen {meeting} 14:00 location="Rathaus, Raum 101"',
        '!abstimmung "Soll das Integrationszentrum den Sprachkursbericht beauftragen?" '
        "deadline=3d",
        "!gruppe ändern publish=public",
    ]
    for command in setup:
        reply = await coordinator.command(room_id, command, bot_user)
        answer = "\n      ".join(line for line in reply.body.splitlines() if line.strip())
        print(f"  {command}\n    → {answer}")
    await coordinator.close()
    return room_id


def main() -> None:
    # The demo's own coordinator client (encrypting, like a member's) warns about every device
    # it has no session with yet while it sets the group up: normal, but it reads like an error.
    logging.getLogger("nio.crypto").setLevel(logging.ERROR)
    shutil.rmtree(DEMO, ignore_errors=True)
    server = Homeserver(DEMO / "synapse", port=_port(8008))
    print(f"Starting Synapse on {server.url} …")
    server.start()
    bot_user = server.register("kimbot", PASSWORD)
    server.register("koordination", PASSWORD)
    for name in MEMBERS:
        server.register(name, PASSWORD)
    feeds = _port(8080)
    config = write_bot_config(DEMO / "bot", server, bot_user, PASSWORD, http_port=feeds,
                              poll_status_seconds=5)
    bot = BotProcess(config, DEMO / "bot.log").start()
    try:
        print("Setting up the demo group …")
        room_id = asyncio.run(build_group(server, bot_user))
        print(
            "\nkimbot is running. Log in with any Matrix client (e.g. Element Desktop):\n"
            f"  Homeserver:  {server.url}\n"
            f"  Users:       koordination (Geschäftsstelle), {', '.join(MEMBERS)}\n"
            f"  Password:    {PASSWORD}\n"
            f"  Room:        Lenkungsgruppe KIM (Demo)  {room_id}\n"
            f"  Feeds:       http://127.0.0.1:{feeds} (links per !kalender)\n"
            f"  Web:         http://127.0.0.1:{feeds}/web/ and "
            f"http://127.0.0.1:{feeds}/oparl/v1/system (published with !gruppe ändern)\n"
            "Try !hilfe, !mitglied liste, !termin liste, !status, a click on the poll (its status "
            "message follows), ✅ on the invitation, !termin beginnen 1 to hold the meeting in "
            "the room.\nBot log: demo/bot.log. Stop with Ctrl-C.\n"
        )
        stop = asyncio.Event()

        async def wait() -> None:
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(sig, stop.set)
            while not stop.is_set() and bot.running():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=1)

        asyncio.run(wait())
    finally:
        if bot.running():
            bot.stop()
        server.stop()
        print("Demo stopped.")


if __name__ == "__main__":
    main()
