"""``monitor.lineage.explain``: every figure down to the rows it counts (issue 14 point 3).

On the hand-built ledgers of ``tests/monitor/ledgers.py`` (2022-12: bank A in 离石区 and bank B
in 文水县; bank A's deposits): the value of every metric for the city, a county and a bank is the
evaluation's, balances add up and borrower counts count exactly, each row names its submission
and version, the reasons follow the plan's threshold in both calibers, borrower ids are masked,
and a bank reaches only its own figures."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from beizeng.access.errors import ActionRefused, NotSignedIn
from beizeng.access.principal import Principal
from beizeng.kit.periods import Period
from beizeng.monitor import service
from beizeng.monitor.errors import MetricUnknown, MonitorNoData, SubjectUnknown
from beizeng.monitor.lineage import explain, explain_href, target_href
from beizeng.monitor.metrics import METRICS
from tests.monitor.ledgers import E1, E2, P, X, import_example, import_rows, ledger_2022

DECEMBER = Period.parse("2022-12")
PBOC = Principal(1, "pboc", "人民银行", "pboc")
GOV = Principal(2, "gov", "政府部门", "gov", department="金融办")
BANK_A = Principal(3, "a", "甲银行", "bank", institution_code="BANKA", institution_name="甲")
BANK_B = Principal(4, "b", "乙银行", "bank", institution_code="BANKB", institution_name="乙")
WENSHUI = Principal(5, "ws", "文水县支行", "pboc", county_code="141121")


@pytest.fixture
def example(banks: Session, tmp_path: Path) -> Session:
    import_example(banks, tmp_path / "in")
    return banks


def _evaluated(session: Session) -> dict[tuple[str, str], Decimal | None]:
    plan = service.load_plan(session=session)
    evaluation = service.evaluate(session, plan=plan, period=DECEMBER)
    return {(i.metric, i.subject.code): i.snapshots.value.value for i in evaluation.indicators}


@pytest.mark.parametrize("subject", ["141100", "141102", "BANKA", "national"])
def test_every_metric_explains_to_the_evaluations_value_with_rows_that_add_up(
    example: Session, subject: str
) -> None:
    evaluated = _evaluated(example)
    for metric in METRICS:
        e = explain(example, principal=PBOC, period=DECEMBER, metric=metric.slug, subject=subject)
        assert e.value == evaluated.get((metric.slug, subject)), metric.slug
        if e.value is None:
            assert e.reason, metric.slug
            continue
        if metric.kind in ("sum", "statistic"):
            assert sum((r.balance or Decimal(0) for r in e.rows), Decimal(0)) == e.value
        elif metric.kind == "distinct":
            assert len(e.rows) == e.value, metric.slug
            assert len({r.borrower_id for r in e.rows}) == len(e.rows)
        elif metric.kind == "ratio":
            assert e.numerator is not None and e.denominator
            assert e.value == e.numerator / e.denominator
        for composition in e.compositions:
            if metric.kind == "sum":
                assert sum(p.value for p in composition.parts) == e.value, composition.key


def test_the_city_counts_a_borrower_of_two_banks_once_with_both_submissions(
    example: Session,
) -> None:
    e = explain(
        example,
        principal=PBOC,
        period=DECEMBER,
        metric="inclusive_smb_borrowers",
        subject="141100",
    )
    [both] = [r for r in e.rows if "、" in r.institution]
    assert both.borrower_id == X and both.loan_id == "JJ00000007、JJ00000008"
    assert both.institution == "甲银行吕梁分行、乙农商银行"
    assert both.balance == Decimal("250000.00")
    assert {s.version for s in both.sources} == {1}
    assert all(s.submission_id for s in both.sources)
    # P (a micro-firm owner) owes nothing: not a borrower of the count, although 普惠小微.
    assert P[:6] not in {r.borrower_id[:6] for r in e.rows if r.borrower_id}


def test_the_threshold_in_both_calibers_pboc_below_cbirc_up_to(example: Session) -> None:
    pboc = explain(
        example, principal=PBOC, period=DECEMBER, metric="inclusive_smb", subject="BANKA"
    )
    cbirc = explain(
        example, principal=PBOC, period=DECEMBER, metric="inclusive_smb_cbirc", subject="BANKA"
    )
    by_borrower = {r.borrower_id: r.reasons for r in pboc.rows}
    assert E1 not in by_borrower  # 授信 exactly 1,000 万元 is not below the threshold
    assert by_borrower[E2] == "授信 999.999999万元 < 1,000.00万元；微型企业；经营性"
    cbirc_reasons = {r.borrower_id: r.reasons for r in cbirc.rows}
    assert cbirc_reasons[E1] == "授信 1,000.00万元 ≤ 1,000.00万元；小型企业；经营性"
    [caliber] = [c for c in cbirc.compositions if c.key == "caliber"]
    only = {p.code: p.value for p in caliber.parts}
    assert only["cbirc_only"] == Decimal("1000000.00")


def test_rows_name_their_submission_and_its_version_after_a_resubmission(
    example: Session, tmp_path: Path
) -> None:
    bank_a, _ = ledger_2022()
    import_rows(example, tmp_path / "again", "BANKA", "2022-12", bank_a[:2])
    e = explain(example, principal=BANK_A, period=DECEMBER, metric="loans", subject="BANKA")
    assert [r.loan_id for r in e.rows] == ["JJ00000001", "JJ00000002"]
    assert {r.version for r in e.rows} == {2}
    assert e.value == Decimal("1500000.00")


def test_statistics_rows_are_the_institutions_values(example: Session) -> None:
    e = explain(example, principal=PBOC, period=DECEMBER, metric="deposits", subject="141100")
    [row] = e.rows
    assert row.institution == "甲银行吕梁分行" and row.balance == Decimal("10000000")
    assert "无报送版本" in row.reasons
    ratio = explain(
        example, principal=PBOC, period=DECEMBER, metric="loan_deposit_ratio", subject="BANKA"
    )
    assert ratio.denominator == Decimal("10000000") and ratio.numerator == Decimal("6650000.00")
    assert len(ratio.rows) == 7


def test_resident_ids_are_masked_and_usccs_shown(example: Session) -> None:
    e = explain(example, principal=PBOC, period=DECEMBER, metric="loans", subject="BANKA")
    ids = {r.loan_id: r.borrower_id for r in e.rows}
    assert ids["JJ00000001"] == E1
    assert ids["JJ00000006"] != P and ids["JJ00000006"] is not None
    assert ids["JJ00000006"][:6] == P[:6] and "*" in ids["JJ00000006"]


def test_the_composition_links_one_level_deeper(example: Session) -> None:
    city = explain(example, principal=GOV, period=DECEMBER, metric="loans", subject="141100")
    counties = {p.code: p for p in next(c for c in city.compositions if c.key == "county").parts}
    assert counties["141121"].name == "文水县"
    assert counties["141121"].href == explain_href(DECEMBER, "loans", "141121")
    assert counties["141121"].share == Decimal("550000.00") / city.value  # type: ignore[operator]
    bank = explain(example, principal=BANK_B, period=DECEMBER, metric="loans", subject="BANKB")
    [part] = next(c for c in bank.compositions if c.key == "county").parts
    assert part.href == "/monitor/explain?period=2022-12&metric=loans&subject=BANKB%3A141121"
    assert target_href("loan growth", "2022-12") == "/monitor/targets/loan%20growth?period=2022-12"


def test_a_branch_is_one_bank_in_one_county(example: Session) -> None:
    e = explain(example, principal=PBOC, period=DECEMBER, metric="loans", subject="BANKB:141121")
    assert e.subject.name == "乙农商银行（文水县）" and e.value == Decimal("550000.00")
    assert not any(c.key == "county" and c.parts[0].href for c in e.compositions)


@pytest.mark.parametrize("subject", ["141100", "141102", "BANKB", "BANKB:141121", "local"])
def test_a_bank_reaches_only_its_own_institution_and_branches(
    example: Session, subject: str
) -> None:
    with pytest.raises(ActionRefused, match="银行只能查看本机构"):
        explain(example, principal=BANK_A, period=DECEMBER, metric="loans", subject=subject)


def test_a_county_sub_branch_reaches_its_county_and_its_institutions(example: Session) -> None:
    for subject in ("141121", "BANKB", "BANKA:141121"):
        explain(example, principal=WENSHUI, period=DECEMBER, metric="loans", subject=subject)
    for subject in ("141100", "141102", "BANKA", "national"):
        with pytest.raises(ActionRefused, match="县支行只能查看文水县"):
            explain(example, principal=WENSHUI, period=DECEMBER, metric="loans", subject=subject)


def test_others_are_refused_and_bad_input_is_named(example: Session) -> None:
    insurer = Principal(6, "i", "保险", "insurer", institution_code="INS")
    with pytest.raises(ActionRefused):
        explain(example, principal=insurer, period=DECEMBER, metric="loans", subject="141100")
    with pytest.raises(NotSignedIn):
        explain(example, principal=None, period=DECEMBER, metric="loans", subject="141100")  # type: ignore[arg-type]
    with pytest.raises(MetricUnknown, match="指标「nope」不存在"):
        explain(example, principal=PBOC, period=DECEMBER, metric="nope", subject="141100")
    with pytest.raises(SubjectUnknown, match="主体「ZZZ」"):
        explain(example, principal=PBOC, period=DECEMBER, metric="loans", subject="ZZZ")
    with pytest.raises(SubjectUnknown, match="分支机构"):
        explain(example, principal=PBOC, period=DECEMBER, metric="loans", subject="141102:BANKA")
    with pytest.raises(MonitorNoData, match="没有 2022-11 的已接收贷款台账"):
        explain(
            example, principal=PBOC, period=Period.parse("2022-11"), metric="loans", subject="BANKA"
        )
