"""Ledger import on both backends: accepted files, supersession, and every bad input of issue 3.

Each bad-input test checks the Chinese message and that nothing was stored: no submission row
and no Parquet file.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from beizeng.config import get_settings
from beizeng.errors import DataInvalid
from beizeng.institution.errors import InstitutionNotFound
from beizeng.kit.periods import Period, PeriodInvalid
from beizeng.ledger import rules, service
from beizeng.ledger.errors import LedgerInvalid
from beizeng.models.institution import Institution
from beizeng.models.ledger import LedgerSubmission
from tests.ledger.builders import (
    IMPORTED_AT,
    import_file,
    resident_id,
    row,
    uscc,
    write_csv,
    write_xlsx,
)

JUNE = Period(2022, 6)


def stored_files(home: Path) -> list[Path]:
    return sorted((home / "ledgers").rglob("*.parquet")) if (home / "ledgers").exists() else []


def submissions(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(LedgerSubmission)) or 0


def rejected(
    session: Session, home: Path, path: Path, *, code: str = "ICBCLL", period: Period = JUNE
) -> str:
    """Import ``path``, expect a refusal, check nothing new was stored; return the message."""
    before_rows, before_files = submissions(session), stored_files(home)
    with pytest.raises(DataInvalid) as caught:
        import_file(session, path, code=code, period=period)
    assert submissions(session) == before_rows
    assert stored_files(home) == before_files
    return caught.value.message


def test_valid_csv_is_stored_as_one_parquet_file_with_a_record(
    session: Session, bank: Institution, ledger_home: Path, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "june.csv", [row(1), row(2, balance="1234.5")])
    report = import_file(session, path, code="ICBCLL", period=JUNE)
    assert report.rows == 2
    assert str(report.total_balance) == "3001234.50"
    [file] = stored_files(ledger_home)
    assert (
        file == ledger_home / "ledgers" / "ICBCLL" / "2022-06" / f"{report.submission_id}.parquet"
    )
    record = session.get(LedgerSubmission, report.submission_id)
    assert record is not None and record.status == "current" and record.rows == 2
    assert record.actor == "test"


def test_reimport_supersedes_and_keeps_the_earlier_submission(
    session: Session, bank: Institution, ledger_home: Path, tmp_path: Path
) -> None:
    first = import_file(
        session, write_csv(tmp_path / "a.csv", [row(1)]), code="ICBCLL", period=JUNE
    )
    second = import_file(
        session, write_csv(tmp_path / "b.csv", [row(1), row(2)]), code="ICBCLL", period=JUNE
    )
    assert second.supersedes == first.submission_id
    rows = service.history(session, institution_code="ICBCLL")
    assert [(r.id, r.status) for r in rows] == [
        (second.submission_id, "current"),
        (first.submission_id, "superseded"),
    ]
    assert rows[1].superseded_by_id == second.submission_id
    assert len(stored_files(ledger_home)) == 2
    assert all(r.problem is None for r in service.verify_files(session, settings=get_settings()))


def test_verify_reports_a_changed_file(
    session: Session, bank: Institution, ledger_home: Path, tmp_path: Path
) -> None:
    import_file(session, write_csv(tmp_path / "a.csv", [row(1)]), code="ICBCLL", period=JUNE)
    [file] = stored_files(ledger_home)
    with file.open("ab") as fh:
        fh.write(b"tampered")
    [result] = service.verify_files(session, settings=get_settings())
    assert result.problem is not None and "sha256" in result.problem


def test_chinese_headers_and_words_and_gbk_encoding_are_accepted(
    session: Session, bank: Institution, ledger_home: Path, tmp_path: Path
) -> None:
    words = row(
        1,
        borrower_type="个体工商户",
        borrower_id=uscc(7, "92"),
        enterprise_size="",
        ownership="",
        purpose="经营性",
        guarantee_type="信用",
        risk_class="正常",
        green="是",
        renewal="N",
    )
    headers = [c.chinese for c in rules.COLUMNS]
    path = write_csv(tmp_path / "gbk.csv", [words], headers=headers, encoding="gbk")
    report = import_file(session, path, code="ICBCLL", period=JUNE)
    assert report.rows == 1 and report.encoding == "gb18030"


def test_utf8_bom_is_accepted(
    session: Session, bank: Institution, ledger_home: Path, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "bom.csv", [row(1)], encoding="utf-8-sig")
    report = import_file(session, path, code="ICBCLL", period=JUNE)
    assert report.rows == 1 and report.encoding == "utf-8"


def test_every_error_is_reported_with_row_column_value_and_rule(
    session: Session, bank: Institution, ledger_home: Path, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "bad.csv",
        [
            row(1),
            row(2, borrower_id="91110000600037341N"),
            row(
                3,
                borrower_type="farmer",
                borrower_id="36042619910102009X",
                enterprise_size="",
                ownership="",
            ),
            row(4, enterprise_size="", ownership="民营"),
            row(
                5,
                borrower_type="personal",
                borrower_id=resident_id(5),
                ownership="民营",
                enterprise_size="",
            ),
            row(6, county_code="140100", industry_code="B30", purpose="其他"),
            row(7, maturity_date="2022-01-10"),
            row(8, credit_line="-5", balance="1.234"),
            row(1),
        ],
    )
    message = rejected(session, ledger_home, path)
    assert message.startswith("发现 11 处错误，未写入任何数据。")
    expected = [
        "第 3 行，列「borrower_id」，值「911100********341N」：统一社会信用代码校验码错误",
        "第 4 行，列「borrower_id」，值「360426********009X」：公民身份号码校验码错误",
        "第 5 行，列「enterprise_size」：借款人类型为企业时必须填写企业规模",
        "第 6 行，列「ownership」，值「民营」：仅企业填写企业控股类型",
        "第 7 行，列「county_code」，值「140100」：不是吕梁市所辖县",
        "第 7 行，列「industry_code」，值「B30」：不是有效的国民经济行业代码",
        "第 7 行，列「purpose」，值「其他」：不是有效的取值：应为 经营性/消费",
        "第 8 行，列「maturity_date」，值「2022-01-10」：到期日期必须晚于发放日期",
        "第 9 行，列「credit_line」，值「-5」：金额不能为负数",
        "第 9 行，列「balance」，值「1.234」：金额最多保留两位小数",
        "第 10 行，列「loan_id」，值「JJ00000001」：借据编号在文件中重复：与第 2 行相同",
    ]
    for text in expected:
        assert text in message


def test_warnings_are_listed_but_not_fatal(
    session: Session, bank: Institution, ledger_home: Path, tmp_path: Path
) -> None:
    may = write_csv(tmp_path / "may.csv", [row(1)])
    import_file(session, may, code="ICBCLL", period=Period(2022, 5))
    june = write_csv(
        tmp_path / "june.csv",
        [
            row(
                1, balance="6000000", interest_rate="0.40", first_loan="是", start_date="2022-06-01"
            ),
            row(2, first_loan="是", start_date="2022-06-02"),
            row(1, loan_id="OLD", first_loan="是"),  # granted before June: its flag is history
        ],
    )
    report = import_file(session, june, code="ICBCLL", period=JUNE)
    rules_seen = {(w.row, w.column, w.rule[:8]) for w in report.warnings}
    assert rules_seen == {
        (2, "balance", "贷款余额大于单户"),
        (2, "interest_rate", "年利率超出 0–"),
        (2, "first_loan", "本月新发放的首贷"),
    }


def test_errors_out_writes_a_workbook_with_offending_cells_highlighted(
    session: Session, bank: Institution, ledger_home: Path, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "bad.csv", [row(1), row(2, balance="1,000.00")])
    out = tmp_path / "errors.xlsx"
    with pytest.raises(LedgerInvalid) as caught:
        service.import_ledger(
            session,
            settings=get_settings(),
            now=IMPORTED_AT,
            path=path,
            institution_code="ICBCLL",
            period=JUNE,
            errors_out=out,
        )
    assert str(out) in caught.value.message
    book = load_workbook(out)
    listing = [list(r) for r in book["错误清单"].iter_rows(min_row=2, values_only=True)]
    assert listing == [[3, "balance", "1,000.00", listing[0][3], "错误"]]
    assert "千位分隔符" in listing[0][3]
    rows = book["出错行"]
    assert rows.cell(row=2, column=1).value == 3
    balance = rows.cell(row=2, column=2 + list(rules.COLUMN_NAMES).index("balance"))
    assert balance.value == "1,000.00" and balance.fill.fgColor.rgb.endswith("FFC7CE")
    assert balance.comment is not None and "千位分隔符" in balance.comment.text


def test_empty_file_is_refused(
    session: Session, bank: Institution, ledger_home: Path, tmp_path: Path
) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    assert "文件为空" in rejected(session, ledger_home, path)


def test_header_only_file_is_refused(
    session: Session, bank: Institution, ledger_home: Path, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "head.csv", [])
    assert "只有表头，没有数据行" in rejected(session, ledger_home, path)


def test_missing_column_is_named(
    session: Session, bank: Institution, ledger_home: Path, tmp_path: Path
) -> None:
    path = tmp_path / "missing.csv"
    names = [n for n in rules.COLUMN_NAMES if n != "risk_class"]
    path.write_text(
        ",".join(names) + "\n" + ",".join(row(1)[n] for n in names) + "\n", encoding="utf-8"
    )
    assert "缺少必填列「risk_class」" in rejected(session, ledger_home, path)


def test_duplicated_column_under_chinese_and_english_names_is_refused(
    session: Session, bank: Institution, ledger_home: Path, tmp_path: Path
) -> None:
    path = tmp_path / "dup.csv"
    names = [*rules.COLUMN_NAMES, "贷款余额"]
    values = [row(1)[n] for n in rules.COLUMN_NAMES] + ["1.00"]
    path.write_text(",".join(names) + "\n" + ",".join(values) + "\n", encoding="utf-8")
    assert "列重复：与「balance」是同一列" in rejected(session, ledger_home, path)


def test_undecodable_file_is_refused(
    session: Session, bank: Institution, ledger_home: Path, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "bin.csv", [row(1)])
    path.write_bytes(path.read_bytes().replace("吕梁测试企业1".encode(), b"\xff\xfe\xff\x81"))
    assert "文件编码无法识别" in rejected(session, ledger_home, path)


def test_file_above_the_size_limit_is_refused_before_reading(
    session: Session,
    bank: Institution,
    ledger_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BEIZENG_MAX_UPLOAD_BYTES", "1000")
    get_settings.cache_clear()
    path = tmp_path / "big.csv"
    with path.open("wb") as fh:  # a sparse 2 GB file: reading it would exhaust the test
        fh.truncate(2 * 1024**3)
    message = rejected(session, ledger_home, path)
    assert "文件超过大小上限 1,000 字节" in message and "BEIZENG_MAX_UPLOAD_BYTES" in message


def test_thousands_separators_and_wan_yuan_are_refused_saying_the_unit_is_yuan(
    session: Session, bank: Institution, ledger_home: Path, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "units.csv", [row(1, credit_line="5,000,000.00", balance="300万")])
    message = rejected(session, ledger_home, path)
    assert (
        "列「credit_line」，值「5,000,000.00」：金额不能含千位分隔符（逗号）：单位为元" in message
    )
    assert "列「balance」，值「300万」：金额单位应为元，不接受万元" in message


def test_wan_yuan_header_is_refused_saying_the_unit_is_yuan(
    session: Session, bank: Institution, ledger_home: Path, tmp_path: Path
) -> None:
    headers = [("贷款余额（万元）" if n == "balance" else n) for n in rules.COLUMN_NAMES]
    path = write_csv(tmp_path / "wan.csv", [row(1)], headers=headers)
    message = rejected(session, ledger_home, path)
    assert "列「贷款余额（万元）」" in message and "金额单位应为元" in message


def test_excel_serial_date_in_csv_is_refused_with_an_explanation(
    session: Session, bank: Institution, ledger_home: Path, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "serial.csv", [row(1, start_date="44571")])
    assert "值「44571」：这是 Excel 日期序列号" in rejected(session, ledger_home, path)


def test_scientific_notation_in_id_columns_is_explained_as_excel_corruption(
    session: Session, bank: Institution, ledger_home: Path, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "sci.csv",
        [
            row(
                1,
                borrower_type="personal",
                borrower_id="1.41102E+17",
                enterprise_size="",
                ownership="",
                loan_id="2.02206E+15",
            )
        ],
    )
    message = rejected(session, ledger_home, path)
    assert "列「borrower_id」，值「1.41102E+17」：证件号码显示为科学计数法：这是 Excel" in message
    assert "列「loan_id」，值「2.02206E+15」：借据编号显示为科学计数法" in message


def test_unknown_institution_is_refused(
    session: Session, bank: Institution, ledger_home: Path, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "a.csv", [row(1)])
    with pytest.raises(InstitutionNotFound) as caught:
        import_file(session, path, code="NOSUCH", period=JUNE)
    assert "机构代码「NOSUCH」不在机构名录中" in caught.value.message
    assert submissions(session) == 0 and stored_files(ledger_home) == []


def test_month_thirteen_is_not_a_period() -> None:
    with pytest.raises(PeriodInvalid) as caught:
        Period.parse("2022-13")
    assert "月份 13 不存在" in caught.value.message


def test_loan_starting_after_the_period_end_is_refused(
    session: Session, bank: Institution, ledger_home: Path, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "future.csv", [row(1, start_date="2022-07-01", maturity_date="2023-07-01")]
    )
    assert "发放日期晚于报送期末 2022-06-30" in rejected(session, ledger_home, path)


# --- XLSX ----------------------------------------------------------------------------------


def test_xlsx_with_real_dates_numbers_and_chinese_headers_is_accepted(
    session: Session, bank: Institution, ledger_home: Path, tmp_path: Path
) -> None:
    from datetime import date

    values = row(1) | {
        "credit_line": 5000000,
        "balance": 1234.5,
        "interest_rate": 0.0435,
        "start_date": date(2022, 1, 10),
        "maturity_date": 45000,  # an Excel serial number: 2023-03-15
        "county_code": 141102,
        "borrower_type": "企业",
    }
    path = write_xlsx(tmp_path / "ok.xlsx", [values])
    report = import_file(session, path, code="ICBCLL", period=JUNE)
    assert report.rows == 1 and report.sheet == "贷款台账"
    assert str(report.total_balance) == "1234.50"


def test_xlsx_18_digit_id_stored_as_a_number_is_explained(
    session: Session, bank: Institution, ledger_home: Path, tmp_path: Path
) -> None:
    values = row(1, borrower_type="personal", enterprise_size="", ownership="") | {
        "borrower_id": 141102198001010011
    }
    path = write_xlsx(tmp_path / "num.xlsx", [values])
    assert "证件号码显示为科学计数法" in rejected(session, ledger_home, path)


def test_xlsx_reads_the_sheet_named_like_the_template_else_the_first(
    session: Session, bank: Institution, ledger_home: Path, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "many.xlsx", [row(1)], sheet="说明")
    book = load_workbook(path)
    data = book.create_sheet("贷款台账")
    data.append(list(rules.COLUMN_NAMES))
    data.append([row(1)[n] for n in rules.COLUMN_NAMES])
    data.append([row(2)[n] for n in rules.COLUMN_NAMES])
    book.save(path)
    report = import_file(session, path, code="ICBCLL", period=JUNE)
    assert report.sheet == "贷款台账" and report.rows == 2


def test_xlsx_merged_cells_are_refused(
    session: Session, bank: Institution, ledger_home: Path, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "merged.xlsx", [row(1), row(2)])
    book = load_workbook(path)
    book["贷款台账"].merge_cells("D2:D3")
    book.save(path)
    assert "工作表含合并单元格 D2:D3" in rejected(session, ledger_home, path)


def test_xlsx_formulas_are_refused(
    session: Session, bank: Institution, ledger_home: Path, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "formula.xlsx", [row(1)])
    book = load_workbook(path)
    book["贷款台账"]["K2"] = "=J2/2"
    book.save(path)
    assert "工作表含公式（如 K2 单元格）" in rejected(session, ledger_home, path)


def test_xlsx_empty_workbook_is_refused(
    session: Session, bank: Institution, ledger_home: Path, tmp_path: Path
) -> None:
    path = tmp_path / "blank.xlsx"
    Workbook().save(path)
    assert "文件为空" in rejected(session, ledger_home, path)


def test_no_temporary_files_are_left_behind(
    session: Session, bank: Institution, ledger_home: Path, tmp_path: Path
) -> None:
    import_file(
        session, write_csv(tmp_path / "a.csv", [row(1)], encoding="gbk"), code="ICBCLL", period=JUNE
    )
    leftovers = [p for p in ledger_home.rglob("*") if p.is_file() and p.suffix != ".parquet"]
    assert leftovers == []
    assert not any(
        name.startswith(".tmp-") for name in os.listdir(stored_files(ledger_home)[0].parent)
    )


def test_csv_row_with_a_wrong_number_of_fields_is_named(
    session: Session, bank: Institution, ledger_home: Path, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "fields.csv", [row(1), row(2)])
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] += ",extra"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert "第 3 行：该行有 21 列，而表头有 20 列" in rejected(session, ledger_home, path)


def test_spaces_around_values_are_ignored_and_blank_cells_are_required(
    session: Session, bank: Institution, ledger_home: Path, tmp_path: Path
) -> None:
    padded = row(
        1,
        loan_id=" JJ1 ",
        borrower_type=" 企业 ",
        credit_line=" 5000000.00",
        start_date="2022-01-10 ",
        county_code=" 141102",
        interest_rate=" 4.35% ",
        green=" 是",
        industry_code=" C 3011",
    )
    path = write_csv(tmp_path / "padded.csv", [padded])
    report = import_file(session, path, code="ICBCLL", period=JUNE)
    assert report.rows == 1 and report.total_credit_line == 5000000
    blank = write_csv(tmp_path / "blank.csv", [row(1, risk_class="  ", balance=" ")])
    message = rejected(session, ledger_home, blank, period=Period(2022, 7))
    assert "列「balance」，值「 」：必填项为空" in message
    assert "列「risk_class」，值「  」：必填项为空" in message
