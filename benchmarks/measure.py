"""What ``make bench`` measures besides the runs: synthetic batches, plain docxtpl's rate, the
redline writer, PDF conversion, and the reading of the steps' timing log (:mod:`accord.timing`).
"""

from __future__ import annotations

import io
import json
import shutil
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate
from openpyxl import Workbook

from accord.documents import template_version
from accord.documents.context import build_context
from accord.jurisdictions import determine
from accord.paths import TEMPLATES_DIR
from accord.records import Offer

AS_OF = date(2026, 6, 1)
_STATES = ("CA", "NY", "TX", "MN", "MT", "IL", "WA", "CO", "MA", "FL", "GA", "OR")
_CITIES = {"CA": "San Francisco", "NY": "New York", "WA": "Seattle", "IL": "Chicago"}
_COLUMNS = (
    "candidate_id",
    "candidate_name",
    "job_title",
    "department",
    "hiring_manager",
    "work_state",
    "work_city",
    "base_salary",
    "pay_range_min",
    "pay_range_max",
    "start_date",
    "offer_date",
    "concerns",
    "resolutions",
    "owner",
)


def synthetic_offers(path: Path, rows: int) -> Path:
    """Write an offers workbook of ``rows`` synthetic candidates to ``path`` and return it."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Offers")
    ws.append(_COLUMNS)
    for i in range(rows):
        state = _STATES[i % len(_STATES)]
        salary = 60_000 + (i * 37) % 90_000
        ws.append(
            [
                f"B{i:06d}",
                f"Candidate {i:06d} Example",
                "Analyst",
                "Operations",
                "Pat Manager",
                state,
                _CITIES.get(state, ""),
                salary,
                salary - 5_000,
                salary + 15_000,
                AS_OF + timedelta(days=30 + i % 20),
                AS_OF,
                "Start date; Remote days",
                "Moved two weeks; Two days a week",
                "Jordan Lee",
            ]
        )
    wb.save(path)
    return path


def redline_seconds(repeat: int = 20) -> float:
    """Return the redline writer's mean seconds per document, on a counter-offer and a revised
    separation (signing copies rendered once, each redline written ``repeat`` times)."""
    from dataclasses import replace
    from decimal import Decimal

    from accord.documents import DocumentSet
    from accord.documents.redline import redline
    from accord.documents.samples import sample as sample_of
    from accord.records import Kind

    pairs = []
    changes: tuple[tuple[Kind, dict[str, Any]], ...] = (
        (Kind.OFFERS, {"base_salary": Decimal("128000"), "start_date": AS_OF + timedelta(60)}),
        (Kind.SEPARATIONS, {"severance_weeks": Decimal("12"), "non_disparagement": True}),
    )
    for kind, changed in changes:
        found, documents = sample_of(kind, "US-MN"), DocumentSet(kind)

        def signing(record: Any, found: Any = found, documents: Any = documents) -> bytes:
            det = determine(record, AS_OF, found.facts)
            return documents.render(record, det, "bench", AS_OF, "none", found.facts)[0].data

        pairs.append((signing(found.record), signing(replace(found.record, **changed))))
    started = time.perf_counter()
    for _ in range(repeat):
        for old, new in pairs:
            redline(old, new, AS_OF)
    return (time.perf_counter() - started) / (repeat * len(pairs))


def plain_docxtpl_rate(sample: int = 150) -> float:
    """Return plain docxtpl's documents per second on the offer letter (load, render, save)."""
    template = TEMPLATES_DIR / "offer_letter" / "offer_letter.docx"
    version = template_version(template)
    contexts = []
    for i in range(sample):
        offer = Offer(
            row=i + 2,
            sheet="Offers",
            record_id=f"B{i:06d}",
            work_state=_STATES[i % 12],
            candidate_name=f"Candidate {i:06d}",
            job_title="Analyst",
            start_date=AS_OF,
            offer_date=AS_OF,
        )
        ctx = build_context(offer, determine(offer, AS_OF), "bench", AS_OF)
        # What the document set adds for every document (its footer prints the version).
        contexts.append({**ctx, "template": {"name": "offer_letter", "version": version}})
    started = time.perf_counter()
    for ctx in contexts:
        tpl = DocxTemplate(str(template))
        tpl.render(ctx, autoescape=True)
        tpl.save(io.BytesIO())
    return sample / (time.perf_counter() - started)


def stage_times(timings: Path) -> tuple[dict[str, float], float]:
    """Return seconds per stage from the timing log, and the rules' share of the render.

    Chunks run in parallel workers: a chunk stage counts as its busiest worker's total.
    """
    per_stage: dict[str, float] = defaultdict(float)
    chunk_by_pid: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    if not timings.is_file():
        return {}, 0.0
    for line in timings.read_text().splitlines():
        item = json.loads(line)
        if item["step"].endswith("_chunk"):
            chunk_by_pid[item["step"]][item["pid"]] += item["seconds"]
        else:
            per_stage[item["step"]] += item["seconds"]
    render = chunk_by_pid.get("render_chunk", {})
    if render:
        per_stage["render (busiest worker)"] = max(render.values())
    rules = chunk_by_pid.get("rules_chunk", {})
    return dict(per_stage), max(rules.values()) if rules else 0.0


def overhead(timings: Path, epoch: float, wall: float) -> tuple[float, float]:
    """Return the seconds of a run during which no Accord step ran, and the server's start.

    Steps log when they end and how long they took; the union of those intervals is Accord's
    own work (chunks in parallel count once). The rest of the wall time is Python starting and
    ending, the workers starting and stopping and, in ``accord run``, Prefect (importing it,
    its server's start, flow and task runs).
    """
    spans: list[tuple[float, float]] = []
    server = 0.0
    if timings.is_file():
        for line in timings.read_text().splitlines():
            item = json.loads(line)
            if item["step"] == "prefect start":
                server += item["seconds"]
            elif item["step"] != "rules_chunk" and "end" in item:
                end = item["end"] - epoch
                spans.append((end - item["seconds"], end))
    busy, reach = 0.0, float("-inf")
    for begin, end in sorted(spans):
        if end > reach:
            busy += end - max(begin, reach)
            reach = end
    return max(wall - busy, 0.0), server


def pdf_rate(batch_folder: Path, work: Path, count: int = 100) -> float | None:
    """Return PDF documents per second converting ``count`` of the batch's documents; None
    when LibreOffice is missing."""
    from accord.documents.pdf import convert_folder
    from accord.errors import ConfigError

    sample = sorted((batch_folder / "documents").rglob("*.docx"))[:count]
    for doc in sample:
        target = work / doc.parent.name / doc.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(doc, target)
    started = time.perf_counter()
    try:
        done = convert_folder(work)
    except ConfigError:
        return None
    return done / (time.perf_counter() - started)
