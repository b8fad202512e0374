"""One streaming pass of the master tracker: read the old workbook row by row, write the new one.

A batch's rows wait in a temporary SQLite file keyed by record id, so that each master row finds its
update without the batch being held in memory. Rows keep their order: updated records stay where they
are and new ones follow at the end. What a row's cells held, their formatting, their links, the columns
and sheets HR added, and column widths and hidden columns are copied; Accord's look (dropdown,
highlighting, frozen header, filter) is put back on its sheets every time.
"""

from __future__ import annotations

import json
import pickle
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from accord.batch import iter_json_stream
from accord.errors import AccordError
from accord.records import Kind
from accord.tracker.batch_tracker import Provenance, batch_rows, column_width
from accord.tracker.identity import BATCHES, conflict_note, kind_sheets, same_person
from accord.tracker.layout import (
    ACCORD_STATUSES,
    AS_OF,
    BATCH,
    HR_OWNED,
    KIND,
    NAME,
    NEXT_ACTION,
    NOTES,
    PRESENT,
    RECORD_ID,
    RULES,
    SOURCE,
    STATUS,
    TEMPLATES,
    sheet_title,
)
from accord.tracker.next_action import KEPT_PREFIX, hr_words, suggest
from accord.tracker.sheet import MAX_WIDTH, add_rules, freeze_header, print_setup, value_width
from accord.tracker.supersede import SUPERSEDED
from accord.xlsx.reader import Column, SourceCell, SourceRow, SourceWorkbook
from accord.xlsx.styles import StyleCopier
from accord.xlsx.writer import FORMULA_START, Link, SheetWriter, save_workbook

BATCH_HEADERS = [
    "Batch",
    "Kind",
    "Source file",
    "Input sha256",
    "Rules as of",
    "Rules version",
    "Templates version",
    "Records",
]
_KIND_TITLES = frozenset(sheet_title(k) for k in Kind)
_INSERT = 2000


class Unavailable(AccordError):
    """The master tracker cannot take updates now; ``problem`` and ``fix`` are for HR."""

    def __init__(self, problem: str, fix: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.fix = fix


def with_manifest(prov: Provenance, manifest: Path) -> Provenance:
    """Return the provenance the batch's published manifest gives, else ``prov`` as it is."""
    # The manifest is the authority on provenance (the tracker may lack the as-of date).
    if manifest.is_file() and prov.batch_id in ("", manifest.parent.name):
        # Read one record at a time for the few fields around them: a 100,000-row manifest
        # loaded whole takes hundreds of MB.
        lists = ("records", "rejected", "unchanged")
        head = {k: v for k, v in iter_json_stream(manifest) if k not in lists}
        if "batch_id" not in head:  # not laid out as Accord writes it: read it whole
            head = json.loads(manifest.read_text(encoding="utf-8"))
        return Provenance.from_manifest(head)
    return prov


@dataclass
class Update:
    """One batch tracker's rows, waiting in a table of the temporary database."""

    provenance: Provenance
    kind: Kind
    headers: list[str]
    rows: int
    widths: dict[str, float]
    db: sqlite3.Connection
    number: int
    # record id -> (source file, batch) of a master row that holds another person under that id
    conflicts: dict[str, tuple[str, str]] = field(default_factory=dict)
    # Record ids the batch did not issue again (the values of their last version), or whose row
    # there a later version superseded: the master row is left as it is, still present
    unchanged: frozenset[str] = frozenset()

    def take(
        self, record_id: str, master_row: dict[str, Any] | None = None
    ) -> dict[str, Any] | None:
        """Return the row of ``record_id`` the first time it is asked for; ``None`` after that.

        ``None`` too when ``master_row`` (the master's Name, Source file and Batch) is another
        person: that row is left for :meth:`new_rows`, which keeps it apart and flags it.
        """
        found = self.db.execute(
            "SELECT rowid, data FROM rows WHERE upd = ? AND rid = ? AND seen = 0",
            (self.number, record_id),
        ).fetchone()
        if found is None:
            return None
        row = _loads(found[1])
        if master_row is not None and not same_person(master_row, row):
            where = (str(master_row.get(SOURCE) or ""), str(master_row.get(BATCH) or ""))
            self.conflicts.setdefault(record_id, where)
            return None
        self.db.execute("UPDATE rows SET seen = 1 WHERE rowid = ?", (found[0],))
        self.conflicts.pop(record_id, None)  # another master row of the same id is this person
        return row

    def new_rows(self) -> Iterator[dict[str, Any]]:
        """Return the rows no master row took, in the batch's order."""
        cursor = self.db.execute(
            # rowid follows insertion (an id seen twice keeps its first place), like pos, and
            # needs no sort: ordering by pos made SQLite sort every new row in memory.
            "SELECT data FROM rows WHERE upd = ? AND seen = 0 ORDER BY rowid",
            (self.number,),
        )
        for (data,) in cursor:
            yield _loads(data)


def _loads(data: bytes) -> dict[str, Any]:
    # The temporary database is this process's own, written a moment before and removed after:
    # pickle reads back only what it wrote (and keeps dates and links as they were).
    return dict(pickle.loads(data))  # noqa: S301


@dataclass
class Updates:
    """The temporary database for one master tracker update; use it in a ``with`` block."""

    _dir: tempfile.TemporaryDirectory[str] = field(
        default_factory=lambda: tempfile.TemporaryDirectory(prefix="accord-master-")
    )
    _tables: int = 0

    def __post_init__(self) -> None:
        self.db = sqlite3.connect(Path(self._dir.name) / "rows.db")
        self.db.executescript(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
            "CREATE TABLE rows (upd INT, rid TEXT, pos INT, data BLOB, seen INT DEFAULT 0,"
            " PRIMARY KEY (upd, rid));"
        )

    def __enter__(self) -> Updates:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.db.close()
        self._dir.cleanup()

    def load(self, tracker: Path, manifest: Callable[[Provenance], Path]) -> Update:
        """Return a batch tracker's rows stored for lookup; ``manifest`` locates its manifest."""
        self._tables += 1
        number = self._tables
        insert = (
            "INSERT INTO rows (upd, rid, pos, data) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (upd, rid) DO UPDATE SET data = excluded.data"
        )
        first_kind: Any = None
        count = 0
        pending: list[tuple[int, str, int, bytes]] = []
        with SourceWorkbook(tracker) as source:
            prov, headers, rows = batch_rows(source)
            prov = with_manifest(prov, manifest(prov))
            # The batch tracker sized its columns to these very rows: the master widens to match.
            sized = source.columns(source.titles[0])
            widths = {
                h: sized[col].width or 0.0 for col, h in enumerate(headers, start=1) if col in sized
            }
            superseded: set[str] = set()
            for row in rows:
                count += 1
                first_kind = first_kind if count > 1 else row.get(KIND)
                if str(row.get(STATUS) or "").strip() == SUPERSEDED:
                    # A later version holds the master's row (this batch decided after it).
                    superseded.add(str(row.get(RECORD_ID)))
                    continue
                pending.append((number, str(row.get(RECORD_ID)), count, pickle.dumps(row)))
                if len(pending) >= _INSERT:
                    self.db.executemany(insert, pending)
                    pending.clear()
        self.db.executemany(insert, pending)
        kind = Kind(prov.kind or first_kind)
        same = _unchanged(manifest(prov)) | superseded
        return Update(prov, kind, headers, count, widths, self.db, number, unchanged=same)


def _unchanged(manifest: Path) -> frozenset[str]:
    """Return the record ids the batch's manifest lists as unchanged (none without a manifest)."""
    if not manifest.is_file():
        return frozenset()
    found = (v for k, v in iter_json_stream(manifest) if k == "unchanged")
    return frozenset(str(entry["record_id"]) for entry in found)


def _relink(value: Any, batch_id: str) -> Any:
    # Batch trackers link relative to their own folder; the master sits one folder up.
    if isinstance(value, Link) and "://" not in value.target and value.target[:1] not in "/#":
        return Link(value.text, f"{batch_id}/{value.target}")
    return value


def _accord_look(value: Any) -> bool:
    # Dates, links and formula-looking text need Accord's own cell style whatever the cell had.
    if isinstance(value, str):
        return value.startswith(FORMULA_START)
    return isinstance(value, Link | date | datetime)


@dataclass
class _Sheet:
    """A sheet being rewritten: the writer, the source's rows and its header positions."""

    writer: SheetWriter
    rows: Iterator[tuple[int, SourceRow]]
    copy: Callable[[int], int]
    header: list[SourceCell | None]
    headers: dict[str, int]
    columns: dict[int, Column]

    @classmethod
    def open(cls, wb: Workbook, source: SourceWorkbook | None, title: str) -> _Sheet:
        writer = SheetWriter(wb, title)
        if source is None or title not in source.titles:
            return cls(writer, iter(()), lambda s: 0, [], {}, {})
        rows = source.rows(title)
        first = next(rows, None)
        header = first[1] if first else []
        headers: dict[str, int] = {}
        for col, cell in enumerate(header, start=1):
            text = "" if cell is None or cell.value is None else str(cell.value).strip()
            if text:
                headers[text] = col  # as header_map: the last of two equal headers counts
        copier = StyleCopier(source, writer)
        return cls(writer, rows, copier, header, headers, source.columns(title))

    def add_headers(self, names: list[str]) -> list[str]:
        """Give ``names`` missing from the header a column each at the end; return those added."""
        added = [n for n in names if n not in self.headers]
        for name in added:
            self.headers[name] = max(len(self.header), *self.headers.values(), 0) + 1
        return added

    @property
    def width(self) -> int:
        """Return the number of columns the sheet has."""
        return max(len(self.header), *self.headers.values(), 0)

    def set_columns(self, widths: dict[str, float]) -> None:
        """Keep the source's widths and hidden columns; widen columns to at least ``widths``."""
        dims = self.writer.ws.column_dimensions
        for col, column in sorted(self.columns.items()):
            if col > self.width:
                continue
            dim = dims[get_column_letter(col)]
            if column.width is not None:
                dim.width = column.width
            if column.hidden:
                dim.hidden = True
        for header, col in self.headers.items():
            wanted = max(column_width(header, 0), widths.get(header, 0.0))
            current = self.columns.get(col)
            if current is None or current.width is None or current.width < wanted:
                dims[get_column_letter(col)].width = wanted

    def look(self) -> None:
        """Put back Accord's dropdown, highlighting and frozen header."""
        for header in self.headers:
            add_rules(self.writer.ws, header, self.headers)
        freeze_header(self.writer.ws)
        print_setup(self.writer.ws)

    def keep_hr_words(self, values: list[Any]) -> None:
        """Move words HR wrote in Next action (when it was HR's column) to the end of Notes."""
        col, notes = self.headers.get(NEXT_ACTION), self.headers.get(NOTES)
        if col is None or notes is None or max(col, notes) > len(values):
            return
        kept = hr_words(values[col - 1])
        if kept is not None:
            before = "" if values[notes - 1] is None else str(values[notes - 1])
            values[notes - 1] = f"{before}\n{KEPT_PREFIX}{kept}".strip()
            values[col - 1] = None

    def suggest(self, values: list[Any]) -> None:
        """Recompute Accord's Next action in a row's ``values`` from its Status and dates."""
        col = self.headers.get(NEXT_ACTION)
        if col is not None and col <= len(values):
            values[col - 1] = suggest({h: values[c - 1] for h, c in self.headers.items()})

    def write_header(self, added: list[str]) -> None:
        """Write the header row: the source's cells as they were, added headers in Accord's style."""
        values, styles = self.cells(self.header)
        for name in added:
            values[self.headers[name] - 1] = name
            styles[self.headers[name] - 1] = self.writer.header_style
        self.writer.append(values, styles)

    def cells(self, cells: list[SourceCell | None]) -> tuple[list[Any], list[int | None]]:
        """Return a source row's values and copied style ids, as wide as the sheet."""
        width = max(self.width, len(cells))
        values: list[Any] = [None] * width
        styles: list[int | None] = [None] * width
        for i, cell in enumerate(cells):
            if cell is not None:
                values[i] = cell.value
                styles[i] = self.copy(cell.style)
        return values, styles

    def finish(self) -> SheetWriter:
        """Filter over every row and column; return the writer for saving."""
        self.writer.columns = max(self.writer.columns, self.width)
        self.writer.filter_all()
        return self.writer


def _merge_sheet(
    wb: Workbook, source: SourceWorkbook | None, update: Update, title: str
) -> SheetWriter:
    sheet = _Sheet.open(wb, source, title)
    if source is not None and title in source.titles and RECORD_ID not in sheet.headers:
        raise Unavailable(
            f"Sheet {title} of the master tracker has no '{RECORD_ID}' column.",
            f"put the '{RECORD_ID}' header back in row 1 and the next run applies them",
        )
    added = sheet.add_headers([*update.headers, PRESENT])
    sheet.set_columns(update.widths)
    sheet.look()
    sheet.write_header(added)
    prov = update.provenance
    fixed = {BATCH: prov.batch_id, SOURCE: prov.source, AS_OF: prov.as_of, KIND: update.kind.value}
    fixed |= {RULES: prov.rules_version, TEMPLATES: prov.templates_version}
    fixed = {k: v for k, v in fixed.items() if v}
    at = {
        h: sheet.headers[h] - 1
        for h in [*update.headers, PRESENT, SOURCE, BATCH, RECORD_ID, STATUS]
    }
    if NAME in sheet.headers:
        at[NAME] = sheet.headers[NAME] - 1
    refreshed = [h for h in update.headers if h not in HR_OWNED]
    missing = f"No: not in {prov.batch_id}"
    for _, cells in sheet.rows:
        values, styles = sheet.cells(cells)
        sheet.keep_hr_words(values)
        rid = values[at[RECORD_ID]]
        known = {h: values[at[h]] for h in (NAME, SOURCE, BATCH) if h in at}
        row = update.take(str(rid), known) if rid not in (None, "") else None
        if row is not None:
            for header in refreshed:
                value = _relink(fixed.get(header, row.get(header)), prov.batch_id)
                values[at[header]] = value
                if _accord_look(value):
                    styles[at[header]] = None
            # Status is HR's, except the approval statuses Accord sets while HR has not moved on.
            if str(values[at[STATUS]] or "").strip() in ACCORD_STATUSES | {""}:
                values[at[STATUS]] = row.get(STATUS) or values[at[STATUS]]
            values[at[PRESENT]] = "Yes"
        elif rid not in (None, ""):
            same_file = values[at[SOURCE]] == prov.source
            if same_file and values[at[BATCH]] != prov.batch_id and rid not in update.unchanged:
                values[at[PRESENT]] = missing
        sheet.suggest(values)
        sheet.writer.append(values, styles, cells.height, cells.hidden)
    for row in update.new_rows():
        values = [None] * sheet.width
        for header in update.headers:
            values[at[header]] = _relink(fixed.get(header, row.get(header)), prov.batch_id)
        values[at[PRESENT]] = "Yes"
        sheet.suggest(values)
        clash = update.conflicts.get(str(row.get(RECORD_ID)))
        if clash is not None and NOTES in at:
            values[at[NOTES]] = conflict_note(str(row.get(RECORD_ID)), *clash)
            notes = sheet.writer.ws.column_dimensions[get_column_letter(at[NOTES] + 1)]
            notes.width = max(notes.width or 0, MAX_WIDTH)  # the note is read, not cut off
        sheet.writer.append(values)
    return sheet.finish()


def _batches_sheet(wb: Workbook, source: SourceWorkbook | None, update: Update) -> SheetWriter:
    sheet = _Sheet.open(wb, source, BATCHES)
    added = sheet.add_headers(BATCH_HEADERS) if not sheet.header else []
    prov = update.provenance
    entry = [
        prov.batch_id,
        update.kind.value,
        prov.source,
        prov.input_sha256,
        prov.as_of,
        prov.rules_version,
        prov.templates_version,
        update.rows,
    ]
    widths = {
        h: float(column_width(h, value_width(v))) for h, v in zip(BATCH_HEADERS, entry, strict=True)
    }
    sheet.set_columns(widths)
    sheet.look()
    sheet.write_header(added)
    logged = False
    for _, cells in sheet.rows:
        values, styles = sheet.cells(cells)
        if not logged and values and values[0] == prov.batch_id:
            values[: len(entry)] = entry
            styles[: len(entry)] = [None] * len(entry)
            logged = True
        sheet.writer.append(values, styles, cells.height, cells.hidden)
    if not logged:
        sheet.writer.append(entry)
    return sheet.finish()


def _copy_sheet(wb: Workbook, source: SourceWorkbook, title: str, ours: bool) -> SheetWriter:
    sheet = _Sheet.open(wb, source, title)
    sheet.set_columns({})
    ours = ours and RECORD_ID in sheet.headers
    if ours:
        sheet.look()
    sheet.write_header([])
    for _, cells in sheet.rows:
        values, styles = sheet.cells(cells)
        if ours:
            sheet.keep_hr_words(values)
            sheet.suggest(values)
        sheet.writer.append(values, styles, cells.height, cells.hidden)
    if ours:
        return sheet.finish()
    return sheet.writer


def rewrite(current: Path | None, update: Update, out: Path, damaged: Unavailable) -> None:
    """Write at ``out`` the master tracker ``current`` (``None``: none yet) with ``update`` applied.

    Record ids of ``update`` that named another person in the master are left in
    ``update.conflicts`` (both rows are kept, the new one flagged in Notes).

    Raises ``damaged`` when ``current`` cannot be read, and :class:`Unavailable` when a kind's sheet
    lost its record id column.
    """
    source: SourceWorkbook | None = None
    if current is not None:
        try:
            source = SourceWorkbook(current)
        except Exception:  # openpyxl, zipfile and lxml raise many types for a damaged file
            raise damaged from None
    try:
        titles = list(source.titles) if source else []
        kinds = kind_sheets(source)
        kind_title = kinds.get(update.kind, sheet_title(update.kind))
        order = list(titles)
        if kind_title not in order:
            order.insert(order.index(BATCHES) if BATCHES in order else len(order), kind_title)
        if BATCHES not in order:
            order.append(BATCHES)
        wb = Workbook(write_only=True)
        sheets: list[SheetWriter] = []
        try:
            for title in order:
                if title == kind_title:
                    sheets.append(_merge_sheet(wb, source, update, title))
                elif title == BATCHES:
                    sheets.append(_batches_sheet(wb, source, update))
                else:
                    assert source is not None
                    ours = title in kinds.values() or title in _KIND_TITLES
                    sheets.append(_copy_sheet(wb, source, title, ours))
        except BaseException:
            for sheet in sheets:
                sheet.close()
            raise
        save_workbook(wb, out, sheets)
    finally:
        if source is not None:
            source.close()
