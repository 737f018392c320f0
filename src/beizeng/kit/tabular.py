"""Reading small tabular files (CSV in UTF-8 or GBK/GB18030, XLSX) with exact problems.

For registries and lists of thousands of rows, read into Python. Loan ledgers of millions of rows
have their own vectorised reader in ``ledger``; both share ``decode_text`` and ``map_headers`` so a
file a clerk exports from Excel is understood the same way everywhere.
"""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from beizeng.errors import DataInvalid, Problem

log = logging.getLogger(__name__)

ENCODINGS = ("utf-8-sig", "gb18030")
"""Chinese users' Excel exports are UTF-8 (often with a BOM) or GBK, which GB18030 contains."""


@dataclass
class TabularFile:
    """Rows of a file as dicts keyed by canonical column names.

    ``numbers[i]`` is the line (or sheet row) a person sees for ``rows[i]``: the header is row 1,
    and blank lines are skipped but still counted.
    """

    name: str
    columns: list[str]
    rows: list[dict[str, str]]
    numbers: list[int]
    encoding: str


def decode_text(data: bytes, file: str) -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM) or GB18030; name the file when neither fits."""
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), ("utf-8" if encoding == "utf-8-sig" else encoding)
        except UnicodeDecodeError:
            continue
    raise DataInvalid(
        [Problem(file, None, None, None, "文件编码无法识别：请另存为 UTF-8 或 GBK 编码的 CSV")]
    )


def check_size(path: Path, max_bytes: int) -> None:
    """Refuse a file above the configured size before reading any of it."""
    size = path.stat().st_size
    if size > max_bytes:
        raise DataInvalid(
            [
                Problem(
                    path.name,
                    None,
                    None,
                    f"{size:,} 字节",
                    f"文件超过大小上限 {max_bytes:,} 字节（BEIZENG_MAX_UPLOAD_BYTES），请拆分后分批导入",
                )
            ]
        )


def map_headers(
    raw: Sequence[str],
    *,
    file: str,
    aliases: Mapping[str, str],
    required: Sequence[str],
) -> tuple[list[str | None], list[Problem]]:
    """Canonical names for raw headers (English or Chinese), with missing/duplicate problems.

    Unknown columns map to ``None`` and are ignored; a missing required column or a column given
    twice (under either name) is an error naming the column.
    """
    problems: list[Problem] = []
    mapped: list[str | None] = []
    seen: dict[str, str] = {}
    for header in raw:
        key = header.strip().lstrip("\ufeff").strip()
        canonical = aliases.get(key) or aliases.get(key.lower())
        if canonical and canonical in seen:
            problems.append(
                Problem(
                    file, 1, key, key, f"列重复：与「{seen[canonical]}」是同一列（{canonical}）"
                )
            )
            canonical = None
        if canonical:
            seen[canonical] = key
        mapped.append(canonical)
    for column in required:
        if column not in seen:
            problems.append(Problem(file, 1, column, None, f"缺少必填列「{column}」"))
    return mapped, problems


_WORKBOOK_PROBLEMS = {
    "PasswordError": "Excel 文件设有打开密码，无法读取：请在 Excel 中取消密码后另存为 .xlsx 再导入",
    "ZipError": (
        "不是有效的 Excel（.xlsx）文件：文件不完整（可能未传完）或并非 Excel 格式"
        "（可能是改了扩展名的其他文件），请在 Excel 中打开后另存为 .xlsx 再导入"
    ),
    "XmlError": "Excel 文件内容已损坏，工作表数据无法解析：请在 Excel 中打开后另存为 .xlsx 再导入",
    "WorksheetNotFound": "Excel 文件中找不到要读取的工作表：请确认文件含有数据工作表",
}
_WORKBOOK_DEFAULT = (
    "无法读取 Excel 文件：文件已损坏或不是 Excel 格式，请在 Excel 中打开后另存为 .xlsx 再导入"
)


def workbook_problem(file: str, exc: Exception) -> str:
    """The Chinese rule for a workbook calamine cannot read, by the kind of failure.

    calamine's own text is English and technical ("invalid Zip archive: Could not find EOCD");
    it is logged for an administrator and kept out of the user's message, which says what is
    wrong and what to do (consolidation issue, point 9). ``file`` names the file in the log; the
    caller's ``Problem`` names it to the user.
    """
    log.info("calamine could not read %s: %r", file, exc)
    return _WORKBOOK_PROBLEMS.get(type(exc).__name__, _WORKBOOK_DEFAULT)


def _csv_rows(path: Path) -> tuple[list[list[str]], str]:
    text, encoding = decode_text(path.read_bytes(), path.name)
    return list(csv.reader(io.StringIO(text))), encoding


def _xlsx_rows(path: Path) -> list[list[str]]:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)
        grid = sheet.to_python(skip_empty_area=False)
    except CalamineError as exc:  # the base of every calamine failure; anything else is a bug
        raise DataInvalid(
            [Problem(path.name, None, None, None, workbook_problem(path.name, exc))]
        ) from exc
    return [[_cell_text(v) for v in row] for row in grid]


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_table(
    path: Path,
    *,
    aliases: Mapping[str, str],
    required: Sequence[str],
    max_bytes: int,
) -> TabularFile:
    """Read a CSV or XLSX file into canonical rows, or raise ``DataInvalid`` for the whole file.

    Whole-file problems (empty, header only, encoding, missing or duplicate columns) are raised
    at once; row-level rules are the caller's, who appends to ``problems``.
    """
    if not path.exists():
        raise DataInvalid([Problem(path.name, None, None, str(path), "文件不存在")])
    check_size(path, max_bytes)
    if path.suffix.lower() in {".xlsx", ".xlsm", ".xls"}:
        grid, encoding = _xlsx_rows(path), "xlsx"
    else:
        grid, encoding = _csv_rows(path)
    numbered = [(n, row) for n, row in enumerate(grid, start=1) if any(c.strip() for c in row)]
    if not numbered:
        raise DataInvalid([Problem(path.name, None, None, None, "文件为空：没有表头，也没有数据")])
    _, header = numbered[0]
    mapped, problems = map_headers(header, file=path.name, aliases=aliases, required=required)
    if problems:
        raise DataInvalid(problems)
    if len(numbered) == 1:
        raise DataInvalid([Problem(path.name, None, None, None, "文件只有表头，没有数据行")])
    rows, numbers = [], []
    for number, raw in numbered[1:]:
        rows.append(
            {
                name: (raw[i].strip() if i < len(raw) else "")
                for i, name in enumerate(mapped)
                if name
            }
        )
        numbers.append(number)
    columns = [name for name in mapped if name]
    return TabularFile(path.name, columns, rows, numbers, encoding)
