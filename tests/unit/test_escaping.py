"""Members' texts in Markdown and CSV files stay text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from domain.escaping import markdown_text, spreadsheet_cell

MARKDOWN = MarkdownIt("commonmark")


# Control characters never reach a stored text: the tokenizer drops them from command lines.
@given(st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=80))
def test_any_text_renders_as_one_paragraph_of_itself(value: str) -> None:
    """Whatever a member writes, a Markdown renderer shows one paragraph of plain text — no
    heading, list, link, code or HTML — with the member's characters."""
    tokens = MARKDOWN.parse(markdown_text(value))
    kinds = {t.type for t in tokens} - {"paragraph_open", "paragraph_close", "inline"}
    assert kinds == set(), (value, kinds)
    inline = [c for t in tokens if t.type == "inline" for c in (t.children or [])]
    assert {c.type for c in inline} <= {"text"}, (value, inline)
    assert "".join(c.content for c in inline) == " ".join(value.split())


def test_injections_stay_text() -> None:
    assert markdown_text("# Gefälscht\n[klick](javascript:alert(1)) <script>") == (
        "\\# Gefälscht \\[klick\\](javascript:alert(1)) \\<script\\>")
    assert markdown_text("3. Dezember 2026") == "3\\. Dezember 2026"
    assert markdown_text("Sitzung am 3.12.2026") == "Sitzung am 3.12.2026", "readable as a file"
    assert spreadsheet_cell("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert spreadsheet_cell("-1") == "'-1" and spreadsheet_cell("Beschluss") == "Beschluss"
