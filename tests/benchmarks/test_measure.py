"""Reading the timing log in ``make bench``."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.measure import overhead, stage_times


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


def test_overhead_is_the_time_no_step_ran(tmp_path: Path):
    log = tmp_path / "timings.jsonl"
    epoch = 1000.0
    lines = [
        ("prefect start", 3.0, 1, epoch + 3.5),
        ("read", 1.0, 1, epoch + 5.0),
        # Two workers' chunks overlap: 6 to 9 counts once.
        ("render_chunk", 2.0, 7, epoch + 8.0),
        ("render_chunk", 3.0, 8, epoch + 9.0),
        ("rules_chunk", 1.0, 8, epoch + 9.0),
        ("master tracker", 1.0, 1, epoch + 11.0),
    ]
    log.write_text(
        "".join(
            json.dumps({"step": s, "seconds": t, "pid": p, "end": e}) + "\n" for s, t, p, e in lines
        )
    )
    idle, server = overhead(log, epoch, wall=12.0)
    # Busy: read 4-5, render 6-9, master 10-11 = 5 s of 12.
    assert (idle, server) == (7.0, 3.0)


def test_the_bench_times_the_redline_writer_per_document():
    from benchmarks.measure import redline_seconds

    seconds = redline_seconds(repeat=2)
    assert 0 < seconds < 1.0


def test_redlines_are_a_stage_of_their_own(tmp_path: Path):
    from benchmarks.measure import stage_times

    log = tmp_path / "timings.jsonl"
    log.write_text(
        '{"step": "redline", "seconds": 0.02, "pid": 1}\n'
        '{"step": "redline", "seconds": 0.03, "pid": 2}\n'
    )
    stages, _ = stage_times(log)
    assert round(stages["redline"], 6) == 0.05
