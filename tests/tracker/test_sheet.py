"""Cell helpers shared by the trackers."""

from __future__ import annotations

import pytest
from openpyxl.packaging.relationship import Relationship, RelationshipList

import accord.tracker.sheet  # noqa: F401  (indexes openpyxl's relationship lookup)


def test_relationships_are_found_by_id_also_after_the_list_grows():
    rels = RelationshipList()
    for n in range(3):
        rels.append(Relationship(type="hyperlink", Target=f"doc{n}.docx", TargetMode="External"))
    assert rels.get("rId2").Target == "doc1.docx"
    rels.append(Relationship(type="hyperlink", Target="late.docx", TargetMode="External"))
    assert rels.get("rId4").Target == "late.docx"
    with pytest.raises(KeyError, match="Unknown relationship: rId9"):
        rels.get("rId9")


def test_a_relationship_lookup_does_not_scan_the_list():
    rels = RelationshipList()
    for n in range(20_000):
        rels.append(Relationship(type="hyperlink", Target=f"d{n}", TargetMode="External"))
    # openpyxl's own scan makes these 20,000 lookups take minutes.
    assert all(rels.get(f"rId{n + 1}").Target == f"d{n}" for n in range(20_000))
