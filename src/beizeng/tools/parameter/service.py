"""Use cases of the parameter book: load the shipped defaults or a file, read the book."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from sqlalchemy.orm import Session

from beizeng.models.tools import ToolParameter
from beizeng.tools.parameter.errors import ParameterFileInvalid
from beizeng.tools.parameter.repository import ParameterRepository
from beizeng.tools.parameter.rules import ParameterBook, ParameterValue, parse_toml

DEFAULTS = "defaults-2022.toml"


@dataclass(frozen=True)
class LoadReport:
    added: int
    unchanged: int


def _to_value(row: ToolParameter) -> ParameterValue:
    return ParameterValue(
        row.tool, row.name, row.scope, row.effective_from, row.effective_to, row.value, row.note
    )


def load_values(session: Session, values: Sequence[ParameterValue]) -> LoadReport:
    """Add the rows not yet stored. A stored row with other content is refused, not overwritten:
    a change of policy is a new row with a later effective date."""
    repo = ParameterRepository(session)
    stored = {_to_value(r).key: r for r in repo.list()}
    added = unchanged = 0
    for value in values:
        row = stored.get(value.key)
        if row is None:
            repo.add(
                ToolParameter(
                    tool=value.tool,
                    name=value.name,
                    scope=value.scope,
                    effective_from=value.effective_from,
                    effective_to=value.effective_to,
                    value=value.value,
                    note=value.note,
                )
            )
            added += 1
        elif row.value != value.value or row.effective_to != value.effective_to:
            raise ParameterFileInvalid(
                f"参数 {value.tool}.{value.name}（范围「{value.scope}」，{value.effective_from} 起）"
                f"已存在且取值不同（已存 {row.value!r}，文件 {value.value!r}）。"
                "政策调整请新增一行、使用新的生效日期，不要改写历史取值。"
            )
        else:
            unchanged += 1
    session.flush()
    return LoadReport(added, unchanged)


@cache
def default_values() -> tuple[ParameterValue, ...]:
    text = (resources.files("beizeng.tools.parameter") / "data" / DEFAULTS).read_text("utf-8")
    return tuple(parse_toml(text, source=DEFAULTS))


def load_defaults(session: Session) -> LoadReport:
    """Load the 2022 default parameter set shipped in the package (idempotent)."""
    return load_values(session, default_values())


def load_file(session: Session, *, path: Path) -> LoadReport:
    """Load a parameter TOML file such as next year's changes."""
    if not path.is_file():
        raise ParameterFileInvalid(f"参数文件 {path} 不存在。")
    return load_values(session, parse_toml(path.read_text("utf-8"), source=path.name))


def parameter_book(session: Session) -> ParameterBook:
    """The stored parameter book; shipped default rows not yet stored are added first, so a
    database always has the 2022 set plus whatever later rows were loaded."""
    repo = ParameterRepository(session)
    load_defaults(session)
    return ParameterBook(_to_value(r) for r in repo.list())


def list_values(session: Session, *, tool: str | None = None) -> list[ParameterValue]:
    parameter_book(session)
    return [_to_value(r) for r in ParameterRepository(session).list(tool=tool)]
