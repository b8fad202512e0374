"""The batch summary ``summary.docx``: what a batch produced, what to watch, and what was rejected.

Built from the batch's manifest (and the records whose documents were withheld), so it holds record
ids, places, findings, deadlines and counts, never names or the values of rejected cells. A chart
shows the deadlines per week, because people would rather look than read.
"""

from __future__ import annotations

import io
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import docx
from docx.shared import Inches
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from accord.records import Kind
from accord.tracker.layout import TERM_HEADERS
from accord.tracker.reminder import add_table, save_docx

HORIZON_DAYS = 30
CHART_WEEKS = 26
_SEVERITIES = (
    ("error", "Errors (documents withheld)"),
    ("warning", "Warnings"),
    ("info", "Notes"),
)


def deadlines(records: Iterable[dict[str, Any]], kind: Kind) -> list[tuple[date, str, str]]:
    """Return every dated deadline of the records as (date, record id, label), in date order."""
    labels = dict(TERM_HEADERS[kind])
    out: list[tuple[date, str, str]] = []
    for record in records:
        terms = record.get("terms") or {}
        for key, value in terms.items():
            days = value if isinstance(value, list) else [value]
            for n, day in enumerate(days, start=1):
                if not isinstance(day, str) or len(day) != 10:
                    continue
                try:
                    when = date.fromisoformat(day)
                except ValueError:
                    continue
                label = f"Check-in {n}" if key == "check_ins" else labels.get(key, key)
                out.append((when, str(record["record_id"]), label))
    return sorted(out)


def deadline_chart(items: list[tuple[date, str, str]], as_of: date) -> bytes | None:
    """Return a PNG bar chart of deadlines per week from ``as_of``'s week; ``None`` when none."""
    first = as_of - timedelta(days=as_of.weekday())
    weeks = [first + timedelta(weeks=n) for n in range(CHART_WEEKS)]
    counts: dict[str, Counter[date]] = defaultdict(Counter)
    for when, _, label in items:
        if first <= when < first + timedelta(weeks=CHART_WEEKS):
            group = "Check-ins" if label.startswith("Check-in") else label
            counts[group][when - timedelta(days=when.weekday())] += 1
    if not counts:
        return None
    last = max(max(c) for c in counts.values())
    weeks = [w for w in weeks if w <= last]
    figure = Figure(figsize=(7, 3.2), dpi=110)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    bottom = [0] * len(weeks)
    for group in sorted(counts):
        heights = [counts[group][w] for w in weeks]
        axes.bar(range(len(weeks)), heights, bottom=bottom, label=group)
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    axes.set_xticks(range(len(weeks)), [f"{w:%b} {w.day}" for w in weeks], rotation=60, fontsize=7)
    axes.set_ylim(0, max(bottom) * 1.25 + 0.5)  # room above the tallest bar for the legend
    axes.set_ylabel("Deadlines")
    axes.set_title("Deadlines per week (week starting)", fontsize=10)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.legend(fontsize=7, loc="upper right")
    figure.tight_layout()
    buf = io.BytesIO()
    # No software/date metadata: the same deadlines give the same bytes.
    figure.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


def _findings(records: list[dict[str, Any]]) -> dict[str, dict[str, list[Any]]]:
    """Return severity -> code -> [records, message, citation]."""
    out: dict[str, dict[str, list[Any]]] = defaultdict(dict)
    for record in records:
        for f in record.get("findings") or []:
            entry = out[f["severity"]].setdefault(f["code"], [0, f["message"], f["citation"]])
            entry[0] += 1
    return out


def write_batch_summary(
    path: Path, manifest: dict[str, Any], blocked: list[dict[str, Any]] | None = None
) -> None:
    """Write ``summary.docx`` for a batch from its manifest and its withheld records."""
    records: list[dict[str, Any]] = manifest["records"]
    rejected: list[dict[str, Any]] = manifest["rejected"]
    kind = Kind(manifest["kind"])
    as_of = date.fromisoformat(manifest["as_of"])
    document = docx.Document()
    document.core_properties.title = f"Batch summary {manifest['batch_id']}"
    document.add_heading(f"Batch summary: {manifest['input']['name']}", level=0)
    document.add_paragraph(
        f"Batch {manifest['batch_id']}, rules applied as of {as_of.isoformat()}. "
        f"Input sha256 {manifest['input']['sha256'][:12]}; rules {manifest['rules_version']}; "
        f"templates {manifest['templates_version']}; Accord {manifest.get('accord_version', '')}."
    )

    document.add_heading("Counts", level=1)
    add_table(
        document,
        ["Kind", "Rows read", "With documents", "Rejected rows"],
        [[kind.value, len(records) + len(rejected), len(records), len(rejected)]],
    )
    types = Counter(d["type"] for r in records for d in r["documents"])
    document.add_paragraph()
    add_table(
        document,
        ["Document type", "Documents"],
        [[t.replace("_", " "), n] for t, n in sorted(types.items())]
        + [["Total", sum(types.values())]],
    )

    document.add_heading("Places covered", level=1)
    places = Counter(
        (r.get("jurisdiction") or ["unknown"])[0] for r in [*records, *(blocked or [])]
    )
    add_table(
        document,
        ["Place", "Records"],
        [[p, n] for p, n in sorted(places.items(), key=lambda item: (-item[1], item[0]))],
    )

    document.add_heading("Findings", level=1)
    findings = _findings([*records, *(blocked or [])])
    if not findings:
        document.add_paragraph("No findings.")
    for severity, title in _SEVERITIES:
        if severity in findings:
            document.add_heading(title, level=2)
            rows = [[c, *findings[severity][c]] for c in sorted(findings[severity])]
            add_table(document, ["Code", "Records", "What it means", "Citation"], rows)

    document.add_heading("Rejected rows", level=1)
    if not rejected:
        document.add_paragraph("No rows were rejected.")
    else:
        document.add_paragraph(
            "What to fix, row by row (the values themselves are in rejects.xlsx)."
        )
        rows = [
            [r["row"], r["record_id"], e["column"], e["message"]]
            for r in rejected
            for e in r["errors"]
        ]
        add_table(document, ["Row", "Record ID", "Column", "Reason"], rows)

    items = deadlines(records, kind)
    document.add_heading(f"Deadlines in the next {HORIZON_DAYS} days", level=1)
    soon = [i for i in items if as_of <= i[0] <= as_of + timedelta(days=HORIZON_DAYS)]
    if soon:
        add_table(
            document, ["Date", "Record ID", "Deadline"], [[d.isoformat(), r, w] for d, r, w in soon]
        )
    else:
        document.add_paragraph(f"No deadlines between {as_of} and {as_of + timedelta(days=30)}.")
    chart = deadline_chart([i for i in items if i[0] >= as_of], as_of)
    document.add_heading("Deadlines per week", level=1)
    if chart is None:
        document.add_paragraph("No dated deadlines from the as-of date on.")
    else:
        document.add_picture(io.BytesIO(chart), width=Inches(6.5))

    save_docx(document, path)
