"""A batch built for every place Accord knows shows no research provenance and no fake law."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from accord.documents.context import build_context
from accord.jurisdictions import BatchFacts, determine, load_rules
from accord.records import DecisionalUnitMember, Record
from tests.jurisdictions.builders import agreement, offer, separation

AS_OF = date(2026, 6, 1)
FORBIDDEN = re.compile(
    r"Accord house|State law on|State common law|federal\.md|not verified|background knowledge"
    r"|\bper (?!year|week|month|day|hour|violation|full)[A-Z][\w.&/-]+",
    re.IGNORECASE,
)
UNIT = (
    DecisionalUnitMember(
        "RIF-1",
        "Analyst",
        52,
        True,
        row=2,
        decisional_unit="All analysts at US locations",
        eligibility_factors="Roles the new platform replaces",
    ),
    DecisionalUnitMember("RIF-1", "Analyst", 33, False, row=3),
)
FACTS = BatchFacts(program_sizes={"RIF-1": 2}, decisional_unit=UNIT)


def _places() -> list[tuple[str, str, str | None, str | None]]:
    found = []
    for place_id, place in sorted(load_rules().places.items()):
        if place.type in ("federal", "group"):
            continue
        city = place.aliases.cities[0] if place.aliases.cities else None
        county = None if city or not place.aliases.counties else place.aliases.counties[0]
        found.append((place_id, place_id.split("-")[1], city, county))
    return found


def _records(state: str, city: str | None, county: str | None) -> list[Record]:
    where: dict[str, Any] = {"work_state": state, "work_city": city, "work_county": county}
    return [
        offer(**where, noncompete=True, prior_salary=Decimal("70000")),
        offer(**where, noncompete=True, base_salary=Decimal("400000"), start_date=date(2026, 8, 3)),
        separation(
            **where,
            confidentiality=True,
            confidential_claim_facts=True,
            employee_requested_confidentiality=True,
            confidentiality_consideration=Decimal("1000"),
            non_disparagement=True,
            noncompete=True,
            program_id="RIF-1",
        ),
        separation(**where, date_of_birth=date(1995, 1, 1), separation_type="resignation"),
        agreement(
            **where,
            issue_summary="A complaint about remarks",
            shared_commitments=("Will not discuss it",),
        ),
    ]


@pytest.mark.parametrize(("place_id", "state", "city", "county"), _places())
def test_no_document_of_any_place_shows_research_provenance(place_id, state, city, county):
    for record in _records(state, city, county):
        det = determine(record, AS_OF, FACTS)
        assert det.chain[0] == place_id
        ctx = build_context(record, det, "batch", AS_OF, FACTS)
        shown = {"context": ctx, "findings": [f.as_dict() for f in det.findings]}
        text = json.dumps(shown, default=str, ensure_ascii=False)
        found = FORBIDDEN.search(text)
        assert found is None, (
            record.kind.value,
            text[max(0, found.start() - 80) : found.end() + 40],
        )
        for clause in ctx["clauses"]:
            assert (clause["citation"] is None) is clause["house"], clause["id"]
            # A standard term comes with the document, not from a rule; every other clause names
            # the rules that chose it.
            assert clause["rules"] or clause.get("standard"), clause["id"]
