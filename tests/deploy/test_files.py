"""The deployment files and docs/deployment.md name only commands and settings that exist."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from beizeng.cli.app import run
from beizeng.config import Settings
from tests.deploy.files import (
    DEPLOY,
    DOC,
    ENV_EXAMPLE,
    Unit,
    command_candidates,
    doc_invocations,
    exec_invocations,
    fenced_blocks,
    read_env,
    units,
)

BINARY = "/opt/beizeng/venv/bin/beizeng"
SERVICES = units(".service")
TIMERS = units(".timer")


def _help(capsys: pytest.CaptureFixture[str], words: list[str]) -> tuple[int, str]:
    capsys.readouterr()
    code = run([*words, "--help"])
    return code, capsys.readouterr().out


def assert_real_command(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    """``args`` start with a real beizeng command (not a group) that accepts every option given."""
    candidates = command_candidates(args)
    assert candidates, f"no command in beizeng {' '.join(args)}"
    for k in range(len(candidates), 0, -1):
        code, out = _help(capsys, candidates[:k])
        usage = f"Usage: beizeng {' '.join(candidates[:k])} "
        if code == 0 and usage in out:
            break
    else:
        raise AssertionError(f"beizeng {' '.join(candidates)} is not a command")
    usage_line = next(line for line in out.splitlines() if "Usage:" in line)
    assert "COMMAND [ARGS]" not in usage_line, f"beizeng {' '.join(candidates[:k])} is a group"
    for arg in args:
        if arg.startswith("--"):
            option = arg.split("=", 1)[0]
            assert option in out, f"beizeng {' '.join(candidates[:k])} has no option {option}"


def _execs(unit: Unit) -> list[str]:
    return [v for s, k, v in unit.entries if s == "Service" and k.startswith("Exec")]


UNIT_COMMANDS = [
    pytest.param(args, id=f"{unit.path.name}:{' '.join(args[:2])}")
    for unit in SERVICES
    for value in _execs(unit)
    for args in exec_invocations(value)
]


def test_every_unit_runs_beizeng_from_the_documented_virtualenv() -> None:
    for unit in SERVICES:
        commands = [v for v in unit.values("ExecStart")]
        assert commands and all(BINARY in v for v in commands), unit.path.name
    # serve, two sweeps, notices remind, backup create and verify, hooks retry
    assert len(UNIT_COMMANDS) == 7


@pytest.mark.parametrize("args", UNIT_COMMANDS)
def test_each_unit_command_is_a_real_beizeng_command(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert_real_command(capsys, args)


DOC_COMMANDS = sorted(
    {tuple(args) for args in doc_invocations(DOC.read_text(encoding="utf-8")) if args}
)


@pytest.mark.parametrize("args", [pytest.param(list(a), id=" ".join(a[:3])) for a in DOC_COMMANDS])
def test_each_command_on_the_deployment_page_is_a_real_beizeng_command(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    if not command_candidates(args):  # prose such as "every `beizeng …` below"
        return
    assert_real_command(capsys, args)


def test_services_run_as_the_beizeng_user_with_the_settings_file_and_hardening() -> None:
    for unit in SERVICES:
        assert unit.value("User") == "beizeng", unit.path.name
        assert unit.value("EnvironmentFile") == "/etc/beizeng/beizeng.env", unit.path.name
        assert unit.value("ProtectSystem") == "strict", unit.path.name
        assert unit.value("NoNewPrivileges") == "true", unit.path.name
        assert "/var/lib/beizeng" in unit.values("ReadWritePaths"), unit.path.name
    server = next(u for u in SERVICES if u.path.name == "beizeng.service")
    assert server.value("Restart") == "on-failure"
    assert "--host 127.0.0.1 --port 8000" in server.value("ExecStart")


def test_each_job_is_a_oneshot_started_by_a_persistent_timer() -> None:
    jobs = {u.path.name for u in SERVICES if u.values("Type") == ["oneshot"]}
    assert jobs == {
        "beizeng-platform-sweep.service",
        "beizeng-outreach-sweep.service",
        "beizeng-notices-remind.service",
        "beizeng-backup.service",
        "beizeng-hooks-retry.service",
    }
    started = {timer.value("Unit") for timer in TIMERS}
    assert started == jobs
    for timer in TIMERS:
        assert timer.value("Persistent") == "true", timer.path.name
        assert timer.value("OnCalendar").endswith("Asia/Shanghai"), timer.path.name
        assert timer.value("WantedBy") == "timers.target", timer.path.name


def test_systemd_accepts_the_units(tmp_path: Path) -> None:
    """``systemd-analyze verify`` on copies that point at this virtualenv's beizeng."""
    here = str(Path(sys.executable).with_name("beizeng"))
    for path in sorted(DEPLOY.glob("beizeng*.service")) + sorted(DEPLOY.glob("*.timer")):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8").replace(BINARY, here))
    done = subprocess.run(
        ["systemd-analyze", "verify", *sorted(str(p) for p in tmp_path.iterdir())],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and not done.stderr.strip(), done.stderr


def test_the_page_shows_the_env_example_verbatim() -> None:
    example = ENV_EXAMPLE.read_text(encoding="utf-8")
    assert example in fenced_blocks(DOC.read_text(encoding="utf-8"), "ini")


def test_the_env_example_holds_real_production_settings() -> None:
    env = read_env()
    configuration = (DOC.parent / "configuration.md").read_text(encoding="utf-8")
    for key in env:
        assert key.startswith("BEIZENG_"), key
        assert key.removeprefix("BEIZENG_").lower() in Settings.model_fields, key
        assert f"`{key}`" in configuration, key
    assert env["BEIZENG_SECURE_COOKIES"] == "true"
    assert env["BEIZENG_DATABASE_URL"].startswith("postgresql+psycopg://")
    assert env["BEIZENG_TRUSTED_PROXIES"] == "127.0.0.1"
    assert env["BEIZENG_SECRET_KEY"] == "", "a key in an example would be copied into production"


def test_the_page_names_every_deployment_file() -> None:
    page = DOC.read_text(encoding="utf-8")
    for path in DEPLOY.iterdir():
        name = path.name
        mentioned = name in page or (
            name.startswith("beizeng-") and name.split(".")[0].removeprefix("beizeng-") in page
        )
        assert mentioned, f"docs/deployment.md does not mention deploy/{name}"


def test_nginx_terminates_tls_and_forwards_the_client_to_the_local_server() -> None:
    conf = (DEPLOY / "nginx-beizeng.conf").read_text(encoding="utf-8")
    assert "server 127.0.0.1:8000;" in conf
    assert "listen 443 ssl" in conf and "ssl_certificate " in conf
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in conf
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in conf
    assert "location = /healthz" in conf and "location = /readyz" in conf
    assert "return 301 https://" in conf


def test_logrotate_rotates_the_logs_of_the_production_home() -> None:
    home = read_env()["BEIZENG_HOME"]
    rotate = (DEPLOY / "logrotate-beizeng").read_text(encoding="utf-8")
    assert f"{home}/logs/*.log {{" in rotate


@pytest.mark.parametrize(
    "args",
    [["platform", "sweeep"], ["platform"], ["outreach", "sweep", "--dry-run"], ["--version"]],
    ids=["misspelt", "group", "unknown-option", "no-command"],
)
def test_the_check_catches_a_wrong_command(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(AssertionError):
        assert_real_command(capsys, args)
