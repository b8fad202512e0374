"""The batch summary ``summary.docx``: what a batch produced, what to watch, and what was rejected.

Drawn from the batch's tally (:mod:`accord.report.tally`), gathered from the manifest's records and the
withheld ones as the manifest is written, so it holds record ids, places, findings, deadlines and
counts, never names or the values of rejected cells. A chart shows the deadlines per week, because
people would rather look than read. The lists that grow with the batch (rejected rows, deadlines of
the coming days) are written row by row as the file is saved (:mod:`accord.report.long_table`).
"""

from __future__ import annotations

import io
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docx.shared import Cm

from accord.documents.look import (
    company_document,
    finding_name,
    layout_table,
    short_date,
    text_width_cm,
)
from accord.documents.table import add_table
from accord.jurisdictions.names import place_name
from accord.ooxml.xml_text import xml_safe
from accord.report import long_table
from accord.report.tally import CHART_WEEKS, HORIZON_DAYS, Tally

if TYPE_CHECKING:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

_SEVERITIES = (
    ("error", "Errors (documents withheld)"),
    ("warning", "Warnings"),
    ("info", "Notes"),
)


def chart_library() -> tuple[type[FigureCanvasAgg], type[Figure], type[MaxNLocator]]:
    """Return matplotlib's Agg canvas, its Figure and its integer tick locator, imported on the
    first call (about half a second: only a process that draws a chart pays for it)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    return FigureCanvasAgg, Figure, MaxNLocator


def deadline_chart(weeks_counted: dict[str, Counter[str]], as_of: date) -> bytes | None:
    """Return a PNG bar chart of deadlines per week from ``as_of``'s week; ``None`` when none.

    ``weeks_counted`` maps each group of deadlines to its count per week (the ISO date of the
    week's Monday), as :class:`accord.report.tally.Tally` gathers them.
    """
    canvas, figure_type, integer_ticks = chart_library()
    first = as_of - timedelta(days=as_of.weekday())
    weeks = [first + timedelta(weeks=n) for n in range(CHART_WEEKS)]
    counts = {
        group: Counter({date.fromisoformat(w): n for w, n in per_week.items() if n})
        for group, per_week in weeks_counted.items()
    }
    counts = {group: c for group, c in counts.items() if c}
    if not counts:
        return None
    last = max(max(c) for c in counts.values())
    weeks = [w for w in weeks if w <= last]
    figure = figure_type(figsize=(7, 3.2), dpi=110)
    canvas(figure)
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
    axes.yaxis.set_major_locator(integer_ticks(integer=True))
    axes.legend(fontsize=7, loc="upper right")
    figure.tight_layout()
    buf = io.BytesIO()
    # No software/date metadata: the same deadlines give the same bytes.
    figure.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


def write_batch_summary(
    path: Path, manifest: dict[str, Any], blocked: list[dict[str, Any]] | None = None
) -> None:
    """Write ``summary.docx`` for a batch from its manifest and its withheld records."""
    head = {k: v for k, v in manifest.items() if k not in ("records", "rejected")}
    tally = Tally(head, rejected=manifest["rejected"])
    for record in manifest["records"]:
        tally.add(record)
    for record in blocked or []:
        tally.add_withheld(record)
    write_summary_document(path, tally)


def write_summary_document(path: Path, tally: Tally) -> None:
    """Write ``summary.docx`` from a batch's tally (counts, places, findings, rejects, deadlines)."""
    head = tally.head
    rejected = tally.rejected
    kind, as_of = tally.kind, tally.as_of
    document = company_document()
    document.core_properties.title = f"Batch summary {head['batch_id']}"
    document.add_heading(xml_safe(f"Batch summary: {head['input']['name']}"), level=0)
    document.add_paragraph(
        f"Batch {head['batch_id']}, rules applied as of {short_date(as_of)}. "
        f"Input sha256 {head['input']['sha256'][:12]}; rules {head['rules_version']}; "
        f"templates {head['templates_version']}; Accord {head.get('accord_version', '')}."
    )

    document.add_heading("Counts", level=1)
    counts = add_table(
        document,
        ["Kind", "Rows read", "With documents", "Rejected rows"],
        [[kind.value, tally.records + len(rejected), tally.records, len(rejected)]],
    )
    layout_table(counts, (3, 2, 2, 2))
    document.add_paragraph()
    types = add_table(
        document,
        ["Document type", "Documents"],
        [[t.replace("_", " "), n] for t, n in sorted(tally.types.items())]
        + [["Total", sum(tally.types.values())]],
    )
    layout_table(types, (3, 1))

    review = head.get("review") or {}
    if review.get("copies"):
        document.add_heading("Review copies", level=1)
        document.add_paragraph(
            f"{review['line']}: counsel reads one review copy per variant, with a comment on "
            "every clause giving its citation and the rules that chose it (review/index.xlsx "
            "lists which records each variant covers)."
        )

    document.add_heading("Places covered", level=1)
    places = sorted(tally.places.items(), key=lambda item: (-item[1], item[0]))
    table = add_table(
        document, ["Place", "Code", "Records"], [[place_name(p), p, n] for p, n in places]
    )
    layout_table(table, (4, 2, 1), keep_whole=(1,))

    document.add_heading("Findings", level=1)
    findings = tally.findings()
    # A header close to a column Accord reads: the rows were read without that column.
    near_misses = head.get("near_misses", [])
    for near_miss in near_misses:
        document.add_paragraph(f"Column to check: {near_miss}")
    if not findings:
        document.add_paragraph("No other findings." if near_misses else "No findings.")
    for severity, title in _SEVERITIES:
        if severity in findings:
            document.add_heading(title, level=2)
            rows = [[finding_name(c), *findings[severity][c]] for c in sorted(findings[severity])]
            table = add_table(document, ["Finding", "Records", "What it means", "Citation"], rows)
            layout_table(table, (3, 1.2, 6, 4))

    # The two lists below grow with the batch: their rows are written only as the file is saved.
    long_tables = []
    document.add_heading("Rejected rows", level=1)
    if not rejected:
        document.add_paragraph("No rows were rejected.")
    else:
        document.add_paragraph(
            "What to fix, row by row (the values themselves are in rejects.xlsx)."
        )
        errors = (
            [r["row"], r["record_id"], e.get("header") or e["column"], e["message"]]
            for r in rejected
            for e in r["errors"]
        )
        errors_table = long_table.LongTable(
            document, ["Row", "Record ID", "Column", "Reason"], errors
        )
        layout_table(errors_table.table, (1, 2, 3, 8), keep_whole=(0, 1))
        long_tables.append(errors_table)

    document.add_heading(f"Deadlines in the next {HORIZON_DAYS} days", level=1)
    soon = tally.deadlines_soon()
    if soon:
        dated = ((short_date(date.fromisoformat(d)), r, w) for d, r, w in soon)
        soon_table = long_table.LongTable(document, ["Date", "Record ID", "Deadline"], dated)
        layout_table(soon_table.table, (2, 2, 6), keep_whole=(0, 1))
        long_tables.append(soon_table)
    else:
        end = as_of + timedelta(days=HORIZON_DAYS)
        document.add_paragraph(f"No deadlines between {short_date(as_of)} and {short_date(end)}.")
    chart = deadline_chart(tally.weeks, as_of)
    document.add_heading("Deadlines per week", level=1)
    if chart is None:
        document.add_paragraph("No dated deadlines from the as-of date on.")
    else:
        document.add_picture(io.BytesIO(chart), width=Cm(text_width_cm(document)))

    long_table.save(document, path, long_tables)
