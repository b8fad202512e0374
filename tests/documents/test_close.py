"""The negotiation summary as HR's and counsel's record: every resolution, sensitive concerns
flagged and kept out of the person's documents, promises the agreement lacks reported."""

from __future__ import annotations

import io

import docx
import pytest

from accord.documents import RenderedDocument
from accord.documents.samples import AS_OF, sample
from accord.documents.text import docx_text
from accord.jurisdictions import determine
from accord.records import Kind, Record
from tests.documents.conftest import CASES, document_set, rendered
from tests.jurisdictions.builders import offer, separation


def _render(record: Record) -> dict[str, RenderedDocument]:
    docs = document_set(record.kind).render(record, determine(record, AS_OF), "b1", AS_OF)
    return {d.name: d for d in docs}


def _concern_rows(doc: RenderedDocument) -> list[list[str]]:
    document = docx.Document(io.BytesIO(doc.data))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Concern")
    return [[c.text for c in row.cells] for row in table.rows]


def test_every_resolution_is_listed_even_without_a_matching_concern():
    record = offer(concerns=("Start date",), resolutions=("Moved start", "Added a laptop stipend"))
    rows = _concern_rows(_render(record)["negotiation_summary"])
    assert rows == [
        ["Concern", "Resolution", "Flag"],
        ["Start date", "Moved start", ""],
        ["(no matching concern recorded)", "Added a laptop stipend", ""],
    ]


def test_a_complaint_is_flagged_and_reported_without_its_words():
    record = separation(
        concerns=("Filed harassment complaint in October",), resolutions=("Referred to counsel",)
    )
    docs = _render(record)
    rows = _concern_rows(docs["negotiation_summary"])
    assert rows[1][2] == "Sensitive (a complaint): internal only"
    found = [f for f in docs["negotiation_summary"].findings if f["code"] == "sensitive_concern"]
    assert [f["message"] for f in found] == [
        "Concern 1 speaks of a complaint: it stays in the negotiation summary (internal) and out "
        "of every document the person receives. Ask counsel whether it needs handling of its own."
    ]
    assert found[0]["severity"] == "warning"


def test_sensitive_concerns_never_reach_a_document_the_person_receives():
    record = offer(
        concerns=("Asked about my current salary", "Needs FMLA leave in May"),
        resolutions=("Explained pay is set by the range", "Start moved to June"),
    )
    docs = _render(record)
    for name, doc in docs.items():
        text = docx_text(doc.data)
        if name == "negotiation_summary":
            assert "Needs FMLA leave in May" in text
        else:
            assert "salary" not in text.replace("salary-history", "") and "FMLA" not in text, name


def test_leaving_the_company_is_not_mistaken_for_leave():
    record = separation(concerns=("Worried about leaving before the bonus",), resolutions=())
    assert _concern_rows(_render(record)["negotiation_summary"])[1][2] == ""


def test_a_promised_reference_the_agreement_lacks_is_a_warning_naming_it():
    found = [
        f
        for f in rendered(Kind.SEPARATIONS, "US-TX")["negotiation_summary"].findings
        if f["code"] == "resolution_not_in_agreement"
    ]
    assert [f["message"] for f in found] == [
        "Resolution 2 promises a reference, which the agreement does not contain. Add it to the "
        "agreement, or tell the person it is not part of it."
    ]


def test_the_summary_is_for_hr_and_counsel_and_has_no_signatures():
    doc = rendered(Kind.OFFERS, "US-TX")["negotiation_summary"]
    text = docx_text(doc.data)
    assert "For HR and counsel; not part of the agreement, which controls." in text
    assert "Signature" not in text and "Acknowledgement" not in text


@pytest.mark.parametrize(("kind", "place"), CASES)
def test_no_concern_or_resolution_reaches_a_document_the_person_receives(kind: Kind, place: str):
    record = sample(kind, place).record
    for name, doc in rendered(kind, place).items():
        if name == "negotiation_summary":
            continue
        text = docx_text(doc.data)
        for said in (*record.concerns, *record.resolutions):
            assert said not in text, (name, said)
