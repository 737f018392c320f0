"""``POST/GET /api/ledgers`` and ``/api/stats``: the contract of issue 13 point 1 (C-4.5.1)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from beizeng.models.ledger import InstitutionStat, LedgerSubmission, StatsSubmission
from tests.ledger.builders import row, write_csv
from tests.submission.conftest import Banks
from tests.web.conftest import csrf


def _count(banks: Banks, model: type) -> int:
    with banks.platform.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def _ledger(tmp_path: Path, name: str = "台账.csv", n: int = 3, **overrides: str) -> bytes:
    path = write_csv(tmp_path / name, [row(i, **overrides) for i in range(1, n + 1)])
    return path.read_bytes()


def test_a_bank_system_submits_a_ledger_and_lists_its_versions(
    banks: Banks, tmp_path: Path
) -> None:
    api = banks.api()
    first = api.post(
        "/api/ledgers",
        files={"file": ("五月.csv", _ledger(tmp_path), "text/csv")},
        data={"period": "2022-05"},
    )
    assert first.status_code == 201, first.text
    body = first.json()
    assert set(body) == {"submission_id", "institution", "period", "rows", "supersedes"}
    assert body["institution"] == banks.first_code
    assert (body["period"], body["rows"], body["supersedes"]) == ("2022-05", 3, None)

    banks.platform.clock.advance(hours=1)
    again = api.post(
        "/api/ledgers",
        files={"file": ("五月更正.csv", _ledger(tmp_path, n=4), "text/csv")},
        data={"period": "2022-05", "reason": "补报漏报的一笔"},
    )
    assert again.status_code == 201, again.text
    assert again.json()["supersedes"] == body["submission_id"]

    listed = banks.api(banks.read_token).get("/api/ledgers", params={"period": "2022-05"})
    assert listed.status_code == 200
    versions = listed.json()
    assert [v["status"] for v in versions] == ["current", "superseded"]
    assert versions[0]["reason"] == "补报漏报的一笔" and versions[0]["rows"] == 4
    assert versions[0]["submitted_at"].startswith("2022-06-06T03:00:00")
    assert (
        banks.api(banks.read_token).get("/api/ledgers", params={"period": "2022-04"}).json() == []
    )


def test_a_refused_ledger_lists_every_problem_and_stores_nothing(
    banks: Banks, tmp_path: Path
) -> None:
    content = _ledger(tmp_path, n=5, balance="abc")
    response = banks.api().post(
        "/api/ledgers", files={"file": ("坏.csv", content, "text/csv")}, data={"period": "2022-05"}
    )
    assert response.status_code == 422, response.text
    body = response.json()
    assert set(body) == {"detail", "problems", "total"}
    assert body["total"] == 5 and len(body["problems"]) == 5
    assert "未写入任何数据" in body["detail"]
    assert {p["row"] for p in body["problems"]} == {2, 3, 4, 5, 6}
    assert all(set(p) == {"file", "row", "column", "value", "rule"} for p in body["problems"])
    assert body["problems"][0]["value"] == "abc" and body["problems"][0]["file"] == "坏.csv"
    assert _count(banks, LedgerSubmission) == 0
    assert banks.stored_files() == [] and banks.scratch_left() == []


def test_the_institution_is_the_token_owners_whatever_the_file_says(
    banks: Banks, tmp_path: Path
) -> None:
    names = ["institution_code", *row(1)]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(names)
    for i in (1, 2):
        writer.writerow([banks.second_code, *row(i).values()])
    response = banks.api().post(
        "/api/ledgers",
        files={
            "file": (f"{banks.second_code}-2022-05.csv", buffer.getvalue().encode(), "text/csv")
        },
        data={"period": "2022-05"},
    )
    assert response.status_code == 201, response.text
    assert response.json()["institution"] == banks.first_code
    with banks.platform.session() as s:
        stored = s.scalars(select(LedgerSubmission)).one()
        assert stored.institution_id == banks.first_id


def test_periods_in_the_future_or_before_2000_are_refused_with_nothing_stored(
    banks: Banks, tmp_path: Path
) -> None:
    for period, words in (
        ("2022-06", "尚未结束"),
        ("2031-01", "尚未结束"),
        ("1999-12", "早于 2000 年"),
        ("2022-13", "月份 13 不存在"),
        ("22-05", "格式不正确"),
        ("", "格式不正确"),
    ):
        response = banks.api().post(
            "/api/ledgers",
            files={"file": ("五月.csv", _ledger(tmp_path), "text/csv")},
            data={"period": period},
        )
        assert response.status_code == 422, (period, response.text)
        assert words in response.json()["detail"], period
    assert _count(banks, LedgerSubmission) == 0


def test_an_upload_over_the_cap_is_refused_from_its_length_before_it_is_read(
    banks: Banks, tmp_path: Path
) -> None:
    banks.settings.max_upload_bytes = 2000
    content = _ledger(tmp_path, n=600)
    assert len(content) > 2000 + 64 * 1024
    response = banks.api().post(
        "/api/ledgers", files={"file": ("大.csv", content, "text/csv")}, data={"period": "2022-05"}
    )
    assert response.status_code == 413, response.text
    assert "超过大小上限" in response.json()["detail"]
    assert _count(banks, LedgerSubmission) == 0 and banks.scratch_left() == []


def test_a_body_that_lies_about_its_length_is_cut_off_at_the_cap(
    banks: Banks, tmp_path: Path
) -> None:
    banks.settings.max_upload_bytes = 2000
    content = _ledger(tmp_path, n=20)
    assert 2000 < len(content) < 2000 + 64 * 1024  # the header passes, the file does not
    response = banks.api().post(
        "/api/ledgers", files={"file": ("大.csv", content, "text/csv")}, data={"period": "2022-05"}
    )
    assert response.status_code == 413, response.text
    assert _count(banks, LedgerSubmission) == 0 and banks.scratch_left() == []


def test_a_request_without_the_file_or_as_json_is_a_chinese_422(banks: Banks) -> None:
    api = banks.api()
    as_json = api.post("/api/ledgers", json={"period": "2022-05"})
    assert as_json.status_code == 422 and "multipart/form-data" in as_json.json()["detail"]
    no_file = api.post("/api/ledgers", data={"period": "2022-05"}, files={"x": ("a", b"1")})
    assert no_file.status_code == 422 and "没有收到上传文件" in no_file.json()["detail"]
    bad_name = api.post(
        "/api/ledgers",
        files={"file": ("../x.csv", b"a,b\n", "text/csv")},
        data={"period": "2022-05"},
    )
    assert bad_name.status_code == 422, bad_name.text
    assert _count(banks, LedgerSubmission) == 0 and banks.scratch_left() == []


def test_a_read_token_cannot_submit_and_pboc_has_no_ledger_api(
    banks: Banks, tmp_path: Path
) -> None:
    files = {"file": ("五月.csv", _ledger(tmp_path), "text/csv")}
    refused = banks.api(banks.read_token).post(
        "/api/ledgers", files=files, data={"period": "2022-05"}
    )
    assert refused.status_code == 403
    assert _count(banks, LedgerSubmission) == 0


def _stats(*rows: tuple[str, str, str, str]) -> bytes:
    lines = ["period,institution_code,metric,value", *(",".join(r) for r in rows)]
    return ("\n".join(lines) + "\n").encode()


def test_statistics_are_submitted_for_the_token_owner_and_versioned(banks: Banks) -> None:
    api = banks.api()
    content = _stats(
        ("2022-05", banks.second_code, "deposits", "123456789.50"),
        ("2022-05", "NOSUCH", "relending_balance", "1000"),
    )
    first = api.post(
        "/api/stats", files={"file": ("统计.csv", content, "text/csv")}, data={"period": "2022-05"}
    )
    assert first.status_code == 201, first.text
    body = first.json()
    assert set(body) == {"submission_id", "institution", "period", "rows", "supersedes"}
    assert (body["institution"], body["rows"], body["supersedes"]) == (banks.first_code, 2, None)
    with banks.platform.session() as s:
        assert {v.institution_id for v in s.scalars(select(InstitutionStat))} == {banks.first_id}

    banks.platform.clock.advance(hours=1)
    again = api.post(
        "/api/stats",
        files={"file": ("统计更正.csv", _stats(("2022-05", "", "deposits", "1")), "text/csv")},
        data={"period": "2022-05"},
    )
    assert again.status_code == 201, again.text
    assert again.json()["supersedes"] == body["submission_id"]
    listed = banks.api(banks.read_token).get("/api/stats").json()
    assert [v["status"] for v in listed] == ["current", "superseded"]


def test_statistics_of_another_period_or_with_bad_values_store_nothing(banks: Banks) -> None:
    content = _stats(
        ("2022-04", banks.first_code, "deposits", "1"),
        ("2022-05", banks.first_code, "deposits", "12万"),
    )
    response = banks.api().post(
        "/api/stats", files={"file": ("统计.csv", content, "text/csv")}, data={"period": "2022-05"}
    )
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["total"] == 2
    rules = [p["rule"] for p in body["problems"]]
    assert any("与报送期 2022-05 不一致" in r for r in rules)
    assert any("不接受万元" in r for r in rules)
    assert _count(banks, InstitutionStat) == 0 and _count(banks, StatsSubmission) == 0


def test_a_signed_in_clerk_may_post_the_api_form_with_its_csrf_field(
    banks: Banks, tmp_path: Path
) -> None:
    client = banks.platform.client(banks.clerk)
    response = client.post(
        "/api/ledgers",
        data={"period": "2022-05", "csrf_token": csrf(client, "/submissions/ledgers")},
        files={"file": ("五月.csv", _ledger(tmp_path), "text/csv")},
    )
    assert response.status_code == 201, response.text
    without = client.post(
        "/api/ledgers",
        data={"period": "2022-05"},
        files={"file": ("五月.csv", _ledger(tmp_path), "text/csv")},
    )
    assert without.status_code == 403
    assert _count(banks, LedgerSubmission) == 1


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=st.text(min_size=1, max_size=30),
    period=st.text(max_size=12),
    content=st.binary(max_size=400),
    endpoint=st.sampled_from(["/api/ledgers", "/api/stats"]),
)
def test_whatever_is_posted_the_answer_is_a_4xx_in_chinese_or_a_201(
    banks: Banks, name: str, period: str, content: bytes, endpoint: str
) -> None:
    before = _count(banks, LedgerSubmission) + _count(banks, StatsSubmission)
    response = banks.api().post(
        endpoint, data={"period": period}, files={"file": (name, content, "text/csv")}
    )
    assert response.status_code in (201, 403, 411, 413, 422), response.text
    if response.status_code != 201:
        assert re.search(r"[\u4e00-\u9fff]", response.json()["detail"])
        assert _count(banks, LedgerSubmission) + _count(banks, StatsSubmission) == before
    assert banks.scratch_left() == []
