"""schemathesis against the OpenAPI of /api: bounded examples, and never a server error."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from beizeng.account import service as accounts
from beizeng.config import get_settings
from beizeng.demand import service as demands
from beizeng.demand.schemas import DemandCreate
from tests.account.factories import NOW, create_bank_user, create_enterprise_user, publish
from tests.web.conftest import Platform


@pytest.fixture
def api(platform: Platform) -> Any:
    with platform.session() as s:
        ent = create_enterprise_user(s)
        bank = create_bank_user(s)
        publish(s, bank)
        data = DemandCreate(
            amount=Decimal(200000), term_months=12, purpose="备货", guarantee_offered="credit"
        )
        demands.post_demand(s, settings=get_settings(), principal=ent, data=data, now=NOW)
        _, token = accounts.create_token(
            s,
            principal=bank,
            name="fuzz",
            scopes=frozenset({"demands:read", "demands:write", "products:read", "products:write"}),
            days=30,
            max_days=90,
            now=NOW,
        )
        s.commit()
    client = platform.client()
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", client.app)
    schema.config.headers = {"Authorization": f"Bearer {token}"}
    return schema


def test_the_api_never_answers_with_a_server_error(api: Any) -> None:
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) >= 15
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), database=None
        )
        def check(case: Any) -> None:
            response = case.call()
            case.validate_response(response, checks=[not_a_server_error])

        check()
