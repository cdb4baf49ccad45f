"""Page 1 of each paper the bot files, as the README and the handbook show it: `python -m
tests.support.paper_images` writes docs/images/{einladung,niederschrift,beschlussbuch}.png from
a small group's work on a throwaway SQLite database (poppler's pdftoppm draws the pages)."""

from __future__ import annotations

import asyncio
import tempfile
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from storage import Database
from storage.models import OutboxMessage
from tests.storage.test_minutes_approval import held_and_ended
from tests.storage.test_records_pdf import attachments
from tests.support.commands import NOW, Runner
from tests.support.pdf_layout import first_page_png

IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"


async def papers(directory: Path) -> dict[str, bytes]:
    database = Database(f"sqlite+aiosqlite:///{directory / 'kimbot.db'}")
    await database.migrate()
    try:
        run = Runner(database)
        await held_and_ended(run)
        await run("@anna:x", '!niederschrift einwand 1 "Unter TOP 1 fehlt der Hinweis auf die '
                             'Kinderbetreuung."')
        await run("@coord:x", "!termin niederschrift 1 pdf")
        run.now = NOW + timedelta(days=1)
        await run("@coord:x", '!termin ansetzen 10.12.2026 14:00 title="Lenkungsgruppe '
                              'Dezember" location="Rathaus, Raum 214"')
        await run("@coord:x", "!termin tagesordnung 2 hinzufügen Haushalt 2028")
        await run("@coord:x", "!beschluss erfassen Das Konzept wird vorgelegt. org=Jobcenter "
                              "due=1.3.2027")
        await run("@anna:x", "!beschluss exportieren pdf")
        await run("@anna:x", "!bericht beteiligung 1.1.2026 31.12.2026")
        files = await attachments(database, (".pdf",))
        async with database.unit_of_work() as uow:
            chart = next(m.attachment for m in (await uow.session.scalars(
                select(OutboxMessage))).all() if m.content.get("msgtype") == "m.image")
        assert chart is not None, "the participation report posts its chart"
    finally:
        await database.dispose()
    return {
        "einladung": files["einladung-2-2026-12-10.pdf"],
        "niederschrift": files["niederschrift-1-2026-11-25.pdf"],
        "beschlussbuch": next(data for name, data in files.items()
                              if name.startswith("beschluesse")),
        "beteiligung": chart,
    }


def main() -> None:
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as directory:
        found = asyncio.run(papers(Path(directory)))
    for name, data in found.items():
        if name == "beteiligung":
            continue  # a chart, not a paper: the handbook shows it, the README does not
        png = first_page_png(data, resolution=60)
        if png is None:
            raise SystemExit("pdftoppm is not installed (Debian: poppler-utils)")
        (IMAGES / f"{name}.png").write_bytes(png)
        print(f"docs/images/{name}.png")


if __name__ == "__main__":
    main()
