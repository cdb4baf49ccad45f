"""The published pages as a reader's browser shows them, for the handbook: a small group's
meeting page and its Beschlussbuch, served by the bot's own HTTP server and drawn by Debian's
Chromium (through Playwright). `python -m tests.support.web_images` writes them to
docs/images/web-*.png, the pictures the handbook falls back to where Chromium is missing."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from pathlib import Path

from storage import Database
from tests.storage.test_web import held_meeting, publish, serve
from tests.support.commands import Runner

IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
#: Picture → the page it shows.
PAGES = {"web-termin": "/web/1/meeting/1", "web-beschluesse": "/web/1/decisions"}


async def web_pictures(directory: Path) -> dict[str, bytes] | None:
    """Each page's picture; None where Chromium is not installed."""
    if CHROMIUM is None:
        return None
    from playwright.async_api import async_playwright

    database = Database(f"sqlite+aiosqlite:///{directory / 'kimbot.db'}")
    await database.migrate()
    try:
        run = Runner(database)
        await held_meeting(run)
        await publish(run, "public", names="ja")
        async with serve(database, run) as served, async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM)
            try:
                page = await browser.new_page(viewport={"width": 1000, "height": 900},
                                              locale="de-DE")
                shown = {}
                for name, path in PAGES.items():
                    await page.goto(served.url + path)
                    shown[name] = await page.screenshot()
                return shown
            finally:
                await browser.close()
    finally:
        await database.dispose()


def main() -> None:
    with tempfile.TemporaryDirectory() as directory:
        found = asyncio.run(web_pictures(Path(directory)))
    if found is None:
        raise SystemExit("chromium is not installed (Debian: apt-get install chromium)")
    for name, png in found.items():
        (IMAGES / f"{name}.png").write_bytes(png)
        print(f"docs/images/{name}.png")


if __name__ == "__main__":
    main()
