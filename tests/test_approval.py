"""Counsel's decision on a published batch: recorded once, with every document's sha256, audited."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest

from accord import approval, audit
from accord.approval import AlreadyDecided, Decision, DocumentChanged
from accord.errors import UsageError
from tests.published import SAMPLE, publish_sample


def test_a_decision_records_the_sha256_of_every_signing_and_review_copy(published):
    out, batch_id = published
    approval.decide(out, batch_id, Decision("approve except", "R. Counsel", ("C-1002",)))
    data = json.loads((out / batch_id / "approval.json").read_text())
    manifest = json.loads((out / batch_id / "manifest.json").read_text())
    expected = {d["path"]: d["sha256"] for r in manifest["records"] for d in r["documents"]}
    recorded = {p: h for r in data["records"].values() for p, h in r["documents"].items()}
    assert recorded == expected
    assert sorted(data["review"]) == sorted(
        str(p.relative_to(out / batch_id)) for p in (out / batch_id / "review").glob("*.docx")
    )
    assert data["records"]["C-1002"]["outcome"] == "held"
    assert data["records"]["C-1001"]["outcome"] == "approved"


def test_a_variant_held_holds_every_record_of_that_variant(published):
    out, batch_id = published
    manifest = json.loads((out / batch_id / "manifest.json").read_text())
    variant = manifest["records"][0]["documents"][0]["variant"]
    same = {
        r["record_id"]
        for r in manifest["records"]
        if any(d.get("variant") == variant for d in r["documents"])
    }
    outcome = approval.decide(out, batch_id, Decision("approve except", "R. Counsel", (variant,)))
    assert set(outcome.held) == same


def test_an_unknown_hold_names_the_value_and_where_the_ids_are(published):
    out, batch_id = published
    with pytest.raises(UsageError) as caught:
        approval.decide(out, batch_id, Decision("approve except", "R. Counsel", ("C-9999",)))
    assert str(caught.value) == (
        f"--hold 'C-9999' is neither a record id nor a variant of batch {batch_id}. "
        "Record ids are in the batch's tracker.xlsx, variants in review/index.xlsx."
    )
    assert not (out / batch_id / "approval.json").exists()


def test_a_batch_is_decided_once(published):
    out, batch_id = published
    approval.decide(out, batch_id, Decision("approve", "R. Counsel"))
    with pytest.raises(AlreadyDecided, match="a batch is decided once"):
        approval.decide(out, batch_id, Decision("reject", "Someone else", note="no"))


def test_a_document_changed_after_publishing_is_refused_and_nothing_approved(published):
    out, batch_id = published
    letter = out / batch_id / "documents" / "C-1003" / "offer_letter.docx"
    letter.write_bytes(letter.read_bytes() + b"\0")
    with pytest.raises(DocumentChanged) as caught:
        approval.decide(out, batch_id, Decision("approve", "R. Counsel"))
    assert str(caught.value).startswith(
        f"Batch {batch_id}: 1 document(s) changed after review: "
        "documents/C-1003/offer_letter.docx (sha256 "
    )
    assert str(caught.value).endswith(
        "Nothing was approved. Restore the files Accord wrote, or correct the spreadsheet and "
        "process it again."
    )
    assert not (out / batch_id / "approval.json").exists()


def test_the_trail_holds_the_decision_and_never_a_salary_or_birth_date(published):
    out, batch_id = published
    approval.decide(out, batch_id, Decision("approve except", "R. Counsel", ("C-1002",), "ok"))
    events = list(audit.read(out))
    kinds = [(e["event"], e.get("record")) for e in events]
    assert ("published", "C-1001") in kinds
    assert ("held", "C-1002") in kinds
    assert ("approved", "C-1001") in kinds
    decision = next(e for e in events if e["event"] == "approved" and "record" not in e)
    assert decision["by"] == "R. Counsel"
    assert decision["counts"] == {"approved": 11, "held": 1, "rejected": 0}
    ws = openpyxl.load_workbook(SAMPLE, read_only=True).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    header = list(rows[0])
    personal = {
        str(row[header.index(column)])
        for row in rows[1:]
        for column in ("base_salary", "prior_salary", "candidate_name", "candidate_email")
        if row[header.index(column)] not in (None, "")
    }
    # Line numbers aside (seq 21 is not an hourly rate of 21), no value of a record is there.
    leaves = {str(v) for e in events for v in _leaves({k: e[k] for k in e if k != "seq"})}
    assert personal and not personal & leaves


def _leaves(value: object) -> list[object]:
    if isinstance(value, dict):
        return [leaf for k, v in value.items() for leaf in [k, *_leaves(v)]]
    if isinstance(value, list):
        return [leaf for v in value for leaf in _leaves(v)]
    return [value]


def test_the_approval_timeout_defaults_to_14_days(tmp_path: Path):
    assert approval.timeout_days(tmp_path) == 14.0
    (tmp_path / "company.yaml").write_text("approval:\n  timeout_days: 3\n")
    assert approval.timeout_days(tmp_path) == 3.0
    (tmp_path / "company.yaml").write_text("approval:\n  timeout_days: soon\n")
    with pytest.raises(UsageError, match=r"approval\.timeout_days is 'soon'; write a number"):
        approval.timeout_days(tmp_path)


def test_the_digest_lists_the_batches_awaiting_approval_and_for_how_long(published):
    import docx

    from accord.tracker import write_digest

    out, batch_id = published
    today = date.today()
    later = today + timedelta(days=3)
    (waiting,) = approval.awaiting(out, later)
    assert (waiting.batch_id, waiting.published, waiting.days, waiting.records) == (
        batch_id,
        today,
        3,
        12,
    )
    report = write_digest(out, later)
    assert report.awaiting_approval == 1
    document = docx.Document(report.docx)
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Awaiting approval" in headings
    table = document.tables[0]  # before the owners: counsel reads it first
    assert [c.text for c in table.rows[0].cells] == ["Batch", "Published", "Waiting", "Records"]
    assert [c.text for c in table.rows[1].cells] == [batch_id, today.isoformat(), "3 days", "12"]
    approval.decide(out, batch_id, Decision("approve", "R. Counsel"))
    assert approval.awaiting(out, later) == []


def test_a_reissued_file_supersedes_the_records_of_the_earlier_batch(published, tmp_path: Path):
    out, batch_id = published
    reissued = tmp_path / "reissued" / "offers_sample.xlsx"
    reissued.parent.mkdir()
    wb = openpyxl.load_workbook(SAMPLE)
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    ws.cell(2, header.index("job_title") + 1).value = "Senior Analyst"
    wb.save(reissued)
    new_id = publish_sample(out, reissued)
    assert new_id != batch_id
    steps = [(e["event"], e["batch"], e.get("superseded_by")) for e in audit.history(out, "C-1001")]
    assert steps == [
        ("published", batch_id, None),
        ("published", new_id, None),
        ("superseded", batch_id, new_id),
    ]
