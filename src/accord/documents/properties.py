"""Custom document properties: the ids a signing copy carries without printing them.

Every template holds ``docProps/custom.xml`` with ``accord.batch_id``, ``accord.record_id`` and
``accord.template_version``, filled per record by the renderer. Word shows them under File >
Properties > Advanced; the page shows none of them.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

CUSTOM_PART = "docProps/custom.xml"
_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
IDS = ("accord.batch_id", "accord.record_id", "accord.template_version")


def custom_properties(data: bytes) -> dict[str, str]:
    """Return the custom properties of the .docx ``data`` by name; empty when it has none."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        if CUSTOM_PART not in package.namelist():
            return {}
        root = etree.fromstring(package.read(CUSTOM_PART), etree.XMLParser(resolve_entities=False))
    return {str(prop.get("name")): "".join(prop.itertext()) for prop in root.iter(f"{_NS}property")}
