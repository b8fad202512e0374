"""What a batch run's end state says, built without a Prefect API (no run, no tags to add)."""

from __future__ import annotations

import pytest
from flows.run_labels import batch_state, rejected_rows_name, report_of, sweep_state


def test_a_file_rejected_whole_ends_failed_with_its_reason_and_keeps_its_report():
    report = {"status": "rejected", "input": "offers.docx", "error": "Accord reads .xlsx files."}
    state = batch_state(report)
    assert state.is_failed()
    assert state.message == "Rejected: Accord reads .xlsx files."
    assert report_of(state) == report


@pytest.mark.parametrize(
    ("rows", "name"), [(1, "Completed with 1 rejected row"), (9, "Completed with 9 rejected rows")]
)
def test_a_batch_with_rejected_rows_is_completed_under_a_name_that_counts_them(
    rows: int, name: str
):
    report = {"status": "published", "input": "offers.xlsx", "rejected": rows}
    state = batch_state(report)
    assert state.is_completed()
    assert state.name == rejected_rows_name(rows) == name
    assert report_of(state) == report


def test_a_clean_batch_is_plain_completed():
    state = batch_state({"status": "published", "input": "offers.xlsx", "rejected": 0})
    assert (state.is_completed(), state.name) == (True, "Completed")


def test_a_sweep_that_rejected_files_says_how_many_in_its_state_name():
    files = {"a.xlsx": "published", "b.docx": "rejected", "c.xlsx": "failed"}
    state = sweep_state({"status": "swept", "files": files})
    assert (state.is_completed(), state.name) == (True, "Completed with 2 files rejected")
    assert sweep_state({"status": "swept", "files": {"a.xlsx": "published"}}).name == "Completed"


def test_a_file_published_before_ends_completed_as_already_published():
    state = batch_state({"status": "already_published", "input": "offers.xlsx"})
    assert (state.is_completed(), state.name) == (True, "Already published")
