"""Review copies per variant and ``review/index.xlsx``, gathered while the manifest is written.

In a batch of 10,000 offers most letters share the same legal content; counsel reads each
distinct variant (a document type with one ordered set of clauses and wording) once. The copies
are made from each variant's first record's signing copy, already rendered, so a batch writes one
.docx per variant however many records it has.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from accord.jurisdictions import load_rules

INDEX_HEADERS = [
    "Document type",
    "Variant",
    "Places",
    "Clauses",
    "Documents",
    "First record",
    "Review copy",
]
RECORD_HEADERS = ["Record ID", "Document type", "Variant", "Place"]


@dataclass
class Variant:
    """One variant of the batch: its clauses, the records it covers and where they work."""

    type: str
    id: str
    clauses: list[dict[str, Any]]
    first_record: str
    first_path: str
    records: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)

    @property
    def file_name(self) -> str:
        """Return the review copy's file name, ``<type>__<variant>.docx``."""
        return f"{self.type}__{self.id}.docx"


@dataclass
class Variants:
    """The variants of a batch in the order their first records appear."""

    found: dict[tuple[str, str], Variant] = field(default_factory=dict)
    rows: list[tuple[str, str, str, str]] = field(default_factory=list)

    def add(self, entry: dict[str, Any]) -> None:
        """Count the documents of one manifest entry under their variants."""
        place = entry["jurisdiction"][0] if entry.get("jurisdiction") else ""
        for doc in entry["documents"]:
            if not doc.get("variant"):
                continue
            key = (doc["type"], doc["variant"])
            variant = self.found.get(key)
            if variant is None:
                variant = Variant(
                    doc["type"], doc["variant"], doc["clauses"], entry["record_id"], doc["path"]
                )
                self.found[key] = variant
            variant.records.append(entry["record_id"])
            if place not in variant.places:
                variant.places.append(place)
            self.rows.append((entry["record_id"], doc["type"], doc["variant"], place))

    @property
    def documents(self) -> int:
        """Return how many documents the variants cover."""
        return sum(len(v.records) for v in self.found.values())

    def line(self) -> str:
        """Return the summary's line, "N variants cover M documents"."""
        n = len(self.found)
        return f"{n} variant{'' if n == 1 else 's'} cover{'s' if n == 1 else ''} " + _documents(
            self.documents
        )


def _documents(count: int) -> str:
    return f"{count} document{'' if count == 1 else 's'}"


def rule_facts() -> dict[str, str]:
    """Return "PLACE/rule_id" -> "in force from D (to D), confidence C" for every rule."""
    facts = {}
    for place in load_rules().places.values():
        for rule in place.rules:
            since = rule.since()
            since = since if since.startswith("in force") else f"in force {since}"
            until = f" to {rule.effective_to.isoformat()}" if rule.effective_to else ""
            facts[f"{place.id}/{rule.id}"] = f"{since}{until}, confidence {rule.confidence}"
    return facts


def write_review(batch_dir: Path, variants: Variants, as_of: date) -> int:
    """Write ``review/<type>__<variant>.docx`` for each variant and ``review/index.xlsx``;
    return how many review copies were written (none, and no folder, without variants)."""
    if not variants.found:
        return 0
    from accord.documents.review import review_copy  # python-docx only in the manifest step

    folder = batch_dir / "review"
    folder.mkdir(exist_ok=True)
    facts = rule_facts()
    for v in variants.found.values():
        note = (
            f"Review copy for counsel, not for signing. Variant {v.id} of {v.type}: "
            f"{_documents(len(v.records))} in {', '.join(v.places)}; "
            f"text of record {v.first_record}."
        )
        data = review_copy((batch_dir / v.first_path).read_bytes(), v.clauses, facts, note, as_of)
        (folder / v.file_name).write_bytes(data)
    _write_index(folder / "index.xlsx", variants)
    return len(variants.found)


def _write_index(path: Path, variants: Variants) -> None:
    # The trackers' streaming writer: a 10,000-row Records sheet costs a fraction of a second.
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    from accord.xlsx.view import freeze_header
    from accord.xlsx.writer import Link, SheetWriter, save_workbook

    wb = Workbook(write_only=True)
    sheets = []
    for title, headers, widths in (
        ("Variants", INDEX_HEADERS, (22, 12, 24, 80, 11, 14, 40)),
        ("Records", RECORD_HEADERS, (16, 22, 12, 16)),
    ):
        sheet = SheetWriter(wb, title)
        for col, width in enumerate(widths, start=1):
            sheet.ws.column_dimensions[get_column_letter(col)].width = width
        freeze_header(sheet.ws)
        sheet.append(headers, [sheet.header_style] * len(headers))
        sheets.append(sheet)
    for v in variants.found.values():
        sheets[0].append(
            [
                v.type,
                v.id,
                ", ".join(v.places),
                ", ".join(c["id"] for c in v.clauses),
                len(v.records),
                v.first_record,
                Link(v.file_name, v.file_name),
            ]
        )
    for values in variants.rows:
        sheets[1].append(list(values))
    for sheet in sheets:
        sheet.filter_all()
    save_workbook(wb, path, sheets)
