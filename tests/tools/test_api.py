"""The tools' JSON API for a bank's system (issue 13 point 2): a token of scope ``tools:write``
applies for relending and rediscount and files claims, ``tools:read`` reads them back; another
bank's loan, a read-only token and bad bodies are Chinese 4xx answers with nothing stored."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from beizeng.account import service as accounts
from beizeng.config import get_settings
from beizeng.institution.service import import_registry, packaged_registry
from beizeng.models.fiscal import SubsidyClaim
from beizeng.models.tools import RediscountBill, RelendingBatch
from beizeng.tools.subsidy.service import define_programme_file, packaged_programmes
from tests.account.factories import create_user
from tests.tools.factories import import_rows, loan
from tests.web.conftest import Platform

TECH = "TECH-SUB-2022"


@dataclass
class Api:
    platform: Platform
    tokens: dict[str, str]

    def client(self, token: str) -> TestClient:
        client = self.platform.client()
        client.headers["Authorization"] = f"Bearer {self.tokens[token]}"
        return client

    def count(self, model: type) -> int:
        with self.platform.session() as s:
            return int(s.scalar(select(func.count()).select_from(model)) or 0)


@pytest.fixture
def api(platform: Platform, ledger_home: Path) -> Api:
    with platform.session() as s:
        import_registry(s, path=packaged_registry(), settings=get_settings())
        import_rows(s, ledger_home, "LLRCB", "2022-05", [loan("T1", "1000000")])
        import_rows(s, ledger_home, "JSBLL", "2022-05", [loan("J7", "500000")])
        for path in packaged_programmes():
            define_programme_file(s, path=path)
        clerk = create_user(s, "bank", username="system", institution_code="LLRCB")
        tokens = {}
        for name, scopes in (("write", {"tools:write", "tools:read"}), ("read", {"tools:read"})):
            _, tokens[name] = accounts.create_token(
                s,
                principal=clerk,
                name=name,
                scopes=frozenset(scopes),
                days=30,
                max_days=90,
                now=platform.clock.now(),
            )
        s.commit()
    return Api(platform, tokens)


def test_a_bank_system_applies_for_relending_and_reads_the_batch(api: Api) -> None:
    client = api.client("write")
    checked = client.get("/api/relending/eligibility", params={"programme": "relending_smb"})
    assert checked.status_code == 200
    assert checked.json()["loans"][0]["loan_id"] == "T1" and checked.json()["loans"][0]["eligible"]
    response = client.post(
        "/api/relending/batches",
        json={"programme": "relending_smb", "term": "1y", "loans": [{"loan_id": "T1"}]},
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "submitted" and body["institution_code"] == "LLRCB"
    assert body["eligible_amount"] == "1000000.00" and body["items"][0]["eligible"] is True
    read = api.client("read").get(f"/api/relending/batches/{body['id']}")
    assert read.status_code == 200 and read.json()["period"] == "2022-05"
    assert [b["id"] for b in api.client("read").get("/api/relending/batches").json()] == [
        body["id"]
    ]


def test_another_banks_loan_through_the_api_is_refused_and_nothing_stored(api: Api) -> None:
    response = api.client("write").post(
        "/api/relending/batches",
        json={
            "programme": "relending_smb",
            "term": "1y",
            "loans": [{"loan_id": "T1"}, {"loan_id": "J7", "balance": "500000.00"}],
        },
    )
    assert response.status_code == 422
    assert "J7" in response.json()["detail"] or "J7" in response.text
    assert "只能申报本行台账中的贷款" in response.text
    assert api.count(RelendingBatch) == 0


def test_a_read_only_token_cannot_apply(api: Api) -> None:
    response = api.client("read").post(
        "/api/relending/batches",
        json={"programme": "relending_smb", "term": "1y", "loans": [{"loan_id": "T1"}]},
    )
    assert response.status_code == 403 and "tools:write" in response.json()["detail"]
    assert api.count(RelendingBatch) == 0


def test_bills_are_queued_and_a_claim_is_filed_through_the_api(api: Api) -> None:
    client = api.client("write")
    bills = client.post(
        "/api/rediscount/bills",
        json={
            "bills": [
                {
                    "bill_no": "G-1",
                    "drawer": "吕梁某焦化有限公司",
                    "acceptor": "某银行",
                    "amount": "500000.00",
                    "maturity_date": "2022-09-01",
                    "green": True,
                }
            ]
        },
    )
    assert bills.status_code == 201, bills.text
    assert bills.json()[0]["status"] == "pending" and bills.json()[0]["entered_by"] == "system"
    claim = client.post(
        "/api/subsidy/claims", json={"programme_code": TECH, "loan_id": "T1", "days": 90}
    )
    assert claim.status_code == 201, claim.text
    assert claim.json()["status"] == "filed" and claim.json()["period"] == "2022-05"
    listed = api.client("read").get("/api/subsidy/claims").json()
    assert [c["loan_id"] for c in listed] == ["T1"]
    other = client.post(
        "/api/subsidy/claims", json={"programme_code": TECH, "loan_id": "J7", "days": 90}
    )
    assert other.status_code == 422 and "J7" in other.json()["detail"]
    assert api.count(SubsidyClaim) == 1


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    body=st.fixed_dictionaries(
        {
            "programme": st.sampled_from(["relending_smb", "x", ""]),
            "term": st.sampled_from(["1y", "2y", 3]),
            "loans": st.one_of(
                st.just([]),
                st.lists(
                    st.fixed_dictionaries(
                        {
                            "loan_id": st.one_of(
                                st.just(""), st.just(" "), st.text(min_size=65, max_size=70)
                            ),
                            "balance": st.sampled_from(["-1", "1e30", "abc", "0.001", None]),
                        }
                    ),
                    min_size=1,
                    max_size=3,
                ),
            ),
        }
    )
)
def test_bad_bodies_are_a_chinese_422_never_a_500(api: Api, body: dict[str, object]) -> None:
    response = api.client("write").post("/api/relending/batches", json=body)
    assert response.status_code == 422, response.text
    assert "detail" in response.json() and "Traceback" not in response.text
    assert api.count(RelendingBatch) == 0


def test_bill_bodies_out_of_bounds_store_nothing(api: Api) -> None:
    client = api.client("write")
    for bill in (
        {
            "bill_no": "",
            "drawer": "a",
            "acceptor": "b",
            "amount": "1",
            "maturity_date": "2022-09-01",
        },
        {
            "bill_no": "X",
            "drawer": "a",
            "acceptor": "b",
            "amount": "-5",
            "maturity_date": "2022-09-01",
        },
        {
            "bill_no": "X",
            "drawer": "a",
            "acceptor": "b",
            "amount": "1",
            "maturity_date": "9999-99-99",
        },
    ):
        response = client.post("/api/rediscount/bills", json={"bills": [bill]})
        assert response.status_code == 422, response.text
    assert api.count(RediscountBill) == 0
