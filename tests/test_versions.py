"""Re-issued records: a counter-offer is version 2 with a redline, an unchanged row is not issued."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl import Workbook

from accord import steps, versions
from accord.documents.revisions import resolved
from accord.documents.text import docx_text
from accord.records import Offer

AS_OF = date(2026, 6, 1)
REISSUED = date(2026, 6, 10)


def _offers(path: Path, rows: list[tuple[str, str, int, date]]) -> Path:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Offers")
    for n, (rid, name, salary, start) in enumerate(rows):
        row = {
            "candidate_id": rid,
            "candidate_name": name,
            "job_title": "Analyst",
            "work_state": "MT",
            "base_salary": salary,
            "start_date": start,
            "offer_date": AS_OF,
            "owner": "Jordan Lee",
        }
        if n == 0:
            ws.append(list(row))
        ws.append(list(row.values()))
    wb.save(path)
    return path


def _publish(source: Path, out: Path, as_of: date) -> tuple[Path, dict[str, Any]]:
    """Return the published batch folder of ``source`` and its counts, made by the steps."""
    info = steps.stage_input(source, out, as_of=as_of)
    staging = Path(info.staging_dir)
    for index, (start, end) in enumerate(info.chunks):
        steps.render_chunk(staging, index, start, end, as_of)
    counts = steps.write_manifest(staging, as_of)
    steps.write_summary(staging)
    steps.write_tracker(staging, as_of)
    return Path(steps.publish(staging)), counts


START = date(2026, 7, 6)
FIRST = [
    ("C1", "Ana Diaz", 120_000, START),
    ("C2", "Ben Ode", 90_000, START),
    ("C3", "Cy Tran", 95_000, START),
]
# C1 countered (pay and start date), C2 unchanged, C3's name corrected in the same file, C4 new.
SECOND = [
    ("C1", "Ana Diaz", 128_000, START + timedelta(days=14)),
    ("C2", "Ben Ode", 90_000, START),
    ("C3", "Dee Fox", 95_000, START),
    ("C4", "Eli Gray", 99_000, START),
]


@pytest.fixture(scope="module")
def reissued(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("versions")
    out = root / "out"
    first_dir = root / "first"
    second_dir = root / "second"
    first_dir.mkdir()
    second_dir.mkdir()
    first, _ = _publish(_offers(first_dir / "offers_june.xlsx", FIRST), out, AS_OF)
    second, counts = _publish(_offers(second_dir / "offers_june.xlsx", SECOND), out, REISSUED)
    manifest = json.loads((second / "manifest.json").read_text("utf-8"))
    return {"first": first, "second": second, "counts": counts, "manifest": manifest}


def _entry(manifest: dict[str, Any], rid: str) -> dict[str, Any]:
    return next(e for e in manifest["records"] if e["record_id"] == rid)


def test_the_run_counts_changed_and_unchanged_records(reissued):
    counts = reissued["counts"]
    assert (counts["records"], counts["changed"], counts["unchanged"]) == (3, 2, 1)


def test_an_unchanged_record_gets_no_new_documents(reissued):
    manifest = reissued["manifest"]
    assert [e["record_id"] for e in manifest["records"]] == ["C1", "C3", "C4"]
    assert manifest["unchanged"] == [
        {"row": 3, "record_id": "C2", "version": 1, "same_as": reissued["first"].name}
    ]
    assert not (reissued["second"] / "documents" / "C2").exists()


def test_a_counter_offer_is_version_2_with_a_redline_against_what_was_sent(reissued):
    entry = _entry(reissued["manifest"], "C1")
    assert entry["version"] == 2
    assert entry["previous"] == {"batch_id": reissued["first"].name, "version": 1}
    assert entry["redline"] == "documents/C1/offer_letter.redline.docx"
    red = (reissued["second"] / entry["redline"]).read_bytes()
    sent = (reissued["first"] / "documents" / "C1" / "offer_letter.docx").read_bytes()
    new = (reissued["second"] / "documents" / "C1" / "offer_letter.docx").read_bytes()
    assert docx_text(resolved(red, accept=True)) == docx_text(new)
    assert docx_text(resolved(red, accept=False)) == docx_text(sent)
    xml = zipfile.ZipFile(io.BytesIO(red)).read("word/document.xml").decode()
    assert "$120,000.00</w:delText>" in xml and "$128,000.00</w:t>" in xml
    assert 'w:date="2026-06-10T00:00:00Z"' in xml


def test_a_name_corrected_in_the_same_file_is_the_next_version(reissued):
    assert _entry(reissued["manifest"], "C3")["version"] == 2


def test_the_same_id_with_another_persons_name_from_another_file_is_new_not_a_version():
    before = Offer(row=2, sheet="Offers", record_id="C3", work_state="MT", candidate_name="Cy Tran")
    after = replace(before, candidate_name="Dee Fox")
    previous = versions.Previous(
        "offers_june-0e3594bcc590",
        Path("out/offers_june-0e3594bcc590"),
        1,
        "2026-06-01",
        versions.values_digest(before),
        versions.person_digest(before),
        "offers_june.xlsx",
        None,
    )
    assert versions.classify(after, previous, "offers_july.xlsx") == versions.NEW
    assert versions.classify(after, previous, "offers_june.xlsx") == versions.CHANGED
    assert versions.classify(before, previous, "offers_july.xlsx") == versions.UNCHANGED


def test_the_tracker_shows_the_version_previous_batch_and_redline_link(reissued):
    ws = openpyxl.load_workbook(reissued["second"] / "tracker.xlsx").worksheets[0]
    header = [c.value for c in ws[1]]
    rows = {
        r[0]: dict(zip(header, r, strict=False)) for r in ws.iter_rows(min_row=2, values_only=True)
    }
    assert rows["C1"]["Version"] == 2
    assert rows["C1"]["Previous version"] == reissued["first"].name
    assert rows["C4"]["Version"] == 1 and not rows["C4"]["Previous version"]
    assert "C2" not in rows
    col = header.index("Redline") + 1
    link = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "C1")[col - 1]
    assert link.hyperlink is not None
    assert link.hyperlink.target.endswith("documents/C1/offer_letter.redline.docx")


def test_the_summary_of_version_2_lists_what_changed_and_the_new_answer_date(reissued):
    summary = (reissued["second"] / "documents" / "C1" / "negotiation_summary.docx").read_bytes()
    lines = docx_text(summary).splitlines()
    start = lines.index("# Version 2: what changed since version 1")
    assert lines[start + 1 : start + 3] == [
        "- Your role: July 6, 2026. -> July 20, 2026.",
        "- Your pay: $120,000.00 -> $128,000.00",
    ]
    assert lines[start + 3].startswith("New answer date: ")
    first = (reissued["first"] / "documents" / "C1" / "negotiation_summary.docx").read_bytes()
    assert "what changed" not in docx_text(first)


def test_the_same_file_reissued_with_other_options_is_that_batch_again_not_unchanged(
    tmp_path: Path,
):
    from accord.cli.outcome import set_aside

    source = _offers(tmp_path / "offers_june.xlsx", FIRST)
    out = tmp_path / "out"
    _publish(source, out, AS_OF)
    assert set_aside(out, source) is not None
    again, counts = _publish(source, out, AS_OF)
    assert (counts["records"], counts["changed"], counts["unchanged"]) == (3, 0, 0)
    assert (again / "documents" / "C2" / "offer_letter.docx").is_file()


def test_the_master_tracker_keeps_an_unchanged_record_present_and_shows_the_new_version(
    tmp_path: Path,
):
    out = tmp_path / "out"
    for name in ("first", "second"):
        (tmp_path / name).mkdir()
    first, _ = _publish(_offers(tmp_path / "first" / "offers_june.xlsx", FIRST), out, AS_OF)
    steps.update_master_tracker(first)
    second, _ = _publish(_offers(tmp_path / "second" / "offers_june.xlsx", SECOND), out, REISSUED)
    steps.update_master_tracker(second)
    ws = openpyxl.load_workbook(out / "tracker.xlsx")["Offers"]
    header = [c.value for c in ws[1]]
    rows = {
        r[0]: dict(zip(header, r, strict=False)) for r in ws.iter_rows(min_row=2, values_only=True)
    }
    assert rows["C2"]["In latest file"] == "Yes"
    assert (rows["C2"]["Batch"], rows["C2"]["Version"]) == (first.name, 1)
    assert (rows["C1"]["Batch"], rows["C1"]["Version"]) == (second.name, 2)
    assert rows["C1"]["Previous version"] == first.name
    # Follow-up deadlines follow the new version's dates.
    assert rows["C1"]["Start date"].date() == SECOND[0][3]


def test_a_previous_signing_copy_saved_over_by_hand_gives_a_finding_instead_of_a_redline(
    tmp_path: Path,
):
    out = tmp_path / "out"
    for name in ("first", "second"):
        (tmp_path / name).mkdir()
    first, _ = _publish(_offers(tmp_path / "first" / "offers_june.xlsx", FIRST), out, AS_OF)
    (first / "documents" / "C1" / "offer_letter.docx").write_text("not a Word file")
    second, counts = _publish(
        _offers(tmp_path / "second" / "offers_june.xlsx", SECOND), out, REISSUED
    )
    entry = _entry(json.loads((second / "manifest.json").read_text("utf-8")), "C1")
    assert (entry["version"], entry["redline"]) == (2, "")
    assert entry["findings"][-1] == {
        "code": "redline_unavailable",
        "severity": "warning",
        "message": (
            f"This is version 2, but the signing copy of version 1 ({first.name}/documents/C1/"
            "offer_letter.docx) is missing or is no longer a Word file Accord wrote, so no "
            "redline was written. Compare the two versions in Word (Review > Compare)."
        ),
        "citation": "",
    }
    assert counts["changed"] == 2
