"""The real process_batch flow, end to end on the offers sample, through `accord run`."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import openpyxl
import pytest

from tests.conftest import SAMPLES

pytestmark = pytest.mark.e2e


def _sample_offers() -> list[dict[str, object]]:
    ws = openpyxl.load_workbook(SAMPLES / "offers_sample.xlsx", read_only=True).active
    rows = ws.iter_rows(values_only=True)
    header = [str(h) for h in next(rows)]
    return [dict(zip(header, row, strict=True)) for row in rows]


def _batch(out: Path) -> Path:
    (folder,) = [p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")]
    return folder


def _text(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def test_run_exits_zero_when_every_row_produces_documents(sample_run):
    result, _ = sample_run
    assert result.returncode == 0, result.stderr


def test_each_offer_letter_names_the_person_title_salary_and_start_date(sample_run):
    _, out = sample_run
    batch = _batch(out)
    offers = _sample_offers()
    assert len(offers) == 12
    for offer in offers:
        text = _text(batch / "documents" / str(offer["candidate_id"]) / "offer_letter.docx")
        assert str(offer["candidate_name"]) in text
        assert str(offer["job_title"]) in text
        salary = offer["base_salary"]
        assert isinstance(salary, int | float)
        assert f"${salary:,.2f}" in text
        start = offer["start_date"]
        assert f"{start:%B} {start.day}, {start.year}" in text


def test_manifest_lists_every_record_with_document_hashes(sample_run):
    _, out = sample_run
    batch = _batch(out)
    manifest = json.loads((batch / "manifest.json").read_text())
    assert manifest["batch_id"] == batch.name
    assert manifest["as_of"] == "2026-06-01"
    assert len(manifest["input"]["sha256"]) == 64
    ids = [r["record_id"] for r in manifest["records"]]
    assert ids == [str(o["candidate_id"]) for o in _sample_offers()]
    first = manifest["records"][0]
    assert first["row"] == 2
    assert first["documents"][0]["type"] == "offer_letter"
    assert (batch / first["documents"][0]["path"]).is_file()


def test_tracker_has_one_row_per_record(sample_run):
    _, out = sample_run
    ws = openpyxl.load_workbook(_batch(out) / "tracker.xlsx").active
    ids = [row[0] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert ids == [str(o["candidate_id"]) for o in _sample_offers()]


def test_staging_folder_is_empty_after_publishing(sample_run):
    _, out = sample_run
    assert not any((out / ".staging").iterdir())
