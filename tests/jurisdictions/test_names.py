"""Places by name for what people read, and back to ids for the business-day rule."""

from __future__ import annotations

import pytest

from accord.jurisdictions.names import chain_name, chain_of, place_name


@pytest.mark.parametrize(
    ("chain", "name"),
    [
        (["US-CA-SF", "US-CA", "US"], "San Francisco, CA"),
        (["US-CA", "US"], "California"),
        (["US-NY-NYC", "US-NY", "US"], "New York City, NY"),
        (["US-NY", "US"], "New York"),
        (["US"], "United States"),
        ([], ""),
    ],
)
def test_a_record_s_place_is_named_by_its_most_specific_place(chain: list[str], name: str):
    assert chain_name(chain) == name


def test_a_place_rule_data_does_not_know_keeps_its_id():
    assert place_name("US-XX") == "US-XX"


@pytest.mark.parametrize(
    ("cell", "chain"),
    [
        ("San Francisco, CA", ("US-CA-SF", "US-CA", "US")),
        ("New York City, NY", ("US-NY-NYC", "US-NY", "US")),
        ("New York (State)", ("US-NY", "US")),  # the rule data's own name
        ("US-NY > US", ("US-NY", "US")),  # a tracker written before places had names
        ("Nowhere", ()),
    ],
)
def test_a_tracker_place_cell_gives_back_its_chain_of_ids(cell: str, chain: tuple[str, ...]):
    assert chain_of(cell) == chain
