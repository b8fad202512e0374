"""What changed between two signing copies, as the negotiation summary lists it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from accord.documents.changes import changes
from accord.documents.samples import sample
from accord.records import Kind
from tests.documents.test_redline import _signing


def test_a_counter_offer_lists_the_new_pay_and_start_date_under_their_headings():
    found = sample(Kind.OFFERS, "US-MN")
    countered = replace(found.record, base_salary=Decimal("128000"), start_date=date(2026, 7, 20))
    assert changes(_signing(found, found.record), _signing(found, countered)) == [
        "Your role: July 6, 2026. -> July 20, 2026.",
        "Your pay: $98,000.00 -> $128,000.00",
    ]


def test_a_revised_separation_lists_the_severance_and_the_clauses_added():
    found = sample(Kind.SEPARATIONS, "US-MN")
    revised = replace(found.record, severance_weeks=Decimal("12"), neutral_reference=True)
    assert changes(_signing(found, found.record), _signing(found, revised)) == [
        "Severance pay: $16,000.00 (8 weeks of base pay) -> $24,000.00 (12 weeks of base pay)",
        "Added: Neutral reference",
    ]


def test_a_removed_clause_is_one_line_naming_it():
    found = sample(Kind.OFFERS, "US-CA")
    kept = tuple(c for c in found.det.clauses if c != "pay_range")
    fewer = replace(found, det=replace(found.det, clauses=kept))
    old = _signing(found, found.record, ruled=False)
    assert changes(old, _signing(fewer, found.record, ruled=False)) == ["Removed: Pay range"]


def test_a_changed_table_row_names_the_cell_that_changed():
    found = sample(Kind.AGREEMENTS, "US-TX")
    retitled = replace(found.record, party_b_title="Head of Product")
    lines = changes(_signing(found, found.record), _signing(found, retitled))
    assert lines[0] == "The parties: Product Lead -> Head of Product"


def test_the_same_document_has_no_changes():
    found = sample(Kind.OFFERS, "US-TX")
    same = _signing(found, found.record)
    assert changes(same, same) == []
