"""Intake: spreadsheets in, typed records (or a precise list of what to fix) out.

First slice: offers with canonical snake_case headers, .xlsx or .csv.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd

from accord.errors import InputFileError, RowProblem, ValueProblem
from accord.records import DecisionalUnitMember, Kind, Offer, Record


@dataclass(frozen=True)
class Limits:
    """How much intake will read before it rejects a file."""

    max_file_bytes: int = 50 * 2**20
    max_rows: int = 200_000


@dataclass
class IntakeResult:
    """The accepted records of one file and the problems of the rows that were rejected."""

    path: Path
    kind: Kind
    sheet: str
    records: list[Record]
    problems: list[RowProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    decisional_unit: tuple[DecisionalUnitMember, ...] = ()
    total_rows: int = 0

    @property
    def rejected_rows(self) -> int:
        """Return how many rows were rejected."""
        return len({p.row for p in self.problems})


def _money(text: str) -> Decimal:
    try:
        return Decimal(text.replace("$", "").replace(",", "").strip())
    except InvalidOperation:
        raise ValueProblem("is not an amount", "Write it like 85000 or $85,000.00") from None


def _date(text: str) -> date:
    try:
        return datetime.fromisoformat(text.strip()).date()
    except ValueError:
        raise ValueProblem("is not a date", "Write it like 2026-06-01") from None


def read_batch(path: Path, kind: Kind | None = None, limits: Limits = Limits()) -> IntakeResult:
    """Return the typed offers of ``path``; InputFileError when the whole file is unusable."""
    if path.stat().st_size > limits.max_file_bytes:
        raise InputFileError(f"{path.name} is larger than the limit. Split it into smaller files.")
    if path.suffix.lower() == ".csv":
        frame, sheet = pd.read_csv(path, dtype=str, keep_default_na=False), path.stem
    else:
        frame = pd.read_excel(path, dtype=str, engine="calamine", keep_default_na=False)
        sheet = "Sheet1"
    records: list[Record] = []
    problems: list[RowProblem] = []
    for index, row in enumerate(frame.to_dict("records")):
        excel_row = index + 2
        rid = str(row.get("candidate_id", "")).strip()
        try:
            records.append(
                Offer(
                    row=excel_row,
                    sheet=sheet,
                    record_id=rid,
                    work_state=str(row["work_state"]).strip().upper(),
                    work_city=str(row.get("work_city", "")).strip() or None,
                    candidate_name=str(row["candidate_name"]).strip(),
                    job_title=str(row["job_title"]).strip(),
                    department=str(row.get("department", "")).strip() or None,
                    hiring_manager=str(row.get("hiring_manager", "")).strip() or None,
                    base_salary=_money(str(row["base_salary"])),
                    start_date=_date(str(row["start_date"])),
                    offer_date=_date(str(row["offer_date"])) if row.get("offer_date") else None,
                    owner=str(row.get("owner", "")).strip() or None,
                )
            )
        except ValueProblem as exc:
            problems.append(RowProblem(sheet, excel_row, rid, "?", "", exc.problem, exc.fix))
    return IntakeResult(path, Kind.OFFERS, sheet, records, problems, total_rows=len(frame))


def write_rejects(path: Path, file_name: str, problems: list[RowProblem]) -> None:
    """Write rejects.xlsx: one line per problem, values as text, never as formulas."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Rejected rows"
    ws.append(["file", "sheet", "row", "record id", "column", "value", "problem", "how to fix"])
    for p in sorted(problems, key=lambda p: (p.row, p.column)):
        ws.append([file_name, p.sheet, p.row, p.record_id, p.column, "", p.problem, p.fix])
        cell = ws.cell(row=ws.max_row, column=6)
        cell.value = p.value
        cell.data_type = "s"
    wb.save(path)
