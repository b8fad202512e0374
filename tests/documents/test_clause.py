"""Clause wording: layered by place, one entry per rule clause id, filled as plain text."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from accord.documents.clause import CLAUSE_IDS, Clause, fill, layer, lookup
from accord.documents.context import build_context
from accord.errors import ConfigError
from accord.jurisdictions import BatchFacts, determine
from accord.jurisdictions.citation import authority_problem
from accord.paths import TEMPLATES_DIR
from accord.records import Record
from tests.jurisdictions.builders import offer, separation

FOLDER = TEMPLATES_DIR / "clauses"
ALL_PLACES = tuple(sorted((p.stem for p in FOLDER.glob("*.yaml")), key=len, reverse=True))


@pytest.mark.parametrize("clause_id", sorted({c for ids in CLAUSE_IDS.values() for c in ids}))
def test_every_clause_the_rules_may_pick_has_wording_and_an_authority(clause_id: str):
    clause = lookup(clause_id, ALL_PLACES, FOLDER)
    assert clause.text.strip()
    if clause.house:
        assert clause.citation is None and clause.reason.strip()
    elif not clause.from_rules:
        assert clause.citation and authority_problem(clause.citation) is None


@pytest.mark.parametrize(
    ("chain", "place"),
    [
        (("US-CA-SF", "US-CA", "US"), "US-CA-SF"),
        (("US-CA", "US"), "US"),
        (("US-TX", "US"), "US"),
    ],
)
def test_the_most_specific_place_wins(chain: tuple[str, ...], place: str):
    assert lookup("salary_history_statement", chain, FOLDER).place == place


def test_a_kind_specific_entry_wins_for_that_kind_only():
    chain = ("US-TX", "US")
    assert lookup("noncompete", chain, FOLDER, "separations").section == "promises"
    assert lookup("noncompete", chain, FOLDER, "offers").section == "terms"


def test_a_clause_without_wording_names_the_places_and_the_fix():
    with pytest.raises(ConfigError) as caught:
        lookup("ca_1542", ("US-TX", "US"), FOLDER)
    assert str(caught.value) == (
        f"Clause 'ca_1542' has no wording for US-TX / US. Add it to {FOLDER / 'US.yaml'} "
        "or a place file."
    )


def test_placeholders_are_filled_as_plain_text():
    clause = Clause("x", "decide", "Until {day}", "Sign by {day}, {who}.", "cite")
    filled = fill(clause, {"day": "July 1, 2026", "who": "{{ 7*7 }}"})
    assert (filled.heading, filled.text) == (
        "Until July 1, 2026",
        "Sign by July 1, 2026, {{ 7*7 }}.",
    )


def test_an_empty_term_selects_the_when_missing_wording():
    clause = Clause(
        "x", "pay", "Pay", "Paid by {due}.", "c", when_missing=(("due", "Paid by law."),)
    )
    assert fill(clause, {"due": ""}).text == "Paid by law."


def test_an_unknown_placeholder_names_the_clause_and_the_terms_available():
    clause = Clause("final_pay", "pay", "Pay", "Paid by {payday}.", "c", place="US")
    with pytest.raises(ConfigError) as caught:
        fill(clause, {"final_pay_due": "", "company": ""})
    assert str(caught.value) == (
        "Clause 'final_pay' (US) uses {payday}, which is not a term Accord supplies for this "
        "document. Use one of: company, final_pay_due."
    )


def test_a_clause_entry_without_a_citation_is_refused(tmp_path: Path):
    (tmp_path / "US.yaml").write_text("at_will:\n  section: terms\n  heading: H\n  text: T\n")
    with pytest.raises(ConfigError) as caught:
        layer(tmp_path, "US")
    assert str(caught.value) == (
        f"{tmp_path / 'US.yaml'}: clause 'at_will' has no citation; cite its authority, or mark "
        "it house: true with a reason. Fix the entry."
    )


@pytest.mark.parametrize(
    ("citation", "problem"),
    [
        ("State law on probationary periods", "'State law on' is not an authority (name the law)"),
        ("Contract term; 18 U.S.C. § 1833(b)", "'Contract term' is not an authority"),
        ("Workplace mediation practice", "'practice' is not an authority"),
    ],
)
def test_a_clause_citation_that_names_no_authority_is_refused(
    tmp_path: Path, citation: str, problem: str
):
    (tmp_path / "US.yaml").write_text(
        f"at_will:\n  section: terms\n  heading: H\n  text: T\n  citation: {citation}\n"
    )
    with pytest.raises(ConfigError) as caught:
        layer(tmp_path, "US")
    assert f"clause 'at_will' cites '{citation}': {problem}" in str(caught.value)


def test_a_house_clause_with_a_citation_is_refused(tmp_path: Path):
    (tmp_path / "US.yaml").write_text(
        "x:\n  section: terms\n  heading: H\n  text: T\n  house: true\n  reason: Ours.\n"
        "  citation: 29 U.S.C. § 157\n"
    )
    with pytest.raises(ConfigError) as caught:
        layer(tmp_path, "US")
    assert str(caught.value) == (
        f"{tmp_path / 'US.yaml'}: clause 'x' is a house clause with a citation; a house clause "
        "cites no law. Fix the entry."
    )


# --- the clauses of a built context: each carries its own authority --------------------------

AS_OF = date(2026, 6, 1)
OVER_40 = date(1970, 3, 1)
UNDER_40 = date(1995, 3, 1)
KEYS = {
    "id",
    "heading",
    "text",
    "quote",
    "emphasis",
    "citation",
    "rules",
    "house",
    "reason",
    "standard",
}


def _clauses(record: Record, facts: BatchFacts | None = None) -> dict[str, dict[str, Any]]:
    det = determine(record, AS_OF, facts or BatchFacts())
    ctx = build_context(record, det, "batch-1", AS_OF, facts)
    return {c["id"]: c for c in ctx["clauses"]}


def test_every_context_clause_carries_the_manifest_contract():
    for clause in _clauses(separation()).values():
        assert set(clause) == KEYS
        # A standard term comes with the document itself; every other clause names its rules.
        assert isinstance(clause["rules"], list) and (clause["rules"] or clause["standard"])
        assert all("/" in ref for ref in clause["rules"])
        assert (clause["citation"] is None) == clause["house"]


def test_cobra_cites_cobra_alone():
    clause = _clauses(separation())["cobra"]
    assert clause["citation"] == "29 U.S.C. §§ 1161-1168"
    assert clause["house"] is False


@pytest.mark.parametrize(
    ("state", "citation", "rule"),
    [
        ("TX", "Tex. Lab. Code § 61.014(a)(1); Tex. Lab. Code § 61.014(a)(2)", "US-TX/final_pay"),
        ("CA", "Cal. Lab. Code §§ 201(a), 202(a), 203", "US-CA/final_pay"),
        ("NY", "N.Y. Labor Law §§ 191(3), 195(6)", "US-NY/final_pay"),
    ],
)
def test_final_pay_cites_the_state_statute_alone(state: str, citation: str, rule: str):
    clause = _clauses(separation(work_state=state))["final_pay"]
    assert clause["citation"] == citation
    assert rule in clause["rules"]
    assert "626" not in clause["citation"]


def test_under_40_no_clause_cites_section_626f():
    clauses = _clauses(separation(date_of_birth=UNDER_40))
    for clause in clauses.values():
        assert "626(f)" not in (clause["citation"] or ""), clause["id"]
    assert clauses["severance"]["house"] is True
    assert clauses["severance"]["reason"].startswith("The severance is the payment")
    assert clauses["general_release"]["citation"] is None


def test_over_40_the_severance_cites_the_consideration_element_of_owbpa():
    clauses = _clauses(separation(date_of_birth=OVER_40))
    assert clauses["severance"]["citation"] == "29 U.S.C. § 626(f)(1)(D); 29 C.F.R. § 1625.22(d)"
    assert clauses["severance"]["rules"] == ["US/release", "US/owbpa"]
    assert clauses["general_release"]["citation"] == "29 U.S.C. § 626(f)(1)(C)"
    assert clauses["attorney_advice"]["citation"] == "29 U.S.C. § 626(f)(1)(E)"
    assert clauses["protected_rights"]["citation"].endswith("; 29 U.S.C. § 626(f)(4)")


def test_time_to_consider_cites_owbpa_when_its_21_days_are_in_force():
    clause = _clauses(separation(date_of_birth=OVER_40))["consideration_period"]
    assert clause["citation"] == "29 U.S.C. § 626(f)(1)(F)(i); 29 C.F.R. § 1625.22(e)(4), (e)(6)"
    assert clause["rules"] == ["US/owbpa"]
    assert clause["house"] is False


def test_time_to_consider_is_a_house_clause_when_only_the_house_period_applies():
    clause = _clauses(separation(date_of_birth=UNDER_40))["consideration_period"]
    assert clause["citation"] is None
    assert clause["house"] is True
    assert clause["rules"] == ["US/default_consideration"]
    assert "seven days" in clause["reason"]


def test_time_to_consider_cites_california_when_its_five_business_days_win():
    clause = _clauses(separation(work_state="CA", date_of_birth=UNDER_40))["consideration_period"]
    assert clause["citation"] == "Cal. Gov. Code § 12964.5(b) (SB 331, 'Silenced No More Act')"
    assert clause["rules"] == ["US-CA/consideration_five_business_days"]


def test_new_york_and_owbpa_both_cite_the_seven_days_they_both_set():
    record = separation(
        work_state="NY",
        date_of_birth=OVER_40,
        confidential_claim_facts=True,
        employee_requested_confidentiality=True,
    )
    clause = _clauses(record)["revocation_period"]
    assert clause["rules"] == ["US/owbpa", "US-NY/confidentiality_revocation"]
    assert clause["citation"] == (
        "29 U.S.C. § 626(f)(1)(G); 29 C.F.R. § 1625.22(e)(5); "
        "N.Y. Gen. Oblig. Law § 5-336(1) (as amended 2019, 2023)"
    )


def test_group_program_consideration_cites_the_45_day_subsection():
    facts = BatchFacts(program_sizes={"RIF-1": 2})
    clause = _clauses(separation(date_of_birth=OVER_40, program_id="RIF-1"), facts)
    assert clause["consideration_period"]["citation"].startswith("29 U.S.C. § 626(f)(1)(F)(ii)")


def test_offer_clauses_cite_the_place_law_and_at_will_is_ours():
    clauses = _clauses(offer(work_state="CA"))
    assert clauses["salary_history_statement"]["rules"] == ["US-CA/salary_history_ban"]
    assert clauses["salary_history_statement"]["citation"].startswith("Cal. Lab. Code § 432.3")
    assert clauses["at_will"]["house"] is True and clauses["at_will"]["citation"] is None
    assert clauses["at_will"]["rules"] == ["US/at_will"]


def test_a_noncompete_where_no_statute_governs_is_a_house_clause():
    clause = _clauses(offer(work_state="NJ", noncompete=True))["noncompete"]
    assert clause["house"] is True
    assert clause["reason"].startswith("The row asks for a noncompete")


def test_final_pay_where_no_statute_sets_a_deadline_is_a_house_clause_that_says_so():
    clause = _clauses(separation(work_state="AL"))["final_pay"]
    assert clause["house"] is True and clause["citation"] is None
    assert clause["reason"].startswith("Alabama has no final-pay statute")
    assert clause["rules"] == ["US/release", "US-AL/final_pay"]
