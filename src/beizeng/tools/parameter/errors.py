"""Errors of the parameter book."""

from __future__ import annotations

from datetime import date

from beizeng.errors import InvalidInput, NotFound


class ParameterMissing(NotFound):
    """No value of a parameter is in force on the date asked."""

    def __init__(self, tool: str, name: str, on: date, scope: str = "") -> None:
        where = f"（范围 {scope}）" if scope else ""
        super().__init__(
            f"政策工具参数 {tool}.{name}{where} 在 {on.isoformat()} 没有生效的取值，"
            "请用 beizeng tools params load 导入参数。"
        )


class ParameterFileInvalid(InvalidInput):
    """A parameter file that breaks the format."""
