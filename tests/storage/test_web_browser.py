"""The published pages in a real browser — Debian's Chromium, driven by Playwright — as a
reader meets them: what the database holds is on the page, each page type renders (a
screenshot that is not blank), axe-core finds no WCAG 2.1 AA violation, and a phone's width
needs no sideways scrolling.

Needs `chromium` (Debian's package; `.ci/run` installs it) and axe-core (npm, installed by
`make test` into tests/support/browser); without either, the tests say which is missing."""

from __future__ import annotations

import io
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from storage import Database
from tests.storage.test_web import Served, held_meeting, publish, serve
from tests.support.commands import Runner

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
AXE = Path(__file__).parents[1] / "support" / "browser" / "node_modules" / "axe-core" / "axe.min.js"

pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason=(
        "skipped: Debian's chromium is not installed (apt-get install chromium; .ci/run does)")),
    pytest.mark.skipif(not AXE.exists(), reason=(
        "skipped: axe-core is not installed (make test runs npm ci in tests/support/browser)")),
]

#: Page → what of the database it must show.
PAGES = {
    "/web/": ["Lenkungsgruppe"],
    "/web/1/": ["Lenkungsgruppe Dezember", "Caritasverband", "Anna Aschenbrenner"],
    "/web/1/meetings": ["Lenkungsgruppe November", "Lenkungsgruppe Dezember",
                        "Rathaus, Raum 101", "durchgeführt", "terminiert"],
    "/web/1/meeting/1": ["TOP 1: Bericht der Geschäftsstelle", "TOP 2: Haushalt 2027",
                         "Der Bericht wird zur Kenntnis genommen.", "Haushalt 2027 beschließen?",
                         "Frau Czerny berichtet über die Sprachkurse.", "Sozialamt"],
    "/web/1/decisions": ["Beschluss 2026/001", "Beschluss 2026/003",
                         "Die Geschäftsordnung gilt ab 2027."],
}

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(params=["sqlite"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """In the browser on SQLite alone: the record is read the same way on both databases
    (tests/storage/test_web.py runs on both)."""
    return f"sqlite+aiosqlite:///{tmp_path / 'kimbot.db'}"


@pytest.fixture
async def served(database: Database) -> AsyncIterator[Served]:
    run = Runner(database)
    await held_meeting(run)
    await publish(run, "public", names="ja")
    async with serve(database, run) as served:
        yield served


@pytest.fixture
async def browser() -> AsyncIterator[Any]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=CHROMIUM)
        try:
            yield launched
        finally:
            await launched.close()


def _not_blank(png: bytes) -> bool:
    image = Image.open(io.BytesIO(png)).convert("L")
    colours = image.getcolors(maxcolors=1 << 16) or []
    return len(colours) > 20


async def test_every_page_type_shows_the_record_and_passes_axe(served: Served,
                                                                browser: Any) -> None:
    # The pages forbid scripts (CSP); axe is put in by the test, past that policy.
    context = await browser.new_context(bypass_csp=True, locale="de-DE")
    page = await context.new_page()
    for path, texts in PAGES.items():
        response = await page.goto(served.url + path)
        assert response is not None and response.status == 200, path
        shown = await page.inner_text("main")
        missing = [text for text in texts if text not in shown]
        assert missing == [], (path, missing)
        assert await page.get_attribute("html", "lang") == "de"
        assert await page.locator("main h1").count() == 1, path
        assert _not_blank(await page.screenshot(full_page=True)), path
        await page.add_script_tag(path=str(AXE))
        result = await page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_AA)
        violations = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3])
                      for v in result["violations"]]
        assert violations == [], (path, violations)
    await context.close()


async def test_readable_on_a_phone_and_keyboard_focus_is_visible(served: Served,
                                                                 browser: Any) -> None:
    context = await browser.new_context(viewport={"width": 360, "height": 740},
                                        device_scale_factor=2, is_mobile=True)
    page = await context.new_page()
    for path in PAGES:
        await page.goto(served.url + path)
        overflow = await page.evaluate(
            "() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (path, overflow)
    await page.goto(served.url + "/web/1/decisions")
    await page.keyboard.press("Tab")  # the skip link comes first
    focused = await page.evaluate("() => document.activeElement.textContent")
    assert focused == "Zum Inhalt springen"
    outline = await page.evaluate(
        "() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    await page.fill("#q", "Geschäftsordnung")
    await page.press("#q", "Enter")
    await page.wait_for_url("**/decisions?q=*")
    assert "Die Geschäftsordnung gilt ab 2027." in await page.inner_text("main")
    assert "Der Bericht wird zur Kenntnis genommen." not in await page.inner_text("main")
    await context.close()
