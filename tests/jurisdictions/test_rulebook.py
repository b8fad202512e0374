"""The rule data loads, is complete, and a broken file is reported by file, rule and field."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from accord.errors import ConfigError
from accord.jurisdictions import load_rules, resolve, rules_version
from accord.jurisdictions.citation import authority_problem
from accord.jurisdictions.place import _STATE_NAMES
from accord.jurisdictions.rulebook import DEFAULT_ROOT

REFERENCE = (
    Path(__file__).resolve().parents[2] / ".." / "shared" / "reference" / "jurisdictions.yaml"
)
LOCALITY_IDS = [
    "US-NY-NYC", "US-NY-WESTCHESTER", "US-NY-SUFFOLK", "US-NY-ALBANY", "US-NY-ITHACA", "US-CA-SF",
    "US-PA-PHL", "US-MO-KC", "US-MO-STL", "US-OH-COLUMBUS", "US-OH-TOLEDO", "US-OH-CINCINNATI",
    "US-OH-CLEVELAND", "US-NJ-JC", "US-MD-MONTGOMERY", "US-KY-LOU", "US-GA-ATL",
]  # fmt: skip


def test_every_state_dc_and_locality_has_a_file():
    places = load_rules().places
    expected = {
        "US",
        *(f"US-{code}" for code in _STATE_NAMES),
        *LOCALITY_IDS,
        "US-OTHER-PUBLIC-ONLY",
    }
    assert set(places) == expected
    assert len(places) == 70


def test_locality_ids_are_exactly_the_reference_ids():
    if not REFERENCE.is_file():
        pytest.skip("../shared/reference is absent (only developers have it)")
    reference = yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))
    ids = {entry["id"] for entry in reference["jurisdictions"] + reference["localities"]}
    assert ids == set(load_rules().places) - {"US"}


@pytest.mark.parametrize("place_id", sorted(load_rules().places))
def test_every_place_has_rules_with_citations_and_dates(place_id):
    place = load_rules().places[place_id]
    assert place.rules, f"{place_id} has no rules"
    for rule in place.rules:
        if rule.house:
            assert rule.citation is None and rule.reason, f"{place_id}/{rule.id}"
            continue
        assert rule.citation and authority_problem(rule.citation) is None, f"{place_id}/{rule.id}"
        assert (rule.effective_from is None) != (rule.in_force_before is None)
        assert rule.effective_from != date(1970, 1, 1)


FORBIDDEN = ("Accord house", "State law on", "State common law", "federal.md", "not verified",
             "background knowledge", "per ")  # fmt: skip


@pytest.mark.parametrize("place_id", sorted(load_rules().places))
def test_no_citation_carries_research_provenance(place_id):
    for rule in load_rules().places[place_id].rules:
        for phrase in FORBIDDEN:
            assert phrase not in (rule.citation or ""), f"{place_id}/{rule.id}: {phrase}"


def test_house_choices_are_marked_and_cite_no_law():
    us = {rule.id: rule for rule in load_rules().places["US"].rules}
    for rule_id in ("offer_response", "offer_check_ins", "at_will", "default_consideration",
                    "non_disparagement_terms", "staff_agreement", "release"):  # fmt: skip
        assert us[rule_id].house and us[rule_id].citation is None and us[rule_id].reason


@pytest.mark.parametrize("code", sorted(_STATE_NAMES))
def test_every_state_and_dc_has_a_final_pay_rule(code):
    kinds = {rule.kind.value for rule in load_rules().places[f"US-{code}"].rules}
    assert "final_pay" in kinds


@pytest.mark.parametrize("place_id", LOCALITY_IDS)
def test_every_locality_resolves_from_its_own_names(place_id):
    place = load_rules().places[place_id]
    state = place_id.split("-")[1]
    for city in place.aliases.cities:
        assert resolve(state, city, None)[0] == place_id
    for county in place.aliases.counties:
        assert resolve(state, None, county)[0] == place_id
    assert place.aliases.cities or place.aliases.counties


def test_low_confidence_facts_never_drive_documents():
    for place in load_rules().places.values():
        for rule in place.rules:
            if rule.confidence.value == "low":
                assert rule.kind.value == "note", f"{place.id}/{rule.id}"


def test_readme_lists_every_clause_id_the_rules_use():
    readme = (DEFAULT_ROOT / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"`([a-z0-9_]+)`", readme.split("## Clause ids", 1)[1]))
    used: set[str] = set()
    for place in load_rules().places.values():
        for rule in place.rules:
            used.update(rule.clauses, rule.drops, getattr(rule.values, "group_clauses", ()))
    assert used <= listed, sorted(used - listed)


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "jurisdictions"
    shutil.copytree(DEFAULT_ROOT, root, ignore=shutil.ignore_patterns("README.md"))
    return root


def _edit(root: Path, place_id: str, change) -> None:
    path = root / f"{place_id}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["rules"][2]["values"]["involuntary"].update(parts=["soon"]),
            "jurisdictions/US-CA.yaml: rule 'final_pay', field 'values.involuntary.parts': 'soon' "
            "is not a deadline part; use immediately, next_payday, 'N days' or 'N business_days'. "
            "Fix the file and run again.",
        ),
        (
            lambda d: d["rules"][0].pop("citation"),
            "jurisdictions/US-CA.yaml: rule 'salary_history_ban', field 'citation': Field required. "
            "Fix the file and run again.",
        ),
        (
            lambda d: d["rules"][0].update(citation="State law on salary history"),
            "jurisdictions/US-CA.yaml: rule 'salary_history_ban', field 'citation': 'State law on' "
            "is not an authority (name the law); cite the statute, regulation, ordinance, case or "
            "agency guidance, and put research provenance in notes. Fix the file and run again.",
        ),
        (
            lambda d: d["rules"][0].update(citation="Cal. Lab. Code § 432.3 (per Littler)"),
            "jurisdictions/US-CA.yaml: rule 'salary_history_ban', field 'citation': 'per Littler' is "
            "not an authority (research provenance goes in notes); cite the statute, regulation, "
            "ordinance, case or agency guidance, and put research provenance in notes. Fix the "
            "file and run again.",
        ),
        (
            lambda d: d["rules"][0].update(citation="Accord house setting"),
            "jurisdictions/US-CA.yaml: rule 'salary_history_ban', field 'citation': 'Accord' is "
            "not an authority (a house choice is house: true); cite the statute, regulation, "
            "ordinance, case or agency guidance, and put research provenance in notes. Fix the "
            "file and run again.",
        ),
        (
            lambda d: d["rules"][0].update(house=True, reason="Ours."),
            "jurisdictions/US-CA.yaml: rule 'salary_history_ban', field 'citation': a house rule "
            "cites no law; move the text to reason, or set house: false. Fix the file and run "
            "again.",
        ),
        (
            lambda d: d["rules"][0].update(effective_from=date(1970, 1, 1)),
            "jurisdictions/US-CA.yaml: rule 'salary_history_ban', field 'effective_from': "
            "1970-01-01 is not the date a law took effect; give the real date, or "
            "in_force_before: YYYY. Fix the file and run again.",
        ),
        (
            lambda d: d["rules"][0].pop("effective_from"),
            "jurisdictions/US-CA.yaml: rule 'salary_history_ban', field 'effective_from': Field "
            "required (or in_force_before: YYYY when the start date is not known). Fix the file "
            "and run again.",
        ),
        (
            lambda d: d["rules"][0].update(effective_from="someday"),
            "jurisdictions/US-CA.yaml: rule 'salary_history_ban', field 'effective_from': Input "
            "should be a valid date or datetime, input is too short. Fix the file and run again.",
        ),
        (
            lambda d: d.update(parent="US-XX"),
            "jurisdictions/US-CA.yaml: parent 'US-XX' has no file. Add US-XX.yaml or fix the parent.",
        ),
    ],
)
def test_a_broken_file_names_file_rule_and_field(tmp_path, change, message):
    root = _copy(tmp_path)
    _edit(root, "US-CA", change)
    with pytest.raises(ConfigError) as caught:
        load_rules(root)
    assert str(caught.value) == message


def test_invalid_yaml_names_the_line(tmp_path):
    root = _copy(tmp_path)
    (root / "US-CA.yaml").write_text("id: US-CA\nrules: [\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_rules(root)
    assert str(caught.value) == (
        "jurisdictions/US-CA.yaml line 3: not valid YAML. Fix the indentation or quoting there."
    )


def test_rules_version_is_a_sha256_that_changes_with_the_data(tmp_path):
    root = _copy(tmp_path)
    before = rules_version(root)
    assert re.fullmatch(r"[0-9a-f]{64}", before)
    assert rules_version(root) == before
    _edit(root, "US-MN", lambda d: d["rules"][0].update(summary="Changed wording."))
    assert rules_version(root) != before
