"""What counsel reads in a review copy's comment on one clause."""

from __future__ import annotations

from accord.documents.review import comment_text
from accord.review import rule_facts


def test_a_rule_clause_comment_names_each_rule_with_its_dates_and_confidence():
    clause = {
        "id": "pay_range",
        "citation": "C.R.S. § 8-5-201",
        "rules": ["US-CO/pay_range"],
        "house": False,
    }
    assert comment_text(clause, rule_facts()) == (
        "Clause pay_range\nCitation: C.R.S. § 8-5-201\n"
        "Rule US-CO/pay_range: in force from 2021-01-01, confidence high"
    )


def test_a_house_clause_comment_gives_the_reason_instead_of_a_citation():
    clause = {"id": "severability", "citation": None, "house": True, "reason": "Common drafting."}
    text = comment_text({**clause, "standard": True}, {})
    assert text.splitlines() == [
        "Clause severability",
        "House choice: Common drafting.",
        "Rules: none; a standard term this document always states.",
    ]


def test_a_rule_unknown_to_the_rule_data_is_said_so():
    clause = {"id": "x", "citation": "A § 1", "rules": ["US-ZZ/none"], "house": False}
    assert comment_text(clause, {}).endswith("Rule US-ZZ/none: not in the rule data")
