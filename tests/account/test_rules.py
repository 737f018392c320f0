"""The password rule (hardening, finding 7): composition is not enough, a guessable password is
refused in Chinese; the passwords the tests and the demo use still pass. Pure, no fixtures."""

from __future__ import annotations

import re

import pytest

from beizeng.account.rules import MIN_PASSWORD_LENGTH, password_problems
from beizeng.demand.demo import _new_password, demo_usernames
from tests.account.factories import PASSWORD

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize(
    "password", ["Password123", "Qwerty123456", "abc123abc123", "1qaz2wsx3edc"]
)
def test_a_common_or_patterned_password_is_refused_in_chinese(password: str) -> None:
    problems = password_problems(password, username="ent1")
    assert problems, password
    assert all(CJK.search(p) for p in problems)
    assert any("容易被猜中" in p for p in problems)


def test_password123_names_why() -> None:
    (problem,) = password_problems("Password123", username="zhangsan")
    assert problem.startswith("密码太容易被猜中（这是很常见的密码）")


def test_the_users_own_names_count_as_guessable() -> None:
    assert not password_problems("Wangxiaoming2", username="ent7")
    assert password_problems("Wangxiaoming2", username="ent7", display_name="wangxiaoming")


def test_the_factories_password_and_a_generated_demo_password_pass() -> None:
    assert password_problems(PASSWORD, username="ent1") == []
    generated = _new_password()
    assert all(password_problems(generated, username=u) == [] for u in demo_usernames())


def test_composition_rules_come_first_and_the_estimator_only_after() -> None:
    assert password_problems("short1") == [f"密码至少 {MIN_PASSWORD_LENGTH} 位"]
    assert password_problems("onlyletterslong") == ["密码须同时包含字母和数字"]
    assert password_problems(" Lvliang2022pass") == ["密码首尾不能是空格"]


def test_a_long_password_is_judged_on_its_first_72_characters() -> None:
    passphrase = "Tq8-fenhe-lishi-xiaoyi-jiaokou-" * 6  # 192 characters, the first 72 strong
    assert password_problems(passphrase, username="ent1") == []
