"""The TOTP second factor (issue 12 point 3): enrolment with a QR code, sign-in in two steps,
wrong, reused and late codes refused and counted, the reminder, the password change."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from beizeng.account import rules, service, totp
from beizeng.account.errors import (
    AccountLocked,
    CodeRejected,
    CurrentPasswordWrong,
    SignInExpired,
    TotpCodeInvalid,
    TotpStateInvalid,
)
from beizeng.errors import InvalidInput
from tests.account.factories import NOW, PASSWORD, create_user, enrol_totp
from tests.web.conftest import Platform, csrf, login, login_with_code, post_form

POLICY = service.LoginPolicy()
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def _sign_in(session: Session, username: str, password: str = PASSWORD, **kw: object) -> object:
    return service.authenticate(
        session,
        username=username,
        password=password,
        address="10.0.0.1",
        now=kw.get("now", NOW),  # type: ignore[arg-type]
        policy=POLICY,
    )


# Pure rules: no fixtures.


def test_the_provisioning_uri_names_the_issuer_and_the_user() -> None:
    uri = totp.provisioning_uri(SECRET, username="pboc1")
    assert uri.startswith("otpauth://totp/")
    assert "pboc1" in uri and f"secret={SECRET}" in uri
    assert "issuer=%E5%80%8D%E5%A2%9E%C2%B7%E5%90%95%E6%A2%81" in uri  # 倍增·吕梁


def test_the_qr_code_is_inline_svg_markup_without_script() -> None:
    svg = totp.qr_svg(totp.provisioning_uri(SECRET, username="pboc1"))
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "<script" not in svg and "<?xml" not in svg and "href" not in svg


def test_new_secrets_are_long_and_different() -> None:
    first, second = totp.new_secret(), totp.new_secret()
    assert first != second and len(first) == 32 and re.fullmatch(r"[A-Z2-7]+", first)


def test_a_code_of_the_neighbouring_step_is_accepted_and_an_older_one_not() -> None:
    step = totp.step_of(NOW)
    for offset in (-1, 0, 1):
        code = totp.code_at(SECRET, NOW + timedelta(seconds=30 * offset))
        assert totp.matching_step(SECRET, code, now=NOW) == step + offset
    stale = totp.code_at(SECRET, NOW - timedelta(seconds=90))
    assert totp.matching_step(SECRET, stale, now=NOW) is None
    assert totp.matching_step(SECRET, "12345", now=NOW) is None
    spaced = totp.code_at(SECRET, NOW)
    assert totp.matching_step(SECRET, f"{spaced[:3]} {spaced[3:]}", now=NOW) == step


def test_a_code_already_used_is_refused_within_its_step() -> None:
    code = totp.code_at(SECRET, NOW)
    used = totp.last_used_step(NOW)
    assert totp.matching_step(SECRET, code, now=NOW, after_step=used) is None
    later = NOW + timedelta(seconds=60)
    assert totp.matching_step(SECRET, totp.code_at(SECRET, later), now=later, after_step=used)


def test_a_pending_sign_in_lasts_five_minutes() -> None:
    assert not rules.pending_expired(NOW, now=NOW + timedelta(minutes=4, seconds=59))
    assert rules.pending_expired(NOW, now=NOW + timedelta(minutes=5))
    assert rules.pending_expired(NOW, now=NOW - timedelta(seconds=1))


# Services.


def test_an_authenticator_counts_only_once_confirmed(session: Session) -> None:
    pboc = create_user(session, "pboc")
    enrolment = service.begin_totp(session, principal=pboc)
    assert enrolment.qr_svg.startswith("<svg") and enrolment.secret in enrolment.uri
    with pytest.raises(TotpCodeInvalid):
        service.confirm_totp(session, principal=pboc, code="000000", now=NOW)
    accepted = _sign_in(session, pboc.username)
    assert not accepted.needs_code  # type: ignore[attr-defined]
    service.confirm_totp(session, principal=pboc, code=totp.code_at(enrolment.secret, NOW), now=NOW)
    with pytest.raises(TotpStateInvalid):
        service.begin_totp(session, principal=pboc)
    later = NOW + timedelta(minutes=1)
    accepted = _sign_in(session, pboc.username, now=later)
    assert accepted.needs_code and not accepted.principal.second_factor  # type: ignore[attr-defined]


def test_sign_in_needs_the_code_and_refuses_its_reuse(session: Session) -> None:
    user = create_user(session, "gov")
    secret = enrol_totp(session, user)
    at = NOW + timedelta(minutes=1)
    accepted = _sign_in(session, user.username, now=at)
    pending = service.PendingSignIn(user.user_id, accepted.epoch, at)  # type: ignore[attr-defined]
    code = totp.code_at(secret, at)
    principal = service.verify_sign_in_code(
        session, pending=pending, code=code, address="10.0.0.1", now=at, policy=POLICY
    )
    assert principal.second_factor
    with pytest.raises(CodeRejected):
        service.verify_sign_in_code(
            session, pending=pending, code=code, address="10.0.0.1", now=at, policy=POLICY
        )


def test_wrong_codes_count_towards_the_lock_out(session: Session) -> None:
    user = create_user(session, "pboc")
    secret = enrol_totp(session, user)
    at = NOW + timedelta(minutes=1)
    accepted = _sign_in(session, user.username, now=at)
    pending = service.PendingSignIn(user.user_id, accepted.epoch, at)  # type: ignore[attr-defined]
    for _ in range(POLICY.max_failures):
        with pytest.raises(CodeRejected):
            service.verify_sign_in_code(
                session, pending=pending, code="000000", address="10.0.0.1", now=at, policy=POLICY
            )
    with pytest.raises(AccountLocked):
        service.verify_sign_in_code(
            session,
            pending=pending,
            code=totp.code_at(secret, at),
            address="10.0.0.1",
            now=at,
            policy=POLICY,
        )
    with pytest.raises(AccountLocked):
        _sign_in(session, user.username, now=at)


def test_a_late_code_or_a_changed_account_restarts_the_sign_in(session: Session) -> None:
    user = create_user(session, "pboc")
    secret = enrol_totp(session, user)
    at = NOW + timedelta(minutes=1)
    accepted = _sign_in(session, user.username, now=at)
    pending = service.PendingSignIn(user.user_id, accepted.epoch, at)  # type: ignore[attr-defined]
    late = at + timedelta(minutes=6)
    with pytest.raises(SignInExpired):
        service.verify_sign_in_code(
            session,
            pending=pending,
            code=totp.code_at(secret, late),
            address="10.0.0.1",
            now=late,
            policy=POLICY,
        )
    service.end_all_sessions(session, user_id=user.user_id)
    with pytest.raises(SignInExpired):
        service.verify_sign_in_code(
            session,
            pending=pending,
            code=totp.code_at(secret, at),
            address="10.0.0.1",
            now=at,
            policy=POLICY,
        )


def test_removing_the_authenticator_needs_a_current_code(session: Session) -> None:
    user = create_user(session, "pboc")
    secret = enrol_totp(session, user)
    later = NOW + timedelta(minutes=2)
    with pytest.raises(TotpCodeInvalid):
        service.remove_totp(session, principal=user, code="123456", now=later)
    service.remove_totp(session, principal=user, code=totp.code_at(secret, later), now=later)
    assert not _sign_in(session, user.username, now=later).needs_code  # type: ignore[attr-defined]


def test_changing_the_password_needs_the_current_one(session: Session) -> None:
    user = create_user(session, "pboc")
    args = {"address": "10.0.0.1", "now": NOW, "policy": POLICY}
    with pytest.raises(CurrentPasswordWrong):
        service.change_own_password(
            session,
            principal=user,
            current="wrong",
            new="Newpass2022x",
            repeat="Newpass2022x",
            **args,
        )  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match="不一致"):
        service.change_own_password(
            session,
            principal=user,
            current=PASSWORD,
            new="Newpass2022x",
            repeat="Newpass2022y",
            **args,
        )  # type: ignore[arg-type]
    before = service.session_epoch(session, user_id=user.user_id)
    epoch = service.change_own_password(
        session, principal=user, current=PASSWORD, new="Newpass2022x", repeat="Newpass2022x", **args
    )  # type: ignore[arg-type]
    assert epoch == before + 1
    assert _sign_in(session, user.username, "Newpass2022x").principal.username == user.username  # type: ignore[attr-defined]


# The web.


def test_enrolment_shows_the_qr_code_and_the_secret(platform: Platform) -> None:
    with platform.session() as s:
        create_user(s, "pboc", username="pbocenrol")
        s.commit()
    client = platform.client("pbocenrol")
    page = client.get("/account")
    assert 'id="second-factor-reminder"' in page.text and "开始绑定" in page.text
    assert post_form(client, "/account/totp/begin", {}, page="/account").status_code == 303  # type: ignore[attr-defined]
    page = client.get("/account")
    assert "<svg" in page.text and 'class="totp-qr"' in page.text
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', page.text)
    assert secret
    wrong = post_form(client, "/account/totp/confirm", {"code": "000000"}, page="/account")
    assert wrong.status_code == 422 and "动态口令不正确" in wrong.text  # type: ignore[attr-defined]
    done = post_form(
        client,
        "/account/totp/confirm",
        {"code": totp.code_at(secret.group(1), NOW)},
        page="/account",
    )
    assert done.status_code == 303  # type: ignore[attr-defined]
    page = client.get("/account")
    assert "已绑定" in page.text and 'id="second-factor-reminder"' not in page.text


def test_sign_in_asks_for_the_code_and_refuses_a_wrong_or_late_one(platform: Platform) -> None:
    with platform.session() as s:
        secret = enrol_totp(s, create_user(s, "pboc", username="pbocmfa"))
        s.commit()
    platform.clock.advance(minutes=1)
    client = platform.client()
    response = client.post(
        "/login",
        data={"username": "pbocmfa", "password": PASSWORD, "csrf_token": csrf(client)},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/login/code"
    assert client.get("/account", follow_redirects=False).status_code in (302, 303, 401)
    assert "动态口令" in client.get("/login/code").text
    wrong = client.post(
        "/login/code",
        data={"code": "000000", "csrf_token": csrf(client, "/login/code")},
        follow_redirects=False,
    )
    assert wrong.status_code == 401 and "动态口令不正确" in wrong.text
    platform.clock.advance(minutes=6)
    late = client.post(
        "/login/code",
        data={
            "code": totp.code_at(secret, platform.clock.now()),
            "csrf_token": csrf(client, "/login"),
        },
        follow_redirects=False,
    )
    assert late.status_code == 401 and "登录已超时" in late.text
    fresh = platform.client()
    login_with_code(fresh, "pbocmfa", secret, platform.clock.now())
    assert fresh.get("/account").status_code == 200


def test_a_role_without_the_reminder_and_a_signed_in_password_change(platform: Platform) -> None:
    with platform.session() as s:
        create_user(s, "gov", username="govstaff")
        s.commit()
    client = platform.client("govstaff")
    other = platform.client("govstaff")
    changed = post_form(
        client,
        "/account/password",
        {"current": PASSWORD, "new": "Newpass2022x", "repeat": "Newpass2022x"},
        page="/account",
    )
    assert changed.status_code == 303  # type: ignore[attr-defined]
    page = client.get("/account?done=password")
    assert page.status_code == 200 and "密码已修改" in page.text
    assert other.get("/account", follow_redirects=False).status_code != 200
    fresh = platform.client()
    login(fresh, "govstaff", "Newpass2022x")
    assert fresh.get("/account").status_code == 200
