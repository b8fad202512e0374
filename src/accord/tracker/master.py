"""The master tracker ``outputs/tracker.xlsx``: every batch's rows, upserted by (kind, record id).

Columns Accord computes are refreshed by each batch; the columns HR owns (status, owner override, next
action, notes, the dates things were done) are written once, when a record first appears, and never
again. Rows are never deleted: a record missing from a re-issued file is marked in ``In latest file``.

The workbook is rewritten under a lock, through a temporary file and one rename, and the version it
replaces is kept as ``tracker.prev.xlsx``. When HR has it open in Excel, or it cannot be read, the
batch's rows wait in ``tracker.pending-<batch_id>.xlsx`` and a later run applies them.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import warnings
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from accord.errors import AccordError
from accord.records import Kind
from accord.tracker.batch_tracker import BatchRows, Provenance, read_batch_tracker
from accord.tracker.layout import (
    AS_OF,
    BATCH,
    HR_OWNED,
    KIND,
    PRESENT,
    RECORD_ID,
    RULES,
    SOURCE,
    TEMPLATES,
    sheet_title,
)
from accord.tracker.lock import LockTimeout, locked
from accord.tracker.sheet import (
    Link,
    finish_sheet,
    fit_widths,
    format_column,
    header_map,
    new_sheet,
    put,
    workbook_bytes,
)

MASTER_NAME = "tracker.xlsx"
BATCHES = "Batches"
_BATCH_HEADERS = [
    "Batch",
    "Kind",
    "Source file",
    "Input sha256",
    "Rules as of",
    "Rules version",
    "Templates version",
    "Records",
]


@dataclass(frozen=True)
class MergeOutcome:
    """What a master tracker update did: ``created``, ``updated``, ``unchanged`` or ``pending``.

    ``message`` is one line for HR (file names and batch ids only); ``pending`` is the side file
    that holds this batch's rows when the master tracker could not be written.
    """

    status: str
    message: str
    pending: Path | None = None
    applied_pending: int = 0


class _Unavailable(AccordError):
    def __init__(self, problem: str, fix: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.fix = fix


def prev_path(master: Path) -> Path:
    """Return where the master tracker's previous version is kept (``tracker.prev.xlsx``)."""
    return master.with_name(f"{master.stem}.prev{master.suffix}")


def pending_path(master: Path, batch_id: str) -> Path:
    """Return the side file that keeps a batch's rows until the master tracker can take them."""
    return master.with_name(f"{master.stem}.pending-{batch_id}{master.suffix}")


def pending_files(master: Path) -> list[Path]:
    """Return the side files waiting to be applied, oldest first."""
    found = master.parent.glob(f"{master.stem}.pending-*{master.suffix}")
    return sorted(found, key=lambda p: (p.stat().st_mtime_ns, p.name))


def _excel_lock(master: Path) -> Path:
    # Excel creates "~$<name>" beside a workbook while it has it open.
    return master.with_name(f"~${master.name}")


def _with_manifest(rows: BatchRows, manifest: Path) -> BatchRows:
    # The published manifest is the authority on provenance (the tracker may lack the as-of date).
    if manifest.is_file() and rows.provenance.batch_id in ("", manifest.parent.name):
        data = json.loads(manifest.read_text(encoding="utf-8"))
        return replace(rows, provenance=Provenance.from_manifest(data))
    return rows


def merge_batch(
    batch_dir: Path, master: Path | None = None, timeout: float = 120.0
) -> MergeOutcome:
    """Return what happened after upserting a published batch's tracker rows into the master.

    ``master`` defaults to ``tracker.xlsx`` beside the batch folder. Side files left by earlier runs
    are applied first. When the master is open in Excel, damaged or locked for longer than
    ``timeout`` seconds, the batch's rows are kept in a side file and the outcome says so.
    """
    master = master or batch_dir.parent / MASTER_NAME
    update = _with_manifest(
        read_batch_tracker(batch_dir / "tracker.xlsx"), batch_dir / "manifest.json"
    )
    return _update_master(master, update, batch_dir / "tracker.xlsx", timeout)


def apply_pending(master: Path, timeout: float = 120.0) -> MergeOutcome:
    """Return what happened after applying the side files waiting beside ``master``."""
    if not pending_files(master):
        return MergeOutcome("unchanged", f"{master} has no pending updates.")
    return _update_master(master, None, None, timeout)


def _update_master(
    master: Path, update: BatchRows | None, source: Path | None, timeout: float
) -> MergeOutcome:
    try:
        with locked(master, timeout):
            return _merge_locked(master, update)
    except LockTimeout:
        problem = f"{master} stayed locked by another run for {timeout:g} s."
        fix = "the next run applies them"
    except _Unavailable as exc:
        problem, fix = exc.problem, exc.fix
    if update is None or source is None:
        return MergeOutcome("pending", f"{problem} Pending updates wait; {fix}.")
    kept = pending_path(master, update.provenance.batch_id)
    tmp = kept.with_name(f".{kept.name}.tmp")
    shutil.copyfile(source, tmp)
    tmp.replace(kept)
    return MergeOutcome(
        "pending", f"{problem} Accord kept this batch's rows in {kept.name}; {fix}.", kept
    )


def _merge_locked(master: Path, update: BatchRows | None) -> MergeOutcome:
    if _excel_lock(master).exists():
        raise _Unavailable(
            f"{master} is open in Excel ({_excel_lock(master).name} is beside it).",
            "close it (or delete that file if nobody has it open) and the next run applies them",
        )
    created = not master.exists()
    wb = _load(master)
    this = pending_path(master, update.provenance.batch_id) if update else None
    done: list[Path] = []
    unreadable: list[str] = []
    for path in pending_files(master):
        if path == this:
            done.append(path)  # the same batch again: its fresh rows below replace this copy
            continue
        try:
            rows = read_batch_tracker(path)
        except Exception:  # a damaged side file stays where it is for HR to look at
            unreadable.append(path.name)
            continue
        _apply(wb, _with_manifest(rows, master.parent / rows.provenance.batch_id / "manifest.json"))
        done.append(path)
    applied = len(done) - (this in done)
    if update is not None:
        _apply(wb, update)
    elif not applied:
        return MergeOutcome("unchanged", f"{master} has no pending updates.")
    _write(wb, master)
    for path in done:
        path.unlink(missing_ok=True)
    status = "created" if created else "updated"
    extra = f" (and {applied} pending update(s) applied)" if applied else ""
    if unreadable:
        extra += f"; {', '.join(unreadable)} could not be read and was left in place"
    return MergeOutcome(status, f"{master} {status}{extra}.", applied_pending=applied)


def _load(master: Path) -> Workbook:
    if not master.exists():
        wb = Workbook()
        wb.remove(wb.active)
        return wb
    try:
        with warnings.catch_warnings():
            # Excel-saved workbooks carry extensions openpyxl drops with a warning; the rows stay.
            warnings.simplefilter("ignore", UserWarning)
            return load_workbook(master)
    except Exception:  # openpyxl raises many types (zip, XML, key, value) for a damaged file
        raise _Unavailable(
            f"{master} cannot be read as a workbook (it may be damaged).",
            f"restore {prev_path(master).name} over it or move it aside, and the next run "
            "applies them",
        ) from None


def _write(wb: Workbook, master: Path) -> None:
    data = workbook_bytes(wb)
    tmp = master.with_name(f".{master.name}.{os.getpid()}.tmp")
    with tmp.open("wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    try:
        if master.exists():
            prev = prev_path(master)
            prev_tmp = prev.with_name(f".{prev.name}.{os.getpid()}.tmp")
            shutil.copyfile(master, prev_tmp)
            prev_tmp.replace(prev)
        tmp.replace(master)
    except PermissionError:
        # Windows refuses to replace a workbook another program holds open.
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise _Unavailable(
            f"{master} could not be replaced (another program has it open).",
            "close it and the next run applies them",
        ) from None


def _kind_sheet(wb: Workbook, kind: Kind, headers: list[str]) -> Worksheet:
    title = sheet_title(kind)
    if title in wb.sheetnames:
        ws = wb[title]
        if RECORD_ID not in header_map(ws):
            raise _Unavailable(
                f"Sheet {title} of the master tracker has no '{RECORD_ID}' column.",
                f"put the '{RECORD_ID}' header back in row 1 and the next run applies them",
            )
        return ws
    index = wb.sheetnames.index(BATCHES) if BATCHES in wb.sheetnames else None
    return new_sheet(wb, title, [*headers, PRESENT], index)


def _relink(value: Any, batch_id: str) -> Any:
    # Batch trackers link relative to their own folder; the master sits one folder up.
    if isinstance(value, Link) and "://" not in value.target and not value.target.startswith("/"):
        return Link(value.text, f"{batch_id}/{value.target}")
    return value


def _apply(wb: Workbook, update: BatchRows) -> None:
    prov = update.provenance
    kind = Kind(prov.kind or update.rows[0][KIND])
    ws = _kind_sheet(wb, kind, update.headers)
    headers = header_map(ws)
    for header in [*update.headers, PRESENT]:
        if header not in headers:
            headers[header] = ws.max_column + 1
            put(ws, 1, headers[header], header)
            format_column(ws, header, headers)
    fixed = {BATCH: prov.batch_id, SOURCE: prov.source, AS_OF: prov.as_of, KIND: kind.value}
    fixed |= {RULES: prov.rules_version, TEMPLATES: prov.templates_version}
    fixed = {k: v for k, v in fixed.items() if v}
    rows: dict[str, int] = {}
    for r in range(2, ws.max_row + 1):
        value = ws.cell(row=r, column=headers[RECORD_ID]).value
        if value not in (None, ""):
            rows.setdefault(str(value), r)
    next_row = ws.max_row + 1
    seen: set[str] = set()
    for row in update.rows:
        rid = str(row[RECORD_ID])
        seen.add(rid)
        new = rid not in rows
        if new:
            rows[rid] = next_row
            next_row += 1
        r = rows[rid]
        for header in update.headers:
            if header in HR_OWNED and not new:
                continue
            value = fixed.get(header, row.get(header))
            put(ws, r, headers[header], _relink(value, prov.batch_id))
        put(ws, r, headers[PRESENT], "Yes")
    for rid, r in rows.items():
        if rid in seen:
            continue
        same_file = ws.cell(row=r, column=headers[SOURCE]).value == prov.source
        if same_file and ws.cell(row=r, column=headers[BATCH]).value != prov.batch_id:
            put(ws, r, headers[PRESENT], f"No: not in {prov.batch_id}")
    fit_widths(ws, update.rows, headers)
    finish_sheet(ws)
    _log_batch(wb, prov, kind, len(update.rows))
    wb.active = 0


def _log_batch(wb: Workbook, prov: Provenance, kind: Kind, records: int) -> None:
    ws = wb[BATCHES] if BATCHES in wb.sheetnames else new_sheet(wb, BATCHES, _BATCH_HEADERS)
    values = [
        prov.batch_id,
        kind.value,
        prov.source,
        prov.input_sha256,
        prov.as_of,
        prov.rules_version,
        prov.templates_version,
        records,
    ]
    row = next(
        (r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=1).value == prov.batch_id),
        ws.max_row + 1,
    )
    for col, value in enumerate(values, start=1):
        put(ws, row, col, value)
    fit_widths(ws, [dict(zip(_BATCH_HEADERS, values, strict=True))], header_map(ws))
    finish_sheet(ws)
