"""accord check: a readable table, exit 0 when every row is usable and 1 otherwise."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from openpyxl import Workbook

from accord.cli.check import check

SAMPLES = Path(__file__).resolve().parents[2] / "inputs" / "samples"


def _offers(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Offers"
    sheet.append(["Candidate ID", "Name", "Title", "State", "Salary", "Start Date"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_clean_files_exit_0() -> None:
    result = CliRunner().invoke(check, [str(SAMPLES / "agreements_sample.xlsx")])
    assert result.exit_code == 0, result.output
    assert (
        "agreements_sample.xlsx: agreements, sheet 'Agreements', 3 rows: 3 accepted"
        in result.output
    )


def test_rejected_rows_are_tabled_and_exit_1(tmp_path: Path) -> None:
    path = _offers(tmp_path / "offers_june.xlsx", [["E1", "[bold]Pat", "Analyst", "XX", 1, "x"]])
    result = CliRunner().invoke(check, [str(path)], env={"COLUMNS": "250"})
    assert result.exit_code == 1
    assert "1 row: 0 accepted, 1 rejected" in result.output
    assert "is not a US state" in result.output
    assert "is not a date" in result.output


def test_prior_salary_never_reaches_the_terminal(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(
        ["Candidate ID", "Name", "Title", "State", "Salary", "Start Date", "Salary History"]
    )
    sheet.append(["E1", "Pat", "Analyst", "CA", 90000, "2027-01-04", "987654 maybe"])
    book.save(tmp_path / "offers_june.xlsx")
    result = CliRunner().invoke(check, [str(tmp_path / "offers_june.xlsx")], env={"COLUMNS": "250"})
    assert result.exit_code == 1
    assert "987654" not in result.output
    assert "(not shown)" in result.output


def test_whole_file_rejects_print_one_message_and_exit_1(tmp_path: Path) -> None:
    (tmp_path / "offers_june.xlsx").write_bytes(b"")
    result = CliRunner().invoke(check, [str(tmp_path / "offers_june.xlsx")], env={"COLUMNS": "250"})
    assert result.exit_code == 1
    assert result.output.strip() == ("rejected offers_june.xlsx is empty. Export the data again.")


def test_kind_option_overrides_detection(tmp_path: Path) -> None:
    path = _offers(tmp_path / "offers_june.xlsx", [["E1", "Pat", "Analyst", "CA", 1, "2027-01-04"]])
    result = CliRunner().invoke(check, [str(path), "--kind", "agreements"], env={"COLUMNS": "250"})
    assert result.exit_code == 1
    assert "required columns case_id" in result.output


def test_folders_are_checked_file_by_file(tmp_path: Path) -> None:
    _offers(tmp_path / "offers_a.xlsx", [["E1", "Pat", "Analyst", "CA", 1, "2027-01-04"]])
    _offers(tmp_path / "offers_b.xlsx", [["E2", "Sam", "Analyst", "TX", 1, "2027-01-04"]])
    (tmp_path / "notes.txt").write_text("ignored")
    result = CliRunner().invoke(check, [str(tmp_path)], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    assert "offers_a.xlsx" in result.output and "offers_b.xlsx" in result.output


def test_help_ends_with_an_example() -> None:
    result = CliRunner().invoke(check, ["--help"])
    assert "Example:\n    accord check" in result.output


def test_the_count_is_of_rejected_records_not_of_problems(tmp_path: Path) -> None:
    rows = [
        ["E1", "Pat", "Analyst", "XX", "lots", "x"],
        ["E2", "Sam", "Analyst", "CA", 1, "2027-01-04"],
    ]
    result = CliRunner().invoke(check, [str(_offers(tmp_path / "offers_june.xlsx", rows))])
    assert "2 rows: 1 accepted, 1 rejected" in result.output


def test_rejects_print_as_lines_on_a_narrow_terminal(tmp_path: Path) -> None:
    path = _offers(tmp_path / "offers_june.xlsx", [["E1", "Pat", "Analyst", "XX", 1, "2027-01-04"]])
    result = CliRunner().invoke(check, [str(path)], env={"COLUMNS": "80"})
    assert result.exit_code == 1
    assert (
        "  Offers > row 2 (E1) > State (D): State 'XX' is not a US state. Write the two-letter "
        "code (CA) or the full name (California)."
    ) in result.output.splitlines()


def test_a_near_miss_header_is_printed_and_exits_1(tmp_path: Path) -> None:
    book = Workbook()
    book.active.append(
        ["Candidate ID", "Name", "Title", "State", "Salary", "Start Date", "Respnd By"]
    )
    book.active.append(["E1", "Pat", "Analyst", "CA", 90000, "2027-01-04", "2026-12-01"])
    book.save(tmp_path / "offers_june.xlsx")
    result = CliRunner().invoke(check, [str(tmp_path / "offers_june.xlsx")], env={"COLUMNS": "300"})
    assert result.exit_code == 1
    assert "1 row: 1 accepted, 0 rejected" in result.output
    assert (
        "  column to check: Sheet: column 'Respnd By' is not recognised. Did you mean 'respond_by'?"
    ) in result.output


def test_implausible_values_are_printed_as_warnings(tmp_path: Path) -> None:
    path = _offers(tmp_path / "offers_june.xlsx", [["E1", "Pat", "Analyst", "CA", 0, "2027-01-04"]])
    result = CliRunner().invoke(check, [str(path)], env={"COLUMNS": "300"})
    assert result.exit_code == 0
    assert (
        "  warning: Offers > row 2 (E1): Salary '0.00' is zero. Check the salary: the letter "
        "would offer $0 a year."
    ) in result.output.splitlines()
