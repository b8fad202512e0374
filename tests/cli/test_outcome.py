"""What `accord run` says about each file and its exit status, from the flow's report."""

from __future__ import annotations

import json
from pathlib import Path

from accord.cli.outcome import Asked, Totals, changed_records, conflicts, outcome, published


def _manifest(folder: Path, records: dict[str, str], rejected: int = 0, **head: object) -> Path:
    folder.mkdir(parents=True)
    data = {
        "as_of": "2026-06-01",
        "kind": "offers",
        "options": {"esign": "none", "pdf": False},
        "near_misses": [],
        **head,
        "records": [
            {"record_id": rid, "documents": [{"sha256": sha}]} for rid, sha in records.items()
        ],
        "rejected": [{"row": n + 2} for n in range(rejected)],
    }
    (folder / "manifest.json").write_text(json.dumps(data, indent=2, sort_keys=True))
    return folder


REPORT = {
    "input": "offers_june.xlsx",
    "status": "published",
    "records": 12,
    "documents": 36,
    "rejected": 9,
    "warnings": 0,
    "folder": "outputs/offers_june-3f2a9c",
    "master_tracker": "Master tracker: outputs/tracker.xlsx (12 rows added)",
    "near_misses": [],
    "notes": ["Column 'Favourite colour' is not recognised."],
}


def test_a_published_file_is_one_line_with_its_rejected_rows_and_notes() -> None:
    assert outcome(REPORT, Asked()) == (
        1,
        [
            "offers_june.xlsx: 12 records, 36 documents -> outputs/offers_june-3f2a9c (9 rows "
            "rejected: see rejects.xlsx) Note: Column 'Favourite colour' is not recognised."
        ],
    )


def test_a_near_miss_is_printed_and_makes_the_file_exit_1() -> None:
    report = {**REPORT, "rejected": 0, "notes": [], "near_misses": ["Offers: column 'x' ..."]}
    assert outcome(report, Asked()) == (
        1,
        [
            "offers_june.xlsx: 12 records, 36 documents -> outputs/offers_june-3f2a9c",
            "  column to check: Offers: column 'x' ...",
        ],
    )


def test_already_processed_exits_as_the_published_batch_did(tmp_path: Path) -> None:
    folder = _manifest(tmp_path / "offers_june-3f2a9c", {"C-1": "a"}, rejected=2)
    report = {"input": "copy.xlsx", "status": "already_published", "folder": str(folder)}
    status, lines = outcome({**report, "copy_of": "offers_june.xlsx"}, Asked())
    assert (status, lines) == (
        1,
        [
            f"copy.xlsx: already processed (same content as offers_june.xlsx) -> {folder} "
            "(2 rows rejected: see rejects.xlsx)"
        ],
    )


def test_already_processed_with_other_options_exits_2_naming_them_and_the_way_out(
    tmp_path: Path,
) -> None:
    folder = _manifest(tmp_path / "offers_june-3f2a9c", {"C-1": "a"})
    report = {"input": "offers_june.xlsx", "status": "already_published", "folder": str(folder)}
    status, lines = outcome(report, Asked(as_of="2026-07-01", pdf=True))
    assert (status, lines) == (
        2,
        [
            "offers_june.xlsx: already published as offers_june-3f2a9c, with other options "
            "than this run's: --as-of 2026-07-01 (published as of 2026-06-01); --pdf (published "
            "without). Run it again with --reissue to publish a new version (it says which "
            "records changed), or with another --out to publish it there."
        ],
    )


def test_options_the_batch_was_made_with_are_no_conflict(tmp_path: Path) -> None:
    batch = published(_manifest(tmp_path / "b", {}, options={"esign": "docusign", "pdf": True}))
    assert (
        conflicts(Asked(as_of="2026-06-01", kind="offers", esign="docusign", pdf=True), batch) == []
    )
    assert conflicts(Asked(esign="adobe", kind="agreements"), batch) == [
        "--kind agreements (published as offers)",
        "--esign adobe (published with --esign docusign)",
    ]


def test_the_run_ends_with_a_total_line() -> None:
    totals = Totals()
    for report in (REPORT, {**REPORT, "rejected": 0}, {"status": "rejected", "input": "x.xlsx"}):
        totals.add(report, 1)
    assert totals.line(Path("outputs")) == (
        "3 files: 24 records, 72 documents, 9 rejected (1 file rejected whole). Master tracker: "
        "outputs/tracker.xlsx"
    )


def test_one_of_a_thing_is_counted_in_the_singular() -> None:
    totals = Totals()
    totals.add({**REPORT, "records": 1, "documents": 1, "rejected": 0}, 0)
    assert totals.line(Path("outputs")) == (
        "1 file: 1 record, 1 document, 0 rejected. Master tracker: outputs/tracker.xlsx"
    )


def test_a_reissue_names_the_records_whose_documents_changed(tmp_path: Path) -> None:
    before = _manifest(tmp_path / "v1", {"C-1": "a", "C-2": "b", "C-3": "c"})
    after = _manifest(tmp_path / "v2", {"C-1": "a", "C-2": "B", "C-4": "d"})
    assert changed_records(before, after) == ["C-2", "C-4", "C-3"]
