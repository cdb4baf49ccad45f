import pytest
from hypothesis import given
from hypothesis import strategies as st

from commands.framework.tokens import Token, tokenize
from domain.errors import UserError


def test_words_split_on_whitespace() -> None:
    assert [t.text for t in tokenize("member  add\t@a:b")] == ["member", "add", "@a:b"]


@pytest.mark.parametrize(
    ("line", "text"),
    [
        ('"Lenkungsgruppe KIM"', "Lenkungsgruppe KIM"),
        ("„Lenkungsgruppe KIM“", "Lenkungsgruppe KIM"),
        ("“Lenkungsgruppe KIM”", "Lenkungsgruppe KIM"),
        ("«Lenkungsgruppe KIM»", "Lenkungsgruppe KIM"),
    ],
)
def test_quoted_strings_are_one_word(line: str, text: str) -> None:
    assert tokenize(line) == [Token(text, quoted=True)]


def test_key_value_with_quoted_value() -> None:
    assert tokenize('org="Freie Wohlfahrtspflege" role=member') == [
        Token("Freie Wohlfahrtspflege", key="org", quoted=True),
        Token("member", key="role"),
    ]


def test_german_quotes_in_value_and_underscore_key() -> None:
    assert tokenize("deputy_of=„@a:b“") == [Token("@a:b", key="deputy-of", quoted=True)]


def test_quoted_word_is_never_a_key() -> None:
    assert tokenize('"a=b"') == [Token("a=b", quoted=True)]


def test_unclosed_quote_is_a_user_error() -> None:
    with pytest.raises(UserError) as error:
        tokenize('setup "Lenkungsgruppe')
    assert error.value.key == "parse.unclosed_quote"


@given(st.text())
def test_any_text_tokenizes_or_names_the_quote(line: str) -> None:
    try:
        tokens = tokenize(line)
    except UserError as error:
        assert error.key == "parse.unclosed_quote"
    else:
        assert all(t.text or t.quoted or t.key for t in tokens)
