"""Document properties as XML: the core part's fixed dates and marks, and the custom part.

``docProps/core.xml`` holds the creation and modification dates and the last author; they are
the only text in a package that changes from one save to the next, so Accord writes fixed values
(:func:`fix_core_properties`). ``docProps/custom.xml`` holds name/value pairs Word shows under
File > Properties > Advanced and never prints (:func:`custom_properties` reads them).
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

FIXED_CREATED = "1980-01-01T00:00:00Z"
FIXED_AUTHOR_OF_CHANGES = "Accord"
FIXED_REVISION = "1"
CUSTOM_PART = "docProps/custom.xml"
# The package relationship type of docProps/custom.xml.
CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
_CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_DCTERMS = "http://purl.org/dc/terms/"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_CUSTOM_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"


def fix_core_properties(xml: bytes, texts: dict[str, str] | None = None) -> bytes:
    """Return core.xml with the fixed creation and change marks, and `texts` (Clark name to text)
    set as the text of those properties."""
    root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False))
    fixed = {
        f"{{{_CP}}}lastModifiedBy": FIXED_AUTHOR_OF_CHANGES,
        f"{{{_CP}}}revision": FIXED_REVISION,
        f"{{{_DCTERMS}}}created": FIXED_CREATED,
        f"{{{_DCTERMS}}}modified": FIXED_CREATED,
    }
    for clark, text in {**fixed, **(texts or {})}.items():
        element = root.find(clark)
        if element is None:
            element = etree.SubElement(root, clark, nsmap={"dcterms": _DCTERMS, "xsi": _XSI})
            if clark.startswith(f"{{{_DCTERMS}}}"):
                element.set(f"{{{_XSI}}}type", "dcterms:W3CDTF")
        element.text = text
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def custom_properties(data: bytes) -> dict[str, str]:
    """Return the custom properties of the package ``data`` (.docx, .xlsx) by name; empty when it
    has none."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        if CUSTOM_PART not in package.namelist():
            return {}
        root = etree.fromstring(package.read(CUSTOM_PART), etree.XMLParser(resolve_entities=False))
    return {
        str(prop.get("name")): "".join(prop.itertext())
        for prop in root.iter(f"{_CUSTOM_NS}property")
    }
