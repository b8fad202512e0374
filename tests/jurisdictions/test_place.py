"""Resolving a work place into its chain of jurisdictions."""

from __future__ import annotations

import pytest

from accord.errors import ValueProblem
from accord.jurisdictions import resolve
from accord.jurisdictions.place import _STATE_NAMES, PlaceProblem


@pytest.mark.parametrize("code", sorted(_STATE_NAMES))
def test_every_state_and_dc_resolves_by_code_and_name(code):
    assert resolve(code, None, None) == (f"US-{code}", "US")
    assert resolve(_STATE_NAMES[code], None, None) == (f"US-{code}", "US")


@pytest.mark.parametrize(
    ("state", "city", "county", "chain"),
    [
        ("NY", "New York", None, ("US-NY-NYC", "US-NY", "US")),
        ("ny", "brooklyn", None, ("US-NY-NYC", "US-NY", "US")),
        ("NY", None, "Kings County", ("US-NY-NYC", "US-NY", "US")),
        ("NY", "Yonkers", "Westchester", ("US-NY-WESTCHESTER", "US-NY", "US")),
        ("NY", "Buffalo", "Erie", ("US-NY", "US")),
        ("CA", "San Francisco", None, ("US-CA-SF", "US-CA", "US")),
        ("CA", "Fresno", None, ("US-CA", "US")),
        ("MO", "Saint Louis", None, ("US-MO-STL", "US-MO", "US")),
        ("MO", "Kansas City", None, ("US-MO-KC", "US-MO", "US")),
        ("KS", "Kansas City", None, ("US-KS", "US")),
        ("OH", "Columbus", None, ("US-OH-COLUMBUS", "US-OH", "US")),
        ("MD", None, "Montgomery County", ("US-MD-MONTGOMERY", "US-MD", "US")),
        ("PA", "Pittsburgh", None, ("US-PA", "US")),
        ("LA", "New Orleans", None, ("US-LA", "US")),
    ],
)
def test_a_place_resolves_most_specific_first(state, city, county, chain):
    assert resolve(state, city, county) == chain


def test_an_unknown_state_is_rejected_with_a_suggestion():
    with pytest.raises(ValueProblem) as caught:
        resolve("Californa", None, None)
    assert str(caught.value) == (
        "work_state is not a US state or DC. Use the two-letter postal code, e.g. 'CA' or 'DC'. "
        "Did you mean 'CA' (California)?"
    )


def test_a_misspelt_city_with_local_rules_is_rejected_with_a_suggestion():
    with pytest.raises(ValueProblem) as caught:
        resolve("OH", "Colombus", None)
    assert str(caught.value) == (
        "work_city is not a place Accord knows, but is close to one with local rules. Did you "
        "mean 'Columbus'? Correct the spelling, or leave work_city empty if the place has no "
        "local rules"
    )


def test_a_place_problem_names_its_column_for_the_rejects_file():
    with pytest.raises(PlaceProblem) as caught:
        resolve("NY", None, "Westchster")
    assert caught.value.column == "work_county"
    assert caught.value.problem == (
        "is not a place Accord knows, but is close to one with local rules"
    )
    assert caught.value.fix == (
        "Did you mean 'Westchester'? Correct the spelling, or leave work_county empty if the "
        "place has no local rules"
    )
