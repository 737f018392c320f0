"""Reading a ledger file (CSV or XLSX) as text into the DuckDB table ``staged``.

CSV goes straight into DuckDB's parallel reader as all-VARCHAR; a GBK/GB18030 file is first
transcoded to UTF-8 in a streaming way (constant memory). XLSX is read with python-calamine and
handed to DuckDB as an Arrow table, never through openpyxl cell loops. Whole-file problems
(empty, header only, missing or duplicated columns, merged cells, formulas, encoding, size) are
raised as ``DataInvalid`` before any row is checked.
"""

from __future__ import annotations

import codecs
import csv
import re
import zipfile
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from beizeng.errors import DataInvalid, Problem
from beizeng.kit.tabular import check_size, decode_text, map_headers, workbook_problem
from beizeng.ledger.duck import sql_path
from beizeng.ledger.rules import Kind

XLSX_SUFFIXES = {".xlsx", ".xlsm"}
CHUNK = 1 << 20
EXCEL_EPOCH = date(1899, 12, 30)
ENCODING_RULE = "文件编码无法识别：请另存为 UTF-8 或 GBK 编码的 CSV"


Stage = Callable[[dict[str, str], str, Sequence[str]], str]
"""Builds the ``SELECT`` of the staged table from (column mapping, source, kept columns)."""


@dataclass(frozen=True)
class Loaded:
    """What was staged: the file's own headers and how to get a row's number."""

    headers: dict[str, str]
    row_expr: str
    rows: int
    encoding: str
    sheet: str | None = None


def _fail(file: str, rule: str, *, row: int | None = None, value: str | None = None) -> DataInvalid:
    return DataInvalid([Problem(file, row, None, value, rule)])


def _headers(
    raw: Sequence[str], *, file: str, aliases: Mapping[str, str], required: Sequence[str]
) -> list[str | None]:
    mapped, problems = map_headers(raw, file=file, aliases=aliases, required=required)
    for header in raw:
        if "万元" in header:
            problems.append(
                Problem(
                    file,
                    1,
                    header.strip(),
                    header.strip(),
                    "金额单位应为元，不接受万元：请把该列换算为元并使用模板的列名",
                )
            )
    if problems:
        raise DataInvalid(problems)
    return mapped


def load(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    *,
    aliases: Mapping[str, str],
    required: Sequence[str],
    kinds: Mapping[str, Kind],
    max_bytes: int,
    scratch: Path,
    data_sheet: str,
    stage: Stage,
) -> Loaded:
    """Create the table ``staged`` from ``path`` with ``stage``, or raise ``DataInvalid`` for a
    problem with the whole file."""
    if not path.is_file():
        raise _fail(path.name, "文件不存在", value=str(path))
    check_size(path, max_bytes)
    if path.suffix.lower() in XLSX_SUFFIXES:
        return _load_xlsx(
            con,
            path,
            aliases=aliases,
            required=required,
            kinds=kinds,
            data_sheet=data_sheet,
            stage=stage,
        )
    if path.suffix.lower() == ".xls":
        raise _fail(path.name, "不支持旧版 .xls 文件：请在 Excel 中另存为 .xlsx 或 CSV")
    return _load_csv(con, path, aliases=aliases, required=required, scratch=scratch, stage=stage)


# --- CSV ---------------------------------------------------------------------------------


def _first_line(path: Path) -> bytes:
    with path.open("rb") as fh:
        while True:
            line = fh.readline(CHUNK)
            if not line:
                return b""
            if line.strip(b"\r\n\t \xef\xbb\xbf"):
                return line


def _transcode(source: Path, target: Path) -> None:
    """GB18030 → UTF-8, chunk by chunk (constant memory, whatever the file size)."""
    decoder = codecs.getincrementaldecoder("gb18030")(errors="strict")
    try:
        with source.open("rb") as src, target.open("w", encoding="utf-8", newline="") as dst:
            while chunk := src.read(CHUNK):
                dst.write(decoder.decode(chunk))
            dst.write(decoder.decode(b"", final=True))
    except UnicodeDecodeError as exc:
        target.unlink(missing_ok=True)
        raise _fail(source.name, ENCODING_RULE) from exc


def _read_csv_sql(path: Path, width: int) -> str:
    columns = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width))
    return (
        f"read_csv({sql_path(path)}, header = false, skip = 1, all_varchar = true,"
        f" auto_detect = false, delim = ',', quote = '\"', escape = '\"', columns = {{{columns}}})"
    )


_LINE = re.compile(r"CSV Error on Line: (\d+)")
_WIDTH = re.compile(r"Expected Number of Columns: (\d+) Found: (\d+)")


def _csv_problem(file: str, exc: duckdb.Error) -> DataInvalid:
    text = str(exc)
    line = _LINE.search(text)
    width = _WIDTH.search(text)
    rule = "CSV 格式错误：引号不配对或分隔符不是英文逗号"
    if width:
        rule = f"该行有 {width.group(2)} 列，而表头有 {width.group(1)} 列：请检查多余的逗号或引号"
    return _fail(file, rule, row=int(line.group(1)) if line else None)


def _load_csv(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    *,
    aliases: Mapping[str, str],
    required: Sequence[str],
    scratch: Path,
    stage: Stage,
) -> Loaded:
    line = _first_line(path)
    if not line:
        raise _fail(path.name, "文件为空：没有表头，也没有数据")
    header_text, encoding = decode_text(line, path.name)
    raw_headers = next(csv.reader([header_text.strip("\r\n")]))
    mapped = _headers(raw_headers, file=path.name, aliases=aliases, required=required)
    mapping = {name: f"c{i}" for i, name in enumerate(mapped) if name}

    rows = 0

    def create(source: Path) -> None:
        nonlocal rows
        select = stage(mapping, _read_csv_sql(source, len(raw_headers)), ())
        created = con.execute(f"CREATE OR REPLACE TEMP TABLE staged AS {select}").fetchone()
        rows = int(created[0]) if created else 0

    source = path
    if encoding != "utf-8":
        source = scratch / f"{path.stem}.utf8.csv"
        _transcode(path, source)
    try:
        try:
            create(source)
        except duckdb.Error as exc:
            if "Invalid unicode" not in str(exc) or source is not path:
                raise _csv_problem(path.name, exc) from exc
            encoding, source = "gb18030", scratch / f"{path.stem}.utf8.csv"
            _transcode(path, source)
            try:
                create(source)
            except duckdb.Error as again:
                raise _csv_problem(path.name, again) from again
    finally:
        if source is not path:
            source.unlink(missing_ok=True)
    if rows == 0:
        raise _fail(path.name, "文件只有表头，没有数据行")
    headers = {
        name: raw_headers[i].strip().lstrip("\ufeff") for i, name in enumerate(mapped) if name
    }
    return Loaded(headers, "rowid + 2", rows, encoding)


# --- XLSX --------------------------------------------------------------------------------


def _sheet_xml_path(archive: zipfile.ZipFile, sheet: str) -> str | None:
    """The archive member holding ``sheet`` (workbook.xml → relationship → target)."""
    book = archive.read("xl/workbook.xml").decode("utf-8")
    rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    for match in re.finditer(r"<sheet\b[^>]*>", book):
        tag = match.group(0)
        name = re.search(r'name="([^"]*)"', tag)
        rid = re.search(r'r:id="([^"]*)"', tag)
        if name and rid and _unescape(name.group(1)) == sheet:
            target = re.search(rf'<Relationship\b[^>]*Id="{rid.group(1)}"[^>]*>', rels)
            found = target and re.search(r'Target="([^"]*)"', target.group(0))
            if found:
                member = found.group(1).lstrip("/")
                return member if member.startswith("xl/") else f"xl/{member}"
    return None


def _unescape(text: str) -> str:
    return (
        text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
    )


_FORMULA = re.compile(rb'<c r="([A-Z]+[0-9]+)"[^>]*>(?:<v>[^<]*</v>)?<f[ >/]')


def _first_formula(path: Path, sheet: str) -> str | None:
    """The first cell of ``sheet`` holding a formula, scanning the XML in chunks."""
    with zipfile.ZipFile(path) as archive:
        member = _sheet_xml_path(archive, sheet)
        if member is None:
            return None
        with archive.open(member) as fh:
            tail = b""
            while chunk := fh.read(CHUNK):
                block = tail + chunk
                found = (b"<f>" in block or b"<f " in block) and _FORMULA.search(block)
                if found:
                    return found.group(1).decode()
                tail = block[-400:]
    return None


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _cell_converter(kind: Kind) -> Callable[[Any], str | None]:
    """How a calamine cell value becomes the text a CSV export would have shown."""

    def convert(value: Any) -> str | None:
        if value is None or value == "":
            return None
        if isinstance(value, str):
            return value
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, datetime):
            return value.date().isoformat() if kind is Kind.DATE else value.isoformat()
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, int | float):
            number = float(value)
            if kind is Kind.DATE and number.is_integer() and 0 < number < 2958466:
                return (EXCEL_EPOCH + timedelta(days=int(number))).isoformat()
            if number.is_integer() and abs(number) < 1e15:
                return str(int(number))
            if kind in (Kind.ID, Kind.CODE):
                return f"{number:.15G}"
            return repr(number)
        return str(value)

    return convert


def _strings(values: list[Any], kind: Kind) -> pa.Array:
    """A column of cells as text; homogeneous columns are converted by Arrow, not per cell."""
    cleaned = [None if v == "" else v for v in values]
    try:
        array = pa.array(cleaned)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # mixed types: convert cell by cell
        convert = _cell_converter(kind)
        return pa.array([convert(v) for v in cleaned], type=pa.string())
    kind_of = array.type
    if kind is Kind.DATE and (pa.types.is_floating(kind_of) or pa.types.is_integer(kind_of)):
        serial = pc.cast(pc.floor(pc.cast(array, pa.float64())), pa.int64())
        days = pc.add(serial, (EXCEL_EPOCH - date(1970, 1, 1)).days)
        return pc.cast(pc.cast(pc.cast(days, pa.int32()), pa.date32()), pa.string())
    if pa.types.is_timestamp(kind_of) and kind is Kind.DATE:
        return pc.cast(pc.cast(array, pa.date32()), pa.string())
    if pa.types.is_boolean(kind_of):
        return pc.if_else(array, "true", "false")
    return pc.cast(array, pa.string())


def _load_xlsx(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    *,
    aliases: Mapping[str, str],
    required: Sequence[str],
    kinds: Mapping[str, Kind],
    data_sheet: str,
    stage: Stage,
) -> Loaded:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        names = list(workbook.sheet_names)
        name = data_sheet if data_sheet in names else names[0]
        # The formula scan inflates the sheet's XML again: on a thread, it mostly overlaps
        # calamine's parse (zlib releases the GIL).
        formulas = ThreadPoolExecutor(1, thread_name_prefix="beizeng-formulas")
        formula_found = formulas.submit(_first_formula, path, name)
        formulas.shutdown(wait=False)
        sheet = workbook.get_sheet_by_name(name)
        grid = sheet.to_python(skip_empty_area=False)
        merged = list(sheet.merged_cell_ranges or [])
    except CalamineError as exc:  # the base of every calamine failure; anything else is a bug
        raise _fail(path.name, workbook_problem(path.name, exc)) from exc
    label = f"{path.name}（工作表「{name}」）"
    if merged:
        ranges = "、".join(
            f"{_column_letter(a[1])}{a[0] + 1}:{_column_letter(b[1])}{b[0] + 1}"
            for a, b in merged[:5]
        )
        raise _fail(
            label, f"工作表含合并单元格 {ranges}：合并后只有左上角单元格有值，请取消合并并逐格填写"
        )
    formula = formula_found.result()
    if formula:
        raise _fail(label, f"工作表含公式（如 {formula} 单元格）：请复制后“选择性粘贴为数值”再导入")
    top = next((i for i, row in enumerate(grid) if any(c not in ("", None) for c in row)), None)
    if top is None:
        raise _fail(label, "文件为空：没有表头，也没有数据")
    raw_headers = [str(c) if c is not None else "" for c in grid[top]]
    mapped = _headers(raw_headers, file=label, aliases=aliases, required=required)
    columns = list(zip(*grid[top + 1 :], strict=True))  # calamine's grid is rectangular
    arrays: dict[str, pa.Array] = {}
    mapping: dict[str, str] = {}
    headers: dict[str, str] = {}
    for index, canonical in enumerate(mapped):
        if canonical and columns:
            arrays[f"c{index}"] = _strings(list(columns[index]), kinds[canonical])
            mapping[canonical] = f"c{index}"
            headers[canonical] = raw_headers[index].strip()
    numbers = pa.array(range(top + 2, top + 2 + (len(columns[0]) if columns else 0)), pa.int64())
    table = pa.table({"_row": numbers, **arrays})
    if arrays:  # blank rows are skipped but keep their place in the numbering
        filled = [pc.is_valid(array) for array in arrays.values()]
        mask = filled[0]
        for other in filled[1:]:
            mask = pc.or_(mask, other)
        table = table.filter(mask)
    if table.num_rows == 0:
        raise _fail(label, "文件只有表头，没有数据行")
    con.register("raw_arrow", table)
    try:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE staged AS {stage(mapping, 'raw_arrow', ('_row',))}"
        )
    finally:
        con.unregister("raw_arrow")
    return Loaded(headers, "_row", table.num_rows, "xlsx", name)
