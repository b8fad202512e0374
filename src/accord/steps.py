"""The pipeline's steps, each a plain function of paths and ids that a Prefect task wraps.

Steps exchange files in the batch's staging folder, never personal data: what they return is counts,
ids and paths, safe to store in Prefect.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accord import batch, timing, versions
from accord.batch import Staging
from accord.bulk_send import recipients_of
from accord.chunking import chunk_size_for, forced_chunk_size
from accord.disk import disk_full, full_disk_named, is_full
from accord.documents import DocumentSet, templates_version
from accord.documents import follow_up as _follow_up
from accord.documents.separation import described_programs
from accord.errors import AccordError, InputFileError, RenderError, TemplateError
from accord.inbox import Contents
from accord.jurisdictions import BatchFacts, determine, load_rules, rules_version
from accord.jurisdictions.deadline import load_calendars
from accord.private_log import keep_private
from accord.records import DecisionalUnitMember, Kind, Record
from accord.report import manifest as _manifest
from accord.timing import timed_step

if TYPE_CHECKING:
    from accord.intake import IntakeResult


def _of_staging(staging_dir: Path) -> Path:
    return staging_dir.parent.parent


def _of_batch(batch_dir: Path) -> Path:
    return batch_dir.parent


# Steps with modules of their own, wrapped by Prefect tasks like the rest.
write_manifest = full_disk_named(_of_staging)(_manifest.write_manifest)
write_summary = full_disk_named(_of_staging)(_manifest.write_summary)

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
    copy_of: str = ""  # the name this content was published under, when another


@timed_step("read")
def stage_input(
    input_path: Path,
    out_dir: Path,
    kind: Kind | None = None,
    chunk_size: int | None = None,
    as_of: date | None = None,
) -> StagedInput:
    """Return the staged input: records typed and stored in staging, or the file's rejection.

    Records are written to staging as intake reads them, so the batch is never held in memory; a
    file rejected part way leaves nothing behind. Chunks hold ``chunk_size`` records when it is
    given, else :func:`accord.chunking.chunk_size_setting` for the number of records accepted.

    A staging folder left by a run that died is reused when it holds this same content cut into the
    same chunks (its ``input.json`` is written last, so its presence means the records are complete);
    anything else left there is cleared and staged afresh.
    """
    try:
        return _stage_input(input_path, out_dir, kind, chunk_size, as_of)
    except OSError as exc:
        if not is_full(exc):
            raise
        raise disk_full(out_dir) from None


def _stage_input(
    input_path: Path,
    out_dir: Path,
    kind: Kind | None,
    chunk_size: int | None,
    as_of: date | None,
) -> StagedInput:
    forced = chunk_size or forced_chunk_size()
    size_for = (lambda _: forced) if forced else chunk_size_for
    sha = batch.file_sha256(input_path)
    staging = Staging(out_dir, batch.batch_id_for(input_path, sha))
    staged = StagedInput(staging.batch_id, str(staging.dir))
    contents = Contents(out_dir)
    if (staging.final / "manifest.json").is_file():
        staged.already_published = True
        contents.add(sha, input_path.name, staging.batch_id, date.today())  # from before it
        return staged
    seen = contents.get(sha)
    if seen is not None and (out_dir / seen.batch_id / "manifest.json").is_file():
        # The same content under another name: that batch, whichever way it came first.
        staged.batch_id = seen.batch_id
        staged.staging_dir = str(Staging(out_dir, seen.batch_id).dir)
        staged.already_published = True
        staged.copy_of = seen.name
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
        result, programs = _stage_records(input_path, staging, kind, as_of)
    except InputFileError as exc:
        batch.clear_staging(staging)  # what the rejected file gave before its rejection goes too
        staged.file_error = str(exc)
        return staged
    except AccordError:
        batch.clear_staging(staging)
        raise
    except Exception as exc:
        batch.clear_staging(staging)  # on a full disk too: what it holds would only fill it
        if is_full(exc):
            raise disk_full(out_dir) from None
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
            "near_misses": result.near_misses,
            "warnings": [asdict(w) for w in result.warnings],
            # Claimed from the drop folder: its messages may say "drop the file again".
            "dropped": input_path.parent.name == ".processing",
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


def stage_ahead(
    input_path: Path, out_dir: Path, kind: Kind | None = None, as_of: date | None = None
) -> StagedInput | None:
    """Return the input staged for a flow run to find; None when that run had better stage it.

    ``accord run`` has a worker call this while Prefect starts, holding the batch's lock for the
    flow run it starts next (:func:`accord.lock.held_for_run`); the flow's ``stage_input`` then
    finds the records staged. A file published already or rejected, and whatever goes wrong here,
    are left to the flow run, which stages the file again and reports it in its own terms.
    """
    try:
        staged = stage_input(input_path, out_dir, kind, as_of=as_of)
    except Exception:  # the flow run stages it again and reports the failure
        return None
    return None if staged.already_published or staged.file_error else staged


def _stage_records(
    input_path: Path, staging: Staging, kind: Kind | None, as_of: date | None
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

        result = intake.read_batch_to(input_path, keep, kind, as_of=as_of)
    return result, programs


@cache
def _document_set(kind: Kind) -> DocumentSet:
    # Compiled once per process: chunk tasks in the same worker reuse it.
    return DocumentSet(kind)


def prepare_worker() -> int:
    """Return how many document sets this process compiled (and load the rules) ahead of its
    first chunk, and import the trackers' writers with this year's holiday table.

    The batch's last steps run on the workers once the chunks are done, the tracker on one and the
    master tracker on the other, each after the other: both would otherwise first import openpyxl
    and the trackers' modules and look up each place's holidays (0.3 s each on the 2-core machine).
    """
    from accord.tracker.sheet import holiday_table

    load_rules()
    load_calendars()  # the holiday calendars' import is a second's work of the first chunk else
    for kind in Kind:
        _document_set(kind)
    holiday_table(date.today())  # as the trackers write it for a batch of this year
    return len(Kind)


@timed_step("render_chunk")
@full_disk_named(_of_staging)
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
    chunk_path = staging.chunk_path(index)
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
        described_programs=described_programs(),
    )
    entries: list[dict[str, Any]] = []
    due: dict[str, dict[str, Any]] = {}  # who signs, and the letters due once Signed
    blocked: list[dict[str, Any]] = []
    unchanged: list[dict[str, Any]] = []  # the same values as their last version: not issued
    documents = 0
    rules_seconds = [0.0]
    for record in batch.read_records(staging, start, end):
        try:
            entry, written = _render_record(
                staging, record, as_of, facts, esign, rules_seconds, info["name"], due
            )
        except TemplateError as exc:
            # Its text may quote the row's values (a name used as a key): Prefect stores
            # exception texts and tracebacks, so it gets ids and codes, and the local log the rest.
            if os.environ.get("ACCORD_DEBUG"):
                raise
            log = keep_private(staging.work, f"Row {record.row} ({record.record_id})", exc)
            what = _TEMPLATE_CODES.get(exc.code, "a tag failed")
            raise RenderError(
                f"Row {record.row} ({record.record_id}): {exc.template or 'a template'} could not "
                f"be rendered ({what}). The full error, which may quote the row's values, is in "
                f"{log} (only this machine's user can read it). Correct the template in Word and "
                "run again."
            ) from None
        except AccordError:
            raise
        except Exception as exc:
            if is_full(exc):
                raise disk_full(staging.out_dir) from None
            # The original message may quote a value (a name, a salary), and Prefect stores
            # exception texts and tracebacks: only a person debugging on purpose gets it.
            if os.environ.get("ACCORD_DEBUG"):
                raise
            log = keep_private(staging.work, f"Row {record.row} ({record.record_id})", exc)
            raise RenderError(
                f"Row {record.row} ({record.record_id}) could not be rendered "
                f"({type(exc).__name__}). The full error, which may show the row's values, is in "
                f"{log} (only this machine's user can read it)."
            ) from None
        documents += written
        if entry.pop("blocked"):
            blocked.append(entry)
        else:
            (unchanged if "same_as" in entry else entries).append(entry)
    counts = {"records": len(entries), "blocked": len(blocked), "documents": documents}
    counts["unchanged"] = len(unchanged)
    timing.record("rules_chunk", rules_seconds[0])
    if pdf:
        _convert_chunk(staging, entries)
    _follow_up.write_due(staging.dir, index, due)
    batch.write_chunk(
        chunk_path,
        {
            "records": entries,
            "blocked": blocked,
            "unchanged": unchanged,
            "plan": plan,
            "counts": counts,
        },
    )
    return counts


_TEMPLATE_CODES = {"missing_field": "a field it uses is missing", "tag_failed": "a tag failed"}


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
    source: str,
    due: dict[str, dict[str, Any]],
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
    # A record id published before: unchanged (not issued again) or its next version.
    previous = versions.for_staging(staging, record.kind.value)
    state = versions.classify(record, previous.get(record.record_id), source)
    versions.stamp(entry, record, previous.get(record.record_id), state)
    if state == versions.UNCHANGED:
        return entry, 0
    folder_name = batch.record_folder(record.record_id)
    folder = staging.dir / "documents" / folder_name
    folder.mkdir(parents=True, exist_ok=True)
    revise = versions.reviser(previous[record.record_id]) if state == versions.CHANGED else None
    rendered, letters_due = _document_set(record.kind).render_batch(
        record, det, staging.batch_id, as_of, esign, facts, revise
    )
    for doc in rendered:
        (folder / f"{doc.name}.docx").write_bytes(doc.data)
        described: dict[str, Any] = {
            "type": doc.type,
            "path": f"documents/{folder_name}/{doc.name}.docx",
            "sha256": hashlib.sha256(doc.data).hexdigest(),
        }
        if doc.variant:
            described |= {"variant": doc.variant, "clauses": list(doc.clauses)}
        entry["documents"].append(described)
        entry["findings"].extend(doc.findings)
    if state == versions.CHANGED:
        redline = versions.write_redline(previous[record.record_id], rendered[0], folder, as_of)
        entry["redline"] = redline.relative_to(staging.dir).as_posix() if redline else ""
        if redline is None:
            entry["findings"].append(versions.no_redline(previous[record.record_id]))
        else:
            # Counsel approves the redline with the signing copy; release copies both out.
            entry["redline_sha256"] = batch.file_sha256(redline)
            entry["redline_against"] = {
                "batch_id": previous[record.record_id].sent.batch_id,
                "version": previous[record.record_id].sent.version,
            }
            if unsent := versions.unreleased_base(previous[record.record_id]):
                entry["findings"].append(unsent)
    # Who signs (for the release's bulk-send lists) and the letters `accord follow-up` writes
    # once Signed (appreciation follows the commitment): never in the manifest.
    due[record.record_id] = _follow_up.due_entry(recipients_of(record), letters_due)
    if letters_due:
        entry["follow_up_documents"] = _follow_up.letters_listed(staging.dir, folder, letters_due)
    return entry, len(rendered)


@timed_step("tracker")
@full_disk_named(_of_staging)
def write_tracker(staging_dir: Path, as_of: date | None = None) -> int:
    """Write the batch's tracker.xlsx and return how many rows it has."""
    from accord.tracker import Provenance, chunk_entries, write_batch_tracker
    from accord.tracker.held_rows import held_path

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
        columns_to_check="\n".join(info.get("near_misses", [])),
    )
    # Streamed from the chunk files, one at a time: memory stays flat however big the batch.
    entries = chunk_entries(staging.chunk_paths())
    # Its rows are also held for the master merge, which then need not read them back.
    held = held_path(staging.out_dir, staging.batch_id)
    return write_batch_tracker(
        staging.dir / "tracker.xlsx", Kind(info["kind"]), entries, provenance, held
    )


def discard_staging(staging_dir: Path) -> None:
    """Remove a batch's staging folder (after a full disk: what it holds would only fill it)."""
    from accord.tracker import held_rows

    staging = Staging.of(staging_dir)
    batch.clear_staging(staging)
    held_rows.discard(staging.out_dir, staging.batch_id)


@timed_step("master tracker")
@full_disk_named(_of_batch)
def update_master_tracker(batch_dir: Path) -> str:
    """Upsert the published batch's rows into ``outputs/tracker.xlsx``; return what happened.

    The answer is one line naming files and batch ids only. When the master tracker is open in
    Excel, damaged or busy, the batch's rows wait in a side file and the batch still succeeds.
    """
    from accord.tracker import merge_batch

    return merge_batch(batch_dir).message


@timed_step("publish")
@full_disk_named(_of_staging)
def publish(staging_dir: Path) -> str:
    """Move the staged batch into place and return the published folder's path.

    Its tracker rows are first copied beside the master tracker, so that a run dying between
    publishing and the master update loses nothing: the next update applies them. The content is
    registered in :class:`accord.inbox.Contents` as this batch, so that a copy under another name,
    by ``accord run`` or the drop folder, is found to be this batch.
    """
    from accord.tracker import MASTER_NAME
    from accord.tracker.master import hold_for_master

    staging = Staging.of(staging_dir)
    tracker = staging.dir / "tracker.xlsx"
    if tracker.is_file():
        hold_for_master(tracker, staging.out_dir / MASTER_NAME, staging.batch_id)
    input_json = staging.work / "input.json"
    # A retry after the rename finds no work folder: the next run of the file registers it.
    info = batch.read_json(input_json) if input_json.is_file() else None
    folder = batch.publish(staging)
    if info is not None:
        Contents(staging.out_dir).add(info["sha256"], info["name"], staging.batch_id, date.today())
    return str(folder)


def write_letters(out_dir: Path, as_of: date) -> int:
    """Write the appreciation letters of records the master tracker shows Signed; return how
    many were written (a letter already written is never written again)."""
    from accord.tracker.letters import write_signed_letters

    return write_signed_letters(out_dir, as_of, _document_set)


def follow_up(out_dir: Path, as_of: date) -> dict[str, Any]:
    """Write the reminder digest for ``as_of`` from the master tracker; return its counts and paths.

    The counts (overdue, due soon, owners, records, per kind of deadline) carry no names.
    """
    from accord.tracker import write_digest

    return write_digest(out_dir, as_of).as_dict()
