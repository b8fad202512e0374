"""Measure the manifest's file format: ``uv run python -m tests.report.measure 10000``.

Writes the manifest of an N-record synthetic batch (three documents with five clauses each, terms,
a finding on every third row, N/50 rejected rows) through ``manifest_file.write_stream``, then reads
it back through ``manifest_file.iter_items`` (every record, then the head only), each in a fresh process. Prints wall and CPU seconds and
the peak RSS of each process. Not a test: speed belongs in benchmarks, not in the suite.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from accord.report import manifest_file


def _record(n: int) -> dict[str, Any]:
    clauses = [
        {
            "id": f"offer.clause_{c}",
            "heading": f"Clause heading {c} \u2014 Zo\u00eb",
            "citation": "Cal. Lab. Code \u00a7 432.3",
            "rules": [f"US-CA.rule_{c}", "US.at_will"],
            "house": c % 2 == 0,
        }
        for c in range(5)
    ]
    return {
        "row": n + 2,
        "record_id": f"E{n:06d}",
        "version": 1,
        "jurisdiction": ["US-CA", "US"],
        "terms": {"respond_by": "2026-06-05", "start_date": "2026-07-01", "days": 14},
        "findings": (
            [{"code": "PAY-RANGE", "severity": "warning", "message": "m", "citation": "c"}]
            if n % 3 == 0
            else []
        ),
        "documents": [
            {
                "type": t,
                "path": f"documents/E{n:06d}/{t}.docx",
                "sha256": f"{n:064x}",
                "variant": "v1",
                "clauses": clauses if t == "offer_letter" else [],
            }
            for t in ("offer_letter", "negotiation_summary", "offer_letter.review")
        ],
    }


def _write(path: Path, n: int) -> None:
    def records() -> Iterator[dict[str, Any]]:
        return (_record(i) for i in range(n))

    rejected = (
        {"row": i, "record_id": f"R{i}", "errors": [{"column": "c", "value": "v", "message": "m"}]}
        for i in range(n // 50)
    )
    head = {"batch_id": "offers-abc", "kind": "offers", "as_of": "2026-06-01", "notes": []}
    data = {**head, "records": records(), "rejected": rejected, "unchanged": [], "warnings": []}
    manifest_file.write_stream(path, data)


def _read(path: Path) -> None:
    count = sum(1 for key, _ in manifest_file.iter_items(path) if key == "records")
    print(count, file=sys.stderr)


def _head(path: Path) -> None:
    # What the master tracker's upsert reads of each manifest: the fields around the lists.
    lists = ("records", "rejected", "unchanged")
    try:
        head = dict(manifest_file.iter_items(path, skip=lists))
    except TypeError:  # before ``skip``
        head = {k: v for k, v in manifest_file.iter_items(path) if k not in lists}
    print(sorted(head), file=sys.stderr)


def _child(what: str, path: Path, n: int) -> None:
    start, cpu = time.perf_counter(), time.process_time()
    {"write": lambda: _write(path, n), "read": lambda: _read(path), "head": lambda: _head(path)}[
        what
    ]()
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{what}: {wall:.2f} s wall, {cpu:.2f} s CPU, peak RSS {peak:.0f} MB")


def main(n: int) -> None:
    """Write then read an N-record manifest, each in a fresh process, and print the figures."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "manifest.json"
        for what in ("write", "read", "head"):
            subprocess.run(
                [sys.executable, "-m", "tests.report.measure", what, str(path), str(n)], check=True
            )
        print(f"manifest.json: {path.stat().st_size / 1e6:.1f} MB for {n} records")


if __name__ == "__main__":
    if len(sys.argv) == 4:
        _child(sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]))
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
