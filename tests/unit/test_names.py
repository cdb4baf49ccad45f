"""How people are named: the name given wins, a Matrix display name that says nothing does
not count."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from domain.names import NAME_LENGTH, clean_name, matrix_display_name, shown_name


def test_a_display_name_that_is_only_the_localpart_names_no_one() -> None:
    assert matrix_display_name("@anna:stadt.example", "anna") is None
    assert matrix_display_name("@anna:stadt.example", "Anna") is None
    assert matrix_display_name("@anna:stadt.example", "@anna:stadt.example") is None
    assert matrix_display_name("@anna:stadt.example", "  ") is None
    assert matrix_display_name("@anna:stadt.example", None) is None
    assert matrix_display_name("@aweber:stadt.example", "Dr. Anna  Weber") == "Dr. Anna Weber"


def test_the_given_name_wins_then_the_matrix_name_then_the_id() -> None:
    assert shown_name("@a:x", "Frau Dr. Weber", "Anna W.") == "Frau Dr. Weber"
    assert shown_name("@a:x", None, "Anna W.") == "Anna W."
    assert shown_name("@a:x", None, None) == "@a:x"


@given(st.text(max_size=500))
def test_a_cleaned_name_is_one_printable_line_of_bounded_length(value: str) -> None:
    name = clean_name(value)
    if name is not None:
        assert name == name.strip() and len(name) <= NAME_LENGTH
        assert "\n" not in name and "\r" not in name and "  " not in name
        assert all(c.isprintable() or c == " " for c in name)
