"""The standard terms every offer letter and separation agreement states, each with its citation
or the reason it is a house choice."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from accord.documents.context import build_context
from accord.documents.samples import AS_OF
from accord.documents.standard import standard_terms
from accord.documents.text import docx_text
from accord.errors import ConfigError
from accord.jurisdictions import determine
from accord.paths import TEMPLATES_DIR
from accord.records import Kind, Record
from tests.documents.conftest import document_set, rendered
from tests.jurisdictions.builders import offer, separation


def _clauses(record: Record) -> dict[str, dict]:
    ctx = build_context(record, determine(record, AS_OF), "b1", AS_OF)
    return {c["id"]: c for c in ctx["clauses"]}


def _text(record: Record) -> str:
    docs = document_set(record.kind).render(record, determine(record, AS_OF), "b1", AS_OF)
    return docx_text(docs[0].data)


def test_an_offer_states_its_classification_paydays_place_benefits_and_whole_agreement():
    text = docx_text(rendered(Kind.OFFERS, "US-CA")["offer_letter"].data)
    for line in (
        "This position is exempt under federal and state wage and hour law. As an exempt "
        "employee, you are not eligible for overtime pay. You will be paid every other Friday "
        "(26 paydays a year).",
        "You will work in Los Angeles, CA. The employment law of California applies to your work.",
        "# Benefits",
        "Only a written agreement signed by an officer of Northwind Example Co. can change the "
        "at-will nature of your employment",
        "Before your first day you will sign Northwind Example Co.'s confidentiality and "
        "inventions agreement.",
        "# Whistleblower immunity for trade secrets",
        "is the whole agreement about your offer.",
    ):
        assert line in text


def test_a_non_exempt_offer_says_overtime_is_paid():
    assert "paid for every hour you work, with overtime" in _text(offer(exempt=False))


def test_an_offer_without_a_classification_promises_to_confirm_it():
    text = _text(offer(exempt=None))
    assert "We will confirm in writing before your first day whether the position is exempt" in text


def test_a_remote_offer_names_the_state_whose_law_applies():
    text = _text(offer(remote=True, work_state="NY", work_city="Albany"))
    assert "You will work remotely, from New York. The employment law of New York applies" in text


def test_the_acceptance_line_stands_above_the_candidates_signature():
    lines = docx_text(rendered(Kind.OFFERS, "US-TX")["offer_letter"].data).splitlines()
    at = lines.index("I accept this offer on the terms above.")
    assert lines[at - 1] == "# Signatures"
    assert lines[at + 1 : at + 4] == ["[table]", "| Name | Signature | Date |", lines[at + 3]]
    assert lines[at + 3].startswith("| Ana Diaz / Candidate |")


def test_montanas_offer_does_not_speak_of_at_will_status():
    text = docx_text(rendered(Kind.OFFERS, "US-MT")["offer_letter"].data)
    assert "at will" not in text and "at-will" not in text
    assert "can change the terms of this letter" in text


def test_a_separation_states_every_standard_term():
    text = docx_text(rendered(Kind.SEPARATIONS, "US-TX")["separation_agreement"].data)
    for heading in (
        "When the severance is paid",
        "Tax timing (Section 409A)",
        "Who you release",
        "Laws whose claims you release",
        "Company property",
        "No admission",
        "Governing law and courts",
        "If part of this agreement is invalid",
        "Signing",
        "The whole agreement",
    ):
        assert f"## {heading}" in text
    assert "is a separate payment for Section 409A" in text
    assert "made in the later year" in text


@pytest.mark.parametrize(
    ("state", "city", "laws"),
    [
        ("CA", "Los Angeles", ["California Fair Employment and Housing Act"]),
        ("NY", "New York", ["New York State Human Rights Law", "New York City Human Rights Law"]),
        ("NJ", "Newark", ["New Jersey Law Against Discrimination"]),
        ("MN", "Minneapolis", ["Minnesota Human Rights Act"]),
        ("MT", "Billings", ["Montana Wrongful Discharge from Employment Act"]),
    ],
)
def test_the_release_names_federal_and_place_statutes_by_example(state, city, laws):
    record = separation(work_state=state, work_city=city)
    released = _clauses(record)["released_statutes"]
    for law in ["Title VII", "Americans with Disabilities Act", "Section 510", *laws]:
        assert law in released["text"]
    assert "42 U.S.C. § 2000e" in released["citation"] and not released["house"]


def test_california_law_and_courts_govern_a_california_agreement():
    clause = _clauses(separation(work_state="CA", work_city="Los Angeles"))["governing_law"]
    assert clause["text"].startswith("California law governs this agreement")
    assert (clause["citation"], clause["house"]) == ("Cal. Lab. Code § 925", False)
    elsewhere = _clauses(separation())["governing_law"]
    assert elsewhere["text"].startswith("The law of Texas governs this agreement")
    assert elsewhere["house"] and elsewhere["citation"] is None
    assert "California, which requires it" in elsewhere["reason"]


@pytest.mark.parametrize(
    ("born", "gets_it"),
    [(date(1960, 3, 30), True), (date(1961, 4, 1), False), (date(1976, 5, 5), False)],
)
def test_only_employees_65_or_older_get_the_medicare_representation(born: date, gets_it: bool):
    """The sample separation date is March 31, 2026."""
    assert ("medicare_representation" in _clauses(separation(date_of_birth=born))) is gets_it


def test_every_standard_term_has_a_citation_or_a_house_reason():
    for record in (offer(), separation(), offer(work_state="CA"), separation(work_state="CA")):
        for clause in _clauses(record).values():
            if clause.get("house"):
                assert clause["reason"] and clause["citation"] is None, clause["id"]
            else:
                assert clause["citation"], clause["id"]


def test_a_term_with_neither_citation_nor_reason_is_refused(tmp_path: Path):
    folder = tmp_path / "offer_letter"
    folder.mkdir()
    (folder / "standard_terms.yaml").write_text(
        "terms:\n  - id: perks\n    section: terms\n    heading: Perks\n    text: Snacks.\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as caught:
        standard_terms(offer(), ("US-TX", "US"), {}, tmp_path)
    assert str(caught.value) == (
        f"{folder / 'standard_terms.yaml'}: term 'perks' has neither a citation nor house: true "
        "with a reason. Cite the law that requires it, or say why it is our choice."
    )
    assert TEMPLATES_DIR.is_dir()
