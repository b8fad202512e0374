"""Redlines of re-issued signing copies: every change tracked, accept-all and reject-all exact."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import docx
import pypdf
import pytest

from accord.documents.pdf import convert_files
from accord.documents.redline import redline
from accord.documents.revisions import resolved
from accord.documents.samples import AS_OF, Sample, sample
from accord.documents.text import docx_text
from accord.jurisdictions import determine
from accord.records import Kind, Record
from tests.documents.conftest import BATCH, document_set

REISSUED = date(2026, 6, 15)
needs_soffice = pytest.mark.skipif(
    not (shutil.which("soffice") or shutil.which("libreoffice")),
    reason="LibreOffice (soffice) is not installed; `make test` installs it",
)


def _signing(found: Sample, record: Record, *, ruled: bool = True) -> bytes:
    det = determine(record, AS_OF, found.facts) if ruled else found.det
    kind = next(k for k in Kind if type(record).__name__.lower() in k.value)
    docs = document_set(kind).render(record, det, BATCH, AS_OF, "none", found.facts)
    return docs[0].data


def _xml(data: bytes) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")


def _changes(data: bytes) -> list[tuple[str, str]]:
    """Return (kind, text) of every run-level tracked change of the redline, in order."""
    found = []
    for match in re.finditer(r"<w:(ins|del) [^>]*>(.*?)</w:\1>", _xml(data)):
        text = "".join(re.findall(r"<w:(?:t|delText)[^>]*>([^<]*)<", match.group(2)))
        found.append((match.group(1), text))
    return found


def _assert_exact(old: bytes, new: bytes, red: bytes) -> None:
    assert docx_text(resolved(red, accept=True)) == docx_text(new)
    assert docx_text(resolved(red, accept=False)) == docx_text(old)


def test_counter_offer_tracks_the_new_pay_and_start_date():
    found = sample(Kind.OFFERS, "US-MN")
    countered = replace(found.record, base_salary=Decimal("128000"), start_date=date(2026, 7, 20))
    old, new = _signing(found, found.record), _signing(found, countered)
    red = redline(old, new, REISSUED)
    changes = _changes(red)
    assert ("del", "$98,000.00") in changes
    assert ("ins", "$128,000.00") in changes
    assert ("ins", "20,") in changes or any("20" in t for k, t in changes if k == "ins")
    _assert_exact(old, new, red)


def test_every_change_is_authored_accord_and_dated_the_as_of_date():
    found = sample(Kind.OFFERS, "US-MN")
    countered = replace(found.record, base_salary=Decimal("128000"))
    red = redline(_signing(found, found.record), _signing(found, countered), REISSUED)
    marks = re.findall(r"<w:(?:ins|del|pPrChange) ([^>]*)>", _xml(red))
    assert marks
    for mark in marks:
        assert 'w:author="Accord"' in mark
        assert 'w:date="2026-06-15T00:00:00Z"' in mark
    ids = [int(i) for i in re.findall(r'<w:(?:ins|del|pPrChange) w:id="(\d+)"', _xml(red))]
    assert ids == list(range(1, len(ids) + 1))


def test_revised_separation_tracks_more_severance_and_the_added_clause():
    found = sample(Kind.SEPARATIONS, "US-MN")
    revised = replace(found.record, severance_weeks=Decimal("12"), neutral_reference=True)
    old, new = _signing(found, found.record), _signing(found, revised)
    red = redline(old, new, REISSUED)
    xml = _xml(red)
    # A whole paragraph added: its paragraph mark is inserted too.
    assert re.search(r"<w:pPr>(?:(?!</w:pPr>).)*<w:rPr><w:ins ", xml)
    inserted = " ".join(t for k, t in _changes(red) if k == "ins")
    assert "Neutral reference" in inserted
    assert "12" in inserted
    _assert_exact(old, new, red)


def test_unchanged_document_gives_a_redline_without_changes():
    found = sample(Kind.OFFERS, "US-CA")
    old = _signing(found, found.record)
    red = redline(old, old, REISSUED)
    assert _changes(red) == []
    assert "<w:ins " not in _xml(red) and "<w:del " not in _xml(red)
    assert docx_text(red) == docx_text(old)


def test_removed_clause_is_deleted_whole_with_its_heading():
    found = sample(Kind.OFFERS, "US-CA")
    old = _signing(found, found.record, ruled=False)
    kept = tuple(c for c in found.det.clauses if c != "pay_range")
    fewer = replace(found, det=replace(found.det, clauses=kept))
    new = _signing(fewer, found.record, ruled=False)
    assert "Pay range" in docx_text(old) and "Pay range" not in docx_text(new)
    red = redline(old, new, REISSUED)
    assert all(kind == "del" for kind, _ in _changes(red))
    assert re.search(r"<w:pPr>(?:(?!</w:pPr>).)*<w:rPr><w:del ", _xml(red))
    _assert_exact(old, new, red)


def test_changed_table_row_is_the_old_row_deleted_and_the_new_row_inserted():
    found = sample(Kind.AGREEMENTS, "US-TX")
    retitled = replace(found.record, party_b_title="Head of Product")
    old, new = _signing(found, found.record), _signing(found, retitled)
    red = redline(old, new, REISSUED)
    xml = _xml(red)
    assert re.search(r"<w:trPr>(?:(?!</w:trPr>).)*<w:del ", xml)
    assert re.search(r"<w:trPr>(?:(?!</w:trPr>).)*<w:ins ", xml)
    assert ("ins", "Head of Product") in _changes(red)
    _assert_exact(old, new, red)


def test_same_versions_give_the_same_redline_bytes():
    found = sample(Kind.SEPARATIONS, "US-CA")
    revised = replace(found.record, severance_weeks=Decimal("10"))
    old, new = _signing(found, found.record), _signing(found, revised)
    assert redline(old, new, REISSUED) == redline(old, new, REISSUED)


def test_redline_opens_with_python_docx():
    found = sample(Kind.OFFERS, "US-NY-NYC")
    countered = replace(found.record, base_salary=Decimal("140000"))
    red = redline(_signing(found, found.record), _signing(found, countered), REISSUED)
    document = docx.Document(io.BytesIO(red))
    assert any("Your base pay is" in p.text for p in document.paragraphs)


@needs_soffice
@pytest.mark.slow
def test_libreoffice_converts_the_redline_and_shows_both_versions(tmp_path: Path):
    found = sample(Kind.OFFERS, "US-MN")
    countered = replace(found.record, base_salary=Decimal("128000"))
    red = redline(_signing(found, found.record), _signing(found, countered), REISSUED)
    source = tmp_path / "offer_letter.redline.docx"
    source.write_bytes(red)
    assert convert_files([source], tmp_path) == 1
    text = "".join(
        page.extract_text() for page in pypdf.PdfReader(source.with_suffix(".pdf")).pages
    )
    assert "$98,000.00" in text  # struck through, still shown
    assert "$128,000.00" in text


def _tiny(*runs: tuple[str, bool]) -> bytes:
    document = docx.Document()
    paragraph = document.add_paragraph()
    for text, bold in runs:
        paragraph.add_run(text).bold = bold or None
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _bold_words(data: bytes) -> list[str]:
    paragraph = docx.Document(io.BytesIO(data)).paragraphs[0]
    return [run.text for run in paragraph.runs if run.bold]


def test_words_that_only_changed_formatting_carry_the_old_formatting_as_a_change():
    old = _tiny(("Severance is paid in one lump sum on the first payday.", False))
    new = _tiny(
        ("Severance is paid in ", False), ("one lump sum", True), (" on the first payday.", False)
    )
    red = redline(old, new, REISSUED)
    assert "<w:rPrChange " in _xml(red)
    assert _changes(red) == []
    assert _bold_words(resolved(red, accept=True)) == ["one lump sum"]
    assert _bold_words(resolved(red, accept=False)) == []
    assert docx_text(resolved(red, accept=False)) == docx_text(old)
