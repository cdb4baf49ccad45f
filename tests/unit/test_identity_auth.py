"""How the bot answers the homeserver's user-interactive auth when it publishes its
cross-signing keys: the password where a flow offers it, the browser approval of the Matrix
Authentication Service named with its URL, never a misleading "give the password"."""

from __future__ import annotations

import pytest

from bot.matrix.identity import ApprovalNeeded, IdentityError, uia_auth

USER = "@kimbot:example.org"
SYNAPSE = {"session": "abc", "flows": [{"stages": ["m.login.password"]}], "params": {}}
#: What MAS answers (via Synapse's MSC3861 delegation) for a cross-signing reset.
MAS = {"session": "s1", "flows": [{"stages": ["org.matrix.cross_signing_reset"]}],
       "params": {"org.matrix.cross_signing_reset": {
           "url": "https://auth.example.org/account/?action=org.matrix.cross_signing_reset"}},
       "msg": "To reset your end-to-end encryption cross-signing identity, you first need to "
              "approve it and then try again."}


def test_the_password_answers_a_password_flow_with_its_session() -> None:
    assert uia_auth(SYNAPSE, USER, "pw") == {
        "type": "m.login.password", "identifier": {"type": "m.id.user", "user": USER},
        "password": "pw", "session": "abc"}


def test_without_a_password_the_operator_is_told_what_to_set() -> None:
    with pytest.raises(IdentityError, match=r"\[matrix\] password"):
        uia_auth(SYNAPSE, USER, None)


@pytest.mark.parametrize("password", [None, "pw"])
def test_behind_mas_the_approval_url_is_named_not_the_password(password: str | None) -> None:
    with pytest.raises(ApprovalNeeded) as raised:
        uia_auth(MAS, USER, password)
    assert raised.value.url == MAS["params"]["org.matrix.cross_signing_reset"]["url"]
    assert raised.value.url in str(raised.value)
    assert "password" not in str(raised.value)


def test_an_approval_without_url_still_says_where_to_go() -> None:
    challenge = {"flows": [{"stages": ["org.matrix.cross_signing_reset"]}]}
    with pytest.raises(ApprovalNeeded, match="authentication service"):
        uia_auth(challenge, USER, "pw")


def test_stages_the_bot_cannot_do_are_named() -> None:
    challenge = {"flows": [{"stages": ["m.login.sso"]}, {"stages": ["m.login.email.identity",
                                                                    "m.login.recaptcha"]}]}
    with pytest.raises(IdentityError, match=r"m\.login\.sso, m\.login\.email\.identity\+"):
        uia_auth(challenge, USER, "pw")
