"""Appreciation follows the commitment: which records get letters, and what they say."""

from __future__ import annotations

import pytest

from accord.documents.samples import AS_OF, sample
from accord.jurisdictions import determine
from accord.records import Kind, Record
from tests.documents.conftest import document_set
from tests.jurisdictions.builders import separation

BATCH = "offers_x-0123abcd"


def _letters(record: Record) -> list[tuple[str, dict]]:
    det = determine(record, AS_OF)
    return document_set(record.kind).render_batch(record, det, BATCH, AS_OF)[1]


@pytest.mark.parametrize("kind_of", ["performance", "other"])
def test_a_performance_or_other_separation_gets_no_appreciation_letter(kind_of: str):
    assert _letters(separation(separation_type=kind_of)) == []


def test_a_layoff_gets_one_letter():
    assert [name for name, _ in _letters(separation(separation_type="layoff"))] == [
        "appreciation_letter"
    ]


def test_no_letter_thanks_for_openness_unless_concerns_were_recorded():
    quiet = _letters(separation(concerns=(), resolutions=()))[0][1]
    assert not any("openness" in p for p in quiet["paragraphs"])
    spoken = _letters(separation(concerns=("More time",), resolutions=("Granted",)))[0][1]
    assert any("openness" in p for p in spoken["paragraphs"])


def test_an_agreement_gets_one_letter_per_party():
    s = sample(Kind.AGREEMENTS, "US-TX")
    assert [n for n, _ in _letters(s.record)] == [
        "appreciation_letter_party_a",
        "appreciation_letter_party_b",
    ]
