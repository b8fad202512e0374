"""Review copies per variant and review/index.xlsx: counsel reads each distinct variant once."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest

from accord.documents.context import build_context
from accord.documents.samples import AS_OF, sample
from accord.records import Kind
from accord.review import Variants, write_review
from tests.documents.conftest import BATCH, rendered

PLACES = ("US-CA", "US-TX", "US-CA", "US-MT")


def _entry(folder: Path, n: int, place: str) -> dict[str, Any]:
    """Return the manifest entry of the offers sample in ``place``, saved as record R-<n>."""
    docs = rendered(Kind.OFFERS, place)
    record_id = f"R-{n}"
    (folder / "documents" / record_id).mkdir(parents=True)
    documents = []
    for name, doc in docs.items():
        path = f"documents/{record_id}/{name}.docx"
        (folder / path).write_bytes(doc.data)
        described: dict[str, Any] = {"type": doc.type, "path": path, "sha256": ""}
        if doc.variant:
            described |= {"variant": doc.variant, "clauses": list(doc.clauses)}
        documents.append(described)
    return {"record_id": record_id, "jurisdiction": [place, "US"], "documents": documents}


@pytest.fixture
def batch(tmp_path: Path) -> tuple[Path, Variants]:
    variants = Variants()
    for n, place in enumerate(PLACES, start=1):
        variants.add(_entry(tmp_path, n, place))
    write_review(tmp_path, variants, AS_OF)
    return tmp_path, variants


def test_records_with_the_same_clauses_share_one_variant(batch: tuple[Path, Variants]):
    _folder, variants = batch
    assert [v.records for v in variants.found.values()] == [["R-1", "R-3"], ["R-2"], ["R-4"]]
    assert variants.line() == "3 variants cover 4 documents"


def test_one_review_copy_per_variant_with_one_comment_per_clause(batch: tuple[Path, Variants]):
    folder, variants = batch
    copies = sorted((folder / "review").glob("*.docx"))
    assert [p.name for p in copies] == sorted(v.file_name for v in variants.found.values())
    for variant in variants.found.values():
        document = docx.Document(folder / "review" / variant.file_name)
        comments = list(document.comments)
        assert len(comments) == len(variant.clauses)
        assert [c.text.splitlines()[0] for c in comments] == [
            f"Clause {c['id']}" for c in variant.clauses
        ]
        assert document.paragraphs[0].text.startswith("Review copy for counsel, not for signing.")


def test_a_comment_gives_the_citation_or_the_house_reason(batch: tuple[Path, Variants]):
    folder, variants = batch
    california = next(iter(variants.found.values()))
    comments = {
        c.text.splitlines()[0]: c.text
        for c in docx.Document(folder / "review" / california.file_name).comments
    }
    assert "Citation: Cal. Lab. Code § 2810.5" in comments["Clause pay_classification"]
    assert comments["Clause entire_agreement"].splitlines()[1].startswith("House choice: ")
    assert "a standard term this document always states" in comments["Clause benefits"]


def test_the_comment_anchors_on_its_clause_heading(batch: tuple[Path, Variants]):
    folder, variants = batch
    variant = next(iter(variants.found.values()))
    document = docx.Document(folder / "review" / variant.file_name)
    body = document.element.body.xml
    heading_at = body.index("Pay classification and paydays")
    start = body.rfind("commentRangeStart", 0, heading_at)
    assert start != -1 and body.find("commentRangeEnd", start) > heading_at


def test_the_index_lists_each_variant_with_its_records(batch: tuple[Path, Variants]):
    folder, _variants = batch
    wb = openpyxl.load_workbook(folder / "review" / "index.xlsx")
    rows = list(wb["Variants"].iter_rows(values_only=True))
    assert rows[0] == (
        "Document type",
        "Variant",
        "Places",
        "Clauses",
        "Documents",
        "First record",
        "Review copy",
    )
    assert [(r[0], r[2], r[4], r[5]) for r in rows[1:]] == [
        ("offer_letter", "US-CA", 2, "R-1"),
        ("offer_letter", "US-TX", 1, "R-2"),
        ("offer_letter", "US-MT", 1, "R-4"),
    ]
    link = wb["Variants"].cell(row=2, column=7)
    assert link.hyperlink.target == link.value and link.value.endswith(".docx")
    records = list(wb["Records"].iter_rows(values_only=True))
    assert [r[0] for r in records[1:]] == ["R-1", "R-2", "R-3", "R-4"]


def test_review_copies_are_the_same_bytes_on_a_rerun(
    batch: tuple[Path, Variants], tmp_path_factory
):
    folder, _variants = batch
    again = tmp_path_factory.mktemp("again")
    variants_again = Variants()
    for n, place in enumerate(PLACES, start=1):
        variants_again.add(_entry(again, n, place))
    write_review(again, variants_again, AS_OF)
    for path in sorted((folder / "review").iterdir()):
        assert path.read_bytes() == (again / "review" / path.name).read_bytes(), path.name


def test_a_batch_without_signing_documents_writes_no_review_folder(tmp_path: Path):
    assert write_review(tmp_path, Variants(), AS_OF) == 0
    assert not (tmp_path / "review").exists()


def test_the_variant_leaves_names_amounts_and_dates_out():
    s = sample(Kind.OFFERS, "US-CA")
    other = replace(s.record, candidate_name="Someone Else", base_salary=Decimal(120000))
    first = build_context(s.record, s.det, BATCH, AS_OF)["variant"]
    assert build_context(other, s.det, BATCH, AS_OF)["variant"] == first
