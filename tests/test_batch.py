"""Batch identity, staging and publishing."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord import batch
from accord.batch import Staging
from accord.ooxml.atomic import temporary_path
from accord.records import Offer


def test_a_batch_id_never_begins_with_a_dash(tmp_path: Path):
    path = tmp_path / "-rf offers.xlsx"
    path.write_bytes(b"one")
    assert batch.batch_id_of(path) == f"rf_offers-{batch.file_sha256(path)[:12]}"


def test_same_content_and_name_give_the_same_batch_id(tmp_path: Path):
    a = tmp_path / "offers_june.xlsx"
    a.write_bytes(b"same bytes")
    sha = batch.file_sha256(a)
    assert batch.batch_id_for(a, sha) == batch.batch_id_for(a, batch.file_sha256(a))
    assert batch.batch_id_for(a, sha) == f"offers_june-{sha[:12]}"
    assert batch.batch_id_of(a) == f"offers_june-{sha[:12]}"


def test_changed_content_gives_a_new_batch_id(tmp_path: Path):
    a = tmp_path / "offers_june.xlsx"
    a.write_bytes(b"one")
    first = batch.batch_id_for(a, batch.file_sha256(a))
    a.write_bytes(b"two")
    assert batch.batch_id_for(a, batch.file_sha256(a)) != first


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("offers june", "offers_june"),
        ("../../etc/passwd", "etc_passwd"),
        ("C-1001", "C-1001"),
        ("", "_"),
        ("Ünïcode/名前", "Ünïcode_名前"),
        ("///", "_"),
        ("-rf", "rf"),
        ("--._-offers", "offers"),
        ("-", "_"),
    ],
)
def test_file_names_from_data_are_sanitised(text: str, expected: str):
    assert batch.safe_name(text) == expected


def test_record_folders_never_collide_when_ids_differ_only_in_punctuation():
    assert batch.record_folder("C-1001") == "C-1001"
    assert batch.record_folder("A/1") != batch.record_folder("A_1")
    assert batch.record_folder("A/1").startswith("A_1-")


def test_publish_moves_the_staged_batch_in_one_piece(tmp_path: Path):
    staging = Staging(tmp_path, "offers-abc")
    staging.work.mkdir(parents=True)
    (staging.dir / "manifest.json").write_text("{}")
    final = batch.publish(staging)
    assert final == tmp_path / "offers-abc"
    assert (final / "manifest.json").is_file()
    assert not (final / "work").exists()
    assert not staging.dir.exists()


def test_publishing_a_batch_twice_keeps_the_first(tmp_path: Path):
    staging = Staging(tmp_path, "offers-abc")
    staging.dir.mkdir(parents=True)
    (staging.dir / "manifest.json").write_text("first")
    batch.publish(staging)
    staging.dir.mkdir(parents=True)
    (staging.dir / "manifest.json").write_text("second")
    batch.publish(staging)
    assert (tmp_path / "offers-abc" / "manifest.json").read_text() == "first"


def _staged_input(staging: Staging, sha: str, accepted: int, chunk_size: int) -> None:
    staging.work.mkdir(parents=True)
    (staging.work / "records.jsonl").write_text("")
    batch.write_json(
        staging.work / "input.json",
        {"sha256": sha, "accepted": accepted, "chunk_size": chunk_size, "kind": "offers"},
    )


@pytest.mark.parametrize(
    ("sha", "size_now", "reused"),
    [("a" * 64, 4, True), ("b" * 64, 4, False), ("a" * 64, 250, False)],
)
def test_staging_left_by_a_dead_run_is_reused_only_for_the_same_content_and_chunks(
    tmp_path: Path, sha: str, size_now: int, reused: bool
):
    staging = Staging(tmp_path, "offers-aaa")
    _staged_input(staging, "a" * 64, 10, 4)
    assert (batch.staged_info(staging, sha, lambda _: size_now) is not None) is reused


@pytest.mark.parametrize(
    ("accepted", "chunk_size", "reused"),
    [(10_000, 1_250, True), (10_000, 250, False), (100_000, 2_500, True), (600, 250, True)],
)
def test_staging_is_reused_when_the_rule_gives_its_chunk_size_for_the_count_it_holds(
    tmp_path: Path, accepted: int, chunk_size: int, reused: bool
):
    """A staging cut at 250 before chunks adapted to the batch is cut again at 10,000 records."""
    from accord.chunking import chunk_size_for

    staging = Staging(tmp_path, "offers-aaa")
    _staged_input(staging, "a" * 64, accepted, chunk_size)
    assert (batch.staged_info(staging, "a" * 64, chunk_size_for) is not None) is reused


def test_staging_without_its_records_is_not_reused(tmp_path: Path):
    staging = Staging(tmp_path, "offers-aaa")
    _staged_input(staging, "a" * 64, 10, 4)
    (staging.work / "records.jsonl").unlink()
    assert batch.staged_info(staging, "a" * 64, lambda _: 4) is None


@pytest.mark.parametrize(
    ("plan", "reused"),
    [
        ({"start": 0, "end": 4, "as_of": "2026-06-01", "esign": "none"}, True),
        ({"start": 0, "end": 4, "as_of": "2026-07-01", "esign": "none"}, False),
        ({"start": 0, "end": 4, "as_of": "2026-06-01", "esign": "docusign"}, False),
        ({"start": 4, "end": 8, "as_of": "2026-06-01", "esign": "none"}, False),
    ],
)
def test_a_rendered_chunk_is_reused_only_for_the_same_records_date_and_esign(
    tmp_path: Path, plan: dict[str, object], reused: bool
):
    path = tmp_path / "chunk-00000.jsonl"
    counts = {"records": 4, "blocked": 0, "documents": 4}
    done = {"start": 0, "end": 4, "as_of": "2026-06-01", "esign": "none"}
    batch.write_json(path, {"records": [], "blocked": [], "plan": done, "counts": counts})
    assert batch.finished_chunk(path, plan) == (counts if reused else None)


def test_a_chunk_not_yet_written_must_be_rendered(tmp_path: Path):
    assert batch.finished_chunk(tmp_path / "chunk-00000.jsonl", {}) is None


def test_a_rerun_reuses_staged_records_and_rendered_chunks_but_not_for_another_date(
    tmp_path: Path,
):
    """The real steps on the offers sample: what a dead run finished is not done again."""
    from datetime import date

    from accord import steps
    from tests.conftest import SAMPLES

    sample = SAMPLES / "offers_sample.xlsx"
    first = steps.stage_input(sample, tmp_path, chunk_size=5)
    assert (first.resumed, first.chunks) == (False, [(0, 5), (5, 10), (10, 12)])
    staging = Path(first.staging_dir)
    steps.render_chunk(staging, 0, 0, 5, date(2026, 6, 1))
    letter = next((staging / "documents").rglob("*.docx"))
    letter.write_bytes(b"left by the first run")
    again = steps.stage_input(sample, tmp_path, chunk_size=5)
    assert (again.resumed, again.chunks) == (True, first.chunks)
    steps.render_chunk(staging, 0, 0, 5, date(2026, 6, 1))
    assert letter.read_bytes() == b"left by the first run"
    steps.render_chunk(staging, 0, 0, 5, date(2026, 7, 1))
    assert letter.read_bytes().startswith(b"PK")


def _offers(n: int) -> list[Offer]:
    return [
        Offer(
            row=i + 2,
            sheet="Offers",
            record_id=f"C-{i}",
            work_state="CA",
            candidate_name=f"Name\u2028{i}",
        )
        for i in range(n)
    ]


@pytest.mark.parametrize(("start", "end"), [(0, 3), (3, 7), (5, 9), (7, 7), (9, 12)])
def test_a_chunk_reads_exactly_its_records(tmp_path: Path, start: int, end: int):
    staging = Staging(tmp_path, "offers-abc")
    staging.work.mkdir(parents=True)
    records = _offers(9)
    batch.write_records(staging, records)
    assert batch.read_records(staging, start, end) == records[start:end]


def test_records_staged_without_a_line_index_are_still_read(tmp_path: Path):
    staging = Staging(tmp_path, "offers-abc")
    staging.work.mkdir(parents=True)
    records = _offers(5)
    batch.write_records(staging, records)
    (staging.work / "records.idx").unlink()
    assert batch.read_records(staging, 2, 4) == records[2:4]


def test_records_written_one_by_one_are_read_back_in_order_and_complete(tmp_path: Path):
    staging = Staging(tmp_path, "offers-abc")
    staging.work.mkdir(parents=True)
    records = _offers(7)
    with batch.RecordWriter(staging) as writer:
        for record in records:
            writer.add(record)
    assert writer.count == 7
    assert batch.read_records(staging, 0, 100) == records
    assert sorted(p.name for p in staging.work.iterdir()) == ["records.idx", "records.jsonl"]


def test_records_being_written_keep_temporary_names_until_committed(tmp_path: Path):
    staging = Staging(tmp_path, "offers-abc")
    staging.work.mkdir(parents=True)
    writer = batch.RecordWriter(staging)
    writer.add(_offers(1)[0])
    assert sorted(p.name for p in staging.work.iterdir()) == [
        temporary_path(staging.work / "records.idx").name,
        temporary_path(staging.work / "records.jsonl").name,
    ]
    assert writer.commit() == 1
    assert sorted(p.name for p in staging.work.iterdir()) == ["records.idx", "records.jsonl"]


def test_an_error_while_writing_records_leaves_none_behind(tmp_path: Path):
    staging = Staging(tmp_path, "offers-abc")
    staging.work.mkdir(parents=True)
    with (
        pytest.raises(ValueError, match="the file turned out bad"),
        batch.RecordWriter(staging) as writer,
    ):
        writer.add(_offers(1)[0])
        raise ValueError("the file turned out bad")
    assert list(staging.work.iterdir()) == []


def test_unindented_json_holds_the_same_data_on_one_line(tmp_path: Path):
    data = {"records": [{"name": "Zoë", "clauses": ["a", "b"]}], "counts": {"records": 1}}
    batch.write_json(tmp_path / "chunk.json", data, indent=None)
    text = (tmp_path / "chunk.json").read_text("utf-8")
    assert text.count("\n") == 1
    assert batch.read_json(tmp_path / "chunk.json") == data
