"""The release folder: only approved records' signing copies, each checked against the approval."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from accord import approval, audit, release
from accord.approval import Decision, DocumentChanged
from accord.errors import UsageError
from tests.published import SAMPLE


def _statuses(path: Path) -> dict[str, tuple[str, str]]:
    ws = openpyxl.load_workbook(path, read_only=True).worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = list(next(rows))
    rid, status, action = (header.index(h) for h in ("Record ID", "Status", "Next action"))
    return {r[rid]: (r[status], r[action]) for r in rows if r[rid]}


def test_a_published_batch_awaits_approval_in_both_trackers(published):
    out, batch_id = published
    for tracker in (out / batch_id / "tracker.xlsx", out / "tracker.xlsx"):
        assert {s for s, _ in _statuses(tracker).values()} == {"Awaiting approval"}
        assert _statuses(tracker)["C-1001"][1] == "Await counsel's approval (accord approve)"


def test_release_holds_only_the_approved_records_signing_copies(published):
    out, batch_id = published
    outcome = approval.decide(out, batch_id, Decision("approve except", "R. Counsel", ("C-1002",)))
    released = release.settle(out, outcome)
    folder = out / batch_id / "release"
    assert released is not None and released.folder == folder
    files = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
    lists = ["bulk-send/adobe.csv", "bulk-send/docusign.csv", "bulk-send/dropbox.csv"]
    assert files == sorted([*lists, *(f"{rid}/offer_letter.docx" for rid in outcome.approved)])
    assert "C-1002/offer_letter.docx" not in files
    assert not any("negotiation_summary" in f for f in files)
    for tracker in (out / batch_id / "tracker.xlsx", out / "tracker.xlsx"):
        statuses = _statuses(tracker)
        assert statuses["C-1001"][0] == "Ready to send"
        assert statuses["C-1002"] == ("Held", "None: held back at approval (see accord audit show)")
    released_events = [e for e in audit.read(out) if e["event"] == "released"]
    assert {e["record"] for e in released_events} == set(outcome.approved)


def test_a_rejected_batch_releases_nothing_and_its_rows_say_rejected(published):
    out, batch_id = published
    outcome = approval.decide(out, batch_id, Decision("reject", "R. Counsel", note="Wrong ranges"))
    assert release.settle(out, outcome) is None
    assert not (out / batch_id / "release").exists()
    assert {s for s, _ in _statuses(out / "tracker.xlsx").values()} == {"Rejected"}
    with pytest.raises(UsageError) as caught:
        release.release(out, batch_id)
    assert str(caught.value) == (
        f"Batch {batch_id} was rejected by R. Counsel: nothing is released. "
        "Correct the spreadsheet and process it as a new batch."
    )


def test_nothing_is_released_before_approval(published):
    out, batch_id = published
    with pytest.raises(UsageError) as caught:
        release.release(out, batch_id)
    assert str(caught.value) == (
        f"Batch {batch_id} awaits approval: nothing is released before counsel decides. "
        f"Approve it with: accord approve {batch_id} --by NAME --out {out}"
    )


def test_a_document_changed_after_approval_is_refused_at_release(published):
    out, batch_id = published
    approval.decide(out, batch_id, Decision("approve", "R. Counsel"))
    letter = out / batch_id / "documents" / "C-1004" / "offer_letter.docx"
    letter.write_bytes(b"not what counsel approved")
    with pytest.raises(DocumentChanged) as caught:
        release.release(out, batch_id)
    message = str(caught.value)
    assert "documents/C-1004/offer_letter.docx (sha256 " in message
    assert message.endswith(
        "Nothing was released. Restore the approved files from a backup, or correct the "
        "spreadsheet, process it as a new batch and have counsel approve that."
    )
    assert not (out / batch_id / "release").exists()


def test_hr_statuses_are_never_overwritten_by_the_approval(published):
    out, batch_id = published
    master = out / "tracker.xlsx"
    wb = openpyxl.load_workbook(master)
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[header.index("Record ID")].value == "C-1001":
            row[header.index("Status")].value = "Sent"
    wb.save(master)
    release.settle(out, approval.decide(out, batch_id, Decision("approve", "R. Counsel")))
    statuses = _statuses(master)
    assert statuses["C-1001"][0] == "Sent"
    assert statuses["C-1003"][0] == "Ready to send"


def test_each_providers_bulk_send_list_names_the_approved_recipients_and_their_files(published):
    out, batch_id = published
    outcome = approval.decide(out, batch_id, Decision("approve except", "R. Counsel", ("C-1002",)))
    release.settle(out, outcome)
    ws = openpyxl.load_workbook(SAMPLE, read_only=True).worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = list(next(rows))
    people = {
        r[header.index("candidate_id")]: (
            r[header.index("candidate_name")],
            r[header.index("candidate_email")] or "",
        )
        for r in rows
        if r[0]
    }
    lists = out / batch_id / "release" / "bulk-send"
    with (lists / "dropbox.csv").open(encoding="utf-8", newline="") as fh:
        dropbox = list(csv.reader(fh))
    assert dropbox[0] == ["name", "email_address", "document_field", "role_field"]
    assert dropbox[1:] == [
        [*people[rid], f"{rid}/offer_letter.docx", "Candidate"] for rid in outcome.approved
    ]
    with (lists / "docusign.csv").open(encoding="utf-8", newline="") as fh:
        docusign = list(csv.reader(fh))
    assert docusign[0] == ["Signer::Name", "Signer::Email", "Document", "Signer::RoleName"]
    assert len(docusign) == len(dropbox)
    assert not any(row[0] == people["C-1002"][0] for row in docusign)
