"""Which Prefect API `accord run` talks to: a configured one, or a temporary server of its own.

These tests are about that choice and the temporary server's own life, so they use no shared
server: either none answers (port 9), or each test's process starts its temporary one.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
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
    """About the temporary server itself: it starts its own, not the test run's shared one."""
    env = _env(tmp_path) | {"PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120"}
    url, heartbeat, children, health, pid = _probe(env)
    assert url.startswith("http://127.0.0.1:") and url.endswith("/api")
    assert (heartbeat, children, health) == ("None", "1", "200")
    assert not psutil.pid_exists(int(pid)) or psutil.Process(int(pid)).status() == "zombie"


HOLD = """
import signal, time
import psutil
from flows.prefect_api import api_for_local_runs
with api_for_local_runs() as url:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # this process stays: only the server is watched
    print(psutil.Process().children()[0].pid, url.split(":")[2].split("/")[0], flush=True)
    time.sleep(120)
"""


def _answers(port: int) -> bool:
    from http.client import HTTPConnection

    connection = HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/api/health")
        return connection.getresponse().status == 200
    except OSError:
        return False


def test_the_temporary_server_outlives_a_terminal_ctrl_c_and_ends_with_its_parent(tmp_path: Path):
    """Ctrl-C signals the whole process group: `accord watch` finishes its file, so the server
    must stay; killed with signal 9, the process that started it takes it along. About the
    temporary server itself: it starts its own, not the test run's shared one."""
    env = _env(tmp_path) | {"PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120"}
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD],
        env=env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    pid = 0
    try:
        assert proc.stdout is not None
        pid, port = (int(x) for x in proc.stdout.readline().split())
        os.killpg(proc.pid, signal.SIGINT)
        time.sleep(2)
        assert _answers(port)
        proc.kill()
        proc.wait()
        deadline = time.monotonic() + 15
        while psutil.pid_exists(pid) and psutil.Process(pid).status() != "zombie":
            assert time.monotonic() < deadline, "the server outlived the process that started it"
            time.sleep(0.2)
    finally:
        if proc.poll() is None:
            proc.kill()
        if pid and psutil.pid_exists(pid):
            psutil.Process(pid).kill()
