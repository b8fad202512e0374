"""The batch tracker ``tracker.xlsx``: one row per record with its documents, deadlines and status.

The rows come from the rendered records' entries (id, name, owner, place, terms, findings and
documents). An ``About`` sheet carries the batch's provenance, so that the tracker alone (or a copy
of it kept aside for the master tracker) says which batch, rules and templates produced it.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from accord.batch import read_chunk
from accord.jurisdictions.names import chain_name
from accord.jurisdictions.terms import TERM_HEADERS
from accord.records import Kind
from accord.tracker.held_rows import holding
from accord.tracker.layout import (
    AS_OF,
    BATCH,
    FINDINGS,
    KIND,
    NAME,
    NEXT_ACTION,
    OWNER,
    PLACE,
    PREVIOUS,
    RECORD_ID,
    REDLINE,
    SEVERITY,
    SOURCE,
    STATUS,
    VERSION,
    check_in_header,
    document_header,
    header_map,
    headers_for,
    sheet_title,
)
from accord.tracker.next_action import suggest
from accord.tracker.sheet import (
    MAX_WIDTH,
    add_rules,
    value_width,
    write_holidays,
)
from accord.xlsx.reader import SourceCell, SourceWorkbook
from accord.xlsx.view import freeze_header, print_setup
from accord.xlsx.writer import Link, SheetWriter, save_workbook

ABOUT = "About"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SEVERITY_ORDER = ("error", "warning", "info")
_FINDING_WORDS = 100  # characters of a finding's first sentence shown in the Findings column
_ABOUT_LABELS = {
    "batch_id": "Batch",
    "kind": "Kind",
    "source": "Source file",
    "input_sha256": "Input sha256",
    "as_of": "Rules as of",
    "rules_version": "Rules version",
    "templates_version": "Templates version",
    "columns_to_check": "Columns to check",
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
    # Headers close to a column Accord reads but not recognised (one per line); empty when none.
    columns_to_check: str = ""

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
            columns_to_check="\n".join(manifest.get("near_misses", [])),
        )


@dataclass(frozen=True)
class BatchRows:
    """A batch tracker read back: its provenance, its headers in order, and its rows."""

    provenance: Provenance
    headers: list[str]
    rows: list[dict[str, Any]]


def _term(value: Any) -> Any:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, str) and _ISO_DATE.match(value):
        return date.fromisoformat(value)
    return value


def finding_words(finding: dict[str, Any]) -> str:
    """Return a finding as HR reads it: its message's first sentence and severity, no code.

    Long sentences are cut at a word, with an ellipsis: the summary and the review copies carry
    the whole message.
    """
    message = str(finding.get("message") or finding.get("code") or "").strip()
    first = re.split(r"(?<=[.;])\s", message, maxsplit=1)[0].rstrip(".;")
    if len(first) > _FINDING_WORDS:
        first = first[:_FINDING_WORDS].rsplit(" ", 1)[0].rstrip(",;:") + "\u2026"
    return f"{first} ({finding['severity']})"


def document_column(doc: dict[str, Any]) -> str:
    """Return the link column of one document entry: one column per document of the set."""
    # posixpath, not Path: three of these per row, and a Path costs ten times the string work.
    return document_header(posixpath.splitext(posixpath.basename(doc["path"]))[0], doc["type"])


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
        STATUS: "Awaiting approval",  # until counsel decides (accord.approval)
        NEXT_ACTION: "",
        FINDINGS: "; ".join(finding_words(f) for f in findings),
        SEVERITY: _severity(findings),
        PLACE: chain_name(entry.get("jurisdiction") or []),
        KIND: kind.value,
        BATCH: provenance.batch_id,
        SOURCE: provenance.source,
        AS_OF: provenance.as_of,
    }
    for key, header in TERM_HEADERS[kind]:
        row[header] = _term(terms.get(key))
    for n, day in enumerate(terms.get("check_ins") or [], start=1):
        row[check_in_header(n)] = _term(day)
    for doc in entry.get("documents") or []:
        row[document_column(doc)] = Link("Open", doc["path"])
    row[VERSION] = int(entry.get("version") or 1)
    row[PREVIOUS] = (entry.get("previous") or {}).get("batch_id", "")
    if entry.get("redline"):
        row[REDLINE] = Link("Open", entry["redline"])
    # Written by `accord follow-up` once the record is Signed; the link works from then on.
    for doc in entry.get("follow_up_documents") or []:
        row.setdefault(document_column(doc), Link("Written when signed", doc["path"]))
    row[NEXT_ACTION] = suggest(row)
    return row


class ChunkEntries:
    """The record entries of a batch's staging chunk files, read one file at a time.

    Iterating twice reads the files twice: the batch tracker makes one pass to size its columns and
    one to write, so only one chunk's entries are in memory at once.
    """

    def __init__(self, paths: Iterable[Path]) -> None:
        self.paths = sorted(paths)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for path in self.paths:
            yield from read_chunk(path)["records"]


def chunk_entries(paths: Iterable[Path]) -> ChunkEntries:
    """Return the entries of the chunk files at ``paths`` (``work/chunk-*.jsonl``), in file order."""
    return ChunkEntries(paths)


@dataclass
class _Shape:
    """What the first pass learns: check-ins and document types (the second, the widest value per
    header, as it writes)."""

    check_ins: int = 0
    documents: dict[str, None] = field(default_factory=dict)
    widths: dict[str, int] = field(default_factory=dict)
    rows: int = 0


def _shape(kind: Kind, entries: Iterable[dict[str, Any]], prov: Provenance) -> _Shape:
    shape = _Shape()
    for entry in entries:
        shape.rows += 1
        shape.check_ins = max(
            shape.check_ins, len((entry.get("terms") or {}).get("check_ins") or [])
        )
        for doc in [*(entry.get("documents") or []), *(entry.get("follow_up_documents") or [])]:
            shape.documents.setdefault(document_column(doc), None)
        if entry.get("redline"):
            shape.documents.setdefault(REDLINE, None)
    return shape


def column_width(header: str, widest: int) -> int:
    """Return a column's width: its header or widest value, plus a margin, at most MAX_WIDTH."""
    return min(max(len(header), widest) + 2, MAX_WIDTH)


def write_batch_tracker(
    path: Path,
    kind: Kind,
    entries: Iterable[dict[str, Any]],
    provenance: Provenance | None = None,
    held: Path | None = None,
) -> int:
    """Write ``tracker.xlsx`` at ``path`` with one row per record entry; return the row count.

    ``entries`` is read twice (once to find its columns, once to write and size them), so a list
    or a :class:`ChunkEntries` keeps memory flat; a one-shot iterator is read into a list first.
    With ``held``, the rows are also kept there for the master merge (:mod:`.held_rows`).
    """
    if iter(entries) is entries:
        entries = list(entries)
    prov = provenance or Provenance(batch_id=path.parent.name, kind=kind.value)
    shape = _shape(kind, entries, prov)
    headers = headers_for(kind, shape.check_ins, list(shape.documents))
    wb = Workbook(write_only=True)
    sheet = SheetWriter(wb, sheet_title(kind))
    positions = {h: i for i, h in enumerate(headers, start=1)}
    for header in positions:
        add_rules(sheet.ws, header, positions)
    freeze_header(sheet.ws)
    print_setup(sheet.ws)
    sheet.append(headers, [sheet.header_style] * len(headers))
    widths = shape.widths
    with holding(held, headers) as kept:
        for entry in entries:
            row = tracker_row(kind, entry, prov)
            values = [row.get(h) for h in headers]
            sheet.append(values)
            if kept is not None:
                kept.add(values)
            for header, value in row.items():
                width = value_width(value)
                if width > widths.get(header, 0):
                    widths[header] = width
        # openpyxl writes the column widths when the workbook is saved: sized to the rows written.
        sized = {h: column_width(h, widths.get(h, 0)) for h in positions}
        for header, col in positions.items():
            sheet.ws.column_dimensions[get_column_letter(col)].width = sized[header]
        sheet.filter_all()
        about = _about_sheet(wb, kind, prov)
        save_workbook(wb, path, [sheet, about, write_holidays(wb, prov.as_of)])
        if kept is not None:
            kept.close({h: float(w) for h, w in sized.items()}, path)
    return shape.rows


def _about_sheet(wb: Workbook, kind: Kind, prov: Provenance) -> SheetWriter:
    about = SheetWriter(wb, ABOUT)
    about.ws.column_dimensions["A"].width = 20
    about.ws.column_dimensions["B"].width = 70
    about.append(["Field", "Value"])
    wrapped = about.style(alignment=Alignment(wrap_text=True, vertical="top"))
    for f in fields(Provenance):
        value = getattr(prov, f.name) or (kind.value if f.name == "kind" else None)
        if f.name == "columns_to_check" and value:
            # Sentences, one per line: wrapped in a row tall enough (70 characters a line).
            lines = sum(-(-len(line) // 70) for line in str(value).splitlines())
            about.append([_ABOUT_LABELS[f.name], value], [None, wrapped], height=str(15 * lines))
            continue
        about.append([_ABOUT_LABELS[f.name], value])
    return about


def read_batch_tracker(path: Path) -> BatchRows:
    """Return a batch tracker's provenance and rows, read back from ``path``."""
    with SourceWorkbook(path) as source:
        prov, headers, rows = batch_rows(source)
        return BatchRows(prov, headers, list(rows))


def _cell(cells: list[SourceCell | None], index: int) -> Any:
    cell = cells[index] if index < len(cells) else None
    value = None if cell is None else cell.value
    return value.date() if isinstance(value, datetime) else value


def batch_rows(
    source: SourceWorkbook,
) -> tuple[Provenance, list[str], Iterator[dict[str, Any]]]:
    """Return a batch tracker's provenance, headers and rows (read as they are iterated)."""
    values: dict[str, Any] = {}
    if ABOUT in source.titles:
        labels = {label: name for name, label in _ABOUT_LABELS.items()}
        for _, cells in source.values(ABOUT):
            label = cells[0].value if cells and cells[0] else None
            if label in labels and len(cells) > 1 and cells[1] is not None:
                values[labels[label]] = cells[1].value
    as_of = values.pop("as_of", None)
    clean = {k: "" if v is None else str(v) for k, v in values.items()}
    day = as_of.date() if isinstance(as_of, datetime) else None
    prov = Provenance(as_of=day, **{"batch_id": "", **clean})
    title = source.titles[0]
    rows = source.values(title)  # values only: calamine, several times faster
    first = next(rows, None)
    header_cells = first[1] if first else []
    positions = [(h, col - 1) for h, col in header_map(header_cells).items()]
    headers = [h for h, _ in positions]

    def records() -> Iterator[dict[str, Any]]:
        for _, cells in rows:
            row = {h: _cell(cells, i) for h, i in positions}
            if any(v not in (None, "") for v in row.values()):
                yield row

    return prov, headers, records()
