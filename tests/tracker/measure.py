"""Measure the trackers at scale: ``uv run python -m tests.tracker.measure 10000``.

Builds N offer entries (three documents, three check-ins, a finding on every third row) as staging
chunk files, then times in fresh processes: the batch tracker, the master upsert into a fresh master,
and a second batch (same records plus N/10 new ones) into that existing master. Prints wall and CPU
seconds and the peak RSS of each process. Not a test: speed belongs in benchmarks, not in the suite.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from accord.batch import write_json
from accord.records import Kind

CHUNK = 250


def _entry(n: int) -> dict[str, Any]:
    rid = f"E{n:06d}"
    findings = (
        [{"code": "pay_range", "severity": "info", "message": "m", "citation": "c"}]
        if n % 3 == 0
        else []
    )
    return {
        "row": n + 2,
        "record_id": rid,
        "jurisdiction": ["US-CA", "US"],
        "terms": {
            "respond_by": "2026-06-05",
            "start_date": "2026-07-01",
            "check_ins": ["2026-07-31", "2026-08-30", "2026-09-29"],
        },
        "findings": findings,
        "documents": [
            {"type": t, "path": f"documents/{rid}/{t}.docx", "sha256": "0" * 64}
            for t in ("offer_letter", "negotiation_summary", "welcome_note")
        ],
        "name": f"Person Number {n}",
        "owner": f"Owner {n % 7}",
    }


def _stage(folder: Path, first: int, count: int) -> None:
    work = folder / "work"
    work.mkdir(parents=True)
    for c, start in enumerate(range(first, first + count, CHUNK)):
        records = [_entry(n) for n in range(start, min(start + CHUNK, first + count))]
        data = {"records": records, "blocked": [], "plan": {}, "counts": {}}
        (work / f"chunk-{c:05d}.json").write_text(json.dumps(data), encoding="utf-8")


def _manifest(folder: Path, batch_id: str) -> None:
    manifest = {
        "batch_id": batch_id,
        "kind": "offers",
        "input": {"name": f"{batch_id}.xlsx", "sha256": "a" * 64, "sheet": "Sheet1"},
        "as_of": "2026-06-01",
        "rules_version": "rules-1",
        "templates_version": "templates-1",
    }
    write_json(folder / "manifest.json", manifest)  # as publishing writes it


def _tracker(folder: Path, batch_id: str) -> None:
    from accord.tracker import Provenance, write_batch_tracker

    prov = Provenance(
        batch_id, "offers", f"{batch_id}.xlsx", "a" * 64, date(2026, 6, 1), "rules-1", "t-1"
    )
    chunks = sorted((folder / "work").glob("chunk-*.json"))
    try:
        from accord.tracker import chunk_entries
    except ImportError:  # the list-only writer (before streaming)
        entries = [e for p in chunks for e in json.loads(p.read_text())["records"]]
        write_batch_tracker(folder / "tracker.xlsx", Kind.OFFERS, entries, prov)
        return
    write_batch_tracker(folder / "tracker.xlsx", Kind.OFFERS, chunk_entries(chunks), prov)


def _merge(folder: Path) -> None:
    from accord.tracker import merge_batch

    print(merge_batch(folder).status, file=sys.stderr)


def _child(what: str, folder: str, batch_id: str) -> None:
    # CPU seconds as well as wall seconds: on a shared machine the wall clock tells the load.
    import accord.tracker  # noqa: F401  (imported before timing, as a pipeline step would be)

    before = resource.getrusage(resource.RUSAGE_SELF)
    cpu_before = before.ru_utime + before.ru_stime
    started = time.perf_counter()
    if what == "tracker":
        _tracker(Path(folder), batch_id)
    else:
        _merge(Path(folder))
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime - cpu_before
    result = {
        "seconds": round(seconds, 2),
        "cpu_s": round(cpu, 2),
        "peak_mb": round(usage.ru_maxrss / 1024),
    }
    print(json.dumps(result))


def _run(what: str, folder: Path, batch_id: str) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "tests.tracker.measure", "--child", what, str(folder), batch_id]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.splitlines()[-1])


def main(rows: int) -> None:
    """Print the timings of the batch tracker and the master upserts for ``rows`` records."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        # The import alone, to subtract from the peaks.
        base = [
            sys.executable,
            "-c",
            "import resource, accord.tracker;"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)",
        ]
        print(
            f"rows {rows}; process after importing accord.tracker: "
            f"{subprocess.run(base, check=True, capture_output=True, text=True).stdout.strip()} MB"
        )
        first, second = out / "b-1", out / "b-2"
        _stage(first, 0, rows)
        _stage(second, 0, rows + rows // 10)
        for batch_id, folder in (("b-1", first), ("b-2", second)):
            _manifest(folder, batch_id)
            print(f"batch tracker {batch_id}:", _run("tracker", folder, batch_id))
        print("master upsert, fresh master:", _run("merge", first, "b-1"))
        print("master upsert, existing master:", _run("merge", second, "b-2"))


if __name__ == "__main__":
    if sys.argv[1] == "--child":
        _child(*sys.argv[2:5])
    else:
        main(int(sys.argv[1]))
