"""Small synthetic batches for tracker tests: entries as render_chunk writes them, and batch folders."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from accord.batch import write_json
from accord.records import Kind
from accord.tracker import Provenance, write_batch_tracker

AS_OF = date(2026, 6, 1)  # a Monday


def entry(
    record_id: str,
    *,
    name: str = "Test Person",
    owner: str = "Owner A",
    terms: dict[str, Any] | None = None,
    findings: list[dict[str, str]] | None = None,
    documents: tuple[str, ...] = ("offer_letter",),
    place: tuple[str, ...] = ("US-CA", "US"),
    row: int = 2,
) -> dict[str, Any]:
    """Return one record entry shaped like the ones in work/chunk-*.json."""
    return {
        "row": row,
        "record_id": record_id,
        "jurisdiction": list(place),
        "terms": terms if terms is not None else {"respond_by": "2026-06-05"},
        "findings": findings or [],
        "documents": [
            {"type": t, "path": f"documents/{record_id}/{t}.docx", "sha256": "0" * 64}
            for t in documents
        ],
        "name": name,
        "owner": owner,
    }


def provenance(batch_id: str, kind: Kind, source: str, as_of: date = AS_OF) -> Provenance:
    """Return a batch's provenance with fixed versions."""
    return Provenance(batch_id, kind.value, source, "a" * 64, as_of, "rules-1", "templates-1")


def batch(
    out: Path,
    batch_id: str,
    entries: list[dict[str, Any]],
    *,
    kind: Kind = Kind.OFFERS,
    source: str = "offers_june.xlsx",
    as_of: date = AS_OF,
) -> Path:
    """Return a published batch folder in ``out`` with tracker.xlsx and manifest.json."""
    folder = out / batch_id
    folder.mkdir(parents=True)
    write_batch_tracker(
        folder / "tracker.xlsx", kind, entries, provenance(batch_id, kind, source, as_of)
    )
    manifest = {
        "batch_id": batch_id,
        "kind": kind.value,
        "input": {"name": source, "sha256": "a" * 64, "sheet": "Sheet1"},
        "as_of": as_of.isoformat(),
        "rules_version": "rules-1",
        "templates_version": "templates-1",
        "records": [{k: v for k, v in e.items() if k not in ("name", "owner")} for e in entries],
        "rejected": [],
    }
    write_json(folder / "manifest.json", manifest)  # as publishing writes it
    return folder
