"""E-signature text tags sit, in white, at every signature and date field."""

from __future__ import annotations

import io

import docx
import pytest
from docx.shared import RGBColor

from accord.documents.esign import signer_tags
from accord.errors import UsageError
from accord.records import Kind
from tests.documents.conftest import rendered

TAGS = {
    "docusign": ("/sn1/", "/ds1/", "/sn2/", "/ds2/"),
    "dropbox": (
        "[sig|req|signer1]",
        "[date|req|signer1]",
        "[sig|req|signer2]",
        "[date|req|signer2]",
    ),
    "adobe": (
        "{{Sig_es_:signer1:signature}}",
        "{{Dte_es_:signer1:date}}",
        "{{Sig_es_:signer2:signature}}",
        "{{Dte_es_:signer2:date}}",
    ),
}


def _tag_runs(data: bytes) -> dict[str, RGBColor | None]:
    document = docx.Document(io.BytesIO(data))
    runs = {}
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for par in cell.paragraphs:
                    for run in par.runs:
                        if run.text.strip():
                            runs[run.text] = run.font.color.rgb
    return runs


@pytest.mark.parametrize("provider", list(TAGS))
@pytest.mark.parametrize("kind", [Kind.OFFERS, Kind.SEPARATIONS])
def test_provider_tags_are_white_at_each_signature_and_date_field(kind: Kind, provider: str):
    for name, doc in rendered(kind, "US-CA", provider).items():
        if name in ("appreciation_letter", "negotiation_summary"):
            continue
        runs = _tag_runs(doc.data)
        for tag in TAGS[provider]:
            assert runs.get(tag) == RGBColor(0xFF, 0xFF, 0xFF), (name, tag)


def test_the_negotiation_summary_is_not_signed():
    """It is HR's and counsel's record of the close, not part of the agreement."""
    runs = _tag_runs(rendered(Kind.OFFERS, "US-CA", "docusign")["negotiation_summary"].data)
    assert not any("signer" in text for text in runs)


def test_the_mediator_signs_a_staff_agreement_as_third_signer():
    runs = _tag_runs(rendered(Kind.AGREEMENTS, "US-TX", "dropbox")["staff_agreement"].data)
    assert "[sig|req|signer3]" in runs
    assert "[date|req|signer3]" in runs


def test_without_a_provider_no_tag_is_printed():
    runs = _tag_runs(rendered(Kind.OFFERS, "US-TX")["offer_letter"].data)
    assert not any(t.startswith(("/sn", "[sig", "{{")) for t in runs)


def test_an_unknown_provider_is_a_usage_error():
    with pytest.raises(UsageError) as caught:
        signer_tags("hellosign")
    assert str(caught.value) == (
        "E-sign provider 'hellosign' is not supported. Use one of: none, docusign, dropbox, adobe."
    )
