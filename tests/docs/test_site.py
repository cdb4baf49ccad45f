"""The handbook as built (`mkdocs build --strict`, as `make docs` does): it builds without a
warning, its references name every command (with its example and the bot's answer to it),
configuration key and metric the code has and none it lacks, and every link inside the built
site leads to a page and anchor that exist."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from commands import build_command_tree
from commands.framework.usage import usage
from domain.group import Language
from i18n import Renderer

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "docs" / "hooks"))
import references  # noqa: E402


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("site")
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(target)],
        cwd=ROOT, capture_output=True, text=True, check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert built.returncode == 0, built.stderr[-3000:]
    assert "WARNING" not in built.stderr, built.stderr[-3000:]
    return target


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag == "a" and values.get("href"):
            self.links.append(str(values["href"]))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def read(page: Path) -> _Page:
    parsed = _Page()
    parsed.feed(page.read_text(encoding="utf-8"))
    return parsed


def test_every_command_is_in_the_reference_and_no_other(site: Path) -> None:
    page = read(site / "referenz" / "befehle" / "index.html")
    text = " ".join("".join(page.text).split())
    listed = [spec for spec in build_command_tree().specs if spec.listed]
    assert {i for i in page.ids if i.startswith("befehl-")} == \
        {references.anchor(spec) for spec in listed}
    german, english = Renderer(Language.DE, prefix="!"), Renderer(Language.EN, prefix="!")
    for spec in listed:
        for renderer in (german, english):
            assert " ".join(usage(spec, "!", renderer).split()) in text, spec.name
        example = german(f"example.{spec.help_key}").plain
        assert f"{' '.join(example.split())} — der Bot antwortet:" in text, spec.name
    # Each example's answer is shown, as the bot gave it (a refused one fails the build).
    assert text.count("— der Bot antwortet:") == len(listed)


def test_every_configuration_key_is_in_the_reference_and_no_other(site: Path) -> None:
    parsed = {(s.section, s.key) for s in references.parsed_settings()}
    documented = {(d.section, d.key) for d in references.documented_settings()}
    assert parsed == documented, "config.example.toml and the parser know other keys: " \
        f"only parsed {parsed - documented}, only in the example {documented - parsed}"
    html = (site / "referenz" / "konfiguration" / "index.html").read_text(encoding="utf-8")
    shown: set[tuple[str, str]] = set()
    for section, body in re.findall(r'<h2 id="[^"]*">\[([a-z_]+)\].*?</h2>(.*?)(?=<h2|$)',
                                    html, re.S):
        shown |= {(section, key) for key in re.findall(r"<tr>\s*<td><code>([a-z0-9_]+)</code>",
                                                        body)}
    assert shown == parsed


def test_every_metric_is_in_the_reference_and_operations_names_no_other(site: Path) -> None:
    exported = {name for name, *_ in references.metric_names()}
    page = "".join(read(site / "referenz" / "metriken" / "index.html").text)
    assert set(re.findall(r"\bkimbot_[a-z_]+", page)) == exported
    operations = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    named = {name.removesuffix("_bucket") for name in re.findall(r"\bkimbot_[a-z_]+",
                                                                  operations)}
    assert named <= exported, f"docs/operations.md names metrics the bot lacks: " \
        f"{named - exported}"


def test_every_link_inside_the_site_leads_somewhere(site: Path) -> None:
    pages = {page: read(page) for page in site.rglob("*.html")}
    broken = []
    for page, parsed in pages.items():
        for link in parsed.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith("mailto:"):
                continue
            # The 404 page links from the site's root, as it is served for any path.
            base = site if parts.path.startswith("/") else page.parent
            target = (base / unquote(parts.path).lstrip("/")).resolve() if parts.path \
                else page
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(site)}: {link}")
                continue
            if parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else read(target).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{page.relative_to(site)}: {link} (no such anchor)")
    assert not broken, "\n".join(broken[:20])


def test_the_records_of_processing_name_every_table_and_no_other(site: Path) -> None:
    from storage.data_protection import RECORDS
    from storage.models import Base

    assert set(RECORDS) == set(Base.metadata.tables), "storage/data_protection.py must " \
        "describe every table the models define, and no other"
    page = "".join(read(site / "datenschutz" / "index.html").text)
    assert {table for table in RECORDS if table in page} == set(RECORDS)
    assert references.RECORDS_MARK not in page


def test_the_readme_is_a_front_door_whose_links_lead_somewhere() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) < 150
    for target in re.findall(r"\]\(([^)\s#]+)", readme):
        if not target.startswith(("http://", "https://")):
            assert (ROOT / target).exists(), f"README links to {target}, which is not there"
