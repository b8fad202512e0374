"""The signing copy as the person receives it: letterhead, page numbers, no internal ids, and
closing and signature blocks that stay together on a page."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from PIL import Image

from accord.documents import DocumentSet
from accord.documents.properties import document_ids
from accord.documents.samples import AS_OF, sample
from accord.documents.text import docx_text
from accord.errors import ConfigError
from accord.paths import TEMPLATES_DIR
from accord.records import Kind
from tests.documents.conftest import BATCH, CASES, rendered

_IDS = [f"{k.value}-{p}" for k, p in CASES]


def _keeps_with_next(paragraph: Paragraph) -> bool:
    direct = paragraph.paragraph_format.keep_with_next
    if direct is not None:
        return direct
    style = paragraph.style
    while style is not None:
        if style.paragraph_format.keep_with_next is not None:
            return bool(style.paragraph_format.keep_with_next)
        style = style.base_style
    return False


def _row_flags(table: Table) -> list[tuple[bool, bool]]:
    """Return (cannot split, repeats as header) for each row of ``table``."""
    flags = []
    for row in table.rows:
        tr_pr = row._tr.trPr
        flags.append(
            (
                tr_pr is not None and tr_pr.find(qn("w:cantSplit")) is not None,
                tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None,
            )
        )
    return flags


@pytest.mark.parametrize(("kind", "place"), CASES, ids=_IDS)
def test_signing_copies_print_no_citation_id_template_hash_or_tool_name(kind: Kind, place: str):
    record_id = sample(kind, place).record.record_id
    for name, doc in rendered(kind, place).items():
        text = docx_text(doc.data)
        version = document_ids(doc.data)["accord.template_version"].split()[-1]
        for hidden in ("Reference:", BATCH, record_id, version, "Accord", "U.S.C.", "C.F.R."):
            assert hidden not in text, f"{name}: {hidden!r} is printed"


@pytest.mark.parametrize(("kind", "place"), CASES, ids=_IDS)
def test_the_ids_are_in_the_documents_custom_properties(kind: Kind, place: str):
    record_id = sample(kind, place).record.record_id
    for doc in rendered(kind, place).values():
        props = document_ids(doc.data)
        assert props["accord.batch_id"] == BATCH
        assert props["accord.record_id"] == record_id
        name, version = props["accord.template_version"].split()
        assert name == doc.type and len(version) == 12


@pytest.mark.parametrize(("kind", "place"), CASES, ids=_IDS)
def test_every_page_has_the_letterhead_and_page_x_of_y(kind: Kind, place: str):
    for name, doc in rendered(kind, place).items():
        section = docx.Document(io.BytesIO(doc.data)).sections[0]
        header = [p.text for p in section.header.paragraphs]
        assert header == ["Northwind Example Co.", "100 Harbor Street, Suite 400, Springfield"]
        footer = section.footer.paragraphs[0]
        fields = [t.text.strip() for t in footer._p.iter(qn("w:instrText"))]
        assert fields == ["PAGE", "NUMPAGES"], name
        assert footer.text == "Page 1 of 1"


def test_the_letter_gives_the_recipients_name_and_address():
    lines = docx_text(rendered(Kind.OFFERS, "US-CA")["offer_letter"].data).splitlines()
    assert lines[2:5] == ["June 1, 2026", "Ana Diaz", "12 Elm Street, Los Angeles, CA"]
    agreement = docx_text(rendered(Kind.SEPARATIONS, "US-MN")["separation_agreement"].data)
    assert "48 Cedar Lane, Minneapolis, MN" in agreement.splitlines()[2:5]


def test_a_letter_without_an_address_gives_only_the_name():
    lines = docx_text(rendered(Kind.OFFERS, "US-TX")["offer_letter"].data).splitlines()
    assert lines[2:5] == ["June 1, 2026", "Ana Diaz", "= Offer of employment"]


def test_the_offers_closing_keeps_with_its_signature_table():
    """Montana's offer split its signature block across pages: from "Your answer" on, every
    paragraph keeps with the next, and the table's rows keep together."""
    document = docx.Document(io.BytesIO(rendered(Kind.OFFERS, "US-MT")["offer_letter"].data))
    body = list(document.element.body.iterchildren())
    start = next(i for i, e in enumerate(body) if Paragraph(e, document).text == "Your answer")
    table_at = next(i for i, e in enumerate(body) if e.tag == qn("w:tbl") and i > start)
    closing = [Paragraph(e, document) for e in body[start:table_at] if e.tag == qn("w:p")]
    assert [p.text for p in closing][-3:] == [
        "VP, People Operations, Northwind Example Co.",
        "Signatures",
        "I accept this offer on the terms above.",
    ]
    assert all(_keeps_with_next(p) for p in closing)
    table = Table(body[table_at], document)
    for row in table.rows[:-1]:
        assert all(_keeps_with_next(p) for c in row.cells for p in c.paragraphs)


@pytest.mark.parametrize(("kind", "place"), CASES, ids=_IDS)
def test_table_rows_cannot_split_and_header_rows_repeat(kind: Kind, place: str):
    for name, doc in rendered(kind, place).items():
        document = docx.Document(io.BytesIO(doc.data))
        for table in document.tables:
            flags = _row_flags(table)
            assert all(cant_split for cant_split, _ in flags), name
            header = [c.text for c in table.rows[0].cells]
            if header[0] in ("Name", "Concern", "Action", "Job title"):
                assert flags[0][1], f"{name}: {header} does not repeat on a new page"
                assert all(_keeps_with_next(p) for c in table.rows[0].cells for p in c.paragraphs)


@pytest.mark.parametrize(("kind", "place"), CASES, ids=_IDS)
def test_no_heading_can_end_a_page(kind: Kind, place: str):
    for name, doc in rendered(kind, place).items():
        document = docx.Document(io.BytesIO(doc.data))
        for paragraph in document.paragraphs:
            if paragraph.style is not None and paragraph.style.name.startswith("Heading"):
                assert _keeps_with_next(paragraph), f"{name}: {paragraph.text}"


def test_a_logo_named_in_company_yaml_heads_every_page(tmp_path: Path):
    root = tmp_path / "templates"
    shutil.copytree(TEMPLATES_DIR, root)
    Image.new("RGB", (120, 40), "navy").save(root / "logo.png")
    company = root / "company.yaml"
    company.write_text(company.read_text("utf-8") + "logo: logo.png\n", encoding="utf-8")
    s = sample(Kind.OFFERS, "US-TX")
    docs = DocumentSet(Kind.OFFERS, root).render(s.record, s.det, BATCH, AS_OF)
    for doc in docs:
        header = docx.Document(io.BytesIO(doc.data)).sections[0].header
        assert header.paragraphs[0]._p.xpath(".//w:drawing"), doc.name
        assert [p.text for p in header.paragraphs[1:]] == [
            "Northwind Example Co.",
            "100 Harbor Street, Suite 400, Springfield",
        ]


def test_a_missing_logo_file_is_a_config_error_naming_the_line(tmp_path: Path):
    root = tmp_path / "templates"
    shutil.copytree(TEMPLATES_DIR, root)
    company = root / "company.yaml"
    company.write_text(company.read_text("utf-8") + "logo: missing.png\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        DocumentSet(Kind.OFFERS, root)
    assert str(caught.value) == (
        f"{company}: logo 'missing.png' is not a file in {root}. Put the image there (PNG or "
        "JPEG), or remove the logo line."
    )
