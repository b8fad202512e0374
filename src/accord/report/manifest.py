"""The batch's manifest.json and summary.docx, written from the chunk files one record at a time.

The manifest is the published record of what each row produced; the summary is drawn from a tally
the manifest step gathers on the way, so neither holds the whole batch in memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import accord
from accord import batch
from accord.batch import Staging
from accord.documents import templates_version
from accord.errors import AccordError, RowProblem
from accord.jurisdictions import rules_version
from accord.ooxml.atomic import write_text
from accord.report import manifest_file
from accord.review import Variants, write_review
from accord.timing import timed_step


def _chunks(staging: Staging) -> Iterator[dict[str, Any]]:
    # One chunk file in memory at a time: a batch's entries together are hundreds of MB.
    for path in staging.chunk_paths():
        yield batch.read_chunk(path)


# Left in the work folder by write_manifest for write_summary: the summary's counts and deadlines.
_TALLY = "tally.json"


@timed_step("manifest")
def write_manifest(staging_dir: Path, as_of: date) -> dict[str, Any]:
    """Write manifest.json (and rejects.xlsx when rows were rejected); return the counts.

    Besides counts (records, rejected, documents, warnings), ``near_misses`` lists the headers
    close to a column Accord reads that the file lacks, as sentences.

    The records go into the manifest one at a time from the chunk files, never all in memory;
    what the summary shows is tallied on the way and left for :func:`write_summary`.
    """
    from accord.report.tally import Tally  # openpyxl and python-docx: chunk workers need neither

    staging = Staging.of(staging_dir)
    info = batch.read_json(staging.work / "input.json")
    head = {
        "accord_version": accord.__version__,
        "batch_id": staging.batch_id,
        "kind": info["kind"],
        "input": {"name": info["name"], "sha256": info["sha256"], "sheet": info["sheet"]},
        "as_of": as_of.isoformat(),
        "rules_version": rules_version(),
        "templates_version": templates_version(),
        "notes": info["notes"],
        "near_misses": info.get("near_misses", []),
        "options": _options(staging),
    }
    tally = Tally(head)
    variants = Variants()
    # Rows intake rejected, then rows whose rules found an error: one list for rejects.xlsx and
    # the manifest alike.
    problems = [RowProblem(**p) for p in info["problems"]]
    warnings = [RowProblem(**w) for w in info.get("warnings", [])]
    documents = 0
    same: list[dict[str, Any]] = []  # records with the values of their last version
    changed = 0

    def records() -> Iterator[dict[str, Any]]:
        nonlocal documents, changed
        for data in _chunks(staging):
            for entry in data["records"]:
                tally.add(entry)
                variants.add(entry)
                documents += len(entry["documents"])
                changed += "previous" in entry
                yield {k: v for k, v in entry.items() if k not in ("name", "owner")}
            for entry in data["blocked"]:
                tally.add_withheld(entry)
                problems.extend(_withheld_problems(info["sheet"], entry))
            same.extend(
                {k: entry[k] for k in ("row", "record_id", "version", "same_as")}
                for entry in data.get("unchanged", [])
            )

    def rejected() -> Iterator[dict[str, Any]]:
        # Runs after records(), which found the withheld records' problems ("records" sorts first).
        tally.rejected = _rejected_rows(problems)
        yield from tally.rejected

    manifest = {
        **head,
        "records": records(),
        "rejected": rejected(),
        "unchanged": same,
        "warnings": [_warning(w) for w in warnings],
    }
    manifest_file.write_stream(staging.dir / "manifest.json", manifest)
    if problems or warnings:
        from accord import intake  # pandas: loaded only when there are rejects to write

        dropped = info.get("dropped", True)
        intake.write_rejects(
            staging.dir / "rejects.xlsx", info["name"], problems, warnings, dropped
        )
    # One review copy per variant, from its first record's signing copy: counsel reads each once.
    copies = write_review(staging.dir, variants, as_of)
    tally.head = {**tally.head, "review": {"copies": copies, "line": variants.line()}}
    # Compact: with an indent, json's encoder is pure Python and holds every piece until the end.
    write_text(
        staging.work / _TALLY,
        json.dumps(tally.to_json(), separators=(",", ":"), ensure_ascii=False),
    )
    return {
        "records": tally.records,
        "rejected": len(tally.rejected),
        "documents": documents,
        "variants": copies,
        "warnings": len(warnings),
        "changed": changed,
        "unchanged": len(same),
        # Headers and sheet names, not values: safe to return to Prefect; `accord run` prints them.
        "near_misses": head["near_misses"],
        "notes": head["notes"],
    }


def _options(staging: Staging) -> dict[str, Any]:
    # The options the documents were made with, from the first chunk's plan (no records, no
    # documents: the defaults), so that a run with other options can say what differs.
    paths = staging.chunk_paths()
    plan = batch.read_chunk(paths[0]).get("plan", {}) if paths else {}
    return {"esign": plan.get("esign", "none"), "pdf": bool(plan.get("pdf"))}


def _warning(problem: RowProblem) -> dict[str, Any]:
    return {
        "row": problem.row,
        "record_id": problem.record_id,
        "column": problem.column,
        "value": problem.value,
        "message": problem.problem,
    }


def _withheld_problems(sheet: str, entry: dict[str, Any]) -> list[RowProblem]:
    return [
        RowProblem(
            sheet,
            entry["row"],
            entry["record_id"],
            f["code"],
            "",
            f["message"],
            f"See {f['citation']}.",
        )
        for f in entry["findings"]
        if f["severity"] == "error"
    ]


def _rejected_rows(problems: list[RowProblem]) -> list[dict[str, Any]]:
    rows: dict[int, dict[str, Any]] = {}
    for problem in problems:
        entry = rows.setdefault(
            problem.row, {"row": problem.row, "record_id": problem.record_id, "errors": []}
        )
        entry["errors"].append(
            {
                "column": problem.column,
                "value": problem.value,
                "message": problem.problem,
                # As HR finds it in the file: "Work State (F)".
                "header": problem.where(),
            }
        )
    return [rows[row] for row in sorted(rows)]


def prepare_writers() -> None:
    """Return nothing; import what :func:`write_manifest` and :func:`write_summary` write with.

    Those are python-docx for the review copies, openpyxl for their index, and matplotlib for the
    summary's chart: 0.7 s of one core on the 2-core machine, paid by the flow process after the
    chunks, while a worker writes the tracker, unless it was paid before. `accord run` calls this
    while Prefect's server starts, when a core is idle.
    """
    from accord.documents.review import review_copy  # noqa: F401 (imported for later)
    from accord.report.summary import chart_library
    from accord.report.tally import Tally  # noqa: F401 (imported for later)
    from accord.xlsx.writer import SheetWriter  # noqa: F401 (the review index's writer)

    chart_library()


@timed_step("summary")
def write_summary(staging_dir: Path) -> None:
    """Write the batch's summary.docx (counts, places, findings, rejects, deadlines, chart).

    It is drawn from what :func:`write_manifest` tallied, so the manifest must be written first.
    """
    from accord.report.summary import (
        write_summary_document,  # python-docx loads only when one is due
    )
    from accord.report.tally import Tally

    staging = Staging.of(staging_dir)
    path = staging.work / _TALLY
    if not path.is_file():
        raise AccordError(
            f"{path} is missing: the summary is drawn from what write_manifest tallies, so write "
            "the manifest first (run the batch again to finish it)."
        )
    tally = Tally.from_json(batch.read_json(path))
    write_summary_document(staging.dir / "summary.docx", tally)
