"""What follows a batch's documents: who signs them, and the appreciation letters due once Signed.

For every record it renders, a chunk leaves one entry in ``follow_up/chunk-NNNNN.json`` in the batch
folder: who signs the record's documents (name, e-mail, role, for the release's bulk-send lists)
and the wording of each appreciation letter due. ``accord follow-up`` (and the ``follow_up`` flow)
writes a record's letters once the master tracker shows it Signed
(:func:`accord.tracker.letters.write_signed_letters`); the manifest and the tracker list them under
``follow_up_documents``, linked to where they will be. Names stay out of the manifest; one file per
chunk, not two per record, is what 10,000 records cost the disk (two file creations fewer each).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from accord import batch

FOLDER = "follow_up"


def letters_listed(
    batch_dir: Path, folder: Path, letters: list[tuple[str, dict[str, Any]]]
) -> list[dict[str, str]]:
    """Return a record's letters due as the manifest lists them: type, the path each letter will
    have (in the record's document ``folder``), and when it is written ("once Signed")."""
    return [
        {
            "type": "appreciation_letter",
            "path": (folder / f"{name}.docx").relative_to(batch_dir).as_posix(),
            "written": "once Signed",
        }
        for name, _ in letters
    ]


def due_entry(
    recipients: list[dict[str, str]], letters: list[tuple[str, dict[str, Any]]]
) -> dict[str, Any]:
    """Return what one record leaves for later: its signers and its letters' wording by file
    stem."""
    return {"recipients": recipients, "letters": dict(letters)}


def write_due(batch_dir: Path, index: int, due: dict[str, dict[str, Any]]) -> None:
    """Write chunk ``index``'s entries (record id -> :func:`due_entry`) into the batch folder,
    atomically, before the chunk counts as done."""
    folder = batch_dir / FOLDER
    folder.mkdir(exist_ok=True)
    batch.write_json(folder / f"chunk-{index:05d}.json", due, indent=None)


def read_due(batch_dir: Path) -> dict[str, dict[str, Any]]:
    """Return record id -> what its chunk left (:func:`due_entry`) for the batch in
    ``batch_dir`` (empty for a batch without any)."""
    paths = sorted((batch_dir / FOLDER).glob("chunk-*.json"))
    return _read(tuple((p, p.stat().st_mtime_ns) for p in paths))


@lru_cache(maxsize=8)
def _read(stamped: tuple[tuple[Path, int], ...]) -> dict[str, dict[str, Any]]:
    # Read once per process and version of the files: the audit, the letters and the release
    # each look a record up in it, for every row of the master tracker.
    found: dict[str, dict[str, Any]] = {}
    for path, _ in stamped:
        found.update(batch.read_json(path))
    return found


def recipients(batch_dir: Path, record_id: str) -> list[dict[str, str]]:
    """Return who signs ``record_id``'s documents ([] when the batch kept none)."""
    if not (batch_dir / FOLDER).is_dir():
        return _kept_beside(batch_dir, record_id, _OLD_RECIPIENTS) or []
    people: list[dict[str, str]] = read_due(batch_dir).get(record_id, {}).get("recipients", [])
    return people


def letters_due(batch_dir: Path, record_id: str) -> dict[str, dict[str, Any]]:
    """Return ``record_id``'s appreciation letters due: file stem -> the letter's wording."""
    if not (batch_dir / FOLDER).is_dir():
        folder = batch_dir / "documents" / batch.record_folder(record_id)
        return {
            path.name.removesuffix(_OLD_PENDING): batch.read_json(path)
            for path in sorted(folder.glob(f"*{_OLD_PENDING}"))
        }
    letters: dict[str, dict[str, Any]] = read_due(batch_dir).get(record_id, {}).get("letters", {})
    return letters


# Batches published before the follow_up/ files kept these beside each record's documents.
_OLD_RECIPIENTS = "recipients.json"
_OLD_PENDING = ".pending.json"


def _kept_beside(batch_dir: Path, record_id: str, name: str) -> Any:
    path = batch_dir / "documents" / batch.record_folder(record_id) / name
    return batch.read_json(path) if path.is_file() else None
