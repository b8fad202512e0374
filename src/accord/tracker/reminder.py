"""Writing the reminder digest: ``follow-ups/<date>.docx`` to read and ``<date>.xlsx`` to filter."""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from accord.approval import Waiting, awaiting
from accord.documents.table import add_table
from accord.ooxml.atomic import write_bytes
from accord.ooxml.xml_text import xml_safe
from accord.tracker.digest import DUE_SOON, OVERDUE, FollowUp, follow_ups, read_master_rows
from accord.tracker.master import MASTER_NAME
from accord.tracker.sheet import finish_sheet, fit_widths, fixed_package, new_sheet, put, save

_COLUMNS = ("Due", "What", "Record ID", "Name", "Kind", "Status", "Next action")
_XLSX_HEADERS = ["Owner", "Urgency", *_COLUMNS]
_WAITING_COLUMNS = ("Batch", "Published", "Waiting", "Records")
_WAITING_SHARES = (0.5, 0.2, 0.15, 0.15)


@dataclass
class DigestReport:
    """What a digest holds, in counts only (safe for Prefect), and where it was written."""

    as_of: str
    overdue: int = 0
    due_soon: int = 0
    owners: int = 0
    records: int = 0
    by_what: dict[str, int] = field(default_factory=dict)
    awaiting_approval: int = 0
    docx: str = ""
    xlsx: str = ""

    def as_dict(self) -> dict[str, object]:
        """Return the report as plain data."""
        return asdict(self)


def _cells(item: FollowUp) -> list[object]:
    return [
        item.due,
        item.what,
        item.record_id,
        item.name,
        item.kind,
        item.status,
        item.next_action,
    ]


def save_docx(document: Any, path: Path) -> None:
    """Save a python-docx document to ``path`` with fixed timestamps, through one rename."""
    buf = io.BytesIO()
    document.save(buf)
    write_bytes(path, fixed_package(buf.getvalue()))


# The Word digest: the kind is a heading, so its columns are these; widths in proportion.
_DOCX_COLUMNS = ("Due", "What", "Record ID", "Name", "Status", "Next action")
_DOCX_SHARES = (1.3, 4.2, 1.9, 3.2, 1.3, 4.1)
_KEEP_WHOLE = (0, 2, 4)  # dates, ids and statuses are never broken mid-token


def _docx_cells(item: FollowUp) -> list[object]:
    return [
        f"{item.due:%b} {item.due.day}",
        item.what,
        item.record_id,
        item.name,
        item.status,
        item.next_action,
    ]


def _write_docx(
    path: Path, items: list[FollowUp], as_of: date, waiting: list[Waiting] | None = None
) -> None:
    from accord.documents.look import company_document, layout_table

    document = company_document(landscape=True)
    document.core_properties.title = f"Follow-ups as of {as_of.isoformat()}"
    document.add_heading(f"Follow-ups as of {as_of:%B} {as_of.day}, {as_of.year}", level=0)
    overdue = sum(i.urgency == OVERDUE for i in items)
    document.add_paragraph(
        f"{overdue} overdue and {len(items) - overdue} due within three business days. "
        "Records marked Complete or Withdrawn in the tracker are left out."
    )
    if not items:
        document.add_paragraph("Nothing is overdue or due soon.")
    if waiting:
        # Issue 18: batches counsel has not decided yet, longest waiting first.
        document.add_heading("Awaiting approval", level=1)
        rows = [[w.batch_id, w.published, f"{w.days} days", w.records] for w in waiting]
        table = add_table(document, _WAITING_COLUMNS, rows)
        layout_table(table, _WAITING_SHARES, keep_whole=(0, 1))
    for owner in sorted({i.owner for i in items}):
        document.add_heading(xml_safe(owner), level=1)
        for kind in sorted({i.kind for i in items if i.owner == owner}):
            document.add_heading(kind.capitalize(), level=2)
            for urgency in (OVERDUE, DUE_SOON):
                mine = [i for i in items if (i.owner, i.kind, i.urgency) == (owner, kind, urgency)]
                if not mine:
                    continue
                document.add_heading(urgency, level=3)
                table = add_table(document, _DOCX_COLUMNS, [_docx_cells(i) for i in mine])
                layout_table(table, _DOCX_SHARES, keep_whole=_KEEP_WHOLE)
    save_docx(document, path)


def _write_xlsx(path: Path, items: list[FollowUp]) -> None:
    wb = Workbook()
    wb.remove(wb.active)
    ws = new_sheet(wb, "Follow-ups", _XLSX_HEADERS)
    rows = []
    for r, item in enumerate(items, start=2):
        values = [item.owner, item.urgency, *_cells(item)]
        rows.append(dict(zip(_XLSX_HEADERS, values, strict=True)))
        for c, value in enumerate(values, start=1):
            put(ws, r, c, value)
    fit_widths(ws, rows, {h: i for i, h in enumerate(_XLSX_HEADERS, start=1)})
    finish_sheet(ws)
    save(wb, path)


def write_digest(out_dir: Path, as_of: date) -> DigestReport:
    """Return the counts of the digest written to ``out_dir/follow-ups/<as_of>.docx`` and ``.xlsx``.

    It reads ``out_dir/tracker.xlsx`` with HR's edits. UsageError when there is no master tracker
    yet; InputFileError when it cannot be read.
    """
    items = follow_ups(read_master_rows(out_dir / MASTER_NAME), as_of)
    waiting = awaiting(out_dir, as_of)
    folder = out_dir / "follow-ups"
    folder.mkdir(parents=True, exist_ok=True)
    stem = as_of.isoformat()
    _write_docx(folder / f"{stem}.docx", items, as_of, waiting)
    _write_xlsx(folder / f"{stem}.xlsx", items)
    overdue = sum(i.urgency == OVERDUE for i in items)
    return DigestReport(
        as_of=stem,
        overdue=overdue,
        due_soon=len(items) - overdue,
        owners=len({i.owner for i in items}),
        records=len({(i.kind, i.record_id) for i in items}),
        by_what=dict(sorted(Counter(i.what for i in items).items())),
        awaiting_approval=len(waiting),
        docx=str(folder / f"{stem}.docx"),
        xlsx=str(folder / f"{stem}.xlsx"),
    )
