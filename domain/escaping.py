"""Members' texts in files the bot writes: shown as written, never read as markup or formula.

A title, an item, a decision or an organisation's name is the member's text; in a Markdown
file it must not start a heading, a list, a link or raw HTML, and in a CSV file opened in a
spreadsheet program it must not start a formula (`=`, `+`, `-`, `@`: "CSV injection").
"""

from __future__ import annotations

import re

#: Characters that are syntax wherever they stand (emphasis, code, links, images, HTML,
#: entities, tables, strike-through).
_INLINE = re.compile(r"([\\`*_\[\]<>!&|~])")
#: What is syntax only at the start of a line: headings, quotes, list items, setext lines.
_LINE_START = re.compile(r"^([#>+\-=]|\d{1,9}(?=[.)]))")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def markdown_text(value: str) -> str:
    """`value` as literal Markdown text on one line: white space (line breaks, indentation)
    becomes single spaces, and what Markdown could read as syntax is escaped with a
    backslash — everywhere for inline syntax, at the start for block syntax (the text may
    stand at the start of a line)."""
    text = _INLINE.sub(r"\\\1", " ".join(value.split()))
    start = _LINE_START.match(text)
    if start is None:
        return text
    if start.group(1)[0].isdigit():  # "1." or "1)" starts an ordered list
        end = start.end()
        return f"{text[:end]}\\{text[end:]}"
    return "\\" + text


def spreadsheet_cell(value: str) -> str:
    """`value` for a CSV cell: one that a spreadsheet would read as a formula gets a leading
    apostrophe, which spreadsheets show as text and do not display."""
    return f"'{value}" if value.startswith(_FORMULA_START) else value
