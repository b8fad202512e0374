"""The batch report Prefect shows: counts and codes read from the manifest, no values."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord import batch
from accord.report import artifact


def _published(tmp_path: Path) -> Path:
    folder = tmp_path / "offers-abc"
    folder.mkdir()
    finding = {"code": "PAY-RANGE", "severity": "warning", "message": "m", "citation": "c"}
    batch.write_json(
        folder / "manifest.json",
        {
            "batch_id": "offers-abc",
            "kind": "offers",
            "as_of": "2026-06-01",
            "input": {"name": "offers.xlsx", "sha256": "0" * 64, "sheet": "Sheet1"},
            "records": [
                {"jurisdiction": ["US-CA", "US"], "documents": [{}, {}], "findings": [finding]},
                {"jurisdiction": ["US-NY", "US"], "documents": [{}, {}], "findings": [finding]},
                {"jurisdiction": ["US-CA", "US"], "documents": [{}], "findings": []},
            ],
            "rejected": [
                {
                    "row": 5,
                    "record_id": "C-5",
                    "errors": [
                        {
                            "column": "work_state",
                            "value": "Calfornia",
                            "message": "The state 'Calfornia' is not a US state",
                        },
                        {"column": "base_salary", "value": "", "message": "is below 50,000.00"},
                    ],
                }
            ],
        },
    )
    return folder


def test_the_rejected_rows_table_keeps_row_column_and_problem_but_no_values(tmp_path: Path):
    report = artifact.report(_published(tmp_path))
    assert report.rejects_table() == [
        {"row": 5, "column": "work_state", "problem": "The state (value) is not a US state"},
        {"row": 5, "column": "base_salary", "problem": "is below (figure)"},
    ]


def test_the_batch_report_counts_records_documents_places_and_finding_codes(tmp_path: Path):
    report = artifact.report(_published(tmp_path))
    assert report.table() == [
        {"item": "records", "detail": "offers", "count": 3},
        {"item": "documents", "detail": "", "count": 5},
        {"item": "rejected rows", "detail": "see rejects.xlsx", "count": 1},
        {"item": "place", "detail": "California", "count": 2},
        {"item": "place", "detail": "New York", "count": 1},
        {"item": "finding PAY-RANGE", "detail": "warning", "count": 2},
    ]


def test_the_batch_summary_in_markdown_links_the_folder_and_lists_codes(tmp_path: Path):
    folder = _published(tmp_path)
    text = artifact.report(folder).markdown()
    assert text.startswith("# Batch offers-abc\n")
    assert f"- Folder: `{folder.resolve()}`" in text
    assert "| PAY-RANGE | warning | 2 |" in text


@pytest.mark.parametrize(
    ("batch_id", "key"),
    [("offers_June-f3b153bdadb0", "batch-offers-june-f3b153bdadb0"), ("__x__", "batch-x")],
)
def test_artifact_keys_use_only_what_prefect_accepts(batch_id: str, key: str):
    assert artifact.artifact_key(batch_id) == key
