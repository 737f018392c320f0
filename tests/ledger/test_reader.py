"""The ledger reader explains a workbook it cannot open in Chinese (consolidation issue,
point 9): the clerk sees the file and what to do, never calamine's English."""

from __future__ import annotations

from pathlib import Path

import pytest

from beizeng.errors import DataInvalid
from beizeng.kit.periods import Period
from beizeng.ledger import duck
from beizeng.ledger.validate import validate
from tests.kit.test_workbook_problems import damaged, english


@pytest.mark.parametrize("how", ["truncated", "renamed", "broken_sheet"])
def test_a_damaged_ledger_workbook_is_refused_in_chinese(tmp_path: Path, how: str) -> None:
    path = damaged(tmp_path, how)
    con = duck.connect()
    try:
        with pytest.raises(DataInvalid) as caught:
            validate(
                con,
                path,
                period=Period(2022, 6),
                previous=None,
                max_bytes=10**7,
                scratch=tmp_path,
            )
    finally:
        con.close()
    [problem] = caught.value.problems
    assert problem.file == path.name
    assert problem.rule.startswith(("不是有效的 Excel", "Excel 文件内容已损坏"))
    assert english(problem.rule) == []
    assert path.name in caught.value.message
