"""The bulletin: GB/T 9704 layout, prose from the numbers, failing institutions named, headings
numbered without gaps, the platform's obligations, ``--date``/``--number``/``--pdf``.

The demo's bulletin rendered to PDF and measured is ``test_bulletin_pdf.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from beizeng.kit.periods import Period
from beizeng.monitor import service as monitor
from beizeng.monitor.evaluation import Evaluation
from beizeng.monitor.metrics import REGISTRY
from beizeng.reference.workdays import PACKAGE_ONLY
from beizeng.reports import officialdoc, pdf, service, tablelayout
from beizeng.reports.bulletin import BulletinOptions, compose_bulletin
from beizeng.reports.document import Figure, Heading, Table, chinese_numeral, numbered
from beizeng.reports.notices import compose_notice
from tests.conftest import CliResult
from tests.monitor.conftest import banks, example_home, ledger_home  # noqa: F401
from tests.monitor.ledgers import above_a_year_earlier, import_example, plan_of

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "bulletin"
TITLE_LINE = "倍增工程指标完成情况的通报"


@pytest.fixture
def written(banks: Session, tmp_path: Path) -> service.BulletinWritten:  # noqa: F811
    import_example(banks, tmp_path / "in")
    return service.write_bulletin(
        banks,
        plan=monitor.load_plan(),
        period=Period(2022, 12),
        out=tmp_path / "out" / "bulletin.docx",
        xlsx=tmp_path / "out" / "indicators.xlsx",
        number="银吕发〔2022〕35号",
        signed_on=date(2023, 1, 16),
    )


def _texts(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs]


def test_page_follows_gb_t_9704(written: service.BulletinWritten) -> None:
    doc = Document(str(written.docx))
    section = doc.sections[0]
    width, height = section.page_width, section.page_height
    top, bottom, left, right = (
        section.top_margin,
        section.bottom_margin,
        section.left_margin,
        section.right_margin,
    )
    assert width and height and top and bottom and left and right
    # Stored in twentieths of a point: compare to a tenth of a millimetre.
    assert (round(width.mm, 1), round(height.mm, 1)) == (210, 297)
    assert (round(top.mm, 1), round(left.mm, 1)) == (37, 28)
    assert round(width.mm - left.mm - right.mm, 1) == 156
    assert round(height.mm - top.mm - bottom.mm, 1) == 225


def test_head_has_red_mark_number_and_title_in_the_right_sizes(
    written: service.BulletinWritten,
) -> None:
    paragraphs = Document(str(written.docx)).paragraphs
    mark = paragraphs[0].runs[0]
    assert paragraphs[0].text == "中国人民银行吕梁市中心支行文件"
    assert str(mark.font.color.rgb) == "FF0000"
    assert paragraphs[1].text == "银吕发〔2022〕35号"
    title = next(p for p in paragraphs if p.text == TITLE_LINE)
    assert title.runs[0].font.size == Pt(22)
    assert title.alignment == 1  # centred


def test_body_is_fangsong_3hao_with_east_asian_font_names(
    written: service.BulletinWritten,
) -> None:
    paragraphs = Document(str(written.docx)).paragraphs
    body = next(p for p in paragraphs if p.text.startswith("根据《"))
    run = body.runs[0]
    assert run.font.size == Pt(16)
    assert run._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    heading = next(p for p in paragraphs if p.text.startswith("一、"))
    assert heading.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    sub = next(p for p in paragraphs if p.text.startswith("（一）"))
    assert sub.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "楷体_GB2312"


def test_prose_comes_from_the_numbers(written: service.BulletinWritten) -> None:
    text = "\n".join(_texts(written.docx))
    # City loans 7,200,000 yuan = 720.00 万元, growth 200.00% against a target of 10.00%.
    assert "吕梁市各项贷款余额720.00万元，同比增速200.00%，目标为不低于10.00%，达到目标。" in text
    assert "2023年1月16日" in text


def test_institutions_failing_a_target_are_named(written: service.BulletinWritten) -> None:
    text = "\n".join(_texts(written.docx))
    # Bank B has no 2021-12 snapshot: it cannot be judged, and says so.
    assert "因数据缺失暂无法评估：乙农商银行" in text


def test_tables_by_institution_and_county(written: service.BulletinWritten) -> None:
    tables = Document(str(written.docx)).tables
    cells = [[c.text for c in row.cells] for t in tables for row in t.rows]
    assert [c.replace("\n", "") for c in cells[0][:3]] == ["机构", "各项贷款（万元）", "同比（%）"]
    assert cells[1][:3] == ["甲银行吕梁分行", "665.00", "177.08"]  # 6,650,000 / 2,400,000 − 1
    assert any(row[0] == "文水县" and row[1] == "55.00" for row in cells)


def test_workbook_has_the_results_and_indicators(written: service.BulletinWritten) -> None:
    assert written.xlsx is not None
    book = load_workbook(written.xlsx)
    assert book.sheetnames[:3] == ["目标评估", "指标", "机构排名"]
    rows = list(book["指标"].iter_rows(values_only=True))
    loans = next(r for r in rows if r[0] == "loans" and r[2] == "141100")
    assert loans[5] == 7_200_000 and loans[6] == 2_400_000 and loans[7] == 2


def test_headings_tables_and_figures_are_numbered_without_gaps() -> None:
    """A target left out (no city-level subject) or a section left out leaves no gap."""
    blocks = (
        Heading("全市"),
        Heading("甲", level=2),
        Heading("乙", level=2),
        Table("分机构", ("机构",), ()),
        Heading("分县"),
        Heading("丙", level=2),
        Heading("1", level=3),
        Figure("走势", b""),
        Heading("不编号", numbered=False),
        Table("分县", ("县（市、区）",), ()),
    )
    out = numbered(blocks)
    texts = [b.text if isinstance(b, Heading) else getattr(b, "title", "") for b in out]
    assert texts[:3] == ["一、全市", "（一）甲", "（二）乙"]
    assert texts[4:7] == ["二、分县", "（一）丙", "1.1"]
    assert out[3] == Table("表1  分机构", ("机构",), ())
    assert out[7] == Figure("图1  走势", b"")
    assert texts[8] == "不编号" and texts[9] == "表2  分县"
    assert [chinese_numeral(n) for n in (1, 10, 11, 15, 18, 20, 21)] == [
        "一",
        "十",
        "十一",
        "十五",
        "十八",
        "二十",
        "二十一",
    ]


def test_a_table_is_laid_out_within_the_type_area_without_breaking_a_number() -> None:
    names = ["中国邮政储蓄银行吕梁市分行", "中国农业发展银行吕梁市分行", "甲银行"]
    figures = ["64,309.15", "-15.59", "1,234"]
    header = ["机构", "各项贷款（万元）", "同比（%）", "普惠小微户数（户）"]
    rows = [[n, figures[0], figures[1], figures[2]] for n in names]
    fitted = tablelayout.layout(header, rows, [False, True, True, True])
    assert fitted.size_pt == 12.0 and abs(fitted.width_mm - 156.0) < 0.01
    em = 12.0 * tablelayout.PT_MM
    frame = 2 * tablelayout.PADDING_MM + tablelayout.SLACK_MM
    for width, figure in zip(fitted.widths_mm[1:], figures, strict=True):
        assert width >= tablelayout.text_em(figure) * em + frame
    assert tablelayout.balanced_lines("普惠小微户数（户）", fitted.widths_mm[3]) in (
        ["普惠小微户数", "（户）"],
        ["普惠小", "微户数", "（户）"],
    )
    # Forty columns of figures cannot fit: shrunk to the type area rather than overflowing it.
    wide = tablelayout.layout(["余额（万元）"] * 40, [["64,309.15"] * 40], [True] * 40)
    assert abs(wide.width_mm - 156.0) < 0.01


def test_the_bulletin_command_takes_the_date_and_the_number(
    example_home: Path,  # noqa: F811
    cli: Callable[..., CliResult],
    tmp_path: Path,
) -> None:
    out = tmp_path / "b" / "bulletin.docx"
    result = cli(
        "monitor",
        "bulletin",
        "--period",
        "2022-12",
        "--out",
        out,
        "--date",
        "2023-02-03",
        "--number",
        "银吕发〔2023〕7号",
        "--no-pdf",
    )
    assert result.exit_code == 0, result.stderr
    texts = _texts(out)
    assert texts[1] == "银吕发〔2023〕7号" and "2023年2月3日" in texts
    assert not out.with_suffix(".pdf").exists() and "PDF" not in result.stdout


def test_without_libreoffice_the_bulletin_fails_in_chinese_and_writes_nothing(
    example_home: Path,  # noqa: F811
    cli: Callable[..., CliResult],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pdf, "PROGRAMS", ("no-such-office",))
    out = tmp_path / "b" / "bulletin.docx"
    result = cli("monitor", "bulletin", "--period", "2022-12", "--out", out, "--date", "2023-01-16")
    assert result.exit_code == 1
    assert "无法生成 PDF：未找到 LibreOffice（soffice）" in result.stderr
    assert "--no-pdf" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()  # rendered in memory first: no docx without its PDF


def test_the_demo_date_is_the_first_working_day_from_the_fifteenth() -> None:
    assert service.issue_date(Period(2022, 12), PACKAGE_ONLY) == date(2023, 1, 16)  # 15th: Sun
    assert service.issue_date(Period(2022, 9), PACKAGE_ONLY) == date(2022, 10, 17)  # 国庆 + Sun


PLATFORM_PLAN = plan_of(
    above_a_year_earlier("loans_up", "各项贷款高于上年同期", "loans", ("city", "banks")),
    above_a_year_earlier("first_loans", "首贷户按期公布", "first_loan_borrowers"),
)
PLATFORM_SECTION = "四、综合金融服务平台服务义务落实情况"


@pytest.fixture
def platform_evaluation(banks: Session, tmp_path: Path) -> Evaluation:  # noqa: F811
    import_example(banks, tmp_path / "in")
    return monitor.evaluate(banks, plan=PLATFORM_PLAN, period=Period(2022, 12))


def _bulletin_texts(evaluation: Evaluation) -> list[str]:
    """The numbered texts of the bulletin composed from ``evaluation`` (no charts)."""
    options = BulletinOptions(number="银吕发〔2022〕35号", signed_on=date(2023, 1, 16))
    document = compose_bulletin(
        evaluation, trends=(), improvements=(), options=options, with_charts=False
    )
    return [getattr(b, "text", "") for b in numbered(document.blocks)]


def _as_platform_metric(monkeypatch: pytest.MonkeyPatch, slug: str) -> None:
    """Judge ``slug`` as a platform metric (C-3.4.1, C-3.4.2) for the rest of the test."""
    monkeypatch.setitem(REGISTRY, slug, replace(REGISTRY[slug], kind="platform"))


def test_platform_targets_have_their_own_section_naming_the_late_banks(
    banks: Session,  # noqa: F811
    platform_evaluation: Evaluation,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A target on a platform metric (C-3.4.1, C-3.4.2) is reported in the section on the
    platform's obligations, not among the ledger targets, with the late banks' figures; the
    notices list it like any failed target. First-loan borrowers stand in for a platform metric
    here (helper E's metrics are the real ones)."""
    assert not any("服务义务" in text for text in _bulletin_texts(platform_evaluation))
    _as_platform_metric(monkeypatch, "first_loan_borrowers")
    texts = _bulletin_texts(platform_evaluation)
    section = texts.index(PLATFORM_SECTION)
    assert texts[section + 1] == "（一）首贷户按期公布"
    assert "1家未按期：甲银行吕梁分行（首贷户数1户，目标为高于1户，差0户）" in texts[section + 2]
    assert texts.count("（一）首贷户按期公布") == 1  # not also among the ledger targets
    assert texts[section + 3] == "五、上期督导通报整改情况"
    [draft] = service.draft_notices(
        banks, plan=PLATFORM_PLAN, period=Period(2022, 12), evaluation=platform_evaluation
    ).drafts
    notice = compose_notice(
        draft.subject, draft.results, platform_evaluation, number="n", signed_on=date(2023, 1, 16)
    )
    notice_texts = [getattr(b, "text", "") for b in numbered(notice.blocks)]
    assert "（一）首贷户按期公布" in notice_texts and "二、整改要求" in notice_texts


def test_the_platform_section_says_all_were_on_time_when_none_is_late(
    platform_evaluation: Evaluation, monkeypatch: pytest.MonkeyPatch
) -> None:
    _as_platform_metric(monkeypatch, "loans")
    texts = _bulletin_texts(platform_evaluation)
    section = texts.index(PLATFORM_SECTION)
    assert texts[section + 1] == "各银行业金融机构均已按期履行综合金融服务平台服务义务。"


def test_a_negative_number_keeps_its_sign_and_a_date_its_dash() -> None:
    assert officialdoc.unbroken_numbers("（2022-06）增速-20.75%，差额-1,234，LL-001") == (
        "（2022-06）增速\u221220.75%，差额\u22121,234，LL-001"
    )
