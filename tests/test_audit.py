"""The audit trail: hash-chained lines, appends from two processes at once, breaks named by line."""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

import pytest

from accord import audit
from accord.audit import AuditBroken


def _append_many(out: str, writer: int, count: int) -> None:
    for n in range(count):
        audit.append(Path(out), [audit.event("sent", batch=f"b{writer}", record=f"R-{writer}-{n}")])


def test_each_line_carries_the_sha256_of_the_line_before(tmp_path: Path):
    audit.append(tmp_path, [audit.event("published", batch="b", record="R-1")])
    audit.append(tmp_path, [audit.event("approved", batch="b", record="R-1", by="Counsel")])
    first, second = (tmp_path / "audit.jsonl").read_bytes().splitlines()
    assert json.loads(first)["prev"] == "0" * 64
    assert json.loads(second)["prev"] == audit.line_hash(first)
    assert [json.loads(line)["seq"] for line in (first, second)] == [1, 2]
    assert audit.verify(tmp_path).lines == 2


def test_two_processes_appending_at_once_lose_nothing_and_keep_the_chain(tmp_path: Path):
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_append_many, args=(str(tmp_path), w, 40)) for w in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    result = audit.verify(tmp_path)
    assert result.lines == 80
    records = {e["record"] for e in audit.read(tmp_path)}
    assert records == {f"R-{w}-{n}" for w in range(2) for n in range(40)}


def test_a_changed_line_breaks_the_chain_at_the_line_after_it(tmp_path: Path):
    for n in range(3):
        audit.append(tmp_path, [audit.event("published", batch="b", record=f"R-{n}")])
    path = tmp_path / "audit.jsonl"
    lines = path.read_text().splitlines(keepends=True)
    lines[1] = lines[1].replace("R-1", "R-9")
    path.write_text("".join(lines))
    with pytest.raises(AuditBroken) as caught:
        audit.verify(tmp_path)
    assert caught.value.line == 3
    assert str(caught.value) == (
        f"{path} is broken at line 3: its 'prev' is not the sha256 of the line before it. "
        "Restore the file from a backup; every line after the break can no longer be trusted."
    )


def test_a_removed_line_breaks_the_chain(tmp_path: Path):
    for n in range(3):
        audit.append(tmp_path, [audit.event("published", batch="b", record=f"R-{n}")])
    path = tmp_path / "audit.jsonl"
    lines = path.read_text().splitlines(keepends=True)
    path.write_text(lines[0] + lines[2])
    with pytest.raises(AuditBroken) as caught:
        audit.verify(tmp_path)
    assert caught.value.line == 2


def test_an_event_cannot_carry_a_field_outside_ids_hashes_and_counts(tmp_path: Path):
    with pytest.raises(ValueError, match="not \\['base_salary'\\]"):
        audit.event("published", batch="b", base_salary=120_000)


def test_history_lists_one_records_events_in_order(tmp_path: Path):
    audit.append(
        tmp_path,
        [
            audit.event("published", batch="b", record="R-1"),
            audit.event("published", batch="b", record="R-2"),
            audit.event("held", batch="b", record="R-2", by="Counsel"),
            audit.event("approved", batch="b", record="R-1", by="Counsel"),
        ],
    )
    assert [e["event"] for e in audit.history(tmp_path, "R-1")] == ["published", "approved"]
