"""Word structure of the rendered documents: headings, tables and signature blocks."""

from __future__ import annotations

import io

import docx
import pytest

from accord.records import Kind
from tests.documents.conftest import CASES, rendered


def _tables(data: bytes) -> list[list[list[str]]]:
    document = docx.Document(io.BytesIO(data))
    return [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]


def _signature_rows(data: bytes) -> list[list[str]]:
    blocks = [t for t in _tables(data) if t[0] == ["Name", "Signature", "Date"]]
    assert len(blocks) == 1, "one signature block"
    return blocks[0][1:]


@pytest.mark.parametrize(("kind", "place"), CASES)
def test_signing_documents_end_with_a_signature_table_row_per_signer(kind: Kind, place: str):
    signers = 3 if kind is Kind.AGREEMENTS else 2
    for name, doc in rendered(kind, place).items():
        if name.startswith("appreciation_letter") or name == "negotiation_summary":
            continue
        rows = _signature_rows(doc.data)
        assert len(rows) == signers, name
        for _who, sign, day in rows:
            assert "____" in sign and "____" in day


def test_the_negotiation_summary_has_the_agreed_points_concerns_and_follow_up_tables():
    tables = _tables(rendered(Kind.SEPARATIONS, "US-TX")["negotiation_summary"].data)
    assert [row[0] for row in tables[0]] == [
        "Scope",
        "Timeline",
        "Deliverables",
        "Responsibilities",
        "Payment terms",
    ]
    assert tables[1][0] == ["Concern", "Resolution", "Flag"]
    assert tables[1][1] == ["Wanted more time to review", "Review period confirmed in writing", ""]
    assert tables[2][0] == ["Action", "Owner", "Due"]
    assert len(tables[2]) == 5


@pytest.mark.parametrize("name", ["offer_letter", "negotiation_summary", "appreciation_letter"])
def test_documents_use_word_heading_styles(name: str):
    document = docx.Document(io.BytesIO(rendered(Kind.OFFERS, "US-TX")[name].data))
    styles = {p.style.name for p in document.paragraphs if p.text.strip()}
    assert styles & {"Title", "Heading 1"}


def test_no_template_tag_survives_rendering():
    for kind, place in CASES:
        for name, doc in rendered(kind, place).items():
            document = docx.Document(io.BytesIO(doc.data))
            body = "\n".join(p.text for p in document.paragraphs)
            assert "{%" not in body.replace("{% if true %}", "").replace("{% endif %}", ""), name
