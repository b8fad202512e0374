"""The pipeline's steps as plain functions: staging an input and cutting it into chunks."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord import batch, steps
from accord.batch import Staging
from accord.errors import ConfigError
from accord.intake import read_batch
from tests.intake.books import OFFER_HEADERS, offer_row, write_xlsx


@pytest.fixture(autouse=True)
def _no_forced_chunk_size(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ACCORD_CHUNK_SIZE", raising=False)


@pytest.mark.parametrize(
    ("records", "size", "chunks"),
    [
        (0, 250, 0),
        (1, 250, 1),
        (600, 250, 3),
        (2_000, 250, 8),
        (2_001, 251, 8),
        (10_000, 1_250, 8),
        (10_001, 1_251, 8),
        (20_000, 2_500, 8),
        (20_001, 2_500, 9),
        (100_000, 2_500, 40),
        (200_000, 2_500, 80),
    ],
)
def test_chunks_are_about_four_per_worker_and_between_250_and_2500_records(
    records: int, size: int, chunks: int
):
    assert steps.chunk_size_setting(records) == size
    assert len(range(0, records, size)) == chunks


def test_accord_chunk_size_forces_one_size_whatever_the_batch(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ACCORD_CHUNK_SIZE", "7")
    assert [steps.chunk_size_setting(n) for n in (10, 10_000, 100_000)] == [7, 7, 7]


@pytest.mark.parametrize("value", ["0", "lots", "-5", "2.5"])
def test_a_chunk_size_that_is_not_a_whole_number_is_a_configuration_error(
    monkeypatch: pytest.MonkeyPatch, value: str
):
    monkeypatch.setenv("ACCORD_CHUNK_SIZE", value)
    with pytest.raises(ConfigError) as caught:
        steps.chunk_size_setting(10)
    assert str(caught.value) == (
        f"ACCORD_CHUNK_SIZE is '{value}'. Set it to a whole number of records per chunk, such "
        "as 500, or unset it to let the batch's size decide."
    )


def _offers(path: Path, ids: list[str], bad: frozenset[str] = frozenset()) -> Path:
    rows = [offer_row(rid, salary="lots" if rid in bad else "85000") for rid in ids]
    return write_xlsx(path, [OFFER_HEADERS, *rows])


def test_staged_records_are_the_accepted_rows_in_order_and_complete(tmp_path: Path):
    ids = [f"E{n:03d}" for n in range(40)]
    path = _offers(tmp_path / "offers_x.xlsx", ids, bad=frozenset({"E003", "E039"}))
    staged = steps.stage_input(path, tmp_path / "out")
    staging = Staging.of(Path(staged.staging_dir))
    assert (staged.accepted, staged.rejected_rows, staged.chunks) == (38, 2, [(0, 38)])
    assert batch.read_records(staging, 0, 38) == read_batch(path).records
    info = batch.read_json(staging.work / "input.json")
    assert (info["accepted"], info["chunk_size"], info["total_rows"]) == (38, 250, 40)
    assert [p["row"] for p in info["problems"]] == [5, 41]


def test_a_file_rejected_after_records_were_written_leaves_no_staging(tmp_path: Path):
    """The repeated id is on the last row: every row before it was written, then taken back."""
    ids = [f"E{n:03d}" for n in range(30)] + ["e005"]
    path = _offers(tmp_path / "offers_x.xlsx", ids)
    out = tmp_path / "out"
    staged = steps.stage_input(path, out)
    assert staged.file_error == (
        "offers_x.xlsx > Offers: candidate_id is repeated: E005 in rows 7, 32. "
        "Give every row its own candidate_id and drop the file again."
    )
    assert (staged.accepted, staged.chunks) == (0, [])
    assert not (out / ".staging" / staged.batch_id).exists()


def test_staging_cut_by_the_rule_is_resumed_until_the_size_is_forced_otherwise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    path = _offers(tmp_path / "offers_x.xlsx", [f"E{n:03d}" for n in range(600)])
    out = tmp_path / "out"
    first = steps.stage_input(path, out)
    assert (first.resumed, first.chunks) == (False, [(0, 250), (250, 500), (500, 600)])
    assert steps.stage_input(path, out).resumed
    monkeypatch.setenv("ACCORD_CHUNK_SIZE", "200")
    forced = steps.stage_input(path, out)
    assert (forced.resumed, forced.chunks) == (False, [(0, 200), (200, 400), (400, 600)])
    assert steps.stage_input(path, out).resumed
    monkeypatch.delenv("ACCORD_CHUNK_SIZE")
    again = steps.stage_input(path, out)
    assert (again.resumed, again.chunks) == (False, first.chunks)
