"""Records survive the trip through the staging folder unchanged."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from accord.records import Agreement, Offer, Separation, from_json, to_data, to_json


def test_an_offer_round_trips_through_json():
    offer = Offer(
        row=2,
        sheet="Offers",
        record_id="007",
        work_state="CA",
        candidate_name="Zoë O'Brien",
        job_title="R&D Lead",
        base_salary=Decimal("142000.50"),
        start_date=date(2026, 7, 6),
        concerns=("Hybrid", "Relocation"),
        prior_salary=Decimal(1),
    )
    assert from_json(to_json(offer)) == offer


def test_a_separation_and_an_agreement_round_trip_through_json():
    sep = Separation(
        row=3,
        sheet="S",
        record_id="E1",
        work_state="MN",
        employee_name="A B",
        separation_date=date(2026, 6, 30),
        date_of_birth=date(1980, 2, 29),
        cobra_months=3,
    )
    agr = Agreement(
        row=4,
        sheet="A",
        record_id="K1",
        work_state="NY",
        party_a_name="A",
        party_b_name="B",
        party_a_commitments=("x", "y"),
        check_in_days=(15, 45),
    )
    assert from_json(to_json(sep)) == sep
    assert from_json(to_json(agr)) == agr


def test_prior_salary_is_hidden_from_repr():
    offer = Offer(row=2, sheet="S", record_id="1", work_state="CA", prior_salary=Decimal(99999))
    assert "99999" not in repr(offer)


def test_a_records_data_is_what_its_json_line_holds():
    offer = Offer(
        row=2,
        sheet="Offers",
        record_id="007",
        work_state="CA",
        candidate_name="Zo\u00eb \ud800 O'Brien",  # a lone surrogate: json writes that line
        base_salary=Decimal("142000.50"),
        start_date=date(2026, 7, 6),
        concerns=("Hybrid", "Relocation"),
    )
    assert to_data(offer) == json.loads(to_json(offer))
