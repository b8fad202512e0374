"""Which Prefect API `accord run` talks to: a configured one, or a temporary server of its own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psutil

from tests.conftest import REPO

PROBE = """
import psutil, sys
from http.client import HTTPConnection
from flows.prefect_api import api_for_local_runs
from prefect.settings import get_current_settings
with api_for_local_runs() as url:
    heartbeat = get_current_settings().flows.heartbeat_frequency
    children = psutil.Process().children()
    port = int(url.split(":")[2].split("/")[0])
    connection = HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/api/health")
        health = connection.getresponse().status
    except OSError:
        health = 0
    print(url, heartbeat, len(children), health, *[c.pid for c in children])
"""


def _probe(env: dict[str, str]) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.split()


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    return env | {"PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}


def test_a_configured_api_url_is_used_and_no_server_is_started(tmp_path: Path):
    url, _, children, *_ = _probe(_env(tmp_path) | {"PREFECT_API_URL": "http://127.0.0.1:9/api"})
    assert (url, children) == ("http://127.0.0.1:9/api", "0")


def test_runs_against_a_configured_server_send_no_heartbeats_unless_asked(tmp_path: Path):
    env = _env(tmp_path) | {"PREFECT_API_URL": "http://127.0.0.1:9/api"}
    env.pop("PREFECT_FLOWS_HEARTBEAT_FREQUENCY", None)
    assert _probe(env)[1] == "None"
    assert _probe(env | {"PREFECT_FLOWS_HEARTBEAT_FREQUENCY": "60"})[1] == "60"


def test_without_an_api_url_a_temporary_server_answers_and_is_gone_after_the_run(tmp_path: Path):
    env = _env(tmp_path) | {"PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120"}
    url, heartbeat, children, health, pid = _probe(env)
    assert url.startswith("http://127.0.0.1:") and url.endswith("/api")
    assert (heartbeat, children, health) == ("None", "1", "200")
    assert not psutil.pid_exists(int(pid)) or psutil.Process(int(pid)).status() == "zombie"
