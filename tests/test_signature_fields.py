"""Released PDFs: PDF/A-2b from LibreOffice, with one empty signature field per signature line."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from accord import approval, release
from accord.approval import Decision
from accord.signature_fields import signature_fields, signature_lines
from tests.published import copy_of, publish_sample

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Path:
    template = tmp_path_factory.mktemp("published") / "outputs"
    batch_id = publish_sample(template)
    out = copy_of(template, tmp_path_factory.mktemp("released") / "outputs")
    outcome = approval.decide(out, batch_id, Decision("approve except", "R. Counsel", ("C-1002",)))
    release.settle(out, outcome, pdf=True)
    return out / batch_id / "release"


def test_every_released_signing_copy_has_a_pdf_a_2b_copy(released: Path):
    pdfs = sorted(p.relative_to(released).as_posix() for p in released.rglob("*.pdf"))
    docx = sorted(p.relative_to(released).as_posix() for p in released.rglob("*.docx"))
    assert pdfs == [p.replace(".docx", ".pdf") for p in docx]
    assert "C-1002/offer_letter.pdf" not in pdfs
    metadata = PdfReader(released / "C-1001" / "offer_letter.pdf").trailer["/Root"]["/Metadata"]
    xmp = metadata.get_object().get_data().decode()
    assert re.findall(r"<pdfaid:(\w+)>(\w)<", xmp) == [("part", "2"), ("conformance", "B")]


def test_an_offer_letter_has_one_empty_signature_field_per_signature_line(released: Path):
    pdf = released / "C-1001" / "offer_letter.pdf"
    # The candidate's line and the company signer's line.
    assert signature_fields(pdf) == ["Signature 1", "Signature 2"]
    lines = signature_lines(pdf)
    assert len(lines) == 2
    reader = PdfReader(pdf)
    widgets = [a.get_object() for a in reader.pages[lines[0].page]["/Annots"]]
    rects = sorted(tuple(round(float(v)) for v in w["/Rect"]) for w in widgets)
    assert rects == sorted(tuple(round(v) for v in line.rect) for line in lines)
    assert all(w["/F"] == 4 and "/N" in w["/AP"] and "/V" not in w for w in widgets)
