"""`make test-image`: the built image runs the bot as an operator would run the container —
its `kimbot run` with the configuration mounted read-only and the data directory as a volume
— against a throwaway Synapse. It answers `!hilfe` in a room, a group set up survives a
restart in a new container (the data lives in the volume, not in the container), and the
image runs as its non-root user.

    python -m tests.image [--image localhost/kimbot:latest]

The container runs through `buildah run --isolation chroot` on the host's network (no Docker
daemon needed; root, as CI is). Exits 1 on any failure, naming it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.faults.kills import PASSWORD, from_bot, register, wait_for, wait_until
from tests.support.synapse import Homeserver, free_port

#: The uid the image's `kimbot` user has (Dockerfile): the volume must be writable for it.
IMAGE_UID = 10001


class Container:
    """One `buildah run` of the image's `kimbot run`, in a container of its own."""

    def __init__(self, image: str, data: Path, config: Path, log: Path) -> None:
        self.name = subprocess.run(["buildah", "from", "--quiet", image], check=True,
                                   capture_output=True, text=True).stdout.strip()
        self.log = log
        self.process = subprocess.Popen(
            ["buildah", "run", "--isolation", "chroot", "-v", f"{data}:/data",
             "-v", f"{config.parent}:/config:ro", self.name, "--",
             "kimbot", "run", "--config", "/config/config.toml"],
            stdout=open(log, "ab"), stderr=subprocess.STDOUT,  # noqa: SIM115
            start_new_session=True)

    def stop(self) -> int:
        """SIGTERM to the bot, as `docker stop` sends it to the container's first process;
        the bot's exit code (`buildah run` passes it on)."""
        found = subprocess.run(["pgrep", "-s", str(self.process.pid), "-x", "kimbot"],
                               capture_output=True, text=True, check=False).stdout.split()
        for pid in found:
            os.kill(int(pid), signal.SIGTERM)
        if not found:
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            code = self.process.wait(timeout=60)
        finally:
            subprocess.run(["buildah", "rm", self.name], capture_output=True, check=False)
        return code


async def check(image: str, directory: Path) -> list[str]:
    problems: list[str] = []
    server = Homeserver(directory / "synapse")
    server.start()
    try:
        coordinator = await register(server, "koordination")
        bot_user = await asyncio.to_thread(server.register, "kimbot-image", PASSWORD)
        data, config = directory / "data", directory / "config" / "config.toml"
        data.mkdir()
        os.chown(data, IMAGE_UID, IMAGE_UID)
        config.parent.mkdir()
        port = free_port()
        config.write_text(f"""[matrix]
homeserver = "{server.url}"
user_id = "{bot_user}"
password = "{PASSWORD}"
sync_timeout_ms = 5000
[bot]
data_dir = "/data"
[http]
bind = "127.0.0.1"
port = {port}
public_url = "http://127.0.0.1:{port}"
""")
        log = directory / "bot.log"
        started = time.monotonic()
        container = Container(image, data, config, log)
        room_id = await coordinator.create_room([bot_user], "Bildprobe")
        await wait_until(lambda: coordinator.joined(room_id), lambda j: bot_user in j, 120)
        await coordinator.say(room_id, "!hilfe")
        if not await wait_for(coordinator, room_id, from_bot(bot_user, "Befehle"), 60):
            problems.append("no answer to !hilfe")
        print(f"answered !hilfe {time.monotonic() - started:.1f} s after the start")
        await coordinator.say(room_id, "!einrichten Bildprobe")
        if not await wait_for(coordinator, room_id, from_bot(bot_user, "eingerichtet"), 60):
            problems.append("no answer to !einrichten")
        if (code := container.stop()) != 0:
            problems.append(f"the container's bot exited {code} on SIGTERM")
        kept = sorted(path.name for path in data.iterdir())
        print(f"the volume holds: {', '.join(kept)}")
        if "kimbot.db" not in kept or "session.json" not in kept:
            problems.append(f"the data directory lacks the database or the session: {kept}")
        if any(path.stat().st_uid != IMAGE_UID for path in data.iterdir()):
            problems.append("files in the volume belong to another user than kimbot's")

        container = Container(image, data, config, log)
        await coordinator.say(room_id, "!gruppe")
        if not await wait_for(coordinator, room_id, from_bot(bot_user, "Gruppe „Bildprobe“"), 90):
            problems.append("after a restart in a new container the group was gone")
        if (code := container.stop()) != 0:
            problems.append(f"the restarted bot exited {code} on SIGTERM")
        if problems:
            print(log.read_text(errors="replace")[-3000:])
        await coordinator.close()
    finally:
        server.stop()
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.image")
    parser.add_argument("--image", default=os.environ.get("IMAGE", "localhost/kimbot:latest"))
    args = parser.parse_args()
    if shutil.which("buildah") is None or os.geteuid() != 0:
        print("test-image skipped: it needs buildah (apt-get install buildah) and root")
        sys.exit(1)
    directory = Path(tempfile.mkdtemp(prefix="kimbot-image-"))
    os.chmod(directory, 0o755)
    try:
        problems = asyncio.run(check(args.image, directory))
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    for problem in problems:
        print(f"FAILED: {problem}")
    print("the image works" if not problems else "FAILED")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
