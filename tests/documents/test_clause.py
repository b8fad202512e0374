"""Clause wording: layered by place, one entry per rule clause id, filled as plain text."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.documents.clause import CLAUSE_IDS, Clause, fill, layer, lookup
from accord.errors import ConfigError
from accord.paths import TEMPLATES_DIR

FOLDER = TEMPLATES_DIR / "clauses"
ALL_PLACES = tuple(sorted((p.stem for p in FOLDER.glob("*.yaml")), key=len, reverse=True))


@pytest.mark.parametrize("clause_id", sorted({c for ids in CLAUSE_IDS.values() for c in ids}))
def test_every_clause_the_rules_may_pick_has_wording_and_a_citation(clause_id: str):
    clause = lookup(clause_id, ALL_PLACES, FOLDER)
    assert clause.text.strip()
    assert clause.citation.strip()


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
        f"{tmp_path / 'US.yaml'}: clause 'at_will' has no citation. Add it to the entry."
    )
