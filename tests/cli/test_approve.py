"""`accord approve`, `accord reject`, `accord release` and `accord run --approve-as`, as counsel runs them."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl

from tests.conftest import AS_OF, SAMPLES, accord, accord_here


def _status(tracker: Path, record_id: str) -> str:
    ws = openpyxl.load_workbook(tracker, read_only=True).worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = list(next(rows))
    return next(
        r[header.index("Status")] for r in rows if r[header.index("Record ID")] == record_id
    )


def test_approve_with_a_hold_releases_the_others_and_says_so(published):
    out, batch_id = published
    result = accord(
        "approve", batch_id, "--by", "R. Counsel", "--hold", "C-1002", "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    folder = out / batch_id / "release"
    assert result.stdout.splitlines()[0] == (
        f"Batch {batch_id} approved by R. Counsel: 11 records released (11 documents) to "
        f"{folder}; 1 held."
    )
    assert not (folder / "C-1002").exists()
    assert (folder / "C-1001" / "offer_letter.docx").is_file()
    assert _status(out / "tracker.xlsx", "C-1002") == "Held"
    decision = json.loads((out / batch_id / "approval.json").read_text())
    assert (decision["decision"], decision["by"], decision["holds"]) == (
        "approve except",
        "R. Counsel",
        ["C-1002"],
    )


def test_reject_needs_a_note_and_releases_nothing(published):
    out, batch_id = published
    missing = accord_here("reject", batch_id, "--by", "R. Counsel", "--out", str(out))
    assert missing.returncode == 2
    assert "Missing option '--note'" in missing.stderr
    result = accord(
        "reject",
        batch_id,
        "--by",
        "R. Counsel",
        "--note",
        "Pay ranges are last year's",
        "--out",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        f"Batch {batch_id} rejected by R. Counsel: 12 records, none released."
    )
    assert not (out / batch_id / "release").exists()
    assert _status(out / batch_id / "tracker.xlsx", "C-1001") == "Rejected"
    show = accord("audit", "show", "C-1001", "--out", str(out))
    assert [line.split("  ")[1] for line in show.stdout.splitlines()] == ["published", "rejected"]


def test_a_changed_document_is_refused_at_release_with_exit_1(published):
    out, batch_id = published
    assert accord("approve", batch_id, "--by", "R. Counsel", "--out", str(out)).returncode == 0
    letter = out / batch_id / "documents" / "C-1005" / "offer_letter.docx"
    letter.write_bytes(letter.read_bytes().replace(b"word/", b"word/", 1) + b"changed")
    result = accord("release", batch_id, "--out", str(out))
    assert result.returncode == 1
    assert result.stderr.startswith(
        f"Error: Batch {batch_id}: 1 document(s) changed after review: "
        "documents/C-1005/offer_letter.docx (sha256 "
    )
    assert "Nothing was released." in result.stderr


def test_an_unknown_batch_is_a_usage_error_naming_where_the_ids_are(tmp_path: Path):
    result = accord_here(
        "approve", "offers_x-000000000000", "--by", "R. Counsel", "--out", str(tmp_path)
    )
    assert result.returncode == 2
    assert result.stderr == (
        f"Error: No published batch 'offers_x-000000000000' in {tmp_path}. The batch ids are the "
        f"folder names there (and the Batch column of {tmp_path / 'tracker.xlsx'}).\n"
    )


def test_run_with_approve_as_ends_with_documents_ready_to_send(tmp_path: Path, prefect_server):
    out = tmp_path / "outputs"
    result = accord(
        "run",
        str(SAMPLES / "offers_sample.xlsx"),
        "--out",
        str(out),
        "--as-of",
        AS_OF,
        "--approve-as",
        "HR quickstart",
        env=prefect_server.env,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    (folder,) = [p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")]
    assert "  approved by HR quickstart: 12 records released" in result.stderr
    assert len(list((folder / "release").glob("*/offer_letter.docx"))) == 12
    assert _status(out / "tracker.xlsx", "C-1001") == "Ready to send"
    verify = accord("audit", "verify", "--out", str(out))
    assert verify.returncode == 0
    # 12 published, the batch's decision, 12 approved, 12 released.
    assert verify.stdout.startswith(f"{out / 'audit.jsonl'}: 37 events, chain whole (head ")


def test_an_unreachable_prefect_server_does_not_undo_the_decision(published):
    out, batch_id = published
    result = accord(
        "approve",
        batch_id,
        "--by",
        "R. Counsel",
        "--out",
        str(out),
        env={"PREFECT_API_URL": "http://127.0.0.1:9/api"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == (
        "  The Prefect server could not be asked for a waiting approval run (ConnectError); "
        "the decision is recorded here."
    )
    assert (out / batch_id / "release" / "C-1001" / "offer_letter.docx").is_file()
