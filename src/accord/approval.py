"""Counsel's decision on a published batch: approve, approve except some records, or reject.

A batch is published awaiting approval. The decision, from ``accord approve`` / ``accord reject`` or
from the form of the batch's suspended approval run in Prefect, is written once to
``outputs/<batch>/approval.json`` with the sha256 of every signing copy and review copy as counsel
saw them, and to the audit trail; then the approved records are released (:mod:`accord.release`).
A document that changed after it was published for review is refused: nothing is approved.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from accord import audit, batch, yaml_text
from accord.errors import AccordError, UsageError
from accord.lock import wait_lock
from accord.paths import TEMPLATES_DIR
from accord.report import manifest_file

APPROVAL_NAME = "approval.json"
DECISIONS = ("approve", "approve except", "reject")
DEFAULT_TIMEOUT_DAYS = 14.0
LOCK_WAIT_SECONDS = 120.0
# At most this many changed files are named in the error; the rest are counted.
_NAMED = 5


class DocumentChanged(AccordError):
    """A document differs from the one counsel reviewed (or that was published for review)."""


class AlreadyDecided(AccordError):
    """The batch has a decision already; a batch is decided once."""


@dataclass(frozen=True)
class Decision:
    """What counsel decided: ``decision`` one of DECISIONS, record ids or variants held back."""

    decision: str
    by: str
    holds: tuple[str, ...] = ()
    note: str = ""
    via: str = "cli"

    def __post_init__(self) -> None:
        if self.decision not in DECISIONS:
            raise UsageError(f"Decision '{self.decision}' is not one of: {', '.join(DECISIONS)}.")
        if not self.by.strip():
            raise UsageError("A decision needs the reviewer's name: give --by NAME.")
        if self.decision == "reject" and self.holds:
            raise UsageError("A rejected batch holds back every record: drop --hold.")


@dataclass
class Outcome:
    """What a decision came to: the record ids approved, held and rejected."""

    batch_id: str
    decision: str
    approved: list[str] = field(default_factory=list)
    held: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Return how many records came to each end."""
        return {
            "approved": len(self.approved),
            "held": len(self.held),
            "rejected": len(self.rejected),
        }


def timeout_days(root: Path = TEMPLATES_DIR) -> float:
    """Return how many days a served batch waits for approval (company.yaml ``approval``)."""
    path = root / "company.yaml"
    data = yaml_text.parse(path.read_text("utf-8")) if path.exists() else None
    section = (data or {}).get("approval") or {}
    value = section.get("timeout_days", DEFAULT_TIMEOUT_DAYS)
    if not isinstance(value, int | float) or isinstance(value, bool) or value <= 0:
        raise UsageError(
            f"{path}: approval.timeout_days is {value!r}; write a number of days above 0 (14)."
        )
    return float(value)


def batch_dir_of(out_dir: Path, batch_id: str) -> Path:
    """Return a published batch's folder; raise UsageError naming the fix when there is none."""
    folder = out_dir / batch_id
    if not (folder / "manifest.json").is_file():
        raise UsageError(
            f"No published batch '{batch_id}' in {out_dir}. The batch ids are the folder names "
            f"there (and the Batch column of {out_dir / 'tracker.xlsx'})."
        )
    return folder


def records_of(folder: Path) -> Iterator[dict[str, Any]]:
    """Yield the manifest's record entries of a published batch, one at a time."""
    for key, value in manifest_file.iter_items(folder / "manifest.json"):
        if key == "records":
            yield value


def signing_copies(entry: dict[str, Any]) -> list[dict[str, Any]]:
    """Return a record's documents the person signs (those counsel reviewed as a variant)."""
    return [d for d in entry["documents"] if d.get("variant")]


def documents_of(entry: dict[str, Any]) -> dict[str, str]:
    """Return path -> sha256 of every document of a record counsel approves: the documents and,
    for a new version, its redline against what the person received (``<type>.redline.docx``)."""
    found = {d["path"]: d["sha256"] for d in entry["documents"]}
    if entry.get("redline") and entry.get("redline_sha256"):
        found[entry["redline"]] = entry["redline_sha256"]
    return found


def changed(folder: Path, expected: dict[str, str]) -> list[str]:
    """Return one line per file in ``expected`` (path -> sha256) that is missing or differs."""
    lines = []
    for rel, sha in expected.items():
        path = folder / rel
        now = batch.file_sha256(path) if path.is_file() else None
        if now != sha:
            seen = "is missing" if now is None else f"is now {now[:12]}"
            lines.append(f"{rel} (sha256 {sha[:12]} when reviewed, {seen})")
    return lines


def refuse_changed(folder: Path, lines: list[str], what: str, fix: str) -> None:
    """Raise DocumentChanged naming the first changed files, unless ``lines`` is empty."""
    if not lines:
        return
    named = "; ".join(lines[:_NAMED])
    more = f" and {len(lines) - _NAMED} more" if len(lines) > _NAMED else ""
    raise DocumentChanged(
        f"Batch {folder.name}: {len(lines)} document(s) changed after review: {named}{more}. "
        f"{what} {fix}"
    )


def read_decision(folder: Path) -> dict[str, Any] | None:
    """Return a batch's recorded decision (approval.json), or None while it awaits approval."""
    path = folder / APPROVAL_NAME
    if not path.exists():
        return None
    data: dict[str, Any] = batch.read_json(path)
    return data


def record_published(folder: Path) -> int:
    """Append one "published" event per record of a just-published batch, and "superseded" for
    each record an earlier batch of the same file name (a re-issued file) had or whose version
    this batch replaces; mark those earlier versions' rows Superseded in their batch's tracker
    (:mod:`accord.tracker.supersede`); return how many events."""
    from accord.tracker.supersede import mark_superseded  # openpyxl: only once published

    out_dir, batch_id = folder.parent, folder.name
    stem = batch_id.rsplit("-", 1)[0]
    earlier: dict[str, list[str]] = {}
    if audit.audit_path(out_dir).exists():
        for entry in audit.read(out_dir):
            old = entry.get("batch", "")
            if entry["event"] == "published" and old != batch_id and old.rsplit("-", 1)[0] == stem:
                earlier.setdefault(entry["record"], []).append(old)
    for row in mark_superseded(folder):
        if row.batch_id not in earlier.get(row.record_id, []):
            earlier.setdefault(row.record_id, []).append(row.batch_id)
    events = []
    for e in records_of(folder):
        rid = str(e["record_id"])
        documents = documents_of(e)
        events.append(audit.event("published", batch=batch_id, record=rid, documents=documents))
        events += [
            audit.event("superseded", batch=old, record=rid, superseded_by=batch_id)
            for old in earlier.get(rid, [])
        ]
    return audit.append(out_dir, events)


@dataclass(frozen=True)
class Waiting:
    """A published batch with no decision yet: since when, for how many days, how many records."""

    batch_id: str
    published: date
    days: int
    records: int


def awaiting(out_dir: Path, as_of: date) -> list[Waiting]:
    """Return the batches in ``out_dir`` awaiting approval as of ``as_of``, longest waiting first.

    A batch awaits approval from its "published" event in the audit trail until its decision;
    batches published before Accord had an approval step have no such event and are not listed.
    """
    if not audit.audit_path(out_dir).exists():
        return []
    first: dict[str, date] = {}
    for entry in audit.read(out_dir):
        if entry["event"] == "published":
            first.setdefault(entry["batch"], date.fromisoformat(entry["at"][:10]))
    found = []
    for batch_id, day in first.items():
        folder = out_dir / batch_id
        if not (folder / "manifest.json").is_file() or (folder / APPROVAL_NAME).exists():
            continue
        count = sum(1 for _ in records_of(folder))
        found.append(Waiting(batch_id, day, max(0, (as_of - day).days), count))
    return sorted(found, key=lambda w: (w.published, w.batch_id))


def _holds(entries: list[dict[str, Any]], holds: Iterable[str], batch_id: str) -> set[str]:
    ids = {str(e["record_id"]) for e in entries}
    held: set[str] = set()
    for hold in holds:
        if hold in ids:
            held.add(hold)
            continue
        matching = {
            str(e["record_id"])
            for e in entries
            if any(d.get("variant") == hold for d in e["documents"])
        }
        if not matching:
            raise UsageError(
                f"--hold '{hold}' is neither a record id nor a variant of batch {batch_id}. "
                "Record ids are in the batch's tracker.xlsx, variants in review/index.xlsx."
            )
        held |= matching
    return held


def decide(out_dir: Path, batch_id: str, decision: Decision) -> Outcome:
    """Record ``decision`` on a published batch and return what it came to (not yet released).

    Writes approval.json and the audit events under the batch's lock. Raises AlreadyDecided when
    the batch was decided before, DocumentChanged when a document differs from the manifest.
    """
    folder = batch_dir_of(out_dir, batch_id)
    with wait_lock(batch.lock_path(out_dir, batch_id), LOCK_WAIT_SECONDS):
        before = read_decision(folder)
        if before is not None:
            raise AlreadyDecided(
                f"Batch {batch_id} was decided already ({before['decision']}, by {before['by']} "
                f"on {before['at'][:10]}); a batch is decided once. To change what goes out, "
                "correct the spreadsheet and process it as a new batch."
            )
        entries = list(records_of(folder))
        documents = {p: sha for e in entries for p, sha in documents_of(e).items()}
        refuse_changed(
            folder,
            changed(folder, documents),
            "Nothing was approved.",
            "Restore the files Accord wrote, or correct the spreadsheet and process it again.",
        )
        review = {
            str(p.relative_to(folder)): batch.file_sha256(p)
            for p in sorted((folder / "review").glob("*.docx"))
        }
        held = _holds(entries, decision.holds, batch_id)
        outcome = Outcome(batch_id, decision.decision)
        records: dict[str, dict[str, Any]] = {}
        for entry in entries:
            rid = str(entry["record_id"])
            if decision.decision == "reject":
                end, bucket = "rejected", outcome.rejected
            elif rid in held:
                end, bucket = "held", outcome.held
            else:
                end, bucket = "approved", outcome.approved
            bucket.append(rid)
            docs = documents_of(entry)
            records[rid] = {"outcome": end, "documents": docs}
        at = datetime.now(UTC).isoformat(timespec="seconds")
        batch.write_json(
            folder / APPROVAL_NAME,
            {
                "batch_id": batch_id,
                "decision": decision.decision,
                "by": decision.by,
                "at": at,
                "via": decision.via,
                "holds": list(decision.holds),
                "note": decision.note,
                "review": review,
                "records": records,
            },
        )
        audit.append(out_dir, _events(batch_id, decision, outcome, review, records))
    return outcome


def _events(
    batch_id: str,
    decision: Decision,
    outcome: Outcome,
    review: dict[str, str],
    records: dict[str, dict[str, Any]],
) -> Iterator[dict[str, Any]]:
    kind = "rejected" if decision.decision == "reject" else "approved"
    yield audit.event(
        kind,
        batch=batch_id,
        by=decision.by,
        via=decision.via,
        holds=list(decision.holds),
        note=decision.note,
        counts=outcome.counts(),
        documents=review,
    )
    for rid, data in records.items():
        yield audit.event(
            data["outcome"], batch=batch_id, record=rid, by=decision.by, documents=data["documents"]
        )
