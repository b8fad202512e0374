"""Effective dates and citations of the rule data agree with the research in ../shared/reference."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from accord.jurisdictions import load_rules

REFERENCE = (
    Path(__file__).resolve().parents[2] / ".." / "shared" / "reference" / "jurisdictions.yaml"
)


@cache
def _entries() -> list[dict[str, Any]]:
    data = yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))
    return list(data["jurisdictions"]) + list(data["localities"])


def _need_reference() -> None:
    if not REFERENCE.is_file():
        pytest.skip("../shared/reference is absent (only developers have it)")


def _facts(key: str) -> list[tuple[str, date]]:
    if not REFERENCE.is_file():
        return []
    rows = []
    for entry in _entries():
        fact = entry.get(key) or {}
        in_force = fact.get("applies") or fact.get("status") == "enacted_not_yet_effective"
        day = str(fact.get("effective") or "")
        if in_force and fact.get("scope", "private") == "private" and len(day) == 10:
            rows.append((entry["id"], date.fromisoformat(day)))
    return rows


@pytest.mark.parametrize(("place_id", "effective"), _facts("salary_history_ban"))
def test_salary_history_bans_start_on_the_reference_date(place_id, effective):
    _need_reference()
    rules = [r for r in load_rules().places[place_id].rules if r.kind.value == "salary_history_ban"]
    assert effective in {r.effective_from for r in rules}


@pytest.mark.parametrize(("place_id", "effective"), _facts("pay_transparency"))
def test_pay_range_duties_start_on_the_reference_date(place_id, effective):
    _need_reference()
    rules = [r for r in load_rules().places[place_id].rules if r.kind.value == "pay_range"]
    assert effective in {r.effective_from for r in rules}


@pytest.mark.parametrize(
    ("place_id", "rule_id", "effective"),
    [
        ("US-CA", "civil_code_1542", date(2019, 1, 1)),  # the quoted text is SB 1431's
        ("US-CA", "unlawful_acts_disclosure", date(2022, 1, 1)),
        ("US-CA", "consideration_five_business_days", date(2022, 1, 1)),
        ("US-NY", "release_void_terms", date(2023, 11, 17)),
        ("US-IL", "wta_confidentiality_preference", date(2020, 1, 1)),
        ("US-IL", "wta_separate_consideration", date(2026, 1, 1)),
        ("US-OR", "nda_at_employee_request", date(2020, 10, 1)),
        ("US-OR", "policy_copy", date(2023, 1, 1)),
        ("US-CO", "powr_act_nondisclosure", date(2023, 8, 7)),
        ("US-NJ", "nda_notice", date(2019, 3, 18)),
        ("US-WA", "silenced_no_more", date(2022, 6, 9)),
        ("US-WA", "noncompete_ban", date(2027, 6, 30)),
        ("US-MN", "noncompete", date(2023, 7, 1)),
        ("US-NM", "nda_at_employee_request", date(2020, 5, 20)),
        ("US-VT", "harassment_settlement_rights", date(2018, 7, 1)),
        ("US-MT", "wrongful_discharge_act", date(1987, 7, 1)),
        ("US", "owbpa", date(1990, 10, 16)),
        ("US", "nlra_section7", date(2023, 2, 21)),
    ],
)
def test_separation_and_noncompete_rules_start_on_the_date_of_the_law(place_id, rule_id, effective):
    rules = {r.id: r for r in load_rules().places[place_id].rules}
    assert rules[rule_id].effective_from == effective
