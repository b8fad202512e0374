"""Which Prefect API the flows talk to when nobody configured one.

Without ``PREFECT_API_URL`` Prefect starts a temporary local server for the run. Left to itself, any
other process or thread that reports to Prefect (a Dask worker, Prefect's events worker) would start
its own as well (about 20 s each, and its records would be lost), because the temporary server's
address is not a setting. :func:`api_for_local_runs` starts that server once and makes its address a
setting, which those processes and threads inherit.

It starts the server the way Prefect starts its own temporary one (uvicorn serving Prefect's app
factory, UI off, here through :func:`server_app`), but without importing Prefect's server package in
this process: that import alone takes about 5 s and 80 MB, only to launch another. So this module
imports nothing of Prefect until the server process is on its way, and the two start side by side
on two cores.
"""

from __future__ import annotations

import atexit
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from http.client import HTTPConnection
from typing import IO, Any

from accord.errors import ConfigError
from accord.heap import paused_collection
from accord.timing import timed

# What Prefect sets for its own temporary servers: no UI, the server knows it is temporary, and
# it is the only app its process builds (which lets it drop copies of its routes).
_SERVER_ENV = {
    "PREFECT_UI_ENABLED": "0",
    "PREFECT__SERVER_EPHEMERAL": "1",
    "PREFECT__SERVER_FINAL": "1",
}
# uvicorn's exit status when the app failed to start or the port was taken meanwhile.
_STARTUP_FAILED = 3


def _free_port() -> int:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _healthy(port: int) -> bool:
    connection = HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request("GET", "/api/health")
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def _apart_from_the_terminal() -> dict[str, Any]:
    """Return Popen options that keep a terminal's Ctrl-C from the server (Linux).

    Ctrl-C signals the whole foreground process group: the server would stop under a flow run
    that `accord watch` lets finish. In a session of its own it does not get that signal, and
    the kernel still ends it with SIGTERM when the process that started it dies, however it dies.
    """
    if not sys.platform.startswith("linux"):
        return {}

    def _end_with_parent() -> None:
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)

    return {"start_new_session": True, "preexec_fn": _end_with_parent}


def server_app() -> Any:
    """Return Prefect's server app, built with the garbage collector paused (the server's process
    calls this, through uvicorn's ``--factory``).

    Building it is the server's start: seconds of CPU on the critical path of every ``accord run``
    without a configured server, a quarter of which the collector takes when left running
    (:mod:`accord.heap`).
    """
    with paused_collection():
        from prefect.server.api.server import create_app

        return create_app()


class LocalServer:
    """A temporary Prefect API server on 127.0.0.1, in its own process, stopped at exit."""

    def __init__(self) -> None:
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self.log: IO[bytes] | None = None

    @property
    def api_url(self) -> str:
        """Return the server's API URL."""
        return f"http://127.0.0.1:{self.port}/api"

    def start(self) -> None:
        """Launch the server process and return at once; :meth:`wait` waits until it answers."""
        self.port = _free_port()
        args = [sys.executable, "-m", "uvicorn", "--factory"]
        args += [f"{__name__}:server_app", "--host", "127.0.0.1"]
        args += ["--port", str(self.port), "--log-level", "error", "--lifespan", "on"]
        # Its log goes to a file, shown only if it fails to start: when stopped at exit it
        # reports the writes it abandons, which says nothing useful to HR at their console.
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (open for the server's lifetime, closed in stop)
        self.process = subprocess.Popen(
            args,
            env={**os.environ, **_SERVER_ENV},
            stdout=self.log,
            stderr=subprocess.STDOUT,
            **_apart_from_the_terminal(),
        )
        # Stopped at exit, after Prefect (whose exit handlers are registered later, so run
        # earlier) has sent its last logs and events.
        atexit.register(self.stop)

    def wait(self, timeout: float) -> None:
        """Return once the server answers its health check; raise ConfigError after ``timeout``."""
        deadline = time.monotonic() + timeout
        retries = 2
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() == _STARTUP_FAILED and retries:
                retries -= 1  # perhaps the port, taken between choosing and binding it
                self.stop()
                self.start()
            elif self.process.poll() is not None:
                break
            if _healthy(self.port):
                return
            time.sleep(0.1)
        code = self.process.poll() if self.process else None
        words = self.last_words()
        self.stop()
        state = (
            f"it exited with status {code}" if code is not None else f"no answer in {timeout:g} s"
        )
        raise ConfigError(
            f"The temporary Prefect server did not start ({state}; its log ends: {words!r}). Set "
            "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS higher on a busy machine, or point "
            "PREFECT_API_URL at a running server (`prefect server start`)."
        )

    def last_words(self, size: int = 400) -> str:
        """Return the end of the server's log."""
        if self.log is None:
            return ""
        self.log.seek(max(self.log.seek(0, os.SEEK_END) - size, 0))
        return self.log.read().decode("utf-8", "replace").strip()

    def stop(self) -> None:
        """Stop the server process (a no-op once stopped)."""
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None
        if self.log is not None:
            self.log.close()
            self.log = None


@contextmanager
def api_for_local_runs(while_starting: Callable[[], object] | None = None) -> Iterator[str]:
    """Yield the API URL the flows use: the configured one, or a temporary local server's.

    ``while_starting`` (say, importing the flows) runs while the server boots, which takes
    seconds of another process's CPU: on two cores the two overlap.
    """
    # A URL in the environment is the common case, and known without importing Prefect. Any
    # other source (a profile, prefect.toml) is only known once Prefect's settings load: the
    # server starts first anyway and is stopped again in that rarer case.
    server = None if os.environ.get("PREFECT_API_URL") else LocalServer()
    with timed("prefect start"):
        if server is not None:
            server.start()
        if while_starting:
            while_starting()
        from prefect.settings import (
            PREFECT_API_URL,
            PREFECT_FLOWS_HEARTBEAT_FREQUENCY,
            get_current_settings,
            temporary_settings,
        )

        settings = get_current_settings()
        configured = settings.api.url
        if configured and server is not None:
            server.stop()
        if not configured:
            assert server is not None
            server.wait(settings.server.ephemeral.startup_timeout_seconds)
    # Flow-run heartbeats drive Prefect's detection of deployment runs that died (an automation
    # marks them Crashed). Runs started here are not deployment runs, and ending a run joins
    # the heartbeat thread, which sleeps in one-second steps: half a second per run on average.
    # Against a configured server, someone who set the frequency themselves keeps it.
    no_heartbeats = {PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}
    if configured:
        chosen = "heartbeat_frequency" in settings.flows.model_fields_set
        with temporary_settings(updates={} if chosen else no_heartbeats):
            yield configured
        return
    assert server is not None
    # As the environment and the global settings too: threads Prefect starts (the events worker,
    # the task runner's threads) and processes it starts do not see temporary settings, and would
    # start a temporary server of their own.
    from prefect.context import refresh_global_settings_context

    os.environ["PREFECT_API_URL"] = server.api_url
    refresh_global_settings_context()
    try:
        # The temporary server dies with the run: nobody would hear the heartbeats.
        with temporary_settings(updates={PREFECT_API_URL: server.api_url, **no_heartbeats}):
            yield server.api_url
    finally:
        os.environ.pop("PREFECT_API_URL", None)
        refresh_global_settings_context()
