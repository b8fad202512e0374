"""The follow-up report across batches: how offers went, how long signing takes, what is overdue.

Read from the master tracker as HR left it (Status, Sent on, Signed on, Check-ins done, Owner
override), into pandas, and written as ``report/<date>.xlsx`` (one sheet per table) beside a
one-page chart (:mod:`accord.tracker.report_chart`). The tables:

- offers sent, accepted, declined, withdrawn and not sent yet;
- time from sent to signed in days (median, by place and by owner), for every kind;
- follow-ups overdue and due soon, by owner (the digest's own rule);
- open agreements with their check-ins: done, the next one, and how many are overdue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook

from accord.jurisdictions.names import chain_name, chain_of
from accord.tracker.digest import DUE_SOON, OVERDUE, follow_ups, read_master_rows
from accord.tracker.layout import (
    CLOSED,
    KIND,
    PLACE,
    RECORD_ID,
    SENT_ON,
    SIGNED_ON,
    check_in_header,
    effective_owner,
)
from accord.tracker.next_action import check_ins_done, day_of, is_signed, status_of
from accord.tracker.sheet import put, save, style_header

REPORT_FOLDER = "report"
UNASSIGNED = "(no owner)"
OFFER_OUTCOMES = ("Not sent yet", "Sent, no answer", "Accepted", "Declined", "Withdrawn")
_SHEETS = {
    "offers": "Offers",
    "signing": "Time to sign",
    "by_place": "Time to sign by place",
    "by_owner": "Time to sign by owner",
    "follow_ups": "Follow-ups by owner",
    "agreements": "Open agreements",
}


@dataclass(frozen=True)
class Report:
    """The report's tables (pandas DataFrames, no names of people) and the day it is for."""

    as_of: date
    records: int
    offers: pd.DataFrame
    signing: pd.DataFrame
    by_place: pd.DataFrame
    by_owner: pd.DataFrame
    follow_ups: pd.DataFrame
    agreements: pd.DataFrame

    @property
    def median_days(self) -> float | None:
        """Return the median days from sent to signed over every record; ``None`` when none."""
        if self.signing.empty:
            return None
        return float(self.signing["Days"].median())


def _offer_outcome(row: dict[str, Any]) -> str:
    status = status_of(row)
    if status == "Declined":
        return "Declined"
    if status == "Withdrawn":
        return "Withdrawn"
    if is_signed(row):
        return "Accepted"
    if status in ("Sent", "Revoked") or day_of(row.get(SENT_ON)) is not None:
        return "Sent, no answer"
    return "Not sent yet"


def _place(row: dict[str, Any]) -> str:
    # Older trackers hold ids ("US-CA > US"): shown by name like the rest.
    text = str(row.get(PLACE) or "").strip()
    return chain_name(chain_of(text)) or text or "(no place)"


def _median_by(signing: pd.DataFrame, column: str) -> pd.DataFrame:
    if signing.empty:
        return pd.DataFrame(columns=[column, "Signed", "Median days"])
    grouped = signing.groupby(column)["Days"].agg(["count", "median"]).reset_index()
    grouped.columns = pd.Index([column, "Signed", "Median days"])
    return grouped.sort_values(["Median days", column], ascending=[False, True], ignore_index=True)


def _agreement(row: dict[str, Any], as_of: date) -> dict[str, Any]:
    done = check_ins_done(row)
    dates = []
    n = 1
    while (header := check_in_header(n)) in row:
        dates.append(day_of(row.get(header)))
        n += 1
    pending = [d for d in dates[done:] if d is not None]
    # As in the digest: check-ins count once the agreement is signed or has taken effect.
    effective = day_of(row.get("Effective date"))
    live = is_signed(row) or (effective is not None and effective <= as_of)
    return {
        "Record ID": str(row.get(RECORD_ID)),
        "Owner": effective_owner(row) or UNASSIGNED,
        "Status": status_of(row) or "Draft",
        "Effective date": effective,
        "Check-ins": len([d for d in dates if d is not None]),
        "Done": done,
        "Next check-in": pending[0] if pending else None,
        "Overdue check-ins": sum(d < as_of for d in pending) if live else 0,
    }


def build_report(rows: list[dict[str, Any]], as_of: date) -> Report:
    """Return the report's tables for the master tracker's ``rows`` (header -> value) on ``as_of``."""
    offers_rows = [r for r in rows if str(r.get(KIND) or "") == "offers"]
    outcomes = pd.Series([_offer_outcome(r) for r in offers_rows], dtype="object")
    offers = (
        outcomes.value_counts()
        .reindex(list(OFFER_OUTCOMES), fill_value=0)
        .rename_axis("Offers")
        .reset_index(name="Count")
    )
    signed = []
    for row in rows:
        sent, signed_on = day_of(row.get(SENT_ON)), day_of(row.get(SIGNED_ON))
        if sent is not None and signed_on is not None and signed_on >= sent:
            signed.append(
                {
                    "Record ID": str(row.get(RECORD_ID)),
                    "Kind": str(row.get(KIND) or ""),
                    "Place": _place(row),
                    "Owner": effective_owner(row) or UNASSIGNED,
                    "Days": (signed_on - sent).days,
                }
            )
    signing = pd.DataFrame(signed, columns=["Record ID", "Kind", "Place", "Owner", "Days"])
    items = pd.DataFrame(
        [{"Owner": i.owner, "Urgency": i.urgency} for i in follow_ups(rows, as_of)],
        columns=["Owner", "Urgency"],
    )
    counts = pd.crosstab(items["Owner"], items["Urgency"]) if not items.empty else pd.DataFrame()
    counts = counts.reindex(columns=[OVERDUE, DUE_SOON], fill_value=0).reset_index()
    counts = counts.rename(columns={"index": "Owner"}) if "Owner" not in counts else counts
    counts = counts.sort_values([OVERDUE, "Owner"], ascending=[False, True], ignore_index=True)
    open_agreements = [
        _agreement(r, as_of)
        for r in rows
        if str(r.get(KIND) or "") == "agreements" and status_of(r) not in CLOSED
    ]
    agreements = pd.DataFrame(
        open_agreements,
        columns=[
            "Record ID",
            "Owner",
            "Status",
            "Effective date",
            "Check-ins",
            "Done",
            "Next check-in",
            "Overdue check-ins",
        ],
    )
    return Report(
        as_of=as_of,
        records=len(rows),
        offers=offers,
        signing=signing,
        by_place=_median_by(signing, "Place"),
        by_owner=_median_by(signing, "Owner"),
        follow_ups=counts,
        agreements=agreements,
    )


def read_report(master: Path, as_of: date) -> Report:
    """Return the report of the master tracker at ``master``; UsageError when there is none yet."""
    return build_report(read_master_rows(master), as_of)


def _cell(value: Any) -> Any:
    if isinstance(value, pd.Timestamp):
        return value.date()
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if hasattr(value, "item"):  # numpy scalars: openpyxl writes plain ints and floats
        return value.item()
    return value


def write_workbook(report: Report, path: Path) -> None:
    """Write the report's tables to ``path``, one sheet each, text kept as text (never formulas)."""
    wb = Workbook()
    assert wb.active is not None
    wb.remove(wb.active)
    for attr, title in _SHEETS.items():
        frame: pd.DataFrame = getattr(report, attr)
        ws = wb.create_sheet(title)
        for col, header in enumerate(frame.columns, start=1):
            put(ws, 1, col, str(header))
            style_header(ws, col)
            widest = max([len(str(header)), *(len(str(v)) for v in frame[header])])
            ws.column_dimensions[ws.cell(row=1, column=col).column_letter].width = widest + 3
        for r, values in enumerate(frame.itertuples(index=False), start=2):
            for col, value in enumerate(values, start=1):
                put(ws, r, col, _cell(value))
        ws.freeze_panes = "A2"
    save(wb, path)


def report_paths(out_dir: Path, as_of: date, image: str) -> tuple[Path, Path]:
    """Return where the report goes: ``out_dir/report/<date>.xlsx`` and its ``.pdf``/``.png``."""
    folder = out_dir / REPORT_FOLDER
    stem = as_of.isoformat()
    return folder / f"{stem}.xlsx", folder / f"{stem}.{image}"


def write_report(out_dir: Path, as_of: date, image: str = "pdf") -> tuple[Report, Path, Path]:
    """Return the report of ``out_dir``'s master tracker with the paths of its workbook and chart.

    UsageError when there is no master tracker yet; InputFileError when it cannot be read.
    """
    from accord.tracker.master import MASTER_NAME
    from accord.tracker.report_chart import write_chart  # matplotlib loads only when one is due

    report = read_report(out_dir / MASTER_NAME, as_of)
    workbook, chart = report_paths(out_dir, as_of, image)
    workbook.parent.mkdir(parents=True, exist_ok=True)
    write_workbook(report, workbook)
    write_chart(report, chart)
    return report, workbook, chart
