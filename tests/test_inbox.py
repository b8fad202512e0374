"""The drop folder: what is taken, when, and where each file ends up. Nothing is ever deleted."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from accord import batch
from accord.inbox import (
    Contents,
    Inbox,
    Seen,
    duplicate_reason,
    near_miss_reason,
    rejection_reason,
    unreadable_reason,
)

DAY = date(2026, 6, 1)


def _drop(folder: Path, name: str, data: bytes = b"offers", age: float = 60.0) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    past = time.time() - age
    os.utime(path, (past, past))
    return path


def _no_wait(_seconds: float) -> None:
    return None


@pytest.mark.parametrize(
    ("name", "taken"),
    [
        ("offers_june.xlsx", True),
        ("separations.CSV", True),
        ("agreements.ods", True),
        ("~$offers_june.xlsx", False),
        (".offers_june.xlsx", False),
        ("offers_june.xlsx.part", False),
        ("notes.txt", False),
    ],
)
def test_only_spreadsheets_are_taken_never_temporary_files(tmp_path: Path, name: str, taken: bool):
    _drop(tmp_path, name)
    assert (Inbox(tmp_path).stable(settle=5, sleep=_no_wait) != []) is taken


def test_a_file_changed_in_the_last_seconds_is_left_for_a_later_sweep(tmp_path: Path):
    _drop(tmp_path, "offers.xlsx", age=1.0)
    assert Inbox(tmp_path).stable(settle=5, sleep=_no_wait) == []


def test_a_file_that_changes_while_it_is_looked_at_is_left(tmp_path: Path):
    path = _drop(tmp_path, "offers.xlsx")

    def grow(_seconds: float) -> None:
        with path.open("ab") as fh:
            fh.write(b"more rows")

    assert Inbox(tmp_path).stable(settle=5, sleep=grow) == []


def test_a_file_growing_while_it_is_copied_is_taken_only_once_complete(tmp_path: Path):
    """A real writer process appends for about two seconds; the sweep must wait it out."""
    path = tmp_path / "offers_big.xlsx"
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "with open(sys.argv[1], 'wb') as fh:\n"
            "    for i in range(10):\n"
            "        fh.write(bytes([i]) * 1000); fh.flush(); time.sleep(0.2)\n",
            str(path),
        ]
    )
    box = Inbox(tmp_path)
    seen_early: list[Path] = []
    while writer.poll() is None:
        seen_early += box.stable(settle=1.5, probe=0.3)
        time.sleep(0.1)
    assert seen_early == []
    time.sleep(1.6)
    assert box.stable(settle=1.5, probe=0.3) == [path]
    claimed = box.claim(path)
    assert claimed is not None
    assert claimed.read_bytes() == b"".join(bytes([i]) * 1000 for i in range(10))


def test_claiming_moves_the_file_into_processing(tmp_path: Path):
    path = _drop(tmp_path, "offers.xlsx")
    box = Inbox(tmp_path)
    claimed = box.claim(path)
    assert claimed == tmp_path / ".processing" / "offers.xlsx"
    assert not path.exists()
    assert box.claimed() == [claimed]
    assert box.dropped() == []


def test_a_file_whose_name_is_still_being_processed_waits_in_the_inbox(tmp_path: Path):
    box = Inbox(tmp_path)
    _drop(box.processing, "offers.xlsx", b"first")
    second = _drop(tmp_path, "offers.xlsx", b"second")
    assert box.claim(second) is None
    assert second.read_bytes() == b"second"
    assert (box.processing / "offers.xlsx").read_bytes() == b"first"


def test_archiving_moves_the_file_to_the_day_folder_and_remembers_its_content(tmp_path: Path):
    box = Inbox(tmp_path)
    claimed = _drop(box.processing, "offers.xlsx", b"content")
    sha = batch.file_sha256(claimed)
    archived = box.archive(claimed, sha, "offers-abc", DAY)
    assert archived == tmp_path / "processed" / "2026-06-01" / "offers.xlsx"
    assert archived.read_bytes() == b"content"
    assert box.seen(sha) == Seen(
        sha, "offers.xlsx", "offers-abc", archived.relative_to(tmp_path).as_posix(), "2026-06-01"
    )


def test_archiving_again_after_a_crash_returns_the_same_archived_file(tmp_path: Path):
    box = Inbox(tmp_path)
    claimed = _drop(box.processing, "offers.xlsx", b"content")
    sha = batch.file_sha256(claimed)
    first = box.archive(claimed, sha, "offers-abc", DAY)
    assert box.archive(claimed, sha, "offers-abc", DAY) == first


def test_an_archived_file_of_the_same_name_is_never_overwritten(tmp_path: Path):
    box = Inbox(tmp_path)
    one = _drop(box.processing, "offers.xlsx", b"one")
    box.archive(one, batch.file_sha256(one), "a", DAY)
    two = _drop(box.processing, "offers.xlsx", b"two")
    sha = batch.file_sha256(two)
    archived = box.archive(two, sha, "b", DAY)
    assert archived.name == f"offers-{sha[:12]}.xlsx"
    assert (box.processed / "2026-06-01" / "offers.xlsx").read_bytes() == b"one"


def test_a_rejected_file_gets_its_errors_beside_it(tmp_path: Path):
    box = Inbox(tmp_path)
    claimed = _drop(box.processing, "offers.xlsx", b"broken")
    rejected = box.reject(claimed, rejection_reason("offers.xlsx", "The file is encrypted."))
    assert rejected == tmp_path / "rejected" / "offers.xlsx"
    assert rejected.read_bytes() == b"broken"
    assert (tmp_path / "rejected" / "offers.xlsx.errors.txt").read_text() == (
        "offers.xlsx was not processed.\nThe file is encrypted.\n"
        "Fix the file and drop it again; the rest of the inbox was processed as usual.\n"
    )


def test_content_seen_before_is_explained_in_hr_terms():
    seen = Seen(
        "ab" * 32,
        "offers_june.xlsx",
        "offers_june-abababababab",
        "processed/2026-06-01/offers_june.xlsx",
        "2026-06-01",
    )
    assert duplicate_reason("copy of offers.xlsx", seen) == (
        "copy of offers.xlsx has the same content as offers_june.xlsx, which was processed on "
        "2026-06-01 into the batch offers_june-abababababab (archived as "
        "processed/2026-06-01/offers_june.xlsx).\nNothing was done with this copy. If you meant to "
        "send changes, edit the spreadsheet and drop it again."
    )


def test_content_never_published_is_not_seen(tmp_path: Path):
    assert Inbox(tmp_path).seen("0" * 64) is None


def test_a_link_to_a_file_outside_the_inbox_is_set_aside_with_a_note_not_followed(tmp_path: Path):
    secret = tmp_path / "elsewhere" / "payroll.xlsx"
    secret.parent.mkdir()
    secret.write_bytes(b"not for the inbox")
    inbox = tmp_path / "inputs"
    inbox.mkdir()
    link = inbox / "offers.xlsx"
    link.symlink_to(secret)
    box = Inbox(inbox)
    assert box.claim(link) is None
    assert box.claimed() == []
    aside = inbox / "rejected" / "offers.xlsx"
    assert aside.is_symlink()
    assert (inbox / "rejected" / "offers.xlsx.errors.txt").read_text(encoding="utf-8") == (
        f"offers.xlsx was not processed.\noffers.xlsx is a link to {secret}, outside the drop "
        "folder, and Accord does not follow links out of it.\nCopy the file itself into the drop "
        "folder.\n"
    )
    assert secret.read_bytes() == b"not for the inbox"


def test_a_link_to_a_file_inside_the_inbox_is_taken(tmp_path: Path):
    (tmp_path / "incoming").mkdir()
    real = _drop(tmp_path / "incoming", "offers_real.xlsx")
    link = tmp_path / "offers.xlsx"
    link.symlink_to(real)
    assert Inbox(tmp_path).claim(link) == tmp_path / ".processing" / "offers.xlsx"


@pytest.mark.parametrize(
    ("name", "set_aside"),
    [
        ("offer letter.docx", True),
        ("scan.PDF", True),
        ("notes.txt", True),
        ("offers_june.xlsx", False),
        ("README.md", False),
        (".DS_Store", False),
        ("~$offers.docx", False),
        ("big.xlsx.crdownload", False),
    ],
)
def test_files_accord_cannot_read_are_found_to_be_set_aside(
    tmp_path: Path, name: str, set_aside: bool
):
    _drop(tmp_path, name)
    assert (Inbox(tmp_path).unreadable() != []) is set_aside


def test_a_file_accord_cannot_read_is_rejected_with_what_accord_reads(tmp_path: Path):
    box = Inbox(tmp_path)
    claimed = box.claim(_drop(tmp_path, "offer letter.docx"))
    assert claimed is not None
    box.reject(claimed, unreadable_reason("offer letter.docx"))
    assert (tmp_path / "rejected" / "offer letter.docx.errors.txt").read_text() == (
        "offer letter.docx was not processed: Accord reads spreadsheets only (.xlsx, .xlsm, "
        ".xls, .ods, .csv).\nSave the data as an Excel workbook (.xlsx) or a CSV file and drop "
        "that file; the rest of the inbox was processed as usual.\n"
    )


def test_a_file_with_rejected_rows_is_archived_with_its_rejects_beside_it(tmp_path: Path):
    box = Inbox(tmp_path / "inputs")
    claimed = _drop(box.processing, "offers_june.xlsx", b"content")
    rejects = tmp_path / "rejects.xlsx"
    rejects.write_bytes(b"rejects")
    archived = box.archive(claimed, batch.file_sha256(claimed), "b", DAY, rejects)
    assert (archived.parent / "offers_june.rejects.xlsx").read_bytes() == b"rejects"


def test_the_registry_keeps_the_first_batch_a_content_became(tmp_path: Path):
    contents = Contents(tmp_path / "outputs")
    first = contents.add("ab" * 32, "offers_june.xlsx", "offers_june-abab", DAY)
    assert contents.add("ab" * 32, "copy.xlsx", "copy-abab", DAY) == first
    assert contents.get("ab" * 32) == Seen(
        "ab" * 32, "offers_june.xlsx", "offers_june-abab", "", "2026-06-01"
    )
    assert contents.get("cd" * 32) is None


def test_a_file_published_with_headers_to_check_is_explained():
    text = near_miss_reason("offers.xlsx", "offers-abc", ["Offers: column 'respnd by' ..."])
    assert text == (
        "offers.xlsx was processed into the batch offers-abc, but some headers look like columns "
        "Accord reads and were not recognised, so its documents were made without them:\n"
        "- Offers: column 'respnd by' ...\n"
        "Rename those columns and drop the file again: the new batch replaces this one in the "
        "master tracker. If a column is meant to be left out, list it under ignore_columns in "
        "accord.yaml; the batch stands as it is."
    )


def test_a_published_file_set_aside_keeps_its_rejects_beside_it(tmp_path: Path):
    box = Inbox(tmp_path / "inputs")
    claimed = _drop(box.processing, "offers_june.xlsx", b"content")
    rejects = tmp_path / "rejects.xlsx"
    rejects.write_bytes(b"rejects")
    rejected = box.reject(claimed, "Columns to check.", rejects)
    assert (rejected.parent / "offers_june.rejects.xlsx").read_bytes() == b"rejects"
