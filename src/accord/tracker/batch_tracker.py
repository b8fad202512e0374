"""The batch tracker ``tracker.xlsx``: one row per record with its documents, deadlines and status.

The rows come from the rendered records' entries (id, name, owner, place, terms, findings and
documents). An ``About`` sheet carries the batch's provenance, so that the tracker alone (or a copy
of it kept aside for the master tracker) says which batch, rules and templates produced it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

from accord.records import Kind
from accord.tracker.layout import (
    AS_OF,
    BATCH,
    FINDINGS,
    KIND,
    NAME,
    NEXT_ACTION,
    OWNER,
    PLACE,
    RECORD_ID,
    RULES,
    SEVERITY,
    SOURCE,
    STATUS,
    TEMPLATES,
    TERM_HEADERS,
    check_in_header,
    document_header,
    headers_for,
    sheet_title,
)
from accord.tracker.sheet import Link, finish_sheet, fit_widths, new_sheet, put, read_rows, save

ABOUT = "About"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SEVERITY_ORDER = ("error", "warning", "info")
_ABOUT_LABELS = {
    "batch_id": "Batch",
    "kind": "Kind",
    "source": "Source file",
    "input_sha256": "Input sha256",
    "as_of": "Rules as of",
    "rules_version": "Rules version",
    "templates_version": "Templates version",
}


@dataclass(frozen=True)
class Provenance:
    """Where a batch's rows came from: batch id, input file, rule and template versions."""

    batch_id: str
    kind: str = ""
    source: str = ""
    input_sha256: str = ""
    as_of: date | None = None
    rules_version: str = ""
    templates_version: str = ""

    @classmethod
    def from_manifest(cls, manifest: dict[str, Any]) -> Provenance:
        """Return the provenance a batch's manifest.json records."""
        return cls(
            batch_id=manifest["batch_id"],
            kind=manifest["kind"],
            source=manifest["input"]["name"],
            input_sha256=manifest["input"]["sha256"],
            as_of=date.fromisoformat(manifest["as_of"]),
            rules_version=manifest["rules_version"],
            templates_version=manifest["templates_version"],
        )


@dataclass(frozen=True)
class BatchRows:
    """A batch tracker read back: its provenance, its headers in order, and its rows."""

    provenance: Provenance
    headers: list[str]
    rows: list[dict[str, Any]]


def _term(value: Any) -> Any:
    if isinstance(value, str) and _ISO_DATE.match(value):
        return date.fromisoformat(value)
    return value


def _next_action(kind: Kind, terms: dict[str, Any]) -> str:
    """Return the first thing to do for a new record; HR rewrites it as things move."""
    due = {
        Kind.OFFERS: ("Send the offer for signature", "answer due", "respond_by"),
        Kind.SEPARATIONS: ("Send the agreement", "consideration ends", "consider_until"),
        Kind.AGREEMENTS: ("Collect both signatures", "effective", "effective_date"),
    }[kind]
    when = terms.get(due[2])
    return f"{due[0]}; {due[1]} {when}" if when else due[0]


def _severity(findings: list[dict[str, Any]]) -> str:
    present = {f["severity"] for f in findings}
    return next((s for s in _SEVERITY_ORDER if s in present), "")


def tracker_row(kind: Kind, entry: dict[str, Any], provenance: Provenance) -> dict[str, Any]:
    """Return one record's tracker row as header -> value (dates as ``date``, links as Link)."""
    terms = entry.get("terms") or {}
    findings = entry.get("findings") or []
    row: dict[str, Any] = {
        RECORD_ID: str(entry["record_id"]),
        NAME: entry.get("name") or "",
        OWNER: entry.get("owner") or "",
        STATUS: "Draft",
        NEXT_ACTION: _next_action(kind, terms),
        FINDINGS: "; ".join(f"{f['code']} ({f['severity']})" for f in findings),
        SEVERITY: _severity(findings),
        PLACE: " > ".join(entry.get("jurisdiction") or []),
        KIND: kind.value,
        BATCH: provenance.batch_id,
        SOURCE: provenance.source,
        AS_OF: provenance.as_of,
        RULES: provenance.rules_version,
        TEMPLATES: provenance.templates_version,
    }
    for key, header in TERM_HEADERS[kind]:
        row[header] = _term(terms.get(key))
    for n, day in enumerate(terms.get("check_ins") or [], start=1):
        row[check_in_header(n)] = _term(day)
    for doc in entry.get("documents") or []:
        row[document_header(doc["type"])] = Link("Open", doc["path"])
    return row


def _document_types(entries: list[dict[str, Any]]) -> list[str]:
    seen: dict[str, None] = {}
    for entry in entries:
        for doc in entry.get("documents") or []:
            seen.setdefault(doc["type"], None)
    return list(seen)


def write_batch_tracker(
    path: Path, kind: Kind, entries: list[dict[str, Any]], provenance: Provenance | None = None
) -> None:
    """Write ``tracker.xlsx`` at ``path`` with one row per record entry, and an About sheet."""
    prov = provenance or Provenance(batch_id=path.parent.name, kind=kind.value)
    check_ins = max((len(e.get("terms", {}).get("check_ins") or []) for e in entries), default=0)
    headers = headers_for(kind, check_ins, _document_types(entries))
    wb = Workbook()
    wb.remove(wb.active)
    ws = new_sheet(wb, sheet_title(kind), headers)
    rows = [tracker_row(kind, entry, prov) for entry in entries]
    for r, row in enumerate(rows, start=2):
        for c, header in enumerate(headers, start=1):
            put(ws, r, c, row.get(header))
    fit_widths(ws, rows, {h: i for i, h in enumerate(headers, start=1)})
    finish_sheet(ws)
    about = wb.create_sheet(ABOUT)
    about.append(["Field", "Value"])
    for f in fields(Provenance):
        about.append([_ABOUT_LABELS[f.name]])
        value = getattr(prov, f.name) or (kind.value if f.name == "kind" else None)
        put(about, about.max_row, 2, value)
    about.column_dimensions["A"].width = 20
    about.column_dimensions["B"].width = 70
    save(wb, path)


def read_batch_tracker(path: Path) -> BatchRows:
    """Return a batch tracker's provenance and rows, read back from ``path``."""
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    headers = [str(c.value) for c in ws[1] if c.value is not None]
    values: dict[str, Any] = {}
    if ABOUT in wb.sheetnames:
        labels = {label: name for name, label in _ABOUT_LABELS.items()}
        for label, value in wb[ABOUT].iter_rows(min_row=2, max_col=2, values_only=True):
            if label in labels:
                values[labels[label]] = value
    as_of = values.pop("as_of", None)
    clean = {k: "" if v is None else str(v) for k, v in values.items()}
    day = as_of.date() if isinstance(as_of, datetime) else None
    prov = Provenance(as_of=day, **{"batch_id": "", **clean})
    return BatchRows(prov, headers, read_rows(ws))
