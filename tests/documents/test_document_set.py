"""The offer document set renders each record's values exactly, safely and deterministically."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import docx

from accord.documents import DocumentSet
from accord.jurisdictions import determine
from accord.records import Kind, Offer

AS_OF = date(2026, 6, 1)


def _offer(**overrides: object) -> Offer:
    values: dict[str, object] = {
        "row": 2,
        "sheet": "Offers",
        "record_id": "C-1",
        "work_state": "TX",
        "candidate_name": "Ana Diaz",
        "job_title": "Analyst",
        "base_salary": Decimal(90000),
        "start_date": date(2026, 7, 6),
        "offer_date": date(2026, 6, 1),
    }
    values.update(overrides)
    return Offer(**values)  # type: ignore[arg-type]


def _text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    return "\n".join(p.text for p in document.paragraphs)


def test_values_with_markup_characters_print_exactly():
    offer = _offer(candidate_name="Seán O'Brien & <Partners>", job_title='R&D "Lead" 🚀 مهندس')
    docs = DocumentSet(Kind.OFFERS).render(offer, determine(offer, AS_OF), "b1", AS_OF)
    text = _text(docs[0].data)
    assert "Seán O'Brien & <Partners>" in text
    assert 'R&D "Lead" 🚀 مهندس' in text


def test_template_code_in_a_value_is_printed_not_run():
    offer = _offer(candidate_name="{{ 7*7 }} {% if true %}x{% endif %}")
    docs = DocumentSet(Kind.OFFERS).render(offer, determine(offer, AS_OF), "b1", AS_OF)
    assert "{{ 7*7 }} {% if true %}x{% endif %}" in _text(docs[0].data)


def test_control_characters_in_values_are_dropped_and_the_file_opens():
    offer = _offer(candidate_name="Ana\x00 Diaz\x0b")
    docs = DocumentSet(Kind.OFFERS).render(offer, determine(offer, AS_OF), "b1", AS_OF)
    assert "Dear Ana Diaz," in _text(docs[0].data)


def test_same_record_renders_to_the_same_bytes():
    offer = _offer()
    det = determine(offer, AS_OF)
    first = DocumentSet(Kind.OFFERS).render(offer, det, "b1", AS_OF)
    second = DocumentSet(Kind.OFFERS).render(offer, det, "b1", AS_OF)
    assert first == second
