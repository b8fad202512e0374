"""``make bench``: Accord end to end against plain docxtpl, measured in the same run.

Builds synthetic offers batches (1,000 and 10,000 rows; 100,000 with ``BENCH_BIG=1``), measures plain
docxtpl (load, render, save per row) on our own offer_letter template and context, then ``accord run``
end to end in a subprocess: documents per second, peak RSS of the whole process tree, and time per
stage from the steps' timing log. Prints a table and a last line with the ratio.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import psutil
from docxtpl import DocxTemplate
from openpyxl import Workbook

from accord.documents import template_version
from accord.documents.context import build_context
from accord.jurisdictions import determine
from accord.paths import PROJECT_ROOT, TEMPLATES_DIR
from accord.records import Offer

AS_OF = date(2026, 6, 1)
_STATES = ("CA", "NY", "TX", "MN", "MT", "IL", "WA", "CO", "MA", "FL", "GA", "OR")
_CITIES = {"CA": "San Francisco", "NY": "New York", "WA": "Seattle", "IL": "Chicago"}
_COLUMNS = (
    "candidate_id",
    "candidate_name",
    "job_title",
    "department",
    "hiring_manager",
    "work_state",
    "work_city",
    "base_salary",
    "pay_range_min",
    "pay_range_max",
    "start_date",
    "offer_date",
    "concerns",
    "resolutions",
    "owner",
)


def synthetic_offers(path: Path, rows: int) -> Path:
    """Write an offers workbook of ``rows`` synthetic candidates to ``path`` and return it."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Offers")
    ws.append(_COLUMNS)
    for i in range(rows):
        state = _STATES[i % len(_STATES)]
        salary = 60_000 + (i * 37) % 90_000
        ws.append(
            [
                f"B{i:06d}",
                f"Candidate {i:06d} Example",
                "Analyst",
                "Operations",
                "Pat Manager",
                state,
                _CITIES.get(state, ""),
                salary,
                salary - 5_000,
                salary + 15_000,
                AS_OF + timedelta(days=30 + i % 20),
                AS_OF,
                "Start date; Remote days",
                "Moved two weeks; Two days a week",
                "Jordan Lee",
            ]
        )
    wb.save(path)
    return path


def plain_docxtpl_rate(sample: int = 150) -> float:
    """Return plain docxtpl's documents per second on the offer letter (load, render, save)."""
    template = TEMPLATES_DIR / "offer_letter" / "offer_letter.docx"
    version = template_version(template)
    contexts = []
    for i in range(sample):
        offer = Offer(
            row=i + 2,
            sheet="Offers",
            record_id=f"B{i:06d}",
            work_state=_STATES[i % 12],
            candidate_name=f"Candidate {i:06d}",
            job_title="Analyst",
            start_date=AS_OF,
            offer_date=AS_OF,
        )
        ctx = build_context(offer, determine(offer, AS_OF), "bench", AS_OF)
        # What the document set adds for every document (its footer prints the version).
        contexts.append({**ctx, "template": {"name": "offer_letter", "version": version}})
    started = time.perf_counter()
    for ctx in contexts:
        tpl = DocxTemplate(str(template))
        tpl.render(ctx, autoescape=True)
        tpl.save(io.BytesIO())
    return sample / (time.perf_counter() - started)


def _watch_rss(pid: int, peak: list[int], stop: threading.Event) -> None:
    root = psutil.Process(pid)
    while not stop.is_set():
        try:
            procs = [root, *root.children(recursive=True)]
            peak[0] = max(peak[0], sum(p.memory_info().rss for p in procs if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.05)


def accord_run(path: Path, out: Path, timings: Path) -> dict[str, Any]:
    """Run ``accord run`` on ``path``; return wall time, peak RSS and the documents written."""
    env = {**os.environ, "ACCORD_TIMINGS": str(timings)}
    started = time.perf_counter()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "accord",
            "run",
            str(path),
            "--out",
            str(out),
            "--as-of",
            "2026-06-01",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=PROJECT_ROOT,
    )
    peak, stop = [0], threading.Event()
    watcher = threading.Thread(target=_watch_rss, args=(proc.pid, peak, stop), daemon=True)
    watcher.start()
    code = proc.wait()
    wall = time.perf_counter() - started
    stop.set()
    watcher.join()
    manifests = list(out.glob("*/manifest.json"))
    docs = sum(len(r["documents"]) for m in manifests for r in json.loads(m.read_text())["records"])
    return {"exit": code, "wall": wall, "peak_mb": peak[0] / 2**20, "docs": docs, "start": started}


def stage_times(timings: Path) -> tuple[dict[str, float], float]:
    """Return seconds per stage from the timing log, and the rules' share of the render.

    Chunks run in parallel workers: a chunk stage counts as its busiest worker's total.
    """
    per_stage: dict[str, float] = defaultdict(float)
    chunk_by_pid: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    if not timings.is_file():
        return {}, 0.0
    for line in timings.read_text().splitlines():
        item = json.loads(line)
        if item["step"].endswith("_chunk"):
            chunk_by_pid[item["step"]][item["pid"]] += item["seconds"]
        else:
            per_stage[item["step"]] += item["seconds"]
    render = chunk_by_pid.get("render_chunk", {})
    if render:
        per_stage["render (busiest worker)"] = max(render.values())
    rules = chunk_by_pid.get("rules_chunk", {})
    return dict(per_stage), max(rules.values()) if rules else 0.0


def pdf_rate(batch_folder: Path, work: Path, count: int = 100) -> float | None:
    """Return PDF documents per second converting ``count`` of the batch's documents; None
    when LibreOffice is missing."""
    from accord.documents.pdf import convert_folder
    from accord.errors import ConfigError

    sample = sorted((batch_folder / "documents").rglob("*.docx"))[:count]
    for doc in sample:
        target = work / doc.parent.name / doc.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(doc, target)
    started = time.perf_counter()
    try:
        done = convert_folder(work)
    except ConfigError:
        return None
    return done / (time.perf_counter() - started)


def main() -> None:
    """Run the benchmark and print its table and summary line."""
    sizes = [1_000, 10_000] + ([100_000] if os.environ.get("BENCH_BIG") == "1" else [])
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    plain = plain_docxtpl_rate()
    print(f"plain docxtpl: {plain:.1f} docs/s (load, render, save per row; 150-row sample)")
    last: dict[str, Any] = {}
    pdf: float | None = None
    header = f"{'rows':>8} {'docs':>8} {'wall s':>8} {'docs/s':>9} {'ratio':>7} {'peak MB':>8}  stages (s)"
    print(header)
    for rows in sizes:
        with tempfile.TemporaryDirectory(prefix="accord-bench-") as tmp:
            src = synthetic_offers(Path(tmp) / f"offers_bench_{rows}.xlsx", rows)
            timings = Path(tmp) / "timings.jsonl"
            result = accord_run(src, Path(tmp) / "out", timings)
            stages, rules = stage_times(timings)
            published = [p.parent for p in (Path(tmp) / "out").glob("*/manifest.json")]
            if pdf is None and published and shutil.which("soffice"):
                pdf = pdf_rate(published[0], Path(tmp) / "pdf")
        rate = result["docs"] / result["wall"]
        # The tracker is written on a pool worker while the manifest and summary are: count
        # only what it adds beyond them.
        beside = stages.get("manifest", 0.0) + stages.get("summary", 0.0)
        work = sum(stages.values()) - min(stages.get("tracker", 0.0), beside)
        stages["other (prefect, imports)"] = max(result["wall"] - work, 0.0)
        detail = ", ".join(f"{k} {v:.1f}" for k, v in stages.items())
        detail += f"; rules within render {rules:.1f}"
        print(
            f"{rows:>8} {result['docs']:>8} {result['wall']:>8.1f} {rate:>9.1f} "
            f"{rate / plain:>7.1f} {result['peak_mb']:>8.0f}  {detail}"
        )
        last = {"rate": rate, "rows": rows, "exit": result["exit"]}
    if pdf is not None:
        print(f"pdf: {pdf:.1f} docs/s (LibreOffice, one worker per core, 100 documents)")
    print(
        f"bench: accord {last['rate']:.0f} docs/s, plain docxtpl {plain:.1f} docs/s, "
        f"ratio {last['rate'] / plain:.1f}"
    )


if __name__ == "__main__":
    main()
