"""Which Prefect API the flows talk to when nobody configured one.

Without ``PREFECT_API_URL`` Prefect starts a temporary local server for the run. Left to itself, each
worker process of the process pool would start its own as well (about 20 s each, and its records would
be lost), because the temporary server's address is not a setting. :func:`api_for_local_runs` starts
that server once and makes its address a setting, which the pool hands to its workers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

from accord.timing import timed


@contextmanager
def api_for_local_runs(while_starting: Callable[[], object] | None = None) -> Iterator[str]:
    """Yield the API URL the flows use: the configured one, or a temporary local server's.

    ``while_starting`` (say, importing the flows) runs while the server boots, which takes
    seconds of another process's CPU: on two cores the two overlap.
    """
    configured = get_current_settings().api.url
    if configured:
        if while_starting:
            while_starting()
        yield configured
        return
    from prefect.server.api.server import SubprocessASGIServer

    # The same instance Prefect itself would start: its clients in this process find it running.
    server = SubprocessASGIServer()
    # start() registers the server's stop at exit, after Prefect has sent its last logs and events.
    with timed("prefect server start"), ThreadPoolExecutor(1) as pool:
        starting = pool.submit(server.start)
        if while_starting:
            while_starting()
        starting.result()
    with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
        yield server.api_url
