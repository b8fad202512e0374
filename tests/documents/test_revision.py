"""A revised version's negotiation summary: what changed, whether the period restarts, answer date."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from accord.documents.changes import changes
from accord.documents.samples import AS_OF, sample
from accord.documents.text import docx_text
from accord.jurisdictions import determine
from accord.records import Kind
from tests.documents.conftest import BATCH, document_set
from tests.documents.test_redline import _signing


def test_a_revised_separation_summary_says_the_consideration_period_does_not_restart():
    found = sample(Kind.SEPARATIONS, "US-MN")
    sent = _signing(found, found.record)
    revised = replace(found.record, severance_weeks=Decimal("12"), non_disparagement=True)
    det = determine(revised, AS_OF, found.facts)

    def revise(signing: bytes) -> dict[str, object]:
        return {"version": 2, "previous": 1, "changes": changes(sent, signing)}

    docs, _letters = document_set(Kind.SEPARATIONS).render_batch(
        revised, det, BATCH, AS_OF, "none", found.facts, revise
    )
    summary = next(d for d in docs if d.type == "negotiation_summary")
    lines = docx_text(summary.data).splitlines()
    start = lines.index("# Version 2: what changed since version 1")
    assert lines[start + 1 : start + 6] == [
        "- Severance pay: $16,000.00 (8 weeks of base pay) -> $24,000.00 (12 weeks of base pay)",
        "- Added: Your rights under the National Labor Relations Act",
        "- Added: Statements about the company",
        "The 21 days to consider the agreement do not start again: the agreement says that "
        "changes, large or small, do not restart them (29 C.F.R. § 1625.22(e)(4)). They end on "
        "June 22, 2026.",
        "New answer date: June 22, 2026.",
    ]
    agreement = docx_text(docs[0].data)
    assert "changes to this agreement, whether large or small, do not restart this period" in (
        agreement
    )


def test_a_first_version_summary_has_no_revision_part():
    found = sample(Kind.OFFERS, "US-MN")
    docs = document_set(Kind.OFFERS).render(found.record, found.det, BATCH, AS_OF)
    summary = next(d for d in docs if d.type == "negotiation_summary")
    assert "what changed since" not in docx_text(summary.data)
