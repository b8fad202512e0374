"""A real Prefect server for the tests that run flows in separate processes.

``prefect server start`` listens on 127.0.0.1 on a free port, with its SQLite database and its home
in a temporary folder, so the tests never touch a developer's Prefect. Processes that run flows talk
to it through PREFECT_API_URL instead of each starting a temporary server of their own.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class PrefectServer:
    """One ``prefect server start`` process and the environment that points clients at it."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.db = home / "prefect.db"
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/api"
        self.env = {
            **os.environ,
            "PREFECT_HOME": str(home),
            "PREFECT_API_URL": self.url,
            "PREFECT_API_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{self.db}",
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_UI_ENABLED": "false",
        }
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 120) -> None:
        """Start the server and return once its health check answers."""
        env = {k: v for k, v in self.env.items() if k != "PREFECT_API_URL"}
        env["PREFECT_LOGGING_LEVEL"] = "WARNING"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "prefect",
                "server",
                "start",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
            ],
            env=env,
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("prefect server start exited early")
            try:
                # An http URL built above, never a user-supplied scheme.
                with urllib.request.urlopen(f"{self.url}/health", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise RuntimeError("prefect server did not answer in time")

    def stop(self) -> None:
        """Stop the server this object started (its whole process group) and wait for it."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


@pytest.fixture(scope="session")
def prefect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrefectServer]:
    """A Prefect server shared by the tests that run flows in separate processes."""
    server = PrefectServer(tmp_path_factory.mktemp("prefect-home"))
    server.start()
    yield server
    server.stop()


def run_flow_process(
    args: list[str], env: dict[str, str], timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run ``python args...`` from the repository in its own session and return what it did."""
    return subprocess.run(
        [sys.executable, *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        start_new_session=True,
    )


def run_at_once(
    args: list[str], env: dict[str, str], count: int = 2, timeout: float = 300
) -> list[subprocess.CompletedProcess[str]]:
    """Start ``count`` copies of ``python args...`` together and return what each one did."""
    procs = [
        subprocess.Popen(
            [sys.executable, *args],
            env=env,
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(count)
    ]
    results = []
    for proc in procs:
        stdout, stderr = proc.communicate(timeout=timeout)
        results.append(subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr))
    return results
