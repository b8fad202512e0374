"""read_batch on real files written in the test: rows in, records or precise problems out."""

from __future__ import annotations

import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from accord.errors import InputFileError
from accord.intake import Limits, read_batch, read_batch_to
from accord.records import Kind, Offer, Record, Separation

from .books import OFFER_HEADERS, offer_row, write_csv, write_xlsx


def test_row_problem_reads_as_hr_expects(tmp_path: Path) -> None:
    rows = [OFFER_HEADERS] + [offer_row(f"E0{n}") for n in range(1000, 1012)]
    rows.append(offer_row("E01023", start=None))
    path = write_xlsx(tmp_path / "offers_june.xlsx", rows)
    result = read_batch(path)
    (problem,) = result.problems
    assert problem.describe(path.name) == (
        "offers_june.xlsx > Offers > row 14 (E01023): start_date is empty. "
        "Fill it in and drop the file again."
    )


def test_every_problem_of_every_row_is_collected_at_once(tmp_path: Path) -> None:
    rows = [
        OFFER_HEADERS,
        offer_row("A1"),
        offer_row("A2", state="Ontario", salary="lots", start="31/1/2027"),
        offer_row("A3"),
        offer_row("A4", name=None),
    ]
    result = read_batch(write_xlsx(tmp_path / "offers_x.xlsx", rows))
    assert [(p.row, p.column, p.problem) for p in result.problems] == [
        (3, "work_state", "is not a US state"),
        (3, "base_salary", "is not an amount of money"),
        (3, "start_date", "looks like day/month/year"),
        (5, "candidate_name", "is empty"),
    ]
    assert [r.record_id for r in result.records] == ["A1", "A3"]
    assert (result.total_rows, result.rejected_rows) == (4, 2)


def test_problem_keeps_the_value_and_the_fix(tmp_path: Path) -> None:
    rows = [OFFER_HEADERS, offer_row("A2", salary="85k")]
    (problem,) = read_batch(write_xlsx(tmp_path / "offers_x.xlsx", rows)).problems
    assert (problem.sheet, problem.record_id, problem.value) == ("Offers", "A2", "85k")
    assert problem.fix == "Write the amount in dollars, such as 85000 or $85,000.00."


def test_records_are_typed_and_carry_their_excel_row(tmp_path: Path) -> None:
    rows = [OFFER_HEADERS, offer_row("00123", salary=95000.5, start=date(2027, 1, 4))]
    (offer,) = read_batch(write_xlsx(tmp_path / "offers_x.xlsx", rows)).records
    assert isinstance(offer, Offer)
    assert (offer.row, offer.sheet, offer.record_id) == (2, "Offers", "00123")
    assert (offer.base_salary, offer.start_date) == (Decimal("95000.50"), date(2027, 1, 4))


def test_title_rows_above_the_header_are_skipped(tmp_path: Path) -> None:
    rows = [["June offers"], [], OFFER_HEADERS, offer_row("A1")]
    result = read_batch(write_xlsx(tmp_path / "offers_x.xlsx", rows))
    assert [r.row for r in result.records] == [4]
    assert result.notes == ["1 row above the header (row 3) ignored"]


def test_blank_rows_are_skipped_not_rejected(tmp_path: Path) -> None:
    rows = [OFFER_HEADERS, offer_row("A1"), [None] * 6, offer_row("A2")]
    result = read_batch(write_xlsx(tmp_path / "offers_x.xlsx", rows))
    assert ([r.row for r in result.records], result.problems) == ([2, 4], [])


def test_hidden_sheets_are_ignored_and_noted(tmp_path: Path) -> None:
    hidden_rows = [OFFER_HEADERS, offer_row("OLD1")]
    path = write_xlsx(
        tmp_path / "offers_x.xlsx",
        [OFFER_HEADERS, offer_row("A1")],
        extra={"Old": hidden_rows},
        hidden=("Old",),
    )
    result = read_batch(path)
    assert [r.record_id for r in result.records] == ["A1"]
    assert result.notes == ["hidden sheet 'Old' ignored"]


def test_a_header_close_to_a_column_the_file_lacks_is_a_near_miss(tmp_path: Path) -> None:
    rows = [[*OFFER_HEADERS, "respnd by"], [*offer_row("A1"), "2027-01-01"]]
    result = read_batch(write_xlsx(tmp_path / "offers_x.xlsx", rows))
    assert result.notes == []
    assert result.near_misses == [
        "Offers: column 'respnd by' is not recognised. Did you mean 'respond_by'? Without it no "
        "row has a respond_by, and the documents use what Accord does without one. Rename the "
        "column to 'respond_by', or list 'respnd by' under ignore_columns in accord.yaml."
    ]
    assert [r.record_id for r in result.records] == ["A1"]


def test_a_near_miss_listed_in_ignore_columns_is_a_plain_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = tmp_path / "accord.yaml"
    settings.write_text("ignore_columns:\n  - Respnd By\n", encoding="utf-8")
    monkeypatch.setenv("ACCORD_SETTINGS", str(settings))
    rows = [[*OFFER_HEADERS, "respnd by"], [*offer_row("A1"), "2027-01-01"]]
    result = read_batch(write_xlsx(tmp_path / "offers_x.xlsx", rows))
    assert result.near_misses == []
    assert result.notes == ["column 'respnd by' ignored (listed in ignore_columns)"]


def test_unrelated_extra_columns_are_plain_notes_with_a_suggestion(tmp_path: Path) -> None:
    headers = [*OFFER_HEADERS, "Department", "Departmnt", "Favourite colour"]
    rows = [headers, [*offer_row("A1"), "Sales", "Sales", "blue"]]
    result = read_batch(write_xlsx(tmp_path / "offers_x.xlsx", rows))
    assert result.near_misses == []
    assert result.notes == [
        "Column 'Departmnt' is not recognised. Did you mean 'department'?",
        "Column 'Favourite colour' is not recognised.",
    ]


def test_error_cells_are_invalid_values(tmp_path: Path) -> None:
    rows = [OFFER_HEADERS, offer_row("A1", salary="#DIV/0!")]
    path = write_xlsx(tmp_path / "offers_x.xlsx", rows)  # openpyxl stores it as an error cell
    (problem,) = read_batch(path).problems
    assert (problem.column, problem.problem) == ("base_salary", "holds a spreadsheet error")


def test_missing_required_column_names_the_fix_and_a_suggestion(tmp_path: Path) -> None:
    headers = ["Candidate ID", "Name", "Job Title", "Jurisdicton", "Base Salary", "Start Date"]
    path = write_xlsx(tmp_path / "offers_june.xlsx", [headers, offer_row("A1")])
    with pytest.raises(InputFileError) as caught:
        read_batch(path)
    assert str(caught.value) == (
        "offers_june.xlsx > Offers: required column work_state is missing. Column 'Jurisdicton' "
        "is not recognised. Did you mean 'jurisdiction'? Add or rename the column "
        "(inputs/README.md lists every name Accord knows) and drop the file again."
    )


def test_repeated_ids_reject_the_file(tmp_path: Path) -> None:
    rows = [OFFER_HEADERS, offer_row("E7"), offer_row("A1"), offer_row("e7")]
    with pytest.raises(InputFileError) as caught:
        read_batch(write_xlsx(tmp_path / "offers_x.xlsx", rows))
    assert str(caught.value) == (
        "offers_x.xlsx > Offers: candidate_id is repeated: E7 in rows 2, 4. "
        "Give every row its own candidate_id and drop the file again."
    )


def test_repeated_ids_are_listed_in_the_order_they_first_appear(tmp_path: Path) -> None:
    rows = [OFFER_HEADERS, *(offer_row(rid) for rid in ("A1", "B2", "C3", "b2", "a1", "B2"))]
    with pytest.raises(InputFileError) as caught:
        read_batch(write_xlsx(tmp_path / "offers_x.xlsx", rows))
    assert str(caught.value) == (
        "offers_x.xlsx > Offers: candidate_id is repeated: A1 in rows 2, 6; B2 in rows 3, 5, 7. "
        "Give every row its own candidate_id and drop the file again."
    )


def test_prior_salary_is_read_but_never_shown(tmp_path: Path) -> None:
    rows = [
        [*OFFER_HEADERS, "Salary History"],
        [*offer_row("A1"), 71000],
        [*offer_row("A2"), "seventy"],
    ]
    result = read_batch(write_xlsx(tmp_path / "offers_x.xlsx", rows))
    (offer,) = result.records
    assert isinstance(offer, Offer)
    assert offer.prior_salary == Decimal("71000.00")
    assert "71000" not in repr(offer)
    (problem,) = result.problems
    assert (problem.column, problem.value) == ("prior_salary", "(not shown)")


def test_kind_override_reads_the_file_as_that_kind(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "offers_x.xlsx", [OFFER_HEADERS, offer_row("A1")])
    with pytest.raises(InputFileError, match="required columns case_id, party_a_name"):
        read_batch(path, Kind.AGREEMENTS)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_encodings_and_delimiters(tmp_path: Path, encoding: str, delimiter: str) -> None:
    rows = [list(OFFER_HEADERS), ["007", "José Núñez", "Analyst", "NY", "$85000", "1/4/2027"]]
    path = write_csv(tmp_path / "offers_x.csv", rows, delimiter, encoding)
    (offer,) = read_batch(path).records
    assert isinstance(offer, Offer)
    assert (offer.record_id, offer.candidate_name, offer.start_date) == (
        "007",
        "José Núñez",
        date(2027, 1, 4),
    )


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_csv_delimiter_comes_from_the_first_line_even_past_blank_lines_and_a_long_header(
    tmp_path: Path, encoding: str
) -> None:
    """The file is read in blocks: a header that spans several still decides the delimiter."""
    headers = [*OFFER_HEADERS, *(f"Extra {n} {'x' * 60}" for n in range(2000))]
    text = "\r\n\r\n" + ";".join(headers) + "\r\n" + ";".join(offer_row("007")) + "\r\n"
    path = tmp_path / "offers_x.csv"
    path.write_bytes(text.encode(encoding))
    (offer,) = read_batch(path).records
    assert (offer.row, offer.record_id) == (4, "007")


def test_a_csv_valid_in_utf8_until_its_last_byte_is_read_as_cp1252(tmp_path: Path) -> None:
    """The encoding is judged on the whole file, though the file is never held whole."""
    first = ",".join(OFFER_HEADERS) + "\r\n" + ",".join(offer_row("007")) + "\r\n"
    blank = " " * 70_000 + "\r\n"  # longer than a block of the encoding check
    last = ",".join(offer_row("008", name="Zoë Ng")) + "\r\n"
    path = tmp_path / "offers_x.csv"
    path.write_bytes((first + blank).encode() + last.encode("cp1252"))
    names = [r.candidate_name for r in read_batch(path).records if isinstance(r, Offer)]
    assert names == ["Test Person", "Zoë Ng"]


def test_csv_in_an_unknown_encoding_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "offers_x.csv"
    path.write_bytes(",".join(OFFER_HEADERS).encode() + b"\r\n\x81\x8d\x8f,\x90\r\n")
    with pytest.raises(InputFileError) as caught:
        read_batch(path)
    assert str(caught.value) == (
        "offers_x.csv is not in a text encoding Accord reads. In Excel use File > Save As > "
        "'CSV UTF-8', then drop the new file."
    )


def test_ods_files_are_read(tmp_path: Path) -> None:
    path = tmp_path / "offers_x.ods"
    frame = pd.DataFrame([offer_row("0042")], columns=list(OFFER_HEADERS))
    frame.to_excel(path, engine="odf", index=False, sheet_name="Offers")
    (offer,) = read_batch(path).records
    assert (offer.record_id, offer.row) == ("0042", 2)


def test_the_1904_date_system_is_honoured(tmp_path: Path) -> None:
    book = Workbook()
    book.epoch = __import__("openpyxl").utils.datetime.CALENDAR_MAC_1904
    sheet = book.active
    sheet.title = "Offers"
    sheet.append(OFFER_HEADERS)
    sheet.append(offer_row("A1", start=44196))  # a bare serial: 2025-01-01 in the 1904 system
    sheet.append(offer_row("A2", start=date(2027, 1, 4)))
    book.save(tmp_path / "offers_x.xlsx")
    records = read_batch(tmp_path / "offers_x.xlsx").records
    assert [r.start_date for r in records if isinstance(r, Offer)] == [
        date(2025, 1, 1),
        date(2027, 1, 4),
    ]


SEPARATION_HEADERS = (
    "Employee ID", "Name", "Job Title", "State", "Date of Birth", "Separation Date",
    "Separation Type", "Program ID",
)  # fmt: skip
UNIT_HEADERS = ("Program ID", "Job Title", "Age", "Selected")


SEPARATION_ROW = (
    "100", "A Person", "Analyst", "CA", date(1970, 1, 1), date(2026, 12, 18), "layoff", "P1",
)  # fmt: skip


def _separations(tmp_path: Path, unit: list[tuple]) -> Path:
    rows = [
        SEPARATION_HEADERS,
        ("100", "A Person", "Analyst", "CA", date(1970, 1, 1), date(2026, 12, 18), "layoff", "P1"),
        ("101", "B Person", "Analyst", "TX", date(1990, 1, 1), date(2026, 12, 18), "mutual", ""),
    ]
    return write_xlsx(
        tmp_path / "separations_x.xlsx",
        rows,
        sheet="Separations",
        extra={"Decisional unit": [UNIT_HEADERS, *unit]},
    )


def test_decisional_unit_is_read_for_group_programs(tmp_path: Path) -> None:
    path = _separations(tmp_path, [("P1", "Analyst", 56, "yes"), ("P1", "Analyst", 30, "no")])
    result = read_batch(path)
    assert [(m.program_id, m.age, m.selected, m.row) for m in result.decisional_unit] == [
        ("P1", 56, True, 2),
        ("P1", 30, False, 3),
    ]
    assert len(result.records) == 2
    assert isinstance(result.records[0], Separation)


def test_a_bad_decisional_unit_row_holds_back_its_program(tmp_path: Path) -> None:
    path = _separations(tmp_path, [("P1", "Analyst", "old", "yes")])
    result = read_batch(path)
    assert [(p.sheet, p.row, p.column, p.problem) for p in result.problems] == [
        ("Separations", 2, "program_id", "has problems in its decisional unit list"),
        ("Decisional unit", 2, "age", "is not a number"),
    ]
    assert [r.record_id for r in result.records] == ["101"]


def test_a_program_held_back_by_its_unit_names_the_unit_rows_to_fix(tmp_path: Path) -> None:
    path = _separations(tmp_path, [("P1", "Analyst", 40, "yes"), ("P1", "Analyst", "old", "yes")])
    held = read_batch(path).problems[0]
    assert held.fix == (
        "Fix row 3 of sheet 'Decisional unit' (their own lines in this list say what is wrong) "
        "and drop the file again."
    )


def test_a_decisional_unit_sheet_without_its_columns_rejects_the_file(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "separations_x.xlsx",
        [SEPARATION_HEADERS, SEPARATION_ROW],
        sheet="Separations",
        extra={"Decisional unit": [("Program ID", "Job Title"), ("P1", "Analyst")]},
    )
    assert _whole_file_error(path) == (
        "separations_x.xlsx > Decisional unit: required columns age, selected are missing. "
        "Add or rename the columns (inputs/README.md lists every name Accord knows) and drop "
        "the file again."
    )


def test_the_main_sheets_own_rejection_is_told_before_the_decisional_units(
    tmp_path: Path,
) -> None:
    """The unit sheet is read before the rows, yet a file both reject names the main sheet."""
    path = write_xlsx(
        tmp_path / "separations_x.xlsx",
        [SEPARATION_HEADERS, SEPARATION_ROW, SEPARATION_ROW],
        sheet="Separations",
        extra={"Decisional unit": [("Program ID", "Job Title"), ("P1", "Analyst")]},
    )
    assert _whole_file_error(path) == (
        "separations_x.xlsx > Separations: employee_id is repeated: 100 in rows 2, 3. "
        "Give every row its own employee_id and drop the file again."
    )


def test_separations_need_a_birth_date_or_an_age(tmp_path: Path) -> None:
    rows = [
        SEPARATION_HEADERS,
        ("100", "A Person", "Analyst", "CA", None, date(2026, 12, 18), "layoff", ""),
    ]
    path = write_xlsx(tmp_path / "separations_x.xlsx", rows, sheet="Separations")
    (problem,) = read_batch(path).problems
    assert problem.describe(path.name) == (
        "separations_x.xlsx > Separations > row 2 (100): date_of_birth is empty. "
        "Fill in date_of_birth or age and drop the file again."
    )


def _whole_file_error(path: Path, limits: Limits = Limits()) -> str:
    with pytest.raises(InputFileError) as caught:
        read_batch(path, limits=limits)
    return str(caught.value)


def test_empty_file_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "offers_x.xlsx").write_bytes(b"")
    assert _whole_file_error(tmp_path / "offers_x.xlsx") == (
        "offers_x.xlsx is empty. Export the data again and drop the new file."
    )


def test_header_without_rows_is_rejected(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "offers_x.xlsx", [OFFER_HEADERS])
    assert _whole_file_error(path) == (
        "offers_x.xlsx > Offers has a header row but no data rows. Fill in the rows and drop "
        "the file again."
    )


def test_encrypted_workbook_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "offers_x.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1000)
    assert _whole_file_error(path) == (
        "offers_x.xlsx is password-protected, so Accord cannot read it. Remove the password "
        "(File > Info > Protect Workbook), save, and drop the file again."
    )


@pytest.mark.parametrize("content", [b"PK\x03\x04garbage", b"<html>not a workbook</html>"])
def test_damaged_workbook_is_rejected(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "offers_x.xlsx"
    path.write_bytes(content)
    assert _whole_file_error(path) == (
        "offers_x.xlsx is damaged or is not a spreadsheet. Open it in Excel, save it as a new "
        ".xlsx and drop that file."
    )


def test_file_over_the_size_limit_is_rejected(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "offers_x.xlsx", [OFFER_HEADERS, offer_row()])
    message = _whole_file_error(path, Limits(max_file_bytes=1000))
    assert message.startswith("offers_x.xlsx is ")
    assert message.endswith("MB, over the limit of 0 MB. Split it into smaller files.")


def test_too_many_rows_are_rejected(tmp_path: Path) -> None:
    rows = [OFFER_HEADERS, offer_row("A1"), offer_row("A2"), offer_row("A3")]
    path = write_xlsx(tmp_path / "offers_x.xlsx", rows)
    assert _whole_file_error(path, Limits(max_rows=2)) == (
        "offers_x.xlsx has more than 2 rows. Split it into smaller files and drop them again."
    )


def test_archive_that_unpacks_too_big_is_rejected(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "offers_x.xlsx", [OFFER_HEADERS, offer_row()])
    message = _whole_file_error(path, Limits(max_uncompressed_bytes=1000))
    assert message.startswith("offers_x.xlsx unpacks to ")
    assert "over the limit of 0 MB" in message


def _with_sheet_xml(path: Path, change: tuple[str, str]) -> Path:
    """Rewrite sheet1.xml of a workbook, replacing one piece of text."""
    out = path.with_name("offers_bomb.xlsx")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(change[0].encode(), change[1].encode())
            target.writestr(info.filename, data)
    return out


def test_declared_sheet_dimensions_over_the_limit_are_rejected(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "offers_x.xlsx", [OFFER_HEADERS, offer_row()])
    bomb = _with_sheet_xml(path, ('<dimension ref="A1:F2"/>', '<dimension ref="A1:XFD1048576"/>'))
    assert _whole_file_error(bomb) == (
        "offers_bomb.xlsx declares a sheet of 17,179,869,184 cells, over the limit of 10,000,000. "
        "Delete unused rows and columns (Ctrl+End shows the last cell Excel keeps), or split the "
        "file, and drop it again."
    )


def test_one_far_away_cell_is_caught_before_the_grid_is_built(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "offers_x.xlsx", [OFFER_HEADERS, offer_row()])
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    bomb = _with_sheet_xml(path, ("</sheetData>", far + "</sheetData>"))
    assert "has a sheet of 17,179,869,184 cells" in _whole_file_error(bomb)


def test_ods_repeat_bomb_is_rejected_quickly(tmp_path: Path) -> None:
    path = tmp_path / "offers_bomb.ods"
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
        '<office:spreadsheet><table:table table:name="Offers">'
        '<table:table-row table:number-rows-repeated="5000">'
        '<table:table-cell table:number-columns-repeated="5000" office:value-type="string">'
        "<text:p>X</text:p></table:table-cell></table:table-row></table:table>"
        "</office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    assert "has a sheet of 25,000,000 cells" in _whole_file_error(path)


def test_time_budget_is_enforced(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "offers_x.xlsx", [OFFER_HEADERS, offer_row()])
    assert _whole_file_error(path, Limits(time_budget_s=-1)) == (
        "offers_x.xlsx took more than -1 seconds to read. Split it into smaller files and drop "
        "them again."
    )


@pytest.mark.parametrize("name", ["offers_x.txt", "offers_x.pdf"])
def test_unknown_file_types_are_rejected(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text("hello")
    assert _whole_file_error(tmp_path / name) == (
        f"{name} is not a file type Accord reads. Save it as .xlsx or .csv and drop it again."
    )


def test_csv_over_the_cell_limit_is_rejected(tmp_path: Path) -> None:
    rows = [list(OFFER_HEADERS), ["007", "Pat", "Analyst", "NY", "1", "1/4/2027"]]
    path = write_csv(tmp_path / "offers_x.csv", rows)
    assert _whole_file_error(path, Limits(max_cells=10)) == (
        "offers_x.csv has a sheet of 12 cells, over the limit of 10. Delete unused rows and "
        "columns (Ctrl+End shows the last cell Excel keeps), or split the file, and drop it again."
    )


def test_corrupt_compressed_sheet_is_rejected_as_damaged(tmp_path: Path) -> None:
    rows = [OFFER_HEADERS] + [offer_row(f"A{n}") for n in range(200)]
    path = write_xlsx(tmp_path / "offers_x.xlsx", rows)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 20
    data[start : start + 40] = bytes(40)
    path.write_bytes(bytes(data))
    assert _whole_file_error(path) == (
        "offers_x.xlsx is damaged or is not a spreadsheet. Open it in Excel, save it as a new "
        ".xlsx and drop that file."
    )


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.binary(max_size=2000),
    suffix=st.sampled_from([".csv", ".xlsx", ".xls", ".ods"]),
    prefix=st.sampled_from([b"", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"]),
)
def test_no_bytes_make_read_batch_raise_anything_but_input_file_error(
    tmp_path: Path, data: bytes, suffix: str, prefix: bytes
) -> None:
    path = tmp_path / f"offers_fuzz{suffix}"
    path.write_bytes(prefix + data)
    try:
        read_batch(path)
    except InputFileError as exc:
        assert str(exc).startswith("offers_fuzz")


def test_the_sheet_named_after_the_kind_is_read_and_others_are_noted(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "june.xlsx",
        [["Read me first"]],
        sheet="Notes",
        extra={"Offers": [OFFER_HEADERS, offer_row("A1")]},
    )
    result = read_batch(path)
    assert (result.kind, result.sheet, [r.record_id for r in result.records]) == (
        Kind.OFFERS,
        "Offers",
        ["A1"],
    )
    assert result.notes == ["sheet 'Notes' ignored: only 'Offers' is read"]


def test_an_empty_first_sheet_is_passed_over(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "offers_x.xlsx", [], sheet="Sheet1", extra={"Data": [OFFER_HEADERS, offer_row()]}
    )
    assert read_batch(path).sheet == "Data"


def test_ods_sheets_count_together(tmp_path: Path) -> None:
    path = tmp_path / "offers_many.ods"
    table = (
        '<table:table table:name="S"><table:table-row table:number-rows-repeated="2000">'
        '<table:table-cell table:number-columns-repeated="1000" office:value-type="float">'
        "<text:p>1</text:p></table:table-cell></table:table-row></table:table>"
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
        f"<office:spreadsheet>{table * 6}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    assert "has 12,000,000 cells across its sheets" in _whole_file_error(path)


def test_records_reach_the_sink_in_row_order_as_read_batch_lists_them(tmp_path: Path) -> None:
    rows = [OFFER_HEADERS, *(offer_row(f"E{n}") for n in range(30))]
    rows[7] = offer_row("E6", salary="lots")
    path = write_xlsx(tmp_path / "offers_x.xlsx", rows)
    given: list[Record] = []
    result = read_batch_to(path, given.append)
    assert given == read_batch(path).records
    assert [r.row for r in given] == [n for n in range(2, 32) if n != 8]
    assert (result.accepted, result.total_rows) == (29, 30)
    assert not hasattr(result, "records")  # the streaming path holds no list of the batch


def test_a_failing_sink_raises_its_own_error_not_a_damaged_file(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "offers_x.xlsx", [OFFER_HEADERS, offer_row("A1")])

    def full_disk(record: Record) -> None:
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left on device"):
        read_batch_to(path, full_disk)


def test_nothing_reaches_the_sink_after_an_id_repeats(tmp_path: Path) -> None:
    """The file is rejected at the end anyway: writing more would be wasted."""
    rows = [OFFER_HEADERS, offer_row("A1"), offer_row("B2"), offer_row("a1"), offer_row("C3")]
    given: list[Record] = []
    with pytest.raises(InputFileError):
        read_batch_to(write_xlsx(tmp_path / "offers_x.xlsx", rows), given.append)
    assert [r.record_id for r in given] == ["A1", "B2"]


def test_characters_xml_cannot_hold_are_removed_and_noted_by_row_and_column(
    tmp_path: Path,
) -> None:
    rows = [
        OFFER_HEADERS,
        offer_row("A1", name="Ann\ufffeLee"),
        offer_row("A2", title="Dev_xFFFF_"),
    ]
    result = read_batch(write_csv(tmp_path / "offers_x.csv", rows))
    assert [(r.record_id, r.name, r.job_title) for r in result.records] == [
        ("A1", "AnnLee", "Analyst"),
        ("A2", "Test Person", "Dev"),
    ]
    assert result.notes == [
        "sheet 'offers_x' row 2 (column 'Name': U+FFFE): removed characters that spreadsheets and "
        "Word cannot store; check the text reads as meant",
        "sheet 'offers_x' row 3 (column 'Job Title': U+FFFF): removed characters that spreadsheets "
        "and Word cannot store; check the text reads as meant",
    ]


def test_a_stray_byte_in_a_utf8_csv_rejects_its_row_and_keeps_every_other_name_intact(
    tmp_path: Path,
) -> None:
    rows = [
        ",".join(OFFER_HEADERS).encode(),
        ",".join(offer_row("A1", name="Zoë Ångström")).encode(),
        ",".join(offer_row("A2", name="Renée")).encode().replace(b"Ren\xc3\xa9e", b"Ren\xe9e"),
        ",".join(offer_row("A3", name="José Núñez")).encode(),
    ]
    path = tmp_path / "offers_x.csv"
    path.write_bytes(b"\r\n".join(rows) + b"\r\n")
    result = read_batch(path)
    assert [(r.record_id, r.name) for r in result.records] == [
        ("A1", "Zoë Ångström"),
        ("A3", "José Núñez"),
    ]
    (problem,) = result.problems
    assert (problem.row, problem.column, problem.value) == (3, "candidate_name", "Ren\ufffde")
    assert problem.describe(path.name) == (
        "offers_x.csv > offers_x > row 3 (A2): candidate_name holds bytes that are not UTF-8 text "
        "(the rest of the file is UTF-8). Retype the text of this cell, save the file as 'CSV "
        "UTF-8' and drop it again."
    )


def test_a_real_cp1252_csv_still_reads_as_cp1252(tmp_path: Path) -> None:
    rows = [OFFER_HEADERS, offer_row("A1", name="Renée Müller"), offer_row("A2", name="Zoë")]
    result = read_batch(write_csv(tmp_path / "offers_x.csv", rows, encoding="cp1252"))
    assert [r.name for r in result.records] == ["Renée Müller", "Zoë"]
    assert result.problems == []


def test_a_record_id_windows_keeps_for_a_device_rejects_only_its_row(tmp_path: Path) -> None:
    rows = [OFFER_HEADERS, offer_row("A1"), offer_row("CON"), offer_row("A3")]
    result = read_batch(write_xlsx(tmp_path / "offers_x.xlsx", rows))
    assert [r.record_id for r in result.records] == ["A1", "A3"]
    (problem,) = result.problems
    assert (problem.row, problem.column, problem.value) == (3, "candidate_id", "CON")
