"""Reading the timing log in ``make bench``."""

from __future__ import annotations

import json
from pathlib import Path

from accord.bench import stage_times


def test_parallel_chunks_count_as_their_busiest_worker(tmp_path: Path):
    log = tmp_path / "timings.jsonl"
    lines = [
        ("read", 1.0, 1),
        ("render_chunk", 2.0, 7),
        ("render_chunk", 3.0, 8),
        ("render_chunk", 2.5, 7),
        ("rules_chunk", 0.5, 7),
        ("rules_chunk", 0.25, 8),
        ("tracker", 0.75, 1),
    ]
    log.write_text(
        "".join(json.dumps({"step": s, "seconds": t, "pid": p}) + "\n" for s, t, p in lines)
    )
    stages, rules = stage_times(log)
    assert stages == {"read": 1.0, "tracker": 0.75, "render (busiest worker)": 4.5}
    assert rules == 0.5


def test_no_timing_log_gives_no_stages(tmp_path: Path):
    assert stage_times(tmp_path / "missing.jsonl") == ({}, 0.0)
