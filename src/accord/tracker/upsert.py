"""One streaming pass of the master tracker: read the old workbook row by row, write the new one.

A batch's rows wait in a temporary SQLite file keyed by record id (:mod:`.updates`), so that each master
row finds its update without the batch being held in memory; each sheet is rewritten through
:class:`.master_sheet.MasterSheet`. Rows keep their order: updated records stay where they
are and new ones follow at the end. What a row's cells held, their formatting, their links, the columns
and sheets HR added, and column widths and hidden columns are copied; Accord's look (dropdown,
highlighting, frozen header, filter) is put back on its sheets every time.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from accord.records import Kind
from accord.tracker.batch_tracker import column_width
from accord.tracker.identity import BATCHES, conflict_note, kind_sheets
from accord.tracker.layout import (
    ACCORD_STATUSES,
    AS_OF,
    BATCH,
    HR_OWNED,
    KIND,
    NAME,
    NOTES,
    PRESENT,
    RECORD_ID,
    RULES,
    SOURCE,
    STATUS,
    TEMPLATES,
    sheet_title,
)
from accord.tracker.master_sheet import MasterSheet, accord_look, relink
from accord.tracker.sheet import HOLIDAYS, MAX_WIDTH, value_width, write_holidays
from accord.tracker.updates import Unavailable, Update
from accord.xlsx.reader import SourceWorkbook
from accord.xlsx.writer import SheetWriter, save_workbook

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


def _merge_sheet(
    wb: Workbook, source: SourceWorkbook | None, update: Update, title: str
) -> SheetWriter:
    sheet = MasterSheet.open(wb, source, title)
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
                value = relink(fixed.get(header, row.get(header)), prov.batch_id)
                values[at[header]] = value
                if accord_look(value):
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
            values[at[header]] = relink(fixed.get(header, row.get(header)), prov.batch_id)
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
    sheet = MasterSheet.open(wb, source, BATCHES)
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
    sheet = MasterSheet.open(wb, source, title)
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
        # The Holidays sheet is Accord's: written anew for this update, never copied.
        titles = [t for t in source.titles if t != HOLIDAYS] if source else []
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
        sheets.append(write_holidays(wb, update.provenance.as_of))
        save_workbook(wb, out, sheets)
    finally:
        if source is not None:
            source.close()
