"""Custom document properties: the ids a signing copy carries without printing them.

Every template holds ``docProps/custom.xml`` with ``accord.batch_id``, ``accord.record_id`` and
``accord.template_version``, filled per record by the renderer. Word shows them under File >
Properties > Advanced; the page shows none of them. Reading the part is file format
(:func:`accord.ooxml.properties.custom_properties`); the names are Accord's and live here.
"""

from __future__ import annotations

from accord.ooxml.properties import custom_properties

IDS = ("accord.batch_id", "accord.record_id", "accord.template_version")


def document_ids(data: bytes) -> dict[str, str]:
    """Return the Accord ids (:data:`IDS`) the .docx ``data`` carries, by name; those it lacks
    are left out.

    Example: ``document_ids(doc.data)["accord.record_id"]`` is the record the document is for.
    """
    found = custom_properties(data)
    return {name: found[name] for name in IDS if name in found}
