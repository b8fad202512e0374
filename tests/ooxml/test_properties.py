"""Document properties: fixed creation marks in core.xml, custom properties read by name."""

from __future__ import annotations

import io
from pathlib import Path

import docx
from lxml import etree

from accord.ooxml.properties import (
    FIXED_AUTHOR_OF_CHANGES,
    FIXED_CREATED,
    custom_properties,
    fix_core_properties,
)
from tests.conftest import REPO

DC = "{http://purl.org/dc/elements/1.1/}"
DCTERMS = "{http://purl.org/dc/terms/}"
CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
EMPTY_CORE = (
    b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    b'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"/>'
)


def test_missing_dates_are_added_as_w3c_dates() -> None:
    root = etree.fromstring(fix_core_properties(EMPTY_CORE))
    assert root.findtext(f"{DCTERMS}created") == FIXED_CREATED
    assert root.findtext(f"{DCTERMS}modified") == FIXED_CREATED
    assert root.findtext(f"{CP}lastModifiedBy") == FIXED_AUTHOR_OF_CHANGES
    xsi_type = "{http://www.w3.org/2001/XMLSchema-instance}type"
    assert root.find(f"{DCTERMS}created").get(xsi_type) == "dcterms:W3CDTF"


def test_given_texts_are_set_as_the_property_text() -> None:
    root = etree.fromstring(fix_core_properties(EMPTY_CORE, {f"{DC}title": "Offer & terms"}))
    assert root.findtext(f"{DC}title") == "Offer & terms"


def test_custom_properties_are_read_by_name() -> None:
    data = (REPO / "templates" / "offer_letter" / "offer_letter.docx").read_bytes()
    found = custom_properties(data)
    assert found["accord.record_id"] == "{{ record_id }}"
    assert set(found) == {"accord.batch_id", "accord.record_id", "accord.template_version"}


def test_a_package_without_custom_properties_has_none(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    assert custom_properties(buffer.getvalue()) == {}
