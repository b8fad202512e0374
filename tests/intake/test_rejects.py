"""rejects.xlsx: every problem on its own line, values stored as text, same bytes every time."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from accord.errors import RowProblem
from accord.intake import read_batch, write_rejects
from accord.intake.rejects import HEADERS

from .books import OFFER_HEADERS, offer_row, write_xlsx

PROBLEMS = [
    RowProblem("Offers", 14, "E01023", "start_date", "", "is empty", "Fill it in."),
    RowProblem("Offers", 15, "E01024", "equity", '=HYPERLINK("x")', "is odd", "Check it."),
    RowProblem("Offers", 16, "00017", "department", "+1-2", "is odd", "Check it."),
]


def test_rejects_lists_every_problem_under_a_header(tmp_path: Path) -> None:
    write_rejects(tmp_path / "rejects.xlsx", "offers_june.xlsx", PROBLEMS)
    sheet = load_workbook(tmp_path / "rejects.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == HEADERS
    assert rows[1] == (
        "offers_june.xlsx", "Offers", 14, "E01023", "start_date", None, "Start_date is empty.",
        "Fill it in.",
    )  # fmt: skip
    assert len(rows) == 4


def test_rejects_name_the_column_as_written_with_its_letter_in_full_sentences(
    tmp_path: Path,
) -> None:
    rows = [OFFER_HEADERS, offer_row("A1", state="Calfornia", start=None)]
    path = write_xlsx(tmp_path / "offers_june.xlsx", rows)
    write_rejects(tmp_path / "rejects.xlsx", path.name, read_batch(path).problems)
    sheet = load_workbook(tmp_path / "rejects.xlsx").active
    assert [r[4:] for r in sheet.iter_rows(min_row=2, values_only=True)] == [
        (
            "State (D)",
            "Calfornia",
            "State 'Calfornia' is not a US state.",
            "Write the two-letter code (CA) or the full name (California). Did you mean CA "
            "(California)?",
        ),
        ("Start Date (F)", None, "Start Date is empty.", "Fill it in and drop the file again."),
    ]


def test_rejects_of_a_file_not_dropped_do_not_say_drop_it_again(tmp_path: Path) -> None:
    rows = [OFFER_HEADERS, offer_row("A1", start=None)]
    path = write_xlsx(tmp_path / "offers_june.xlsx", rows)
    problems = read_batch(path).problems
    write_rejects(tmp_path / "rejects.xlsx", path.name, problems, dropped=False)
    sheet = load_workbook(tmp_path / "rejects.xlsx").active
    assert sheet.cell(row=2, column=8).value == "Fill it in."


def test_warnings_go_to_their_own_sheet(tmp_path: Path) -> None:
    rows = [(*OFFER_HEADERS, "Bonus Target"), (*offer_row("A1"), "150")]
    path = write_xlsx(tmp_path / "offers_june.xlsx", rows)
    result = read_batch(path)
    write_rejects(tmp_path / "rejects.xlsx", path.name, result.problems, result.warnings)
    book = load_workbook(tmp_path / "rejects.xlsx")
    assert book.sheetnames == ["Rejects", "Warnings"]
    assert list(book["Warnings"].iter_rows(min_row=2, values_only=True)) == [
        (
            "offers_june.xlsx",
            "Offers",
            2,
            "A1",
            "Bonus Target (G)",
            "150",
            "Bonus Target '150' is over 100% of the salary.",
            "Check the bonus target: write 15 or 15% for fifteen percent.",
        )
    ]


def test_values_that_look_like_formulas_are_stored_as_text(tmp_path: Path) -> None:
    write_rejects(tmp_path / "rejects.xlsx", "offers_june.xlsx", PROBLEMS)
    sheet = load_workbook(tmp_path / "rejects.xlsx").active
    cells = [sheet.cell(row=r, column=6) for r in (3, 4)]
    assert [(c.value, c.data_type) for c in cells] == [
        ('=HYPERLINK("x")', "s"),
        ("+1-2", "s"),
    ]
    assert sheet.cell(row=4, column=4).value == "00017"


def test_same_problems_give_the_same_bytes(tmp_path: Path) -> None:
    write_rejects(tmp_path / "a.xlsx", "offers_june.xlsx", PROBLEMS)
    write_rejects(tmp_path / "b.xlsx", "offers_june.xlsx", PROBLEMS)
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()


def test_a_value_with_a_character_xml_cannot_hold_still_gives_a_rejects_file_that_opens(
    tmp_path: Path,
) -> None:
    problem = RowProblem("Offers", 9, "E9", "base_salary", "12\ufffe000", "is not a number", "Fix.")
    write_rejects(tmp_path / "rejects.xlsx", "offers_june.xlsx", [problem])
    sheet = load_workbook(tmp_path / "rejects.xlsx").active
    assert sheet.cell(row=2, column=6).value == "12000"


def test_rejects_print_landscape_one_page_wide_with_rows_tall_enough_for_their_text(
    tmp_path: Path,
) -> None:
    long = RowProblem("Offers", 2, "E1", "equity", "", "is odd", "Check it. " * 20)
    write_rejects(tmp_path / "rejects.xlsx", "offers_june.xlsx", [long])
    sheet = load_workbook(tmp_path / "rejects.xlsx").active
    assert (sheet.page_setup.orientation, sheet.page_setup.fitToWidth) == ("landscape", 1)
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.cell(row=2, column=8).alignment.wrap_text
    assert sheet.row_dimensions[2].height == 15 * 4  # 200 characters in a column of 60


@pytest.mark.parametrize(
    "value", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1+1", "\r=1+1", "\uff1d1+1", "\uff20SUM(A1)"]
)
def test_every_formula_like_value_is_shown_as_typed_never_run(tmp_path: Path, value: str) -> None:
    """Tab- and CR-led values too: a spreadsheet program strips the whitespace and runs the rest."""
    problem = RowProblem("Offers", 14, "E01023", "equity", value, "is odd", "Check it.")
    write_rejects(tmp_path / "rejects.xlsx", "offers_june.xlsx", [problem])
    cell = load_workbook(tmp_path / "rejects.xlsx").active.cell(row=2, column=6)
    assert (cell.value, cell.data_type, cell.quotePrefix) == (value, "s", True)


def test_plain_text_has_no_quote_prefix(tmp_path: Path) -> None:
    write_rejects(tmp_path / "rejects.xlsx", "offers_june.xlsx", PROBLEMS[:1])
    assert not load_workbook(tmp_path / "rejects.xlsx").active.cell(row=2, column=1).quotePrefix
