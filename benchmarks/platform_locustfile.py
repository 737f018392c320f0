"""Locust users of the platform load test (see ``platform_load.py``).

A pboc user (sees every demand, the worst case of the list) pages through the demand list and
opens demands; visitors open product pages. Ids are drawn from the grown data set's ranges.
"""

from __future__ import annotations

import os
import random
import re

from locust import HttpUser, between, task

DEMANDS = int(os.environ.get("BENCH_DEMANDS", "100000"))
PRODUCTS = int(os.environ.get("BENCH_PRODUCTS", "2000"))
PASSWORD = os.environ.get("BENCH_PASSWORD", "Bench2022pass")
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class Supervisor(HttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        token = _CSRF.search(self.client.get("/login", name="login").text)
        assert token
        self.client.post(
            "/login",
            data={"username": "pboc", "password": PASSWORD, "csrf_token": token.group(1)},
            name="login",
        )

    @task(3)
    def demand_list(self) -> None:
        self.client.get(f"/demands?page={random.randint(1, 50)}", name="/demands")

    @task(3)
    def demand_detail(self) -> None:
        self.client.get(f"/demands/{random.randint(1, DEMANDS)}", name="/demands/{id}")

    @task(3)
    def product_page(self) -> None:
        self.client.get(f"/products/{random.randint(1, PRODUCTS)}", name="/products/{id}")
