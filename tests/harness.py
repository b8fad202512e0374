"""The end-to-end harness: one real Prefect server per test run, and the processes tests start on it.

``prefect server start`` listens on 127.0.0.1 on a free port, with its SQLite database and its home
in a temporary folder, so the tests never touch a developer's Prefect. The session fixture
``prefect_server`` (tests/conftest.py) starts one for the whole run; processes that run flows talk to
it through ``PrefectServer.env`` (PREFECT_API_URL) instead of each starting a temporary server of
their own. Only the tests that serve Accord's deployments (tests/flows/test_server.py and
test_approval.py) start a server of their own, with :func:`own_server`: see their docstrings.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from tests.conftest import REPO

T = TypeVar("T")


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
        _end_group(self.process, signal.SIGTERM, 30)

    @contextmanager
    def client(self) -> Iterator[Any]:
        """Yield a synchronous Prefect client of this server (Prefect imported only then)."""
        from prefect.client.orchestration import get_client
        from prefect.settings import PREFECT_API_URL, temporary_settings

        with (
            temporary_settings(updates={PREFECT_API_URL: self.url}),
            get_client(sync_client=True) as client,
        ):
            yield client


def _end_group(process: subprocess.Popen[Any], how: signal.Signals, grace: float) -> None:
    """Send ``how`` to the process group ``process`` leads; SIGKILL it after ``grace`` seconds."""
    os.killpg(process.pid, how)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@contextmanager
def own_server(home: Path) -> Iterator[PrefectServer]:
    """Yield a Prefect server of the caller's own in ``home``, stopped afterwards."""
    server = PrefectServer(home)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def serving(
    inbox: Path, out: Path, env: dict[str, str], *options: str
) -> Iterator[subprocess.Popen[str]]:
    """Yield a running ``accord serve --inbox --out ...``, stopped with Ctrl-C afterwards.

    Its standard error is a pipe (read it with the process's ``stderr``); ``env`` points it at
    a server.
    """
    args = ["serve", "--inbox", str(inbox), "--out", str(out), *options]
    serve = subprocess.Popen(
        [sys.executable, "-m", "accord", *args],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        yield serve
    finally:
        _end_group(serve, signal.SIGINT, 60)


def wait_for(
    what: str, check: Callable[[], T | None], timeout: float, serve: subprocess.Popen[str]
) -> T:
    """Return ``check()``'s first truthy answer; raise if ``serve`` exits or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        if serve.poll() is not None:
            raise RuntimeError(f"accord serve exited while waiting for {what}")
        time.sleep(1)
    raise TimeoutError(f"waited {timeout:g} s for {what}")


def deployment(client: Any, name: str) -> Callable[[], Any]:
    """Return a check for :func:`wait_for`: the deployment ``name`` once registered, else None."""

    def registered() -> Any:
        try:
            return client.read_deployment_by_name(name)
        except Exception:
            return None

    return registered


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
