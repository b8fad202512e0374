"""`accord serve` and `accord run`: usage errors found before any Prefect work starts, and what serve
prints."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO, SAMPLES, accord_here
from tests.harness import deployment, wait_for

# Midnight on 1 January: valid, and not due while a test serves.
NEVER_DUE = "0 0 1 1 *"


def test_serve_rejects_a_time_zone_that_does_not_exist_with_status_2(tmp_path: Path):
    result = accord_here("serve", "--inbox", str(tmp_path), "--timezone", "Mars/Olympus")
    assert result.returncode == 2
    assert (
        "Invalid value for --timezone: 'Mars/Olympus' is not a time zone name. Use an IANA name "
        "such as America/New_York." in result.stderr
    )


def test_a_dask_address_without_the_dask_runner_is_a_usage_error(tmp_path: Path):
    result = accord_here(
        "run",
        str(SAMPLES / "offers_sample.xlsx"),
        "--out",
        str(tmp_path),
        "--dask-address",
        "tcp://127.0.0.1:8786",
    )
    assert result.returncode == 2
    assert "--dask-address needs --runner dask." in result.stderr


def test_serve_shows_prefect_s_own_lines_only_when_they_are_warnings(
    tmp_path: Path, prefect_server
):
    """Like run and watch, serve keeps Prefect's INFO lines off the console unless -v.

    On the test run's server: the deployments it registers there are used by no other test
    (tests/flows/test_server.py and test_approval.py serve theirs on servers of their own)."""
    # A serve that hangs dumps every thread's stack when the test ends it with SIGABRT.
    env = {**prefect_server.env, "PYTHONFAULTHANDLER": "1"}
    args = ["serve", "--inbox", str(tmp_path / "in"), "--out", str(tmp_path / "out")]
    # Schedules that never come due while it serves: no flow run starts, only the console lines
    # this test is about.
    args += ["--cron", NEVER_DUE, "--follow-up-cron", NEVER_DUE]
    proc = subprocess.Popen(
        [sys.executable, "-m", "accord", *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
        # As at a terminal: a test run started in the background (`make test &`, CI runners) has
        # SIGINT ignored, which its children inherit, and Python then installs no Ctrl-C handler.
        preexec_fn=_ctrl_c_as_at_a_terminal,
    )
    lines: list[str] = []
    deadline = time.monotonic() + 120
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        if line.startswith("Serving "):
            break
    # Ctrl-C once the deployments are registered (on a busy server that takes seconds after the
    # line above) and the runner's own start-up lines have come.
    with prefect_server.client() as client:
        for name in (
            "sweep_inbox/sweep-inbox",
            "approve_batch/approve-batch",
            "follow_up/follow-up",
        ):
            wait_for(f"the deployment {name}", deployment(client, name), 120, proc)
    time.sleep(2)
    os.killpg(proc.pid, signal.SIGINT)
    try:
        rest, _ = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGABRT)
        try:
            rest = proc.communicate(timeout=20)[0]
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            rest = proc.communicate()[0]
        pytest.fail("accord serve did not stop within 60 s of Ctrl-C:\n" + "".join(lines) + rest)
    text = "".join(lines) + rest
    assert any(line.startswith("Serving sweep_inbox/sweep-inbox") for line in lines), text[-3000:]
    assert "| INFO    |" not in text


def _ctrl_c_as_at_a_terminal() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)
