"""Which kind a file holds: name first, then sheet names, then columns; ambiguity is an error."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.errors import InputFileError
from accord.intake import detect_kind
from accord.records import Kind


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("offers_june.xlsx", Kind.OFFERS),
        ("Offers-Q3.csv", Kind.OFFERS),
        ("offer 12.xlsx", Kind.OFFERS),
        ("separations_2026.xlsx", Kind.SEPARATIONS),
        ("agreements.ods", Kind.AGREEMENTS),
    ],
)
def test_kind_comes_from_the_file_name(name: str, kind: Kind) -> None:
    assert detect_kind(Path(name), ["Sheet1"], []) is kind


def test_a_word_that_merely_starts_like_a_kind_is_not_a_kind() -> None:
    assert detect_kind(Path("offerings.xlsx"), ["Agreements"], []) is Kind.AGREEMENTS


def test_kind_comes_from_the_sheet_name_when_the_file_name_says_nothing() -> None:
    assert detect_kind(Path("june.xlsx"), ["Notes", "Separations"], []) is Kind.SEPARATIONS


def test_kind_comes_from_the_columns_last() -> None:
    columns = ["Case ID", "Party A", "Party B", "State", "Issue", "Party A commitments",
               "Party B commitments"]  # fmt: skip
    assert detect_kind(Path("june.xlsx"), ["Sheet1"], columns) is Kind.AGREEMENTS


def test_an_id_column_alone_points_to_its_kind() -> None:
    assert detect_kind(Path("june.csv"), ["june"], ["Employee ID", "Name"]) is Kind.SEPARATIONS


def test_sheet_names_of_two_kinds_are_ambiguous() -> None:
    with pytest.raises(InputFileError) as caught:
        detect_kind(Path("june.xlsx"), ["Offers", "Separations"], [])
    assert str(caught.value) == (
        "june.xlsx could hold offers or separations (judging by its sheet names). Start the file "
        "name with the kind, such as offers_june.xlsx, or pass --kind offers."
    )


def test_columns_of_two_kinds_are_ambiguous() -> None:
    with pytest.raises(
        InputFileError, match=r"could hold offers or separations \(judging by its columns\)"
    ):
        detect_kind(Path("june.xlsx"), ["Sheet1"], ["Candidate ID", "Employee ID"])


def test_no_clue_at_all_is_an_error() -> None:
    with pytest.raises(InputFileError) as caught:
        detect_kind(Path("june.xlsx"), ["Sheet1"], ["Year", "Jan", "Feb"])
    assert str(caught.value) == (
        "june.xlsx does not look like offers, separations or agreements. Start the file name "
        "with the kind, such as offers_june.xlsx, or pass --kind offers."
    )
