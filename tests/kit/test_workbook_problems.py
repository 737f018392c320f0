"""A workbook calamine cannot read is explained in Chinese, naming the file; calamine's English
stays in the log (consolidation issue, point 9)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from python_calamine import CalamineError, PasswordError, WorksheetNotFound

from beizeng.errors import DataInvalid
from beizeng.kit.tabular import read_table, workbook_problem


def english(text: str) -> list[str]:
    """Latin words other than the product and suffix names: calamine's text, if it leaked."""
    return [w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in {"Excel", "xlsx"}]


def _good(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["code", "name"])
    sheet.append(["A", "甲"])
    book.save(path)
    return path


def damaged(tmp_path: Path, how: str) -> Path:
    """A workbook broken as clerks' files break: cut short, not a workbook, a broken sheet."""
    good = _good(tmp_path / "good.xlsx")
    path = tmp_path / f"{how}.xlsx"
    if how == "truncated":
        data = good.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    elif how == "renamed":
        path.write_text("机构代码,名称\nA,甲\n", encoding="utf-8")
    else:
        with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as target:
            for item in source.infolist():
                content = source.read(item.filename)
                if item.filename.endswith("sheet1.xml"):
                    content = content[: len(content) // 2]
                target.writestr(item, content)
    return path


@pytest.mark.parametrize(
    ("how", "start"),
    [
        ("truncated", "不是有效的 Excel（.xlsx）文件"),
        ("renamed", "不是有效的 Excel（.xlsx）文件"),
        ("broken_sheet", "Excel 文件内容已损坏"),
    ],
)
def test_a_damaged_workbook_is_one_chinese_problem_naming_the_file(
    tmp_path: Path, how: str, start: str
) -> None:
    path = damaged(tmp_path, how)
    with pytest.raises(DataInvalid) as caught:
        read_table(
            path, aliases={"code": "code", "name": "name"}, required=["code"], max_bytes=10**6
        )
    [problem] = caught.value.problems
    assert problem.file == path.name and problem.rule.startswith(start)
    assert english(problem.rule) == []
    assert isinstance(caught.value.__cause__, CalamineError)  # the detail is kept for the log


def test_every_kind_of_calamine_failure_has_its_own_advice() -> None:
    assert "密码" in workbook_problem("a.xlsx", PasswordError("Workbook is encrypted"))
    assert "工作表" in workbook_problem("a.xlsx", WorksheetNotFound("Sheet9"))
    other = workbook_problem("a.xlsx", CalamineError("Cfb error: Invalid OLE"))
    assert other.startswith("无法读取 Excel 文件") and "OLE" not in other
