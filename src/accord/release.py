"""What goes out for signing: ``outputs/<batch>/release/``, the approved records' signing copies.

Built from the batch's decision (approval.json): every approved record's signing copies, each
checked against the sha256 counsel approved, are copied into ``release/<record>/`` (with a new
version's ``<type>.redline.docx``, approved with it, kept in Word); a file that
changed since is refused with an error naming it, and nothing is released. The folder is built
beside its place and moved in with one rename, with PDF/A copies when asked for
(:mod:`accord.signature_fields`) and the bulk-send lists (:mod:`accord.bulk_send`). Held and
rejected records get nothing there; the trackers say Ready to send, Held or Rejected, and the
audit trail records each release.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from accord import audit, batch, yaml_text
from accord.approval import (
    Outcome,
    batch_dir_of,
    changed,
    read_decision,
    records_of,
    refuse_changed,
    signing_copies,
)
from accord.bulk_send import write_lists
from accord.documents import follow_up
from accord.errors import UsageError
from accord.lock import wait_lock
from accord.paths import TEMPLATES_DIR

RELEASE_NAME = "release"
STATUS_OF = {"approved": "Ready to send", "held": "Held", "rejected": "Rejected"}
LOCK_WAIT_SECONDS = 120.0


@dataclass(frozen=True)
class Released:
    """What a release wrote: the folder, how many records and files, and the tracker outcome."""

    folder: Path
    records: int
    files: int
    tracker: str


def pdf_by_default(root: Path = TEMPLATES_DIR) -> bool:
    """Return True when company.yaml asks for PDF/A copies in every release (``release.pdf``)."""
    path = root / "company.yaml"
    data = yaml_text.parse(path.read_text("utf-8")) if path.exists() else None
    value = ((data or {}).get("release") or {}).get("pdf", False)
    if not isinstance(value, bool):
        raise UsageError(f"{path}: release.pdf is {value!r}; write true or false.")
    return value


def release(out_dir: Path, batch_id: str, pdf: bool | None = None) -> Released:
    """Write the release folder of a decided batch and set the trackers' statuses; return it.

    With ``pdf`` (default: company.yaml ``release.pdf``) each signing copy also gets a PDF/A-2b
    copy with an empty signature field at every signature line. Raises UsageError while the batch
    awaits approval, DocumentChanged when an approved document differs from the one counsel
    approved (nothing is released then).
    """
    pdf = pdf_by_default() if pdf is None else pdf
    folder = batch_dir_of(out_dir, batch_id)
    with wait_lock(batch.lock_path(out_dir, batch_id), LOCK_WAIT_SECONDS):
        decision = read_decision(folder)
        if decision is None:
            raise UsageError(
                f"Batch {batch_id} awaits approval: nothing is released before counsel decides. "
                f"Approve it with: accord approve {batch_id} --by NAME --out {out_dir}"
            )
        if decision["decision"] == "reject":
            raise UsageError(
                f"Batch {batch_id} was rejected by {decision['by']}: nothing is released. "
                "Correct the spreadsheet and process it as a new batch."
            )
        outcomes = {rid: data["outcome"] for rid, data in decision["records"].items()}
        approved = {rid for rid, end in outcomes.items() if end == "approved"}
        copies: dict[str, list[str]] = {}
        redlines: dict[str, str] = {}  # a new version's redline goes out with its signing copy
        for entry in records_of(folder):
            rid = str(entry["record_id"])
            if rid in approved:
                copies[rid] = [d["path"] for d in signing_copies(entry)]
                if entry.get("redline") and entry.get("redline_sha256"):
                    redlines[rid] = entry["redline"]
        sent = {
            rid: paths + ([redlines[rid]] if rid in redlines else [])
            for rid, paths in copies.items()
        }
        approved_hashes = {
            path: decision["records"][rid]["documents"].get(path, "")
            for rid, paths in sent.items()
            for path in paths
        }
        refuse_changed(
            folder,
            changed(folder, {**decision["review"], **approved_hashes}),
            "Nothing was released.",
            "Restore the approved files from a backup, or correct the spreadsheet, process it "
            "as a new batch and have counsel approve that.",
        )
        target = folder / RELEASE_NAME
        work = folder / f".{RELEASE_NAME}.tmp"
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir()
        for rid, paths in sent.items():
            place = work / batch.record_folder(rid)
            place.mkdir()
            for rel in paths:
                shutil.copy2(folder / rel, place / Path(rel).name)
        if pdf:
            _pdfs(work)
        _bulk_lists(folder, work, copies, pdf)
        if target.exists():
            shutil.rmtree(target)
        work.replace(target)
        audit.append(
            out_dir,
            (
                audit.event(
                    "released",
                    batch=batch_id,
                    record=rid,
                    documents={
                        f"{RELEASE_NAME}/{batch.record_folder(rid)}/{Path(p).name}": approved_hashes[
                            p
                        ]
                        for p in paths
                    },
                )
                for rid, paths in sent.items()
            ),
        )
    from accord.tracker.statuses import set_statuses  # openpyxl: only once there is a decision

    tracker = set_statuses(folder, {rid: STATUS_OF[end] for rid, end in outcomes.items()})
    files = sum(len(_hashes(target, batch.record_folder(rid))) for rid in copies)
    return Released(target, len(copies), files, tracker)


def _pdfs(work: Path) -> None:
    """Write a PDF/A-2b copy with signature fields beside every signing copy under ``work``."""
    from accord.documents.pdf import PDFA_2B, convert_files
    from accord.signature_fields import add_signature_fields

    # The redline is read, not signed: it stays a Word file with its tracked changes.
    sources = sorted(p for p in work.rglob("*.docx") if not p.name.endswith(".redline.docx"))
    convert_files(sources, work, export=PDFA_2B)
    for source in sources:
        add_signature_fields(source.with_suffix(".pdf"))


def _bulk_lists(folder: Path, work: Path, copies: dict[str, list[str]], pdf: bool) -> None:
    """Write the per-provider bulk-send lists of the released documents into ``work``."""
    path = TEMPLATES_DIR / "company.yaml"
    company = yaml_text.parse(path.read_text("utf-8")) if path.exists() else None
    roles = (company or {}).get("roles") or {}
    rows = []
    for rid, paths in copies.items():
        record = batch.record_folder(rid)
        people = follow_up.recipients(folder, rid)
        for rel in paths:
            name = Path(rel).with_suffix(".pdf" if pdf else ".docx").name
            rows.append((people, f"{record}/{name}"))
    write_lists(work, rows, roles)


def _hashes(target: Path, record: str) -> dict[str, str]:
    """Return release-relative path -> sha256 of the files released for one record."""
    return {
        f"{RELEASE_NAME}/{record}/{p.name}": batch.file_sha256(p)
        for p in sorted((target / record).iterdir())
        if p.is_file()
    }


def settle(out_dir: Path, outcome: Outcome, pdf: bool | None = None) -> Released | None:
    """Release an approved batch, or set a rejected one's statuses; return the release, if any."""
    if outcome.decision != "reject":
        return release(out_dir, outcome.batch_id, pdf)
    from accord.tracker.statuses import set_statuses

    set_statuses(out_dir / outcome.batch_id, dict.fromkeys(outcome.rejected, "Rejected"))
    return None
