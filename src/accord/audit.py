"""The audit trail: ``outputs/audit.jsonl``, one JSON event per line, each chained to the line before.

Every line carries ``prev``, the sha256 of the line before it (64 zeros for the first), so a line
changed, removed or inserted breaks the chain at that point and :func:`verify` names the line.
Lines are appended under the one inter-process lock (:mod:`accord.lock`): two processes appending at
once each read the last line and write after it in turn, and nothing is lost.

Events name batch ids, record ids, document paths and hashes, counts and the person who acted.
Only the fields in :data:`FIELDS` may be written, so a salary, a birth date or any other value of a
record cannot slip in; the one free text is a reviewer's note, which stays here and never reaches
Prefect.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from accord.errors import AccordError, UsageError
from accord.lock import wait_lock

AUDIT_NAME = "audit.jsonl"
GENESIS = "0" * 64
EVENTS = frozenset(
    {
        "published",
        "approved",
        "held",
        "rejected",
        "released",
        "superseded",
        "sent",
        "signed",
        "appreciation written",
    }
)
# Every field an event may carry. "note" is the reviewer's own words; nothing else is free text.
FIELDS = frozenset(
    {
        "batch",
        "record",
        "records",
        "by",
        "documents",
        "counts",
        "holds",
        "note",
        "via",
        "date",
        "superseded_by",
    }
)
LOCK_WAIT_SECONDS = 60.0
_TAIL_BLOCK = 1 << 16


class AuditBroken(AccordError):
    """The audit trail's chain is broken at a line (changed, removed or inserted)."""

    def __init__(self, path: Path, line: int, problem: str) -> None:
        super().__init__(
            f"{path} is broken at line {line}: {problem}. Restore the file from a backup; "
            "every line after the break can no longer be trusted."
        )
        self.line = line


def audit_path(out_dir: Path) -> Path:
    """Return the audit trail of an outputs folder."""
    return out_dir / AUDIT_NAME


def line_hash(line: bytes) -> str:
    """Return the sha256 of one line of the trail, without its newline."""
    return hashlib.sha256(line.rstrip(b"\n")).hexdigest()


def event(kind: str, **fields: Any) -> dict[str, Any]:
    """Return one event to append: its kind and fields (empty ones dropped), checked."""
    if kind not in EVENTS:
        raise ValueError(f"unknown audit event {kind!r}")
    unknown = sorted(set(fields) - FIELDS)
    if unknown:
        raise ValueError(f"audit events carry ids, hashes and counts only, not {unknown}")
    return {"event": kind, **{k: v for k, v in fields.items() if v not in (None, "", [], {})}}


def append(out_dir: Path, events: Iterable[dict[str, Any]]) -> int:
    """Append ``events`` to the trail in one locked write; return how many lines were written.

    Each line gets its number (``seq``), the time (UTC) and the hash of the line before it.
    """
    path = audit_path(out_dir)
    items = list(events)
    if not items:
        return 0
    out_dir.mkdir(parents=True, exist_ok=True)
    at = datetime.now(UTC).isoformat(timespec="seconds")
    with wait_lock(out_dir / ".locks" / "audit.lock", LOCK_WAIT_SECONDS):
        seq, prev = _tail(path)
        lines: list[bytes] = []
        for item in items:
            seq += 1
            data = {"seq": seq, "at": at, **item, "prev": prev}
            line = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
            encoded = line.encode("utf-8")
            lines.append(encoded + b"\n")
            prev = line_hash(encoded)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, b"".join(lines))
            os.fsync(fd)
        finally:
            os.close(fd)
    return len(lines)


def _tail(path: Path) -> tuple[int, str]:
    """Return the last line's ``seq`` and hash; (0, GENESIS) for a trail not started."""
    try:
        fh = path.open("rb")
    except FileNotFoundError:
        return 0, GENESIS
    with fh:
        end = fh.seek(0, os.SEEK_END)
        if end == 0:
            return 0, GENESIS
        buffer = b""
        pos = end
        while pos > 0:
            step = min(_TAIL_BLOCK, pos)
            pos -= step
            fh.seek(pos)
            buffer = fh.read(step) + buffer
            body = buffer.rstrip(b"\n")
            if b"\n" in body or pos == 0:
                last = body.rsplit(b"\n", 1)[-1]
                return int(json.loads(last)["seq"]), line_hash(last)
    return 0, GENESIS


@dataclass(frozen=True)
class Verified:
    """The outcome of a whole chain: how many lines, and the hash of the last."""

    lines: int
    head: str


def read(out_dir: Path) -> Iterator[dict[str, Any]]:
    """Yield the trail's events in order, checking the chain as it goes (raises AuditBroken)."""
    path = audit_path(out_dir)
    if not path.exists():
        return
    prev, seq = GENESIS, 0
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, start=1):
            if not raw.endswith(b"\n"):
                raise AuditBroken(path, number, "the line is cut short (no newline)")
            try:
                data = json.loads(raw)
            except ValueError:
                raise AuditBroken(path, number, "the line is not JSON") from None
            if not isinstance(data, dict):
                raise AuditBroken(path, number, "the line is not a JSON object")
            if data.get("prev") != prev:
                raise AuditBroken(
                    path, number, "its 'prev' is not the sha256 of the line before it"
                )
            seq += 1
            if data.get("seq") != seq:
                raise AuditBroken(path, number, f"its 'seq' is {data.get('seq')!r}, not {seq}")
            prev = line_hash(raw)
            yield data


def verify(out_dir: Path) -> Verified:
    """Return the number of lines and the head hash of a whole chain; raise AuditBroken if not."""
    count, head = 0, GENESIS
    path = audit_path(out_dir)
    if not path.exists():
        raise UsageError(f"{path} does not exist yet: nothing was published in {out_dir}.")
    for count, _ in enumerate(read(out_dir), start=1):  # noqa: B007 (the count is the result)
        pass
    if count:
        head = _tail(path)[1]
    return Verified(count, head)


def history(out_dir: Path, record_id: str) -> list[dict[str, Any]]:
    """Return the events that name ``record_id``, in order (the chain is checked on the way)."""
    return [
        e
        for e in read(out_dir)
        if e.get("record") == record_id or record_id in e.get("records", [])
    ]


def describe(entry: dict[str, Any]) -> str:
    """Return one event as a line for a terminal: when, what, which batch, who, and the rest."""
    parts = [entry.get("at", ""), entry["event"]]
    if "batch" in entry:
        parts.append(f"batch {entry['batch']}")
    if "by" in entry:
        parts.append(f"by {entry['by']}")
    if "via" in entry:
        parts.append(f"via {entry['via']}")
    if "date" in entry:
        parts.append(f"on {entry['date']}")
    if "superseded_by" in entry:
        parts.append(f"by batch {entry['superseded_by']}")
    if "documents" in entry:
        docs = entry["documents"]
        parts.append(", ".join(f"{p} sha256 {h[:12]}" for p, h in sorted(docs.items())))
    if "holds" in entry:
        parts.append("held: " + ", ".join(entry["holds"]))
    if "counts" in entry:
        parts.append(", ".join(f"{k} {v}" for k, v in sorted(entry["counts"].items())))
    if "note" in entry:
        parts.append(f"note: {entry['note']}")
    return "  ".join(str(p) for p in parts if p)
