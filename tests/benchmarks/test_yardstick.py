"""The bench's run without Prefect does the work `accord run` does."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl

from benchmarks import yardstick
from tests.published import SAMPLE
from tests.published import SAMPLE_BATCH_ID as BATCH_ID


def test_the_run_without_prefect_publishes_the_same_manifest_and_tracker_as_accord_run(
    tmp_path: Path, sample_run
):
    folder = yardstick.run(SAMPLE, tmp_path, date(2026, 6, 1))
    _, reference = sample_run
    assert Path(folder) == tmp_path / BATCH_ID
    assert (tmp_path / BATCH_ID / "manifest.json").read_bytes() == (
        reference / BATCH_ID / "manifest.json"
    ).read_bytes()
    sheet = openpyxl.load_workbook(tmp_path / "tracker.xlsx", read_only=True)["Offers"]
    assert sheet.max_row == 13  # a header and the 12 offers
