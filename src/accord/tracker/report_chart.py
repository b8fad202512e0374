"""The report's one page of charts (matplotlib), as PDF or PNG, the same bytes for the same tables.

Six panels on one landscape page: offers by outcome; median days from sent to signed by place and
by owner; follow-ups overdue and due soon by owner; open agreements with their check-ins; and the
headline figures. Record ids and owners only: no names of candidates or staff.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from accord.ooxml.atomic import atomic_write
from accord.tracker.digest import DUE_SOON, OVERDUE
from accord.tracker.report import Report

PAGE = (11.69, 8.27)  # A4 landscape, in inches
_BLUE, _GREEN, _RED, _GREY, _AMBER = "#4C72B0", "#55A868", "#C44E52", "#8C8C8C", "#DD8452"
_OUTCOME_COLOURS = [_GREY, _BLUE, _GREEN, _RED, _AMBER]
_MAX_BARS = 12  # rows per bar chart; the workbook holds them all


def _empty(ax: Any, text: str) -> None:
    ax.text(0.5, 0.5, text, ha="center", va="center", fontsize=9, color=_GREY, wrap=True)
    ax.set_xticks([])
    ax.set_yticks([])


def _offers(ax: Any, report: Report) -> None:
    ax.set_title("Offers", fontsize=11, loc="left")
    labels = list(report.offers["Offers"])
    counts = [int(c) for c in report.offers["Count"]]
    bars = ax.bar(range(len(labels)), counts, color=_OUTCOME_COLOURS)
    ax.set_xticks(range(len(labels)), [label.replace(", ", ",\n") for label in labels], fontsize=8)
    ax.bar_label(bars, fontsize=8)
    ax.set_ylim(0, max([*counts, 1]) * 1.2)
    ax.tick_params(axis="y", labelsize=8)
    ax.yaxis.get_major_locator().set_params(integer=True)


def _median(ax: Any, frame: Any, column: str, title: str) -> None:
    ax.set_title(title, fontsize=11, loc="left")
    if frame.empty:
        _empty(ax, "No record has both Sent on\nand Signed on yet.")
        return
    top = frame.head(_MAX_BARS).iloc[::-1]
    bars = ax.barh(list(top[column]), list(top["Median days"]), color=_BLUE)
    ax.bar_label(
        bars,
        labels=[f"{d:g} ({n})" for d, n in zip(top["Median days"], top["Signed"], strict=True)],
        fontsize=7,
    )
    ax.tick_params(labelsize=8)
    ax.set_xlabel("median days (records signed)", fontsize=8)
    ax.set_xlim(0, max(top["Median days"].max(), 1) * 1.3)


def _follow_ups(ax: Any, report: Report) -> None:
    ax.set_title(f"Follow-ups by owner, {report.as_of.isoformat()}", fontsize=11, loc="left")
    frame = report.follow_ups
    if frame.empty:
        _empty(ax, "Nothing overdue or due soon.")
        return
    top = frame.head(_MAX_BARS).iloc[::-1]
    owners = list(top["Owner"])
    ax.barh(owners, list(top[OVERDUE]), color=_RED, label="overdue")
    ax.barh(owners, list(top[DUE_SOON]), left=list(top[OVERDUE]), color=_AMBER, label="due soon")
    ax.legend(fontsize=7, loc="lower right")
    ax.tick_params(labelsize=8)
    ax.xaxis.get_major_locator().set_params(integer=True)


def _agreements(ax: Any, report: Report) -> None:
    ax.set_title("Open agreements and their check-ins", fontsize=11, loc="left")
    frame = report.agreements
    ax.axis("off")
    if frame.empty:
        _empty(ax, "No open agreements.")
        return
    cells = [
        [
            str(r["Record ID"]),
            str(r["Status"]),
            f"{r['Done']} of {r['Check-ins']}",
            r["Next check-in"].isoformat() if r["Next check-in"] else "-",
            str(r["Overdue check-ins"]),
        ]
        for _, r in frame.head(_MAX_BARS).iterrows()
    ]
    table = ax.table(
        cellText=cells,
        colLabels=["Record", "Status", "Done", "Next", "Overdue"],
        colWidths=[0.24, 0.17, 0.15, 0.27, 0.17],
        loc="upper center",
        cellLoc="left",
    )
    table.auto_set_font_size(False)
    table.set_fontsize(8)
    table.scale(1, 1.3)


def _headline(ax: Any, report: Report) -> None:
    ax.axis("off")
    offers = dict(zip(report.offers["Offers"], report.offers["Count"], strict=True))
    answered = offers["Accepted"] + offers["Declined"]
    rate = f"{offers['Accepted'] / answered:.0%}" if answered else "-"
    median = report.median_days
    overdue = int(report.follow_ups[OVERDUE].sum()) if not report.follow_ups.empty else 0
    lines = [
        ("Records in the tracker", str(report.records)),
        ("Offers sent", str(sum(offers[k] for k in ("Sent, no answer", "Accepted", "Declined")))),
        ("Accepted of those answered", rate),
        ("Median days, sent to signed", "-" if median is None else f"{median:g}"),
        ("Follow-ups overdue", str(overdue)),
        ("Open agreements", str(len(report.agreements))),
    ]
    for i, (label, value) in enumerate(lines):
        y = 0.9 - i * 0.15
        ax.text(0.0, y, label, fontsize=9, color=_GREY, transform=ax.transAxes)
        ax.text(1.0, y, value, fontsize=12, ha="right", weight="bold", transform=ax.transAxes)


def write_chart(report: Report, path: Path) -> None:
    """Write the report's page of charts to ``path`` (``.pdf`` or ``.png``, by its suffix)."""
    import matplotlib

    matplotlib.use("Agg")  # no display: files only
    from matplotlib.figure import Figure

    fig = Figure(figsize=PAGE, layout="constrained")
    fig.suptitle(
        f"Accord follow-up report, {report.as_of.isoformat()} (from the master tracker)",
        fontsize=13,
        x=0.01,
        ha="left",
    )
    grid = fig.subplots(2, 3)
    _offers(grid[0][0], report)
    _median(grid[0][1], report.by_place, "Place", "Sent to signed, by place")
    _median(grid[0][2], report.by_owner, "Owner", "Sent to signed, by owner")
    _follow_ups(grid[1][0], report)
    _agreements(grid[1][1], report)
    _headline(grid[1][2], report)
    # No dates or tool versions in the file: the same tables give the same bytes.
    if path.suffix == ".pdf":
        metadata: dict[str, Any] = {"CreationDate": None, "ModDate": None, "Producer": None}
    else:
        metadata = {"Software": None}
    with atomic_write(path) as fh:
        fig.savefig(fh, format=path.suffix.lstrip("."), dpi=110, metadata=metadata)
