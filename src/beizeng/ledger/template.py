"""The Excel template of the loan ledger a bank clerk fills (issue 3, point 1).

The data sheet comes first and carries only the header row, so a filled template imports as is.
Identifier columns are formatted as text (Excel then cannot turn an 18-digit ID into scientific
notation), dates as ``yyyy-mm-dd``, money as ``0.00``; every enum has a drop-down list.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from beizeng.kit.files import write_output
from beizeng.kit.sheets import (
    ROWS,
    header_row,
    instructions_sheet,
    list_validation,
    notes_sheet,
    workbook_bytes,
)
from beizeng.ledger import rules
from beizeng.ledger.rules import Kind
from beizeng.ledger.validate import DATA_SHEET

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


def write_ledger_template(target: Path) -> None:
    """The loan-ledger template: data sheet, column notes, instructions."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = DATA_SHEET
    header_row(sheet, [c.chinese for c in rules.COLUMNS])
    notes: list[list[str]] = []
    for index, column in enumerate(rules.COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, len(column.chinese) * 3)
        sheet.column_dimensions[letter].number_format = FORMATS[column.kind]
        sheet.cell(row=1, column=index).comment = Comment(
            f"{column.name}：{column.note}", "beizeng"
        )
        if column.kind is Kind.ENUM:
            list_validation(sheet, index, list(rules.ENUMS[column.name].values()))
        elif column.kind is Kind.BOOL:
            list_validation(sheet, index, ["是", "否"])
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
    notes_sheet(book, "填写说明", notes)
    instructions_sheet(book, LEDGER_INSTRUCTIONS)
    write_output(target, workbook_bytes(book))
