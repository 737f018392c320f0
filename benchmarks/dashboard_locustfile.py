"""Locust users of the dashboard load test (see ``dashboard_load.py``): pboc staff opening the
board, each time with one of the map's metrics."""

from __future__ import annotations

import os
import random
import re

from locust import HttpUser, between, task

USER = os.environ.get("BENCH_USER", "bench_pboc")
PASSWORD = os.environ.get("BENCH_PASSWORD", "Beizeng2022bench")
METRICS = (
    "loans",
    "inclusive_smb",
    "inclusive_smb_borrowers",
    "first_loan_borrowers",
    "green",
    "manufacturing_mlt",
)
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class Supervisor(HttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        token = _CSRF.search(self.client.get("/login", name="login").text)
        assert token
        self.client.post(
            "/login",
            data={"username": USER, "password": PASSWORD, "csrf_token": token.group(1)},
            name="login",
        )

    @task
    def dashboard(self) -> None:
        self.client.get(f"/dashboard?metric={random.choice(METRICS)}", name="/dashboard")
