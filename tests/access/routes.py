"""Every route of an app as (method, full path, route): the walk behind the access tests.

FastAPI 0.165 keeps ``app.routes`` as ``_IncludedRouter`` wrappers around the included routers,
not as the ``APIRoute`` objects themselves. The walk asks each wrapper for its effective routes
(the route as served: full path with the include prefix, the include's dependencies added), and
falls back to the included router's own routes with the include prefix on a FastAPI without
``effective_candidates``. Routes the framework adds (OpenAPI, docs, static files) are not
``APIRoute`` and are left out: they perform no action of beizeng.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute


@dataclass(frozen=True)
class Served:
    """One method of one route as the app serves it."""

    method: str
    path: str
    route: Any
    """The served route: an ``APIRoute`` or FastAPI's effective context of an included one;
    both have ``dependant``, ``endpoint`` and ``methods``."""

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def is_api(self) -> bool:
        return self.path.startswith("/api/")


def _walk(routes: Iterable[Any], prefix: str = "") -> Iterator[Any]:
    for route in routes:
        if isinstance(route, APIRoute):
            yield route, prefix + route.path
        elif hasattr(route, "effective_candidates"):
            for candidate in route.effective_candidates():
                if hasattr(candidate, "effective_candidates"):  # a nested include
                    yield from _walk([candidate])
                elif isinstance(getattr(candidate, "original_route", None), APIRoute):
                    yield candidate, candidate.path
        elif hasattr(route, "original_router"):  # an include without effective routes
            context = route.include_context
            for inner in route.original_router.routes:
                if isinstance(inner, APIRoute):
                    yield inner, context.path_for(inner)
                elif hasattr(inner, "original_router"):
                    yield from _walk([inner], context.prefix)


def served_routes(app: FastAPI) -> list[Served]:
    """Every (method, path, route) of ``app``, HEAD left out (Starlette answers it for GET)."""
    found = []
    for route, path in _walk(app.routes):
        for method in sorted(route.methods or ()):
            if method != "HEAD":
                found.append(Served(method, path, route))
    return found
