"""Chunk sizes: about four chunks per worker, never under 250 or over 2,500 records."""

from __future__ import annotations

import pytest

from accord import chunking
from accord.errors import ConfigError


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
    assert chunking.chunk_size_setting(records) == size
    assert len(range(0, records, size)) == chunks


def test_accord_chunk_size_forces_one_size_whatever_the_batch(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ACCORD_CHUNK_SIZE", "7")
    assert [chunking.chunk_size_setting(n) for n in (10, 10_000, 100_000)] == [7, 7, 7]


@pytest.mark.parametrize("value", ["0", "lots", "-5", "2.5"])
def test_a_chunk_size_that_is_not_a_whole_number_is_a_configuration_error(
    monkeypatch: pytest.MonkeyPatch, value: str
):
    monkeypatch.setenv("ACCORD_CHUNK_SIZE", value)
    with pytest.raises(ConfigError) as caught:
        chunking.chunk_size_setting(10)
    assert str(caught.value) == (
        f"ACCORD_CHUNK_SIZE is '{value}'. Set it to a whole number of records per chunk, such "
        "as 500, or unset it to let the batch's size decide."
    )
