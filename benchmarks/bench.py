"""``make bench``: Accord end to end against plain docxtpl, measured in the same run.

Builds synthetic offers batches (1,000 and 10,000 rows; 100,000 with ``BENCH_BIG=1``), measures plain
docxtpl (load, render, save per row) on our own offer_letter template and context, then each batch
three ways in a subprocess: the steps without Prefect, ``accord run`` with its temporary server, and
``accord run`` against a running server. For each: documents per second, peak RSS of the process tree
and of its largest process, time per stage from the steps' timing log, and Prefect's own cost (the
wall time beyond the run without it). Prints a table and a last line with the ratio.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psutil

from accord.report import artifact
from benchmarks.measure import (
    AS_OF,
    overhead,
    pdf_rate,
    plain_docxtpl_rate,
    redline_seconds,
    stage_times,
    synthetic_offers,
)

# The checkout this bench runs from (``make bench``): the subprocesses start here, so that
# ``python -m benchmarks.yardstick`` finds this package, and the runs write beside outputs/.
CHECKOUT = Path(__file__).resolve().parents[1]


def _watch_rss(pid: int, peak: list[int], stop: threading.Event) -> None:
    # peak[0]: the whole process tree at once; peak[1]: the largest single process.
    root = psutil.Process(pid)
    while not stop.is_set():
        try:
            sizes = [p.memory_info().rss for p in [root, *root.children(recursive=True)]]
            peak[0] = max(peak[0], sum(sizes))
            peak[1] = max(peak[1], *sizes)
        except psutil.Error:
            pass
        time.sleep(0.05)


def accord_run(
    path: Path, out: Path, timings: Path, mode: str = "embedded", api_url: str | None = None
) -> dict[str, Any]:
    """Process ``path`` in a subprocess; return wall time, peak RSS, the documents written and
    the time no step ran (see :func:`overhead`).

    ``mode`` "embedded" runs ``accord run``, which starts its own temporary Prefect server as
    ``make run`` does; "server" runs it against the server at ``api_url``, as a deployment does;
    "direct" calls the same steps without Prefect (:mod:`benchmarks.yardstick`).
    """
    env = {**os.environ, "ACCORD_TIMINGS": str(timings)}
    env.pop("PREFECT_API_URL", None)
    if mode == "server" and api_url:
        env["PREFECT_API_URL"] = api_url
    if mode == "direct":
        module = ["benchmarks.yardstick", str(path), str(out), AS_OF.isoformat()]
    else:
        module = ["accord", "run", str(path), "--out", str(out), "--as-of", AS_OF.isoformat()]
    epoch, started = time.time(), time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", *module],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=CHECKOUT,
    )
    peak, stop = [0, 0], threading.Event()
    watcher = threading.Thread(target=_watch_rss, args=(proc.pid, peak, stop), daemon=True)
    watcher.start()
    code = proc.wait()
    wall = time.perf_counter() - started
    stop.set()
    watcher.join()
    manifests = list(out.glob("*/manifest.json"))
    docs = sum(artifact.report(m.parent).documents for m in manifests)
    idle, prefect_start = overhead(timings, epoch, wall)
    return {
        "exit": code,
        "wall": wall,
        "peak_mb": peak[0] / 2**20,
        "largest_mb": peak[1] / 2**20,
        "docs": docs,
        "idle": idle,
        "prefect_start": prefect_start,
    }


def _bench_dir() -> Path:
    # Beside outputs/, on the disk real runs write to (on some machines /tmp is a slower
    # filesystem, and 30,000 documents are 30,000 file creations).
    folder = CHECKOUT / ".bench"
    folder.mkdir(exist_ok=True)
    return folder


def _row(
    rows: int,
    mode: str,
    result: dict[str, Any],
    timings: Path,
    plain: float,
    direct: dict[str, Any],
) -> str:
    stages, _ = stage_times(timings)
    idle, server = result["idle"], result["prefect_start"]
    rate = result["docs"] / result["wall"]
    names = ("read", "render (busiest worker)", "redline", "tracker", "summary", "master tracker")
    detail = ", ".join(f"{n.split(' ')[0]} {stages.get(n, 0.0):.1f}" for n in names)
    if mode == "direct":
        detail += f"; no step {idle:.1f}"
    else:
        # Prefect's cost: the time no step ran, beyond what the direct run had (Python starting,
        # workers shutting down). Steps themselves also vary by +-20% run to run on a busy disk,
        # so the wall times' difference is shown, but is not the measure.
        prefect = idle - direct["idle"]
        detail += f"; prefect {prefect:.1f} ({100 * prefect / result['wall']:.0f}%"
        detail += f", of which its start {server:.1f}" if server else ""
        detail += f"; wall {result['wall'] - direct['wall']:+.1f} against direct)"
    return (
        f"{rows:>7} {mode:>9} {result['docs']:>7} {result['wall']:>7.1f} {rate:>8.1f} "
        f"{rate / plain:>6.1f} {result['peak_mb']:>8.0f} {result['largest_mb']:>8.0f}  {detail}"
    )


def _measured(src: Path, work: Path, timings: Path, mode: str) -> dict[str, Any]:
    """Return :func:`accord_run`'s result for ``mode``; for "server", against a server of the
    bench's own, started for that run only (idle, it would take CPU from the other modes)."""
    if mode != "server":
        return accord_run(src, work / "out", timings, mode)
    from flows.prefect_api import LocalServer  # as a deployment has

    server = LocalServer()
    server.start()
    try:
        server.wait(120)
        return accord_run(src, work / "out", timings, mode, server.api_url)
    finally:
        server.stop()


def main() -> None:
    """Run the benchmark and print its table and summary line."""
    sizes = [1_000, 10_000] + ([100_000] if os.environ.get("BENCH_BIG") == "1" else [])
    if os.environ.get("BENCH_ROWS"):  # a quick look: BENCH_ROWS=1000 make bench
        sizes = [int(n) for n in os.environ["BENCH_ROWS"].split(",")]
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    # Plain docxtpl is measured again after each batch size: the machine's speed drifts over a
    # bench (by 20% on a shared one), and the ratio compares like with like only against the
    # mean of measures taken around the runs.
    plains = [plain_docxtpl_rate()]
    print(f"plain docxtpl: {plains[0]:.1f} docs/s (load, render, save per row; 150-row sample)")
    per_redline = redline_seconds()
    print(
        f"redline: {1000 * per_redline:.1f} ms per document (a counter-offer and a revised "
        f"separation); 500 changed records: {500 * per_redline:.1f} s"
    )
    print(
        "mode: direct = the same steps and workers without Prefect (benchmarks.yardstick); "
        "embedded = accord run starting a temporary Prefect server (make run); "
        "server = accord run with PREFECT_API_URL set (a deployment). "
        "prefect = time when no step ran, minus the direct run's. "
        "ratio = against plain docxtpl measured just before the batch size's runs"
    )
    print(
        f"{'rows':>7} {'mode':>9} {'docs':>7} {'wall s':>7} {'docs/s':>8} {'ratio':>6} "
        f"{'tree MB':>8} {'max MB':>8}  stages (s)"
    )
    last: dict[str, Any] = {}
    pdf: float | None = None
    # Every run's folder stays until the end: deleting 30,000 files just before a run makes the
    # disk busy with it during that run (on this machine by several seconds).
    with tempfile.TemporaryDirectory(prefix="runs-", dir=_bench_dir()) as runs:
        for rows in sizes:
            direct: dict[str, Any] = {}
            src = synthetic_offers(Path(runs) / f"offers_bench_{rows}.xlsx", rows)
            for mode in ("direct", "embedded", "server"):
                work = Path(runs) / f"{rows}-{mode}"
                work.mkdir()
                timings = work / "timings.jsonl"
                os.sync()  # what earlier runs wrote is on disk before this one starts
                result = _measured(src, work, timings, mode)
                direct = result if mode == "direct" else direct
                print(_row(rows, mode, result, timings, plains[-1], direct), flush=True)
                if mode == "embedded":
                    last = {"rate": result["docs"] / result["wall"], "exit": result["exit"]}
                published = [p.parent for p in (work / "out").glob("*/manifest.json")]
                if pdf is None and published and shutil.which("soffice"):
                    pdf = pdf_rate(published[0], work / "pdf")
            os.sync()  # the runs' writes are not flushed while plain docxtpl is measured
            plains.append(plain_docxtpl_rate())
            print(f"plain docxtpl after {rows} rows: {plains[-1]:.1f} docs/s", flush=True)
    if pdf is not None:
        print(f"pdf: {pdf:.1f} docs/s (LibreOffice, one worker per core, 100 documents)")
    # The last size's embedded run against the plain measures just before and after it.
    plain = (plains[-2] + plains[-1]) / 2
    print(
        f"bench: accord {last['rate']:.0f} docs/s, plain docxtpl {plain:.1f} docs/s "
        f"(mean of {plains[-2]:.1f} before and {plains[-1]:.1f} after), "
        f"ratio {last['rate'] / plain:.1f}"
    )


if __name__ == "__main__":
    main()
