"""Appreciation follows the commitment: written by follow-up once Signed, never twice, and never
for a performance separation."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from accord.documents.follow_up import save_letters_due, write_signed_letters
from accord.documents.samples import AS_OF, sample
from accord.documents.text import docx_text
from accord.jurisdictions import determine
from accord.records import Kind, Record
from tests.documents.conftest import document_set
from tests.jurisdictions.builders import separation

BATCH = "offers_x-0123abcd"
LATER = date(2026, 6, 9)


def _letters(record: Record) -> list[tuple[str, dict]]:
    det = determine(record, AS_OF)
    return document_set(record.kind).render_batch(record, det, BATCH, AS_OF)[1]


@pytest.mark.parametrize("kind_of", ["performance", "other"])
def test_a_performance_or_other_separation_gets_no_appreciation_letter(kind_of: str):
    assert _letters(separation(separation_type=kind_of)) == []


def test_a_layoff_gets_one_letter():
    assert [name for name, _ in _letters(separation(separation_type="layoff"))] == [
        "appreciation_letter"
    ]


def test_no_letter_thanks_for_openness_unless_concerns_were_recorded():
    quiet = _letters(separation(concerns=(), resolutions=()))[0][1]
    assert not any("openness" in p for p in quiet["paragraphs"])
    spoken = _letters(separation(concerns=("More time",), resolutions=("Granted",)))[0][1]
    assert any("openness" in p for p in spoken["paragraphs"])


def test_an_agreement_gets_one_letter_per_party():
    s = sample(Kind.AGREEMENTS, "US-TX")
    assert [n for n, _ in _letters(s.record)] == [
        "appreciation_letter_party_a",
        "appreciation_letter_party_b",
    ]


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
    for record_id in ("C-1", "C-2", "C-3"):
        folder = tmp_path / BATCH / "documents" / record_id
        folder.mkdir(parents=True)
        listed = save_letters_due(tmp_path / BATCH, folder, _letters(s.record))
        assert listed[0]["path"] == f"documents/{record_id}/appreciation_letter.docx"
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
