"""Excel templates a bank clerk fills: loan ledger and institution statistics (issue 3, point 1).

The data sheet comes first and carries only the header row, so a filled template imports as is.
Identifier columns are formatted as text (Excel then cannot turn an 18-digit ID into scientific
notation), dates as ``yyyy-mm-dd``, money as ``0.00``; every enum has a drop-down list.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from beizeng.ledger import rules
from beizeng.ledger.rules import Kind
from beizeng.ledger.validate import DATA_SHEET

ROWS = 100_000
"""Rows of the data sheet that get formats and drop-downs."""
STATS_SHEET = "机构统计"
HEAD = PatternFill("solid", fgColor="DDEBF7")
BOLD = Font(bold=True)

FORMATS = {
    Kind.ID: "@",
    Kind.TEXT: "@",
    Kind.CODE: "@",
    Kind.ENUM: "@",
    Kind.BOOL: "@",
    Kind.MONEY: "0.00",
    Kind.RATE: "0.0000",
    Kind.DATE: "yyyy-mm-dd",
}

LEDGER_INSTRUCTIONS = (
    "贷款台账填写说明",
    "1. 一个文件 = 一家机构在一个月末的全部贷款快照，每笔借据一行；导入命令："
    "beizeng ledger import 文件 --institution 机构代码 --period YYYY-MM。",
    "2. 只在「贷款台账」工作表填写，不要改动表头，不要合并单元格，不要使用公式（请粘贴为数值）。",
    "3. 金额单位为元，最多两位小数，不要千位分隔符，不要写“万元”。",
    "4. 日期格式 YYYY-MM-DD；到期日期须晚于发放日期。",
    "5. 证件号码、借据编号、行业代码、县区代码请保持“文本”格式，"
    "否则 Excel 会把 18 位号码变成科学计数法并丢失末位。",
    "6. 企业规模、企业控股类型只在借款人类型为“企业”时填写，其他类型留空。",
    "7. 年利率按小数填写（0.0435 表示 4.35%），是否类列填 是/否。",
    "8. 也可导出为 CSV（UTF-8 或 GBK 编码）后导入，列名可用中文或英文。",
    "9. 有任何错误时整份文件不入库；加 --errors-out 错误.xlsx 可得到标红出错单元格的清单。",
)


def _header(sheet: Worksheet, titles: list[str]) -> None:
    sheet.append(titles)
    for cell in sheet[1]:
        cell.font = BOLD
        cell.fill = HEAD
        cell.alignment = Alignment(horizontal="center")
    sheet.freeze_panes = "A2"


def _list_validation(sheet: Worksheet, column: int, words: list[str]) -> None:
    letter = get_column_letter(column)
    check = DataValidation(type="list", formula1='"' + ",".join(words) + '"', allow_blank=True)
    check.error = "请从下拉列表中选择：" + "、".join(words)
    check.errorTitle = "取值无效"
    check.add(f"{letter}2:{letter}{ROWS + 1}")
    sheet.add_data_validation(check)


def _notes_sheet(book: Workbook, title: str, lines: list[list[str]]) -> None:
    sheet = book.create_sheet(title)
    _header(sheet, ["列名", "英文列名", "是否必填", "格式或取值", "说明"])
    for line in lines:
        sheet.append(line)
    for column, width in zip("ABCDE", (16, 18, 22, 40, 60), strict=True):
        sheet.column_dimensions[column].width = width


def _instructions(book: Workbook, lines: tuple[str, ...]) -> None:
    sheet = book.create_sheet("使用说明")
    for line in lines:
        sheet.append([line])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 120


def write_ledger_template(target: Path) -> None:
    """The loan-ledger template: data sheet, column notes, instructions."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = DATA_SHEET
    _header(sheet, [c.chinese for c in rules.COLUMNS])
    notes: list[list[str]] = []
    for index, column in enumerate(rules.COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, len(column.chinese) * 3)
        sheet.column_dimensions[letter].number_format = FORMATS[column.kind]
        sheet.cell(row=1, column=index).comment = Comment(
            f"{column.name}：{column.note}", "beizeng"
        )
        if column.kind is Kind.ENUM:
            _list_validation(sheet, index, list(rules.ENUMS[column.name].values()))
        elif column.kind is Kind.BOOL:
            _list_validation(sheet, index, ["是", "否"])
        elif column.kind is Kind.MONEY:
            money = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
            money.error = "金额单位为元，须为非负数"
            money.add(f"{letter}2:{letter}{ROWS + 1}")
            sheet.add_data_validation(money)
        elif column.kind is Kind.DATE:
            day = DataValidation(type="date", operator="greaterThan", formula1="DATE(1950,1,1)")
            day.error = "请填写日期（YYYY-MM-DD）"
            day.add(f"{letter}2:{letter}{ROWS + 1}")
            sheet.add_data_validation(day)
        required = "企业必填，其他留空" if column.conditional else "必填"
        notes.append([column.chinese, column.name, required, FORMATS[column.kind], column.note])
    _notes_sheet(book, "填写说明", notes)
    _instructions(book, LEDGER_INSTRUCTIONS)
    target.parent.mkdir(parents=True, exist_ok=True)
    book.save(target)


def write_stats_template(target: Path) -> None:
    """The institution-statistics template (long format: one value per row)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = STATS_SHEET
    _header(sheet, ["期间", "机构代码", "指标", "数值"])
    for letter, width, fmt in (("A", 10, "@"), ("B", 14, "@"), ("C", 24, "@"), ("D", 20, "0.00")):
        sheet.column_dimensions[letter].width = width
        sheet.column_dimensions[letter].number_format = fmt
    _list_validation(sheet, 3, list(rules.KNOWN_METRICS))
    notes = [
        ["期间", "period", "必填", "YYYY-MM", "统计所属月末，如 2022-06"],
        ["机构代码", "institution_code", "必填", "文本", "机构名录中的代码"],
        [
            "指标",
            "metric",
            "必填",
            "指标代码",
            "；".join(f"{k} {v}" for k, v in rules.KNOWN_METRICS.items()),
        ],
        ["数值", "value", "必填", "数字，最多四位小数", "金额单位为元；比例按小数填写"],
    ]
    _notes_sheet(book, "填写说明", notes)
    _instructions(
        book,
        (
            "机构统计填写说明",
            "1. 每行一个数值：期间、机构代码、指标、数值；导入命令：beizeng stats import 文件。",
            "2. 同一期间、机构、指标再次导入时，新值取代旧值，旧值保留在历史中。",
            "3. 金额单位为元，不要千位分隔符，不要写“万元”。",
        ),
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    book.save(target)
