"""Rendered samples shared by the document tests: each kind in each sample place, rendered once."""

from __future__ import annotations

from functools import cache

from accord.documents import DocumentSet, RenderedDocument
from accord.documents.samples import AS_OF, PLACES, sample
from accord.records import Kind

BATCH = "offers_sample-0123abcd"
CASES = [(kind, place) for kind in Kind for place in PLACES]


@cache
def document_set(kind: Kind) -> DocumentSet:
    """Return the compiled templates of ``kind`` (compiled once per test session)."""
    return DocumentSet(kind)


@cache
def rendered(kind: Kind, place: str, esign: str = "none") -> dict[str, RenderedDocument]:
    """Return the sample of ``kind`` in ``place`` rendered, by file stem."""
    s = sample(kind, place)
    docs = document_set(kind).render(s.record, s.det, BATCH, AS_OF, esign, s.facts, follow_up=True)
    return {d.name: d for d in docs}
