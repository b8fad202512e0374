"""The steps as plain functions: staging, chunk sizes, and the manifest and summary of a batch."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import docx
import pytest
from openpyxl import Workbook

from accord import batch, steps
from accord.batch import Staging
from accord.documents import follow_up
from accord.errors import AccordError
from accord.intake import read_batch
from tests.conftest import SAMPLES, packages_first_imported
from tests.intake.books import OFFER_HEADERS, offer_row, write_xlsx

AS_OF = date(2026, 6, 1)
# (id, state, base salary, pay range given): B2 is withheld (Connecticut wants the range at the
# offer), B3 is rejected by intake (its salary is not a number).
ROWS = [
    ("B1", "CO", 80_000, True),
    ("B2", "CT", 81_000, False),
    ("B3", "NY", "lots", True),
    ("B4", "NY", 82_000, True),
    ("B5", "MT", 83_000, True),
]


@pytest.fixture(scope="module")
def staged(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    folder = tmp_path_factory.mktemp("batch")
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Offers")
    for n, (rid, state, salary, ranged) in enumerate(ROWS):
        row = {
            "candidate_id": rid,
            "candidate_name": f"Candidate {rid}",
            "job_title": "Analyst",
            "work_state": state,
            "base_salary": salary,
            "pay_range_min": 70_000 if ranged else None,
            "pay_range_max": 95_000 if ranged else None,
            "start_date": AS_OF + timedelta(days=20 + n),
            "offer_date": AS_OF,
            "owner": "Jordan Lee",
        }
        if n == 0:
            ws.append(list(row))
        ws.append(list(row.values()))
    wb.save(folder / "offers.xlsx")
    info = steps.stage_input(folder / "offers.xlsx", folder / "out", chunk_size=2)
    staging = Path(info.staging_dir)
    for index, (start_row, end_row) in enumerate(info.chunks):
        steps.render_chunk(staging, index, start_row, end_row, AS_OF)
    counts = steps.write_manifest(staging, AS_OF)
    steps.write_summary(staging)
    return staging, counts


def _manifest(staged: tuple[Path, dict[str, int]]) -> dict[str, Any]:
    return json.loads((staged[0] / "manifest.json").read_text("utf-8"))


def test_the_manifest_lists_the_records_of_every_chunk_in_row_order_without_names(staged):
    records = _manifest(staged)["records"]
    assert [(r["row"], r["record_id"]) for r in records] == [(2, "B1"), (5, "B4"), (6, "B5")]
    assert sorted(records[0]) == [
        "documents",
        "findings",
        "follow_up_documents",
        "jurisdiction",
        "person",
        "record_id",
        "row",
        "terms",
        "values_sha256",
        "version",
    ]
    assert "Candidate" not in (staged[0] / "manifest.json").read_text("utf-8")


def test_the_manifest_gives_the_signing_copy_its_variant_and_clauses(staged):
    offer = _manifest(staged)["records"][0]["documents"][0]
    assert offer["type"] == "offer_letter" and len(offer["variant"]) == 10
    clause = offer["clauses"][0]
    assert sorted(clause) == ["citation", "heading", "house", "id", "reason", "rules", "standard"]
    assert all(c["citation"] or c["house"] for c in offer["clauses"])


def test_the_batch_writes_no_appreciation_letter_only_what_follow_up_needs(staged):
    record = _manifest(staged)["records"][0]
    assert [d["type"] for d in record["documents"]] == ["offer_letter", "negotiation_summary"]
    assert record["follow_up_documents"] == [
        {
            "type": "appreciation_letter",
            "path": "documents/B1/appreciation_letter.docx",
            "written": "once Signed",
        }
    ]
    folder = staged[0] / "documents" / "B1"
    assert not (folder / "appreciation_letter.docx").exists()
    assert list(follow_up.letters_due(staged[0], "B1")) == ["appreciation_letter"]
    assert (staged[0] / "review" / "index.xlsx").is_file()


def test_the_manifest_is_sorted_json_one_record_a_line_with_its_published_fields(staged):
    lines = (staged[0] / "manifest.json").read_text("utf-8").splitlines()
    data = json.loads("\n".join(lines))
    start = lines.index('"records": [')
    end = start + 1 + len(data["records"])
    records = [json.loads(line.removesuffix(",")) for line in lines[start + 1 : end]]
    assert (records, lines[end]) == (data["records"], "],")
    assert list(data) == [
        "accord_version",
        "as_of",
        "batch_id",
        "input",
        "kind",
        "near_misses",
        "notes",
        "options",
        "records",
        "rejected",
        "rules_version",
        "templates_version",
        "unchanged",
        "warnings",
    ]
    assert (data["as_of"], data["kind"], data["input"]["name"]) == (
        "2026-06-01",
        "offers",
        "offers.xlsx",
    )


def test_rejected_rows_join_intake_problems_and_withheld_records_in_row_order(staged):
    rejected = _manifest(staged)["rejected"]
    assert [(r["row"], r["record_id"]) for r in rejected] == [(3, "B2"), (4, "B3")]
    assert [(e["column"], e["value"]) for e in rejected[0]["errors"]] == [
        ("pay_range_required", "")
    ]
    assert [e["column"] for e in rejected[1]["errors"]] == ["base_salary"]
    assert (staged[0] / "rejects.xlsx").is_file()


def test_the_manifest_step_returns_the_counts(staged):
    assert staged[1] == {
        "records": 3,
        "rejected": 2,
        "documents": 6,
        "variants": 3,
        "warnings": 0,
        "changed": 0,
        "unchanged": 0,
        "near_misses": [],
        "notes": [],
    }


def _summary_tables(staged: tuple[Path, dict[str, int]]) -> list[list[list[str]]]:
    document = docx.Document(str(staged[0] / "summary.docx"))
    return [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]


def test_the_summary_counts_rows_read_and_places_including_withheld_records(staged):
    tables = _summary_tables(staged)
    assert tables[0][1] == ["offers", "5", "3", "2"]
    assert tables[2] == [
        ["Place", "Code", "Records"],
        ["Colorado", "US-CO", "1"],
        ["Connecticut", "US-CT", "1"],
        ["Montana", "US-MT", "1"],
        ["New York", "US-NY", "1"],
    ]


def test_the_summary_lists_the_rejected_rows_and_the_deadlines_of_the_next_days(staged):
    tables = _summary_tables(staged)
    # tables[3:6]: findings by severity (New York's wage notice at hire is the warning).
    assert [row[0] for row in tables[4]] == ["Finding", "Wage notice at hire"]
    assert [row[:3] for row in tables[6]] == [
        ["Row", "Record ID", "Column"],
        ["3", "B2", "pay_range_required"],
        ["4", "B3", "base_salary (E)"],  # as the file heads it, with its letter
    ]
    assert tables[6][2][3] == "is not an amount of money"
    assert tables[7] == [
        ["Date", "Record ID", "Deadline"],
        ["Jun 8, 2026", "B1", "Respond by"],
        ["Jun 8, 2026", "B4", "Respond by"],
        ["Jun 8, 2026", "B5", "Respond by"],
        ["Jun 21, 2026", "B1", "Start date"],
        ["Jun 24, 2026", "B4", "Start date"],
        ["Jun 24, 2026", "B4", "Wage notice due"],  # New York: N.Y. Labor Law § 195(1)
        ["Jun 25, 2026", "B5", "Start date"],
    ]


def test_the_summary_step_asks_for_the_manifest_first(tmp_path: Path):
    staging = tmp_path / "out" / ".staging" / "offers-0123"
    (staging / "work").mkdir(parents=True)
    with pytest.raises(AccordError) as caught:
        steps.write_summary(staging)
    assert str(caught.value) == (
        f"{staging / 'work' / 'tally.json'} is missing: the summary is drawn from what "
        "write_manifest tallies, so write the manifest first (run the batch again to finish it)."
    )


@pytest.fixture(autouse=True)
def _no_forced_chunk_size(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ACCORD_CHUNK_SIZE", raising=False)


def _offers(path: Path, ids: list[str], bad: frozenset[str] = frozenset()) -> Path:
    rows = [offer_row(rid, salary="lots" if rid in bad else "85000") for rid in ids]
    return write_xlsx(path, [OFFER_HEADERS, *rows])


def test_staged_records_are_the_accepted_rows_in_order_and_complete(tmp_path: Path):
    ids = [f"E{n:03d}" for n in range(40)]
    path = _offers(tmp_path / "offers_x.xlsx", ids, bad=frozenset({"E003", "E039"}))
    staged = steps.stage_input(path, tmp_path / "out")
    staging = Staging.of(Path(staged.staging_dir))
    assert (staged.accepted, staged.rejected_rows, staged.chunks) == (38, 2, [(0, 38)])
    assert batch.read_records(staging, 0, 38) == read_batch(path).records
    info = batch.read_json(staging.work / "input.json")
    assert (info["accepted"], info["chunk_size"], info["total_rows"]) == (38, 250, 40)
    assert [p["row"] for p in info["problems"]] == [5, 41]


def test_a_file_rejected_after_records_were_written_leaves_no_staging(tmp_path: Path):
    """The repeated id is on the last row: every row before it was written, then taken back."""
    ids = [f"E{n:03d}" for n in range(30)] + ["e005"]
    path = _offers(tmp_path / "offers_x.xlsx", ids)
    out = tmp_path / "out"
    staged = steps.stage_input(path, out)
    assert staged.file_error == (
        "offers_x.xlsx > Offers: candidate_id is repeated: E005 in rows 7, 32. "
        "Give every row its own candidate_id and drop the file again."
    )
    assert (staged.accepted, staged.chunks) == (0, [])
    assert not (out / ".staging" / staged.batch_id).exists()


def test_staging_cut_by_the_rule_is_resumed_until_the_size_is_forced_otherwise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    path = _offers(tmp_path / "offers_x.xlsx", [f"E{n:03d}" for n in range(600)])
    out = tmp_path / "out"
    first = steps.stage_input(path, out)
    assert (first.resumed, first.chunks) == (False, [(0, 250), (250, 500), (500, 600)])
    assert steps.stage_input(path, out).resumed
    monkeypatch.setenv("ACCORD_CHUNK_SIZE", "200")
    forced = steps.stage_input(path, out)
    assert (forced.resumed, forced.chunks) == (False, [(0, 200), (200, 400), (400, 600)])
    assert steps.stage_input(path, out).resumed
    monkeypatch.delenv("ACCORD_CHUNK_SIZE")
    again = steps.stage_input(path, out)
    assert (again.resumed, again.chunks) == (False, first.chunks)


def test_staged_ahead_the_records_are_found_by_the_flows_staging(tmp_path: Path):
    path = _offers(tmp_path / "offers_x.xlsx", [f"E{n:03d}" for n in range(300)])
    out = tmp_path / "out"
    assert steps.stage_ahead(path, out) is not None
    found = steps.stage_input(path, out)
    assert (found.resumed, found.accepted, found.chunks) == (True, 300, [(0, 250), (250, 300)])


def test_staging_ahead_leaves_a_rejected_file_to_the_flow(tmp_path: Path):
    path = _offers(tmp_path / "offers_x.xlsx", ["E005", "E005"])
    out = tmp_path / "out"
    assert steps.stage_ahead(path, out) is None
    assert not (out / ".staging" / batch.batch_id_for(path, batch.file_sha256(path))).exists()
    assert steps.stage_input(path, out).file_error


def _published(path: Path, out: Path) -> Path:
    """Run every step of the flow up to publishing, and stop there as a run killed then would."""
    staged = steps.stage_input(path, out)
    staging = Path(staged.staging_dir)
    for index, (start, end) in enumerate(staged.chunks):
        steps.render_chunk(staging, index, start, end, AS_OF)
    steps.write_tracker(staging, AS_OF)
    steps.write_manifest(staging, AS_OF)
    steps.write_summary(staging)
    return Path(steps.publish(staging))


def _master_ids(master: Path) -> list[str]:
    from openpyxl import load_workbook

    ws = load_workbook(master)["Offers"]
    header = [c.value for c in ws[1]]
    at = header.index("Record ID")
    return [row[at] for row in ws.iter_rows(min_row=2, values_only=True)]


def test_a_batch_published_by_a_run_that_died_before_the_master_update_reaches_it_next_run(
    tmp_path: Path,
):
    out = tmp_path / "out"
    _published(_offers(tmp_path / "offers_a.xlsx", ["A1", "A2"]), out)  # killed here
    second = _published(_offers(tmp_path / "offers_b.xlsx", ["B1"]), out)
    message = steps.update_master_tracker(second)
    assert message == f"{out / 'tracker.xlsx'} created (and 1 pending update(s) applied)."
    assert _master_ids(out / "tracker.xlsx") == ["A1", "A2", "B1"]
    assert not list(out.glob("tracker.pending-*"))


def test_follow_up_merges_a_batch_whose_run_died_before_the_master_update(tmp_path: Path):
    from accord.tracker import apply_pending

    out = tmp_path / "out"
    _published(_offers(tmp_path / "offers_a.xlsx", ["A1", "A2"]), out)  # killed here
    outcome = apply_pending(out / "tracker.xlsx")
    assert (outcome.status, outcome.applied_pending) == ("created", 1)
    assert _master_ids(out / "tracker.xlsx") == ["A1", "A2"]


def test_rows_held_for_a_batch_not_yet_published_wait_for_it(tmp_path: Path):
    from accord.tracker.master import hold_for_master

    out = tmp_path / "out"
    first = _published(_offers(tmp_path / "offers_a.xlsx", ["A1"]), out)
    held = hold_for_master(first / "tracker.xlsx", out / "tracker.xlsx", "offers_z-000000000000")
    steps.update_master_tracker(first)
    assert _master_ids(out / "tracker.xlsx") == ["A1"]
    assert held.exists()


def test_staging_on_a_full_disk_says_the_disk_is_full_and_leaves_no_staging(tmp_path: Path):
    from accord.disk import DiskFull
    from tests.disk import fill, small_disk

    path = _offers(tmp_path / "offers_x.xlsx", [f"E{n:03d}" for n in range(300)])
    with small_disk(tmp_path / "disk", "1m") as disk:
        out = disk / "out"
        out.mkdir()
        filler = fill(disk)
        with pytest.raises(DiskFull) as caught:
            steps.stage_input(path, out)
        assert str(caught.value) == (
            f"The disk holding {out} is full (no space left on {disk}, 0.0 MB free). Free some "
            "space there, or choose another folder with --out, and run again."
        )
        assert list((out / ".staging").iterdir()) == []
        filler.unlink()
        assert steps.stage_input(path, out).accepted == 300


def test_rendering_on_a_full_disk_says_the_disk_is_full_not_that_a_row_failed(tmp_path: Path):
    from accord.disk import DiskFull
    from tests.disk import fill, small_disk

    path = _offers(tmp_path / "offers_x.xlsx", ["E001", "E002"])
    with small_disk(tmp_path / "disk", "2m") as disk:
        staged = steps.stage_input(path, disk / "out")
        staging = Path(staged.staging_dir)
        filler = fill(disk)
        with pytest.raises(DiskFull, match=rf"^The disk holding {disk / 'out'} is full"):
            steps.render_chunk(staging, 0, 0, 2, AS_OF)
        filler.unlink()
        assert steps.render_chunk(staging, 0, 0, 2, AS_OF)["records"] == 2


def test_a_copy_of_a_published_file_under_another_name_is_that_batch(tmp_path: Path) -> None:
    rows = [OFFER_HEADERS, offer_row("A1")]
    first = write_xlsx(tmp_path / "offers_june.xlsx", rows)
    out = tmp_path / "out"
    staged = steps.stage_input(first, out)
    steps.render_chunk(Path(staged.staging_dir), 0, 0, 1, AS_OF)
    steps.write_manifest(Path(staged.staging_dir), AS_OF)
    folder = steps.publish(Path(staged.staging_dir))
    copy = tmp_path / "elsewhere" / "offers_june (copy).xlsx"
    copy.parent.mkdir()
    copy.write_bytes(first.read_bytes())
    again = steps.stage_input(copy, out)
    assert (again.already_published, again.batch_id, again.copy_of) == (
        True,
        Path(folder).name,
        "offers_june.xlsx",
    )
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        Path(folder).name
    ]


PREPARED_WORKER = """
from datetime import date
from pathlib import Path
from accord import steps
staging, chunks = Path(sys.argv[1]), eval(sys.argv[2])
steps.prepare_worker()
for index, (start, end) in enumerate(chunks):
    steps.render_chunk(staging, index, start, end, date.today())
"""


def test_a_prepared_worker_writes_the_tracker_without_importing_a_library_first(tmp_path: Path):
    """The tracker and the master tracker come after the chunks, on the critical path: a worker
    imports openpyxl while Prefect's server starts, when a core is idle, not then."""
    staged = steps.stage_input(SAMPLES / "offers_sample.xlsx", tmp_path)
    tracker = "steps.write_tracker(staging, date.today())"
    args = (staged.staging_dir, repr(staged.chunks))
    assert packages_first_imported(PREPARED_WORKER, tracker, *args) == []
