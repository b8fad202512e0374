"""The pipeline's steps, each a plain function of paths and ids that a Prefect task wraps.

Steps exchange files in the batch's staging folder, never personal data: what they return is counts,
ids and paths, safe to store in Prefect.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import accord
from accord import batch, timing
from accord.batch import Staging
from accord.documents import DocumentSet, templates_version
from accord.errors import AccordError, ConfigError, InputFileError, RenderError, RowProblem
from accord.jurisdictions import BatchFacts, determine, load_rules, rules_version
from accord.records import DecisionalUnitMember, Kind, Record
from accord.timing import timed_step

if TYPE_CHECKING:
    from accord.intake import IntakeResult

# Chunks per batch: about CHUNKS_PER_WORKER per pool worker, so a slow chunk does not leave the
# other worker idle at the end, and no more, since every chunk is a Prefect task costing about
# 100 ms in the flow process (MEASURED.md). Past MIN_CHUNK_SIZE records that cost is under 1% of
# rendering; MAX_CHUNK_SIZE bounds what one task holds and what a crash makes a re-run redo.
CHUNK_WORKERS = 2
CHUNKS_PER_WORKER = 4
MIN_CHUNK_SIZE = 250
MAX_CHUNK_SIZE = 2_500

# The intake (pandas) and the trackers (openpyxl) are imported by the steps that use them, so the
# chunk workers, which only render, start a second sooner each.


@dataclass
class StagedInput:
    """What staging an input produced: ids, counts and chunk bounds (no personal data)."""

    batch_id: str
    staging_dir: str
    kind: str = ""
    accepted: int = 0
    rejected_rows: int = 0
    chunks: list[tuple[int, int]] = field(default_factory=list)
    already_published: bool = False
    file_error: str | None = None
    resumed: bool = False


def chunk_size_for(records: int) -> int:
    """Return the records per chunk for a batch of ``records``, by the adaptive rule.

    The batch is cut into ``CHUNK_WORKERS * CHUNKS_PER_WORKER`` (8) chunks of equal size, rounded
    up, then the size is held between ``MIN_CHUNK_SIZE`` (250) and ``MAX_CHUNK_SIZE`` (2,500):
    600 records give 3 chunks of at most 250, 10,000 give 8 of 1,250, 100,000 give 40 of 2,500.
    """
    chunks = CHUNK_WORKERS * CHUNKS_PER_WORKER
    return max(MIN_CHUNK_SIZE, min(MAX_CHUNK_SIZE, -(-records // chunks)))


def forced_chunk_size() -> int | None:
    """Return the records per chunk ``ACCORD_CHUNK_SIZE`` forces; None when it is unset."""
    raw = os.environ.get("ACCORD_CHUNK_SIZE", "").strip()
    if not raw:
        return None
    size = int(raw) if raw.isdigit() else 0
    if size < 1:
        raise ConfigError(
            f"ACCORD_CHUNK_SIZE is '{raw[:20]}'. Set it to a whole number of records per chunk, "
            "such as 500, or unset it to let the batch's size decide."
        )
    return size


def chunk_size_setting(records: int) -> int:
    """Return the records per chunk: ``ACCORD_CHUNK_SIZE`` when set, else :func:`chunk_size_for`."""
    return forced_chunk_size() or chunk_size_for(records)


@timed_step("read")
def stage_input(
    input_path: Path, out_dir: Path, kind: Kind | None = None, chunk_size: int | None = None
) -> StagedInput:
    """Return the staged input: records typed and stored in staging, or the file's rejection.

    Records are written to staging as intake reads them, so the batch is never held in memory; a
    file rejected part way leaves nothing behind. Chunks hold ``chunk_size`` records when it is
    given, else :func:`chunk_size_setting` for the number of records accepted.

    A staging folder left by a run that died is reused when it holds this same content cut into the
    same chunks (its ``input.json`` is written last, so its presence means the records are complete);
    anything else left there is cleared and staged afresh.
    """
    forced = chunk_size or forced_chunk_size()
    size_for = (lambda _: forced) if forced else chunk_size_for
    sha = batch.file_sha256(input_path)
    staging = Staging(out_dir, batch.batch_id_for(input_path, sha))
    staged = StagedInput(staging.batch_id, str(staging.dir))
    if (staging.final / "manifest.json").is_file():
        staged.already_published = True
        return staged
    previous = batch.staged_info(staging, sha, size_for)
    if previous is not None:
        staged.kind = previous["kind"]
        staged.accepted = previous["accepted"]
        staged.rejected_rows = previous["rejected_rows"]
        staged.chunks = [(s, e) for s, e in previous["chunks"]]
        staged.resumed = True
        return staged
    batch.clear_staging(staging)
    staging.work.mkdir(parents=True)
    try:
        result, programs = _stage_records(input_path, staging, kind)
    except InputFileError as exc:
        batch.clear_staging(staging)  # what the rejected file gave before its rejection goes too
        staged.file_error = str(exc)
        return staged
    except AccordError:
        batch.clear_staging(staging)
        raise
    except Exception as exc:
        batch.clear_staging(staging)
        # An unforeseen reader failure may quote cell values: keep only its type for Prefect.
        staged.file_error = (
            f"{input_path.name} could not be read ({type(exc).__name__}). Save it again as .xlsx "
            "from Excel and drop it again; if it keeps failing, send it to HR-IT."
        )
        return staged
    n = result.accepted
    size = size_for(n)
    staged.kind = result.kind.value
    staged.accepted = n
    staged.rejected_rows = result.rejected_rows
    staged.chunks = [(s, min(s + size, n)) for s in range(0, n, size)]
    # Written last: its presence tells a later run that the records above are complete.
    batch.write_json(
        staging.work / "input.json",
        {
            "name": input_path.name,
            "sha256": sha,
            "kind": result.kind.value,
            "sheet": result.sheet,
            "total_rows": result.total_rows,
            "notes": result.notes,
            "program_sizes": programs,
            "decisional_unit": [asdict(m) for m in result.decisional_unit],
            "problems": [asdict(p) for p in result.problems],
            "accepted": n,
            "rejected_rows": result.rejected_rows,
            "chunk_size": size,
            "chunks": staged.chunks,
        },
    )
    return staged


def _stage_records(
    input_path: Path, staging: Staging, kind: Kind | None
) -> tuple[IntakeResult, dict[str, int]]:
    """Return the intake result and the size of each program, the records written as read."""
    from accord import intake

    programs: dict[str, int] = {}
    with batch.RecordWriter(staging) as writer:

        def keep(record: Record) -> None:
            writer.add(record)
            program = getattr(record, "program_id", None)
            if program:
                programs[program] = programs.get(program, 0) + 1

        result = intake.read_batch_to(input_path, keep, kind)
    return result, programs


@cache
def _document_set(kind: Kind) -> DocumentSet:
    # Compiled once per process: chunk tasks in the same worker reuse it.
    return DocumentSet(kind)


def prepare_worker() -> int:
    """Return how many document sets this process compiled (and load the rules) ahead of its
    first chunk."""
    load_rules()
    for kind in Kind:
        _document_set(kind)
    return len(Kind)


@timed_step("render_chunk")
def render_chunk(
    staging_dir: Path,
    index: int,
    start: int,
    end: int,
    as_of: date,
    esign: str = "none",
    pdf: bool = False,
) -> dict[str, int]:
    """Return counts after applying the rules and rendering documents for records start..end.

    With ``pdf`` the chunk also converts its own documents, so that one worker's LibreOffice
    runs while the other worker renders. A chunk already rendered by an earlier run for the
    same records, date, e-sign provider and PDF choice is reused as it is. Errors name the row
    and record id only: their text reaches Prefect.
    """
    staging = Staging.of(staging_dir)
    chunk_path = staging.work / f"chunk-{index:05d}.json"
    plan = {"start": start, "end": end, "as_of": as_of.isoformat(), "esign": esign}
    if pdf:
        plan["pdf"] = True
    done = batch.finished_chunk(chunk_path, plan)
    if done is not None:
        return done
    info = batch.read_json(staging.work / "input.json")
    facts = BatchFacts(
        program_sizes=info["program_sizes"],
        decisional_unit=tuple(DecisionalUnitMember(**m) for m in info["decisional_unit"]),
    )
    entries: list[dict[str, Any]] = []
    blocked: list[dict[str, Any]] = []
    documents = 0
    rules_seconds = [0.0]
    for record in batch.read_records(staging, start, end):
        try:
            entry, written = _render_record(staging, record, as_of, facts, esign, rules_seconds)
        except AccordError:
            raise
        except Exception as exc:
            # The original message may quote a value (a name, a salary), and Prefect stores
            # exception texts and tracebacks: only a person debugging on purpose gets it.
            if os.environ.get("ACCORD_DEBUG"):
                raise
            raise RenderError(
                f"Row {record.row} ({record.record_id}) could not be rendered "
                f"({type(exc).__name__}). To see the cause, which may show the row's values, "
                "run `accord run` on the file with ACCORD_DEBUG=1 set."
            ) from None
        documents += written
        (blocked if entry.pop("blocked") else entries).append(entry)
    counts = {"records": len(entries), "blocked": len(blocked), "documents": documents}
    timing.record("rules_chunk", rules_seconds[0])
    if pdf:
        _convert_chunk(staging, entries)
    batch.write_json(
        chunk_path, {"records": entries, "blocked": blocked, "plan": plan, "counts": counts}
    )
    return counts


@timed_step("pdf_chunk")
def _convert_chunk(staging: Staging, entries: list[dict[str, Any]]) -> None:
    from accord.documents.pdf import convert_files  # LibreOffice only when PDFs are asked for

    docs = [staging.dir / d["path"] for e in entries for d in e["documents"]]
    # One LibreOffice per chunk: the pool's other worker runs the other.
    convert_files(docs, staging.dir / "documents", workers=1)


def _render_record(
    staging: Staging,
    record: Record,
    as_of: date,
    facts: BatchFacts,
    esign: str,
    rules_seconds: list[float],
) -> tuple[dict[str, Any], int]:
    started = time.perf_counter()
    det = determine(record, as_of, facts)
    rules_seconds[0] += time.perf_counter() - started
    entry: dict[str, Any] = {
        "row": record.row,
        "record_id": record.record_id,
        "jurisdiction": list(det.chain),
        "terms": det.terms_json(),
        "findings": [f.as_dict() for f in det.findings],
        "documents": [],
        "name": getattr(record, "name", ""),
        "owner": record.owner or "",
        "blocked": det.blocked,
    }
    if det.blocked:
        return entry, 0
    folder = staging.dir / "documents" / batch.record_folder(record.record_id)
    folder.mkdir(parents=True, exist_ok=True)
    rendered = _document_set(record.kind).render(record, det, staging.batch_id, as_of, esign, facts)
    for doc in rendered:
        path = folder / f"{doc.name}.docx"
        path.write_bytes(doc.data)
        entry["documents"].append(
            {
                "type": doc.type,
                "path": path.relative_to(staging.dir).as_posix(),
                "sha256": hashlib.sha256(doc.data).hexdigest(),
            }
        )
    return entry, len(rendered)


def _chunks(staging: Staging) -> Iterator[dict[str, Any]]:
    # One chunk file in memory at a time: a batch's entries together are hundreds of MB.
    for path in sorted(staging.work.glob("chunk-*.json")):
        yield batch.read_json(path)


@timed_step("tracker")
def write_tracker(staging_dir: Path, as_of: date | None = None) -> int:
    """Write the batch's tracker.xlsx and return how many rows it has."""
    from accord.tracker import Provenance, chunk_entries, write_batch_tracker

    staging = Staging.of(staging_dir)
    info = batch.read_json(staging.work / "input.json")
    provenance = Provenance(
        batch_id=staging.batch_id,
        kind=info["kind"],
        source=info["name"],
        input_sha256=info["sha256"],
        as_of=as_of,
        rules_version=rules_version(),
        templates_version=templates_version(),
    )
    # Streamed from the chunk files, one at a time: memory stays flat however big the batch.
    entries = chunk_entries(staging.work.glob("chunk-*.json"))
    return write_batch_tracker(
        staging.dir / "tracker.xlsx", Kind(info["kind"]), entries, provenance
    )


# Left in the work folder by write_manifest for write_summary: the summary's counts and deadlines.
_TALLY = "tally.json"


@timed_step("manifest")
def write_manifest(staging_dir: Path, as_of: date) -> dict[str, int]:
    """Write manifest.json (and rejects.xlsx when rows were rejected); return the counts.

    The records go into the manifest one at a time from the chunk files, never all in memory;
    what the summary shows is tallied on the way and left for :func:`write_summary`.
    """
    from accord.tally import Tally  # openpyxl and python-docx: chunk workers need neither

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
    }
    tally = Tally(head)
    # Rows intake rejected, then rows whose rules found an error: one list for rejects.xlsx and
    # the manifest alike.
    problems = [RowProblem(**p) for p in info["problems"]]
    documents = 0

    def records() -> Iterator[dict[str, Any]]:
        nonlocal documents
        for data in _chunks(staging):
            for entry in data["records"]:
                tally.add(entry)
                documents += len(entry["documents"])
                yield {k: v for k, v in entry.items() if k not in ("name", "owner")}
            for entry in data["blocked"]:
                tally.add_withheld(entry)
                problems.extend(_withheld_problems(info["sheet"], entry))

    def rejected() -> Iterator[dict[str, Any]]:
        # Runs after records(), which found the withheld records' problems ("records" sorts first).
        tally.rejected = _rejected_rows(problems)
        yield from tally.rejected

    manifest = {**head, "records": records(), "rejected": rejected()}
    batch.write_json_stream(staging.dir / "manifest.json", manifest)
    if problems:
        from accord import intake  # pandas: loaded only when there are rejects to write

        intake.write_rejects(staging.dir / "rejects.xlsx", info["name"], problems)
    # Compact: with an indent, json's encoder is pure Python and holds every piece until the end.
    (staging.work / _TALLY).write_text(
        json.dumps(tally.to_json(), separators=(",", ":"), ensure_ascii=False), "utf-8"
    )
    return {"records": tally.records, "rejected": len(tally.rejected), "documents": documents}


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
            {"column": problem.column, "value": problem.value, "message": problem.problem}
        )
    return [rows[row] for row in sorted(rows)]


@timed_step("summary")
def write_summary(staging_dir: Path) -> None:
    """Write the batch's summary.docx (counts, places, findings, rejects, deadlines, chart).

    It is drawn from what :func:`write_manifest` tallied, so the manifest must be written first.
    """
    from accord.summary import write_summary_document  # python-docx loads only when one is due
    from accord.tally import Tally

    staging = Staging.of(staging_dir)
    path = staging.work / _TALLY
    if not path.is_file():
        raise AccordError(
            f"{path} is missing: the summary is drawn from what write_manifest tallies, so write "
            "the manifest first (run the batch again to finish it)."
        )
    tally = Tally.from_json(batch.read_json(path))
    write_summary_document(staging.dir / "summary.docx", tally)


@timed_step("master tracker")
def update_master_tracker(batch_dir: Path) -> str:
    """Upsert the published batch's rows into ``outputs/tracker.xlsx``; return what happened.

    The answer is one line naming files and batch ids only. When the master tracker is open in
    Excel, damaged or busy, the batch's rows wait in a side file and the batch still succeeds.
    """
    from accord.tracker import merge_batch

    return merge_batch(batch_dir).message


@timed_step("publish")
def publish(staging_dir: Path) -> str:
    """Move the staged batch into place and return the published folder's path."""
    return str(batch.publish(Staging.of(staging_dir)))


def follow_up(out_dir: Path, as_of: date) -> dict[str, Any]:
    """Write the reminder digest for ``as_of`` from the master tracker; return its counts and paths.

    The counts (overdue, due soon, owners, records, per kind of deadline) carry no names.
    """
    from accord.tracker import write_digest

    return write_digest(out_dir, as_of).as_dict()
