"""The Beschlusskontrolle on both databases: the open mandates decisions gave, overdue first,
with owner and due date; done ones leave the list; the Beschlussbuch carries it as an annex."""

from __future__ import annotations

import io
from datetime import timedelta

import pypdf

from storage import Database
from tests.storage.test_polls_and_decisions import group_with_seats
from tests.storage.test_records_pdf import pdfs
from tests.support.commands import Runner
from tests.support.pdf_layout import problems


async def test_open_mandates_overdue_first(database: Database) -> None:
    run = Runner(database)  # 25 November 2026
    await group_with_seats(run)
    assert "kein Auftrag offen" in await run("@anna:x", "!beschluss kontrolle")
    await run("@coord:x", "!beschluss erfassen Der Sprachkursbericht wird beauftragt. "
                          "org=Jobcenter due=31.3.2027")
    await run("@coord:x", "!beschluss erfassen Der Träger wird angesprochen. assign=@carla:x "
                          "due=1.12.2026")
    await run("@coord:x", "!beschluss erfassen Die Räume werden geprüft. org=Sozialamt")
    await run("@coord:x", "!beschluss erfassen Das Konzept wird vorgelegt. org=Jobcenter "
                          "due=1.12.2026")
    await run("@coord:x", "!punkt erledigt 4")
    await run("@coord:x", "!punkt hinzufügen Kein Auftrag aus einem Beschluss")
    run.now += timedelta(days=8)  # 3 December: the mandate due on the 1st is overdue

    listing = await run("@anna:x", "!beschluss kontrolle")
    rows = listing.splitlines()
    assert rows[0] == "Beschlusskontrolle – offene Aufträge aus Beschlüssen (3):"
    assert rows[1].startswith("• Beschluss 2026/002: Nr. 2 „Der Träger wird angesprochen.“ – "
                              "@carla:x, fällig am") and rows[1].endswith("ÜBERFÄLLIG")
    assert rows[2].startswith("• Beschluss 2026/001: Nr. 1") and "31. März 2027" in rows[2]
    assert rows[3].startswith("• Beschluss 2026/003: Nr. 3") and "ohne Frist" in rows[3]
    assert "Kein Auftrag" not in listing and "Konzept" not in listing

    await run("@anna:x", "!beschluss exportieren pdf")
    data = next(iter((await pdfs(database)).values()))
    last = pypdf.PdfReader(io.BytesIO(data)).pages[-1].extract_text()
    assert "Anlage: Beschlusskontrolle – offene Aufträge aus Beschlüssen" in last
    assert "Der Träger wird angesprochen." in last and "ÜBERFÄLLIG" in last
    assert problems(data) == []
