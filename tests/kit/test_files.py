"""Output files: missing folders are made; an unwritable path is a Chinese message, not a crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from beizeng.kit.files import OutputPathInvalid, write_output, write_outputs


def test_a_missing_folder_is_created(tmp_path: Path) -> None:
    target = write_output(tmp_path / "报表" / "2022-06" / "out.csv", "期间\n2022-06\n")
    assert target.read_text(encoding="utf-8") == "期间\n2022-06\n"


def test_a_folder_below_a_file_is_refused_with_the_path(tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("x")
    with pytest.raises(OutputPathInvalid, match="无法创建目录 .*plain"):
        write_output(tmp_path / "plain" / "out.xlsx", b"data")


def test_a_file_that_cannot_be_written_is_refused_with_the_path(tmp_path: Path) -> None:
    # The tests may run as root, who writes into read-only folders: a folder stands in instead.
    (tmp_path / "taken.docx").mkdir()
    with pytest.raises(OutputPathInvalid, match="无法写入文件 .*taken.docx"):
        write_outputs([(tmp_path / "taken.docx", b"b")])
