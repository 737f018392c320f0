"""The one policy (access-model issue, point 1): an allow-list from principal and action.

Property tests walk every action of the table with principals drawn at random: an unknown role
is refused everything that is not public, a token never reaches an action its scopes do not
name, a county sub-branch never reaches a city-only action, money never moves without a
second factor.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beizeng.access.errors import ActionRefused, NotSignedIn, SecondFactorRequired
from beizeng.access.policy import ACTIONS, authorize, decide
from beizeng.access.principal import ROLE_SCOPES, ROLES, TOKEN_SCOPES, Principal


def _principal(role: str, **kw: object) -> Principal:
    return Principal(user_id=1, username="u", display_name="u", role=role, **kw)  # type: ignore[arg-type]


actions = st.sampled_from(sorted(ACTIONS))
roles = st.sampled_from(sorted(ROLES))
scope_sets = st.frozensets(st.sampled_from(sorted(TOKEN_SCOPES)))


@given(action=actions, role=st.text(min_size=1, max_size=12).filter(lambda r: r not in ROLES))
def test_an_unknown_role_is_refused_every_action_that_is_not_public(action: str, role: str) -> None:
    decision = decide(_principal(role), action)
    assert decision.allowed is ACTIONS[action].public


@given(action=actions, role=roles, scopes=scope_sets)
def test_a_token_reaches_an_action_only_through_its_scope(
    action: str, role: str, scopes: frozenset[str]
) -> None:
    rule = ACTIONS[action]
    token = _principal(role, scopes=scopes)
    if decide(token, action).allowed and not rule.any_scope:
        assert rule.scope is not None and rule.scope in scopes
    # …and a token is never wider than the session of the same person.
    if decide(token, action).allowed:
        assert decide(_principal(role), action).allowed


@given(action=actions, second=st.booleans())
def test_a_county_sub_branch_never_reaches_a_city_only_action(action: str, second: bool) -> None:
    county = _principal("pboc", county_code="141123", second_factor=second)
    if ACTIONS[action].city:
        assert not decide(county, action).allowed


@given(action=actions, role=roles)
def test_money_never_moves_without_a_second_factor(action: str, role: str) -> None:
    if ACTIONS[action].second_factor:
        assert not decide(_principal(role, second_factor=False), action).allowed


def test_every_role_may_hold_only_scopes_that_exist() -> None:
    assert set(ROLE_SCOPES) == set(ROLES)
    for scopes in ROLE_SCOPES.values():
        assert scopes <= set(TOKEN_SCOPES)


def test_refusals_say_why_in_chinese() -> None:
    with pytest.raises(NotSignedIn):
        authorize(None, "demand.read")
    authorize(None, "product.browse")  # public: nobody signed in may browse the catalogue
    bank = _principal("bank", institution_id=1)
    with pytest.raises(ActionRefused, match="「指派融资需求」仅限人民银行、政府部门使用"):
        authorize(bank, "demand.assign")
    token = _principal("bank", institution_id=1, scopes=frozenset({"demands:read"}))
    with pytest.raises(ActionRefused, match="没有「demands:write」权限"):
        authorize(token, "demand.message")
    with pytest.raises(ActionRefused, match="API 令牌不能用于「管理 API 令牌」"):
        authorize(token, "token.manage")
    authorize(token, "account.me")  # any token may ask who it is
    pboc = _principal("pboc")
    with pytest.raises(SecondFactorRequired, match="动态口令"):
        authorize(pboc, "relending.approve")
    authorize(_principal("pboc", second_factor=True), "relending.approve")
    with pytest.raises(ActionRefused, match="由人民银行吕梁市分行办理"):
        authorize(_principal("pboc", county_code="141123"), "calendar.load")


def test_an_undeclared_action_is_a_programming_error() -> None:
    with pytest.raises(KeyError):
        decide(_principal("pboc"), "no.such.action")
