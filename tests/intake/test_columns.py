"""Column names: forgiving header matching, aliases, suggestions, and the README that lists them."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.errors import ValueProblem
from accord.intake.columns import (
    COLUMNS,
    DECISIONAL_UNIT_COLUMNS,
    OFFER_COLUMNS,
    SEPARATION_COLUMNS,
    key,
    match,
    unrecognised,
)

README = Path(__file__).resolve().parents[2] / "inputs" / "README.md"
ALL = [*COLUMNS.values(), DECISIONAL_UNIT_COLUMNS]


@pytest.mark.parametrize(
    "header", ["Candidate ID", "candidate_id", "CANDIDATE-ID", " Candidate  Id ", "Applicant ID"]
)
def test_headers_match_ignoring_case_spaces_and_punctuation(header: str) -> None:
    assert match([header], OFFER_COLUMNS).positions == {"candidate_id": 0}


@pytest.mark.parametrize("columns", ALL)
def test_no_two_columns_of_a_kind_share_a_spelling(columns: tuple) -> None:
    spellings = [key(s) for c in columns for s in {key(a) for a in (c.name, *c.aliases)}]
    assert len(spellings) == len(set(spellings))


def test_unknown_header_gets_a_suggestion() -> None:
    assert unrecognised("Jurisdicton", OFFER_COLUMNS) == (
        "Column 'Jurisdicton' is not recognised. Did you mean 'jurisdiction'?"
    )


def test_unknown_header_with_nothing_close_gets_no_suggestion() -> None:
    assert unrecognised("Favourite colour", OFFER_COLUMNS) == (
        "Column 'Favourite colour' is not recognised."
    )


def test_two_headers_meaning_one_column_is_a_problem() -> None:
    with pytest.raises(ValueProblem) as caught:
        match(["Salary", "Base Salary"], OFFER_COLUMNS)
    assert str(caught.value) == (
        "Columns 'Salary' and 'Base Salary' both mean base_salary. "
        "Keep one of them and drop the file again."
    )


def test_missing_required_columns_are_listed() -> None:
    found = match(["Employee ID", "Name"], SEPARATION_COLUMNS)
    assert found.missing == ("job_title", "work_state", "separation_date", "separation_type")


def _readme_tables() -> list[dict[str, str]]:
    """Return, per '###' section of the README, each column name mapped to its alias cell."""
    tables = []
    for section in README.read_text(encoding="utf-8").split("\n### ")[1:]:
        rows = {}
        for line in section.splitlines():
            cells = [c.strip() for c in line.split("|")]
            if len(cells) > 3 and cells[1] not in ("column", "---"):
                rows[cells[1].split(" (")[0].strip("*")] = cells[2]
        tables.append(rows)
    return tables


@pytest.mark.parametrize("index", range(len(ALL)))
def test_readme_lists_every_column_and_alias(index: int) -> None:
    listed = _readme_tables()[index]
    columns = ALL[index]
    assert list(listed) == [c.name for c in columns]
    for column in columns:
        aliases = [a for a in column.aliases if key(a) != key(column.name)]
        assert listed[column.name] == (", ".join(aliases) or "-")
