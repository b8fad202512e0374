"""`accord run` exit statuses and messages: usage errors and help in this process (no Prefect needed),
then real runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.conftest import accord, accord_here


def test_a_missing_path_is_a_usage_error_with_status_2(tmp_path: Path):
    result = accord_here("run", str(tmp_path / "nope.xlsx"))
    assert result.returncode == 2
    assert "does not exist" in result.stderr


def test_a_folder_without_spreadsheets_is_a_usage_error(tmp_path: Path):
    (tmp_path / "notes.txt").write_text("hello")
    result = accord_here("run", str(tmp_path))
    assert result.returncode == 2
    assert "No spreadsheets (.xlsx .xlsm .xls .ods .csv) in the given paths." in result.stderr


def test_every_command_has_help_with_an_example():
    result = accord_here("--help")
    assert result.returncode == 0
    commands = [
        line.split()[0] for line in result.stdout.split("Commands:")[1].splitlines() if line.strip()
    ]
    assert "run" in commands
    for command in commands:
        sub = accord_here(command, "--help")
        assert sub.returncode == 0, command
        assert "Example:" in sub.stdout, command


def test_every_command_appears_in_the_readme():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    result = accord_here("--help")
    for line in result.stdout.split("Commands:")[1].splitlines():
        if line.strip():
            assert f"accord {line.split()[0]}" in readme


def test_a_read_only_out_folder_is_a_one_line_usage_error(tmp_path: Path):
    from tests.disk import remount, small_disk
    from tests.intake.books import OFFER_HEADERS, offer_row, write_xlsx

    path = write_xlsx(tmp_path / "offers_x.xlsx", [OFFER_HEADERS, offer_row("E1")])
    with small_disk(tmp_path / "disk", "1m") as disk:
        remount(disk, "ro")
        result = accord_here("run", str(path), "--out", str(disk / "out"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1] == (
        f"Error: Invalid value for '--out': {disk / 'out'} cannot be written (read-only file "
        "system). Choose a folder you can write to with --out."
    )


def _offers_with_a_near_miss(path: Path) -> Path:
    book = Workbook()
    book.active.title = "Offers"
    book.active.append(
        ["Candidate ID", "Name", "Title", "State", "Salary", "Start Date", "Respnd By", "Colour"]
    )
    book.active.append(["C-1", "Pat Doe", "Analyst", "TX", 90000, "2026-07-06", "2026-06-10", "x"])
    book.save(path)
    return path


@pytest.mark.slow
def test_run_prints_one_line_per_file_a_total_and_exits_as_the_batch_did(tmp_path: Path):
    """A near miss exits 1 and is printed; Prefect's INFO lines and its link to the temporary
    server are not (-v shows the lines); a second run says "already processed" with the batch's
    exit status, and one asking for other options exits 2 naming them. About the temporary
    server's link, so these runs start their own temporary server, not the test run's shared one."""
    path = _offers_with_a_near_miss(tmp_path / "offers_june.xlsx")
    out = tmp_path / "out"
    first = accord("run", str(path), "--out", str(out), "--as-of", "2026-06-01")
    assert first.returncode == 1, first.stderr[-3000:]
    lines = first.stderr.splitlines()
    (folder,) = [p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")]
    assert lines == [
        f"offers_june.xlsx: 1 record, 2 documents -> {folder} Note: Column 'Colour' is not "
        "recognised.",
        "  column to check: Offers: column 'Respnd By' is not recognised. Did you mean "
        "'respond_by'? Without it no row has a respond_by, and the documents use what Accord "
        "does without one. Rename the column to 'respond_by', or list 'Respnd By' under "
        "ignore_columns in accord.yaml.",
        f"1 file: 1 record, 2 documents, 0 rejected. Master tracker: {out / 'tracker.xlsx'}",
    ]
    again = accord("run", str(path), "--out", str(out))
    assert again.returncode == 1
    assert again.stderr.splitlines()[0] == f"offers_june.xlsx: already processed -> {folder}"
    other = accord("run", str(path), "--out", str(out), "--esign", "docusign", "-v")
    assert other.returncode == 2
    assert "--esign docusign (published with --esign none). Run it again with --reissue" in (
        other.stderr
    )
    # -v shows Prefect's own lines, still without a link to the temporary server.
    assert "| INFO    | Flow run " in other.stderr
    assert "View at" not in other.stderr


def test_the_first_file_is_rendered_while_prefect_starts_and_only_once(tmp_path: Path):
    """A worker stages it and renders its chunk before the flow run's own staging task begins
    (Prefect's import alone takes seconds, the worker's part under one), and the flow's chunk
    task waits for that job instead of rendering the chunk again."""
    import json

    from tests.intake.books import OFFER_HEADERS, offer_row, write_xlsx

    rows = [offer_row(f"E{n:03d}") for n in range(3)]
    path = write_xlsx(tmp_path / "offers_x.xlsx", [OFFER_HEADERS, *rows])
    timings = tmp_path / "timings.jsonl"
    result = accord(
        "run",
        str(path),
        "--out",
        str(tmp_path / "out"),
        "--as-of",
        "2026-06-01",
        env={"ACCORD_TIMINGS": str(timings)},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    items = [json.loads(line) for line in timings.read_text().splitlines()]
    main = next(item["pid"] for item in items if item["step"] == "prefect start")
    (render,) = [item for item in items if item["step"] == "render_chunk"]
    (flow_read,) = [item for item in items if item["step"] == "read" and item["pid"] == main]
    assert render["pid"] != main
    assert render["end"] - render["seconds"] < flow_read["end"] - flow_read["seconds"]
