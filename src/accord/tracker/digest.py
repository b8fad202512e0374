"""The reminder digest: per owner, what is overdue and what is due soon, read from HR's tracker.

It reads the master tracker as HR left it (status, owner override, dates done) and lists each open
deadline: offers not signed by their respond-by date, consideration periods ending, revocation windows
closing, final pay due, check-ins due and start dates. Rows HR marked Complete or Withdrawn are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from accord.errors import InputFileError, UsageError
from accord.jurisdictions.deadline import business_days_after
from accord.jurisdictions.names import chain_of
from accord.tracker.layout import (
    CLOSED,
    KIND,
    NAME,
    PLACE,
    RECORD_ID,
    SOON_BUSINESS_DAYS,
    START_HEADERS,
    STATUS,
    DeadlineColumn,
    deadline_for,
    effective_owner,
    header_map,
)
from accord.tracker.next_action import check_ins_done, day_of, is_signed, status_of, suggest
from accord.xlsx.values import UnreadableWorkbook, ValuesWorkbook

OVERDUE = "Overdue"
DUE_SOON = "Due soon"
UNASSIGNED = "(no owner)"


@dataclass(frozen=True)
class FollowUp:
    """One thing an owner must act on: a deadline of one record, overdue or coming up."""

    owner: str
    urgency: str
    due: date
    what: str
    kind: str
    record_id: str
    name: str
    status: str
    next_action: str


def open_master(master: Path) -> ValuesWorkbook:
    """Return the master tracker opened for its values; UsageError when absent, InputFileError if
    damaged."""
    if not master.is_file():
        raise UsageError(
            f"There is no master tracker at {master} yet. Run `accord run` first, or pass the "
            "--out folder that holds tracker.xlsx."
        )
    try:
        return ValuesWorkbook(master)
    except (UnreadableWorkbook, OSError):
        raise _damaged(master) from None


def _damaged(master: Path) -> InputFileError:
    return InputFileError(
        f"{master} cannot be read as a workbook (it may be damaged). Restore "
        f"{master.stem}.prev{master.suffix} over it and run again."
    )


def read_master_rows(master: Path) -> list[dict[str, Any]]:
    """Return every record row of the master tracker (all kind sheets) as header -> value.

    Values are as a spreadsheet shows them: a formula's last computed value, a link's text.
    """
    rows: list[dict[str, Any]] = []
    # Values only, with calamine: the streaming reader (styles, links) took 2 s at 10,000 rows.
    with open_master(master) as book:
        try:
            for title in book.titles:
                found = book.rows(title)
                first = next(found, None)
                headers = {h: col - 1 for h, col in header_map(first or []).items()}
                if RECORD_ID not in headers or KIND not in headers:
                    continue  # the Batches log, or a sheet HR added
                for values in found:
                    row = {h: values[i] if i < len(values) else None for h, i in headers.items()}
                    if row.get(RECORD_ID) not in (None, ""):
                        rows.append(row)
        except UnreadableWorkbook:
            raise _damaged(master) from None
    return rows


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _started(row: dict[str, Any], as_of: date) -> bool:
    return any((day := day_of(row.get(h))) is not None and day <= as_of for h in START_HEADERS)


def _is_done(deadline: DeadlineColumn, row: dict[str, Any], as_of: date) -> bool:
    if status_of(row) in deadline.done_statuses:
        return True
    if deadline.done_statuses & {"Signed"} and is_signed(row):
        return True
    if deadline.done_column:
        if deadline.check_in:
            if check_ins_done(row) >= deadline.check_in:
                return True
        elif row.get(deadline.done_column) not in (None, ""):
            return True
    if not deadline.after_signing or is_signed(row):
        return False
    # Not live yet: an unsigned record's check-ins wait for its start date to pass.
    return not (deadline.or_started and _started(row, as_of))


def follow_ups(rows: list[dict[str, Any]], as_of: date) -> list[FollowUp]:
    """Return the open deadlines of ``rows`` as of ``as_of``, by owner, overdue first, by date.

    A deadline is overdue when its date has passed and it still needs action; due soon when it
    falls on ``as_of`` or within three business days after it (weekends and the public holidays of
    the row's place skipped, as the letters count them). An empty list means nothing needs
    anyone's attention.
    """
    items: list[FollowUp] = []
    for row in rows:
        if status_of(row) in CLOSED:
            continue
        soon = business_days_after(as_of, SOON_BUSINESS_DAYS, chain_of(_text(row.get(PLACE))))
        for header, value in row.items():
            deadline = deadline_for(header)
            due = day_of(value)
            if deadline is None or due is None or _is_done(deadline, row, as_of):
                continue
            if due < as_of:
                if not deadline.stays_overdue:
                    continue
                urgency = OVERDUE
            elif due <= soon:
                urgency = DUE_SOON
            else:
                continue
            items.append(
                FollowUp(
                    owner=effective_owner(row) or UNASSIGNED,
                    urgency=urgency,
                    due=due,
                    what=deadline.what,
                    kind=_text(row.get(KIND)),
                    record_id=_text(row.get(RECORD_ID)),
                    name=_text(row.get(NAME)),
                    status=_text(row.get(STATUS)),
                    next_action=suggest(row),
                )
            )
    order = {OVERDUE: 0, DUE_SOON: 1}
    return sorted(items, key=lambda i: (i.owner, order[i.urgency], i.due, i.record_id, i.what))
