"""rejects.xlsx: every problem on its own line, values stored as text, same bytes every time."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from accord.errors import RowProblem
from accord.intake import write_rejects
from accord.intake.rejects import HEADERS

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
        "offers_june.xlsx", "Offers", 14, "E01023", "start_date", None, "is empty", "Fill it in."
    )  # fmt: skip
    assert len(rows) == 4


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
