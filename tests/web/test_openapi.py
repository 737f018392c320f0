"""The OpenAPI of /api tells the whole truth (hardening, issue 12 point 6): every operation
documents its error codes with the one error body and the action it performs, and schemathesis,
as a bank's token with every scope and as a pboc session, finds no server error and no answer
the schema does not describe (status, body, content type)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.generation import GenerationMode

from beizeng.account import service as accounts
from beizeng.config import Settings
from beizeng.demand import service as demands
from beizeng.demand.schemas import DemandCreate
from beizeng.http.deps import route_actions
from beizeng.http.openapi import ACTION_KEY, ERROR_RESPONSES
from tests.account.factories import (
    NOW,
    create_bank_user,
    create_enterprise_user,
    create_user,
    publish,
)
from tests.web.conftest import Platform, csrf, login

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    response_schema_conformance,
    content_type_conformance,
]
EXAMPLES = {GenerationMode.POSITIVE: 6, GenerationMode.NEGATIVE: 3}
"""Examples per operation and mode: with a fixed seed, some 600 calls per principal."""


@dataclass
class Seeded:
    app: FastAPI
    bank_token: str
    pboc_cookie: str
    pboc_csrf: str


@pytest.fixture
def seeded(platform: Platform) -> Seeded:
    with platform.session() as s:
        ent = create_enterprise_user(s)
        bank = create_bank_user(s)
        create_user(s, "pboc", username="pboc_fuzz")
        publish(s, bank)
        data = DemandCreate(
            amount=Decimal(200000), term_months=12, purpose="备货", guarantee_offered="credit"
        )
        demands.post_demand(s, settings=Settings(), principal=ent, data=data, now=NOW)
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
    pboc = platform.client()
    login(pboc, "pboc_fuzz")
    return Seeded(pboc.app, token, pboc.cookies["beizeng_session"], csrf(pboc, "/"))


def _schema(platform_app: FastAPI) -> Any:
    return schemathesis.openapi.from_asgi("/api/openapi.json", platform_app)


# --- what the schema says ----------------------------------------------------------------


def test_every_api_operation_documents_its_errors_and_its_action(seeded: Seeded) -> None:
    doc = seeded.app.openapi()
    assert "ErrorBody" in doc["components"]["schemas"]
    assert "HTTPValidationError" not in doc["components"]["schemas"]
    checked = 0
    for context in iter_route_contexts(seeded.app.routes):
        route, path = context.original_route, context.path_format
        if not isinstance(route, APIRoute) or not path or not path.startswith("/api/"):
            continue
        for method in context.methods or ():
            operation = doc["paths"][path][method.lower()]
            assert operation[ACTION_KEY] == route_actions(route)[0], (method, path)
            for status in (401, 403, 404, 409, 422, 429):
                response = operation["responses"][str(status)]
                assert response["description"] == ERROR_RESPONSES[status]
                schema = response["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/ErrorBody"}, (path, status)
            checked += 1
    assert checked >= 15


def test_the_probes_declare_their_action_too(seeded: Seeded) -> None:
    doc = seeded.app.openapi()
    assert doc["paths"]["/healthz"]["get"][ACTION_KEY] == "health.probe"
    assert "401" not in doc["paths"]["/healthz"]["get"]["responses"]  # public, not under /api


# --- what the API does -------------------------------------------------------------------


@dataclass
class Tally:
    cases: int = 0
    server_errors: int = 0
    mismatches: list[str] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)


def _fuzz(schema: Any, headers: dict[str, str]) -> Tally:
    schema.config.headers = headers
    tally = Tally()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    for operation in operations:
        for mode, examples in EXAMPLES.items():

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=examples,
                deadline=None,
                derandomize=True,
                database=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            def run(case: Any) -> None:
                tally.cases += 1
                response = case.call()
                tally.statuses[response.status_code] += 1
                if response.status_code >= 500:
                    tally.server_errors += 1
                try:
                    case.validate_response(response, checks=CHECKS)
                except (AssertionError, BaseExceptionGroup) as failure:  # record, go on
                    tally.mismatches.append(f"{case.method} {case.path}: {failure}"[:400])

            try:
                run()
            except Unsatisfiable:
                # An operation without parameters has no invalid input (GET /api/me).
                assert mode is GenerationMode.NEGATIVE, operation.label
    return tally


def test_a_bank_token_with_every_scope_gets_only_documented_answers(seeded: Seeded) -> None:
    tally = _fuzz(_schema(seeded.app), {"Authorization": f"Bearer {seeded.bank_token}"})
    print(f"bank token: {tally.cases} cases, statuses {dict(tally.statuses)}")  # noqa: T201
    assert tally.server_errors == 0
    assert tally.mismatches == []
    assert tally.cases >= 100


def test_a_pboc_session_gets_only_documented_answers(seeded: Seeded) -> None:
    headers = {
        "Cookie": f"beizeng_session={seeded.pboc_cookie}",
        "X-CSRF-Token": seeded.pboc_csrf,
    }
    tally = _fuzz(_schema(seeded.app), headers)
    print(f"pboc session: {tally.cases} cases, statuses {dict(tally.statuses)}")  # noqa: T201
    assert tally.server_errors == 0
    assert tally.mismatches == []
    assert tally.cases >= 100
