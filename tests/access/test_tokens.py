"""API tokens that cannot grow (access-model issue, point 2): never wider than the owner's role,
never longer than ``token_max_days``, never made by a token; provisioned from the command line
for a bank's system (``beizeng users token create|list|revoke``)."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from beizeng import db
from beizeng.access.errors import ActionRefused
from beizeng.access.principal import Principal
from beizeng.account import service as accounts
from beizeng.account.errors import AccountInvalid, TokenInvalid
from beizeng.kit.clock import SystemClock
from beizeng.models.account import ApiToken
from tests.account.factories import NOW, PASSWORD, create_bank_user, create_user
from tests.conftest import CliResult


def _create(
    session: Session, owner: Principal, scopes: frozenset[str], *, days: int, name: str = "x"
) -> tuple[ApiToken, str]:
    return accounts.create_token(
        session, principal=owner, name=name, scopes=scopes, days=days, max_days=90, now=NOW
    )


def test_a_token_has_only_scopes_its_owners_role_reaches(session: Session) -> None:
    insurer = create_user(
        session, "insurer", institution_code=create_bank_user(session).institution_code
    )
    with pytest.raises(AccountInvalid, match="不能具有权限范围：demands:read"):
        _create(session, insurer, frozenset({"demands:read", "products:read"}), days=30, name="x")
    _, plain = _create(session, insurer, frozenset({"products:write"}), days=30, name="x")
    assert accounts.token_principal(session, token=plain, now=NOW).scopes == {"products:write"}


def test_a_token_lives_no_longer_than_the_setting_allows(session: Session) -> None:
    bank = create_bank_user(session)
    with pytest.raises(AccountInvalid, match="1–90 天"):
        _create(session, bank, frozenset({"demands:read"}), days=91, name="x")
    token, _ = _create(session, bank, frozenset({"demands:read"}), days=90, name="x")
    assert token.expires_at - NOW == timedelta(days=90)


def test_a_token_cannot_make_revoke_or_list_tokens(session: Session) -> None:
    bank = create_bank_user(session)
    parent, plain = _create(session, bank, frozenset({"demands:read"}), days=30, name="x")
    as_token = accounts.token_principal(session, token=plain, now=NOW)
    with pytest.raises(ActionRefused, match="API 令牌不能用于"):
        _create(session, as_token, frozenset({"demands:read"}), days=30, name="child")
    with pytest.raises(ActionRefused):
        accounts.revoke_token(session, principal=as_token, token_id=parent.id, now=NOW)
    with pytest.raises(ActionRefused):
        accounts.list_tokens(session, principal=as_token)


def test_an_administrator_provisions_lists_and_revokes_a_token_from_the_command_line(
    cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    made = cli(
        "users",
        "create",
        "--role",
        "pboc",
        "--county",
        "141123",
        "--username",
        "xingxian",
        "--password-stdin",
    )
    assert made.exit_code == 0, made.stderr
    listed = cli("users", "list")
    assert "兴县支行" in listed.stdout

    created = cli(
        "users",
        "token",
        "create",
        "--username",
        "xingxian",
        "--scopes",
        "demands:read",
        "--days",
        "30",
        "--name",
        "监测系统",
    )
    assert created.exit_code == 0, created.stderr
    plain = created.stdout.strip()
    assert plain.startswith("bz_") and "\n" not in plain  # the token alone on stdout
    with db.session_scope() as session:
        principal = accounts.token_principal(session, token=plain, now=SystemClock().now())
        assert principal.scopes == {"demands:read"} and principal.county_code == "141123"

    listing = cli("users", "token", "list", "--username", "xingxian")
    assert listing.exit_code == 0 and plain[:11] in listing.stdout and plain not in listing.stdout
    assert "有效" in listing.stdout

    too_wide = cli(
        "users", "token", "create", "--username", "xingxian", "--scopes", "demands:write"
    )
    assert too_wide.exit_code == 1 and "不能具有权限范围" in too_wide.stderr
    too_long = cli(
        "users",
        "token",
        "create",
        "--username",
        "xingxian",
        "--scopes",
        "demands:read",
        "--days",
        "366",
    )
    assert too_long.exit_code == 1 and "1–90 天" in too_long.stderr

    with db.session_scope() as session:
        token_id = accounts.all_tokens(session, username="xingxian")[0].token.id
    revoked = cli("users", "token", "revoke", str(token_id))
    assert revoked.exit_code == 0
    with db.session_scope() as session, pytest.raises(TokenInvalid):
        accounts.token_principal(session, token=plain, now=SystemClock().now())
    assert "已撤销" in cli("users", "token", "list").stdout
    assert cli("users", "token", "revoke", "99999").exit_code == 1
