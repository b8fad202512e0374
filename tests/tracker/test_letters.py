"""Appreciation follows the commitment: written by follow-up once Signed, never twice."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from accord.documents import follow_up
from accord.documents.samples import AS_OF, sample
from accord.documents.text import docx_text
from accord.jurisdictions import determine
from accord.records import Kind, Record
from accord.tracker.letters import write_signed_letters
from tests.documents.conftest import document_set

BATCH = "offers_x-0123abcd"
LATER = date(2026, 6, 9)


def _letters(record: Record) -> list[tuple[str, dict]]:
    det = determine(record, AS_OF)
    return document_set(record.kind).render_batch(record, det, BATCH, AS_OF)[1]


def _master(out: Path, rows: list[tuple[str, str, object]]) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Offers"
    ws.append(["Record ID", "Kind", "Batch", "Status", "Signed on"])
    for record_id, status, signed_on in rows:
        ws.append([record_id, "offers", BATCH, status, signed_on])
    wb.save(out / "tracker.xlsx")


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An output folder whose batch left letters due for C-1, C-2 and C-3."""
    s = sample(Kind.OFFERS, "US-CA")
    due = {}
    for record_id in ("C-1", "C-2", "C-3"):
        folder = tmp_path / BATCH / "documents" / record_id
        folder.mkdir(parents=True)
        letters = _letters(s.record)
        listed = follow_up.letters_listed(tmp_path / BATCH, folder, letters)
        assert listed[0]["path"] == f"documents/{record_id}/appreciation_letter.docx"
        due[record_id] = follow_up.due_entry([], letters)
    follow_up.write_due(tmp_path / BATCH, 0, due)
    _master(tmp_path, [("C-1", "Signed", None), ("C-2", "Sent", None), ("C-3", "Sent", LATER)])
    return tmp_path


def _letter(out: Path, record_id: str) -> Path:
    return out / BATCH / "documents" / record_id / "appreciation_letter.docx"


def test_follow_up_writes_the_letters_of_signed_records_dated_that_day(out: Path):
    assert write_signed_letters(out, LATER, document_set) == 2
    assert _letter(out, "C-1").is_file() and _letter(out, "C-3").is_file()
    assert not _letter(out, "C-2").exists(), "Sent, not signed: no letter yet"
    text = docx_text(_letter(out, "C-1").read_bytes())
    assert "June 9, 2026" in text and "Dear Ana Diaz," in text


def test_follow_up_never_writes_a_letter_twice(out: Path):
    write_signed_letters(out, LATER, document_set)
    first = _letter(out, "C-1").read_bytes()
    assert write_signed_letters(out, date(2026, 7, 1), document_set) == 0
    assert _letter(out, "C-1").read_bytes() == first


def test_without_a_master_tracker_follow_up_writes_no_letters(tmp_path: Path):
    assert write_signed_letters(tmp_path, LATER, document_set) == 0
