"""Reading small tabular files: CSV in UTF-8 (with or without BOM), GBK or GB18030, and XLSX;
the whole-file problems it reports, in Chinese, before any row is looked at."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from beizeng.errors import DataInvalid, Problem
from beizeng.kit.tabular import TabularFile, decode_text, map_headers, read_table

ALIASES = {
    "code": "code",
    "机构代码": "code",
    "name": "name",
    "名称": "name",
    "机构名称": "name",
    "county": "county",
    "县区": "county",
}
REQUIRED = ("code", "name")
HEADER = "机构代码,名称,县区\n"
BODY = "LLRCB,吕梁农村商业银行,141102\nFYRCB,汾阳农村商业银行,141182\n"


def _read(path: Path, max_bytes: int = 1_000_000) -> TabularFile:
    return read_table(path, aliases=ALIASES, required=REQUIRED, max_bytes=max_bytes)


def _problems(path: Path, max_bytes: int = 1_000_000) -> list[Problem]:
    with pytest.raises(DataInvalid) as refused:
        _read(path, max_bytes)
    return refused.value.problems


def _csv(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "名录.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _xlsx(tmp_path: Path, rows: list[list[object]], name: str = "名录.xlsx") -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.create_sheet("备注").append(["不读的第二张表"])
    path = tmp_path / name
    book.save(path)
    return path


ROWS = [
    {"code": "LLRCB", "name": "吕梁农村商业银行", "county": "141102"},
    {"code": "FYRCB", "name": "汾阳农村商业银行", "county": "141182"},
]


@pytest.mark.parametrize(
    ("encoding", "reported"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8"), ("gbk", "gb18030"), ("gb18030", "gb18030")],
)
def test_a_csv_in_any_encoding_clerks_export_reads_the_same(
    tmp_path: Path, encoding: str, reported: str
) -> None:
    table = _read(_csv(tmp_path, HEADER + BODY, encoding))
    assert table.rows == ROWS
    assert table.columns == ["code", "name", "county"]
    assert table.encoding == reported
    assert table.name == "名录.csv"


def test_characters_only_gb18030_has_are_read_from_a_gb18030_file(tmp_path: Path) -> None:
    name = "吕梁市䶮记商行"  # U+4DAE is in GB18030 but not in GBK
    with pytest.raises(UnicodeEncodeError):
        name.encode("gbk")
    table = _read(_csv(tmp_path, HEADER + f"LLXX,{name},141102\n", "gb18030"))
    assert table.rows[0]["name"] == name


def test_a_byte_order_mark_never_sticks_to_the_first_header(tmp_path: Path) -> None:
    text, encoding = decode_text(("\ufeff" + HEADER).encode("utf-8"), "名录.csv")
    assert (text, encoding) == (HEADER, "utf-8")
    mapped, problems = map_headers(
        ["\ufeff机构代码 ", " 名称"], file="f.csv", aliases=ALIASES, required=REQUIRED
    )
    assert (mapped, problems) == (["code", "name"], [])


def test_a_utf16_file_is_refused_naming_the_encodings_to_save_as(tmp_path: Path) -> None:
    problems = _problems(_csv(tmp_path, HEADER + BODY, "utf-16"))
    assert problems == [
        Problem("名录.csv", None, None, None, "文件编码无法识别：请另存为 UTF-8 或 GBK 编码的 CSV")
    ]


def test_headers_map_by_any_alias_english_in_any_case_and_unknown_columns_are_dropped(
    tmp_path: Path,
) -> None:
    table = _read(_csv(tmp_path, "CODE,机构名称,备注\nLLRCB,吕梁农村商业银行,总行\n"))
    assert table.columns == ["code", "name"]
    assert table.rows == [{"code": "LLRCB", "name": "吕梁农村商业银行"}]


def test_values_are_trimmed_and_short_rows_are_padded_with_empty_values(tmp_path: Path) -> None:
    table = _read(_csv(tmp_path, HEADER + "  LLRCB , 吕梁农村商业银行 \nFYRCB\n"))
    assert table.rows == [
        {"code": "LLRCB", "name": "吕梁农村商业银行", "county": ""},
        {"code": "FYRCB", "name": "", "county": ""},
    ]


def test_blank_lines_are_skipped_but_rows_keep_the_line_numbers_a_person_sees(
    tmp_path: Path,
) -> None:
    text = "\n" + HEADER + "LLRCB,吕梁农村商业银行,141102\n\n,,\nFYRCB,汾阳农村商业银行,141182\n"
    table = _read(_csv(tmp_path, text))
    assert table.rows == ROWS
    assert table.numbers == [3, 6]


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "没有.csv"
    assert _problems(path) == [Problem("没有.csv", None, None, str(path), "文件不存在")]


def test_a_file_above_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = _csv(tmp_path, HEADER + BODY)
    size = path.stat().st_size
    [problem] = _problems(path, max_bytes=size - 1)
    assert problem.value == f"{size:,} 字节"
    assert problem.rule == (
        f"文件超过大小上限 {size - 1:,} 字节（BEIZENG_MAX_UPLOAD_BYTES），请拆分后分批导入"
    )
    assert _read(path, max_bytes=size).rows == ROWS


@pytest.mark.parametrize("text", ["", "\n\n", ",,\n  ,\n"])
def test_a_file_without_a_header_is_empty(tmp_path: Path, text: str) -> None:
    assert [p.rule for p in _problems(_csv(tmp_path, text))] == ["文件为空：没有表头，也没有数据"]


def test_a_header_alone_is_refused(tmp_path: Path) -> None:
    assert [p.rule for p in _problems(_csv(tmp_path, HEADER + "\n"))] == [
        "文件只有表头，没有数据行"
    ]


def test_every_missing_or_doubled_column_is_reported_at_once(tmp_path: Path) -> None:
    problems = _problems(_csv(tmp_path, "名称,机构名称,县区\n吕梁农村商业银行,吕梁农商行,141102\n"))
    assert problems == [
        Problem("名录.csv", 1, "机构名称", "机构名称", "列重复：与「名称」是同一列（name）"),
        Problem("名录.csv", 1, "code", None, "缺少必填列「code」"),
    ]


def test_the_refusal_message_lists_each_problem_with_file_row_and_column(tmp_path: Path) -> None:
    with pytest.raises(DataInvalid) as refused:
        _read(_csv(tmp_path, "名称,县区\n吕梁农村商业银行,141102\n"))
    assert refused.value.message == (
        "发现 1 处错误，未写入任何数据。\n文件 名录.csv，第 1 行，列「code」：缺少必填列「code」"
    )
    assert refused.value.status == 422


def test_an_xlsx_reads_its_first_sheet_with_cells_as_people_typed_them(tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path,
        [
            ["机构代码", "名称", "县区", "成立日期", "更新时间", "注册资本"],
            [
                "LLRCB",
                " 吕梁农村商业银行 ",
                141102,
                date(2005, 6, 30),
                datetime(2022, 6, 30, 8, 30),
                1234.5,
            ],
            [],
            ["FYRCB", "汾阳农村商业银行", 141182.0, None, None, 50000],
        ],
    )
    aliases = {**ALIASES, "成立日期": "established", "更新时间": "updated", "注册资本": "capital"}
    table = read_table(path, aliases=aliases, required=REQUIRED, max_bytes=1_000_000)
    assert table.encoding == "xlsx"
    assert table.rows == [
        {
            "code": "LLRCB",
            "name": "吕梁农村商业银行",
            "county": "141102",  # a whole number is written without ".0"
            "established": "2005-06-30",
            "updated": "2022-06-30 08:30:00",
            "capital": "1234.5",
        },
        {
            "code": "FYRCB",
            "name": "汾阳农村商业银行",
            "county": "141182",
            "established": "",
            "updated": "",
            "capital": "50000",
        },
    ]
    assert table.numbers == [2, 4]


def test_an_xlsx_table_below_empty_rows_keeps_the_sheet_row_numbers(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.cell(row=3, column=2, value="机构代码")
    sheet.cell(row=3, column=3, value="名称")
    sheet.cell(row=4, column=2, value="LLRCB")
    sheet.cell(row=4, column=3, value="吕梁农村商业银行")
    path = tmp_path / "偏移.xlsx"
    book.save(path)
    table = read_table(path, aliases=ALIASES, required=REQUIRED, max_bytes=1_000_000)
    assert table.rows == [{"code": "LLRCB", "name": "吕梁农村商业银行"}]
    assert table.numbers == [4]


def test_an_xlsx_with_a_header_only_is_refused_like_a_csv(tmp_path: Path) -> None:
    path = _xlsx(tmp_path, [["机构代码", "名称"]])
    assert [p.rule for p in _problems(path)] == ["文件只有表头，没有数据行"]


def test_a_damaged_xlsx_is_refused_as_unreadable_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "坏.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not a workbook")
    [problem] = _problems(path)
    assert problem.file == "坏.xlsx" and problem.row is None
    # calamine's English ("invalid Zip archive …") is logged, never shown to the clerk.
    assert problem.rule.startswith("不是有效的 Excel（.xlsx）文件：")
    assert "Zip" not in problem.rule and "另存为 .xlsx" in problem.rule
