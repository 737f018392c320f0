"""The policy as people read it: one row per action, for ``docs/access.md`` (a test keeps the
page equal to the table, so the documentation cannot drift from what the code decides)."""

from __future__ import annotations

from beizeng.access.policy import ACTIONS, Rule
from beizeng.access.principal import ROLES

BEGIN = "<!-- actions:begin -->"
END = "<!-- actions:end -->"


def _who(rule: Rule) -> str:
    if rule.public:
        return "任何人（含未登录）"
    return "、".join(name for role, name in ROLES.items() if role in rule.roles)


def _token(rule: Rule) -> str:
    if rule.any_scope:
        return "任一令牌"
    return f"`{rule.scope}`" if rule.scope else "不可（须登录网页）"


def markdown_table() -> str:
    """The actions table between its markers, in the table's own order."""
    lines = [
        BEGIN,
        "| action | 操作 | 谁可以 | API 令牌 | 限市分行 | 须动态口令 |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, rule in ACTIONS.items():
        lines.append(
            f"| `{name}` | {rule.label} | {_who(rule)} | {_token(rule)} "
            f"| {'是' if rule.city else ''} | {'是' if rule.second_factor else ''} |"
        )
    lines.append(END)
    return "\n".join(lines)
