"""The timing log that ``make bench`` reads."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from accord import timing


def test_steps_append_one_line_each_when_the_log_is_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    log = tmp_path / "timings.jsonl"
    monkeypatch.setenv(timing.ENV, str(log))

    @timing.timed_step("tracker")
    def step(x: int) -> int:
        return x * 2

    assert step(4) == 8
    with timing.timed("summary"):
        pass
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    assert [(item["step"], item["pid"]) for item in lines] == [
        ("tracker", os.getpid()),
        ("summary", os.getpid()),
    ]
    assert all(item["seconds"] >= 0 for item in lines)


def test_a_failing_step_is_still_timed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    log = tmp_path / "timings.jsonl"
    monkeypatch.setenv(timing.ENV, str(log))
    with pytest.raises(ValueError), timing.timed("render_chunk"):
        raise ValueError("boom")
    assert json.loads(log.read_text())["step"] == "render_chunk"


def test_nothing_is_written_without_the_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv(timing.ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    with timing.timed("read"):
        pass
    assert list(tmp_path.iterdir()) == []
