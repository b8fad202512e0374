"""What ``accord run`` says about each file and how it exits: one line per file, then a total.

A file already published is answered from its published manifest: its exit status is that of the
batch (1 when it had rejected rows), and a run that asks for other options than the batch was made
with (``--as-of``, ``--pdf``, ``--esign``, ``--kind``) exits 2, naming the option and the way out.
``--reissue`` sets the published batch aside as a version and publishes it again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from accord import batch, lock
from accord.errors import not_dropped
from accord.inbox import Contents
from accord.report import manifest_file

# A reissue waits this long for a run still working on the batch before giving up.
REISSUE_LOCK_WAIT = 60.0


def counted(n: int, noun: str) -> str:
    """Return ``n`` with its noun, plural unless ``n`` is 1: "1 record", "27 records"."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


@dataclass
class Asked:
    """The options given on the command line (None: not given, the batch's own stands)."""

    as_of: str | None = None
    kind: str | None = None
    esign: str | None = None
    pdf: bool | None = None


@dataclass
class Totals:
    """What every file of a run came to, for the closing line and the exit status."""

    files: int = 0
    records: int = 0
    documents: int = 0
    rejected: int = 0
    files_rejected: int = 0
    status: int = 0

    def add(self, report: dict[str, Any], status: int) -> None:
        """Count one file's report and keep the worst exit status so far."""
        self.files += 1
        self.records += report.get("records") or 0
        self.documents += report.get("documents") or 0
        self.rejected += report.get("rejected") or 0
        self.files_rejected += report["status"] == "rejected"
        self.status = max(self.status, status)

    def line(self, out_dir: Path) -> str:
        """Return the closing line: "4 files: 27 records, 84 documents, 0 rejected. Master ..."."""
        files = counted(self.files, "file")
        whole = ""
        if self.files_rejected:
            whole = f" ({self.files_rejected} file{'s' if self.files_rejected != 1 else ''} "
            whole += "rejected whole)"
        return (
            f"{files}: {counted(self.records, 'record')}, {counted(self.documents, 'document')}, "
            f"{self.rejected} rejected{whole}. Master tracker: {out_dir / 'tracker.xlsx'}"
        )


@dataclass
class Published:
    """A published batch as its manifest tells it: counts, options, headers to check."""

    records: int = 0
    documents: int = 0
    rejected: int = 0
    as_of: str = ""
    kind: str = ""
    options: dict[str, Any] = field(default_factory=dict)
    near_misses: list[str] = field(default_factory=list)


def published(folder: Path) -> Published:
    """Return what the batch in ``folder`` was published with, read from its manifest."""
    found = Published()
    for key, value in manifest_file.iter_items(folder / "manifest.json"):
        if key == "records":
            found.records += 1
            found.documents += len(value["documents"])
        elif key == "rejected":
            found.rejected += 1
        elif key in ("as_of", "kind", "options", "near_misses"):
            setattr(found, key, value)
    return found


def conflicts(asked: Asked, batch_: Published) -> list[str]:
    """Return each option asked for that differs from the batch's, as "--pdf (published
    without)"; empty when the run asks for nothing the published batch does not have."""
    differ: list[str] = []
    if asked.as_of and asked.as_of != batch_.as_of:
        differ.append(f"--as-of {asked.as_of} (published as of {batch_.as_of})")
    if asked.kind and asked.kind != batch_.kind:
        differ.append(f"--kind {asked.kind} (published as {batch_.kind})")
    made_with = batch_.options.get("esign", "none")
    if asked.esign and asked.esign != made_with:
        differ.append(f"--esign {asked.esign} (published with --esign {made_with})")
    if asked.pdf is not None and asked.pdf != bool(batch_.options.get("pdf")):
        differ.append("--pdf (published without)" if asked.pdf else "no --pdf (published with)")
    return differ


def outcome(report: dict[str, Any], asked: Asked) -> tuple[int, list[str]]:
    """Return one file's exit status (0, 1 or 2) and the lines that tell it.

    0: every row produced its documents; 1: rows or the file rejected, or headers to check;
    2: already published with other options than those asked for.
    """
    name = report["input"]
    if report["status"] == "rejected":
        return 1, [f"{name}: rejected. {not_dropped(report['error'])}"]
    if report["status"] == "already_published":
        return _already(report, asked)
    line = f"{name}: {counted(report['records'], 'record')}, "
    line += counted(report["documents"], "document")
    line += f" -> {report['folder']}{_rejects(report)}"
    notes = report.get("notes") or []
    if notes:
        line += f" Note: {'; '.join(n.rstrip('.') for n in notes)}."
    lines = [line]
    changed, same = report.get("changed") or 0, report.get("unchanged") or 0
    if changed or same:
        new = report["records"] - changed
        lines.append(
            f"  versions: {new} new, {changed} changed (each with a redline), {same} unchanged "
            "(not issued again)"
        )
    if "tracker.pending-" in report.get("master_tracker", ""):
        lines.append(f"  {report['master_tracker']}")
    near = report.get("near_misses") or []
    lines += [f"  column to check: {n}" for n in near]
    return (1 if report.get("rejected") or near else 0), lines


def _rejects(report: dict[str, Any]) -> str:
    rows, warnings = report.get("rejected") or 0, report.get("warnings") or 0
    parts = []
    if rows:
        parts.append(f"{rows} row{'s' if rows != 1 else ''} rejected")
    if warnings:
        parts.append(f"{warnings} value{'s' if warnings != 1 else ''} to check")
    return f" ({', '.join(parts)}: see rejects.xlsx)" if parts else ""


def _already(report: dict[str, Any], asked: Asked) -> tuple[int, list[str]]:
    name, folder = report["input"], Path(report["folder"])
    batch_ = published(folder)
    report.update(records=batch_.records, documents=batch_.documents, rejected=batch_.rejected)
    differ = conflicts(asked, batch_)
    if differ:
        return 2, [
            f"{name}: already published as {folder.name}, with other options than this run's: "
            f"{'; '.join(differ)}. Run it again with --reissue to publish a new version (it "
            "says which records changed), or with another --out to publish it there."
        ]
    copy = f" (same content as {report['copy_of']})" if report.get("copy_of") else ""
    line = f"{name}: already processed{copy} -> {folder}{_rejects(report)}"
    near = [f"  column to check: {n}" for n in batch_.near_misses]
    return (1 if batch_.rejected or near else 0), [line, *near]


def set_aside(out_dir: Path, path: Path) -> Path | None:
    """Return where the published batch of ``path`` was moved for ``--reissue``: the next
    ``outputs/.versions/<batch_id>/<n>/``; None when the file was never published."""
    sha = batch.file_sha256(path)
    seen = Contents(out_dir).get(sha)
    for batch_id in dict.fromkeys(
        [batch.batch_id_for(path, sha), *([seen.batch_id] if seen else [])]
    ):
        folder = out_dir / batch_id
        if not (folder / "manifest.json").is_file():
            continue
        with lock.wait_lock(batch.lock_path(out_dir, batch_id), REISSUE_LOCK_WAIT):
            versions = out_dir / ".versions" / batch_id
            versions.mkdir(parents=True, exist_ok=True)
            target = versions / str(len(list(versions.iterdir())) + 1)
            folder.rename(target)
        return target
    return None


def changed_records(before: Path, after: Path) -> list[str]:
    """Return the record ids whose documents differ between two versions of a batch (added and
    removed records included), in the order of the new version."""
    old, new = _documents(before), _documents(after)
    changed = [rid for rid, docs in new.items() if old.get(rid) != docs]
    return changed + [rid for rid in old if rid not in new]


def _documents(folder: Path) -> dict[str, tuple[str, ...]]:
    return {
        value["record_id"]: tuple(d["sha256"] for d in value["documents"])
        for key, value in manifest_file.iter_items(folder / "manifest.json")
        if key == "records"
    }


def reissued_line(before: Path, after: Path) -> str:
    """Return the line that says which records a reissue changed, and where the old one is."""
    changed = changed_records(before, after)
    listed = ", ".join(changed[:10]) + (
        f" and {len(changed) - 10} more" if len(changed) > 10 else ""
    )
    which = f"{len(changed)} record{'s' if len(changed) != 1 else ''} changed"
    return f"  reissued: {which}{f' ({listed})' if changed else ''}; previous version in {before}"


def restore(version: Path, folder: Path) -> None:
    """Put a version set aside for ``--reissue`` back when the new run published nothing."""
    if version.is_dir() and not folder.exists():
        version.rename(folder)
