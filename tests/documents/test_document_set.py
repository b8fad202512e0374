"""The document sets render each record's values exactly, safely and deterministically."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from accord.documents import DOCUMENT_TYPES, TEMPLATE_TYPES, DocumentSet
from accord.documents.context import build_context
from accord.documents.samples import AS_OF, NASTY, sample
from accord.documents.text import docx_text
from accord.jurisdictions import determine
from accord.records import Kind, Offer
from tests.documents.conftest import CASES, document_set, rendered
from tests.jurisdictions.builders import offer as make_offer


def _offer_text(offer: Offer) -> str:
    docs = document_set(Kind.OFFERS).render(offer, determine(offer, AS_OF), "b1", AS_OF)
    return docx_text(docs[0].data)


@pytest.mark.parametrize(
    ("kind", "names"),
    [
        (Kind.OFFERS, ["offer_letter", "negotiation_summary", "appreciation_letter"]),
        (Kind.SEPARATIONS, ["separation_agreement", "negotiation_summary", "appreciation_letter"]),
        (
            Kind.AGREEMENTS,
            [
                "staff_agreement",
                "negotiation_summary",
                "appreciation_letter_party_a",
                "appreciation_letter_party_b",
            ],
        ),
    ],
)
def test_each_kind_renders_its_documents_in_order(kind: Kind, names: list[str]):
    assert list(rendered(kind, "US-TX")) == names
    assert {d.type for d in rendered(kind, "US-TX").values()} == set(TEMPLATE_TYPES[kind])
    assert "appreciation_letter" not in DOCUMENT_TYPES[kind], "follow-up writes it, not the batch"


@pytest.mark.parametrize("value", list(NASTY.values()))
@pytest.mark.parametrize("kind", list(Kind))
def test_nasty_values_print_exactly_in_every_document(kind: Kind, value: str):
    """Markup characters, template code, emoji and right-to-left text print as given."""
    texts = [docx_text(d.data) for d in rendered(kind, "US-MN").values()]
    assert any(value in text for text in texts)


def test_markup_characters_in_a_value_print_exactly():
    text = _offer_text(
        make_offer(candidate_name="Seán O'Brien & <Partners>", job_title='R&D "Lead"')
    )
    assert "Dear Seán O'Brien & <Partners>," in text
    assert 'R&D "Lead"' in text


def test_template_code_in_a_value_is_printed_not_run():
    text = _offer_text(make_offer(candidate_name="{{ 7*7 }} {% if true %}x{% endif %}"))
    assert "Dear {{ 7*7 }} {% if true %}x{% endif %}," in text


def test_control_characters_in_values_are_dropped_and_the_file_opens():
    assert "Dear Ana Diaz," in _offer_text(make_offer(candidate_name="Ana\x00 Diaz\x0b"))


@pytest.mark.parametrize(("kind", "place"), CASES)
def test_the_same_record_renders_to_the_same_bytes(kind: Kind, place: str):
    s = sample(kind, place)
    first = DocumentSet(kind).render(s.record, s.det, "b1", AS_OF, "docusign", s.facts)
    second = DocumentSet(kind).render(s.record, s.det, "b1", AS_OF, "docusign", s.facts)
    assert [hashlib.sha256(d.data).hexdigest() for d in first] == [
        hashlib.sha256(d.data).hexdigest() for d in second
    ]


@pytest.mark.parametrize("kind", list(Kind))
def test_a_prior_salary_never_appears(kind: Kind):
    for place in ("US-CA", "US-TX"):
        for doc in rendered(kind, place).values():
            text = docx_text(doc.data)
            assert "77,777" not in text
            assert "77777" not in text


def test_a_noncompete_the_rules_omit_is_not_shown():
    """California's sample asks for a noncompete; the rules omit it, so the letter has none."""
    assert "not to compete" not in docx_text(rendered(Kind.OFFERS, "US-CA")["offer_letter"].data)
    assert "not to compete" in docx_text(rendered(Kind.OFFERS, "US-TX")["offer_letter"].data)


def test_a_separation_noncompete_uses_the_separation_wording():
    text = docx_text(rendered(Kind.SEPARATIONS, "US-TX")["separation_agreement"].data)
    assert "Your agreement not to compete with Northwind Example Co. continues" in text
    assert "This offer includes" not in text


def test_montana_offer_states_the_probationary_period_instead_of_at_will():
    text = docx_text(rendered(Kind.OFFERS, "US-MT")["offer_letter"].data)
    assert "Your first 12 months of employment are a probationary period." in text
    assert "at will" not in text


def test_california_release_quotes_civil_code_1542_exactly():
    text = docx_text(rendered(Kind.SEPARATIONS, "US-CA")["separation_agreement"].data)
    assert (
        "> A general release does not extend to claims that the creditor or releasing party does "
        "not know or suspect to exist in his or her favor at the time of executing the release "
        "and that, if known by him or her, would have materially affected his or her settlement "
        "with the debtor or released party.\n"
    ) in text
    assert (
        "Nothing in this agreement prevents you from discussing or disclosing information about "
        "unlawful acts in the workplace, such as harassment or discrimination or any other "
        "conduct that you have reason to believe is unlawful."
    ) in text


def test_group_program_gets_the_owbpa_exhibit_with_every_title_and_age():
    text = docx_text(rendered(Kind.SEPARATIONS, "US-CA")["separation_agreement"].data)
    assert "# Exhibit A: Information about the group program" in text
    assert "| Operations Analyst | 29 | Selected |" in text
    assert "| Operations Manager | 38 | Not selected |" in text


def test_an_individual_separation_has_no_exhibit():
    text = docx_text(rendered(Kind.SEPARATIONS, "US-TX")["separation_agreement"].data)
    assert "Exhibit A" not in text


def test_the_exhibit_lists_only_the_records_own_program():
    s = sample(Kind.SEPARATIONS, "US-CA")
    other = replace(s.facts.decisional_unit[0], program_id="OTHER", job_title="Chef")
    facts = replace(s.facts, decisional_unit=(*s.facts.decisional_unit, other))
    docs = document_set(Kind.SEPARATIONS).render(s.record, s.det, "b1", AS_OF, "none", facts)
    assert "Chef" not in docx_text(docs[0].data)


def test_minnesota_release_gives_the_15_day_rescission_notice():
    text = docx_text(rendered(Kind.SEPARATIONS, "US-MN")["separation_agreement"].data)
    assert "within 15 calendar days after you sign this agreement" in text


def test_a_missing_final_pay_date_uses_the_clause_wording_for_it():
    text = docx_text(rendered(Kind.SEPARATIONS, "US-MT")["separation_agreement"].data)
    assert "by the deadline the law of your state sets" in text
    assert "(to be confirmed)" not in text


def test_each_agreement_party_gets_a_letter_naming_their_own_commitments():
    docs = rendered(Kind.AGREEMENTS, "US-TX")
    a = docx_text(docs["appreciation_letter_party_a"].data)
    b = docx_text(docs["appreciation_letter_party_b"].data)
    assert "Dear Lee Park," in a and "Share drafts two days before each review" in a
    assert "Dear Rae Moreno," in b and "Keep review comments to the agenda" in b


def test_shared_clause_wording_cites_the_law_of_the_place():
    """NYC: the salary-history sentence cites the state and the city law that require it."""
    offer = make_offer(
        work_state="NY",
        work_city="New York",
        pay_range_min=Decimal(80000),
        pay_range_max=Decimal(100000),
    )
    ctx = build_context(offer, determine(offer, AS_OF), "b1", AS_OF)
    cited = {c["id"]: c["citation"] for c in ctx["clauses"]}
    assert cited["salary_history_statement"].startswith(
        "N.Y. Labor Law § 194-a; NYC Admin. Code § 8-107(25)"
    )
    assert "194-a" not in _offer_text(offer), "the signing copy prints no citation"


def test_an_offer_letter_is_dated_the_offer_date_not_the_run_date():
    offer = make_offer(offer_date=date(2026, 5, 4))
    docs = document_set(Kind.OFFERS).render(
        offer, determine(offer, AS_OF), "b1", date(2026, 11, 25)
    )
    lines = docx_text(docs[0].data).splitlines()
    assert "May 4, 2026" in lines
    assert "November 25, 2026" not in lines
